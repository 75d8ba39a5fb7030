"""Main content: the root that holds the paragraph text, what survives outside it, and the containers
that are content although flagged (page-wrapping forms, comment threads that are the page)."""

from __future__ import annotations

from selectolax.lexbor import LexborNode

from cleaner.html.containers import (
    _BOILER_WORDS,
    _IDENT,
    _PARTS,
    _TAG_NAMES,
    _has_boiler_role,
    _is_content_token,
    _judge_token,
)
from cleaner.html.explain import _EXCERPT, HtmlRemoval, _path
from cleaner.html.links import _mostly_links
from cleaner.html.markup import _inside
from cleaner.html.render import _lines

# main content
#
# The article is where the paragraph text is. Each <p> (of at least _P_MIN characters) adds its length
# to every ancestor; the root is the lowest ancestor of the block with the most direct paragraph text
# that holds MAIN_SHARE of all of it, and is kept whole. Outside it only the headline (the last <h1>
# above the root), the lead and prose that is not alone survive (`_outside`): menus, bylines, dates,
# captions, teaser lists and footers are short lines, or lone ones. The thresholds below were set on
# the dev split (python -m benchmarks.evaluate): each one moved several datasets, not a single site.

MAIN_SHARE = 0.7
_P_MIN = 20  # shorter <p>s are labels and buttons, not paragraphs
_MAIN_MIN = 200  # less paragraph text than this: no main root, the whole page is kept
PROSE_WORDS = 12  # a line outside the root needs this many words and a sentence end ...
PROSE_WORDS_ANY = 20  # ... or this many words
_SENTENCE_END = (".", "!", "?", ":", '"', "'", ")", "\u201d", "\u2019", "\u00bb", "\u3002", "\uff01", "\uff1f")
# Unicode noncharacters: never meant to occur in interchanged text (private-use ones do, in icon fonts).
_ROOT_START, _ROOT_END, _HEADING, _SUBHEAD = "\ufdd0", "\ufdd1", "\ufdd2", "\ufdd3"
_MARKS = _HEADING + _SUBHEAD


_TRANSPARENT = frozenset({"blockquote"})  # not a paragraph's home


def _main_root(body: LexborNode, flagged: set[int], hidden: set[int]) -> tuple[LexborNode | None, LexborNode | None]:
    """(root, block): `block` directly holds the most paragraph text; `root` is its lowest ancestor that
    holds MAIN_SHARE of all paragraph text, or an <article>/articleBody ancestor holding ARTICLE_SHARE.
    Paragraphs inside boilerplate containers (a cookie dialog, a comment thread) are left out when the rest
    of the page has FLAGGED_SHARE as much or its best block is inside an <article>; hidden ones always."""
    paragraphs: list[tuple[int, list[LexborNode], bool]] = []
    # Paragraphs are siblings mostly: each parent's chain of ancestors is walked once.
    chains: dict[int, tuple[list[LexborNode], bool, bool]] = {}
    for p in body.css("p"):
        n = len(p.text(deep=True, strip=True))
        if n < _P_MIN:
            continue
        parent = p.parent
        if parent is None:
            continue
        known = chains.get(parent.mem_id)
        if known is None:
            known = chains[parent.mem_id] = _chain(parent, flagged, hidden)
        chain, inside, invisible = known
        if not invisible and p.mem_id not in hidden:
            paragraphs.append((n, chain, inside or p.mem_id in flagged))
    if DIV_TEXT_MIN:
        for div in body.css("div"):
            n = _own_text(div)
            if n < DIV_TEXT_MIN:
                continue
            # a div that is a paragraph's parent has its chain already: the same object, walked once
            known = chains.get(div.mem_id)
            if known is None:
                known = chains[div.mem_id] = _chain(div, flagged, hidden)
            chain, inside, _invisible = known
            if not inside:  # a comment's or a widget's text is never evidence of the article
                paragraphs.append((n, chain, False))
    found = _score_paragraphs(paragraphs)
    if found is None:
        return None, None
    clean = _score_paragraphs([entry for entry in paragraphs if not entry[2]])
    if clean is not None and (clean[1] >= FLAGGED_SHARE * found[1] or _in_article(clean[0])):
        found = clean
    block, _size, below, total = found
    node: LexborNode = block
    while MAIN_SHARE and below.get(node.mem_id, 0) < MAIN_SHARE * total:
        if _is_article(node) and below.get(node.mem_id, 0) >= ARTICLE_SHARE * total:
            break
        parent = node.parent
        if parent is None or parent.tag in ("html", "body"):
            return None, block
        node = parent
    if node.tag not in ROOT_TAGS:
        return None, block
    return node, block


