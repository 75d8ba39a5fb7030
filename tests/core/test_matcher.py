"""Both scanner backends return identical matches; Hyperscan is optional."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cleaner import Cleaner
from cleaner.core.fold import fold
from cleaner.core.matcher import HyperscanMatcher, PythonMatcher, hyperscan_available

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
