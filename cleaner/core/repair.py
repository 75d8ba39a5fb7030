"""Mojibake repair: ftfy, but only on the lines a cheap gate finds suspicious.

Ungated `ftfy.fix_text` runs at about 2 MB/s; almost all text is clean, so a regex that looks for what
UTF-8 leaves when read through any code page ftfy repairs keeps the common path fast. The promise, and
the property test that checks it: every line `ftfy.fix_encoding` would change reaches it (docs/mojibake.md).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable

from cleaner.core.normalize import latin1_bytes
from cleaner.core.spec import (
    MOJIBAKE_ENCODINGS,
    QUESTION_AFTER_2,
    SLOPPY_ENCODINGS,
    SPACE_AFTER_2,
    SPACE_SECOND_OF_3,
    SPACE_THIRD_OF_3,
    misread_byte,
    reads_as_utf8,
)

# The gate is derived from the code pages, not listed by hand. UTF-8 read through a single-byte code page
# (and read so again: the second reading is again one code page) turns every lead byte (0xC2-0xF4, and
# 0xC0 of the "modified UTF-8" that ftfy decodes too) into one character and every continuation byte
# (0x80-0xBF) into another: the gate looks for a lead character of some code page followed by as many
# continuation characters of the same code page as the lead byte asks for. The code pages, ftfy's ASCII
# stand-ins for a lost continuation and the plain definition these expressions must equal are spec.py's
# (spec.looks_broken; tests/core/test_fast_paths.py checks the two agree).
ENCODINGS = MOJIBAKE_ENCODINGS
_SLOPPY = SLOPPY_ENCODINGS
_SPACE_AFTER_2 = SPACE_AFTER_2
_SPACE_SECOND_OF_3 = SPACE_SECOND_OF_3
_SPACE_THIRD_OF_3 = SPACE_THIRD_OF_3
_QUESTION_AFTER_2 = QUESTION_AFTER_2
_char = misread_byte


def _cls(chars: set[str] | str) -> str:
    return "[" + "".join(re.escape(c) for c in sorted(chars)) + "]"


def _branches(encodings: tuple[str, ...]) -> tuple[dict[str, set[str]], dict[str, set[str]], set[str], set[str],
                                                   set[str]]:
    """For the code pages: {tail pattern: the lead characters it follows}; {continuation class: leads},
    the pairs of a lead and a continuation of one code page; the two-byte leads that may take an ASCII
    character (space, "?") right after them, the only pairs that taking ASCII out hides; and the longer
    leads that may take "?" (and a space as well) first, a continuation character following."""
    tails: dict[str, set[str]] = {}
    pairs: dict[str, set[str]] = {}
    ascii_leads: set[str] = set()
    ascii_first: set[str] = set()
    space_first: set[str] = set()
    conts: set[str] = set()
    for enc in encodings:
        table = {b: _char(enc, b) for b in range(0x80, 0x100)}
        cont = {table[b] for b in range(0x80, 0xC0)} | {"\ufffd"}
        x = _cls(cont)
        conts |= cont
        sloppy, spaces = enc in _SLOPPY, enc != "mac-roman"
        pairs.setdefault(x, set()).update(table[b] for b in (0xC0, *range(0xC2, 0xF5)))
        for lead in [0xC0, *range(0xC2, 0xF5)]:
            follow: list[str] = []
            if lead == 0xC0:
                follow.append(_cls({table[0x80]}))
            elif lead < 0xE0:
                extra = (" " if spaces and lead in _SPACE_AFTER_2 else "") + \
                        ("?" if sloppy and lead in _QUESTION_AFTER_2 else "")
                follow.append(x)
                if extra:
                    follow.append("[" + re.escape(extra) + "]")
                    ascii_leads.add(table[lead])
            else:
                n = 2 if lead < 0xF0 else 3
                # which ASCII characters may stand for a continuation at each place (at most one of them)
                first = ("?" if sloppy else "") + (" " if spaces and lead in (*_SPACE_SECOND_OF_3, 0xF0) else "")
                later = ("?" if sloppy else "") + (" " if spaces and lead in (*_SPACE_THIRD_OF_3, 0xF0) else "")
                xl = _cls(cont | set(later)) if later else x
                follow.append(x + "(?=" + (xl if n == 2 else xl + "{2}") + ")")
                if first:
                    (space_first if " " in first else ascii_first).add(table[lead])
                    follow.append("[" + re.escape(first) + "](?=" + x * (n - 1) + ")")
            for tail in follow:
                tails.setdefault(tail, set()).add(table[lead])
    return tails, pairs, ascii_leads, ascii_first, space_first


def _alternation(tails: dict[str, set[str]]) -> str:
    return "|".join("(?<=" + _cls(leads) + ")" + tail for tail, leads in tails.items())


_MAIN_TAILS, _MAIN_PAIRS, _MAIN_ASCII_LEADS, _QUESTION_FIRST, _SPACE_FIRST = _branches(ENCODINGS[:-1])
# MacRoman puts letters of Western languages among its continuations and its lead characters include
# the curly apostrophe and quotes ("l\u2019\u00e9t\u00e9"): a match there is believed only when the whole
# line reads as UTF-8 through MacRoman, the one way ftfy repairs it (its repair of a part of a line keeps
# to characters whose MacRoman pairs are pairs of cp1252 too).
_MAC_TAILS, _MAC_PAIRS, _, _, _ = _branches(ENCODINGS[-1:])
_ALL_LEADS = set().union(*_MAIN_TAILS.values(), *_MAC_TAILS.values())
_LEADS = re.escape("".join(sorted(_ALL_LEADS)))
_BRANCHES = ("(?<=[\u0080-\u009f])"  # C1 controls (bytes 0x80-0x9F decoded as latin-1): ftfy maps them
             "|" + _alternation(_MAIN_TAILS) + "|(?P<mac>" + _alternation(_MAC_TAILS) + ")")
# One character class leads the whole expression, so `re` skips ahead in C to the next character that can
# start a suspicious pair (an alternation of classes would be tried at every position: 7x slower). A
# lookbehind then picks the branch for that first character.
_SUSPICIOUS = re.compile("[" + _LEADS + "\u0080-\u009f](?:" + _BRANCHES + ")")
# The gate or a C0 control character (C1 controls are in the gate): a document in which this finds nothing,
# most of them, needs no control stripping and no repair, and one scan tells.
_C0_CHARS = "\x00-\x08\x0b-\x1f\x7f"
_SUSPICIOUS_OR_CONTROL = re.compile("[" + _C0_CHARS + _LEADS + "\u0080-\u009f](?:(?<=[" + _C0_CHARS + "])|"
                                    + _BRANCHES + ")")
# The gate's branches cost at every lead character; most leads in real text are followed by an ASCII
# letter, a space or punctuation that no branch takes. So a cheap superset runs first (a lead and a
# continuation of the same code page, or the ASCII forms after the leads that take them) and the gate
# proper only where it matched.
_PAIRS = {**_MAIN_PAIRS}
for _x, _leads in _MAC_PAIRS.items():
    _PAIRS.setdefault(_x, set()).update(_leads)
_CONTS = {_char(enc, b) for enc in ENCODINGS for b in range(0x80, 0xC0)} | {"\ufffd"}
_F = _cls(_CONTS)
_PAIR_BRANCHES = "|".join("(?<=" + _cls(leads) + ")" + x for x, leads in _PAIRS.items())
_CANDIDATE_BRANCHES = ("(?<=[\u0080-\u009f])|(?=" + _F + ")(?:" + _PAIR_BRANCHES + ")|(?=[ ?])(?:(?<="
                       + _cls(_MAIN_ASCII_LEADS) + ")[ ?]|(?<=" + _cls(_QUESTION_FIRST | _SPACE_FIRST) + ")[?]" + _F
                       + "|(?<=" + _cls(_SPACE_FIRST) + ") " + _F + ")")
_CANDIDATE = re.compile("[" + _LEADS + "\u0080-\u009f](?:" + _CANDIDATE_BRANCHES + ")")
_CANDIDATE_OR_CONTROL = re.compile("[" + _C0_CHARS + _LEADS + "\u0080-\u009f](?:(?<=[" + _C0_CHARS + "])|"
                                   + _CANDIDATE_BRANCHES + ")")
# The candidates in the non-ASCII characters of a text (ASCII taken out): every suspicious place of the
# text leaves a lead next to a continuation of its code page there, or is a two-byte lead that takes an
# ASCII character right after it (those match alone); a control character matches alone.
_REST_CANDIDATE = re.compile("[" + _C0_CHARS + _LEADS + "\u0080-\u009f](?:(?<=[" + _C0_CHARS + "\u0080-\u009f"
                             + _cls(_MAIN_ASCII_LEADS)[1:] + ")|" + _PAIR_BRANCHES + ")")


def _line_at(text: str, pos: int) -> str:
    start = text.rfind("\n", 0, pos) + 1
    end = text.find("\n", pos)
    return text[start:end if end >= 0 else len(text)]


def _next_suspicious(text: str, pos: int = 0, controls: bool = False) -> re.Match[str] | None:
    """The next match of the gate (or a C0 control, with `controls`) from `pos`; a MacRoman one only where
    its whole line reads as UTF-8."""
    candidate, pattern = (_CANDIDATE_OR_CONTROL, _SUSPICIOUS_OR_CONTROL) if controls else (_CANDIDATE, _SUSPICIOUS)
    unreadable_to = -1  # the end of the last line found not to read as UTF-8 through MacRoman
    while (found := candidate.search(text, pos)) is not None:
        pos = found.start()
        match = pattern.match(text, pos)
        if match is not None:
            if match.group("mac") is None:
                return match
            if pos >= unreadable_to:
                end = text.find("\n", pos)
                end = len(text) if end < 0 else end
                if reads_as_utf8(text[text.rfind("\n", 0, pos) + 1:end], "mac-roman"):
                    return match
                unreadable_to = end
        pos += 1
    return None


# In Latin-1 text the gate's characters are few: one byte table marks them ("!" a control, "L" a lead of
# some code page, "C" a continuation, "B" both, "S" a lead that takes an ASCII space or "?"; space and "?"
# stay) and one small regex over the marks finds the candidate pairs, several times faster than the gate.
def _latin1_marks() -> bytes:
    lead = {ord(c) for c in _ALL_LEADS}
    cont = {ord(c) for c in _CONTS if ord(c) < 256}
    marks = []
    for b in range(256):
        if b <= 0x08 or 0x0B <= b <= 0x1F or 0x7F <= b <= 0x9F:
            marks.append(ord("!"))
        elif b in (0x20, 0x3F):
            marks.append(b)
        elif chr(b) in _MAIN_ASCII_LEADS:
            marks.append(ord("S"))
        elif b in lead:
            marks.append(ord("B" if b in cont else "L"))
        else:
            marks.append(ord("C" if b in cont else "."))
    return bytes(marks)


_LATIN1_MARKS = _latin1_marks()
# One class first, so that `re` skips ahead in C (an alternation at the top is tried at every position).
_LATIN1_CANDIDATE = re.compile(rb"[!LBS](?:(?<=!)|[ ?]?[CBS]|(?<=S)[ ?])")


def needs_repair_or_controls(text: str, rest: str | None = None) -> bool:
    """False when non-ASCII text has no control character and nothing the gate suspects.

    `rest`: `non_ascii(text)`, when the caller has it. Taking the ASCII characters out of a suspicious
    place leaves its lead next to a continuation of its code page (its other characters are non-ASCII,
    or one space or "?" standing for a continuation), unless the lead is a two-byte one that takes an
    ASCII character right after it: so where `rest` has no such pair and no such lead, the text has no
    suspicious place.
    """
    if rest is not None:
        match = _REST_CANDIDATE.search(rest)
        if match is None:
            return False
        places: set[tuple[str, bool]] = set()
        while match is not None and len(places) <= REST_PLACES:  # overlapping ones too
            if match.end() - match.start() == 1:
                if rest[match.start()] <= "\x9f":  # a control character
                    return True
                places.add((rest[match.start()], False))  # a lead that takes ASCII: look at it
            else:
                places.add((rest[match.start() + 1], True))  # look before the continuation
            match = _REST_CANDIDATE.search(rest, match.start() + 1)
        # Looking at the few places of those characters beats scanning the text.
        if match is None and sum(rest.count(char) for char, _ in places) <= len(text) >> PAIR_LOOKUP_SHARE:
            return any(_suspicious_at(text, char, before) for char, before in places)
    data = latin1_bytes(text)
    if data is not None and _LATIN1_CANDIDATE.search(data.translate(_LATIN1_MARKS)) is None:
        return False
    return _next_suspicious(text, 0, True) is not None


# The places of those characters are looked at one by one when there are at most this share (a power of
# two) of the text's length, and at most this many characters; otherwise the text is scanned.
PAIR_LOOKUP_SHARE = 6
REST_PLACES = 2


def _suspicious_at(text: str, char: str, before: bool) -> bool:
    """Whether a suspicious place starts at an occurrence of `char` or, `before`, has it as its first
    non-ASCII continuation (right after the lead, or after one space or "?")."""
    at = text.find(char)
    while at >= 0:
        for lead in (at - 1, at - 2) if before else (at,):
            match = _SUSPICIOUS.match(text, lead) if lead >= 0 else None
            if match is not None and (match.group("mac") is None or reads_as_utf8(_line_at(text, lead), "mac-roman")):
                return True
        at = text.find(char, at + 1)
    return False


def looks_broken(text: str) -> bool:
    """True when the text may hold mojibake; false positives only cost an ftfy call."""
    return not text.isascii() and _next_suspicious(text) is not None


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
    the caller has it (mostly ASCII text, where a look at a shorter text tells first).
    """
    if text.isascii():
        return text, False
    if rest is not None and _REST_CANDIDATE.search(rest) is None:
        return text, False
    match = _next_suspicious(text)
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
        match = _next_suspicious(text, end)
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