# Text set straight in a <div> (paragraphs split by <br>, or a <div> per paragraph, as some news CMSs
# write them) is paragraph text too; the div is its own home.
DIV_TEXT_MIN = 100


def _own_text(node: LexborNode) -> int:
    """Characters of the node's own text nodes (not its elements'), stripped."""
    return sum(len(child.text_content.strip()) for child in node.iter(include_text=True)
               if child.tag == "-text" and child.text_content)


def _chain(node: LexborNode, flagged: set[int], hidden: set[int]) -> tuple[list[LexborNode], bool, bool]:
    """(the node and its ancestors, one of them is flagged, one of them is flagged and hidden)."""
    chain: list[LexborNode] = []
    inside = invisible = False
    cur: LexborNode | None = node
    while cur is not None:
        chain.append(cur)
        key = cur.mem_id
        if key in flagged:
            inside = True
            invisible = invisible or key in hidden
        cur = cur.parent
    return chain, inside, invisible


# Widening stops at an <article>/articleBody holding this share of the paragraph text: past it come
# teaser grids and comment threads whose summaries are <p>s too.
ARTICLE_SHARE = 0.4


def _is_article(node: LexborNode) -> bool:
    """The page's own markup says this element is the article: <article> or schema.org articleBody."""
    if node.tag == "article":
        return True
    attrs = node.attributes
    if "itemprop" in attrs and (attrs["itemprop"] or "").lower() == "articlebody":
        return True
    if CONTENT_TOKENS_ARE_ARTICLES:
        value = attrs.get("class")
        return value is not None and any(map(_is_content_token, value.split()))
    return False


# A platform's content container (entry-content, post-body) is the article, as <article> is: widening stops
# there. Measured: trafilatura set half A 86.0/98.8 -> 86.6/99.2, half B must_remove 80.4 -> 80.6; token F1
# cleanportaleval +0.3/+0.2, scrapinghub B +0.1; cleaneval-dev A -0.6 (a blog index: only the first post).
CONTENT_TOKENS_ARE_ARTICLES = True


def _in_article(node: LexborNode | None) -> bool:
    """The node is inside an element the markup calls the article (checked once per page)."""
    while node is not None:
        if _is_article(node):
            return True
        node = node.parent
    return False


# Containers that delimit an article. A root that is a table cell or a <font>/<center> wrapper comes
# from a table layout, where the paragraphs do not show where the article ends: keep the whole page.
ROOT_TAGS = frozenset({"div", "article", "section", "main", "ul", "ol", "dl", "form", "block"})


FLAGGED_SHARE = 0.5


def _score_paragraphs(
    paragraphs: list[tuple[int, list[LexborNode], bool]],
) -> tuple[LexborNode, int, dict[int, int], int] | None:
    """(block, its direct paragraph text, paragraph text below each node, total) or None if too little."""
    total = sum(entry[0] for entry in paragraphs)
    if total < _MAIN_MIN:
        return None
    # Paragraphs with the same parent share one chain object (see _main_root): each chain is walked once,
    # with their sum. Chains come in order of their first paragraph, so ties in `direct` break the same.
    per_chain: dict[int, tuple[int, list[LexborNode]]] = {}
    for n, chain, _ in paragraphs:
        known = per_chain.get(id(chain))
        per_chain[id(chain)] = (n, chain) if known is None else (known[0] + n, chain)
    below: dict[int, int] = {}
    nodes: dict[int, LexborNode] = {}
    direct: dict[int, int] = {}
    for n, chain in per_chain.values():
        home = 0
        while home + 1 < len(chain) and chain[home].tag in _TRANSPARENT:
            home += 1
        key = chain[home].mem_id
        direct[key] = direct.get(key, 0) + n
        for node in chain:
            key = node.mem_id
            if key in nodes:
                below[key] += n
            else:
                below[key] = n
                nodes[key] = node
    best = max(direct, key=direct.__getitem__)
    return nodes[best], direct[best], below, total


