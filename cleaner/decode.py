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


def _cp1252_fallback(err: UnicodeDecodeError) -> tuple[str, int]:
    # Undecodable bytes are almost always a legacy single-byte encoding mixed into UTF-8;
    # cp1252 keeps every byte as a character (ftfy can repair it later), latin-1 covers its holes.
    chunk = err.object[err.start : err.end]
    return chunk.decode("cp1252", errors="ignore") if _all_cp1252(chunk) else chunk.decode("latin-1"), err.end


def _all_cp1252(chunk: bytes) -> bool:
    return all(b not in (0x81, 0x8D, 0x8F, 0x90, 0x9D) for b in chunk)


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

    errors: "fallback" decodes invalid bytes as cp1252, "replace" uses U+FFFD, "strict" raises
    UnicodeDecodeError. In the first two cases `Decoded.invalid` says where the first bad byte was.
    """
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return Decoded(data[len(bom) :].decode(encoding, errors="replace"), encoding)
    try:
        return Decoded(data.decode("utf-8"), "utf-8")
    except UnicodeDecodeError as err:
        if errors == "strict":
            raise
        first = _locate(data, err)
        handler = "cleaner-cp1252" if errors == "fallback" else "replace"
        return Decoded(data.decode("utf-8", errors=handler), "utf-8", first)


def _locate(data: bytes, err: UnicodeDecodeError) -> InvalidByte:
    line_start = data.rfind(b"\n", 0, err.start) + 1
    line = data.count(b"\n", 0, err.start) + 1
    column = len(data[line_start : err.start].decode("utf-8", errors="replace")) + 1
    # surrogateescape turns each bad byte into one lone surrogate: a linear way to count them.
    count = len(_ESCAPED.findall(data.decode("utf-8", errors="surrogateescape")))
    return InvalidByte(line=line, column=column, byte=data[err.start], count=count)


_ESCAPED = re.compile("[\udc80-\udcff]")
_BINARY_CONTROLS = re.compile(rb"[\x00-\x08\x0e-\x1a\x1c-\x1f]")
