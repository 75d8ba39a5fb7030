"""Character-level normalisation: quotes, dashes, spaces, invisible and control characters, NFC.

Chained `str.replace` runs at hundreds of MB/s where `str.translate` manages ~20, so each mapping is
applied only when its character is present. NFKC is deliberately not used: it would rewrite fullwidth
CJK punctuation and compatibility characters that carry meaning.
"""

from __future__ import annotations

import re
import unicodedata

from cleaner.core.options import QuotesMode

# Typographic quotes and apostrophes to ASCII. Guillemets and CJK corner brackets are real
# punctuation of their languages and stay; so do primes (feet, minutes) and U+02BC, a letter in Ukrainian.
_QUOTES = {
    "\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'",
    "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u201f": '"',
}
_PUNCT_ASCII = {
    "\u2026": "...",  # ellipsis
    "\u2010": "-", "\u2011": "-", "\u2012": "-", "\u2212": "-",  # hyphens and minus; en/em dashes stay
}
# Always applied: spaces that look like a space become one, invisible characters go.
_SPACES = {c: " " for c in "\u00a0\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u202f\u205f"}
_INVISIBLE = {
    c: "" for c in "\u200b\u2060\ufeff\u00ad\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
}
# C0 controls but tab and newline, DEL, C1 controls (those left after encoding repair are noise), except the
# five that stand for the bytes cp1252 leaves undefined (0x81, 0x8D, 0x8F, 0x90, 0x9D): decoding invalid UTF-8
# reads those bytes as them, and dropping them would lose bytes of the input.
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f\x80\x82-\x8c\x8e\x91-\x9c\x9e\x9f]")
_C0 = re.compile("[\x00-\x08\x0b-\x1f\x7f]")
_ASCII_NON_CONTROL = bytes(b for b in range(128) if not _CONTROL.match(chr(b)))

# Characters that cannot make text other than NFC: assigned, of combining class 0, unchanged by NFC and never
# the second character of a canonical pair, so NFC's quick check says "yes" for them; text of these alone is
# NFC. Unicode's stability policy keeps all of it for assigned characters in later versions, and the tests
# check each one. The ranges cover Latin, Greek, Cyrillic, punctuation, symbols, CJK, Hangul and emoji.
_NFC_INERT = (
    "\x00-\u02ff\u038e-\u03a1\u03a3-\u0482\u0488-\u052f\u05d0-\u05ea\u061b-\u064a\u0660-\u066f\u0671-\u06d5"
    "\u0e01-\u0e37\u10d0-\u10ff\u1e00-\u1f15\u2002-\u2064\u2074-\u208e\u20a0-\u20c0\u2100-\u2125\u212c-\u218b"
    "\u2190-\u2328\u232b-\u2426\u2460-\u2adb\u3000-\u3029\u3030-\u303f\u3041-\u3096\u309b-\u30ff\u3220-\ua48c"
    "\uac00-\ud7a3\ue000-\uf8ff\uff01-\uffbe\ufff9-\ufffd\U0001f000-\U0001f02b\U0001f030-\U0001f093"
    "\U0001f100-\U0001f1ad\U0001f1e6-\U0001f202\U0001f300-\U0001f6d7\U0001f6dd-\U0001f6ec\U0001f700-\U0001f773"
    "\U0001f780-\U0001f7d8\U0001f900-\U0001fa53\U0001fa90-\U0001faac"
)
_MAYBE_NOT_NFC = re.compile("[^" + _NFC_INERT + "]")

_ALWAYS = {**_SPACES, **_INVISIBLE}
_ASCII_MODE = {**_ALWAYS, **_QUOTES, **_PUNCT_ASCII}
_ALWAYS_RE = re.compile("[" + "".join(_ALWAYS) + "]")
_ASCII_RE = re.compile("[" + "".join(_ASCII_MODE) + "]")


# Above this many characters the replacements go slice by slice: a full copy of a huge text per replaced
# character cost a 40 MB document 20x the 5 MB time (huge allocations), and a regex pass with a Python
# lookup per hit is slower than the copies of slices.
ONE_PASS_CHARS = 1 << 20


def _replace_present(text: str, table: dict[str, str], present: re.Pattern[str]) -> tuple[str, bool]:
    """Apply the table; also say whether a character was deleted (its neighbours now touch)."""
    if not present.search(text):
        return text, False
    found = [char for char in table if char in text]
    return _replace_found(text, table, found), any(not table[char] for char in found)


