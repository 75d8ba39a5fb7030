"""User rule regexes cannot hang a run: RE2 matches them in linear time, on both scanner backends.

Each hostile pattern runs in a real `cleaner` process on a long line, under a timeout: a regression to a
backtracking engine fails the test instead of hanging the suite. Python's `re` needs far more than the
timeout for every one of these patterns on these lines (exponential or polynomial backtracking).
"""

from __future__ import annotations

import re
import subprocess
import sys
import time
import unicodedata

import pytest

from cleaner import Cleaner
from cleaner.errors import RuleError
from cleaner.rules.saferegex import UnsafeRegex, compile_rule_regex
from tests.conftest import BACKENDS, ROOT

# (field, pattern, line, a line of the same length that it matches): Python's re backtracks without end on
# the first line (on the inline ones 14 words already take 20 s); the second shows the rule runs on such lines.
WORDS = " ".join(["photo"] * 50)
HOSTILE = [
    ("patterns", "a*a*a*a*a*a*a*a*x", "a" * 5000, "a" * 4999 + "x"),  # polynomial, degree 8 (the issue's)
    ("patterns", "(a+)+x", "a" * 5000, "a" * 4999 + "x"),  # exponential
    ("patterns", "(a|aa)*x", "a" * 5000, "a" * 4999 + "x"),  # exponential, ambiguous alternation
    ("patterns", "(\\w+\\s?)*x", "a" * 5000, "a" * 4999 + "x"),  # exponential, nested classes
    ("inline", "photo.*.*.*.*.*.*.*!", WORDS, WORDS + "!"),  # polynomial (the issue's)
    ("inline", "(\\s*photo\\s*)*!", WORDS, WORDS + "!"),  # exponential: who takes a space
    ("inline", "(\\w+\\s?)+$", WORDS + "?", WORDS),  # exponential, the classic
]
TIMEOUT = 60


def _rule_file(tmp_path, field: str, pattern: str, remove: str = "Photo credit") -> str:
    body = f"patterns = ['{pattern}']\n" if field == "patterns" else f"scope = 'inline'\ninline = ['{pattern}']\n"
    f = tmp_path / "hostile.toml"
    f.write_text('[[rule]]\nid = "mine.hostile"\ndescription = "d"\nphrases = ["photo"]\n' + body +
                 f'remove = ["{remove}"]\nkeep = ["The council met."]\n')
    return str(f)


@pytest.mark.parametrize("backend", BACKENDS)
@pytest.mark.parametrize("field, pattern, line, matching", HOSTILE, ids=[h[1] for h in HOSTILE])
def test_hostile_pattern_runs_in_linear_time(tmp_path, backend, field, pattern, line, matching):
    rules = _rule_file(tmp_path, field, pattern)
    doc = tmp_path / "doc.txt"
    doc.write_text(f"The council met.\n{line}\n\nThe council met again.\n\n{matching}\n")
    started = time.monotonic()
    proc = subprocess.run([sys.executable, "-m", "cleaner", "--backend", backend, "--rules", rules, "--explain",
                           str(doc)], capture_output=True, cwd=ROOT, timeout=TIMEOUT)
    assert proc.returncode == 0, proc.stderr.decode()[-2000:]
    assert proc.stdout.startswith(f"The council met.\n{line}\n".encode())
    assert b":6" in proc.stderr and b"mine.hostile" in proc.stderr  # the matching line went: the rule ran
    assert b":2" not in proc.stderr
    assert time.monotonic() - started < TIMEOUT


@pytest.mark.parametrize("field, pattern, remove", [
    ("patterns", "a*a*a*a*a*a*a*a*x", "aaax"), ("patterns", "(a+)+x", "aax"),
    ("inline", "photo.*.*.*.*.*.*.*!", "Photo credit!")], ids=["poly", "exp", "inline"])
def test_rules_test_accepts_hostile_patterns_and_runs_them(tmp_path, field, pattern, remove):
    # `cleaner rules test` passes them because they are safe now, and its examples run through them.
    rules = _rule_file(tmp_path, field, pattern, remove)
    proc = subprocess.run([sys.executable, "-m", "cleaner", "rules", "test", rules], capture_output=True,
                          cwd=ROOT, timeout=TIMEOUT)
    assert proc.returncode == 0, proc.stderr.decode()[-2000:]


