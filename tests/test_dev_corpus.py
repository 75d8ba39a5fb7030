"""Properties on real scraped pages: the labelled dev data beside the repository (skipped without it).

Hypothesis covers arbitrary text; these pages cover what scrapers really produce: long menus, footers
and mojibake that random text never assembles.
"""

from __future__ import annotations

import pytest

from benchmarks import evaluate as ev
from cleaner import Cleaner
from cleaner.core.prepare import prepare_text


def _documents() -> list[tuple[str, str]]:
    directory = ev.default_eval_dir()
    if directory is None:
        return []
    docs = []
    for record in ev.iter_records(sorted(directory.glob("*.jsonl.gz"))):
        for key in ("text", "gold_text", "html"):
            value = record.get(key)
            if isinstance(value, str) and value:
                docs.append((f"{record['id']}:{key}", value))
    return docs


DOCS = _documents()
pytestmark = pytest.mark.skipif(not DOCS, reason="the shared eval data is not beside the repository")


def test_idempotent_and_deterministic_on_every_dev_document():
    cleaner = Cleaner()
    not_idempotent = []
    for name, doc in DOCS:
        once = cleaner.clean(doc)
        if cleaner.clean(once) != once or cleaner.clean(doc) != once:
            not_idempotent.append(name)
    assert not_idempotent == []


def test_removals_point_at_the_lines_they_name():
    cleaner = Cleaner(html="never")
    wrong = []
    for name, doc in DOCS[::7]:
        if name.endswith(":html"):
            continue
        lines = prepare_text(doc)[0].split("\n")
        for r in cleaner.explain(doc).removals:
            if r.kind == "line":
                span = [ln for ln in lines[r.start_line - 1 : r.end_line] if ln.strip()]
                if "\n".join(span) != r.text:
                    wrong.append((name, r.rule, r.start_line))
    assert wrong == []
