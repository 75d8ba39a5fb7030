"""Cost grows linearly with the input, checked by counting work, never by timing.

The count is the number of Python lines executed (sys.settrace) while cleaning one document: a loop over
lines inside a loop over lines, or a rescan per match, shows up as a ratio near 16 when the input grows
4x; linear work stays near 4. Peak memory (tracemalloc) must grow no faster than the input either.
"""

from __future__ import annotations

import gc
import sys
import tracemalloc

import pytest

from cleaner import Cleaner

# A nav-heavy page: short menu lines, boilerplate the rules match, blank lines, sentences.
BLOCK = [
    "Home", "News", "Sport", "Share this article", "", "Follow us on Telegram",
    "The council met on Tuesday to discuss the budget for the new river park and its paths.",
    "Read more", "Advertisement", "Police said the suspects used WhatsApp groups to plan it.",
    "\u00a9 2024 Example Media", "", "Caf\u00e9 owners welcomed the decision, the report said.",
]
SENTENCE = "The council met on Tuesday to discuss the budget, share this article and read more. "


def _lines_doc(n: int) -> str:
    return "\n".join(BLOCK[i % len(BLOCK)] for i in range(n)) + "\n"


def _one_line_doc(nbytes: int) -> str:
    return (SENTENCE * (nbytes // len(SENTENCE) + 1))[:nbytes] + "\n"


def _executed_lines(cleaner: Cleaner, text: str) -> int:
    count = 0

    def tracer(frame, event, _arg):
        nonlocal count
        if event == "line":
            count += 1
        return tracer

    sys.settrace(tracer)
    try:
        cleaner.explain(text)
    finally:
        sys.settrace(None)
    return count


def _peak_bytes(cleaner: Cleaner, text: str) -> int:
    tracemalloc.start()
    try:
        cleaner.explain(text)
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


@pytest.mark.parametrize("backend", ["python", "auto"])
def test_many_short_lines_cost_linear_work(backend):
    cleaner = Cleaner(backend=backend)
    cleaner.explain(_lines_doc(50))  # warm-up: lazy imports and caches are not per-document work
    small, large = _executed_lines(cleaner, _lines_doc(1_000)), _executed_lines(cleaner, _lines_doc(4_000))
    assert small > 1_000  # the count measures per-line work at all
    assert large / small < 5, (small, large)


def test_one_long_line_costs_linear_work():
    cleaner = Cleaner()
    cleaner.explain(_one_line_doc(1_000))
    small, large = _executed_lines(cleaner, _one_line_doc(50_000)), _executed_lines(cleaner, _one_line_doc(200_000))
    assert large / small < 5, (small, large)


@pytest.mark.parametrize("make", [_lines_doc, _one_line_doc])
def test_peak_memory_grows_with_the_input_not_faster(make):
    cleaner = Cleaner()
    cleaner.explain(make(100))
    size = 20_000 if make is _lines_doc else 400_000
    small, large = _peak_bytes(cleaner, make(size)), _peak_bytes(cleaner, make(size * 4))
    assert large / small < 5, (small, large)


def test_a_large_document_is_cleaned_with_the_collector_paused_and_restored(monkeypatch):
    from cleaner.core import pipeline

    monkeypatch.setattr(pipeline, "GC_PAUSE_CHARS", 1_000)
    seen = []
    prepare = pipeline.prepare_text

    def watching(*args):
        seen.append(gc.isenabled())
        return prepare(*args)

    monkeypatch.setattr(pipeline, "prepare_text", watching)
    cleaner = Cleaner()
    doc = _lines_doc(200)
    assert cleaner.explain(doc).text == cleaner.explain(doc.encode()).text
    assert cleaner.explain("Home\nRead more\n").text == ""
    assert seen == [False, False, True] and gc.isenabled()

    def failing(*_args):
        raise RuntimeError("boom")

    monkeypatch.setattr(pipeline, "prepare_text", failing)
    with pytest.raises(RuntimeError):
        cleaner.explain(doc)
    assert gc.isenabled()
    gc.disable()  # a caller's choice stays theirs
    try:
        monkeypatch.setattr(pipeline, "prepare_text", watching)
        cleaner.explain(doc)
        assert not gc.isenabled()
    finally:
        gc.enable()
