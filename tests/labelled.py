"""Scoring of the labelled documents in tests/data/labelled/: which labelled lines a Cleaner removed.

Each file holds JSON Lines, one small document a line: `{"lang": "es", "lines": [...], "labels": [...]}`
with label 1 for content and 0 for boilerplate (as the Turku annotations have it), and optionally
`"source"` (where its boilerplate lines were seen). A line counts as removed when a line removal covers
it or an inline cut takes part of it.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from cleaner import Cleaner

DATA = Path(__file__).resolve().parent / "data" / "labelled"


@dataclass
class LangScore:
    boilerplate: int = 0
    boilerplate_removed: int = 0
    content: int = 0
    content_lost: list[str] = field(default_factory=list)
    missed: list[str] = field(default_factory=list)

    @property
    def recall(self) -> float:
        return self.boilerplate_removed / self.boilerplate if self.boilerplate else 1.0


def documents(path: Path) -> Iterator[tuple[int, dict]]:
    """The documents of one file, each with its line number; malformed ones fail loudly."""
    for n, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not raw.strip():
            continue
        doc = json.loads(raw)
        assert isinstance(doc.get("lang"), str), f"{path.name}:{n}: no lang"
        assert len(doc["lines"]) == len(doc["labels"]), f"{path.name}:{n}: lines and labels differ in length"
        assert set(doc["labels"]) <= {0, 1}, f"{path.name}:{n}: labels are 0 or 1"
        yield n, doc


def removed_lines(cleaner: Cleaner, lines: list[str]) -> set[int]:
    """0-based indexes of the lines that cleaning `lines` (joined) removed whole or cut into."""
    result = cleaner.explain("\n".join(lines) + "\n")
    gone: set[int] = set()
    for r in result.removals:
        gone.update(range(r.start_line - 1, r.end_line))
    return gone


def score(cleaner: Cleaner, paths: list[Path] | None = None) -> dict[str, LangScore]:
    """Per language: boilerplate lines removed, content lines lost (with their text, for the message)."""
    scores: dict[str, LangScore] = {}
    for path in paths if paths is not None else sorted(DATA.glob("*.jsonl")):
        for n, doc in documents(path):
            s = scores.setdefault(doc["lang"], LangScore())
            gone = removed_lines(cleaner, doc["lines"])
            for i, (line, label) in enumerate(zip(doc["lines"], doc["labels"], strict=True)):
                if not line.strip():
                    continue
                if label == 0:
                    s.boilerplate += 1
                    if i in gone:
                        s.boilerplate_removed += 1
                    else:
                        s.missed.append(f"{path.name}:{n}: {line}")
                else:
                    s.content += 1
                    if i in gone:
                        s.content_lost.append(f"{path.name}:{n}: {line}")
    return scores


def main() -> None:
    """`python -m tests.labelled`: the per-language table, and what was missed or lost."""
    import sys

    scores = score(Cleaner())
    print("| lang | boilerplate lines | removed % | content lines | lost |")
    print("|---|---:|---:|---:|---:|")
    for lang, s in sorted(scores.items()):
        print(f"| {lang} | {s.boilerplate} | {100 * s.recall:.1f} | {s.content} | {len(s.content_lost)} |")
    if "-v" in sys.argv:
        for lang, s in sorted(scores.items()):
            for line in s.content_lost:
                print(f"LOST {lang} {line}")
            for line in s.missed:
                print(f"MISSED {lang} {line}")


if __name__ == "__main__":
    main()
