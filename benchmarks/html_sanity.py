"""A sanity check of HTML mode on unlabelled pages: no empty outputs, no long paragraphs lost.

    python -m benchmarks.html_sanity DIR [DIR ...] [--show 10]

Every `*.html` below the folders is read (bytes, decoded as cleaner decodes crawled pages). A page whose
<p> text adds up to 200 characters or more must not come out empty; a long paragraph (40 words or more,
outside boilerplate containers such as nav/footer/aside or a comment thread) should be in the output. Both are
counted, and the pages that lose the most are listed to look at: without labels, these are the candidates.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from selectolax.lexbor import LexborHTMLParser

from benchmarks.evaluate import match_key
from cleaner.html import html_to_text
from cleaner.html.charset import decode_html

LONG_WORDS = 40
_OUTSIDE = "nav, footer, aside, header, form, [class*=comment], [id*=comment], [class*=related], [class*=sidebar]"


def _paragraphs(html: str) -> tuple[int, list[str]]:
    """(characters of <p> text of 20+ characters, the long paragraphs outside obvious boilerplate)."""
    tree = LexborHTMLParser(html)
    for node in tree.css("script, style, noscript, template"):
        node.decompose()
    body = tree.body or tree.root
    if body is None:
        return 0, []
    size = 0
    long = []
    skip = {n.mem_id for box in body.css(_OUTSIDE) for n in box.traverse()}
    for p in body.css("p"):
        text = " ".join(p.text(deep=True).split())
        if len(text) >= 20:
            size += len(text)
        if len(text.split()) >= LONG_WORDS and p.mem_id not in skip:
            long.append(text)
    return size, long


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("dirs", nargs="+", type=Path)
    ap.add_argument("--show", type=int, default=10)
    args = ap.parse_args(argv)
    # Readability's folders hold the page and its expected output: only the page is a page as crawled.
    paths = sorted(p for d in args.dirs for p in d.rglob("*.html") if p.name != "expected.html")
    pages = empty = long_total = long_lost = 0
    worst: list[tuple[float, int, str]] = []
    for path in paths:
        html = decode_html(path.read_bytes()).text
        size, long = _paragraphs(html)
        out = html_to_text(html)
        pages += 1
        if not out.strip() and size >= 200:
            empty += 1
            worst.append((1.0, len(long), f"EMPTY {path}"))
        key = match_key(out)
        lost = sum(match_key(p)[:200] not in key for p in long)
        long_total += len(long)
        long_lost += lost
        if lost:
            worst.append((lost / len(long), lost, str(path)))
    print(f"{pages} pages; empty outputs with >= 200 chars of <p> text: {empty}")
    share = 100 * long_lost / long_total if long_total else 0.0
    print(f"long paragraphs ({LONG_WORDS}+ words, outside obvious boilerplate): {long_total}, "
          f"lost {long_lost} ({share:.1f}%)")
    for ratio, lost, name in sorted(worst, reverse=True)[: args.show]:
        print(f"  {100 * ratio:5.1f}% ({lost} lost)  {name}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
