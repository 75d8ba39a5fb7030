"""The text of an HTML page as crawled: bytes in, the page's own charset out, never a silent guess.

Order (as a browser has it, minus the guesswork): a byte order mark; the charset the server sent (the
Content-Type of an HTTP response, e.g. from a WARC record); the page's `<meta charset>` or
`<meta http-equiv="Content-Type" content="...; charset=...">` in its first bytes; valid UTF-8; and only then
detection (charset-normalizer) on the bytes. `PageText.source` says which one decided, so a caller can count
or flag the detected ones.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass

_BOMS = (
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
_PRESCAN = 4096  # the spec's prescan reads 1024 bytes; pages put a long <head> before the meta often enough
_META = re.compile(rb"<meta\b[^>]*?charset\s*=\s*[\"']?\s*([A-Za-z0-9_.:-]{1,40})", re.I)
_HEADER_CHARSET = re.compile(r"charset\s*=\s*[\"']?\s*([A-Za-z0-9_.:-]{1,40})", re.I)
# WHATWG Encoding: labels that browsers decode as a superset (a page labelled latin-1 is read as cp1252).
_SUPERSET = {
    "iso-8859-1": "cp1252", "latin-1": "cp1252", "latin1": "cp1252", "us-ascii": "cp1252", "ascii": "cp1252",
    "iso-8859-9": "cp1254", "tis-620": "cp874", "iso-8859-11": "cp874", "gb2312": "gb18030", "gbk": "gb18030",
    "shift_jis": "cp932", "shift-jis": "cp932", "sjis": "cp932", "x-sjis": "cp932", "euc-kr": "cp949",
    "ks_c_5601-1987": "cp949", "utf8": "utf-8", "unicode": "utf-16-le", "utf-16": "utf-16-le",
    "x-user-defined": "cp1252",
}


@dataclass(frozen=True)
class PageText:
    """The decoded page, the encoding used, and what decided it: bom, http, meta, utf-8 or detected."""

    text: str
    encoding: str
    source: str


def _codec(label: str | None) -> str | None:
    """A Python codec name for a charset label, or None if Python knows no such encoding."""
    if not label:
        return None
    name = label.strip().strip("\"'").lower()
    name = _SUPERSET.get(name, name)
    try:
        return codecs.lookup(name).name
    except LookupError:
        return None


def meta_charset(head: bytes) -> str | None:
    """The charset a page declares in a <meta> of its first _PRESCAN bytes (the raw label)."""
    found = _META.search(head[:_PRESCAN])
    return found.group(1).decode("ascii") if found else None


def header_charset(content_type: str | None) -> str | None:
    """The charset parameter of an HTTP Content-Type value."""
    if not content_type:
        return None
    found = _HEADER_CHARSET.search(content_type)
    return found.group(1) if found else None


def decode_html(data: bytes, content_type: str | None = None) -> PageText:
    """Decode a crawled page; `content_type` is the HTTP Content-Type header value when known."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return PageText(data[len(bom):].decode(encoding, errors="replace"), encoding, "bom")
    for label, source in ((header_charset(content_type), "http"), (meta_charset(data), "meta")):
        codec = _codec(label)
        if codec is None:
            continue
        if codec.startswith("utf-16") and source == "meta":
            codec = "utf-8"  # a <meta> readable as ASCII is not in UTF-16: browsers read such a page as UTF-8
        try:
            return PageText(data.decode(codec), codec, source)
        except UnicodeDecodeError:
            if codec != "utf-8":  # a declared legacy charset with stray bytes: still the page's charset
                return PageText(data.decode(codec, errors="replace"), codec, source)
            # Declared UTF-8 that is not: servers and templates say utf-8 by default, detect instead.
            break
    try:
        return PageText(data.decode("utf-8"), "utf-8", "utf-8")
    except UnicodeDecodeError:
        pass
    return _detect(data)


def _detect(data: bytes) -> PageText:
    from charset_normalizer import from_bytes

    best = from_bytes(data[:200_000]).best()
    codec = _codec(best.encoding) if best is not None else None
    if codec is None:  # nothing fits: UTF-8 with replacement characters shows the damage instead of hiding it
        return PageText(data.decode("utf-8", errors="replace"), "utf-8", "detected")
    return PageText(data.decode(codec, errors="replace"), codec, "detected")
