"""No byte of the input is lost without a word: cp1252's five undefined bytes, bad UTF-16, form feeds."""

from __future__ import annotations

import codecs

from hypothesis import assume, given
from hypothesis import strategies as st

from cleaner import Cleaner
from cleaner.core.decode import decode_bytes
from tests.conftest import run_cli

HOLES = bytes([0x81, 0x8D, 0x8F, 0x90, 0x9D])


def test_the_five_undefined_cp1252_bytes_become_c1_controls_and_stay():
    decoded = decode_bytes(b"Caf\x81 " + HOLES + b" \x93q\x94 \x80")
    assert decoded.text == "Caf\x81 \x81\x8d\x8f\x90\x9d \u201cq\u201d \u20ac"
    assert decoded.invalid is not None and decoded.invalid.count == 9
    assert Cleaner(quotes="keep").clean(decoded.text) == decoded.text + "\n"


@given(st.binary(max_size=40))
def test_fallback_decoding_keeps_one_character_per_invalid_byte(data):
    # A BOM decides the encoding (UTF-16/32 are decoded as such) and a UTF-8 one is not text: the property is
    # about text without one (a BOM alone is CI's hypothesis case).
    assume(not data.startswith((codecs.BOM_UTF8, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)))
    text = decode_bytes(data).text
    # Every invalid byte is one character; valid UTF-8 around it decodes as usual: nothing vanishes.
    assert len(text) == len(data.decode("utf-8", errors="surrogateescape"))


def test_in_place_writes_the_undefined_bytes_back_as_characters(tmp_path):
    path = tmp_path / "legacy.txt"
    path.write_bytes(b"Line one \x81\x8d\x8f\x90\x9d here.\nCaf\xe9 two.\nShare this article\n")
    proc = run_cli("--no-config", "-i", str(path))
    assert proc.returncode == 0, proc.stderr
    assert b"legacy.txt:1:10: invalid UTF-8 (byte 0x81, 6 bad bytes in all), decoded as cp1252" in proc.stderr
    # rewritten (a share line went) as UTF-8, every byte still there as a character
    assert path.read_text(encoding="utf-8") == "Line one \x81\x8d\x8f\x90\x9d here.\nCaf\u00e9 two.\n"


def test_bad_utf16_is_replaced_with_a_warning_naming_file_line_and_column(tmp_path):
    path = tmp_path / "u16.txt"
    body = "Hello\nwor".encode("utf-16-le") + b"\x00\xd8" + "ld\n".encode("utf-16-le") + b"x"
    path.write_bytes(codecs.BOM_UTF16_LE + body)  # a lone high surrogate, and an odd byte at the end
    proc = run_cli("--no-config", str(path))
    assert proc.returncode == 0
    assert f"{path}:2:4: invalid UTF-16-LE (2 bad code units in all".encode() in proc.stderr
    assert proc.stdout.decode() == "Hello\nwor\ufffdld\n\ufffd\n"
    strict = run_cli("--no-config", "--encoding-errors", "strict", str(path))
    assert strict.returncode == 2


def test_utf8_with_bom_and_bad_bytes_is_decoded_like_utf8_without():
    decoded = decode_bytes(codecs.BOM_UTF8 + b"ok\ncaf\xe9")
    assert decoded.text == "ok\ncaf\u00e9"
    assert decoded.invalid is not None and (decoded.invalid.line, decoded.invalid.column) == (2, 4)


def test_a_form_feed_separates_words():
    c = Cleaner()
    assert c.clean("The end of the page.\fNext page starts here.") == "The end of the page. Next page starts here.\n"
    assert c.clean("Page one ends.\n\fPage two.\f\n") == "Page one ends.\nPage two.\n"
    assert c.clean("a\vb") == "a b\n"
