"""The folded key rules match on: lowercase letters and digits only, line breaks kept.

Folding makes matching robust to the ways spam is obfuscated: case, punctuation and spaces inside
words (WHAT'SAPP, W h a t s A p p, W.h.a.t.s.A.p.p), fullwidth and mathematical letters (NFKD),
accents, Cyrillic/Greek look-alikes, zero-width characters and emoji (not letters, so dropped).
Rule phrases go through the same function, so any script folds consistently with itself.
"""

from __future__ import annotations

import re
import unicodedata

from cleaner.core.spec import INDIC_BLOCKS, LOOK_ALIKES, indic_kept

# Cyrillic and Greek lowercase letters that look like Latin ones (the list is a fact of spec.py).
_CONFUSABLES = str.maketrans(LOOK_ALIKES)
_HAS_CONFUSABLE = re.compile("[" + "".join(chr(c) for c in _CONFUSABLES) + "]")
_CONFUSABLE_PAIRS = tuple((chr(c), latin) for c, latin in _CONFUSABLES.items())
# Symbols whose meaning the key keeps although they are not letters.
_SYMBOLS = {"\u00a9": " copyright ", "\u2117": " copyright "}
# After the ASCII bytes are dropped, what is left to drop is non-ASCII and not a word character. Combining
# marks (U+0300-U+036F, left by NFKD) are not word characters either, so this also strips accents; the
# ASCII range listed first lets `re` accept the remaining ASCII letters without a Unicode lookup.
# The marks of the Indic scripts (Devanagari to Sinhala, U+0900-U+0DFF) are kept: their vowel signs are
# vowels, not accents, and without them "फोटो" (photo) folded to "फट" and every word to its consonants.
# The dandas (U+0964-U+0965) are punctuation and go; so do the nuktas (U+093C, U+09BC, ..., Gujarati's three
# more, Telugu's), which spellings use or leave out ("ज़्यादा", "ज्यादा") much as Latin text drops accents.
# Which characters those are is spec.indic_kept's definition, by Unicode name.
_INDIC_KEPT = [c for c in range(INDIC_BLOCKS[0], INDIC_BLOCKS[1] + 1) if indic_kept(chr(c))]


def _ranges(codes: list[int]) -> str:
    """A regex class body for these code points, as runs."""
    runs: list[list[int]] = []
    for c in codes:
        if runs and runs[-1][1] == c - 1:
            runs[-1][1] = c
        else:
            runs.append([c, c])
    return "".join(f"\\u{a:04x}-\\u{b:04x}" if a != b else f"\\u{a:04x}" for a, b in runs)


_NON_ASCII_NON_WORD = re.compile(r"[^\x00-\x7f\w" + _ranges(_INDIC_KEPT) + "]+")
# Every ASCII byte that is not a lowercase letter, a digit or a newline is dropped by bytes.translate,
# which runs at memory speed; UTF-8 bytes of non-ASCII letters are >= 0x80 and pass through.
_ASCII_DROP = bytes(b for b in range(128) if not (chr(b).isdigit() or "a" <= chr(b) <= "z" or b == 10))
# The same for text not yet lowercased: capitals are kept and mapped to small letters by the table.
_ASCII_DROP_CASED = bytes(b for b in _ASCII_DROP if not "A" <= chr(b) <= "Z")
_ASCII_LOWER = bytes(b + 32 if 65 <= b <= 90 else b for b in range(256))


def fold(text: str) -> bytes:
    """Fold a document; line i of the key is line i of `text.split("\\n")`.

    Most text is Latin-1 but for a few dashes, bullets and emoji: those are replaced by their (ASCII or
    empty) keys and the rest, capitals too, goes through one byte table. Other text takes the Unicode
    steps, each only when needed, with the final regex run on the key after the ASCII drop, where little
    is left for it.
    """
    if text.isascii():
        return text.encode("ascii").translate(_ASCII_LOWER, _ASCII_DROP_CASED)
    return _fold_pieces(text) if len(text) > 2 * PIECE_CHARS else _fold_whole(text)


def _fold_whole(text: str) -> bytes:
    """The key of non-ASCII text, without cutting it in pieces."""
    key = _fold_latin1(text)
    if key is None:
        key = _fold_unicode(text.lower()) if text.count("\n") < BLOCK_LINES else _fold_blocks(text)
    return key


# Text the Latin-1 path cannot take whole (a line of Greek or Arabic on an English page, many distinct
# symbols) is folded in blocks of this many lines: fold is line-local, and most blocks can take that path.
BLOCK_LINES = 16


def _fold_blocks(text: str) -> bytes:
    lines = text.split("\n")
    blocks = ("\n".join(lines[k:k + BLOCK_LINES]) for k in range(0, len(lines), BLOCK_LINES))
    return b"\n".join([fold(block) for block in blocks])


# Long text is folded in pieces of about this many characters: each step of a path (a copy of the text
# each) costs more per MB on a huge string than on pieces that stay in the processor's cache, and a
# Latin-1 attempt that fails after replacing a few characters wastes less. Measured on documents of 2-50
# MB, one line or a million short ones: fold fell from 33-43 ms/MB and 18-26 ms/MB, rising with the size,
# to a flat 10-11.
PIECE_CHARS = 1 << 16
# Where a piece ends: after a line break when one follows soon, else before a character that is neither
# cased nor case-ignorable, which the only context-dependent step (lowercasing a capital sigma, final or
# not) does not look past: spaces and digits, and for text without spaces CJK ideographs, kana and Hangul
# syllables (tested on every one).
_CUT = re.compile("[ \t0-9\u3041-\u3096\u30a1-\u30fa\u4e00-\u9fff\uac00-\ud7a3]")


