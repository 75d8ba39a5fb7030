"""HTML mode's speed beside trafilatura.extract, in one process on the same pages.

    python -m benchmarks.html_speed [--limit N] [FILES...]   (default: the eval data's html records)

Why a script of its own: the full benchmark suite is long; this one answers "MB/s of HTML per core, and how
many times trafilatura" in under a minute. Each tool runs over all pages, best of --repeat runs.
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Callable

from benchmarks.evaluate import find_files, iter_records
from cleaner.html import html_to_text, html_to_text_explained


def _best(fn: Callable[[str], object], pages: list[str], repeat: int) -> float:
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        for page in pages:
            fn(page)
        best = min(best, time.perf_counter() - start)
    return best


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("files", nargs="*")
    ap.add_argument("--limit", type=int, default=150, help="pages per eval file")
    ap.add_argument("--repeat", type=int, default=2)
    ap.add_argument("--no-trafilatura", action="store_true")
    args = ap.parse_args(argv)
    pages = [r["html"] for r in iter_records(find_files(args.files), limit=args.limit) if r.get("kind") == "html"]
    size = sum(len(p.encode("utf-8", "surrogatepass")) for p in pages) / 1e6
    print(f"{len(pages)} pages, {size:.1f} MB of HTML")
    mine = _best(html_to_text, pages, args.repeat)
    print(f"html_to_text            {size / mine:7.1f} MB/s")
    explained = _best(html_to_text_explained, pages, args.repeat)
    print(f"html_to_text_explained  {size / explained:7.1f} MB/s")
    if not args.no_trafilatura:
        import trafilatura

        theirs = _best(lambda h: trafilatura.extract(h, include_comments=False, include_tables=True), pages, 1)
        print(f"trafilatura.extract     {size / theirs:7.1f} MB/s  (html_to_text is {theirs / mine:.1f}x faster)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
