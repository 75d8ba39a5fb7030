"""Reject rule regexes that can backtrack catastrophically, before they meet a 100 MB line.

Python's `re` backtracks: `(a+)+$` against "aaaa...!" takes time exponential in the run of a's, and a user
rule file must not be able to hang a corpus run. Rather than time matches out (which would make results
depend on machine speed), patterns are checked statically on the parse tree `re` itself builds:

* a repeat inside an unbounded repeat (`(a+)+`, `(\\w+\\s?)*`): star height above one;
* inside an unbounded repeat, alternatives that can begin the same way, counting what follows an empty
  alternative (`(a|a)*`, `(a|aa)*`, `(\\w|ab)+`).

Possessive repeats (`a++`) and atomic groups (`(?>...)`) never backtrack into themselves and are accepted,
as are bounded repeats with small bounds. The check is conservative: a few harmless patterns are refused
too, with a message saying how to rewrite them.
"""

from __future__ import annotations

import re
from re import _constants as C  # type: ignore[attr-defined]
from re import _parser  # type: ignore[attr-defined]

_ALL = frozenset(range(128)) | {-1}  # ASCII code points, and -1 for 'any other character'
_SMALL_BOUND = 10  # {m,n} with n at most this is a bounded repeat, not a loop
_CATEGORIES = {
    C.CATEGORY_DIGIT: frozenset(range(48, 58)),
    C.CATEGORY_SPACE: frozenset(b" \t\n\r\f\v"),
    C.CATEGORY_WORD: frozenset(b"0123456789_abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ") | {-1},
}


class Backtracking(ValueError):
    """The pattern can backtrack catastrophically; the message says where and what to do instead."""


def check_pattern(pattern: str, flags: int = 0) -> None:
    """Raise Backtracking when `pattern` has a nested or ambiguous unbounded repeat."""
    try:
        tree = _parser.parse(pattern, flags)
    except re.error:
        return  # compiling reports syntax errors with a better message
    _Checker(bool(flags & re.IGNORECASE)).walk(list(tree), loop=None)


def _char(c: int, icase: bool) -> frozenset[int]:
    if c >= 128:
        return frozenset({-1})
    ch = chr(c)
    return frozenset({c, ord(ch.lower()), ord(ch.upper())}) if icase else frozenset({c})


class _Checker:
    def __init__(self, icase: bool):
        self.icase = icase

    # -- first characters and nullability of a sequence ------------------------------------------------
    def first(self, seq: list) -> tuple[frozenset[int], bool]:
        """The characters a match of seq can start with, and whether seq can match the empty string."""
        out: set[int] = set()
        for item in seq:
            chars, nullable = self.first_item(item)
            out |= chars
            if not nullable:
                return frozenset(out), False
        return frozenset(out), True

    def first_item(self, item: tuple) -> tuple[frozenset[int], bool]:
        op, av = item
        if op is C.LITERAL:
            return _char(av, self.icase), False
        if op is C.NOT_LITERAL:
            return _ALL - _char(av, self.icase) | {-1}, False
        if op is C.ANY:
            return _ALL, False
        if op is C.IN:
            return self.charset(av), False
        if op in (C.MAX_REPEAT, C.MIN_REPEAT, C.POSSESSIVE_REPEAT):
            lo, _hi, body = av
            chars, nullable = self.first(list(body))
            return chars, nullable or lo == 0
        if op is C.SUBPATTERN:
            return self.first(list(av[-1]))
        if op is C.ATOMIC_GROUP:
            return self.first(list(av))
        if op is C.BRANCH:
            out: set[int] = set()
            nullable = False
            for alt in av[1]:
                chars, n = self.first(list(alt))
                out |= chars
                nullable = nullable or n
            return frozenset(out), nullable
        if op is C.GROUPREF_EXISTS:
            return _ALL, True
        if op is C.GROUPREF:
            return _ALL, True
        return frozenset(), True  # anchors, lookarounds: match no character

    def charset(self, items: list) -> frozenset[int]:
        out: set[int] = set()
        negate = False
        for op, av in items:
            if op is C.NEGATE:
                negate = True
            elif op is C.LITERAL:
                out |= _char(av, self.icase)
            elif op is C.RANGE:
                lo, hi = av
                for c in range(lo, min(hi, 127) + 1):
                    out |= _char(c, self.icase)
                if hi >= 128:
                    out.add(-1)
            elif op is C.CATEGORY:
                name = str(av)
                base = next((v for k, v in _CATEGORIES.items() if str(k) == name.replace("NOT_", "")), _ALL)
                out |= (_ALL - base) | {-1} if "NOT_" in name else base
            else:
                out |= _ALL
        return frozenset(_ALL - out | {-1}) if negate else frozenset(out)

    # -- the walk ---------------------------------------------------------------------------------------
    def walk(self, seq: list, loop: list | None) -> None:
        """Check seq; `loop` is the body of the innermost enclosing unbounded, backtracking repeat."""
        for i, (op, av) in enumerate(seq):
            if op in (C.MAX_REPEAT, C.MIN_REPEAT):
                lo, hi, body = av
                body = list(body)
                unbounded = hi is C.MAXREPEAT or hi > _SMALL_BOUND
                if loop is not None and (hi is C.MAXREPEAT or hi > 1):
                    raise Backtracking("a repeat inside a repeat (like '(a+)+' or '(\\w+\\s?)*') can backtrack "
                                       "catastrophically; repeat one character class instead, or make the inner "
                                       "repeat possessive ('a++')")
                self.walk(body, body if unbounded else loop)
            elif op is C.SUBPATTERN:
                self.walk(list(av[-1]), loop)
            elif op is C.BRANCH:
                if loop is not None:
                    self._check_branch(av[1], seq[i + 1 :] + loop)
                for alt in av[1]:
                    self.walk(list(alt), loop)
            elif op in (C.POSSESSIVE_REPEAT, C.ATOMIC_GROUP):
                continue  # never backtracks into itself
            elif op in (C.ASSERT, C.ASSERT_NOT):
                self.walk(list(av[1]), None)

    def _check_branch(self, alternatives: list, follow: list) -> None:
        follow_chars, _ = self.first(follow)
        starts = []
        for alt in alternatives:
            chars, nullable = self.first(list(alt))
            starts.append(chars | follow_chars if nullable else chars)
        for a in range(len(starts)):
            for b in range(a + 1, len(starts)):
                if starts[a] & starts[b]:
                    raise Backtracking("alternatives that can match the same text inside a repeat "
                                       "(like '(a|a)*' or '(a|aa)*') can backtrack catastrophically; make them "
                                       "start differently, or use an atomic group '(?>...)'")
