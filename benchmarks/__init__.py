"""Speed benchmarks for cleaner: `python -m benchmarks [--quick]` (see run.py)."""
