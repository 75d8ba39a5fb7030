"""The shortcuts of preparing text pinned to the plain steps they replace, on random text.

Checks look at the few characters of a document that are not ASCII instead of scanning the whole text once
each; these properties hold them to scanning the text.
"""

from __future__ import annotations

import re
import unicodedata

from hypothesis import given, settings
from hypothesis import strategies as st

from cleaner.core import normalize as n
from cleaner.core import repair as r

# Mostly ASCII, as page text is, with what the checks look for: characters to replace, controls, mojibake
# leads and continuations, U+221A before ASCII, combining marks, lone surrogates and other scripts.
_ALPHABET = st.one_of(
    st.characters(min_codepoint=0x20, max_codepoint=0x7E),
    st.characters(min_codepoint=0x20, max_codepoint=0x7E),
    st.sampled_from("\n\t\x00\x07\x1b\x7f\x80\x9d\u00a0\u00ad\u00c3\u00a9\u00e2\u20ac\u2122\u00c2\u0420\u0432\u0402"
                    "\u0413\u0103\u0161\u221a\u25ca\u2552\u2500\ufffd\u2018\u2019\u201c\u201d\u201e\u2026\u2010"
                    "\u2212\u200b\ufeff\u2003\u202f\u2013\u2022\u0301\u0308\u0327\u1100\u1161\u11a8\u00c5\u212b"
                    "\u0142\u0119\u0444\u4e2d\U0001f600\ud800\udc00"),
    st.sampled_from(sorted(r._ALL_LEADS)),  # every lead and continuation of every code page, and "?"
    st.sampled_from(sorted(r._CONTS) + ["?", " "]),
    st.characters(),
)
TEXT = st.text(_ALPHABET, max_size=200)
# Whole lines that repair, normalising and the repeat all act on, for the block tests.
_BROKEN_LINES_FOR_BLOCKS = ["Caf\u00c3\u00a9 \u00e2\u20ac\u201c menu", "\u00c3\x01\u00a9 x", "e\u0301t\u00e9",
                            "\u00c3\u200b\u00a9", "a\u0085b \u00c3 \u00a9", "\u00e2\u20ac? \u00ad", "plain"]


def reference_non_ascii(text: str) -> str:
    return "".join(c for c in text if not c.isascii() or n._C0.match(c))


def reference_normalize_and_report(text: str, quotes: str) -> tuple[str, bool]:
    """Every check on the whole text: the replace chain, then controls, then NFC."""
    if text.isascii():
        return n._CONTROL.sub("", text), n._CONTROL.search(text) is not None
    table = n._ASCII_MODE if quotes == "ascii" else n._ALWAYS
    joined = False
    for char, repl in table.items():
        if char in text:
            text = text.replace(char, repl)
            joined = joined or not repl
    if n._CONTROL.search(text):
        text, joined = n._CONTROL.sub("", text), True
    if not unicodedata.is_normalized("NFC", text):
        text, joined = unicodedata.normalize("NFC", text), True
    return text, joined


@settings(max_examples=600, deadline=None)
@given(TEXT)
def test_non_ascii_keeps_the_other_characters_in_order(text):
    rest = n.non_ascii(text)
    if rest is not None:
        assert rest == reference_non_ascii(text)
    else:
        assert any(0xD800 <= ord(c) < 0xE000 for c in text) or len(text.encode("utf-8")) - len(text) > len(text) / 4


def test_non_ascii_gives_up_on_text_in_another_script():
    assert n.non_ascii("\u0444" * 10 + "a" * 10) is None
    page = "Home | News | Sport | Weather \u2013 a \u201cquoted\u201d headline\n" * 100
    assert n.non_ascii(page) == "\u2013\u201c\u201d" * 100
    assert n.non_ascii(page + "\u0444\u4e2d" * 1000) is None  # the sample sees the other script
    assert n.non_ascii("a\ud800") is None
    assert n.non_ascii("plain text with a \u201cquote\u201d and a dash \u2013 \x07") == "\u201c\u201d\u2013\x07"


