"""The gate's promise: it never keeps from ftfy a line that `ftfy.fix_encoding` would repair.

For text in many scripts, encoded as UTF-8 and read through a code page once or twice, whenever ftfy
changes a line the gate suspects it, and cleaning gives ftfy's repair under cleaner's normalisation (as
`python -m benchmarks.evaluate` scores mojibake: `tidy(normalize(expected, quotes))`). On both scanner backends.
"""

from __future__ import annotations

import json
from pathlib import Path

import ftfy
import pytest
from hypothesis import given
from hypothesis import strategies as st

from cleaner import Cleaner, Options
from cleaner.core.normalize import normalize, tidy
from cleaner.core.repair import looks_broken, needs_repair_or_controls
from tests.conftest import BACKENDS
from tools.make_mojibake_cases import ENCODINGS, misread

CASES_FILE = Path(__file__).resolve().parents[1] / "data" / "mojibake_cases.jsonl"
CASES = [json.loads(line) for line in CASES_FILE.read_text(encoding="utf-8").split("\n") if line]
CLEANERS = {(backend, quotes): Cleaner(Options(backend=backend, quotes=quotes, fix_encoding=True))
            for backend in BACKENDS for quotes in ("ascii", "keep")}

# Characters of the scripts mojibake comes from, and the punctuation and spaces around them.
_ALPHABET = st.one_of(
    st.characters(min_codepoint=0x20, max_codepoint=0x7E),
    st.characters(min_codepoint=0xA0, max_codepoint=0x17F),  # Latin-1 and Latin Extended-A
    st.characters(min_codepoint=0x218, max_codepoint=0x21B),  # Romanian
    st.characters(min_codepoint=0x384, max_codepoint=0x3CE),  # Greek
    st.characters(min_codepoint=0x400, max_codepoint=0x45F),  # Cyrillic
    st.characters(min_codepoint=0x621, max_codepoint=0x64A),  # Arabic
    st.characters(min_codepoint=0x5D0, max_codepoint=0x5EA),  # Hebrew
    st.characters(min_codepoint=0x2010, max_codepoint=0x203A),  # punctuation
    st.characters(min_codepoint=0x4E00, max_codepoint=0x4FFF),  # CJK
    st.characters(min_codepoint=0x1F600, max_codepoint=0x1F64F),  # emoji
    st.sampled_from("\u00a0\u20ac\u2122\ufb01\u0301"),
)
TEXT = st.text(_ALPHABET, min_size=1, max_size=40).filter(lambda t: "\n" not in t)


def _expected(fixed: str, quotes: str) -> str:
    """ftfy's repair under cleaner's normalisation; where normalising exposes more that ftfy repairs (a
    partial repair: "\u201a" of "\u00c5\u201a" made "'"), cleaner repeats to a fixed point, as documented."""
    text = normalize(fixed, quotes)  # type: ignore[arg-type]
    for _ in range(3):
        again = normalize(ftfy.fix_encoding(text), quotes)  # type: ignore[arg-type]
        if again == text:
            break
        text = again
    return tidy(text)


def _check(broken: str, backend: str) -> None:
    fixed = ftfy.fix_encoding(broken)
    if fixed == broken:
        return
    assert looks_broken(broken), repr(broken)
    assert needs_repair_or_controls(broken), repr(broken)
    for quotes in ("ascii", "keep"):
        out = CLEANERS[backend, quotes].clean(broken)
        # Cleaning may remove a line as boilerplate; what it keeps must be ftfy's repair.
        if out.strip():
            assert out == _expected(fixed, quotes), (broken, fixed, out)


@pytest.mark.parametrize("backend", BACKENDS)
def test_every_stored_case_reaches_ftfy_and_comes_out_repaired(backend):
    assert len(CASES) > 500
    paths = {case["path"].split("+")[0] for case in CASES}
    assert {"cp1251", "cp437", "mac-roman", "cp1252"} <= paths
    for case in CASES:
        assert ftfy.fix_encoding(case["input"]) == case["ftfy"], "ftfy changed: run tools/make_mojibake_cases.py"
        _check(case["input"], backend)


@pytest.mark.parametrize("backend", BACKENDS)
@given(TEXT, st.sampled_from(ENCODINGS), st.sampled_from((None, "cp1252", "cp1251", "latin-1", "mac-roman")))
def test_gate_sends_ftfy_every_line_it_repairs(backend, text, first, second):
    broken = misread(text, first)
    if second is not None:
        broken = misread(broken, second)
    _check(broken, backend)


@pytest.mark.parametrize("backend", BACKENDS)
@given(TEXT, st.sampled_from(ENCODINGS), st.sampled_from(["\u00a0", " ", ""]))
def test_a_lost_or_spaced_no_break_space_reaches_ftfy(backend, text, first, a0):
    # The no-break space's second byte 0xA0 read as a no-break space, turned into a space, or lost.
    broken = misread(text, first).replace("\u00c3\u00a0", "\u00c3" + a0)
    _check(broken, backend)


@pytest.mark.parametrize("backend", BACKENDS)
def test_the_seven_held_out_kinds(backend):
    for broken in ("\u0413\u201a\u0412\u04085.8bn", "signi\u043f\u00ac\u0403cantly",
                   "Saeim\u0192\u00c5 iev\u0192\u00ecl\u0192\u00ect\u0192\u00c5s", "\u2500\u00eee\u253c\u00edtina",
                   "voil\u00c3  le travail", "voil\u00c3 le travail", "voil\u00c3\u00a0 le travail"):
        assert looks_broken(broken)
        assert ftfy.fix_encoding(broken) != broken
        assert CLEANERS[backend, "ascii"].clean(broken) == tidy(normalize(ftfy.fix_encoding(broken)))
