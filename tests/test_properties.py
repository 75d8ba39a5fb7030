"""Properties over arbitrary text, proven with hypothesis rather than hand-picked cases."""

from __future__ import annotations

from collections import Counter

from hypothesis import given, settings
from hypothesis import strategies as st

from cleaner import Cleaner
from cleaner.core.normalize import normalize, normalize_newlines, tidy
from cleaner.core.prepare import prepare_text
from tests.conftest import BACKENDS

CLEANERS = {b: Cleaner(backend=b) for b in BACKENDS}
CLEANER = CLEANERS[BACKENDS[-1]]

# Lines mixing article-like text, real boilerplate phrases, obfuscation characters and noise.
PIECES = [
    "The council approved the budget.", "CLICK HERE", "JOIN US ON WHAT'SAPP", "Follow us on Twitter",
    "Advertisement", "Read more", "ALSO READ: Prices rise", "\u00a9 2023 Foo Ltd. All rights reserved.",
    "Share on Facebook", "caf\u00c3\u00a9", "\u201cquoted\u201d", "W h a t s A p p", "\u200b", "\U0001f4f1",
    "", " ", "\t", "\r", "Lesen Sie auch: Wahl", "\uff37\uff48\uff41\uff54\uff53", "\u4eca\u5929\uff0c",
    # bare marks, and the Markdown that keeps them (heuristic.bare-marks)
    "-", "_" * 17, "*-*-*-*-*-*-", "\u2022", "# Notes", "See [the report](https://example.org).", "```",
]
line = st.one_of(st.sampled_from(PIECES), st.text(max_size=40))
documents = st.lists(line, max_size=12).map("\n".join)


@given(st.text())
def test_never_raises_on_any_text(text):
    assert isinstance(CLEANER.clean(text), str)


@given(documents)
def test_idempotent(text):
    once = CLEANER.clean(text)
    assert CLEANER.clean(once) == once


# Page lines, bare marks and the Markdown lines that keep them: which marks go depends on lines that go too.
BARE_PIECES = ["-", "_" * 17, "*-*-*-*-*-*-", "---", "* * *", "", "||", "Home", "Read more", "Share on Facebook",
               "Posted by admin", "# Notes", "See [the report](https://example.org).", "```", "**Bold** text",
               "The council approved the budget after a long debate on Monday night, members said.",
               "Rescue teams worked through the night to reach villages cut off by the floods."]


@settings(max_examples=400)
@given(st.lists(st.sampled_from(BARE_PIECES), max_size=14).map("\n".join))
def test_idempotent_with_bare_marks_and_markdown(text):
    once = CLEANER.clean(text)
    assert CLEANER.clean(once) == once


@given(documents)
def test_deterministic(text):
    assert CLEANER.explain(text) == CLEANER.explain(text)


@given(documents)
def test_backends_agree(text):
    results = {b: c.explain(text) for b, c in CLEANERS.items()}
    assert len({(r.text, r.removals) for r in results.values()}) == 1


def _letters(text: str) -> Counter:
    return Counter(c for c in text if not c.isspace())


@given(documents)
def test_every_removed_character_is_accounted_for(text):
    result = CLEANER.explain(text)
    # What went into the rules: the text after newline handling, encoding repair and normalisation.
    prepared, _, _ = prepare_text(text)
    removed = Counter()
    for r in result.removals:
        if r.rule != "lang-filter":
            removed += _letters(r.text)
    assert _letters(result.text) + removed == _letters(prepared)


@given(st.lists(st.text(alphabet=st.characters(blacklist_categories=["Cs"]), max_size=30), max_size=8))
def test_text_without_hits_comes_back_normalised_only(lines):
    text = "\n".join(lines)
    result = CLEANER.explain(text)
    if not result.removals and not result.repaired_encoding:
        prepared, crlf = normalize_newlines(text)
        expected = tidy(normalize(prepared))
        assert result.text == (expected.replace("\n", "\r\n") if crlf else expected)