def _fold_pieces(text: str) -> bytes:
    keys = []
    pos = 0
    n = len(text)
    while pos < n:
        end = text.find("\n", pos + PIECE_CHARS, pos + 2 * PIECE_CHARS) + 1
        if not end:
            cut = _CUT.search(text, pos + PIECE_CHARS)  # what it passes over goes into this piece
            end = n if cut is None else cut.start()
        piece = text[pos:end]
        keys.append(fold(piece) if piece.isascii() else _fold_whole(piece))  # no piece is cut again
        pos = end
    return b"".join(keys)


def _fold_unicode(text: str) -> bytes:
    """The key of lowercased text."""
    if "\u00a9" in text or "\u2117" in text:
        for char, repl in _SYMBOLS.items():
            text = text.replace(char, repl)
    if not unicodedata.is_normalized("NFKD", text):
        text = unicodedata.normalize("NFKD", text)
        if not text.islower():  # NFKD can yield capitals (fullwidth, mathematical letters); usually not
            text = text.lower()
    # surrogatepass: a lone surrogate (possible from the library API) survives the round trip and is
    # dropped by the final regex as a non-word character.
    key = text.encode("utf-8", "surrogatepass").translate(None, _ASCII_DROP)
    if key.isascii():
        return key
    # Look-alikes map to ASCII letters, which the drop above keeps, so mapping them after it is the same
    # and touches less text; one str.replace per letter present beats str.translate several times over.
    rest = key.decode("utf-8", "surrogatepass")
    if _HAS_CONFUSABLE.search(rest):
        for char, latin in _CONFUSABLE_PAIRS:
            if char in rest:
                rest = rest.replace(char, latin)
    return _NON_ASCII_NON_WORD.sub("", rest).encode("utf-8")


# The Latin-1 path. Folding is a map from each character to a key of its own (lowercasing works character
# by character but for a final capital sigma, whose key is not ASCII; NFKD, the look-alikes and the drops
# work character by character, and the marks whose order NFKD fixes are dropped), so the keys of single
# characters, worked out once by `_fold_unicode`, give the same result.
# A document with more distinct characters above U+00FF than this takes the Unicode path: each one
# costs a copy of the text here.
MAX_REPLACED_CHARS = 24
MAX_CACHED_CHARS = 1 << 16
_char_keys: dict[str, str | None] = {}  # character above U+00FF -> its ASCII key, or None if it has none


def _char_key(char: str) -> str | None:
    key = _char_keys.get(char)
    if key is None and char not in _char_keys:
        folded = _fold_unicode(char.lower())
        key = folded.decode("ascii") if folded.isascii() else None
        if len(_char_keys) < MAX_CACHED_CHARS:
            _char_keys[char] = key
    return key


def _latin1_tables() -> tuple[bytes, bytes, dict[bytes, bytes], bytes]:
    """The byte table and deletions for U+0000-U+00FF, the bytes whose key is longer than one character
    (replaced first), and those whose key is neither ASCII nor Latin-1 (the Unicode path takes them)."""
    table = bytearray(_ASCII_LOWER)
    delete = bytearray(_ASCII_DROP_CASED)
    longer: dict[bytes, bytes] = {}
    other = bytearray()
    for code in range(0x80, 0x100):
        key = _fold_unicode(chr(code).lower()).decode("utf-8")
        if not key:
            delete.append(code)
        elif len(key) == 1 and ord(key) < 0x100:
            table[code] = ord(key)
        elif key.isascii():
            longer[bytes([code])] = key.encode("ascii")
        else:
            other.append(code)
    return bytes(table), bytes(delete), longer, bytes(other)


_LATIN1_TABLE, _LATIN1_DELETE, _LATIN1_LONGER, _LATIN1_OTHER = _latin1_tables()


def _fold_latin1(text: str) -> bytes | None:
    """The key of `text`, or None when it is not (nearly) Latin-1."""
    replaced = 0
    while True:
        try:
            data = text.encode("latin-1")  # a copy when the text is Latin-1; else it says where it is not
            break
        except UnicodeEncodeError as err:
            char = text[err.start]
            key = _char_key(char)
            replaced += 1
            if key is None or replaced > MAX_REPLACED_CHARS:
                return None
            text = text.replace(char, key)
    for code in _LATIN1_OTHER:
        if code in data:
            return None
    for one, longer in _LATIN1_LONGER.items():
        if one in data:
            data = data.replace(one, longer)
    data = data.translate(_LATIN1_TABLE, _LATIN1_DELETE)
    # Letters kept as they are (\u00df, \u00e6, \u00f8) are Latin-1 bytes here; the key is UTF-8.
    return data if data.isascii() else data.decode("latin-1").encode("utf-8")


def fold_phrase(phrase: str) -> bytes:
    """Fold a rule phrase; a phrase is one line, so line breaks inside it are spaces."""
    return fold(phrase.replace("\n", " "))
