"""The plain definitions every fast path must equal, written from Unicode data and slow on purpose.

Each fast path in the core (fold's byte tables, the heuristics' sentence test, tidying in one pass, collect's
coverage sums) is an optimisation of a definition here; the tests check the two agree on generated and on
every relevant character. The definitions are built from `unicodedata` (categories, names, NFKD), not from
the fast paths' own tables, so a wrong table is caught rather than copied. The few facts Unicode does not
hold (which Cyrillic and Greek letters pass for Latin ones) are data here, and the fast paths read them from
here, so they are stated once.

Nothing in the pipeline calls these functions but to build tables at import time.
"""

from __future__ import annotations

import re
import sys
import unicodedata
from functools import cache

# --------------------------------------------------------------------------------------------------
# The folded key (cleaner.core.fold)

# Cyrillic and Greek lowercase letters that look like Latin ones: obfuscation swaps them in ("Тelegram").
# Unicode's data in the standard library has no confusables table, so this list is the definition.
LOOK_ALIKES = {
    "\u0430": "a", "\u0435": "e", "\u043e": "o", "\u0440": "p", "\u0441": "c", "\u0443": "y", "\u0445": "x",
    "\u0456": "i", "\u0458": "j", "\u0455": "s", "\u0501": "d", "\u051b": "q", "\u051d": "w", "\u04bb": "h",
    "\u0457": "i", "\u0454": "e", "\u043a": "k", "\u043c": "m", "\u043d": "h", "\u0442": "t", "\u0432": "b",
    "\u03bf": "o", "\u03b1": "a", "\u03b9": "i", "\u03ba": "k", "\u03bd": "v", "\u03c1": "p", "\u03c4": "t",
    "\u03c5": "u", "\u03c7": "x", "\u03b5": "e", "\u03b7": "n", "\u03c9": "w", "\u03b2": "b", "\u03b3": "y",
}
# The Brahmic scripts from Devanagari to Sinhala: their vowel signs are vowels, not accents, so they stay.
INDIC_BLOCKS = (0x0900, 0x0DFF)


@cache
def copyright_signs() -> frozenset[str]:
    """Characters whose Unicode name says copyright (©, ℗): the key keeps their meaning as a word."""
    return frozenset(chr(c) for c in range(sys.maxunicode + 1) if "COPYRIGHT" in unicodedata.name(chr(c), ""))


def indic_kept(char: str) -> bool:
    """A character of the Indic blocks the key keeps: all but the dandas (punctuation) and the nukta, which
    spellings use or leave out as Latin text drops accents."""
    if not INDIC_BLOCKS[0] <= ord(char) <= INDIC_BLOCKS[1]:
        return False
    name = unicodedata.name(char, "")
    return "NUKTA" not in name and "DANDA" not in name


def fold_char(char: str) -> str:
    """What one character of lowercased, NFKD-decomposed text becomes in the key."""
    if char == "\n" or "a" <= char <= "z" or "0" <= char <= "9":
        return char
    if char.isascii():
        return ""
    if indic_kept(char):
        return char
    if char.isalnum():
        return LOOK_ALIKES.get(char, char)
    return ""


def fold(text: str) -> bytes:
    """The key rules match on: lowercase letters and digits of every script, line breaks kept, the rest
    (punctuation, spaces, marks, symbols, emoji) dropped; accents and compatibility forms decomposed away."""
    text = text.lower()
    signs = copyright_signs()
    text = "".join(" copyright " if c in signs else c for c in text)
    text = unicodedata.normalize("NFKD", text).lower()
    return "".join(fold_char(c) for c in text).encode("utf-8", "surrogatepass")


# --------------------------------------------------------------------------------------------------
# Sentence ends (cleaner.core.heuristics, cleaner.corpus.decide)