@settings(max_examples=600, deadline=None)
@given(TEXT)
def test_gate_on_the_non_ascii_characters_equals_the_gate_on_the_text(text):
    expected = (r.looks_broken(text) or re.search("[\x00-\x08\x0b-\x1f\x7f]", text) is not None)
    assert r.needs_repair_or_controls(text, reference_non_ascii(text)) == expected
    if not text.isascii():
        assert r.needs_repair_or_controls(text) == expected


def test_taking_ascii_out_leaves_every_suspicious_place_a_candidate():
    # Why the gate can look at the non-ASCII characters first: a suspicious place without its ASCII
    # characters is a lead next to a continuation of its code page, or a lead that takes ASCII (alone).
    conts = sorted(r._CONTS)
    for lead in sorted(r._ALL_LEADS):
        for between in ("", " ", "?"):
            for cont in conts:
                if r._SUSPICIOUS.match(lead + between + cont * 3):
                    assert r._REST_CANDIDATE.match(lead + cont), (hex(ord(lead)), between, hex(ord(cont)))
                    assert r._CANDIDATE.match(lead + between + cont * 3)
        if r._SUSPICIOUS.match(lead + " ") or r._SUSPICIOUS.match(lead + "?"):
            assert r._REST_CANDIDATE.match(lead), hex(ord(lead))


def test_every_replacement_is_ascii_and_no_key_is():
    # Why the non-ASCII characters after replacing are the ones before less the replaced ones.
    for table in (n._ASCII_MODE, n._ALWAYS):
        assert all(repl.isascii() and not char.isascii() for char, repl in table.items())


@settings(max_examples=600, deadline=None)
@given(TEXT, st.sampled_from(["ascii", "keep"]), st.booleans())
def test_normalising_by_the_non_ascii_characters_equals_the_plain_steps(text, quotes, controls):
    if not controls and n._CONTROL.search(text):
        return  # the caller promises no controls
    expected = reference_normalize_and_report(text, quotes)
    assert n.normalize_and_report(text, quotes, controls) == expected
    if not text.isascii() and not any(0xD800 <= ord(c) < 0xE000 for c in text):
        assert n.normalize_non_ascii(text, quotes, controls, reference_non_ascii(text)) == expected
        assert n.normalize_non_ascii(text, quotes, controls, None) == expected


@settings(max_examples=300, deadline=None)
@given(TEXT, st.sampled_from(["ascii", "keep"]))
def test_normalising_large_text_by_the_non_ascii_characters_equals_the_plain_steps(text, quotes):
    saved = n.ONE_PASS_CHARS
    n.ONE_PASS_CHARS = 0
    try:
        assert n.normalize_and_report(text, quotes) == reference_normalize_and_report(text, quotes)
    finally:
        n.ONE_PASS_CHARS = saved


_BROKEN_LINES = ["Caf\u00c3\u00a9 \u00e2\u20ac\u201c menu", "plain line", "\u00c3\u00bcber \u00e2\u20ac\u00a6",
                 "na\u00efve \u2019quotes\u2019", "\u221ax", "\u00c2\u00a0\u00c2\u00a0", "", "\u00e9\u2019 kept"]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(_BROKEN_LINES), max_size=12))
def test_repair_fixes_each_distinct_line_once_with_the_same_result(lines):
    import ftfy

    text = "\n".join(lines)
    expected = "\n".join(ftfy.fix_encoding(line) if r.looks_broken(line) else line for line in lines)
    fixed: dict[str, str] = {}
    assert r.repair_encoding(text, fixed) == expected
    assert all(ftfy.fix_encoding(line) == result for line, result in fixed.items())
    assert r.repair_encoding(expected, fixed) == r.repair_encoding(expected)  # a repeat reuses the results


