"""Which encoding a text file is in: UTF-8, the one the user names, or a guess that says how sure it is.

Order: a BOM; `--encoding NAME`; valid UTF-8; UTF-8 with a few stray bytes of another encoding (valid UTF-8
characters outnumber the bad bytes, or too few bad bytes to tell: read as cp1252 byte by byte, as
cleaner.core.decode does, lossless and said); else detection. Detection asks charset-normalizer for its
candidate readings, groups the encodings that give the same text, and weighs each group by how common its
encodings are on the web (PRIOR) times how clean and how like a language the text reads
(exp(COHERENCE_WEIGHT * coherence - CHAOS_WEIGHT * chaos - ODD_WEIGHT * oddness), where oddness counts the
characters a wrong reading leaves: controls, a letter of another script or an upper-case letter inside a
word, a symbol between two letters). The confidence is the winning group's share of the
total. Below MIN_CONFIDENCE the file is refused (exit 2, naming the best guesses and --encoding): a wrong
guess would be garbage throughout, and its boilerplate kept. The weights and the threshold were chosen on
half A of the DEV files encoded in legacy encodings (`python -m benchmarks.encodings`; docs/inputs-outputs.md).
"""

from __future__ import annotations

import codecs
import math
import re
import unicodedata
from dataclasses import dataclass

from cleaner.core.decode import Decoded, decode_bytes
from cleaner.errors import InputError

MIN_CONFIDENCE = 0.8
MIN_EVIDENCE = 8  # bad bytes below which the cp1252 reading stands (too little text to tell encodings apart)
COHERENCE_WEIGHT = 0.0
CHAOS_WEIGHT = 30.0  # 10 and 30 score alike on DEV half A; a Korean file read as Chinese needs 30
ODD_WEIGHT = 2.0
# How common each encoding is on the web, in rough shares of the pages that are not UTF-8 (W3Techs-like
# orders of magnitude): a tie between readings goes to the common encoding. Unlisted ones get DEFAULT_PRIOR.
PRIOR = {
    "cp1252": 40, "latin_1": 40, "iso8859_1": 40, "cp1251": 12, "cp932": 10, "shift_jis": 10, "gb18030": 10,
    "gbk": 10, "gb2312": 10, "euc_jp": 4, "euc_kr": 4, "cp949": 4, "big5": 2, "cp950": 2, "cp1250": 4,
    "iso8859_2": 4, "cp1254": 2, "iso8859_9": 2, "cp1256": 2, "cp874": 1.5, "tis_620": 1.5, "cp1255": 1,
    "iso8859_8": 1, "cp1253": 1, "iso8859_7": 1, "koi8_r": 1, "koi8_u": 0.5, "iso8859_15": 1, "cp1257": 0.5,
    "iso8859_13": 0.5, "cp1258": 0.3, "mac_roman": 0.5, "iso8859_5": 0.3, "cp866": 0.3, "big5hkscs": 0.5,
    "iso2022_jp": 1, "euc_jis_2004": 0.2, "shift_jis_2004": 0.2, "iso8859_6": 0.3, "cp850": 0.2, "cp437": 0.2,
}
DEFAULT_PRIOR = 0.05
# The name shown for a group of encodings that read the bytes alike: the first of these in it.
_PREFERRED = ("cp1252", "cp1251", "cp932", "gb18030", "cp949", "euc_jp", "big5", "cp1250", "cp1254", "cp1256",
              "cp874", "cp1255", "cp1253", "koi8_r", "iso8859_15", "cp1257", "mac_roman")


@dataclass(frozen=True)
class Guess:
    encoding: str
    confidence: float


@dataclass(frozen=True)
class Reading:
    """The decoded text; `encoding` is what to write back with (-i); `how`: bom, utf-8, given, stray-bytes,
    detected; `guesses` the detected candidates, best first (for --explain)."""

    text: str
    encoding: str
    how: str
    decoded: Decoded | None = None  # utf-8 and stray-bytes: where the first invalid byte was
    guesses: tuple[Guess, ...] = ()

    @property
    def confidence(self) -> float | None:
        return self.guesses[0].confidence if self.guesses else None


