"""The linearity curve, run in a child process: `python -m benchmarks.linearity SPEC.json` prints its rows.

A child holds only cleaner and the text it times. The runner holds every corpus (about a GB), and on a heap
that full the C library's allocations of huge strings cost more (a 50 MB line ran a quarter slower there
than here), which has nothing to do with how cleaner's cost grows with the input.
"""

from __future__ import annotations

import json
import sys


def curve(words: list[str], lines: list[str], single_line_mb: list[int], many_lines: list[int]) -> list[dict]:
    """Rows (stage, corpus, mbs) for one ever longer line of `words` and ever more of the short `lines`."""
    from benchmarks.run import measure
    from cleaner.core.pipeline import Cleaner

    cleaner = Cleaner()

    def mbs(text: str) -> float:  # best of two: one timing of a second or two is easily caught by a burst of load
        return measure(cleaner.clean, [text], len(text.encode()), repeats=2)[0]

    cleaner.clean(" ".join(words[:1000]) + "\n" + "\n".join(lines[:1000]))  # warm: lazy imports, caches
    rows = []
    for mb in single_line_mb:
        target = mb * 1_000_000
        text = " ".join(words)
        text = (text + " ") * (target // max(len(text.encode()), 1) + 1)
        text = text.encode()[:target].decode("utf-8", "ignore")
        rows.append({"stage": f"one line of {mb} MB", "corpus": "single-line", "mbs": mbs(text)})
        del text
    for n in many_lines:
        text = "\n".join(lines[i % len(lines)] for i in range(n)) + "\n"
        nbytes = len(text.encode())
        rows.append({"stage": f"{n:,} short lines ({nbytes / 1e6:.0f} MB)", "corpus": "many-lines",
                     "mbs": mbs(text)})
        del text
    return rows


if __name__ == "__main__":
    with open(sys.argv[1], encoding="utf-8") as f:
        spec = json.load(f)
    print(json.dumps(curve(spec["words"], spec["lines"], spec["single_line_mb"], spec["many_lines"])))
