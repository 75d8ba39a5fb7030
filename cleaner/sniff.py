"""Whether a document is HTML: a guess on its first 2 KB, cheap enough to make for every document.

Apart from `html` so that plain text never pays for importing the HTML parser (selectolax), a fifth of the
command line's start-up.
"""

from __future__ import annotations

import re

_HEAD_BYTES = 2048
_STRONG_START = re.compile(r"\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html[\s>])", re.I | re.S)
_STRONG_ANY = re.compile(r"<(?:html|body|head)[\s>]|<!doctype\s+html", re.I)
_BLOCKISH = re.compile(r"</?(?:p|div|table|tr|td|li|ul|ol|h[1-6]|meta|link|script|span|section|article)[\s>/]", re.I)


def looks_like_html(text: str) -> bool:
    """A doctype/<html>/<body>, or many block tags, not one stray `<b>`."""
    head = text[:_HEAD_BYTES]
    if "<" not in head:
        return False
    if _STRONG_START.match(head) or _STRONG_ANY.search(head):
        return True
    # Several distinct block-level tags: a fragment of markup rather than text quoting a tag or two.
    found = _BLOCKISH.findall(head)
    return len(found) >= 4 and len({t.lower().strip("</>\t\n ") for t in found}) >= 2
