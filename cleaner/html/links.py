"""Link density: blocks that are mostly link text (menus, teaser lists, tag clouds) go."""

from __future__ import annotations

from collections.abc import Callable

from selectolax.lexbor import LexborNode

from cleaner.html.explain import HtmlRemoval, _note


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


def _drop_link_blocks(body: LexborNode, protected: set[int], record: list[HtmlRemoval] | None = None,
                      on_drop: Callable[[LexborNode, list[HtmlRemoval] | None], None] | None = None) -> None:
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
            if on_drop is not None:
                on_drop(node, record)
            node.decompose()
