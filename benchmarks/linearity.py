"""The document-size and linearity curves, run in a child process: `python -m benchmarks.linearity SPEC.json`
prints their rows as JSON.

A child holds only cleaner and the text it times. The runner holds every corpus (about a GB), and on a heap
that full the C library's allocations of huge strings cost more (a 50 MB line ran a quarter slower there
than here), which has nothing to do with how cleaner's cost grows with the input.
"""

from __future__ import annotations

import json
import sys


def cut(text: str, size: int) -> list[str]:
    """`text` cut at line ends into documents of about `size` UTF-8 bytes (a line longer than that stays
    whole): the same text at every size, so only the document size differs between the points."""
    docs: list[str] = []
    piece: list[str] = []
    n = 0
    for line in text.splitlines(keepends=True):
        piece.append(line)
        n += len(line.encode("utf-8"))
        if n >= size:
            docs.append("".join(piece))
            piece, n = [], 0
    if piece:
        docs.append("".join(piece))
    return docs


def size_curve(streams: dict[str, str], sizes: list[int], rounds: int) -> list[dict]:
    """Rows (group "sizes") of MB/s and documents/s for each stream cut into documents of each size. The
    rounds go round-robin over every stream and size, so a burst of load hits one pass of each point
    rather than every pass of one, and each point keeps its best round: the points are compared."""
    from benchmarks.run import _size_label, measure
    from cleaner.core.pipeline import Cleaner

    cleaner = Cleaner()
    points = [(name, size, cut(text, size), len(text.encode("utf-8")))
              for name, text in streams.items() for size in sizes]
    for text in streams.values():
        cleaner.explain(text[:100_000])  # warm: lazy imports, caches
    best = [(0.0, 0.0)] * len(points)
    for _ in range(rounds):
        for i, (_name, _size, docs, nbytes) in enumerate(points):
            got = measure(cleaner.explain, docs, nbytes)
            if got[0] > best[i][0]:
                best[i] = got
    return [{"group": "sizes", "stage": f"documents of {_size_label(size)}", "corpus": name, "mbs": mbs,
             "docs_s": dps, "note": f"{len(docs):,} documents, {nbytes / 1e6:.0f} MB"}
            for (name, size, docs, nbytes), (mbs, dps) in zip(points, best, strict=True)]


def curve(words: list[str], lines: list[str], single_line_mb: list[int], many_lines: list[int],
          rounds: int = 2) -> list[dict]:
    """Rows for one ever longer line of `words` and ever more of the short `lines`."""
    from benchmarks.run import measure
    from cleaner.core.pipeline import Cleaner

    cleaner = Cleaner()

    def mbs(text: str) -> float:  # best of two at least: one timing of a second or two is easily caught by load
        return measure(cleaner.clean, [text], len(text.encode()), repeats=max(rounds, 2))[0]

    cleaner.clean(" ".join(words[:1000]) + "\n" + "\n".join(lines[:1000]))  # warm: lazy imports, caches
    rows = []
    for mb in single_line_mb:
        target = mb * 1_000_000
        text = " ".join(words)
        text = (text + " ") * (target // max(len(text.encode()), 1) + 1)
        text = text.encode()[:target].decode("utf-8", "ignore")
        rows.append({"group": "linearity", "stage": f"one line of {mb} MB", "corpus": "single-line",
                     "mbs": mbs(text)})
        del text
    for n in many_lines:
        text = "\n".join(lines[i % len(lines)] for i in range(n)) + "\n"
        nbytes = len(text.encode())
        rows.append({"group": "linearity", "stage": f"{n:,} short lines ({nbytes / 1e6:.0f} MB)",
                     "corpus": "many-lines", "mbs": mbs(text)})
        del text
    return rows


if __name__ == "__main__":
    with open(sys.argv[1], encoding="utf-8") as f:
        spec = json.load(f)
    rounds = spec.get("rounds", 2)
    out = size_curve(spec["streams"], spec["sizes"], rounds) if spec.get("streams") else []
    out += curve(spec["words"], spec["lines"], spec["single_line_mb"], spec["many_lines"], rounds)
    print(json.dumps(out))
