"""The fast paths' tables are what cleaner/core/spec.py derives from Unicode data, and the fold equals the
spec's definition on every code point (not only on the characters a generator happens to draw)."""

from __future__ import annotations

import sys
import unicodedata

from cleaner.core import fold as fold_module
from cleaner.core import heuristics, spec
from cleaner.core.normalize import tidy


def test_sentence_end_and_closer_tables_are_the_specs():
    assert frozenset(heuristics._END_CHARS) == spec.sentence_ends()
    assert frozenset(heuristics._CLOSERS) == spec.closers()


def test_the_spec_names_the_sentence_ends_of_many_scripts():
    ends = spec.sentence_ends()
    for char in ".!?\u0964\u0965\u06d4\u061f\u3002\uff01\uff1f\u0589\u1362\u104b\u17d4":
        assert char in ends, unicodedata.name(char)
    assert "\u00bf" not in ends and "\u00a1" not in ends  # inverted marks open a sentence
    assert "\u00bb" in spec.closers() and "\u300d" in spec.closers()


def test_copyright_signs_are_the_folds():
    assert spec.copyright_signs() == frozenset(fold_module._SYMBOLS)


def test_fold_equals_the_spec_on_every_code_point():
    # Between letters and at a line start, in chunks (one fold call per character would take minutes).
    codes = [c for c in range(0x80, sys.maxunicode + 1) if not 0xD800 <= c < 0xE000]
    for start in range(0, len(codes), 4096):
        chunk = codes[start:start + 4096]
        text = "\n".join(f"Ab{chr(c)}c {chr(c)}x" for c in chunk)
        if fold_module.fold(text) != spec.fold(text):
            for c in chunk:
                one = f"Ab{chr(c)}c {chr(c)}x"
                assert fold_module.fold(one) == spec.fold(one), (hex(c), unicodedata.name(chr(c), ""))


def test_indic_vowel_signs_stay_and_nuktas_go():
    assert spec.fold("फोटो") == "फोटो".encode()
    for nukta in ("\u093c", "\u09bc", "\u0afd", "\u0c3c"):
        assert spec.fold("क" + nukta) == fold_module.fold("क" + nukta) == "क".encode()


def test_ends_sentence_equals_the_spec_at_the_end_of_a_line():
    for char in sorted(spec.sentence_ends() | spec.closers() | set(".,;:-a1 ")):
        for line in (f"Word{char}", f"Word.{char}", f"Word{char} ", f"{char}"):
            assert heuristics.ends_sentence(line) == spec.ends_sentence(line), (line, hex(ord(char)))


def test_tidy_equals_the_spec():
    for text in ("", "\n\n", "a  \n\n\n\nb\t\n", "\n\na\n", "a\n\n \n\nb"):
        assert tidy(text) == spec.tidy(text)


def test_union_length_counts_overlaps_once():
    assert spec.union_length([(0, 3), (2, 5), (7, 8)]) == 6
    assert spec.union_length([]) == 0
