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
