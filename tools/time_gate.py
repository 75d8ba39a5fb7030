"""Time the mojibake gate (and the pipeline with it) before and after a change, in one process.

    python tools/time_gate.py [--ref main] [--mb 2.5] [--repeats 5]

The "before" gate is `cleaner/core/repair.py` as it is at `--ref`, loaded beside the working tree's; both run
on the same corpora (benchmarks/corpus.py: page text and gold article text of the DEV split, and their
5 % mojibake variants), best of `--repeats` in CPU time (`time.process_time`: a busy machine sways
it less than the wall clock), before and after taken in turns. The full pipeline is timed with each gate patched into
`cleaner.core.prepare`, against `ftfy.fix_text` on the same documents. Not `python -m benchmarks`: small
and quick for a shared machine.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import time
import types
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def _old_repair(ref: str) -> types.ModuleType:
    source = subprocess.run(["git", "-C", str(ROOT), "show", f"{ref}:cleaner/core/repair.py"], check=True,
                            capture_output=True, text=True).stdout
    module = types.ModuleType("cleaner._repair_before")
    module.__package__ = "cleaner"
    exec(compile(source, f"{ref}:cleaner/core/repair.py", "exec"), module.__dict__)
    return module


def best(fn, docs, repeats: int) -> float:
    times = []
    for _ in range(repeats):
        t = time.process_time()
        for d in docs:
            fn(d)
        times.append(time.process_time() - t)
    return min(times)


def best_pair(before, after, docs, repeats: int) -> tuple[float, float]:
    """Best of `repeats` for each, taken in turns, so that a burst of load on the machine hits both."""
    times: tuple[list[float], list[float]] = ([], [])
    for _ in range(repeats):
        for fn, out in ((before, times[0]), (after, times[1])):
            t = time.process_time()
            for d in docs:
                fn(d)
            out.append(time.process_time() - t)
    return min(times[0]), min(times[1])


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--ref", default="main")
    parser.add_argument("--mb", type=float, default=2.5)
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--pipeline", action="store_true", help="also time the full pipeline and ftfy.fix_text")
    args = parser.parse_args()

    import cleaner.core.prepare as prepare
    import cleaner.core.repair as new
    from benchmarks.corpus import build
    from cleaner import Cleaner
    from cleaner.core.normalize import non_ascii

    old = _old_repair(args.ref)
    corpora = build(int(args.mb * 1e6))
    print(f"gate before = {args.ref}, after = working tree; best of {args.repeats}; MB/s (higher is faster)")
    print("| corpus | MB | function | before | after | after/before |")
    print("|---|---:|---|---:|---:|---:|")
    for name in ("page", "article", "page-mojibake", "article-mojibake"):
        docs = corpora[name].docs
        mb = sum(len(d.encode("utf-8")) for d in docs) / 1e6
        rests = [non_ascii(d) for d in docs]
        pairs = list(zip(docs, rests, strict=True))
        for label, before, after in (
                ("looks_broken", old.looks_broken, new.looks_broken),
                ("needs_repair_or_controls", lambda p: old.needs_repair_or_controls(*p),
                 lambda p: new.needs_repair_or_controls(*p))):
            items = docs if label == "looks_broken" else pairs
            b, a = best_pair(before, after, items, args.repeats)
            print(f"| {name} | {mb:.1f} | {label} | {mb / b:.0f} | {mb / a:.0f} | {b / a:.2f} |")
    if not args.pipeline:
        return
    import ftfy

    print("\n| corpus | pipeline before MB/s | after | ftfy.fix_text | ratio to ftfy before | after |")
    print("|---|---:|---:|---:|---:|---:|")
    names = ("needs_repair_or_controls", "repair_and_report", "repair_encoding")
    cleaner = Cleaner()

    def with_gate(module: types.ModuleType):
        def run(doc: str) -> object:
            for n in names:
                setattr(prepare, n, getattr(module, n))
            return cleaner.explain(doc)
        return run

    for name in ("page", "page-mojibake", "article", "article-mojibake"):
        docs = corpora[name].docs
        mb = sum(len(d.encode("utf-8")) for d in docs) / 1e6
        f = best(ftfy.fix_text, docs, max(1, args.repeats // 2))
        saved = {n: getattr(prepare, n) for n in names}

        try:
            b, a = best_pair(with_gate(old), with_gate(new), docs, args.repeats)
        finally:
            for n, v in saved.items():
                setattr(prepare, n, v)
        print(f"| {name} | {mb / b:.1f} | {mb / a:.1f} | {mb / f:.2f} | {f / b:.1f}x | {f / a:.1f}x |")


if __name__ == "__main__":
    main()
