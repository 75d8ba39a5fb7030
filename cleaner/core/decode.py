"""Bytes to text without crashing and without silently dropping anything."""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass
from typing import Literal

ErrorsMode = Literal["fallback", "strict", "replace"]

_BOMS = (
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)


@dataclass(frozen=True)
class InvalidByte:
    """Where the first invalid byte sits, so the CLI can name file, line and column."""

    line: int
    column: int
    byte: int
    count: int


@dataclass(frozen=True)
class Decoded:
    text: str
    encoding: str
    invalid: InvalidByte | None = None


# Each byte as cp1252 reads it, and the five bytes cp1252 leaves undefined (0x81, 0x8D, 0x8F, 0x90, 0x9D)
# as the C1 control of the same number, as Latin-1 reads them: every byte becomes one character and comes back.
_SLOPPY_CP1252 = [bytes([b]).decode("cp1252", errors="strict") if b not in (0x81, 0x8D, 0x8F, 0x90, 0x9D)
                  else chr(b) for b in range(256)]


def _cp1252_fallback(err: UnicodeDecodeError) -> tuple[str, int]:
    # Undecodable bytes are almost always a legacy single-byte encoding mixed into UTF-8;
    # cp1252 keeps every byte as a character (ftfy can repair it later), Latin-1 covers its holes.
    return "".join([_SLOPPY_CP1252[b] for b in err.object[err.start : err.end]]), err.end


codecs.register_error("cleaner-cp1252", _cp1252_fallback)  # type: ignore[arg-type]  # only decoding uses it


def looks_binary(data: bytes) -> bool:
    """Whether to skip data as binary: NUL bytes in the first 8 KiB (outside a UTF-16/32 BOM), as git judges,
    unless they are a few stray NULs in otherwise valid UTF-8 text.

    Scrapers do leave the odd NUL in real text, and skipping the whole document for it would lose content;
    such NULs are dropped with the other control characters. Many control bytes (over 1 in 10: UTF-16
    without a BOM, packed numbers) or invalid UTF-8 next to them (images, archives, PDFs) mean binary.
    """
    head = data[:8192]
    if any(head.startswith(bom) for bom, _ in _BOMS):
        return False
    if b"\x00" not in head:
        return False
    if len(_BINARY_CONTROLS.findall(head)) * 10 > len(head):
        return True
    try:
        head.decode("utf-8")
    except UnicodeDecodeError as err:
        return not (len(data) > len(head) and err.start >= len(head) - 3)  # a character cut by the 8 KiB limit
    return False


def nul_position(data: bytes) -> tuple[int, int, int] | None:
    """(line, column, count) of the NUL bytes in text data, for a warning that they were dropped."""
    first = data.find(b"\x00")
    if first < 0:
        return None
    line_start = data.rfind(b"\n", 0, first) + 1
    column = len(data[line_start:first].decode("utf-8", errors="replace")) + 1
    return data.count(b"\n", 0, first) + 1, column, data.count(b"\x00")


def decode_bytes(data: bytes, errors: ErrorsMode = "fallback") -> Decoded:
    """Decode UTF-8 (or a BOM-marked UTF-16/32); report the first invalid byte instead of losing it.

    errors: "fallback" decodes invalid bytes as cp1252 (its five undefined bytes as the C1 controls of the same
    number, so no byte is lost), "replace" uses U+FFFD, "strict" raises UnicodeDecodeError. In the first two
    cases `Decoded.invalid` says where the first bad byte was; invalid UTF-16/32 is U+FFFD in both, and said.
    """
    offset = 0
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            if encoding != "utf-8":
                return _decode_utf16_32(data[len(bom):], encoding, errors)
            offset = len(bom)  # UTF-8 with a BOM: the same as without, bad bytes and all
            break
    body = data[offset:] if offset else data
    try:
        return Decoded(body.decode("utf-8"), "utf-8")
    except UnicodeDecodeError as err:
        if errors == "strict":
            raise
        first = _locate(body, err)
        handler = "cleaner-cp1252" if errors == "fallback" else "replace"
        return Decoded(body.decode("utf-8", errors=handler), "utf-8", first)


def _decode_utf16_32(body: bytes, encoding: str, errors: ErrorsMode) -> Decoded:
    """BOM-marked UTF-16/32: a lone surrogate or a cut-off last code unit becomes U+FFFD (no other reading
    keeps it), and `invalid` says where, so it is never replaced without a warning."""
    try:
        return Decoded(body.decode(encoding), encoding)
    except UnicodeDecodeError as err:
        if errors == "strict":
            raise
        before = body[: err.start].decode(encoding, errors="replace")
        line = before.count("\n") + 1
        column = len(before) - (before.rfind("\n") + 1) + 1
        count = [0]

        def counting(e: UnicodeDecodeError) -> tuple[str, int]:
            count[0] += 1
            return "\ufffd", e.end

        codecs.register_error("cleaner-count", counting)  # type: ignore[arg-type]
        text = body.decode(encoding, errors="cleaner-count")
        return Decoded(text, encoding, InvalidByte(line=line, column=column, byte=body[err.start], count=count[0]))


def _locate(data: bytes, err: UnicodeDecodeError) -> InvalidByte:
    line_start = data.rfind(b"\n", 0, err.start) + 1
    line = data.count(b"\n", 0, err.start) + 1
    column = len(data[line_start : err.start].decode("utf-8", errors="replace")) + 1
    # surrogateescape turns each bad byte into one lone surrogate: a linear way to count them.
    count = len(_ESCAPED.findall(data.decode("utf-8", errors="surrogateescape")))
    return InvalidByte(line=line, column=column, byte=data[err.start], count=count)


_ESCAPED = re.compile("[\udc80-\udcff]")
_BINARY_CONTROLS = re.compile(rb"[\x00-\x08\x0e-\x1a\x1c-\x1f]")
