"""HTML mode: the page's main text with block structure; menus, teasers, footers and the like dropped.

Speed matters (whole crawls go through here), so almost no Python runs per DOM node:

* block boundaries are marked by a form feed inserted into the *source* in front of every block tag.
  A form feed is HTML whitespace, so the parser keeps it even inside tables (a visible marker
  character would be foster-parented out of the table), and after `text()` it becomes a line break;
* boilerplate containers (nav/header/footer/aside/form tags, class/id words such as "sidebar" or
  "share") are flagged in the source by a few regex passes; roles, hidden elements and
  display:none are found after parsing by one walk with cheap selectors (Python decides on the few
  elements it returns); all are then decomposed;
* the link-density pass only looks at containers that hold several links (counted once per link);
* the main content root is found from where the paragraph text is (see `_main_root`); outside it only
  the headline, the lead and prose survive, judged per line on the rendered text.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from selectolax.lexbor import LexborHTMLParser, LexborNode

from cleaner.core.sniff import looks_like_html

__all__ = ["looks_like_html", "html_to_text", "html_to_text_full", "html_to_text_explained", "HtmlRemoval",
           "HtmlOptions"]

# What the HTML stage dropped: (rule id, where in the page, excerpt of the dropped text).
HtmlRemoval = tuple[str, str, str]
_EXCERPT = 200

# --------------------------------------------------------------------------------------------------
# block structure via a form-feed marker


def _alternation(words: str) -> bytes:
    """`a|b|...` for a regex, grouped by first letter: re tries a flat alternation one branch after the
    other at every "<", a grouped one reads the letter once (block marking runs 1.4x faster)."""
    groups: dict[str, list[str]] = {}
    for word in words.split("|"):
        groups.setdefault(word[0], []).append(re.escape(word[1:]))
    return "|".join(f"{first}(?:{'|'.join(rests)})" for first, rests in groups.items()).encode()


# Elements that start a new line in the visible text (HTML's block-level / table / list elements, <br>).
_BLOCK_TAGS = (
    "address|article|aside|blockquote|body|br|caption|center|dd|details|dialog|dir|div|dl|dt|fieldset|"
    "figcaption|figure|footer|form|frameset|h1|h2|h3|h4|h5|h6|header|hgroup|hr|li|legend|main|menu|nav|"
    "noframes|ol|option|p|pre|section|summary|table|tbody|td|tfoot|th|thead|title|tr|ul"
)
# Matches just the "<" (the rest is a lookahead), so `sub` writes a constant and expands no template.
_BLOCK_TAG = re.compile(rb"<(?=/?(?:" + _alternation(_BLOCK_TAGS) + rb")[\s/>])")
# Case-insensitive matching is 2x slower: only used for pages that have upper-case tags at all.
_BLOCK_TAG_I = re.compile(_BLOCK_TAG.pattern, re.I)
_UPPER_TAG = re.compile(rb"</?[A-Z]")
_PRE = re.compile(rb"<(pre|textarea|listing|plaintext)\b.*?</\1\s*>", re.I | re.S)
_PRE_START_I = re.compile(rb"<(?:pre|textarea|listing|plaintext)\b", re.I)
# Most pages have neither upper-case tags nor a <pre>: one scan for both says so.
_UPPER_OR_PRE = re.compile(rb"<(?:(/?[A-Z])|(?:pre|textarea|listing|plaintext)\b)")
_MARK = b"\f"
# A run of ASCII whitespace is one space (a no-break space is text, as in a browser). A lone space is
# left alone: matching it too would cut the text at every word.
_SPACES = re.compile(r"[\t\n\r][ \t\n\r]*| [ \t\n\r]+")

_ALWAYS_DROP = ("script", "style", "noscript", "template", "svg", "iframe", "object", "embed", "head")


# Every scan of the source costs about as much as a regex pass (an absent literal is read to the end),
# so the checks below are as few as possible and `upper` is computed once per page.


def _scan(html: bytes) -> tuple[bool, bool]:
    """(upper, pre): the page has an upper-case tag; it has a <pre>-like tag (in any case if `upper`)."""
    found = _UPPER_OR_PRE.search(html)
    if found is None:
        return False, False
    if found.group(1):
        return True, _PRE_START_I.search(html) is not None
    # A lower-case <pre> came first: no upper-case tag before it.
    return _UPPER_TAG.search(html, found.start()) is not None, True


def _mark_blocks(html: bytes, upper: bool, pre: bool) -> bytes:
    if _MARK in html:
        html = html.replace(_MARK, b" ")
    if pre:
        # Line breaks inside <pre> are content: turn them into markers before whitespace is collapsed.
        html = _PRE.sub(lambda m: m.group(0).replace(b"\n", _MARK), html)
    return (_BLOCK_TAG_I if upper else _BLOCK_TAG).sub(_MARK + b"<", html)


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


# lexbor's tree building is quadratic in the nesting depth (100,000 nested <div>s: 41 s). A page nested
# deeper than MAX_DEPTH is flattened before parsing: start tags past that depth are dropped (their text
# stays), with their end tags. Depth needs start tags, so pages with fewer "<" than MAX_DEPTH (all but the
# largest) pay one bytes.count; at MAX_DEPTH the parse of the deepest page takes about a tenth of a second.
MAX_DEPTH = 5000
_TAG_TOKEN = re.compile(rb"<(/?)([A-Za-z][A-Za-z0-9:-]*)[^>]*?(/?)>")
_VOID = frozenset(
    b"area base br col embed hr img input keygen link meta param source track wbr basefont bgsound frame".split()
)
_SELF_CLOSING_SIBLINGS = frozenset(b"p li option dt dd tr td th".split())


def _bound_depth(data: bytes) -> bytes:
    """The page with start tags past MAX_DEPTH (and their end tags) replaced by a space."""
    if data.count(b"<") <= MAX_DEPTH:
        return data
    stack: list[bytes] = []
    drop: list[tuple[int, int]] = []
    suppressed = 0
    for m in _TAG_TOKEN.finditer(data):
        name = m.group(2).lower()
        if name in _VOID or m.group(3):
            continue
        if m.group(1):  # an end tag
            if suppressed:
                suppressed -= 1
                drop.append(m.span())
            elif name in stack:
                while stack and stack.pop() != name:
                    pass
            continue
        if stack and stack[-1] == name and name in _SELF_CLOSING_SIBLINGS:
            stack.pop()
        if len(stack) >= MAX_DEPTH:
            suppressed += 1
            drop.append(m.span())
        else:
            stack.append(name)
    if not drop:
        return data
    out: list[bytes] = []
    at = 0
    for start, end in drop:
        out.append(data[at:start])
        out.append(b" ")
        at = end
    out.append(data[at:])
    return b"".join(out)


def _parse(html: str, boilerplate: bool = False) -> tuple[LexborHTMLParser, LexborNode | None]:
    # All source-level work runs on UTF-8 bytes: regexes scan bytes faster than wide (non-Latin-1)
    # strings, and lexbor parses UTF-8 anyway, so the encoding is paid once either way.
    data = _bound_depth(html.encode("utf-8", "surrogatepass"))
    # Upper-case tags are rare; case-insensitive patterns are 3x slower, so they run only when needed.
    upper, pre = _scan(data)
    data = _mark_blocks(data, upper, pre)
    if boilerplate:
        data = _mark_boilerplate(data, upper)
    # scripting=True: <noscript> content is one text node (then dropped), as in a browser that runs JS.
    tree = LexborHTMLParser(data, scripting=True)
    _decompose_all(tree.css(", ".join(_ALWAYS_DROP)))
    body = tree.body
    if body is None:
        body = tree.root
    return tree, body


def _decompose_all(nodes: Iterable[LexborNode]) -> None:
    # Innermost/latest first: decomposing an ancestor first would free the nodes still in the list.
    for node in reversed(list(nodes)):
        node.decompose()


def html_to_text_full(html: str) -> str:
    """All visible text, one block per line, no boilerplate removed (like the eval data's `text` field)."""
    _tree, body = _parse(html)
    return _render(body)


# --------------------------------------------------------------------------------------------------
# boilerplate containers
#
# A CSS selector list costs one DOM pass per selector, and a page can have dozens of boilerplate class
# names. So the source is marked instead: every start tag that is a boilerplate container gets the
# attribute _FLAG, and one `[data-clb]` query finds them all. A regex that hits prose instead of a tag
# (a tutorial quoting `class="menu"`) only puts _FLAG into the text, and _render takes it out again.

# Bare attributes: inserted by mistake inside a quoted attribute value they are just more value text.
_FLAG = b" data-clb"
_FLAG_NAME = "data-clb"
_FLAG_SELECTOR = "[data-clb]"


def _strip_flags(text: str) -> str:
    return text.replace(_FLAG.decode(), "")


_TAG_NAMES = ("nav", "header", "footer", "aside", "form", "menu", "dialog")
_TAG_MARK = re.compile(b"<(?:" + _alternation("|".join(_TAG_NAMES)) + rb")(?=[\s/>])")
_TAG_MARK_I = re.compile(_TAG_MARK.pattern, re.I)
# Roles, aria-hidden, the hidden attribute and inline styles that hide an element are found after
# parsing. Selectors such as [role~=navigation i] (_ROLE_SELECTOR, _HIDDEN_SELECTOR) cost lexbor a test per
# element each, so one walk with cheap selectors collects the few elements that can match (_CANDIDATES),
# Python decides on those as the selectors would, and flags them like the source-marked ones.
_ROLES = ("navigation", "banner", "contentinfo", "complementary", "search", "dialog", "alertdialog")
_ROLE_SELECTOR = ", ".join(f"[role~={role} i]" for role in _ROLES)
_HIDDEN_STYLES = tuple(
    f"{prop}{sep}{value}" for prop, value in (("display", "none"), ("visibility", "hidden")) for sep in (":", ": ")
)
_HIDDEN_SELECTOR = ", ".join(
    ["[aria-hidden=true i]", "[hidden]"] + [f'[style*="{style}" i]' for style in _HIDDEN_STYLES]
)
_CANDIDATES = '[role], [aria-hidden], [hidden], [style*="none" i], [style*="hidden" i]'
_ROLE_BYTES = frozenset(role.encode() for role in _ROLES)
_HIDDEN_STYLE_BYTES = tuple(style.encode() for style in _HIDDEN_STYLES)
_CSS_SPACES = re.compile(rb"[ \t\n\r\f]+")  # what separates the words of [attr~=word]


def _is_hidden(attrs: dict[str, str | None]) -> bool:
    """The element matches _HIDDEN_SELECTOR (`i`: ASCII case-insensitive, hence bytes.lower)."""
    if "hidden" in attrs:
        return True
    value = attrs.get("aria-hidden")
    if value is not None and value.encode().lower() == b"true":
        return True
    style = attrs.get("style")
    return style is not None and any(hide in style.encode().lower() for hide in _HIDDEN_STYLE_BYTES)


def _has_boiler_role(attrs: dict[str, str | None]) -> bool:
    """The element matches _ROLE_SELECTOR."""
    role = attrs.get("role")
    return role is not None and any(word in _ROLE_BYTES for word in _CSS_SPACES.split(role.encode().lower()))


def _flag_roles_and_hidden(body: LexborNode) -> set[int]:
    """Give the elements with a boilerplate role or hidden the _FLAG attribute; mem_ids of the hidden ones."""
    hidden: set[int] = set()
    for node in body.css(_CANDIDATES):
        attrs = node.attributes
        if _is_hidden(attrs):
            hidden.add(node.mem_id)
        elif not _has_boiler_role(attrs):
            continue
        node.attrs[_FLAG_NAME] = ""
    return hidden


# Words that, as a whole part of a class or id token (split at - _ and camelCase), mark boilerplate.
_WORD_LIST = """
    share shares sharing sharebar sharethis addthis social socials socialmedia newsletter newsletters
    related relatedposts comment comments commentlist respond disqus cookie cookies cookiebar consent gdpr
    banner advert adverts advertisement advertising ad ads adsense adslot dfp gpt outbrain taboola
    sidebar breadcrumb breadcrumbs crumbs footer menu menus nav navbar navigation topnav subnav
    popup modal overlay lightbox subscribe subscription signup promo promotion promoted sponsor sponsors
    sponsored widget widgets pagination pager paging tags tagcloud taglist skip skiplink print
    masthead toolbar recommended recirculation trending mostread popular byline bylines
    login signin author authorbox
"""
_BOILER_WORDS = frozenset(_WORD_LIST.split())
# A token whose first part is one of these describes a layout ("has-sidebar"), not the box itself;
# "elementor-widget-*" is the page builder's wrapper around every element, article text included;
# "l-" is the layout prefix of SMACSS-style names ("l-sidebar-fixed": a layout that has a sidebar).
_LAYOUT_WORDS = "has no with without show hide is js enable disable use body page elementor l"
_LAYOUT_PREFIX = frozenset(_LAYOUT_WORDS.split())
# Case-sensitive patterns with a literal prefix scan an order of magnitude faster than `\b` or re.I ones.
# Group 1 is the whole attribute, group 2 its value: `split` then returns text, attribute, value, text, ...
_ATTR_VALUE = rb"""\s*=\s*("[^"]*"|'[^']*'|[^\s>"']+))"""
_ATTR_PATTERNS = tuple(
    (name.encode(), name.lower() == "class", re.compile(b"(" + name.encode() + _ATTR_VALUE))
    for name in ("class", "id", "CLASS", "ID", "Class", "Id")
)
_PARTS = re.compile(r"[A-Z]?[a-z]+|[A-Z]+(?![a-z])|\d+")
_IDENT = re.compile(r"-?[A-Za-z_][\w-]{0,100}")
_TOKEN_CACHE: dict[str, bool] = {}


def _is_boiler_token(token: str) -> bool:
    known = _TOKEN_CACHE.get(token)
    if known is not None:
        return known
    if not _IDENT.fullmatch(token):  # JS/CSS fragments caught by the regex: not worth a cache entry
        return False
    if len(_TOKEN_CACHE) > 100_000:
        _TOKEN_CACHE.clear()
    _TOKEN_CACHE[token] = verdict = _judge_token(token)
    return verdict


def _judge_token(token: str) -> bool:
    if BEM_MODIFIERS and "--" in token:
        # BEM: `block--modifier` names a variant of the block; the block decides ("teaser--ads" is a
        # teaser, "field--name-body" the body field).
        token = token.split("--", 1)[0]
    parts = [p.lower() for p in _PARTS.findall(token)]
    if not parts or parts[0] in _LAYOUT_PREFIX:
        return False
    if "print" in parts:
        # A print button is "print", "btn-print", "print-button"; "print-this-content", "printReady",
        # "print-full", "print-links" are print-stylesheet hints on the part of the page that gets printed.
        at = parts.index("print")
        if at + 1 < len(parts) and parts[at + 1] not in _PRINT_BUTTON:
            parts = [p for p in parts if p != "print"]
    if "author" in parts:
        # An author box is "post-author", "author-bio", "author-box"; "entry_author_Mark-Smith" and
        # "author-sarah" are a blog engine naming the post by its author, on the post itself.
        at = parts.index("author")
        if at + 1 < len(parts) and parts[at + 1] not in _AUTHOR_BOX:
            parts = [p for p in parts if p != "author"]
    return any(p in _BOILER_WORDS for p in parts) or token.lower() in _BOILER_WORDS


_AUTHOR_BOX = frozenset(("box", "bio", "info", "about", "details", "card", "wrap", "wrapper", "profile", "meta"))
_PRINT_BUTTON = frozenset(("button", "btn", "icon", "link", "page", "version"))
# Measured: ignoring the boilerplate words of a BEM modifier lowered must_remove on half A (85.0 -> 84.7)
# and moved nothing else; off.
BEM_MODIFIERS = False

# Class/id tokens (whole, lower-cased, trailing digits cut) that the common publishing platforms give the
# element holding the post or article text. A class list holding one of them is a content container even
# when another token has a boilerplate word ("widget Blog" is Blogger's post column, "post-body entry-content
# print-this-content" a printable article): the container's own marker wins.
_CONTENT_TOKEN_LIST = """
    entry-content post-content post-body post-entry entry-body postbody post-text post_content post__content
    article-body article-content article__body article__content articlebody article-text article_body
    story-body story-content story-text body-text content-body main-content
    field--name-body field-name-body node__content node-content item-page itemfulltext
    blog gh-content mw-parser-output mw-body-content cooked postcontent post-message message-content
    hentry h-entry e-content entry-text rich-text-body
"""
_CONTENT_TOKENS = frozenset(_CONTENT_TOKEN_LIST.split())
_TRAILING_ID = re.compile(r"[-_]?\d+$")


def _is_content_token(token: str) -> bool:
    low = token.lower()
    return low in _CONTENT_TOKENS or _TRAILING_ID.sub("", low) in _CONTENT_TOKENS


# Keyed by the value as the source spells it, quotes included: one dict per attribute kind.
_VALUE_CACHE: tuple[dict[bytes, bool], dict[bytes, bool]] = ({}, {})


def _is_boiler_value(is_class: bool, raw: bytes) -> bool:
    cache = _VALUE_CACHE[is_class]
    known = cache.get(raw)
    if known is None:
        value = _unquote(raw)
        if len(value) > 300:  # script text the regex ran into, not an attribute
            known = False
        else:
            text = value.decode("utf-8", "replace")
            tokens = text.split() if is_class else [text.strip()]
            known = any(_is_boiler_token(t) for t in tokens) and not any(map(_is_content_token, tokens))
        if len(cache) > 100_000:
            cache.clear()
        cache[raw] = known
    return known


def _flag_attributes(html: bytes, is_class: bool, pattern: re.Pattern[bytes]) -> bytes:
    """Flag the tags whose class (or id) value is boilerplate.

    A page repeats a few dozen distinct values thousands of times, so the distinct values are judged
    once each; one `split` (in C) both finds them and cuts the page at the attributes to flag.
    """
    parts = pattern.split(html)
    values = parts[2::3]
    boiler = {v for v in set(values) if _is_boiler_value(is_class, v)}
    if not boiler:
        return html
    flagged = False
    for k in [k for k, v in enumerate(values) if v in boiler]:
        at = 3 * k + 1  # the attribute; parts[at - 1] is the text before it
        if not is_class:
            # data-id=, uid=: not an id attribute. The text before it is empty only between two
            # attributes the pattern matched back to back (the byte before is the first one's last).
            before = parts[at - 1] or (parts[at - 3] if at > 1 else b"")
            if before and before[-1:] not in _BEFORE_ATTR:
                continue
        parts[at] += _FLAG
        flagged = True
    if not flagged:
        return html
    del parts[2::3]
    return b"".join(parts)


def _unquote(value: bytes) -> bytes:
    return value[1:-1] if value[:1] in (b'"', b"'") else value


_BEFORE_ATTR = frozenset((b" ", b"\t", b"\n", b"\r", b"\f", b'"', b"'", b"/"))


def _mark_boilerplate(html: bytes, upper: bool) -> bytes:
    """Add _FLAG to the start tags of boilerplate containers (tags, roles, hidden, class/id tokens)."""
    html = (_TAG_MARK_I if upper else _TAG_MARK).sub(rb"\g<0>" + _FLAG, html)
    # Per-page regexes cost more to compile than to run: fixed patterns, one per attribute spelling.
    for name, is_class, pattern in _ATTR_PATTERNS if upper else _ATTR_PATTERNS[:2]:
        if name in html:
            html = _flag_attributes(html, is_class, pattern)
    return html


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


# --------------------------------------------------------------------------------------------------
# link density


def _mostly_links(node: LexborNode) -> bool:
    """More than LINK_DENSITY_MAX of the text is link text (any number of links: a teaser card has one)."""
    links = node.css("a")
    if not links:
        return False
    total = len(node.text(deep=True, strip=True))
    linked = sum(len(a.text(deep=True, strip=True)) for a in links)
    return total == 0 or linked / total > LINK_DENSITY_MAX

_LINK_BLOCKS = "div, ul, ol, dl, table, section, p, td, li"
# Swept on the dev split (density 0.33-0.8 x min links 2/3/5): token F1 and snippet scores move by
# under 1 point across the grid; 0.5 / 3 keeps the most must_keep snippets at near-best removal.
LINK_DENSITY_MAX = 0.5  # share of a block's characters that are link text
LINK_COUNT_MIN = 3  # fewer links than this never make a block boilerplate


def _link_dense(node: LexborNode, protected: set[int]) -> bool:
    if node.mem_id in protected:
        # Only an empty block goes (image links): no need for the text of what is often the whole page.
        return not _has_text(node) and len(node.css("a")) >= LINK_COUNT_MIN
    links = node.css("a")
    if len(links) < LINK_COUNT_MIN:
        return False
    # strip=True trims every text fragment: a cheap stand-in for "characters that are not whitespace".
    total = len(node.text(deep=True, strip=True))
    if total == 0:
        return True
    linked = sum(len(a.text(deep=True, strip=True)) for a in links)
    return linked / total > LINK_DENSITY_MAX


def _has_text(node: LexborNode) -> bool:
    """Some text below the node is not whitespace (stops at the first such text node)."""
    for child in node.traverse(include_text=True, skip_empty=True):
        if child.is_text_node:
            text = child.text_content
            if text and not text.isspace():
                return True
    return False


def _crowded(body: LexborNode) -> set[int]:
    """mem_ids of the nodes with LINK_COUNT_MIN or more links below them.

    Each link counts itself in its ancestors, stopping at one that already has enough: that one's
    ancestors have at least as many counted (every walk that passed it went on up or stopped at a full one).
    """
    counts: dict[int, int] = {}
    for link in body.css("a"):
        node = link.parent
        while node is not None:
            key = node.mem_id
            seen = counts.get(key, 0)
            if seen >= LINK_COUNT_MIN:
                break
            counts[key] = seen + 1
            node = node.parent
    return {key for key, seen in counts.items() if seen >= LINK_COUNT_MIN}


def _drop_link_blocks(body: LexborNode, protected: set[int], record: list[HtmlRemoval] | None = None) -> None:
    # A block with fewer links than LINK_COUNT_MIN now has fewer after any removal too: only blocks
    # counted as crowded up front are queried.
    crowded = _crowded(body)
    if not crowded:
        return
    # Innermost first, so an outer block is judged on what is left of it.
    for node in reversed(body.css(_LINK_BLOCKS)):
        if node.mem_id in crowded and _link_dense(node, protected):
            if record is not None:
                _note(record, "html.link-list", node)
            node.decompose()


# --------------------------------------------------------------------------------------------------
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
    for n, chain, _inside in paragraphs:
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


def _outside(lines: list[str], before: bool, record: list[HtmlRemoval] | None = None, where: str = "") -> list[str]:
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


def _render_main(body: LexborNode, root: LexborNode, record: list[HtmlRemoval] | None = None) -> str:
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
    lines = _outside(before_lines, True, record, where) + main_lines + _outside(after_lines, False, record, where)
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


def _inside(node: LexborNode, ids: set[int]) -> bool:
    parent = node.parent
    while parent is not None:
        if parent.mem_id in ids:
            return True
        parent = parent.parent
    return False


def _article_header(node: LexborNode) -> bool:
    """A <header> holding an <h1> is the article's head (headline, lead, date), not the site banner.

    Its lines then go through the same outside-the-root filter as everything else."""
    return node.tag == "header" and node.css_first("h1") is not None


@dataclass(frozen=True)
class HtmlOptions:
    """What HTML mode keeps besides the article text: comments (off), tables and the headline (on)."""

    comments: bool = False
    tables: bool = True
    headline: bool = True


_DEFAULT = HtmlOptions()


# Phrasing elements: a class word on one of them inside a paragraph names a link or a span of the sentence
# (`<a class="popup">` opens in a new window), and dropping it would cut words out of the text.
_INLINE = frozenset((
    "a", "span", "em", "strong", "b", "i", "u", "s", "small", "abbr", "cite", "code", "time", "mark", "font", "sup",
    "sub", "q", "dfn", "var", "kbd",
))


def _in_sentence(node: LexborNode) -> bool:
    if node.tag not in _INLINE:
        return False
    parent = node.parent
    return parent is not None and parent.tag == "p"


def _prepare(html: str, record: list[HtmlRemoval] | None = None, options: HtmlOptions = _DEFAULT,
             comments: list[str] | None = None) -> tuple[LexborNode | None, LexborNode | None]:
    """Parse and prune: (body, main root or None), boilerplate containers and link lists already gone.

    With options.comments, the text of the comment boxes outside the article goes to `comments` instead."""
    _tree, body = _parse(html, boilerplate=True)
    if body is None:
        return None, None
    if not options.headline:
        _drop(body.css("h1"), "html.headline", record)
    if not options.tables:
        _drop(body.css("table"), "html.table", record, keep=_ancestors_of(body.css("p")))
    hidden = _flag_roles_and_hidden(body)
    flagged = [n for n in body.css(_FLAG_SELECTOR) if n.tag not in _NEVER_DROP_TAGS and not _in_sentence(n)]
    root, block = _main_root(body, {n.mem_id for n in flagged}, hidden)
    protected = _protected_ids(body, block)
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
    if record is not None:
        _note_outermost(record, dropped, hidden)
    _decompose_all(dropped)
    _drop_link_blocks(body, protected, record)
    # Image captions and credits: the labelled data (trafilatura's must_remove, scrapinghub's gold) leave
    # them out. A long one is an article paragraph set under a picture, and stays.
    captions = [n for n in body.css("figcaption") if len(n.text(deep=True).split()) < CAPTION_WORDS_MAX]
    if record is not None:
        for n in captions:
            _note(record, "html.caption", n)
    _decompose_all(captions)
    return body, root


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
    text = _render(body) if root is None else _render_main(body, root, record)
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


# --------------------------------------------------------------------------------------------------
# explaining removals (only when asked: none of this runs for html_to_text)


def _path(node: LexborNode) -> str:
    """A short CSS-like path of the node: `div#main.post > div.sidebar` (the last _PATH_DEPTH levels)."""
    parts: list[str] = []
    cur: LexborNode | None = node
    while cur is not None and cur.tag not in ("body", "html", "-undef", None) and len(parts) < _PATH_DEPTH:
        attrs = cur.attributes
        part = cur.tag or "?"
        ident = (attrs.get("id") or "").strip()
        if ident:
            part += "#" + ident[:40]
        classes = (attrs.get("class") or "").split()
        if classes:
            part += "." + ".".join(c[:40] for c in classes[:2])
        parts.append(part)
        cur = cur.parent
    if cur is not None and cur.tag not in ("body", "html", "-undef", None):
        parts.append("...")
    return " > ".join(reversed(parts)) or "body"


_PATH_DEPTH = 5


def _note(record: list[HtmlRemoval], rule: str, node: LexborNode) -> None:
    # Only the excerpt's worth of the text is split into lines (a dropped container can be most of the page).
    text = " | ".join(_lines(node.text(deep=True)[: 8 * _EXCERPT]))
    if text:
        record.append((rule, _path(node), text[:_EXCERPT]))


def _note_outermost(record: list[HtmlRemoval], nodes: list[LexborNode], hidden: set[int]) -> None:
    """Record the flagged nodes that are not inside another dropped one (those go with their container)."""
    ids = {n.mem_id for n in nodes}
    for node in nodes:
        parent = node.parent
        inner = False
        while parent is not None:
            if parent.mem_id in ids:
                inner = True
                break
            parent = parent.parent
        if not inner:
            _note(record, _flag_reason(node, hidden), node)


def _flag_reason(node: LexborNode, hidden: set[int]) -> str:
    """The rule id of a flagged node: why the source marking or the role/hidden walk flagged it."""
    if node.mem_id in hidden:
        return "html.hidden"
    tag = node.tag or ""
    if tag in _TAG_NAMES:
        return f"html.tag:{tag}"
    attrs = node.attributes
    if _has_boiler_role(attrs):
        return f"html.role:{(attrs.get('role') or '').strip().lower()}"
    for name in ("class", "id"):
        value = attrs.get(name) or ""
        tokens = value.split() if name == "class" else [value.strip()]
        if any(map(_is_content_token, tokens)):
            continue
        for token in tokens:
            if _IDENT.fullmatch(token) and _judge_token(token):
                word = next((p.lower() for p in _PARTS.findall(token) if p.lower() in _BOILER_WORDS), token.lower())
                return f"html.{name}:{word}"
    return "html.flagged"


def _paragraph_text(html: str) -> str:
    """The page's paragraphs (each of _P_MIN characters or more), if they add up to _MAIN_MIN; else ""."""
    _tree, body = _parse(html)
    if body is None:
        return ""
    lines = [line for p in body.css("p") for line in _lines(p.text(deep=True))]
    lines = [line for line in lines if len(line) >= _P_MIN]
    return "\n".join(lines) if sum(map(len, lines)) >= _MAIN_MIN else ""