def test_python_re_would_hang_on_the_polynomial_pattern():
    # The premise of the tests above: on a line 25x shorter, Python's re already takes visible time, and
    # the degree-8 polynomial makes the full line take far beyond the timeout. RE2 takes microseconds.
    short = "a" * 40
    started = time.perf_counter()
    assert re.fullmatch("a*a*a*a*a*a*x", short) is None
    python_time = time.perf_counter() - started
    started = time.perf_counter()
    assert compile_rule_regex("a*a*a*a*a*a*a*a*x", unicode=False, ignore_case=False).fullmatch("a" * 5000) is None
    re2_time = time.perf_counter() - started
    assert re2_time < 0.05
    assert python_time > re2_time


@pytest.mark.parametrize("pattern, message", [
    ("(?<=no )mugs", "lookaround"),
    ("(?=mugs)mug", "lookaround"),
    ("(?!x)mugs", "lookaround"),
    ("(mug)\\1", "backreference"),
    ("(?P<m>mug)(?P=m)", "backreference"),
    ("mugs++", "possessive"),
    ("(?>mugs)", "atomic"),
    ("[\\W_]", "inside a [...] class"),
    ("(?x) mugs", "RE2 cannot compile"),
])
def test_syntax_re2_cannot_run_is_refused_with_a_reason(tmp_path, pattern, message):
    with pytest.raises(UnsafeRegex, match=re.escape(message)):
        compile_rule_regex(pattern, unicode=True, ignore_case=True)
    rules = tmp_path / "r.toml"
    rules.write_text('[[rule]]\nid = "mine.x"\ndescription = "d"\nphrases = ["buy our mugs"]\nscope = "inline"\n'
                     f"inline = ['{pattern}']\nremove = [\"Buy our mugs\"]\nkeep = [\"The council met.\"]\n")
    with pytest.raises(RuleError, match="inline\\[0\\]"):
        Cleaner(rule_paths=(str(rules),))


@pytest.mark.parametrize("pattern, text, span", [
    (r"caf\w+", "x CAFÉS y", (2, 7)),  # \w is Unicode, as in Python
    (r"\d+", "x ٣٤ y", (2, 4)),  # Arabic-Indic digits are \d in Python
    (r"a\sb", "a\u00a0b", (0, 3)),  # no-break space is \s in Python
    (r"a\Sb", "a\u00e9b", (0, 3)),
    (r"x\W+y", "x — y", (0, 5)),
    (r"end\Z", "the end", (4, 7)),
    (r"\u00e9t\u00e9", "un été", (3, 6)),
    (r"[^\]]+", "]]ab]", (2, 4)),
    (r"a{,2}b", "aaab", (1, 4)),
])
def test_python_spellings_keep_their_meaning(pattern, text, span):
    rx = compile_rule_regex(pattern, unicode=True, ignore_case=True)
    m = rx.search(text)
    assert m is not None and (m.start(), m.end()) == span
    py = re.search(pattern, text, re.IGNORECASE)
    assert py is not None and py.span() == span


@pytest.mark.parametrize("cls, predicate", [
    ("\\w", lambda c: c.isalnum() or c == "_"),
    ("\\d", str.isdecimal),
    ("\\s", str.isspace),
])
def test_unicode_classes_agree_with_python_on_every_code_point(cls, predicate):
    chars = "".join(chr(c) for c in range(0x110000) if not 0xD800 <= c <= 0xDFFF)
    rx = compile_rule_regex(cls, unicode=True, ignore_case=False)
    ours = {ord(m.group()) for m in rx.finditer(chars)}
    python = {ord(c) for c in chars if predicate(c)}
    # RE2's Unicode database may be newer than this Python's: they differ only on characters that this
    # Python's leaves unassigned (category Cn), none of which a document of today's tools carries much of.
    differ = ours ^ python
    assert all(unicodedata.category(chr(c)) == "Cn" for c in differ), sorted(differ)[:20]
    assert not {c for c in differ if c < 0x10000}
