"""Prove a change that should not change behaviour did not: clean every DEV document (text and page), the
seeds and a fixed set of generated documents, and write one line per document with the digest of its
output and of its removal records; a second run after the change must print the same file.

    python tools/same_output.py > before.txt      # on the old commit
    python tools/same_output.py > after.txt       # on the new one
    python tools/same_output.py --compare before.txt after.txt

It also checks on every document that `Cleaner.clean` gives the text `explain` gives (exit 1 if not).

Uses only the public API (`cleaner.Cleaner`), so it runs unchanged on both sides of a refactoring.
"""

from __future__ import annotations

import argparse
import gzip
import hashlib
import json
import random
import sys
from collections.abc import Iterator
from pathlib import Path

from cleaner import Cleaner

ROOT = Path(__file__).resolve().parent.parent
DEV = ROOT.parent / "shared" / "eval" / "dev"
PIECES = ["Share this article", "Follow us on Telegram", "CLICK HERE", "Advertisement", "Read more", "Home",
          "\u00a9 2023 Foo Ltd. All rights reserved.", "Lesen Sie auch: Wahl", "caf\u00c3\u00a9", "\u201cquoted\u201d",
          "The council approved the budget after a long debate on Tuesday.", "<p>", "</p>", "&amp;", "# Title",
          "- item", "\f", "\u200b", "Subscribe to our newsletter", "Menu | News | Sport | Weather", "12:30"]


def documents(dev: Path, generated: int) -> Iterator[tuple[str, str | bytes]]:
    """(name, document) for every DEV record's text and page, every seed file and `generated` made-up ones."""
    for path in sorted(dev.glob("*.jsonl.gz")):
        with gzip.open(path, "rt", encoding="utf-8") as fh:
            for n, line in enumerate(fh):
                record = json.loads(line)
                for key in ("text", "html", "input"):
                    if isinstance(record.get(key), str):
                        yield f"{path.name}:{n}:{key}", record[key]
    for path in sorted((ROOT / "seeds").rglob("*")):
        if path.is_file():
            yield f"seeds/{path.relative_to(ROOT / 'seeds')}", path.read_bytes()
    rng = random.Random(20261202)
    for n in range(generated):
        lines = [" ".join(rng.choice(PIECES) for _ in range(rng.randint(1, 4))) for _ in range(rng.randint(1, 30))]
        yield f"generated:{n}", "\n".join(lines)


class CleanDiffers(Exception):
    """`clean` (which records nothing of the HTML stage) gave other text than `explain`."""


def digest(cleaner: Cleaner, document: str | bytes) -> str:
    result = cleaner.explain(document)
    if cleaner.clean(document) != result.text:
        raise CleanDiffers("clean() and explain().text differ")
    record = json.dumps([result.text, result.to_dict(), result.html], sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(record.encode("utf-8", "surrogatepass")).hexdigest()[:16]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--compare", nargs=2, metavar=("BEFORE", "AFTER"))
    parser.add_argument("--dev", type=Path, default=DEV)
    parser.add_argument("--generated", type=int, default=2000)
    args = parser.parse_args(argv)
    if args.compare:
        before, after = (Path(p).read_text().splitlines() for p in args.compare)
        differ = [a.split()[0] for a, b in zip(before, after, strict=False) if a != b]
        if len(before) != len(after) or differ:
            print(f"{len(differ)} of {len(before)} documents differ, e.g. {differ[:5]}"
                  + ("" if len(before) == len(after) else f"; {len(before)} lines before, {len(after)} after"))
            return 1
        print(f"all {len(before)} documents identical (outputs and removal records)")
        return 0
    if not args.dev.is_dir():
        print(f"{args.dev}: no DEV data there (--dev DIR)", file=sys.stderr)
        return 2
    cleaners = {"default": Cleaner(), "html-always": Cleaner(html="always")}
    for name, document in documents(args.dev, args.generated):
        for label, cleaner in cleaners.items():
            try:
                print(f"{name}|{label} {digest(cleaner, document)}")
            except CleanDiffers as err:
                print(f"{name}|{label}: {err}", file=sys.stderr)
                return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
