"""Link density: blocks that are mostly link text (menus, teaser lists, tag clouds) go."""

from __future__ import annotations

import re
from collections.abc import Callable

from selectolax.lexbor import LexborNode

from cleaner.html.explain import HtmlRemoval, _note
from cleaner.html.markup import _element_beside, _inside


def _mostly_links(node: LexborNode) -> bool:
    """More than LINK_DENSITY_MAX of the text is link text (any number of links: a teaser card has one)."""
    links = node.css("a")
    if not links:
        return False
    total = len(node.text(deep=True, strip=True))
    linked = sum(len(a.text(deep=True, strip=True)) for a in links)
    return total == 0 or linked / total > LINK_DENSITY_MAX

_LINK_BLOCK_TAGS = frozenset(("div", "ul", "ol", "dl", "table", "section", "p", "td", "li"))
# Swept on the dev split (density 0.33-0.8 x min links 2/3/5): token F1 and snippet scores move by
# under 1 point across the grid; 0.5 / 3 keeps the most must_keep snippets at near-best removal.
LINK_DENSITY_MAX = 0.5  # share of a block's characters that are link text
LINK_COUNT_MIN = 3  # fewer links than this never make a block boilerplate
# MediaWiki's parsed article (`.mw-parser-output`) holds only what its authors wrote: infobox rows of links, the
# "See also" list and the references are the article's. Its menus and navboxes sit outside it or carry roles.
# Measured: Readability's three Wikipedia pages token F1 0.95/0.96/0.94 -> 0.99/0.97/1.00, DEV unchanged. Every
# platform's content container instead: DEV trafilatura set A must_remove 93.0 -> 92.6, B must_keep 97.3 -> 97.1.
LISTS_IN_CONTENT = True
_AUTHORED = ".mw-parser-output"


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


def _crowded(body: LexborNode) -> list[LexborNode]:
    """The _LINK_BLOCK_TAGS elements with LINK_COUNT_MIN or more links below them, in reverse document order.

    Each link counts itself in its ancestors, stopping at one that already has enough: that one's
    ancestors have at least as many counted (every walk that passed it went on up or stopped at a full one).
    A node is first reached from its first link, and the nodes first reached from one link are nested,
    met innermost first: taking the links last first gives reverse document order without a selector
    query (one DOM pass per tag name)."""
    counts: dict[int, int] = {}
    groups: list[list[LexborNode]] = []
    for link in body.css("a"):
        node = link.parent
        new: list[LexborNode] = []
        while node is not None:
            key = node.mem_id
            seen = counts.get(key, 0)
            if seen >= LINK_COUNT_MIN:
                break
            counts[key] = seen + 1
            if not seen:
                new.append(node)
            node = node.parent
        if new:
            groups.append(new)
    return [node for group in reversed(groups) for node in group
            if counts[node.mem_id] >= LINK_COUNT_MIN and node.tag in _LINK_BLOCK_TAGS]


def _drop_link_blocks(body: LexborNode, protected: set[int], record: list[HtmlRemoval] | None = None,
                      on_drop: Callable[[LexborNode, list[HtmlRemoval] | None], bool] | None = None) -> bool:
    """Drop the link lists; True if `on_drop` said True for one of them."""
    # A block with fewer links than LINK_COUNT_MIN now has fewer after any removal too: only blocks
    # counted as crowded up front are judged, innermost first, so an outer block is judged on what is left of it.
    marked = False
    crowded = _crowded(body)
    keep: set[int] = set()
    if LISTS_IN_CONTENT and crowded:
        keep = {n.mem_id for n in body.css(_AUTHORED)}
    for node in crowded:
        if keep and _inside(node, keep):
            continue
        if _link_dense(node, protected):
            if record is not None:
                _note(record, "html.link-list", node)
            if on_drop is not None:
                marked = on_drop(node, record) or marked
            node.decompose()
    return marked


# --------------------------------------------------------------------------------------------------
# links that are not lists: "read also" lines and teaser cards inside the article
#
# A related-story link set on its own line under a label ("Weiterlesen:", "Lue myös:")
# has fewer links than a link list and sits inside the article's root; so does a teaser card, a whole
# box (headline, summary) inside one link. Both are link text from end to end.

LINK_ONLY_SHARE = 0.9  # a block whose text is this much link text is a link, not a sentence with one
READ_ALSO = True
CARDS = True
_CARD_HEADINGS = "h2, h3, h4, h5, h6"
_CARD_LINK_UP = 3  # the link is at most this many levels above the heading (<a><div><h2><span>)
_CARD_TAGS = frozenset(("div", "li", "article", "section", "p"))
_HEADING_TAGS = frozenset(("h2", "h3", "h4", "h5", "h6"))  # few: their whole text is read
READ_ALSO_WORDS = 5  # a label of at most this many words


