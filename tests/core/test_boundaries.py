"""Phrases match on word edges of the text: never inside a word, still through obfuscation."""

from __future__ import annotations

import string

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cleaner import Cleaner, Options
from cleaner.core.boundaries import BOTH, END, START, line_edges, phrase_edges
from cleaner.core.fold import fold, fold_phrase
from tests.conftest import BACKENDS

RULES = '''
[[rule]]
id = "test.weiter"
description = "a one-word edge phrase"
scope = "edge"
phrases = ["weiter", "abo", "back"]
remove = ["Weiter"]
keep = ["Weiterbildung"]

[[rule]]
id = "test.newsletter"
description = "an open end"
scope = "line"
phrases = ["newsletter*"]
min_coverage = 0.9
remove = ["Newsletteranmeldung"]
keep = ["Wir haben über den Newsletter und die Anmeldung lange gesprochen, sagte sie am Montag in Berlin."]

[[rule]]
id = "test.cjk"
description = "a phrase in a script without spaces"
scope = "line"
phrases = ["关注我们"]
min_coverage = 0.3
remove = ["欢迎关注我们的公众号"]
keep = ["他说关于这件事情的讨论已经持续了很多年了，大家都很关心结果。"]
'''

BODY = "The council approved the new budget on Tuesday after a long debate about school funding.\n\n"


@pytest.fixture(scope="module", params=BACKENDS)
def cleaner(request, tmp_path_factory):
    path = tmp_path_factory.mktemp("rules") / "test.toml"
    path.write_text(RULES, encoding="utf-8")
    return Cleaner(Options(rule_paths=(str(path),), builtin_rules=False, backend=request.param))


def removed(cleaner: Cleaner, last: str) -> list[str]:
    return [r.rule for r in cleaner.explain(BODY + last + "\n").removals]


@pytest.mark.parametrize("line", ["Weiterbildung", "About", "Backup", "Abonnement", "Rückenweiter"])
def test_a_phrase_never_matches_inside_a_word(cleaner, line):
    assert removed(cleaner, line) == []


@pytest.mark.parametrize("line", ["Weiter", "W e i t e r", "WEITER »", "Abo", "« Back"])
def test_a_whole_word_still_matches_through_obfuscation(cleaner, line):
    assert removed(cleaner, line) == ["test.weiter"]


def test_a_long_phrase_may_end_in_an_inflection(cleaner):
    assert removed(cleaner, "Weitere") == ["test.weiter"]
    builtin = Cleaner()
    assert [r.rule for r in builtin.explain(BODY + "Anzeigen\n").removals] == ["ads.label"]


def test_an_open_end_matches_into_a_compound(cleaner):
    assert removed(cleaner, "Newsletteranmeldung") == ["test.newsletter"]
    assert removed(cleaner, "Zeitungsnewsletter") == []  # the start is not open


def test_scripts_without_spaces_match_inside_a_sentence(cleaner):
    assert removed(cleaner, "欢迎关注我们的公众号") == ["test.cjk"]


def test_a_share_bar_run_together_keeps_its_words():
    builtin = Cleaner()
    rules = [r.rule for r in builtin.explain(BODY + "FacebookTwitterWhatsAppEmail\n").removals]
    assert rules and all(r.startswith("share.") for r in rules)


def test_phrase_edges():
    assert phrase_edges("weiter", b"weiter") == BOTH
    assert phrase_edges("newsletter*", b"newsletter") == START
    assert phrase_edges("*kanal", b"kanal") == END
    assert phrase_edges("关注我们", fold_phrase("关注我们")) == 0
    assert phrase_edges("뉴스레터", fold_phrase("뉴스레터")) == START  # particles attach at the end


def test_line_edges_examples():
    line = "JOIN US ON WHAT'SAPP"
    assert line_edges(line, fold(line)) == [0, 4, 6, 8, 12, 16]
    line = "FacebookTwitter © Zoë"
    assert line_edges(line, fold(line)) == [0, 8, 15, 24, 27]


@given(st.text(alphabet=string.ascii_letters + string.digits + " .,'-_!?/|»", max_size=60))
def test_ascii_pieces_always_add_up_to_the_key(line):
    edges = line_edges(line, fold(line))
    assert edges is not None and 0 in edges and len(fold(line)) in edges


@given(st.text(alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="\n\r"), max_size=40))
def test_edges_are_inside_the_key_or_the_line_is_left_alone(line):
    key = fold(line)
    edges = line_edges(line, key)
    assert edges is None or (0 in edges and len(key) in edges and max(edges) == len(key))


def test_a_long_lines_edges_in_windows_equal_the_whole_lines(monkeypatch):
    """A long line's edges are worked out a window (up to a space) or a block of words at a time, into an
    array: made tiny here, the numbers must equal those of the whole line at once."""
    import random

    from cleaner.core import boundaries

    rng = random.Random(5)
    alphabet = ["abc", "Déjà", "vu", "FacebookTwitter", "ΣΟΦΊΑ", "ς", "123", "東京", " ", " ", ", ", "—", "Ǆ",
                "straße", "İ", "ABCdef", "a\u0301"]
    for window, block in ((1, 2), (7, 5), (50, 3)):
        monkeypatch.setattr(boundaries, "_WINDOW", window)
        monkeypatch.setattr(boundaries, "_WORDS_AT_ONCE", block)
        for n in range(400):
            line = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 80)))
            if n % 2:
                line = line.encode("ascii", "ignore").decode()
            key = fold(line)
            monkeypatch.setattr(boundaries, "LONG_LINE", 10**9)
            whole = boundaries.line_edges(line, key)
            monkeypatch.setattr(boundaries, "LONG_LINE", -1)
            windowed = boundaries.line_edges(line, key)
            assert (whole is None) == (windowed is None)
            assert whole is None or list(whole) == list(windowed)
