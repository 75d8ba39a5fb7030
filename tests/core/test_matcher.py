"""Both scanner backends return identical matches; Hyperscan is optional."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cleaner import Cleaner
from cleaner.core.fold import fold
from cleaner.core.matcher import HyperscanMatcher, PythonMatcher, hyperscan_available, scan_expression, widen

pytestmark = pytest.mark.skipif(not hyperscan_available(), reason="hyperscan not installed")

_rules = Cleaner(backend="python").rules
PHRASES = [p for r in _rules for p in r.phrases]
PATTERNS = [p for r in _rules for p in r.patterns]
PY = PythonMatcher(PHRASES, PATTERNS)
HS = HyperscanMatcher(PHRASES, PATTERNS)
WORDS = st.sampled_from(["join us on", "whatsapp", "click here", "copyright 2023", "\u00a9", "share", "\n",
                         "read more", "facebook", "aa", "the", " ", "\u0430", "\uff37", "2024"])


@given(st.lists(st.one_of(WORDS, st.text(max_size=10)), max_size=30).map("".join))
def test_backends_identical(text):
    folded = fold(text)
    assert PY.scan(folded) == HS.scan(folded)


@given(st.lists(st.one_of(WORDS, st.text(max_size=10)), max_size=30).map("".join))
def test_scan_each_reports_what_scan_returns(text):
    """One call per match, no list (`dense`); the Python backend's phrases in start order, then id order."""
    folded = fold(text)
    reported: dict[str, list[tuple[int, int, int]]] = {"python": [], "hyperscan": []}
    PY.scan_each(folded, lambda pid, start, end: reported["python"].append((pid, start, end)))
    HS.scan_each(folded, lambda pid, start, end: reported["hyperscan"].append((pid, start, end)))
    for matcher in (PY, HS):
        assert sorted(reported[matcher.backend], key=lambda m: (m[1], m[0])) == matcher.scan(folded)
    phrases = [m for m in reported["python"] if m[0] < PY.offset]
    assert phrases == sorted(phrases, key=lambda m: (m[1], m[0]))


def test_overlapping_occurrences_all_reported():
    py = PythonMatcher([b"aa"], [])
    hs = HyperscanMatcher([b"aa"], [])
    assert py.scan(b"aaaa") == hs.scan(b"aaaa") == [(0, 0, 2), (0, 1, 3), (0, 2, 4)]


def test_patterns_match_whole_lines_only():
    py = PythonMatcher([], ["ab+"])
    hs = HyperscanMatcher([], ["ab+"])
    assert py.scan(b"abb\nxabb\nab") == hs.scan(b"abb\nxabb\nab") == [(0, 0, 3), (0, 9, 11)]


@pytest.mark.parametrize("pattern, wide", [
    ("this.{0,300}permalink", "this.{0,}permalink"), ("a{40}b{2,5}", "a{40,}b{2,5}"),
    ("x.{3,}y.{0,32}", "x.{3,}y.{0,32}"), ("[{0,99}]a\\{0,99}", "[{0,99}]a\\{0,99}"),
    ("[]{]{1,99}", "[]{]{1,}"), ("[^]x]{0,40}?", "[^]x]{0,}?")])
def test_widen_unbounds_only_wide_repeats_outside_classes(pattern, wide):
    assert widen(pattern) == wide


def test_a_widened_pattern_reports_only_the_lines_the_pattern_matches():
    # Hyperscan scans '.{0,}' in place of '.{0,40}' (a wide repeat compiles slowly); RE2 confirms each line,
    # so a line with 41 characters between the words is not reported, on either scanner.
    pattern = "taggedwith.{0,40}permalink"
    lines = b"taggedwith" + b"x" * 40 + b"permalink\ntaggedwith" + b"x" * 41 + b"permalink\ntaggedwithpermalink"
    hs, py = HyperscanMatcher([b"tagged"], [pattern]), PythonMatcher([b"tagged"], [pattern])
    assert hs.scan(lines) == py.scan(lines)
    assert [m for m in hs.scan(lines) if m[0] == 1] == [(1, 0, 59), (1, 121, 140)]
    reported: list[tuple[int, int, int]] = []
    hs.scan_each(lines, lambda *m: reported.append(m))
    assert sorted(reported, key=lambda m: (m[1], m[0])) == hs.scan(lines)


