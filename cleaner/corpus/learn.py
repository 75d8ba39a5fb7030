"""Corpus mode: find lines repeated across many documents and write them as candidate rules.

A line that dozens of documents of one site share ("Die Kommentarfunktion ist geschlossen", a footer
slogan) is boilerplate the built-in rules missed. `cleaner learn` counts, per site when a URL field is
given, the lines that survive the current rules, and writes every line seen in at least `min_docs`
documents as a rule a person can review, test (`cleaner rules test`) and commit: each one says how many
documents and which sites it came from and where in the documents it stood, carries the corpus lines
as remove examples and generated keep examples that the file's own test proves safe.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from cleaner.core.fold import fold_phrase
from cleaner.core.pipeline import Cleaner

# Lines outside these bounds are not proposed: too short to be told from a word inside an article,
# or too long to be a repeated boilerplate line rather than a quoted paragraph.
MIN_FOLDED = 4
MAX_CHARS = 200
# A line whose occurrences lie at least this share in the first or last EDGE_SHARE of its documents'
# lines is proposed with scope "edge"; so is any line of at most EDGE_WORDS words.
EDGE_SHARE = 0.25
EDGE_MAJORITY = 0.8
EDGE_WORDS = 3
MAX_EXAMPLES = 3
_BRACES = re.compile(r"[{}|]")
_SLUG = re.compile(r"[^a-z0-9]+")


@dataclass
class Candidate:
    """One repeated line: its folded key, how often it was seen and where."""

    key: bytes
    docs: int = 0
    sites: Counter = field(default_factory=Counter)
    forms: Counter = field(default_factory=Counter)
    at_edge: int = 0


@dataclass(frozen=True)
class Document:
    text: str
    site: str | None = None


def site_of(url: str | None) -> str | None:
    """The host of a URL without 'www.'; None when there is none."""
    if not url:
        return None
    host = urlsplit(url if "//" in url else "//" + url).hostname or ""
    return host.removeprefix("www.") or None


def count_lines(docs: Iterable[Document], cleaner: Cleaner) -> tuple[dict[bytes, Candidate], int, set[str]]:
    """Count, once per document, every line that the rules leave in place."""
    table: dict[bytes, Candidate] = {}
    n_docs = 0
    sites: set[str] = set()
    for doc in docs:
        n_docs += 1
        if doc.site:
            sites.add(doc.site)
        lines = cleaner.clean(doc.text).split("\n")
        n = len([x for x in lines if x.strip()])
        seen: set[bytes] = set()
        pos = 0
        for line in lines:
            s = line.strip()
            if not s:
                continue
            pos += 1
            if len(s) > MAX_CHARS:
                continue
            key = fold_phrase(s)
            if len(key) < MIN_FOLDED or key.isdigit() or key in seen:
                continue
            seen.add(key)
            cand = table.get(key)
            if cand is None:
                cand = table[key] = Candidate(key)
            cand.docs += 1
            cand.forms[s] += 1
            if doc.site:
                cand.sites[doc.site] += 1
            edge = max(1, round(n * EDGE_SHARE))
            if pos <= edge or pos > n - edge:
                cand.at_edge += 1
    return table, n_docs, sites


def select(table: dict[bytes, Candidate], min_docs: int, by_site: bool) -> list[Candidate]:
    """Lines in at least `min_docs` documents (of one site, when sites are known), most frequent first."""
    out = []
    for cand in table.values():
        best = max(cand.sites.values()) if by_site and cand.sites else cand.docs
        if best >= min_docs:
            out.append(cand)
    out.sort(key=lambda c: (-c.docs, c.key))
    return out


def _rule_id(cand: Candidate, used: set[str]) -> str:
    site = cand.sites.most_common(1)[0][0] if cand.sites else None
    words = _SLUG.sub("-", cand.key.decode("utf-8", "ignore")[:24]).strip("-")
    if not words or not words.isascii():
        words = hashlib.sha1(cand.key).hexdigest()[:8]
    base = "learned." + (_SLUG.sub("-", site).strip("-") + "." if site and len(cand.sites) == 1 else "") + words
    rule_id, n = base, 2
    while rule_id in used:
        rule_id, n = f"{base}-{n}", n + 1
    used.add(rule_id)
    return rule_id


def _toml_str(s: str) -> str:
    return json.dumps(s, ensure_ascii=False)


_CONTEXT = "The council approved the budget for schools, roads and parks after a long debate on Tuesday."


def _keep_example(form: str) -> str:
    """The line quoted inside a longer sentence between two paragraphs: a line-only rule must keep it."""
    return (f'{_CONTEXT}\nIn its report the council quoted the words "{form}" from a notice, and then went on '
            f"to discuss the money in considerable detail for the rest of the evening.\n{_CONTEXT}\n")


def render(cands: list[Candidate], n_docs: int, n_sites: int, min_docs: int, by_site: bool) -> str:
    """The candidate rule file: a header for the reviewer, then one rule per repeated line."""
    out = [
        "# Candidate rules mined by `cleaner learn`: lines repeated across documents that the current rules keep.",
        f"# Corpus: {n_docs} documents" + (f" from {n_sites} sites" if n_sites else "") +
        f"; a line qualifies in {min_docs}+ documents" + (" of one site." if by_site else "."),
        "# Review every rule: delete those that are content (a repeated headline, a product name), keep the",
        "# rest, add keep examples from real articles, then run `cleaner rules test FILE` and commit.",
        "",
    ]
    used: set[str] = set()
    for cand in cands:
        form = cand.forms.most_common(1)[0][0]
        words = len(form.split())
        edge_share = cand.at_edge / cand.docs
        scope = "edge" if words <= EDGE_WORDS or edge_share >= EDGE_MAJORITY else "line"
        where = ", ".join(f"{s} {n}" for s, n in cand.sites.most_common(5))
        more = f" and {len(cand.sites) - 5} more" if len(cand.sites) > 5 else ""
        desc = (f"Repeated line seen in {cand.docs} of {n_docs} documents"
                + (f" on {len(cand.sites)} site(s) ({where}{more})" if cand.sites else "")
                + f"; {edge_share:.0%} of them at the start or end of the document")
        examples = [f for f, _ in cand.forms.most_common(MAX_EXAMPLES)]
        out += [
            "[[rule]]",
            f"id = {_toml_str(_rule_id(cand, used))}",
            f"description = {_toml_str(desc)}",
            f'scope = "{scope}"',
            'strength = "strong"',
            f"phrases = [{_toml_str(_BRACES.sub(' ', form).strip())}]",
            "min_coverage = 0.9",
            "edge_coverage = 0.9",
            "remove = [" + ", ".join(_toml_str(e) for e in examples) + "]",
            f"keep = [{_toml_str(_keep_example(form))}]",
            "",
        ]
    return "\n".join(out)


def learn(docs: Iterable[Document], min_docs: int = 5, cleaner: Cleaner | None = None,
          max_rules: int = 500) -> tuple[str, int]:
    """The candidate rule file for a corpus, and the number of candidates in it.

    Candidates the current rules already remove when the line stands alone, and candidates whose
    examples fail `cleaner rules test`, are left out, so the file always passes its own test.
    """
    cleaner = cleaner or Cleaner()
    table, n_docs, sites = count_lines(docs, cleaner)
    cands = [c for c in select(table, min_docs, bool(sites))
             if not cleaner.explain(c.forms.most_common(1)[0][0]).removals][:max_rules]
    text = render(cands, n_docs, len(sites), min_docs, bool(sites))
    failing = _failing(text, cleaner)
    if failing:
        cands = [c for c, ok in zip(cands, _rule_ok(text, failing), strict=True) if ok]
        text = render(cands, n_docs, len(sites), min_docs, bool(sites))
    return text, len(cands)


def _failing(text: str, cleaner: Cleaner) -> set[str]:
    """Ids of the candidate rules whose own examples fail next to the cleaner's rules."""
    if "[[rule]]" not in text:
        return set()
    from cleaner.rules.examples import check_rule
    from cleaner.rules.load import RuleSource

    source = RuleSource("<candidates>", text)
    with_candidates = Cleaner(cleaner.options, sources=[*cleaner.sources, source])
    return {r.id for r in with_candidates.rules if r.source == source.path and check_rule(with_candidates, r)}


def _rule_ok(text: str, failing: set[str]) -> list[bool]:
    ids = re.findall(r'^id = "([^"]+)"$', text, flags=re.M)
    return [i not in failing for i in ids]


def documents_from_records(records: Iterable[dict], text_key: str, url_key: str | None) -> Iterator[Document]:
    """Documents from JSON records; records without a string text field are skipped."""
    for record in records:
        text = record.get(text_key)
        if isinstance(text, str):
            yield Document(text, site_of(record.get(url_key)) if url_key else None)


def read_documents(paths: Iterable[str], text_key: str = "text", url_key: str | None = None) -> Iterator[Document]:
    """Documents from files: a JSONL file (by name, gzip or not) gives one per record, any other file one.

    A JSONL line that is not a JSON object stops with InputError naming the file and line.
    """
    from cleaner.io.files import read_inputs

    for item in read_inputs(list(paths)):
        if isinstance(item, str):
            yield Document(item)
        else:
            yield from documents_from_records([item], text_key, url_key)
