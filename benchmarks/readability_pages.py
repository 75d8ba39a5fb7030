"""Token F1 of HTML mode and its peers on extractor test suites' pages with their expected article.

Why: DEV is what HTML mode was tuned on; these pages are from sites and platforms it never saw. The pages
are not shipped with cleaner: point this script at a fetched copy of one of two layouts.

- Mozilla Readability's `test/test-pages/*/{source.html,expected.html}` (Apache-2.0, ~130 pages): the gold
  is the visible text of `expected.html`, rendered as the eval data renders pages.
- flairNLP/fundus's `tests/resources/parser/test_data/<country>/` (MIT, ~260 news pages of ~180
  publishers in 40 countries): `<Publisher>_<date>.html.gz` and `<Publisher>.json`, whose versions (in
  order) are the pages' parsed articles (in date order); the gold is the title, summary, and each
  section's headline and paragraphs. `--half a|b` keeps one half of the publishers (split as DEV's sites
  are, `benchmarks.evaluate.half_of`): tune on one, judge on the other.

    python -m benchmarks.readability_pages DIR [--tools html,cleaner,trafilatura,resiliparse,justext]
                                              [--half a|b] [--worst 10]

The score is the bag-of-tokens F1 of `benchmarks.evaluate.token_prf`, averaged over pages (macro), as the
eval harness does.
"""

from __future__ import annotations

import argparse
import gzip
import json
import sys
from collections.abc import Callable
from pathlib import Path

from benchmarks.evaluate import half_of, token_prf
from cleaner.html import html_to_text, html_to_text_full


def _tools(names: list[str]) -> dict[str, Callable[[str], str]]:
    tools: dict[str, Callable[[str], str]] = {}
    for name in names:
        if name == "html":
            tools[name] = html_to_text
        elif name == "cleaner":  # HTML mode, then the text rules: what `cleaner page.html` prints
            from cleaner import Cleaner

            tools[name] = Cleaner().clean
        elif name == "trafilatura":
            import trafilatura

            tools[name] = lambda h: trafilatura.extract(h, include_comments=False, include_tables=True) or ""
        elif name == "resiliparse":
            from resiliparse.extract.html2text import extract_plain_text

            tools[name] = lambda h: extract_plain_text(h, main_content=True)
        elif name == "justext":
            import justext

            stop = justext.get_stoplist("English")

            def run_justext(h: str, stop: object = stop) -> str:
                try:
                    paragraphs = justext.justext(h.encode("utf-8", "surrogatepass"), stop, encoding="utf-8")
                except Exception:  # jusText raises on some pages: an empty extraction
                    return ""
                return "\n".join(p.text for p in paragraphs if not p.is_boilerplate)

            tools[name] = run_justext
        else:
            raise SystemExit(f"unknown tool {name!r}")
    return tools


def pages(root: Path) -> list[tuple[str, str, str]]:
    """(name, source html, gold text) for every folder that has both files."""
    out = []
    for folder in sorted(p for p in root.iterdir() if p.is_dir()):
        src, exp = folder / "source.html", folder / "expected.html"
        if src.is_file() and exp.is_file():
            source = src.read_bytes().decode("utf-8", "replace")
            gold = html_to_text_full(exp.read_bytes().decode("utf-8", "replace"))
            out.append((folder.name, source, gold))
    return out


def fundus_pages(root: Path, half: str | None = None) -> list[tuple[str, str, str]]:
    """(name, source html, gold text) for every page of a fundus test-data folder (see the module doc)."""
    out = []
    for spec in sorted(root.rglob("*.json")):
        if half and half_of({"id": spec.stem}) != half.upper():
            continue
        versions = json.loads(spec.read_text(encoding="utf-8"))
        if not isinstance(versions, dict):
            continue
        sources = sorted(spec.parent.glob(spec.stem + "_*.html.gz"))
        for key, source in zip(sorted(versions), sources, strict=False):
            article = versions[key]
            body = article.get("body") or {}
            parts = [article["title"]] if article.get("title") else []
            parts += body.get("summary") or []
            for section in body.get("sections") or []:
                parts += (section.get("headline") or []) + (section.get("paragraphs") or [])
            gold = "\n".join(parts)
            if gold.strip():
                html = gzip.decompress(source.read_bytes()).decode("utf-8", "replace")
                out.append((str(source.relative_to(root)), html, gold))
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("directory", type=Path, help="Readability's test-pages folder or fundus's test_data folder")
    ap.add_argument("--tools", default="html,trafilatura,resiliparse")
    ap.add_argument("--worst", type=int, default=0, help="list the N pages where html scores lowest")
    ap.add_argument("--half", choices=("a", "b"), help="fundus layout: one half of the publishers")
    args = ap.parse_args(argv)
    found = pages(args.directory) or fundus_pages(args.directory, args.half)
    if not found:
        print("no page folders found", file=sys.stderr)
        return 1
    tools = _tools(args.tools.split(","))
    per_tool: dict[str, list[float]] = {name: [] for name in tools}
    empty: dict[str, int] = dict.fromkeys(tools, 0)
    for _name, source, gold in found:
        for name, fn in tools.items():
            out = fn(source)
            empty[name] += not out.strip()
            per_tool[name].append(token_prf(out, gold)[2])
    print(f"{len(found)} pages")
    print(f"{'tool':14} {'token F1':>9} {'empty':>6}")
    for name, scores in per_tool.items():
        print(f"{name:14} {100 * sum(scores) / len(scores):9.1f} {empty[name]:6d}")
    worst_of = "html" if "html" in per_tool else "cleaner"
    if args.worst and worst_of in per_tool:
        ranked = sorted(zip(per_tool[worst_of], (n for n, _, _ in found), strict=True))[: args.worst]
        for f, name in ranked:
            print(f"  {100 * f:5.1f} {name}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