def _replace_found(text: str, table: dict[str, str], found: list[str]) -> str:
    """Replace the `found` keys of the table in the text: in slices of ONE_PASS_CHARS when it is longer.

    Keys are single characters and no replacement holds a key, so the slices may be cut anywhere and the
    result is the same; each slice takes only the keys in it, and no copy is of more than a slice.
    """
    if len(text) <= ONE_PASS_CHARS:
        for char in found:
            text = text.replace(char, table[char])
        return text
    pieces: list[str] = []
    step = max(ONE_PASS_CHARS, 1)
    for start in range(0, len(text), step):
        piece = text[start:start + step]
        for char in found:
            if char in piece:
                piece = piece.replace(char, table[char])
        pieces.append(piece)
    return "".join(pieces)


# Texts longer than this are put in NFC line by line, and only the lines that need it: one decomposed
# character must not send a whole long document through the slow composition.
NFC_LINES_CHARS = 1 << 12


def nfc(text: str) -> str:
    """`unicodedata.normalize("NFC", text)`, composed one line at a time where a line needs it.

    The same result: a line end is a starter that composes with nothing, so no canonical reordering or
    composition reaches across it, and NFC of the text is NFC of each line, joined.
    """
    if len(text) <= NFC_LINES_CHARS:
        return unicodedata.normalize("NFC", text)
    pieces: list[str] = []
    copied = 0  # text before this is in pieces
    pos = 0
    search = _MAYBE_NOT_NFC.search
    while (match := search(text, pos)) is not None:
        start = text.rfind("\n", 0, match.start()) + 1
        end = text.find("\n", match.end())
        if end < 0:
            end = len(text)
        line = text[start:end]
        if not unicodedata.is_normalized("NFC", line):
            pieces.append(text[copied:start])
            pieces.append(unicodedata.normalize("NFC", line))
            copied = end
        pos = end
    if not pieces:
        return text
    pieces.append(text[copied:])
    return "".join(pieces)


_PAGE_BREAK_AT_LINE_END = re.compile(r"[\f\v]+(?=[\r\n])|(?<=[\r\n])[\f\v]+")


def normalize_newlines(text: str) -> tuple[str, bool]:
    """Return text with "\\n" line ends and whether the input mostly used CRLF (to restore on output)."""
    if "\f" in text or "\v" in text:  # a page break: next to a line end it goes, between words it is a space
        text = _PAGE_BREAK_AT_LINE_END.sub("", text).replace("\f", " ").replace("\v", " ")
    if "\r" not in text:
        return text, False
    crlf = text.count("\r\n")
    text = text.replace("\r\n", "\n")
    lone = text.count("\r")
    if lone:
        text = text.replace("\r", "\n")
    return text, crlf > lone


def strip_c0(text: str, rest: str | None = None) -> str:
    """Drop C0 controls before encoding repair, so that a control between two mojibake characters
    cannot hide them from the repair on the first pass and expose them on the second. `rest`:
    `non_ascii(text)` (which keeps the controls), when the caller has it."""
    return _C0.sub("", text) if _C0.search(text if rest is None else rest) else text


# Every ASCII byte but the controls: deleting them from UTF-8 leaves the other characters whole, as no byte of
# a multi-byte sequence is below 0x80.
_PLAIN_ASCII = bytes(b for b in range(128) if not _C0.match(chr(b)))
# `non_ascii` gives up on text of which more than this share (a power of two) of the bytes in UTF-8 are not
# ASCII: text in another script, where looking at those characters instead of the text saves nothing.
REST_SHARE = 2
# How many slices of how many characters `non_ascii` looks at first in a long text.
SAMPLES = 8
SAMPLE_CHARS = 64


def non_ascii(text: str) -> str | None:
    """The characters of the text that are not ASCII, and the C0 controls, in order; None for text with a
    lone surrogate (UTF-8 cannot encode it) or mostly in another script (for a long text, as a sample says).

    Page text is mostly ASCII with a few quotes, dashes and symbols: the checks for characters to replace, for
    controls and for the Latin-1 shortcut then look at those few instead of scanning the whole text once each.
    """
    step = len(text) // SAMPLES
    if step > SAMPLE_CHARS:  # a look at a few slices spares encoding a long text in another script
        sample = "".join([text[i:i + SAMPLE_CHARS] for i in range(0, len(text), step)])
        if len(sample.encode("utf-8", "surrogatepass")) - len(sample) > len(sample) >> REST_SHARE:
            return None
    try:
        data = text.encode("utf-8")
    except UnicodeEncodeError:
        return None
    if len(data) - len(text) > len(text) >> REST_SHARE:
        return None
    return data.translate(None, _PLAIN_ASCII).decode("utf-8")