# Sentence-final punctuation of the scripts that have some, by Unicode name: full stops, question and
# exclamation marks (not the inverted or initial ones, which open a sentence), dandas; and the few whose
# name says neither (Myanmar's section signs, Khmer's khan, Tibetan's shad).
_END_WORDS = ("FULL STOP", "QUESTION MARK", "EXCLAMATION MARK", "DANDA")
_END_NAMES = ("MYANMAR SIGN SECTION", "MYANMAR SIGN LITTLE SECTION", "KHMER SIGN KHAN", "TIBETAN MARK SHAD")


@cache
def sentence_ends() -> frozenset[str]:
    ends = set()
    for c in range(sys.maxunicode + 1):
        char = chr(c)
        if unicodedata.category(char) != "Po":
            continue
        name = unicodedata.name(char, "")
        if (any(w in name for w in _END_WORDS) and "INVERTED" not in name and "INITIAL" not in name) \
                or name in _END_NAMES:
            ends.add(char)
    return frozenset(ends)


@cache
def closers() -> frozenset[str]:
    """What may follow a sentence end: closing brackets (Pe), final quotes (Pf) and the ASCII quotes."""
    return frozenset({'"', "'"} | {chr(c) for c in range(sys.maxunicode + 1)
                                   if unicodedata.category(chr(c)) in ("Pe", "Pf")})


def ends_sentence(line: str) -> bool:
    """The line ends in sentence-final punctuation, perhaps followed by closers and white space."""
    line = line.rstrip()
    close = closers()
    while line and line[-1] in close:
        line = line[:-1]
    return bool(line) and line[-1] in sentence_ends()


# --------------------------------------------------------------------------------------------------
# Tidying the output (cleaner.core.normalize.tidy, pipeline)

def tidy(text: str) -> str:
    """No trailing spaces or tabs, no leading blank lines, at most one blank line in a row, one final newline
    (none for empty text)."""
    text = re.sub(r"[ \t]+$", "", text, flags=re.MULTILINE)
    text = text.lstrip("\n")
    text = re.sub(r"\n{3,}", "\n\n", text)
    text = text.rstrip("\n")
    return text + "\n" if text else ""


# --------------------------------------------------------------------------------------------------
# Coverage (cleaner.core.collect)

def union_length(spans: list[tuple[int, int]]) -> int:
    """How many positions the half-open spans cover together (overlaps once)."""
    covered: set[int] = set()
    for start, end in spans:
        covered.update(range(start, end))
    return len(covered)


# --------------------------------------------------------------------------------------------------
# The mojibake gate (cleaner.core.repair)

# The code pages `ftfy.fix_encoding` re-encodes a line through (ftfy 6.3, chardata.py CHARMAP_ENCODINGS;
# facts read from it, none of its code). cp1255, cp1256 and cp1258 are not among them: ftfy repairs text
# misread through those only where it also reads as one of these (tests/core/test_mojibake_gate.py checks that).
MOJIBAKE_ENCODINGS = ("latin-1", "cp1252", "cp1251", "cp1250", "cp1253", "cp1254", "cp1257", "iso8859-2",
                      "cp437", "mac-roman")
# ftfy reads the windows code pages "sloppily" and takes "?" (and U+FFFD, in every code page) for a lost
# continuation byte there (chardata.py LOSSY_UTF8_RE).
SLOPPY_ENCODINGS = ("cp1252", "cp1251", "cp1250", "cp1253", "cp1254", "cp1257")
# The lead bytes after which ftfy puts back a continuation 0xA0 that became a plain space (or was lost
# before one: fixes.py A_GRAVE_WORD_RE, chardata.py ALTERED_UTF8_RE); never in MacRoman.
SPACE_AFTER_2 = (0xC2, 0xC3, 0xC5, 0xCE, 0xD0, 0xD9)  # two-byte leads: the space is the second byte
SPACE_SECOND_OF_3 = (0xE2, 0xE3)  # three-byte leads: the space is the second byte
SPACE_THIRD_OF_3 = (0xE0, 0xE1, 0xE2, 0xE3)  # three-byte leads: the space is the third byte
QUESTION_AFTER_2 = (0xC2, 0xC3)  # the two-byte leads after which "?" stands for the second byte
LEAD_BYTES = (0xC0, *range(0xC2, 0xF5))  # 0xC0: "modified UTF-8" (C0 80 for U+0000), which ftfy decodes
CONTINUATION_BYTES = tuple(range(0x80, 0xC0))


