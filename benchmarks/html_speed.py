"""HTML mode's speed beside trafilatura.extract and resiliparse, in one process on the same pages.

    python -m benchmarks.html_speed [--limit N] [--repeat N] [FILES...]   (default: the eval data's html records)

Why a script of its own: the full benchmark suite is long; this one answers "MB/s of HTML per core, and how
many times trafilatura" in about a minute. Every tool is measured as `python -m benchmarks` measures it
(`benchmarks.run.timed_rounds`): all pages, the same warm-up, the same rounds round-robin, the best round.
"""

from __future__ import annotations

import argparse
import sys

from benchmarks.evaluate import find_files, iter_records
from benchmarks.run import FULL_HTML, FULL_HTML_TEXT, PEERS, RESILIPARSE, TRAFILATURA, RunError, Task, timed_rounds


def main(argv: list[str] | None = None) -> int:
    from cleaner.core.pipeline import Cleaner
    from cleaner.html import html_to_text, html_to_text_explained

    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("files", nargs="*")
    ap.add_argument("--limit", type=int, default=150, help="pages per eval file")
    ap.add_argument("--repeat", type=int, default=2, help="rounds, for every tool")
    ap.add_argument("--no-peers", action="store_true")
    args = ap.parse_args(argv)
    pages = [r["html"] for r in iter_records(find_files(args.files), limit=args.limit) if r.get("kind") == "html"]
    size = sum(len(p.encode("utf-8", "surrogatepass")) for p in pages)
    print(f"{len(pages)} pages, {size / 1e6:.1f} MB of HTML")
    tools = [("html_to_text", html_to_text), ("html_to_text_explained", html_to_text_explained),
             (FULL_HTML, Cleaner(html="always").explain), (FULL_HTML_TEXT, Cleaner(html="always").clean)]
    peers = () if args.no_peers else (TRAFILATURA, RESILIPARSE)
    try:
        for label in peers:
            try:
                tools.append((label, PEERS[label][0]()))
            except Exception as err:  # noqa: BLE001 - a peer that does not set up is an error, whatever it raises
                raise RunError(f"peer {label} is not usable: {type(err).__name__}: {err} "
                               "(pip install -e '.[bench]')") from err
        rows = timed_rounds([Task(label, "html", fn, pages, size) for label, fn in tools], args.repeat)
    except RunError as err:
        print(f"error: {err}", file=sys.stderr)
        return 2
    mbs = {r.stage: r.mbs for r in rows}
    for r in rows:
        vs = (f", HTML mode is {mbs[FULL_HTML] / r.mbs:.2f}x this ({mbs[FULL_HTML_TEXT] / r.mbs:.2f}x through clean)"
              if r.stage in peers else "")
        print(f"{r.stage:52} {r.mbs:7.1f} MB/s{vs}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
