"""Labels of dropped blocks: the heading of a related-links box ("Weitere Themen", "Le puede interesar",
"Read more:") is left alone on a line when its box goes, and reads as a stray line of the article.

A label is the element just before a dropped block (or before the wrapper the block is the first child of):
a short h2-h6, or a short line that ends with a colon. It is marked with an attribute when its block goes
(decomposing it then could free a node a later pass still holds) and dropped with one query at the end.
"""

from __future__ import annotations

from selectolax.lexbor import LexborNode

from cleaner.html.explain import HtmlRemoval, _note
from cleaner.html.markup import _element_beside

LABEL_ATTR = "data-clb-label"
_LABEL_SELECTOR = f"[{LABEL_ATTR}]"
_HEADINGS = frozenset(("h2", "h3", "h4", "h5", "h6"))
_COLON_TAGS = frozenset(("div", "span", "strong", "b", "dt"))  # a <p> with a colon is a sentence: measured
LABEL_WORDS = 8  # a heading this short names the box below it
COLON_WORDS = 5  # a line ending in ":" this short introduces it
_WRAPPERS = frozenset(("div", "header", "span", "section"))
_HEADING_SELECTOR = "h2, h3, h4, h5, h6"
_STOPS = (".", "!", "?", '"', "\u201d")
SHORT_TITLES = True  # a short line (no heading tag) before a dropped link list is its title too
SHORT_TITLE_WORDS = 5
LABEL_CLIMB = 2  # the block may be the first child of this many wrappers below the label's level
LABEL_CHARS = 60
_BOXES = frozenset(("div", "section", "ul", "ol", "dl", "table", "aside", "nav", "form", "header", "footer", "menu",
                    "p"))




def _is_label(node: LexborNode, short: bool) -> bool:
    tag = node.tag or ""
    if tag not in _HEADINGS and tag not in _COLON_TAGS and tag not in _WRAPPERS:
        return False
    text = node.text(deep=True, strip=True)
    if not text or len(text) > LABEL_CHARS:  # characters too: Chinese or Japanese text has no spaces
        return False
    words = len(text.split())
    if tag in _HEADINGS:
        return words <= LABEL_WORDS
    if text.rstrip().endswith(":"):
        return words <= COLON_WORDS and tag in _COLON_TAGS
    # A wrapper around one heading, or around a short title line that is no sentence (no <p>, no full stop).
    if tag not in _WRAPPERS or words > LABEL_WORDS:
        return False
    if node.css_first(_HEADING_SELECTOR) is not None:
        return True
    return (short and SHORT_TITLES and words <= SHORT_TITLE_WORDS and not text.endswith(_STOPS)
            and node.css_first("p") is None)


def mark_label(node: LexborNode, record: list[HtmlRemoval] | None, short: bool = False) -> bool:
    """Mark the label of the block `node` (about to be dropped), if it has one. `short`: a short title line
    counts too (for link lists: a short line before an ad or a share box is as often the article's last)."""
    if (node.tag or "") not in _BOXES:  # an inline or custom element (a MathJax formula) is no box with a title
        return False
    cur: LexborNode | None = node
    for _ in range(LABEL_CLIMB + 1):
        if cur is None:
            return False
        before = _element_beside(cur, False)
        if before is not None:
            if _is_label(before, short) and LABEL_ATTR not in before.attributes:
                before.attrs[LABEL_ATTR] = ""
                if record is not None:
                    _note(record, "html.label", before)
                return True
            return False
        if cur.prev is not None and _has_text_before(cur):
            return False
        cur = cur.parent
        if cur is None or cur.tag in ("body", "html", "main", "article"):
            return False
    return False


def _has_text_before(node: LexborNode) -> bool:
    sib = node.prev
    while sib is not None:
        if sib.is_text_node and sib.text_content and not sib.text_content.isspace():
            return True
        sib = sib.prev
    return False


def drop_labels(body: LexborNode) -> None:
    """Decompose the marked labels still in the tree."""
    nodes = body.css(_LABEL_SELECTOR)
    for node in reversed(nodes):
        node.decompose()


def mark_list_label(node: LexborNode, record: list[HtmlRemoval] | None) -> bool:
    """mark_label for a link list: a short title line counts."""
    return mark_label(node, record, short=True)
