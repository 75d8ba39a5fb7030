"""One multi-pattern scan of a folded document: Hyperscan when installed, pure Python otherwise.

Both backends return the same thing, tested against each other: every occurrence of every phrase
(overlapping ones too) and every line that a pattern matches whole, as (id, start, end) byte offsets
into the folded document, in start order (then id order): a line's matches stand together, and Hyperscan
reports them almost in that order already.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from heapq import merge
from operator import itemgetter
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from cleaner.rules.saferegex import Regex

try:  # the compiled scanner is optional: a platform without a wheel falls back to Python
    import hyperscan
except ImportError:  # pragma: no cover - depends on the platform
    hyperscan = None  # type: ignore[assignment]

Match = tuple[int, int, int]
_BY_START = itemgetter(1, 0)
# Folded lines hold only letters and digits, so patterns need no Unicode classes: '.' is "any letter
# or digit". Both backends read \w and \d as ASCII, which keeps their results identical.


class PatternError(ValueError):
    """A pattern the scanner cannot compile; `index` is its position in the patterns list."""

    def __init__(self, index: int, message: str):
        self.index = index
        super().__init__(message)


def hyperscan_available() -> bool:
    return hyperscan is not None


class Matcher(Protocol):
    backend: str

    def scan(self, folded: bytes) -> list[Match]: ...

    def scan_each(self, folded: bytes, report: Callable[[int, int, int], None]) -> None: ...


def _line_bounds(folded: bytes, end: int) -> tuple[int, int]:
    start = folded.rfind(b"\n", 0, end) + 1
    stop = folded.find(b"\n", end)
    return start, len(folded) if stop < 0 else stop


class PythonMatcher:
    """Reference backend: bytes.find per phrase, RE2 fullmatch per line and pattern."""

    backend = "python"

    def __init__(self, phrases: list[bytes], patterns: list[str]):
        self.phrases = phrases
        from cleaner.rules.saferegex import compile_rule_regex  # RE2: linear time whatever a user's pattern

        self.patterns = [compile_rule_regex(p, unicode=False, ignore_case=False) for p in patterns]
        self.offset = len(phrases)

    def scan(self, folded: bytes) -> list[Match]:
        out: list[Match] = []
        for pid, phrase in enumerate(self.phrases):
            find = folded.find
            pos = find(phrase)
            n = len(phrase)
            while pos >= 0:
                out.append((pid, pos, pos + n))
                pos = find(phrase, pos + 1)
        if self.patterns:
            start = 0
            for line in folded.split(b"\n"):
                end = start + len(line)
                if line:
                    text = line.decode("utf-8")
                    for i, rx in enumerate(self.patterns):
                        if rx.fullmatch(text):
                            out.append((self.offset + i, start, end))
                start = end + 1
        out.sort(key=_BY_START)
        return out

    def scan_each(self, folded: bytes, report: Callable[[int, int, int], None]) -> None:
        """The matches of `scan`, one call each, without a list: whole-line patterns first, then the phrases'
        in start order (then id order)."""
        start = 0
        if self.patterns:
            for line in folded.split(b"\n"):
                end = start + len(line)
                if line:
                    text = line.decode("utf-8")
                    for i, rx in enumerate(self.patterns):
                        if rx.fullmatch(text):
                            report(self.offset + i, start, end)
                start = end + 1

        def finds(pid: int, phrase: bytes) -> Iterator[tuple[int, int, int]]:
            find, n = folded.find, len(phrase)
            pos = find(phrase)
            while pos >= 0:
                yield pos, pid, pos + n
                pos = find(phrase, pos + 1)

        for pos, pid, end in merge(*(finds(pid, phrase) for pid, phrase in enumerate(self.phrases))):
            report(pid, pos, end)


# Hyperscan's compile time grows with the width of a bounded repeat ('.{0,300}' in UTF-8 mode takes seconds;
# a dozen such rules took a database from 2 s to 20 s). A pattern with a repeat wider than this is compiled
# with the repeat unbounded, which matches every line the pattern matches and some more, and each line it
# reports is confirmed with RE2 (the Python backend's regex), so both backends still report the same lines.
# Likewise a pattern that opens with a repeat of '.' ('.{0,60}(this|dieser)site...licen[cs]e'): scanning for
# it from every line start cost as much as all other patterns together, so what follows the repeat is
# scanned for anywhere, and RE2 reads each line it occurs in, once. (Not "where it ends a line": unanchored
# before a '$', Hyperscan 0.9.1 misses lines, '[ab]$' on "aax\naaaaax\naaaaa\n" reports nothing.)
WIDE_REPEAT = 32
_REPEAT = re.compile(r"\{(\d+)(,(\d*))?\}")
_LEADING_DOTS = re.compile(r"\.(?:\{\d+(?:,\d*)?\}|[*+])\??")
_TRAILING_DOTS = re.compile(r"\.(?:\{\d+(?:,\d*)?\}|[*+])\??$")


def _syntax(pattern: str) -> Iterator[int]:
    """The positions of the pattern's characters that are syntax: neither escaped nor inside a character
    class (a class's own '[' is; a ']' first in a class, after an optional '^', is a member)."""
    i, n, in_class = 0, len(pattern), False
    while i < n:
        c = pattern[i]
        if c == "\\":
            i += 2
            continue
        if in_class:
            in_class = c != "]"
        else:
            yield i
            if c == "[":
                in_class = True
                i += 1
                if pattern[i:i + 1] == "^":
                    i += 1
                if pattern[i:i + 1] == "]":
                    i += 1
                continue
        i += 1


def widen(pattern: str, limit: int = WIDE_REPEAT) -> str:
    """`pattern` with each repeat {m,n} or {n} whose upper bound exceeds `limit` made {m,} (a superset);
    braces inside a character class or escaped are left alone."""
    out: list[str] = []
    at = 0
    for i in _syntax(pattern):
        if pattern[i] != "{" or i < at:
            continue
        m = _REPEAT.match(pattern, i)
        if m is None:
            continue
        low, high = m.group(1), m.group(1) if m.group(2) is None else m.group(3)
        if high and int(high) > limit:
            out += [pattern[at:i], "{" + low + ",}"]
            at = m.end()
    out.append(pattern[at:])
    return "".join(out)


def _top_level_alternation(pattern: str) -> bool:
    """Whether `pattern` has a '|' outside every group and class (then no prefix of it can be cut off)."""
    depth = 0
    for i in _syntax(pattern):
        c = pattern[i]
        if c == "(":
            depth += 1
        elif c == ")":
            depth -= 1
        elif c == "|" and depth == 0:
            return True
    return False


def scan_expression(pattern: str) -> tuple[str | None, bool]:
    """What Hyperscan scans for a whole-line `pattern`, and whether a line it reports needs RE2 to confirm it.

    Most patterns: the pattern anchored at both ends, wide repeats unbounded (`widen`). One that opens with a
    repeat of '.': what follows it (and no closing repeat of '.'), unanchored, and RE2 reads each line where it
    occurs, once. One that can match the empty string: None, RE2 reads every line for it (Hyperscan misses
    lines such a pattern matches: '^a*$' finds no last line "a").

    Hyperscan 0.9.1 also misses a few lines for some anchored patterns ('^c*x$' on a short last line after
    16 bytes; tests/core/test_matcher.py keeps the case): on the built-in rules, the two backends report the
    same lines on all 1,423 DEV documents."""
    if _matches_empty(pattern):
        return None, True
    wide = widen(pattern)
    lead = _LEADING_DOTS.match(wide)
    if lead is not None and not _top_level_alternation(wide) and not _matches_empty(wide[lead.end():]):
        core = wide[lead.end():]
        trail = _TRAILING_DOTS.search(core)
        if trail is not None and trail.start() in set(_syntax(core)) and not _matches_empty(core[:trail.start()]):
            core = core[:trail.start()]
        return core, True
    return "^(?:" + wide + ")$", wide != pattern


def _matches_empty(pattern: str) -> bool:
    """Whether `pattern` matches the empty string (Hyperscan refuses such a pattern unanchored), or cannot be
    read: then the pattern is scanned as it is."""
    import re2

    options = re2.Options()
    options.log_errors = False
    try:
        return re2.compile(pattern, options).fullmatch("") is not None
    except re2.error:
        return True


# Per pattern, what `scan_expression` gives: worked out once per matcher (each costs up to three RE2
# compiles), then read by the cache check, the confirmations and the database compile.
Plan = list[tuple[str | None, bool]]


def _confirmations(patterns: list[str], plans: Plan, offset: int) -> tuple[dict[int, Regex], dict[int, Regex]]:
    """RE2 regexes, by id: for the patterns Hyperscan scans a superset of, and for those it does not scan
    (`scan_expression` gives None: RE2 reads every line for them)."""
    from cleaner.rules.saferegex import compile_rule_regex

    confirm: dict[int, Regex] = {}
    aside: dict[int, Regex] = {}
    for i, (p, (expression, check)) in enumerate(zip(patterns, plans, strict=True)):
        if check:
            rx = compile_rule_regex(p, unicode=False, ignore_case=False)
            if expression is None:
                aside[offset + i] = rx
            else:
                confirm[offset + i] = rx
    return confirm, aside


def _lines_matching(folded: bytes, aside: dict[int, Regex]) -> list[Match]:
    """The whole-line matches of the patterns RE2 scans alone, as the Python backend finds them."""
    out: list[Match] = []
    start = 0
    for line in folded.split(b"\n"):
        end = start + len(line)
        if line:
            text = line.decode("utf-8")
            out.extend((pid, start, end) for pid, rx in aside.items() if rx.fullmatch(text))
        start = end + 1
    return out


def _line_of(folded: bytes, confirm: dict[int, Regex]) -> Callable[[int, int], tuple[int, int] | None]:
    """For the scan of `folded`: the bounds of the line that pattern `pid`'s match ending at `end` matches
    whole, or None (an empty line, which the Python backend skips too; a line RE2 does not confirm, or read
    already for that pattern)."""
    asked: dict[int, int] = {}  # pattern id -> the start of the line RE2 last read for it

    def line(pid: int, end: int) -> tuple[int, int] | None:
        start, stop = _line_bounds(folded, end)
        rx = confirm.get(pid)
        if rx is not None:
            if asked.get(pid) == start:
                return None
            asked[pid] = start
            if not rx.fullmatch(folded[start:stop].decode("utf-8")):
                return None
        return (start, stop) if stop > start else None

    return line


def _literal_expression(phrase: bytes) -> bytes:
    return b"".join(bytes([b]) if (48 <= b <= 57 or 97 <= b <= 122) else b"\\x%02x" % b for b in phrase)


class HyperscanMatcher:
    """Compiled backend: all phrases and patterns in one Hyperscan database, one pass per document."""

    backend = "hyperscan"

    def __init__(self, phrases: list[bytes], patterns: list[str], serialized: bytes | None = None,
                 plans: Plan | None = None):
        if hyperscan is None:
            raise RuntimeError("hyperscan is not installed")
        if plans is None:
            plans = [scan_expression(p) for p in patterns]
        self.lengths = [len(p) for p in phrases]
        self.offset = len(phrases)
        self.confirm, self.aside = _confirmations(patterns, plans, self.offset)
        self.empty = not phrases and not patterns
        # Hyperscan cannot scan a database of no expressions
        self.hs_empty = not phrases and len(self.aside) == len(patterns)
        if serialized is not None:
            self.db = hyperscan.loadb(serialized, hyperscan.HS_MODE_BLOCK)
            self.db.scratch = hyperscan.Scratch(self.db)
        else:
            self.db = self._compile(phrases, plans)

    @classmethod
    def cached(cls, phrases: list[bytes], patterns: list[str]) -> HyperscanMatcher:
        """Load the compiled database from the on-disk cache (see cache.py), compiling it on a miss."""
        from cleaner.io import cache

        plans = [scan_expression(p) for p in patterns]
        if not phrases and all(expression is None for expression, _ in plans):
            return cls(phrases, patterns, plans=plans)  # nothing for Hyperscan to compile, nothing to keep
        key = cache.make_key(hyperscan.__version__,  # type: ignore[attr-defined]
                              cache.machine(), f"widen>{WIDE_REPEAT}, dots cut, empty aside", phrases, patterns)
        return cache.cached("hyperscan", key, lambda: cls(phrases, patterns, plans=plans), cls.serialize,
                            lambda data: cls(phrases, patterns, serialized=data, plans=plans))

    @staticmethod
    def _compile(phrases: list[bytes], plans: Plan):
        expressions = [_literal_expression(p) for p in phrases]
        flags = [0] * len(phrases)
        ids = list(range(len(phrases)))
        for i, (expression, _) in enumerate(plans):
            if expression is not None:
                expressions.append(expression.encode("utf-8"))
                flags.append(hyperscan.HS_FLAG_MULTILINE | hyperscan.HS_FLAG_UTF8)
                ids.append(len(phrases) + i)
        db = hyperscan.Database(mode=hyperscan.HS_MODE_BLOCK)
        if expressions:
            try:
                db.compile(expressions=expressions, ids=ids, elements=len(expressions), flags=flags)
            except hyperscan.error as err:
                raise HyperscanMatcher._culprit(expressions, flags, ids, len(phrases), err) from err
        return db

    @staticmethod
    def _culprit(expressions: list[bytes], flags: list[int], ids: list[int], n_phrases: int, err: Exception,
                 ) -> Exception:
        for i in range(n_phrases, len(expressions)):
            try:
                hyperscan.Database(mode=hyperscan.HS_MODE_BLOCK).compile(
                    expressions=[expressions[i]], ids=[0], elements=1, flags=[flags[i]])
            except hyperscan.error as one:
                return PatternError(ids[i] - n_phrases, f"Hyperscan cannot compile it: {one}")
        return RuntimeError(f"Hyperscan cannot compile the rule set: {err}")

    def serialize(self) -> bytes:
        return hyperscan.dumpb(self.db)

    def scan(self, folded: bytes) -> list[Match]:
        if self.empty or not folded:
            return []
        out: list[Match] = []
        append = out.append
        lengths, offset = self.lengths, self.offset

        line = _line_of(folded, self.confirm)

        def on_match(pid: int, _start: int, end: int, _flags: int, _ctx: object) -> None:
            if pid < offset:
                append((pid, end - lengths[pid], end))
                return
            bounds = line(pid, end)  # a pattern matches a whole line
            if bounds is not None:
                append((pid, *bounds))

        if not self.hs_empty:
            self.db.scan(folded, match_event_handler=on_match)
        if self.aside:
            out.extend(_lines_matching(folded, self.aside))
        out.sort(key=_BY_START)
        return out

    def scan_each(self, folded: bytes, report: Callable[[int, int, int], None]) -> None:
        """The matches of `scan`, one call each, without a list, in the order Hyperscan reports them (as it
        reaches their end)."""
        if self.empty or not folded:
            return
        lengths, offset = self.lengths, self.offset

        line = _line_of(folded, self.confirm)

        def on_match(pid: int, _start: int, end: int, _flags: int, _ctx: object) -> None:
            if pid < offset:
                report(pid, end - lengths[pid], end)
                return
            bounds = line(pid, end)
            if bounds is not None:
                report(pid, *bounds)

        if not self.hs_empty:
            self.db.scan(folded, match_event_handler=on_match)
        for match in _lines_matching(folded, self.aside) if self.aside else ():
            report(*match)


def make_matcher(phrases: list[bytes], patterns: list[str], backend: str = "auto") -> Matcher:
    if backend == "python" or (backend == "auto" and hyperscan is None):
        return PythonMatcher(phrases, patterns)
    return HyperscanMatcher.cached(phrases, patterns)