def _link_only(node: LexborNode) -> bool:
    total = len(node.text(deep=True, strip=True))
    if total == 0:
        return False
    links = node.css("a")
    if not links:
        return False
    return sum(len(a.text(deep=True, strip=True)) for a in links) >= LINK_ONLY_SHARE * total




def _is_read_also_label(node: LexborNode, text: str) -> bool:
    """`text` (the node's own text, stripped) is a short line ending in a colon, and the node holds no link."""
    # Measured: a heading as the label too ("<h2>Read more</h2>" and link lines) took must_keep on half B of
    # the trafilatura set 97.5 -> 97.3 and cleaneval-dev B token F1 -0.2 (link-only lines under a heading
    # are content there, sources or downloads): a colon-ended line only.
    if not text.endswith(":") or len(text.split()) > READ_ALSO_WORDS or node.css_first("a") is not None:
        return False
    return len(node.text(deep=True, strip=True)) == len(text)


def _drop_read_also(body: LexborNode, protected: set[int], record: list[HtmlRemoval] | None) -> None:
    """A label followed by lines that are each one link: the label and the lines go (html.read-also)."""
    chosen: list[LexborNode] = []
    taken: set[int] = set()
    # The node's own text (deep=False) is cheap, and a label's colon is in it: <p>Read also:</p> or
    # <p><strong>Read also:</strong></p> (then the <strong> is the label and its <p> the line), <h3>Also:</h3>.
    for label in body.css("h2, h3, h4, h5, h6, p, strong, b"):
        own = label.text(deep=label.tag in _HEADING_TAGS, strip=True)
        if not own or own[-1] != ":" or label.mem_id in taken or not _is_read_also_label(label, own):
            continue
        holder = label
        if label.tag != "p" and label.parent is not None and label.parent.tag == "p":
            holder = label.parent
            if len(holder.text(deep=True, strip=True)) != len(own):
                continue
        lines: list[LexborNode] = []
        nxt = _element_beside(holder, True)
        while nxt is not None and nxt.mem_id not in protected and _link_only(nxt) and len(lines) < 5:
            lines.append(nxt)
            nxt = _element_beside(nxt, True)
        if not lines or holder.mem_id in taken:
            continue
        for node in (holder, *lines):
            taken.add(node.mem_id)
            chosen.append(node)
    if record is not None:
        for node in chosen:
            _note(record, "html.read-also", node)
    # Each chosen node is a sibling run of its own: none holds another, any order is safe.
    for node in chosen:
        node.decompose()


def _drop_cards(body: LexborNode, protected: set[int], record: list[HtmlRemoval] | None) -> None:
    """A box whose headline and text are all inside links is a teaser card (html.teaser)."""
    cards: dict[int, LexborNode] = {}
    for heading in body.css(_CARD_HEADINGS):
        # A plain heading query and a short walk up: "a h2, ..." costs lexbor an ancestor search per heading
        # element anyway, five times over.
        link = heading.parent
        for _ in range(_CARD_LINK_UP):
            if link is None or link.tag == "a":
                break
            link = link.parent
        if link is None or link.tag != "a":
            continue
        card: LexborNode | None = None
        cur = link.parent
        for _ in range(2):
            if cur is None or cur.mem_id in protected or (cur.tag or "") not in _CARD_TAGS or not _link_only(cur):
                break
            card = cur
            cur = cur.parent
        if card is not None:
            cards[card.mem_id] = card
    if not cards:
        return
    ids = set(cards)
    outer = [n for n in cards.values() if not _inside(n, ids)]
    if record is not None:
        for node in outer:
            _note(record, "html.teaser", node)
    for node in outer:
        node.decompose()




# A read-also label ends in a colon right before its end tag: pages without one (most) skip the tree walk.
_COLON_END = re.compile(r":(?:\s|&nbsp;|&#160;)*</(?:p|strong|b|h[2-6])>", re.I)


def drop_inline_links(body: LexborNode, protected: set[int], record: list[HtmlRemoval] | None, html: str) -> None:
    """Read-also lines and teaser cards (see above); `html` is the page's source."""
    if CARDS:
        _drop_cards(body, protected, record)
    if READ_ALSO and _COLON_END.search(html) is not None:
        _drop_read_also(body, protected, record)