def misread_byte(encoding: str, byte: int) -> str:
    """The character a byte becomes in the code page, read sloppily: undefined bytes stay Latin-1."""
    try:
        return bytes([byte]).decode(encoding)
    except UnicodeDecodeError:
        return chr(byte)


def continuations_wanted(lead: int) -> int:
    """How many continuation bytes a UTF-8 lead byte asks for."""
    return 1 if lead < 0xE0 else 2 if lead < 0xF0 else 3


def ascii_continuation(encoding: str, lead: int, place: int) -> str:
    """The ASCII characters ftfy takes for the continuation byte at `place` (1: the first after the lead)."""
    wanted = continuations_wanted(lead)
    out = "?" if encoding in SLOPPY_ENCODINGS and (wanted > 1 or lead in QUESTION_AFTER_2) else ""
    if encoding != "mac-roman" and (
            (wanted == 1 and lead in SPACE_AFTER_2)
            or (wanted == 2 and place == 1 and lead in SPACE_SECOND_OF_3)
            or (wanted == 2 and place == 2 and lead in SPACE_THIRD_OF_3)
            or (wanted == 3 and lead == 0xF0)):
        out += " "
    return out if lead != 0xC0 else ""


def reads_as_utf8(line: str, encoding: str) -> bool:
    """The whole line, encoded in the code page, is UTF-8 (or the modified UTF-8 ftfy decodes too)."""
    try:
        data = line.encode(encoding)
    except UnicodeEncodeError:
        return False
    try:
        data.replace(b"\xc0\x80", b"\x00").decode("utf-8", "surrogatepass")
    except UnicodeDecodeError:
        return False
    return True


@cache
def _code_page(encoding: str) -> dict[str, list[int]]:
    """Every character of the code page's upper half and the bytes that read as it."""
    chars: dict[str, list[int]] = {}
    for byte in range(0x80, 0x100):
        chars.setdefault(misread_byte(encoding, byte), []).append(byte)
    return chars


def _suspicious_at(line: str, at: int, encoding: str) -> bool:
    """UTF-8 read through the code page starts at `at`: a lead byte's character, then as many continuations
    as it asks for (a continuation byte's character, U+FFFD, or an ASCII stand-in of `ascii_continuation`;
    after an ASCII first continuation the others are real ones). C0 80 only as itself."""
    table = _code_page(encoding)
    for lead in table.get(line[at], []):
        if lead not in LEAD_BYTES:
            continue
        wanted = continuations_wanted(lead)
        tail = line[at + 1:at + 1 + wanted]
        if len(tail) < wanted:
            continue
        if lead == 0xC0:
            if tail == misread_byte(encoding, 0x80):
                return True
            continue
        first_ascii = False
        for place, char in enumerate(tail, 1):
            real = char == "\ufffd" or any(b in CONTINUATION_BYTES for b in table.get(char, []))
            stand_in = char in ascii_continuation(encoding, lead, place) and not (place > 1 and first_ascii)
            if not (real or stand_in):
                break
            first_ascii = first_ascii or (place == 1 and not real)
        else:
            return True
    return False


def looks_broken_line(line: str) -> bool:
    """The gate's definition, on one line: a C1 control character, or UTF-8 read through one of the code
    pages at some place; through MacRoman only where the whole line reads as UTF-8 through it (its leads
    include curly quotes and its continuations accented letters: "l\u2019\u00e9t\u00e9")."""
    if any("\u0080" <= c <= "\u009f" for c in line):
        return True
    for encoding in MOJIBAKE_ENCODINGS:
        if any(_suspicious_at(line, at, encoding) for at in range(len(line))) and (
                encoding != "mac-roman" or reads_as_utf8(line, encoding)):
            return True
    return False


def looks_broken(text: str) -> bool:
    """The gate's definition: some line of the text looks broken."""
    return any(looks_broken_line(line) for line in text.split("\n"))