def latin1_bytes(text: str) -> bytes | None:
    """The text as Latin-1 bytes, or None when it is not Latin-1: a copy when it is, and a failure at the
    first character that is not, so the cheapest way to ask."""
    try:
        return text.encode("latin-1")
    except UnicodeEncodeError:
        return None


def normalize(text: str, quotes: QuotesMode = "ascii") -> str:
    """Normalise characters; idempotent and never changes the number of lines."""
    return normalize_and_report(text, quotes)[0]


def normalize_and_report(text: str, quotes: QuotesMode = "ascii", controls: bool = True) -> tuple[str, bool]:
    """`normalize`, and whether it may have brought two characters together: it deleted one (invisible
    or control characters) or composed some (NFC). Otherwise every change put ASCII in place of one
    character, which can never make mojibake appear (see `prepare_text`). `controls=False`: the caller
    knows the text has no control character (the replacements here put none in)."""
    if text.isascii():
        # Deleting every byte but the controls leaves nothing in most text: faster than a regex search.
        if not text.encode("ascii").translate(None, _ASCII_NON_CONTROL):
            return text, False
        return _CONTROL.sub("", text), True
    if not controls and latin1_bytes(text) is not None:
        return _normalize_latin1(text)
    return normalize_non_ascii(text, quotes, controls, non_ascii(text))


def _normalize_latin1(text: str) -> tuple[str, bool]:
    """Of the mapped characters only U+00A0 and U+00AD are Latin-1, and Latin-1 text is always NFC."""
    joined = "\u00ad" in text
    if joined:
        text = text.replace("\u00ad", "")
    if "\u00a0" in text:
        text = text.replace("\u00a0", " ")
    return text, joined


def normalize_non_ascii(text: str, quotes: QuotesMode, controls: bool, rest: str | None) -> tuple[str, bool]:
    """`normalize_and_report` for text that is not ASCII, with `non_ascii(text)` from the caller."""
    table, present = (_ASCII_MODE, _ASCII_RE) if quotes == "ascii" else (_ALWAYS, _ALWAYS_RE)
    if rest is not None:
        return _normalize_by_rest(text, rest, table, present, controls)
    if not controls and latin1_bytes(text) is not None:
        return _normalize_latin1(text)
    text, joined = _replace_present(text, table, present)
    if controls and _CONTROL.search(text):
        text = _CONTROL.sub("", text)
        joined = True
    if not unicodedata.is_normalized("NFC", text):
        text = nfc(text)
        joined = True
    return text, joined


def _normalize_by_rest(text: str, rest: str, table: dict[str, str], present: re.Pattern[str],
                       controls: bool) -> tuple[str, bool]:
    """`normalize_and_report` with the checks made on the few characters of `rest`, which holds every
    table key, control and character that can make the text other than NFC (none of them is ASCII but the
    C0 controls, which `rest` keeps); only the replacements touch the text."""
    joined = False
    if present.search(rest):
        found = [char for char in table if char in rest]
        joined = any(not table[char] for char in found)
        text = _replace_found(text, table, found)
        for char in found:  # every replacement is ASCII or nothing
            rest = rest.replace(char, "")
    if controls and _CONTROL.search(rest):
        text = _CONTROL.sub("", text)
        rest = _CONTROL.sub("", rest)
        joined = True
    if _MAYBE_NOT_NFC.search(rest) and not unicodedata.is_normalized("NFC", text):
        text = nfc(text)
        joined = True
    return text, joined


_BLANK_RUNS = re.compile(r"\n{3,}")
TIDY_PASSES = 3


def tidy(text: str) -> str:
    """No leading blank lines, no trailing spaces, at most one blank line in a row, one final newline."""
    # Trailing blanks are found with substring searches (a `[ \t]+$` regex stops at every space) and
    # replaced in whole-text passes, one blank per line end each; a line that ends in more blanks than
    # a few passes take is rare, and then every line is stripped on its own, as `[ \t]+$` with
    # re.MULTILINE would.
    for _ in range(TIDY_PASSES):
        if " \n" not in text and "\t\n" not in text:
            break
        text = text.replace(" \n", "\n").replace("\t\n", "\n")
    else:
        text = "\n".join([line.rstrip(" \t") for line in text.split("\n")])
    text = text.rstrip(" \t")  # the last line
    text = text.lstrip("\n")
    if "\n\n\n" in text:
        text = _BLANK_RUNS.sub("\n\n", text)
    text = text.rstrip("\n")
    return text + "\n" if text else ""
