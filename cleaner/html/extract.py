"""The HTML stage in order: parse with boilerplate flagged, find the main content, drop, render."""

from __future__ import annotations

import re
from dataclasses import dataclass
from html import unescape

from selectolax.lexbor import LexborNode

from cleaner.html.containers import (
    _FLAG_SELECTOR,
    _INLINE,
    _flag_roles_and_hidden,
    _heading_slug_id,
    _in_sentence,
    _mark_boilerplate,
)
from cleaner.html.content import (
    _MAIN_MIN,
    _NEVER_DROP_TAGS,
    _P_MIN,
    _article_header,
    _is_comment_box,
    _keep_comment_pages,
    _main_root,
    _page_forms,
    _protected_ids,
    _render_main,
    _sibling_parts,
)
from cleaner.html.explain import HtmlRemoval, _note, _note_outermost, _outermost
from cleaner.html.labels import drop_labels, mark_label, mark_list_label
from cleaner.html.links import _drop_link_blocks, drop_inline_links
from cleaner.html.markup import _decompose_all, _inside, _parse
from cleaner.html.render import _lines, _render


def html_to_text_full(html: str) -> str:
    """All visible text, one block per line, no boilerplate removed (like the eval data's `text` field)."""
    _tree, body = _parse(html)
    return _render(body)


@dataclass(frozen=True)
class HtmlOptions:
    """What HTML mode keeps besides the article text: comments (off), tables and the headline (on)."""

    comments: bool = False
    tables: bool = True
    headline: bool = True


_DEFAULT = HtmlOptions()


def _prepare(html: str, record: list[HtmlRemoval] | None = None, options: HtmlOptions = _DEFAULT,
             comments: list[str] | None = None) -> tuple[LexborNode | None, LexborNode | None]:
    """Parse and prune: (body, main root or None), boilerplate containers and link lists already gone.

    With options.comments, the text of the comment boxes outside the article goes to `comments` instead."""
    _tree, body = _parse(html, _mark_boilerplate)
    if body is None:
        return None, None
    if not options.headline:
        _drop(body.css("h1"), "html.headline", record)
    if not options.tables:
        _drop(body.css("table"), "html.table", record, keep=_ancestors_of(body.css("p")))
    hidden = _flag_roles_and_hidden(body)
    flagged = [n for n in body.css(_FLAG_SELECTOR) if (tag := n.tag) not in _NEVER_DROP_TAGS
               and (tag not in _INLINE or not _in_sentence(n))]
    if SLUG_IDS:
        flagged = [n for n in flagged if n.mem_id in hidden or not _heading_slug_id(n)]
    root, block = _main_root(body, {n.mem_id for n in flagged}, hidden)
    protected = _protected_ids(body, block)
    if SIBLING_PARTS:
        protected |= _sibling_parts(flagged, protected, hidden)
    protected |= _page_forms(body, flagged)
    dropped = [n for n in flagged if n.mem_id not in protected and not _article_header(n)]
    if root is None and dropped:
        dropped = _keep_comment_pages(body, dropped, hidden)
    if comments is not None and dropped:
        boxes = [n for n in dropped if n.mem_id not in hidden and _is_comment_box(n)]
        ids = {n.mem_id for n in boxes}
        comments.extend(_render(n) for n in boxes if not _inside(n, ids))
        dropped = [n for n in dropped if n.mem_id not in ids and not _inside(n, ids)]
        _decompose_all(boxes)
    outer = _outermost(dropped) if record is not None or LABELS else []
    if record is not None:
        _note_outermost(record, outer, hidden)
    labelled = False
    if LABELS:
        for n in outer:
            if n.mem_id not in hidden:
                labelled = mark_label(n, record) or labelled
    _decompose_all(dropped)
    labelled = _drop_link_blocks(body, protected, record, mark_list_label if LABELS else None) or labelled
    if labelled:
        drop_labels(body)
    drop_inline_links(body, protected, record, html)
    # Image captions and credits: the labelled data (trafilatura's must_remove, scrapinghub's gold) leave
    # them out. A long one is an article paragraph set under a picture, and stays.
    captions = [n for n in body.css("figcaption") if len(n.text(deep=True).split()) < CAPTION_WORDS_MAX]
    if record is not None:
        for n in captions:
            _note(record, "html.caption", n)
    _decompose_all(captions)
    return body, root


