"""Benchmark corpora, built at run time (never committed): page text, article text, both with about 5 %
of documents mojibaked, and HTML.

Sources: the evaluation data in `../shared/eval/dev` (or env CLEANER_EVAL_DIR) when it is there, read
only to measure speed; `seeds/input` always; and a synthetic generator (content from a fixed word list,
boilerplate from the rules' own `remove` examples) so the suite runs on a bare checkout too.
"""

from __future__ import annotations

import gzip
import json
import os
import random
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

import ftfy.bad_codecs  # noqa: F401  (registers the "sloppy-windows-1252" codec)

ROOT = Path(__file__).resolve().parent.parent
OUT = Path(__file__).resolve().parent / "out"
MOJIBAKE_SHARE = 0.05

KINDS = ("page", "page-mojibake", "article", "article-mojibake", "html")


@dataclass
class Corpus:
    """A list of documents (str) with its size in UTF-8 bytes; `source` says where they came from."""

    name: str
    docs: list[str]
    source: str
    nbytes: int = field(init=False)

    def __post_init__(self) -> None:
        self.nbytes = sum(len(d.encode("utf-8")) for d in self.docs)


def eval_dir() -> Path | None:
    """The DEV split of the evaluation data, or None when this checkout has none."""
    env = os.environ.get("CLEANER_EVAL_DIR")
    path = Path(env) if env else ROOT.parent / "shared" / "eval" / "dev"
    return path if path.is_dir() and any(path.glob("*.jsonl.gz")) else None


def _records(folder: Path):
    for file in sorted(folder.glob("*.jsonl.gz")):
        with gzip.open(file, "rt", encoding="utf-8") as f:
            for line in f:
                yield json.loads(line)


def _seed_docs() -> list[str]:
    folder = ROOT / "seeds" / "input"
    return [p.read_text(encoding="utf-8") for p in sorted(folder.glob("*.txt"))] if folder.is_dir() else []


# A fixed vocabulary for synthetic article text; only its statistics matter.
_VOCABULARY = (
    "the of and to in a is that for it as was with be by on not he this are or his from at which but have an "
    "they you were her she there been one all we their has would when if so no will more about out up them "
    "government council report said year people city river market school water police after before between "
    "during against under research museum village history energy climate season players election court "
    "université Straße café naïve façade über größer año niño più così être déjà"
)
_WORDS = _VOCABULARY.split()


def _boilerplate_lines() -> list[str]:
    """Lines the rules are written to remove, taken from the rules' own examples."""
    lines: list[str] = []
    for file in sorted((ROOT / "rules").glob("*.toml")):
        for rule in tomllib.loads(file.read_text(encoding="utf-8")).get("rule", []):
            for ex in rule.get("remove", []):
                text = ex if isinstance(ex, str) else ex.get("text", "")
                lines.extend(x for x in text.split("\n") if x.strip() and len(x) < 200)
    return lines or ["Share this article", "Advertisement", "Subscribe to our newsletter"]


def _synthetic(rng: random.Random, n_docs: int, nav_heavy: bool) -> list[str]:
    boiler = _boilerplate_lines()
    docs = []
    for _ in range(n_docs):
        lines = []
        if nav_heavy:
            lines += [rng.choice(_WORDS).capitalize() for _ in range(rng.randint(10, 40))]
            lines += rng.sample(boiler, k=min(len(boiler), rng.randint(2, 8)))
        for _ in range(rng.randint(3, 12)):
            words = [rng.choice(_WORDS) for _ in range(rng.randint(20, 90))]
            lines.append(" ".join(words).capitalize() + ".")
            if nav_heavy:
                lines.append("")
        if nav_heavy:
            lines += rng.sample(boiler, k=min(len(boiler), rng.randint(2, 8)))
            lines += [rng.choice(_WORDS).capitalize() for _ in range(rng.randint(10, 40))]
        docs.append("\n".join(lines) + "\n")
    return docs


