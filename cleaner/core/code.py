"""Fenced code blocks: lines no rule or heuristic may remove.

A Markdown text that shows a menu, a login route or a `<button>Subscribe</button>` in a code block shows code,
and its lines are content however much they look like a site's furniture. A fence is CommonMark's: a line of
three or more backticks or tildes, indented at most three spaces, up to a line of at least as many of the same
character and nothing else. Only closed blocks count: a stray "```" in scraped text would otherwise shield
everything after it. The fence lines count as code too, so the blocks are the same on a second pass.
"""

from __future__ import annotations

import re

FENCE_MARKS = ("```", "~~~")
_OPEN = re.compile(r" {0,3}(`{3,}|~{3,})")
_CLOSE = re.compile(r" {0,3}(`{3,}|~{3,})[ \t]*")


def may_have_fence(text: str) -> bool:
    """A quick test on the whole text (two substring searches in C): most texts hold no fence at all."""
    return FENCE_MARKS[0] in text or FENCE_MARKS[1] in text


def fenced_lines(lines: list[str]) -> frozenset[int]:
    """The indices of the lines of every closed fenced code block, its two fence lines included."""
    out: list[int] = []
    i, n = 0, len(lines)
    while i < n:
        opened = _OPEN.match(lines[i])
        if opened is None or (opened.group(1)[0] == "`" and "`" in lines[i][opened.end():]):
            i += 1  # CommonMark: a backtick fence's info string holds no backtick
            continue
        mark = opened.group(1)
        close = next((j for j in range(i + 1, n) if (m := _CLOSE.fullmatch(lines[j])) is not None
                      and m.group(1)[0] == mark[0] and len(m.group(1)) >= len(mark)), None)
        if close is None:
            i += 1  # not closed: no block
            continue
        out.extend(range(i, close + 1))
        i = close + 1
    return frozenset(out)
