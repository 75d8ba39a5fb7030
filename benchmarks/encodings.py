"""How well cleaner reads files that are not UTF-8: DEV texts written to disk in legacy encodings.

`python -m benchmarks.encodings [--out DIR] [--json FILE]`: each DEV document's text (the scraped text, or the
page's visible text) is encoded in the legacy encodings its language was written in (Western European:
cp1252, latin-1, iso8859-15, mac_roman, cp850; Central European: cp1250, iso8859-2; Korean: euc-kr, cp949),
characters the encoding lacks becoming "?" as a converter writes them; pure-ASCII results are left out
(they are UTF-8 too). Each file is read back by cleaner.io.encoding.read_text as the CLI reads it, and
counted per half of the sites (benchmarks.evaluate.half_of) as right (the text as the encoding decodes it),
wrong (any other text: garbage, with a warning) or refused (exit 2: pass --encoding).
"""

from __future__ import annotations

import argparse
import json
import tempfile
import time
from collections import Counter
from pathlib import Path

from benchmarks.evaluate import find_files, half_of, iter_records
from cleaner.errors import InputError
from cleaner.io.encoding import read_text

WEST = ("cp1252", "latin-1", "iso8859-15", "mac_roman", "cp850")
CENTRAL = ("cp1250", "iso8859-2")
BY_LANG = {"pl": CENTRAL, "hu": CENTRAL, "cs": CENTRAL, "sk": CENTRAL, "ko": ("euc-kr", "cp949")}


def measure(out_dir: Path) -> dict[str, dict[str, Counter]]:
    counts: dict[str, dict[str, Counter]] = {"A": {}, "B": {}}
    files = [f for f in find_files() if "mojibake" not in f.name]
    n = 0
    for record in iter_records(files):
        text = record.get("text") or ""
        if not text:
            continue
        half = half_of(record)
        for enc in BY_LANG.get(record.get("lang") or "", WEST):
            data = text.encode(enc, errors="replace")
            if data.isascii():
                continue
            n += 1
            path = out_dir / f"{n:05d}.{enc}.txt"
            path.write_bytes(data)
            truth = data.decode(enc)
            c = counts[half].setdefault(enc, Counter())
            try:
                reading = read_text(str(path), path.read_bytes())
            except InputError:
                c["refused"] += 1
                continue
            verdict = "right" if reading.text == truth else "wrong"
            c[verdict] += 1
            c[f"via {reading.how}"] += 1
            c[f"{verdict} via {reading.how}"] += 1
    return counts


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", help="write the files here (default: a temporary folder)")
    parser.add_argument("--json", help="write the counts as JSON")
    args = parser.parse_args(argv)
    start = time.perf_counter()
    if args.out:
        Path(args.out).mkdir(parents=True, exist_ok=True)
        counts = measure(Path(args.out))
    else:
        with tempfile.TemporaryDirectory() as tmp:
            counts = measure(Path(tmp))
    print(f"{'half':4} {'encoding':11} {'files':>5} {'right':>5} {'wrong':>5} {'refused':>7}  wrong by way of")
    for half in ("A", "B"):
        total: Counter = Counter()
        for enc, c in sorted(counts[half].items()):
            total.update(c)
            files = c["right"] + c["wrong"] + c["refused"]
            how = ", ".join(f"{k} {v}" for k, v in sorted(c.items()) if k.startswith("wrong via "))
            print(f"{half:4} {enc:11} {files:5d} {c['right']:5d} {c['wrong']:5d} {c['refused']:7d}  {how}")
        files = total["right"] + total["wrong"] + total["refused"]
        how = ", ".join(f"{k} {v}" for k, v in sorted(total.items()) if k.startswith("wrong via "))
        print(f"{half:4} {'all':11} {files:5d} {total['right']:5d} {total['wrong']:5d} {total['refused']:7d}  {how}")
    print(f"({time.perf_counter() - start:.0f} s)")
    if args.json:
        Path(args.json).write_text(json.dumps({h: {e: dict(c) for e, c in v.items()} for h, v in counts.items()},
                                              indent=1))


if __name__ == "__main__":
    main()