def _is_prose(line: str) -> bool:
    words = len(line.split())
    if words >= PROSE_WORDS_ANY:
        return True
    return words >= PROSE_WORDS and line.rstrip().endswith(_SENTENCE_END)


PROSE_RUN = 1  # 1: an isolated prose line outside the root is dropped (teaser summaries); 0: kept


NEAR_ROOT = 1  # prose this many lines (besides the adjacent one) from the root is the article's too
HEADLINE_TAGS = "h1"  # h1-h3 measured: no better on any dataset
LEAD_WINDOW = 40  # the headline is at most this many lines above the root for a lead to follow it
PROSE_LONE_WORDS = 25  # above the root a prose line this long is kept even alone (below: a footer)


def _outside(lines: list[str], before: bool, record: list[HtmlRemoval] | None = None, where: str = "",
             title: str = "") -> list[str]:
    """Lines outside the main root that survive: runs of prose, and before the root its headline + lead.

    A prose line next to the root or next to another prose line is article text that spilled out of
    the root; a lone one among short lines is a teaser summary, a caption or a notice. Between the
    headline and the root a lone one is the article's lead.
    """
    heading = [line.startswith(_HEADING) for line in lines]
    sub = [line.startswith(_SUBHEAD) for line in lines]
    lines = [line.lstrip(_MARKS).strip() if h or s else line for line, h, s in zip(lines, heading, sub, strict=True)]
    prose = [_is_prose(line) for line in lines]
    n = len(lines)
    head_at = lead_from = -1
    if before:
        head_at = max((i for i in range(n) if heading[i] and lines[i]), default=-1)
        if head_at < 0 and SUBHEAD_TAGS:
            # No <h1> above the article: many sites set the headline in an <h2> (the <h1> is the logo).
            head_at = max((i for i in range(max(0, n - LEAD_WINDOW), n) if sub[i] and lines[i]), default=-1)
        if head_at < 0 and title:
            # No <h1> above the article: the headline is the line the page's <title> repeats (an <h2>, a
            # <div class="title">, a <p>), the nearest one to the root.
            head_at = max((i for i in range(max(0, n - LEAD_WINDOW), n) if _in_title(lines[i], title)), default=-1)
        lead_from = head_at if head_at >= n - LEAD_WINDOW else n
    near = n
    if before and LEAD_SKIP_SHORT:
        # The lead, then a date and a byline, then the article: the prose line above a few short lines.
        k = n - 1
        while k >= 0 and n - 1 - k < LEAD_SKIP_SHORT and not prose[k] and len(lines[k].split()) <= SHORT_WORDS:
            k -= 1
        near = k if k >= 0 and prose[k] else n
    keep = [False] * n
    for i in range(n):
        if i == head_at:
            keep[i] = True
        elif prose[i]:
            keep[i] = (
                not PROSE_RUN
                or (0 <= lead_from < i)
                or (before and i >= n - 1 - NEAR_ROOT)
                or i == near
                or (not before and i <= NEAR_ROOT)
                or (i > 0 and prose[i - 1])
                or (i + 1 < n and prose[i + 1])
                or (before and len(lines[i].split()) >= PROSE_LONE_WORDS)
            )
    if record is not None:
        side = "before" if before else "after"
        record.extend(
            ("html.outside-main", f"{side} {where}, line {i + 1} of {n}", line[:_EXCERPT])
            for i, (line, k) in enumerate(zip(lines, keep, strict=True))
            if line and not k
        )
    return [line for line, k in zip(lines, keep, strict=True) if k and line]


