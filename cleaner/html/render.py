"""Rendering: a node's text as the non-empty lines between block markers, whitespace collapsed."""

from __future__ import annotations

import re

from selectolax.lexbor import LexborNode

from cleaner.html.containers import _strip_flags

# A run of ASCII whitespace is one space (a no-break space is text, as in a browser). A lone space is
# left alone: matching it too would cut the text at every word.
_SPACES = re.compile(r"[\t\n\r][ \t\n\r]*| [ \t\n\r]+")


def _render(node: LexborNode | None) -> str:
    if node is None:
        return ""
    return "\n".join(_lines(node.text(deep=True)))


def _lines(raw: str) -> list[str]:
    """The non-empty lines of rendered text: what lies between block markers, whitespace collapsed.

    Whitespace is collapsed per line, and only in lines that need it: one regex pass over the whole
    text costs several times more (most of it is indentation between blocks, gone with `strip`)."""
    if " data-clb" in raw:
        raw = _strip_flags(raw)
    # str.strip also trims no-break and other Unicode spaces at the line ends, as the eval renderer does.
    return [
        _SPACES.sub(" ", line) if ("\n" in line or "  " in line or "\t" in line or "\r" in line) else line
        for line in map(str.strip, raw.split("\f"))
        if line and (len(line) > 3 or line.strip(_ZERO_WIDTH))
    ]


# A line of nothing but zero-width characters is empty on screen (and after the text pipeline drops them).
_ZERO_WIDTH = "\u200b\u200c\u200d\u2060\ufeff\u00ad"