SIBLING_PARTS = True  # the article's other parts in boxes of the same class (content._sibling_parts)
SLUG_IDS = True  # a section whose id spells its own heading is no boilerplate box (containers._heading_slug_id)
LABELS = True  # the label of a dropped block goes with it (labels.py)
CAPTION_WORDS_MAX = 30  # 20-40 measured: 30 keeps the two lead paragraphs that sites put in a <figcaption>


def _drop(nodes: list[LexborNode], rule: str, record: list[HtmlRemoval] | None, keep: set[int] | None = None) -> None:
    chosen = [n for n in nodes if keep is None or n.mem_id not in keep]
    if record is not None:
        ids = {n.mem_id for n in chosen}
        for n in chosen:
            if not _inside(n, ids):
                _note(record, rule, n)
    _decompose_all(chosen)


def _ancestors_of(nodes: list[LexborNode]) -> set[int]:
    """mem_ids of the ancestors of the nodes (a layout table holding the paragraphs is not a data table)."""
    found: set[int] = set()
    for node in nodes:
        cur = node.parent
        while cur is not None and cur.mem_id not in found:
            found.add(cur.mem_id)
            cur = cur.parent
    return found


def html_to_text(html: str, options: HtmlOptions = _DEFAULT) -> str:
    """Visible main text, one block per line: boilerplate containers, link lists and off-article lines dropped.

    Never raises on malformed markup (lexbor parses anything the way a browser would).
    """
    return _extract(html, None, options)


def html_to_text_explained(html: str, options: HtmlOptions = _DEFAULT) -> tuple[str, list[HtmlRemoval]]:
    """html_to_text and what it dropped: (rule id, where, excerpt) per removed block or line, in page order
    for blocks, then the lines dropped outside the main content. Only blocks with visible text are listed."""
    record: list[HtmlRemoval] = []
    return _extract(html, record, options), record


def _extract(html: str, record: list[HtmlRemoval] | None, options: HtmlOptions = _DEFAULT) -> str:
    comments: list[str] | None = [] if options.comments else None
    body, root = _prepare(html, record, options, comments)
    if body is None:
        return ""
    text = _render(body) if root is None else _render_main(body, root, record, _title(html) if TITLE_HEADLINE else "")
    if comments:
        # Comments follow the article, each box as its own block of lines.
        text = "\n".join(part for part in (text, *comments) if part)
    if not text:
        # Everything was judged boilerplate. A page with paragraphs has content all the same (a post in
        # a container named like a widget): its paragraphs beat an empty output.
        text = _paragraph_text(html)
        if text and record is not None:
            record.append(("html.fallback-paragraphs", "body", "everything was judged boilerplate: paragraphs kept"))
    return text


# With no <h1> above the article, the line the <title> repeats is its headline. Measured: must_keep unchanged on
# both halves of the trafilatura set, scrapinghub token precision -0.1 on both (its gold leaves the headline out): off.
TITLE_HEADLINE = False
_TITLE = re.compile(r"<title[^>]*>([^<]{1,2000})</title", re.I)
_TITLE_SCAN = 65536  # the <title> is in the <head>: only the page's first characters are searched


def _title(html: str) -> str:
    """The page's <title>, whitespace-collapsed and case-folded ("" if none)."""
    found = _TITLE.search(html, 0, _TITLE_SCAN)
    if found is None:
        return ""
    return " ".join(unescape(found.group(1)).split()).casefold()


def _paragraph_text(html: str) -> str:
    """The page's paragraphs (each of _P_MIN characters or more), if they add up to _MAIN_MIN; else ""."""
    _tree, body = _parse(html)
    if body is None:
        return ""
    lines = [line for p in body.css("p") for line in _lines(p.text(deep=True))]
    lines = [line for line in lines if len(line) >= _P_MIN]
    return "\n".join(lines) if sum(map(len, lines)) >= _MAIN_MIN else ""
