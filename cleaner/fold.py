"""The folded key rules match on: lowercase letters and digits only, line breaks kept.

Folding makes matching robust to the ways spam is obfuscated: case, punctuation and spaces inside
words (WHAT'SAPP, W h a t s A p p, W.h.a.t.s.A.p.p), fullwidth and mathematical letters (NFKD),
accents, Cyrillic/Greek look-alikes, zero-width characters and emoji (not letters, so dropped).
Rule phrases go through the same function, so any script folds consistently with itself.
"""

from __future__ import annotations

import re
import unicodedata

# Cyrillic and Greek lowercase letters that look like Latin ones.
_CONFUSABLES = str.maketrans({
    "\u0430": "a", "\u0435": "e", "\u043e": "o", "\u0440": "p", "\u0441": "c", "\u0443": "y", "\u0445": "x",
    "\u0456": "i", "\u0458": "j", "\u0455": "s", "\u0501": "d", "\u051b": "q", "\u051d": "w", "\u04bb": "h",
    "\u0457": "i", "\u0454": "e", "\u043a": "k", "\u043c": "m", "\u043d": "h", "\u0442": "t", "\u0432": "b",
    "\u03bf": "o", "\u03b1": "a", "\u03b9": "i", "\u03ba": "k", "\u03bd": "v", "\u03c1": "p", "\u03c4": "t",
    "\u03c5": "u", "\u03c7": "x", "\u03b5": "e", "\u03b7": "n", "\u03c9": "w", "\u03b2": "b", "\u03b3": "y",
})
_HAS_CONFUSABLE = re.compile("[" + "".join(chr(c) for c in _CONFUSABLES) + "]")
_CONFUSABLE_PAIRS = tuple((chr(c), latin) for c, latin in _CONFUSABLES.items())
# Symbols whose meaning the key keeps although they are not letters.
_SYMBOLS = {"\u00a9": " copyright ", "\u2117": " copyright "}
# After the ASCII bytes are dropped, what is left to drop is non-ASCII and not a word character. Combining
# marks (U+0300-U+036F, left by NFKD) are not word characters either, so this also strips accents; the
# ASCII range listed first lets `re` accept the remaining ASCII letters without a Unicode lookup.
_NON_ASCII_NON_WORD = re.compile(r"[^\x00-\x7f\w]+")
# Every ASCII byte that is not a lowercase letter, a digit or a newline is dropped by bytes.translate,
# which runs at memory speed; UTF-8 bytes of non-ASCII letters are >= 0x80 and pass through.
_ASCII_DROP = bytes(b for b in range(128) if not (chr(b).isdigit() or "a" <= chr(b) <= "z" or b == 10))


def fold(text: str) -> bytes:
    """Fold a document; line i of the key is line i of `text.split("\\n")`.

    The Unicode steps run only when needed (each check is far cheaper than the step), and the final
    regex runs on the key after the ASCII drop, where little is left for it to look at.
    """
    text = text.lower()
    if text.isascii():
        return text.encode("utf-8").translate(None, _ASCII_DROP)
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


def fold_phrase(phrase: str) -> bytes:
    """Fold a rule phrase; a phrase is one line, so line breaks inside it are spaces."""
    return fold(phrase.replace("\n", " "))
