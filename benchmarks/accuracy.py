"""Accuracy table for cleaner and peers on the eval data: `python -m benchmarks.accuracy --help`."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from benchmarks.evaluate import TOOL_NAMES, run


def main(argv: Sequence[str] | None = None) -> int:
    """Parse arguments and print the table; exit status 2 when there is no eval data."""
    parser = argparse.ArgumentParser(prog="python -m benchmarks.accuracy", description=__doc__)
    parser.add_argument(
        "files", nargs="*", help="jsonl(.gz) files or folders (default: $CLEANER_EVAL_DIR, ../shared/eval/dev)"
    )
    parser.add_argument("--datasets", default="", help="comma-separated dataset names")
    parser.add_argument("--tools", default=",".join(TOOL_NAMES), help="comma-separated tools")
    parser.add_argument("--limit", type=int, default=None, help="at most N records per file")
    parser.add_argument("--json", dest="json_out", default=None, help="save the numbers to this file")
    args = parser.parse_args(argv)
    datasets = [d for d in args.datasets.split(",") if d]
    tools = [t for t in args.tools.split(",") if t]
    try:
        run(args.files, datasets, tools, args.limit, args.json_out)
    except FileNotFoundError as err:
        print(f"error: {err}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
