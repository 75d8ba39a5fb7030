"""Mojibake repair works line by line, on the lines the gate suspects."""

from __future__ import annotations

from cleaner.core.repair import looks_broken, repair_encoding


def test_each_broken_line_is_repaired_on_its_own():
    # ftfy.fix_encoding on the whole document leaves "n\u00c3\u00a5n" broken (the correct "\u00e4" line
    # sways its judgement); line by line, every broken line is repaired and the good one left alone.
    text = "Finns det n\u00c3\u00a5n?\nDet \u00e4r bra.\nUtg\u00c3\u00a5va \u00c3\u00a4r ny.\n"
    assert repair_encoding(text) == "Finns det n\u00e5n?\nDet \u00e4r bra.\nUtg\u00e5va \u00e4r ny.\n"


def test_clean_text_is_returned_as_is():
    text = "Stra\u00dfe, \u00e9t\u00e9, \u4eca\u5929\n"
    assert not looks_broken(text)
    assert repair_encoding(text) is text


def test_line_count_is_kept():
    text = "a\n\u00c3\u00a9t\u00c3\u00a9\n\nb \u00e2\u20ac\u2122 c\nlast"
    assert repair_encoding(text).count("\n") == text.count("\n")