def codec_name(name: str) -> str:
    """Python's name for an encoding label; InputError-free ValueError for an unknown one."""
    try:
        return codecs.lookup(name).name
    except LookupError:
        raise ValueError(f"unknown encoding {name!r} (Python's codec names: cp1251, shift_jis, gb18030, "
                         "latin-1, ...)") from None


def prior(name: str) -> float:
    return PRIOR.get(codecs.lookup(name).name.replace("-", "_"), DEFAULT_PRIOR)


def detect(data: bytes) -> tuple[str, tuple[Guess, ...]]:
    """The most likely reading of bytes that are not UTF-8: (text, guesses best first, confidences summing
    to 1). Empty guesses when charset-normalizer finds no encoding that decodes them."""
    from charset_normalizer import from_bytes

    groups: dict[str, list] = {}  # decoded text -> [score, names]
    odd: dict[str, float] = {}
    for match in from_bytes(data):
        try:
            text = str(match)
        except (UnicodeDecodeError, LookupError):
            continue
        group = groups.setdefault(text, [0.0, []])
        if text not in odd:
            odd[text] = oddness(text)
        likelihood = math.exp(COHERENCE_WEIGHT * match.coherence - CHAOS_WEIGHT * match.chaos
                              - min(ODD_WEIGHT * odd[text], 700.0))
        for name in dict.fromkeys([match.encoding, *match.could_be_from_charset]):
            if name not in group[1]:
                group[0] += prior(name) * likelihood
                group[1].append(name)
    if not groups:
        return "", ()
    total = sum(score for score, _ in groups.values()) or 1.0
    ranked = sorted(groups.items(), key=lambda kv: -kv[1][0])
    guesses = tuple(Guess(_shown(names), score / total) for _text, (score, names) in ranked)
    return ranked[0][0], guesses


_NONASCII = re.compile(r"[^\x00-\x7f]")
# Non-ASCII punctuation and symbols that real text has (no-break space, typographic quotes and dashes, currency)
_COMMON = frozenset("\u00a0\u2018\u2019\u201c\u201d\u201e\u2013\u2014\u2026\u20ac\u00a3\u00a9\u00ae\u00b0"
                    "\u00a7\u00ab\u00bb\u00bf\u00a1\u00b7\u2022\u00b4\u2122\u3000")
_ONE_SCRIPT = {"HIRAGANA": "CJK", "KATAKANA": "CJK", "HANGUL": "CJK", "FULLWIDTH": "CJK", "HALFWIDTH": "CJK"}


def _script(c: str) -> str:
    word = unicodedata.name(c, "? ").split(" ", 1)[0]
    return _ONE_SCRIPT.get(word, word)


def oddness(text: str) -> float:
    """How many characters of text look like a wrong decoding: a control or unassigned character (3), a letter
    of another script than the letter before it, an upper-case letter after a lower-case one, a symbol inside
    a word (1), other unusual punctuation (0.5). Only non-ASCII characters are looked at."""
    odd = 0.0
    n = len(text)
    for m in _NONASCII.finditer(text):
        c, i = m.group(), m.start()
        cat = unicodedata.category(c)
        prev = text[i - 1] if i else " "
        if cat[0] == "C":
            odd += 3
        elif cat[0] == "L":
            if prev.isalpha():
                other_script = not (prev.isascii() and _script(c) == "LATIN") and _script(prev) != _script(c)
                odd += other_script or (prev.islower() and c.isupper())
        elif c not in _COMMON and not ("\u3000" <= c <= "\u303f" or "\uff00" <= c <= "\uffef"):  # CJK punctuation
            nxt = text[i + 1] if i + 1 < n else " "
            if prev.isalpha() and nxt.isalpha():
                odd += 1
            elif cat[0] in "SP":
                odd += 0.5
    return odd


