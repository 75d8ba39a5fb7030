"""Very long documents cleaned in pieces (`cleaner.core.pieces`) give what cleaning them whole gives.

The thresholds are made small here, so that documents of a few hundred lines are cut into many pieces, and
each result is compared with `Cleaner.explain_whole`, which cleans the same text whole.
"""

from __future__ import annotations

import random

import pytest

from cleaner import Cleaner
from cleaner.core import pieces

MENU = ["Home", "Share this article", "Follow us on Twitter", "Advertisement", "Read more", "CLICK HERE", "News",
        "Sport", "Subscribe to our newsletter", "© 2023 Foo Ltd", "|", "", ""]
FOOTER = "© 2023 Foo Ltd. All rights reserved."  # a content line by its form (six words and a full stop)
_VOCABULARY = ("the council approved budget after long debate on tuesday school river water report police court "
               "people year city study market week month country public")
WORDS = _VOCABULARY.split()


def _paragraph(rng: random.Random) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(rng.randint(10, 40))).capitalize() + "."


def _short(rng: random.Random) -> str:
    return rng.choice(MENU) if rng.random() < 0.3 else f"{rng.choice(WORDS)} {rng.randint(0, 999)}"


def _list_like(rng: random.Random) -> str:
    """No content line anywhere: a list, a log, menus."""
    return "\n".join(_short(rng) for _ in range(rng.randint(50, 400))) + "\n"


def _page_like(rng: random.Random) -> str:
    """Pages one after another: menus, a headline, runs of paragraphs, a footer."""
    out = []
    for _ in range(rng.randint(2, 8)):
        out += [_short(rng) for _ in range(rng.randint(0, 12))]
        out += ["", _paragraph(rng)[:50].rstrip(" .").title(), ""]
        for _ in range(rng.randint(1, 14)):
            out += [_paragraph(rng), ""]
        out += [_short(rng) for _ in range(rng.randint(0, 8))] + [FOOTER]
    return "\n".join(out) + "\n"


@pytest.fixture
def small_pieces(monkeypatch):
    monkeypatch.setattr(pieces, "HUGE_CHARS", 600)
    monkeypatch.setattr(pieces, "PIECE_CHARS", 300)


def _cut(cleaner: Cleaner, text: str) -> bool:
    return bool(pieces._boundaries(pieces.prepare_text(text)[0], cleaner, lambda: None))


def test_a_document_without_content_lines_in_pieces_is_cleaned_as_whole(small_pieces, default_cleaner: Cleaner):
    """No article to frame: the shared lines stop every block, and each piece decides what the whole does."""
    rng = random.Random(16)
    cut = 0
    for _ in range(60):
        text = _list_like(rng)
        if rng.random() < 0.2:
            text = text.replace("\n", "\r\n")
        cut += _cut(default_cleaner, text)
        assert default_cleaner.explain(text) == default_cleaner.explain_whole(text)
    assert cut >= 50  # nearly every document was cut, so the comparison says something


def _removed_lines(result, lines: list[str]) -> set[int]:
    return {i for r in result.removals if r.kind == "line" for i in range(r.start_line, r.end_line + 1)
            if lines[i - 1].strip()}


def test_pages_in_pieces_lose_no_line_that_cleaning_whole_keeps(small_pieces, default_cleaner: Cleaner):
    """Repetition is counted within each piece (docs/guarantees.md): a piece may keep a repeated menu line
    that the whole document's count would remove, never the other way round. With pieces of a few lines,
    as here, that is often; at the real size, seldom."""
    rng = random.Random(16)
    cut = same = 0
    for _ in range(60):
        text = _page_like(rng)
        cut += _cut(default_cleaner, text)
        lines = pieces.prepare_text(text)[0].split("\n")
        in_pieces, whole = default_cleaner.explain(text), default_cleaner.explain_whole(text)
        assert _removed_lines(in_pieces, lines) <= _removed_lines(whole, lines)
        same += in_pieces == whole
    assert cut >= 50 and same >= 20


def test_a_document_in_pieces_cleans_to_a_fixed_point(small_pieces, default_cleaner: Cleaner):
    rng = random.Random(17)
    for make in (_list_like, _page_like):
        for _ in range(20):
            once = default_cleaner.clean(make(rng))
            assert default_cleaner.clean(once) == once


def test_a_document_with_no_boundary_is_cleaned_whole(small_pieces, default_cleaner: Cleaner):
    text = " ".join(["Share this article"] * 200) + "\n"  # one line: nothing to cut at
    assert pieces.explain_in_pieces(default_cleaner, text) is None
    assert default_cleaner.explain(text) == default_cleaner.explain_whole(text)


def test_the_language_filter_judges_the_whole_document(small_pieces):
    text = "\n\n".join(["The council approved the budget after a long debate on Tuesday night in the city hall."]
                       * 40) + "\n"
    cleaner = Cleaner(languages=("de",))
    result = cleaner.explain(text)
    assert result == cleaner.explain_whole(text)
    assert result.text == "" and result.removals[0].rule == "lang-filter"


def test_the_sample_for_language_detection_is_the_same(default_cleaner: Cleaner):
    from cleaner.core.language import _sample

    rng = random.Random(18)
    for _ in range(50):
        text = _page_like(rng) if rng.random() < 0.5 else _list_like(rng)
        assert pieces._sample(text) == _sample(text)
