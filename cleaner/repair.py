"""Mojibake repair: ftfy, but only on the lines a cheap gate finds suspicious.

Ungated `ftfy.fix_text` runs at about 2 MB/s; almost all text is clean, so a regex that looks for the
byte patterns UTF-8 leaves when decoded as cp1252/latin-1 keeps the common path fast.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable

from .normalize import latin1_bytes, non_ascii

# A UTF-8 lead byte seen as a latin-1/cp1252 letter (Â..ô), followed by a continuation byte seen the
# same way (0x80-0xBF, or the cp1252 characters that stand for 0x80-0x9F).
_CP1252_CONT = (
    "\u20ac\u201a\u0192\u201e\u2026\u2020\u2021\u02c6\u2030\u0160\u2039\u0152\u017d"
    "\u2018\u2019\u201c\u201d\u2022\u2013\u2014\u02dc\u2122\u0161\u203a\u0153\u017e\u0178"
)
_CP1250_LEAD = (
    "\u0102\u0139\u0106\u010c\u011a\u010e\u0110\u0143\u0147\u0150\u0158\u016e\u0170\u0162\u0155\u0103\u013a"
    "\u0107\u010d\u0119\u011b\u010f\u0111\u0144\u0148\u0151"
)
# One character class leads the whole expression, so `re` skips ahead in C to the next character that can
# start a suspicious pair (an alternation of classes would be tried at every position: 7x slower). A
# lookbehind then picks the branch for that first character.
_LEADS = "\u00c2-\u00f4\u0080-\u009f\u0420\u0421\u0432\u0413" + _CP1250_LEAD + "\u221a\u25ca\u2552-\u256c"
_BRANCHES = (
    "(?<=[\u0080-\u009f])"  # C1 controls (bytes 0x80-0x9F decoded as latin-1)
    # A continuation byte can also be U+FFFD, where a sloppy decoder lost it; ftfy repairs such sequences.
    # A U+FFFD after anything else is a loss ftfy cannot undo, and ftfy leaves its line alone.
    "|(?<=[\u00c2-\u00f4])[\u0080-\u00bf\ufffd" + _CP1252_CONT + "]"  # UTF-8 read as cp1252/latin-1 (a BOM too)
    "|(?<=[\u0420\u0421])[\u0400-\u045f\u00a0-\u00bf\u2018-\u203a\ufffd]"  # UTF-8 Cyrillic read as cp1251
    "|(?<=\u0432)[\u0402\ufffd]"  # punctuation as cp1251
    "|(?<=\u0413)[\u00a0-\u00bf\u0401-\u040f\u0451-\u045f\ufffd]"  # Latin as cp1251
    "|(?<=[" + _CP1250_LEAD + "])[\u0080-\u00bf\ufffd\u0160\u015a\u0164\u017d\u0179\u0161\u015b\u0165\u017e"
    "\u017a\u02c7\u02d8\u0141\u0104\u015e\u017b\u02db\u0142\u0105\u015f\u013d\u02dd\u013e\u017c\u2018-\u203a]"  # cp1250
    "|(?<=\u221a)[^\\s\\d(]|(?<=\u25ca)[\u00a0-\u00ff\u2000-\u22ff\ufffd]"  # UTF-8 read as MacRoman
    "|(?<=[\u2552-\u256c])[\u2500-\u25ff\u00c7-\u00ff\ufffd]"  # UTF-8 read as cp437
)
_SUSPICIOUS = re.compile("[" + _LEADS + "](?:" + _BRANCHES + ")")
# The gate or a C0 control character (C1 controls are in the gate): a document in which this finds nothing,
# most of them, needs no control stripping and no repair, and one scan tells.
_C0_CHARS = "\x00-\x08\x0b-\x1f\x7f"
_SUSPICIOUS_OR_CONTROL = re.compile("[" + _C0_CHARS + _LEADS + "](?:(?<=[" + _C0_CHARS + "])|" + _BRANCHES + ")")


# In Latin-1 text only three branches of the gate can match (C0, C1, and a lead from \u00c2-\u00f4 before
# a continuation from \u0080-\u00bf): one byte table marks them ("!" a control, "L" a lead, "C" a
# continuation) and two substring searches find them, several times faster than the regex.
_LATIN1_MARKS = bytes(
    ord("!") if b <= 0x08 or 0x0B <= b <= 0x1F or 0x7F <= b <= 0x9F
    else ord("L") if 0xC2 <= b <= 0xF4 else ord("C") if 0xA0 <= b <= 0xBF else ord(".")
    for b in range(256)
)


def needs_repair_or_controls(text: str, rest: str | None = None) -> bool:
    """False when non-ASCII text has no control character and nothing the gate suspects.

    `rest`: `non_ascii(text)`, when the caller has it. Two characters next to each other in the text are
    next to each other there too unless one is ASCII, and only the branch after U+221A takes an ASCII
    character second: so every suspicious pair of the text is one of `rest` too, and where `rest` has none
    (or only pairs of characters the text has apart), the text has none.
    """
    if rest is not None and "\u221a" not in rest:
        match = _SUSPICIOUS_OR_CONTROL.search(rest)
        if match is None:
            return False
        seconds = set()
        while match is not None:  # every match, overlapping ones too: a pair apart in the text can hide the next
            if match.end() - match.start() == 1:  # a control character
                return True
            seconds.add(rest[match.start() + 1])
            match = _SUSPICIOUS_OR_CONTROL.search(rest, match.start() + 1)
        # Looking at the few places of those second characters beats scanning the text with the regex.
        if sum(map(rest.count, seconds)) <= len(text) >> PAIR_LOOKUP_SHARE:
            return any(_pair_ends_in(text, second) for second in seconds)
    data = latin1_bytes(text)
    if data is None:
        return _SUSPICIOUS_OR_CONTROL.search(text) is not None
    marks = data.translate(_LATIN1_MARKS)
    return b"!" in marks or b"LC" in marks


# The places of the second characters are looked at one by one when there are at most this share (a power
# of two) of the text's length.
PAIR_LOOKUP_SHARE = 6


def _pair_ends_in(text: str, second: str) -> bool:
    """Whether a suspicious pair ends in an occurrence of `second` (never a control, nor after U+221A)."""
    at = text.find(second, 1)
    while at > 0:
        if _SUSPICIOUS_OR_CONTROL.match(text, at - 1):
            return True
        at = text.find(second, at + 1)
    return False


def looks_broken(text: str) -> bool:
    """True when the text may hold mojibake; false positives only cost an ftfy call."""
    return not text.isascii() and _SUSPICIOUS.search(text) is not None


def repair_encoding(text: str, fixed: dict[str, str] | None = None) -> str:
    """Fix mojibake on the lines the gate suspects; the result of ftfy's encoding repair, nothing else.

    Line by line, as `ftfy.fix_text` itself works: a scraped page mixes parts from several sources, one
    broken line should not decide for the others, and ftfy's cost stays with the few lines that need it.
    """
    return repair_and_report(text, fixed)[0]


def repair_and_report(text: str, fixed: dict[str, str] | None = None, rest: str | None = None) -> tuple[str, bool]:
    """`repair_encoding`, and whether the gate suspected any line (False: the text had no suspicious pair).

    A page repeats its broken lines (menus, bylines, "â€¦ more"), and the repeat after normalising meets
    the lines ftfy left alone again: ftfy is a pure function, so `fixed` remembers each line's result, for
    one document (a caller passes the same dictionary to the repeats). `rest`: `non_ascii(text)`, when
    the caller has it.
    """
    if text.isascii():
        return text, False
    # The repeat after normalising rarely finds anything, and the non-ASCII characters tell it sooner:
    # every suspicious pair of the text is one of theirs (see `needs_repair_or_controls`).
    if rest is None:
        rest = non_ascii(text)
    if rest is not None and "\u221a" not in rest and _SUSPICIOUS.search(rest) is None:
        return text, False
    match = _SUSPICIOUS.search(text)
    if match is None:
        return text, False
    fix = _ftfy_fix_encoding()
    if fixed is None:
        fixed = {}
    pieces = []
    pos = 0
    while match is not None:
        start = text.rfind("\n", 0, match.start()) + 1
        end = text.find("\n", match.end())
        if end < 0:
            end = len(text)
        pieces.append(text[pos:start])
        line = text[start:end]
        if line not in fixed:
            fixed[line] = fix(line)
        pieces.append(fixed[line])
        pos = end
        match = _SUSPICIOUS.search(text, end)
    pieces.append(text[pos:])
    return "".join(pieces), True


@functools.cache
def _ftfy_fix_encoding() -> Callable[[str], str]:
    """`ftfy.fix_encoding`, imported on first use (start-up: most short runs never need it) and with its
    configuration made once: `fix_encoding` makes a new one on every call, a twentieth of its time on the
    broken lines of page text."""
    import ftfy

    config = ftfy.TextFixerConfig(explain=False)  # what fix_encoding uses
    return lambda line: ftfy.fix_encoding_and_explain(line, config).text