# The headline when there is no <h1> above the article ("" = off). Measured "h2": half A cleaneval-final
# must_keep +0.2, scrapinghub token F1 -0.1 on both halves: off.
SUBHEAD_TAGS = ""
LEAD_SKIP_SHORT = 3  # a lead line is kept above at most this many short lines (date, byline) next to the root
SHORT_WORDS = 6


TITLE_WORDS = 3  # a line needs this many words to be taken for the headline the <title> repeats


def _in_title(line: str, title: str) -> bool:
    """The line is a headline the page's <title> holds ("Headline | Site", "Site - Headline")."""
    if len(line.split()) < TITLE_WORDS or len(line) > len(title):
        return False
    return " ".join(line.split()).casefold() in title


def _render_main(body: LexborNode, root: LexborNode, record: list[HtmlRemoval] | None = None, title: str = "") -> str:
    headlines = body.css(HEADLINE_TAGS)
    for h in headlines:
        h.insert_before(_HEADING)
    subheads = body.css(SUBHEAD_TAGS) if SUBHEAD_TAGS else []
    for h in subheads:
        h.insert_before(_SUBHEAD)
    root.insert_before(_ROOT_START)
    root.insert_after(_ROOT_END)
    raw = body.text(deep=True)
    if (raw.count(_ROOT_START) != 1 or raw.count(_ROOT_END) != 1 or raw.count(_HEADING) > len(headlines)
            or raw.count(_SUBHEAD) > len(subheads)):
        # The page itself holds a marker character: the split cannot be trusted, keep the whole page.
        for marker in (_ROOT_START, _ROOT_END, _HEADING, _SUBHEAD):
            raw = raw.replace(marker, "")
        return "\n".join(_lines(raw))
    before, _, rest = raw.partition(_ROOT_START)
    main, _, after = rest.partition(_ROOT_END)
    main_lines = _lines(main.replace(_HEADING, "").replace(_SUBHEAD, "") if subheads else main.replace(_HEADING, ""))
    before_lines, after_lines = _lines(before), _lines(after)
    main_size = sum(map(len, main_lines))
    if main_size < ROOT_TEXT_SHARE * (main_size + sum(map(len, before_lines)) + sum(map(len, after_lines))):
        # Most of the page's text is not in <p>s (directories, <br>-separated posts, agendas): a root
        # found from paragraphs alone is a small corner of it, and the filter outside it would drop the rest.
        lines = [line.lstrip(_MARKS).strip() for line in before_lines + main_lines + after_lines]
        return "\n".join(line for line in lines if line)
    where = _path(root) if record is not None else ""
    lines = _outside(before_lines, True, record, where, title) + main_lines
    lines += _outside(after_lines, False, record, where)
    return "\n".join(lines)


# The root must hold this share of the text left after boilerplate removal, or the page is kept whole.
ROOT_TEXT_SHARE = 0.2


FORM_PAGE_SHARE = 0.5  # a <form> holding this share of the page's text wraps the page (ASP.NET style)


def _page_forms(body: LexborNode, flagged: list[LexborNode]) -> set[int]:
    """mem_ids of <form>s that wrap the page's content rather than being a form: most of the text is in them.

    Old server frameworks put the whole page in one <form>; dropping it as boilerplate empties the page.
    A form that is mostly links (a parked domain's keyword list) is still a link list."""
    forms = [n for n in flagged if n.tag == "form"]
    if not forms:
        return set()
    wrappers = set()
    total = -1
    for form in forms:
        size = len(form.text(deep=True, strip=True))
        if size < _MAIN_MIN:  # a search box or login form: the common case, no page text needed
            continue
        if total < 0:
            total = len(body.text(deep=True, strip=True))
        if size >= FORM_PAGE_SHARE * total and not _mostly_links(form):
            wrappers.add(form.mem_id)
    return wrappers


