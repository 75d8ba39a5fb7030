"""A line longer than dense.LONG_SCAN is collected as the scan reports its matches (`cleaner/core/dense.py`),
without a tuple per match. With the limit at 0 every line goes that way: outputs and removal records must be
those of the usual path, on both scanners (the seeds, made-up lines dense with phrases, inside words too, and
with rules limited to a language). tools/same_output.py with the limit at 0 gave all 8538 documents identical.
"""

from __future__ import annotations

import random

import pytest

from cleaner import Cleaner
from cleaner.core import dense
from cleaner.core.matcher import hyperscan_available
from cleaner.core.options import Options
from tests.conftest import ROOT

PIECES = ["Share this", "share", "shareholders", "Follow us on Twitter", "Home", "Advertisement", "Read more",
          "CLICK HERE", "Newsletter", "Newsletteranmeldung", "Lesen Sie auch", "Werbung", "the council",
          "approved the budget", "Suscríbete", "Publicidad", "WhatsApp", "W h a t s A p p", "photo", ".", "|"]


def _documents() -> list[str]:
    rng = random.Random(7)
    docs = [p.read_text(encoding="utf-8", errors="replace") for p in sorted((ROOT / "seeds" / "input").iterdir())
            if p.is_file()][:60]
    for _ in range(120):
        lines = [" ".join(rng.choice(PIECES) for _ in range(rng.randint(1, 40))) for _ in range(rng.randint(1, 6))]
        docs.append("\n".join(lines) + "\n")
    # A line a whole-line pattern matches (credits.date): Hyperscan reports it at the line's end, after
    # matches that start later, and the document falls back to the usual path.
    docs += ["12:30\nShare this Share this\nThe council approved the budget.\n", "Share this\n12:30\n"]
    return docs


BACKENDS = ["python"] + (["hyperscan"] if hyperscan_available() else [])


@pytest.mark.parametrize("backend", BACKENDS)
def test_collecting_every_line_as_a_long_one_changes_nothing(backend, monkeypatch):
    cleaner = Cleaner(Options(backend=backend))
    docs = _documents()
    usual = [(r.text, repr(r.removals)) for r in map(cleaner.explain, docs)]
    monkeypatch.setattr(dense, "LONG_SCAN", 0)
    streamed = [(r.text, repr(r.removals)) for r in map(cleaner.explain, docs)]
    for doc, a, b in zip(docs, usual, streamed, strict=True):
        assert a == b, doc[:200]


def test_a_long_line_is_summed_not_kept(monkeypatch):
    """The long line's matches never reach the list `collect_hits` reads."""
    cleaner = Cleaner()
    seen: list[int] = []
    original = dense.LongLine.finish

    def finish(self, check_edges):
        result = original(self, check_edges)
        seen.append(self.before.count)  # every match, once the heap is drained
        return result

    monkeypatch.setattr(dense.LongLine, "finish", finish)
    monkeypatch.setattr(dense, "LONG_SCAN", 1000)
    text = "An opening sentence about the council.\n" + "Share this " * 200 + "\n"
    assert cleaner.clean(text) == "An opening sentence about the council.\n"
    assert seen == [400]  # 200 of share.bar, 200 of share.buttons


def test_a_match_reported_too_late_sends_the_document_the_usual_way(monkeypatch):
    cleaner = Cleaner()
    compiled = cleaner.compiled_rules
    line = dense.LongLine(0, 1000, None, compiled.edges, compiled.rule_of, compiled.table, lambda i, r: True, 10)
    line.report(0, 500, 510)
    line.report(0, 600, 610)  # takes the first from the heap
    assert not line.broken
    line.report(0, 100, 110)  # starts before a match already taken
    assert line.broken
    text = "An opening sentence about the council.\n" + "Share this " * 200 + "\n"
    usual = cleaner.explain(text)
    monkeypatch.setattr(dense, "LONG_SCAN", 1000)
    monkeypatch.setattr(dense.LongLine, "report", lambda self, pid, start, end: setattr(self, "broken", True))
    fallen = cleaner.explain(text)
    assert (fallen.text, fallen.removals) == (usual.text, usual.removals)
