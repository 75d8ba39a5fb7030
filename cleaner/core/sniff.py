"""Whether a document is an HTML page: a guess on its first 4 KB, cheap enough to make for every document.

HTML mode rewrites a document (tags dropped, entities decoded, blocks re-broken into lines) without a
removal record, so only a page goes through it, never text that quotes a few tags (a Markdown README that
opens with `<p align="center">`, a lesson showing `<ul>` examples, "Use <p> and <div> tags."). A page is:

1. a document that opens (after white space, an XML declaration and comments) with `<!doctype html` or
   `<html`;
2. or one whose head holds a page's skeleton: an `<html>`, `<head>` or `<body>` tag and at least two
   closing tags or a `<meta`/`<title`/`<link`/`<script` tag;
3. or a fragment where markup dominates: at least 5 closing tags of HTML elements in the head and no
   Markdown (a `#` heading line, a ``` fence or a `](` link);
4. or a fragment that starts with a tag and ends with one (`<pre>...</pre>`), without Markdown;

and 2-4 only when no two prose lines come before the first tag (an article showing a page's source).

Measured on the DEV split (docs/rules-safety.md): every `html` record is a page by these rules and no
`text` record is. Text quoting tags there has at most 3 closing tags in its first 4 KB; fragments of real
pages have at least 5.

Apart from `html` so that plain text never pays for importing the HTML parser (selectolax), a fifth of the
command line's start-up.
"""

from __future__ import annotations

import re

_HEAD_CHARS = 4096
_MIN_CLOSING = 5
_STRONG_START = re.compile(r"\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html[\s>])",
                           re.I | re.S)
_SKELETON = re.compile(r"<(?:html|body|head)[\s>]", re.I)
_PAGE_PART = re.compile(r"<(?:meta|title|link|script)[\s>/]", re.I)
_ELEMENTS = ("a|abbr|address|article|aside|b|big|blockquote|body|button|caption|center|cite|code|dd|del|div|dl|"
             "dt|em|fieldset|figcaption|figure|font|footer|form|h[1-6]|head|header|html|i|iframe|label|legend|li|"
             "main|map|nav|nobr|noscript|object|ol|option|p|pre|q|s|script|section|select|small|span|strike|"
             "strong|style|sub|sup|table|tbody|td|textarea|tfoot|th|thead|title|tr|tt|u|ul")
_CLOSING = re.compile(rf"</(?:{_ELEMENTS})\s*>", re.I)
_STARTS_WITH_TAG = re.compile(r"\s*<(?:[a-z][a-z0-9]*[\s>/]|!--)", re.I)
_ENDS_WITH_TAG = re.compile(r"<[^<>]*>\s*\Z")
_MARKDOWN = re.compile(r"^[ \t]{0,3}(?:#{1,6}\s|```)|\]\(", re.M)  # CommonMark indents a heading or fence 0-3
# What prepare_text deletes (normalize: controls but tab, newline and CR, invisible characters; a page break
# next to a line end) or makes a space (a page break between words): the guess is made on the text as the rules
# will see it, so that cleaning the output again guesses the same.
_PAGE_BREAK_AT_LINE_END = re.compile(r"[\f\v]+(?=[\r\n])|(?<=[\r\n])[\f\v]+")
_PAGE_BREAK = re.compile(r"[\f\v]")
_DELETED = re.compile("[\x00-\x08\x0e-\x1f\x7f-\x9f"
                      "\u200b\u2060\ufeff\u00ad\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def looks_like_html(text: str) -> bool:
    """Whether `text` is a page or a fragment of one (the rules above), not text that quotes a few tags."""
    head = text[:_HEAD_CHARS]
    if "<" not in head:
        return False
    head = _seen(head)
    if _STRONG_START.match(head):
        return True
    if _opens_with_prose(head):
        return False
    closing = len(_CLOSING.findall(head))
    if _SKELETON.search(head) and (closing >= 2 or _PAGE_PART.search(head)):
        return True
    if _MARKDOWN.search(head):
        return False
    if closing >= _MIN_CLOSING:
        return True
    return bool(_STARTS_WITH_TAG.match(head) and _ENDS_WITH_TAG.search(_seen(text[-_HEAD_CHARS:])))


# Prose lines before the first tag: an article (a tutorial's text that shows a page's source further on) is no
# page, whatever its examples hold. A page or a fragment opens with markup, or with at most one line of junk
# (a server's warning) before it.
PROSE_LINES = 2
_PROSE_WORDS = 12


def _opens_with_prose(head: str) -> bool:
    before = head[:head.find("<")]
    if not PROSE_LINES or len(before) < PROSE_LINES * 2 * _PROSE_WORDS:
        return False
    prose = 0
    for line in before.split("\n"):
        if len(line.split(None, _PROSE_WORDS)) > _PROSE_WORDS - 1:
            prose += 1
            if prose >= PROSE_LINES:
                return True
    return False


def _seen(text: str) -> str:
    """`text` as prepare_text leaves it for the rules (page breaks and invisible characters)."""
    if "\f" in text or "\v" in text:
        text = _PAGE_BREAK.sub(" ", _PAGE_BREAK_AT_LINE_END.sub("", text))
    return _DELETED.sub("", text)
