"""Boilerplate containers: nav/header/footer tags, roles, hidden elements and class/id words, flagged in the source."""

from __future__ import annotations

import re

from selectolax.lexbor import LexborNode

from cleaner.html.markup import _alternation

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
# All of these are block tags, so the source (block-marked first: markup._mark_blocks) has a form feed in front
# of each: the two-byte literal "\f<" is found faster than every "<" tried (the pattern matches the same tags).
_TAG_MARK = re.compile(b"\f<(?:" + _alternation("|".join(_TAG_NAMES)) + rb")(?=[\s/>])")
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
# React's streamed server rendering (Next.js and others) sends each late part of the page, often the article
# itself, as `<div hidden id="S:1a">` that a script then moves into its place: shown, not hidden.
_STREAMED_SEGMENT = re.compile(r"S:[0-9a-f]+")
# A paywalled body the site ships whole in the page and shows after login (`<div class="paywall" hidden>`):
# the article's text, which a crawl keeps as trafilatura does.
_PAYWALL_CLASS = re.compile(r"(?:^|[\s_-])paywall(?:$|[\s_-])", re.I)


def _is_hidden(attrs: dict[str, str | None]) -> bool:
    """The element matches _HIDDEN_SELECTOR (`i`: ASCII case-insensitive, hence bytes.lower), unless it is a
    streamed segment or a paywalled body: hidden in the source, shown to the reader."""
    if "hidden" in attrs:
        return _STREAMED_SEGMENT.fullmatch(attrs.get("id") or "") is None and not _paywalled(attrs)
    value = attrs.get("aria-hidden")
    if value is not None and value.encode().lower() == b"true":
        # (hidden from screen readers too until login: `<p class="paywall" aria-hidden="true">`)
        return not _paywalled(attrs)
    style = attrs.get("style")
    return style is not None and any(hide in style.encode().lower() for hide in _HIDDEN_STYLE_BYTES)


def _paywalled(attrs: dict[str, str | None]) -> bool:
    return _PAYWALL_CLASS.search(attrs.get("class") or "") is not None


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
    login signin author authorbox ticker newsticker breaking marquee
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


_SEGMENT = re.compile(r"[-_:.]+")
# Generated ids and CSS-in-JS hashes ("n1AuAdJlVL", "kDOlXE") split into letters and pairs by case; an "Ad"
# among them is chance, not a word. A segment whose case parts are mostly one or two letters is such a hash.
HASH_PARTS = 3


def _words_of(segment: str) -> list[str]:
    parts = _PARTS.findall(segment)
    if HASH_PARTS and len(parts) >= HASH_PARTS:
        tiny = sum(len(p) <= 2 for p in parts)
        if tiny >= HASH_PARTS and 2 * tiny >= len(parts):
            return []
    return parts


def _judge_token(token: str) -> bool:
    if BEM_MODIFIERS and "--" in token:
        # BEM: `block--modifier` names a variant of the block; the block decides ("teaser--ads" is a
        # teaser, "field--name-body" the body field).
        token = token.split("--", 1)[0]
    parts = [p.lower() for segment in _SEGMENT.split(token) for p in _words_of(segment)]
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


# WordPress's post_class() gives a post's element its status and type ("status-publish", "type-post") and
# one class per category and tag of the post ("category-social-media", "tag-newsletter-marketing"): those
# name the site's taxonomy, not a box, so beside the post marks they are not read for boilerplate words (a
# recipe filed under "sharing" is no share bar). A nav of categories ("category-nav") has no post marks.
_WP_POST_MARK = re.compile(r"(?:status|type)-[a-z][a-z0-9_-]*")
_WP_TERM = re.compile(r"(?:category|tag)-", re.I)


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
            if is_class and any(map(_WP_POST_MARK.fullmatch, tokens)):
                tokens = [t for t in tokens if not _WP_TERM.match(t)]
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
    cache = _VALUE_CACHE[is_class]
    # The cache read inline: a page has hundreds of distinct values, nearly all judged on an earlier page.
    boiler = {v for v in set(values) if cache.get(v) or (v not in cache and _is_boiler_value(is_class, v))}
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
    """Add _FLAG to the start tags of boilerplate containers (tags, roles, hidden, class/id tokens) in a
    block-marked source (markup._mark_blocks)."""
    html = (_TAG_MARK_I if upper else _TAG_MARK).sub(rb"\g<0>" + _FLAG, html)
    # Per-page regexes cost more to compile than to run: fixed patterns, one per attribute spelling.
    for name, is_class, pattern in _ATTR_PATTERNS if upper else _ATTR_PATTERNS[:2]:
        if name in html:
            html = _flag_attributes(html, is_class, pattern)
    return html


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


# An id that spells its own section's heading ("sharing-with-a-single-developer" on the section headed
# "Sharing with a single developer", as Sphinx, MediaWiki and Markdown renderers write them) names that
# section's subject, not a boilerplate box: its words say nothing about the page's layout.
_HEADING_TAGS = frozenset(("h1", "h2", "h3", "h4", "h5", "h6"))
_ALNUM = re.compile(r"[\W_]+")


def _heading_slug_id(node: LexborNode) -> bool:
    """The node's id is its first heading's text (letters and digits compared) and its class is no boilerplate."""
    ident = node.id  # no attribute dict for the many flagged nodes without an id
    if not ident or (node.tag or "") in _TAG_NAMES:
        return False
    child = node.child
    while child is not None and (child.is_text_node or child.tag == "-comment"):
        if child.is_text_node and child.text_content and not child.text_content.isspace():
            return False
        child = child.next
    if child is None or child.tag not in _HEADING_TAGS:
        return False
    slug = _ALNUM.sub("", ident).lower()
    heading = _ALNUM.sub("", child.text(deep=True)).lower()
    if len(slug) < 8 or not heading.startswith(slug[: max(8, len(slug) - 4)]):
        return False
    value = node.attributes.get("class")
    return not (value and _is_boiler_value(True, value.encode()))
