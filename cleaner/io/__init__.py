"""Everything that touches files or processes: reading and writing documents (`files`, `jsonl`, `warc`),
the worker pool (`parallel`), the rule cache (`cache`) and `[tool.cleaner]` (`config`). The CLI sits on it."""
