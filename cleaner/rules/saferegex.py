"""Rule regexes run on RE2, whose matching time is linear in the text whatever the pattern.

Python's `re` backtracks: `(a+)+$` is exponential and `a*a*a*a*x` or `photo.*.*.*.*!` polynomial in the
length of a line, and no static check of `re`'s parse tree catches every such pattern. A user rule file
must not be able to hang a corpus run on one long line, so every rule regex (the scanner's `patterns` on
the Python backend, and `inline` cuts on both backends) is compiled with RE2 (google-re2), an automaton
engine with a guaranteed O(pattern x text) bound. Hyperscan, the default scanner, is an automaton too.

The syntax accepted is RE2's: no lookaround, backreferences, possessive repeats or atomic groups (RE2
refuses them, and the rule loader says so). So that a pattern means what it meant under `re`, a few
Python spellings are translated first:

* for `inline` patterns (Unicode text): `\\w \\W \\d \\D \\s \\S` become the Unicode classes Python uses
  (RE2's own are ASCII-only); `\\W \\D \\S` inside a `[...]` class are refused (RE2 cannot say them there);
* `\\Z` becomes RE2's `\\z`, `\\uXXXX` and `\\UXXXXXXXX` become `\\x{...}`, and `{,n}` becomes `{0,n}`.

`\\b` and `\\B` stay RE2's: boundaries between ASCII word characters and the rest (a lookaround-free engine
cannot say Unicode word boundaries).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Protocol

import re2

# Python's Unicode classes, spelled for RE2. \w is str.isalnum() or "_"; \d is str.isdecimal(); \s is
# str.isspace(). tests/rules/test_saferegex.py checks these against Python on every code point.
_WORD = r"\p{L}\p{N}_"
_DIGIT = r"\p{Nd}"
_SPACE = r"\t\n\x0b\x0c\r\x1c-\x1f \x{85}\x{a0}\x{1680}\x{2000}-\x{200a}\x{2028}\x{2029}\x{202f}\x{205f}\x{3000}"
_ASCII_SPACE = r"\t\n\x0b\x0c\r "
_UNICODE = {"w": _WORD, "d": _DIGIT, "s": _SPACE}
_ASCII = {"s": _ASCII_SPACE}  # RE2's ASCII \s lacks \v, which Python's ASCII \s has


class Regex(Protocol):
    """What the scanner and the inline cuts use of a compiled pattern."""

    pattern: str

    def finditer(self, text: str): ...  # noqa: ANN201 - re2's match iterator

    def fullmatch(self, text: str): ...  # noqa: ANN201

    def search(self, text: str): ...  # noqa: ANN201


_SURROGATE = re.compile("[\ud800-\udfff]")


def _no_surrogates(text: str) -> str:
    """RE2 reads UTF-8, which cannot hold a lone surrogate; U+FFFD stands in for one, one code point for one,
    so offsets stay right, and like a surrogate under `re` it is matched by '.' and '[^x]' but not '\\w'."""
    return _SURROGATE.sub("\ufffd", text)


class _RE2Regex:
    """A compiled RE2 pattern taking any str, lone surrogates too (decoding leaves some in text)."""

    __slots__ = ("_rx", "pattern")

    def __init__(self, rx: re2._Regexp, pattern: str):
        self._rx = rx
        self.pattern = pattern

    def finditer(self, text: str) -> list:
        try:
            return list(self._rx.finditer(text))
        except UnicodeEncodeError:
            return list(self._rx.finditer(_no_surrogates(text)))

    def fullmatch(self, text: str):  # noqa: ANN201 - an re2 match or None
        try:
            return self._rx.fullmatch(text)
        except UnicodeEncodeError:
            return self._rx.fullmatch(_no_surrogates(text))

    def search(self, text: str):  # noqa: ANN201
        try:
            return self._rx.search(text)
        except UnicodeEncodeError:
            return self._rx.search(_no_surrogates(text))


class UnsafeRegex(ValueError):
    """The pattern uses syntax RE2 does not run (lookaround, backreferences...); the message says which."""


def translate(pattern: str, unicode: bool) -> str:
    """The RE2 spelling of a Python pattern (see the module docstring); raises UnsafeRegex."""
    classes = _UNICODE if unicode else _ASCII
    out: list[str] = []
    i, n = 0, len(pattern)
    in_class = False
    while i < n:
        c = pattern[i]
        if c == "\\" and i + 1 < n:
            e = pattern[i + 1]
            low = e.lower()
            if low in classes:
                body = classes[low]
                if e == low:
                    out.append(body if in_class else f"[{body}]")
                elif in_class:
                    raise UnsafeRegex(f"'\\{e}' inside a [...] class: write the class out, or use [^...]")
                else:
                    out.append(f"[^{body}]")
                i += 2
            elif e == "Z":
                out.append(r"\z")
                i += 2
            elif e in "uU":
                width = 4 if e == "u" else 8
                digits = pattern[i + 2 : i + 2 + width]
                if len(digits) != width or not all(ch in "0123456789abcdefABCDEF" for ch in digits):
                    raise UnsafeRegex(f"'\\{e}' needs {width} hex digits")
                out.append(f"\\x{{{digits}}}")
                i += 2 + width
            elif e.isdigit() and e != "0" and not in_class:
                raise UnsafeRegex(f"backreference '\\{e}': RE2 has none (rule regexes must run in linear time)")
            else:
                out.append(pattern[i : i + 2])
                i += 2
            continue
        if in_class:
            if c == "]" and not (out and out[-1] in ("[", "[^")):
                in_class = False
            out.append(c)
        elif c == "[":
            in_class = True
            if pattern.startswith("[^", i):
                out.append("[^")
                i += 2
                if i < n and pattern[i] == "]":  # a leading ']' is a literal
                    out.append("\\]")
                    i += 1
                continue
            out.append("[")
            if i + 1 < n and pattern[i + 1] == "]":
                out.append("\\]")
                i += 1
        elif c == "{" and pattern.startswith("{,", i):
            out.append("{0,")
            i += 2
            continue
        elif c == "(" and pattern.startswith("(?", i):
            kind = pattern[i + 2 : i + 4]
            if kind[:1] in ("=", "!") or kind in ("<=", "<!"):
                raise UnsafeRegex("lookaround '(?=', '(?!', '(?<=', '(?<!': RE2 has none (rule regexes must run "
                                  "in linear time); match the context instead, or split the rule")
            if kind[:1] == ">":
                raise UnsafeRegex("atomic group '(?>': RE2 needs none (it never backtracks); use '(?:'")
            if kind == "P=":
                raise UnsafeRegex("backreference '(?P=': RE2 has none (rule regexes must run in linear time)")
            out.append(c)
        elif c in "*+?}" and i + 1 < n and pattern[i + 1] == "+":
            raise UnsafeRegex("possessive repeat ('a++'): RE2 needs none (it never backtracks); drop the extra '+'")
        else:
            out.append(c)
        i += 1
    return "".join(out)


def compile_rule_regex(pattern: str, *, unicode: bool, ignore_case: bool) -> Regex:
    """Compile a rule regex for RE2; raises UnsafeRegex with a message a rule author can act on."""
    translated = translate(pattern, unicode)
    options = re2.Options()
    options.case_sensitive = not ignore_case
    options.log_errors = False
    try:
        return _RE2Regex(re2.compile(translated, options), translated)
    except re2.error as err:
        raise UnsafeRegex(f"RE2 cannot compile it ({err}); rule regexes use RE2 syntax, see docs/rules-safety.md") \
            from err


class LazyRegexes:
    """A rule's inline regexes, compiled by RE2 when the rule first cuts a line.

    A rule set read back from the cache (`rules_from_record`) holds some 75 inline patterns; compiling them all
    took 150 ms of every start (70 of them for one Unicode class repeated under case folding), though a run
    cuts with a few of them or none. Equal, and hashed, by the patterns, as the compiled tuple would be."""

    __slots__ = ("patterns", "_compiled")

    def __init__(self, patterns: tuple[str, ...]):
        self.patterns = patterns
        self._compiled: tuple[Regex, ...] | None = None

    def _regexes(self) -> tuple[Regex, ...]:
        if self._compiled is None:
            compiled = []
            for p in self.patterns:
                try:
                    compiled.append(compile_rule_regex(p, unicode=True, ignore_case=True))
                except UnsafeRegex as err:
                    raise UnsafeRegex(f"inline pattern {p!r}: {err}") from err
            self._compiled = tuple(compiled)
        return self._compiled

    def __iter__(self) -> Iterator[Regex]:
        return iter(self._regexes())

    def __len__(self) -> int:
        return len(self.patterns)

    def __eq__(self, other: object) -> bool:
        if isinstance(other, LazyRegexes):
            return self.patterns == other.patterns
        return NotImplemented

    def __hash__(self) -> int:
        return hash(self.patterns)