@pytest.mark.parametrize("pattern, expression, confirm", [
    ("ab+", "^(?:ab+)$", False),
    ("x.{0,40}y", "^(?:x.{0,}y)$", True),  # a wide repeat is unbounded, and RE2 reads the line
    (".{0,60}(this|ce)site", "(this|ce)site", True),  # an opening repeat of '.' is cut off, and the anchors
    (".{0,60}x.{0,60}", "x", True),  # with it a closing one
    (".*?x(a|b)", "x(a|b)", True),
    ("a|.{0,3}b", "^(?:a|.{0,3}b)$", False),  # a top-level '|': no prefix of the pattern stands alone
    (".{3,}(a)?", "^(?:.{3,}(a)?)$", False),  # what follows could match nothing: scanned as it is
    ("a\\.{0,5}", "^(?:a\\.{0,5})$", False),  # an escaped '.' is no repeat of '.'
    ("a{0,50}a?", None, True),  # it matches the empty string: RE2 alone reads the lines for it
])
def test_scan_expression(pattern, expression, confirm):
    assert scan_expression(pattern) == (expression, confirm)


def test_a_pattern_cut_at_its_opening_dots_reports_only_the_lines_the_pattern_matches():
    pattern = ".{0,5}permalink"
    lines = b"xxpermalink\n" + b"x" * 10 + b"permalink\npermalinkx\npermalink"
    hs, py = HyperscanMatcher([], [pattern]), PythonMatcher([], [pattern])
    assert hs.scan(lines) == py.scan(lines) == [(0, 0, 11), (0, 43, 52)]


_PIECES = st.sampled_from(["a", "ab", "(a|b)", "[ab]", "x", "a?", "b+"])
_REPEATS = st.sampled_from([".{0,3}", ".{1,40}", ".{0,60}", ".*", ".+", ".{2,}", "a{0,50}", ""])
_OPENERS = st.sampled_from([".{0,3}", ".{1,40}", ".{0,60}", ".*", ".+", ".{2,}", ".*?"])
_BODIES = st.lists(st.tuples(_REPEATS, _PIECES), min_size=1, max_size=3).map(lambda ps: "".join(a + b for a, b in ps))
_EMPTY = st.sampled_from(["a*", "(a|b)?", "a{0,50}a?", ".{0,3}a?", "x*", "[ab]{0,40}"])


@settings(deadline=None)
@given(st.one_of(st.tuples(_OPENERS, _BODIES).map("".join), _EMPTY),
       st.lists(st.text("abx", max_size=70), min_size=1, max_size=4).map("\n".join))
def test_cut_and_empty_matching_patterns_report_what_the_pattern_matches(pattern, text):
    # A pattern opening with a repeat of '.' (scanned cut and unanchored, RE2 reading the line) and one that
    # matches the empty string (RE2 alone) report exactly the lines the Python backend's full match reports.
    folded = text.encode()
    assert HyperscanMatcher([], [pattern]).scan(folded) == PythonMatcher([], [pattern]).scan(folded)


@pytest.mark.xfail(strict=True, reason="Hyperscan 0.9.1 misses a short last line after 16 bytes for '^(?:c*x)$'; "
                                       "no built-in pattern meets it on DEV (scan_expression)")
def test_hyperscan_reports_a_short_last_line_of_an_anchored_pattern():
    folded = b"z" * 20 + b"\nx"
    assert HyperscanMatcher([], ["c*x"]).scan(folded) == PythonMatcher([], ["c*x"]).scan(folded) == [(0, 21, 22)]