COMMENT_PAGE_SHARE = 0.5  # comment boxes holding this share of a page without an article are its content
_COMMENT_WORDS = frozenset(("comment", "comments", "commentlist"))


def _is_comment_box(node: LexborNode) -> bool:
    """Flagged for a comment word alone (class or id): not a nav, a sidebar or a hidden box."""
    attrs = node.attributes
    if (node.tag or "") in _TAG_NAMES or _has_boiler_role(attrs):
        return False
    found = False
    for name in ("class", "id"):
        value = attrs.get(name) or ""
        for token in value.split() if name == "class" else [value.strip()]:
            if not (_IDENT.fullmatch(token) and _judge_token(token)):
                continue
            words = {p.lower() for p in _PARTS.findall(token)} & _BOILER_WORDS
            if not words <= _COMMENT_WORDS:
                return False
            found = True
    return found


def _keep_comment_pages(body: LexborNode, dropped: list[LexborNode], hidden: set[int]) -> list[LexborNode]:
    """A page with no article whose text is mostly in comment boxes is a forum thread, a Q&A or a live
    ticker ("live-match-comments"): the comments are the content, so they are not dropped."""
    boxes = [n for n in dropped if n.mem_id not in hidden and _is_comment_box(n)]
    if not boxes:
        return dropped
    ids = {n.mem_id for n in boxes}
    outer = [n for n in boxes if not _inside(n, ids)]
    size = sum(len(n.text(deep=True, strip=True)) for n in outer)
    if size < _MAIN_MIN or size < COMMENT_PAGE_SHARE * len(body.text(deep=True, strip=True)):
        return dropped
    return [n for n in dropped if n.mem_id not in ids]




def _article_header(node: LexborNode) -> bool:
    """A <header> holding an <h1> is the article's head (headline, lead, date), not the site banner.

    Its lines then go through the same outside-the-root filter as everything else."""
    return node.tag == "header" and node.css_first("h1") is not None


_CONTENT_ROOTS = "main, article, [role=main], [itemprop=articleBody]"
_NEVER_DROP_TAGS = frozenset({"html", "body", "main", "article"})


def _protected_ids(body: LexborNode, main: LexborNode | None) -> set[int]:
    """mem_ids of the content roots, the main block and all their ancestors: never dropped for a class/tag."""
    protected: set[int] = set()
    # An <article> that is mostly link text is a teaser card, not the article's container. Only pages
    # with several <article>s have cards, so a page with one pays nothing for the check.
    roots = list(body.css(_CONTENT_ROOTS))
    if sum(node.tag == "article" for node in roots) > 1:
        roots = [node for node in roots if node.tag != "article" or not _mostly_links(node)]
    if main is not None:
        roots.append(main)
    for node in roots:
        cur: LexborNode | None = node
        while cur is not None and cur.mem_id not in protected:
            protected.add(cur.mem_id)
            cur = cur.parent
    return protected


def _sibling_parts(flagged: list[LexborNode], protected: set[int], hidden: set[int]) -> set[int]:
    """mem_ids of the flagged siblings of a protected flagged box that carry its very class value: an
    article cut into parts by ads or embeds (`sidebar-grid__container` four times under one parent) is all
    in boxes like the one that holds its best block, whose class word was wrong for all of them. Only
    siblings: a sidebar's widgets sit in another column than an article's widget."""
    flagged_ids = {n.mem_id for n in flagged}
    found: set[int] = set()
    for node in flagged:
        if node.mem_id not in protected or node.mem_id in hidden:
            continue
        value = node.attributes.get("class")
        parent = node.parent
        if not value or parent is None:
            continue
        for sibling in parent.iter():
            key = sibling.mem_id
            if (key in flagged_ids and key not in protected and key not in hidden
                    and sibling.attributes.get("class") == value):
                found.add(key)
    return found


# --------------------------------------------------------------------------------------------------