def _shown(names: list[str]) -> str:
    normal = [codecs.lookup(n).name.replace("-", "_") for n in names]
    for preferred in _PREFERRED:
        if preferred in normal:
            return preferred
    return max(normal, key=prior)


def read_text(path: str, data: bytes, encoding: str | None = None, errors: str = "fallback") -> Reading:
    """Decode a text file's bytes; InputError (exit 2) when they are not UTF-8 and no guess is sure enough.

    errors: "fallback" detects (see the module's doc), "replace" and "strict" never guess: bad UTF-8 is U+FFFD,
    or an error (cleaner.core.decode). encoding: the file's encoding as the user said it (bytes invalid in it
    follow errors: cp1252 byte by byte, U+FFFD, or an error)."""
    if encoding is not None and codec_name(encoding) not in ("utf-8", "utf-8-sig"):
        return _read_given(path, data, codec_name(encoding), errors)
    decoded = decode_bytes(data, errors)  # type: ignore[arg-type]  # strict raises UnicodeDecodeError
    if decoded.invalid is None or decoded.encoding != "utf-8" or errors != "fallback" or encoding is not None:
        return Reading(decoded.text, decoded.encoding, "utf-8", decoded)
    bad = decoded.invalid.count
    valid_multibyte = sum(1 for ch in data.decode("utf-8", errors="ignore") if ord(ch) > 0x7F)
    if bad < MIN_EVIDENCE or valid_multibyte >= bad:
        return Reading(decoded.text, "utf-8", "stray-bytes", decoded)
    text, guesses = detect(data)
    if not guesses or guesses[0].confidence < MIN_CONFIDENCE:
        shown = ", ".join(f"{g.encoding} {g.confidence:.2f}" for g in guesses[:3]) or "none decodes it"
        example = guesses[0].encoding if guesses else "cp1252"
        raise InputError(path, f"is not UTF-8 and its encoding is unclear (best guesses: {shown}; "
                         f"needed: {MIN_CONFIDENCE})", hint=f"pass --encoding NAME, e.g. --encoding {example}")
    return Reading(text, guesses[0].encoding, "detected", None, guesses)


def _read_given(path: str, data: bytes, codec: str, errors: str) -> Reading:
    try:
        return Reading(data.decode(codec), codec, "given")
    except UnicodeDecodeError as err:
        if errors == "strict":
            line = data.count(b"\n", 0, err.start) + 1
            raise InputError(path, f"invalid {codec} (byte 0x{data[err.start]:02x})", line,
                             "check --encoding, or pass --encoding-errors fallback or replace") from err
        handler = "cleaner-cp1252" if errors == "fallback" else "replace"  # registered by cleaner.core.decode
        return Reading(data.decode(codec, errors=handler), codec, "given-invalid")


def encode_back(text: str, reading: Reading | None) -> bytes | None:
    """The bytes -i writes for a file read in a legacy encoding (detected or given), in that encoding; None
    when it was UTF-8 (the caller keeps its BOM rules) or the cleaned text has a character it cannot hold."""
    if reading is None or reading.how not in ("detected", "given"):
        return None
    try:
        return text.encode(reading.encoding)
    except UnicodeEncodeError:
        return None


def describe(reading: Reading) -> str:
    """One line for a warning or --explain: what was read and how sure."""
    if reading.how == "given":
        return f"read as {reading.encoding} (--encoding)"
    if reading.how == "detected":
        others = ", ".join(f"{g.encoding} {g.confidence:.2f}" for g in reading.guesses[1:3])
        return (f"not UTF-8: read as {reading.encoding} (detected, confidence {reading.confidence:.2f}"
                + (f"; next: {others}" if others else "") + "); pass --encoding NAME to choose")
    return f"read as {reading.encoding}"