def _html_of(text: str, rng: random.Random) -> str:
    """A page around a text: nav list, paragraphs, footer, inline script; for synthetic HTML only."""
    from html import escape

    nav = "".join(f'<li><a href="/{i}">{escape(w)}</a></li>' for i, w in enumerate(rng.sample(_WORDS, 12)))
    body = "".join(f"<p>{escape(line)}</p>\n" for line in text.split("\n") if line.strip())
    return (f"<!doctype html><html><head><title>t</title><script>var x = 1;</script></head><body>"
            f'<nav class="menu"><ul>{nav}</ul></nav><main><article>{body}</article></main>'
            f'<footer class="footer">{nav}</footer></body></html>')


def mojibake(text: str) -> str:
    """UTF-8 read as Windows-1252: the most common mojibake on the web."""
    return text.encode("utf-8").decode("sloppy-windows-1252")


def with_mojibake(docs: list[str], share: float = MOJIBAKE_SHARE, seed: int = 1) -> list[str]:
    """Mojibake `share` of the documents, chosen among those with non-ASCII text (where it shows)."""
    rng = random.Random(seed)
    candidates = [i for i, d in enumerate(docs) if not d.isascii()]
    chosen = set(rng.sample(candidates, min(len(candidates), round(len(docs) * share))))
    return [mojibake(d) if i in chosen else d for i, d in enumerate(docs)]


def _fit(docs: list[str], target_bytes: int | None) -> list[str]:
    """Trim (or repeat) to about target_bytes, so quick runs stay quick and small sources still time well."""
    if not docs or target_bytes is None:
        return docs
    out, size, i = [], 0, 0
    while size < target_bytes and i < 50 * len(docs):
        d = docs[i % len(docs)]
        out.append(d)
        size += len(d.encode("utf-8"))
        i += 1
    return out


def build(target_bytes: int | None = None, use_eval: bool = True) -> dict[str, Corpus]:
    """All corpora in KINDS; target_bytes caps (or pads) each one."""
    rng = random.Random(0)
    folder = eval_dir() if use_eval else None
    seeds = _seed_docs()
    page: list[str] = []
    article: list[str] = []
    html: list[str] = []
    if folder is not None:
        source = "eval dev split + seeds"
        for r in _records(folder):
            if r.get("kind") == "html":
                if r.get("text"):
                    page.append(r["text"])
                if r.get("html"):
                    html.append(r["html"])
            elif r.get("kind") == "text" and r.get("text"):
                page.append(r["text"])
            if r.get("gold_text"):
                article.append(r["gold_text"])
        rng.shuffle(page)
        rng.shuffle(article)
        rng.shuffle(html)
    else:
        source = "seeds + synthetic"
        page = _synthetic(rng, 400, nav_heavy=True)
        article = _synthetic(rng, 400, nav_heavy=False)
        html = [_html_of(d, rng) for d in _synthetic(rng, 200, nav_heavy=True)]
    page = seeds + page
    page, article, html = _fit(page, target_bytes), _fit(article, target_bytes), _fit(html, target_bytes)
    return {
        "page": Corpus("page", page, source),
        "page-mojibake": Corpus("page-mojibake", with_mojibake(page), source),
        "article": Corpus("article", article, source),
        "article-mojibake": Corpus("article-mojibake", with_mojibake(article), source),
        "html": Corpus("html", html, source),
    }


def write_jsonl(docs: list[str], path: Path, repeat_to_bytes: int = 0) -> int:
    """Write documents as JSONL records {"text": ...}, repeated up to repeat_to_bytes; returns bytes written."""
    path.parent.mkdir(parents=True, exist_ok=True)
    written = 0
    with open(path, "wb") as f:
        while True:
            for d in docs:
                line = (json.dumps({"text": d}, ensure_ascii=False) + "\n").encode("utf-8")
                f.write(line)
                written += len(line)
            if written >= repeat_to_bytes:
                break
    return written