def _second_of_a_canonical_pair() -> set[int]:
    """Characters NFC may compose with the one before: the second of every two-character canonical
    decomposition, and the Hangul vowels and trailing consonants (composed by rule, not by table)."""
    second = set(range(0x1161, 0x1176)) | set(range(0x11A8, 0x11C3))
    for code in range(0x110000):
        decomposition = unicodedata.decomposition(chr(code))
        if decomposition and not decomposition.startswith("<") and len(decomposition.split()) == 2:
            second.add(int(decomposition.split()[1], 16))
    return second


def test_every_character_taken_as_nfc_is_assigned_a_starter_unchanged_by_nfc_and_composes_with_nothing():
    inert = re.compile("[" + n._NFC_INERT + "]")
    second = _second_of_a_canonical_pair()
    checked = 0
    for code in range(0x110000):
        char = chr(code)
        if 0xD800 <= code < 0xE000 or not inert.match(char):
            continue
        checked += 1
        assert unicodedata.category(char) != "Cn", hex(code)
        assert unicodedata.combining(char) == 0, hex(code)
        assert unicodedata.normalize("NFC", char) == char, hex(code)
        assert code not in second, hex(code)
    assert checked > 40000


@settings(max_examples=600, deadline=None)
@given(TEXT)
def test_text_of_inert_characters_is_nfc(text):
    if not n._MAYBE_NOT_NFC.search(text):
        assert unicodedata.is_normalized("NFC", text)


@settings(max_examples=600, deadline=None)
@given(TEXT, st.sampled_from([0, 1, 6, 30]), st.sampled_from([0, 2, 1000]))
def test_gate_by_the_places_of_second_characters_equals_the_gate_on_the_text(text, share, places):
    saved = r.PAIR_LOOKUP_SHARE, r.REST_PLACES
    r.PAIR_LOOKUP_SHARE = share  # 0: always look up the places; 30: always scan the text
    r.REST_PLACES = places
    try:
        expected = (r.looks_broken(text) or re.search("[\x00-\x08\x0b-\x1f\x7f]", text) is not None)
        assert r.needs_repair_or_controls(text, reference_non_ascii(text)) == expected
    finally:
        r.PAIR_LOOKUP_SHARE, r.REST_PLACES = saved


@settings(max_examples=300, deadline=None)
@given(TEXT)
def test_repair_and_stripping_controls_with_the_non_ascii_characters_equal_the_plain_steps(text):
    import ftfy

    lines = text.split("\n")
    expected = "\n".join(ftfy.fix_encoding(line) if r.looks_broken(line) else line for line in lines)
    assert r.repair_and_report(text) == (expected, r.looks_broken(text))
    assert n.strip_c0(text, reference_non_ascii(text)) == n._C0.sub("", text)


@settings(max_examples=300, deadline=None)
@given(st.lists(TEXT, max_size=12))
def test_nfc_line_by_line_equals_nfc_of_the_text(lines):
    text = "\n".join(lines)
    saved = n.NFC_LINES_CHARS
    n.NFC_LINES_CHARS = 0
    try:
        assert n.nfc(text) == unicodedata.normalize("NFC", text)
    finally:
        n.NFC_LINES_CHARS = saved


@settings(max_examples=200, deadline=None)
@given(st.lists(st.one_of(TEXT, st.sampled_from(_BROKEN_LINES_FOR_BLOCKS)), max_size=16),
       st.sampled_from(["ascii", "keep"]), st.booleans(), st.integers(0, 64))
def test_preparing_in_blocks_equals_preparing_the_whole_text(lines, quotes, fix_encoding, block):
    from cleaner.core import prepare as p

    text = "\n".join(lines)
    whole = p.prepare_text(text, quotes, fix_encoding)
    saved = p.BLOCK_CHARS
    p.BLOCK_CHARS = block
    try:
        assert p.prepare_text(text, quotes, fix_encoding) == whole
    finally:
        p.BLOCK_CHARS = saved
