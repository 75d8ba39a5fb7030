"""Markup preparation: the page as UTF-8 bytes, its nesting depth bounded, block boundaries marked, parsed.

Block boundaries are marked by a form feed inserted into the *source* in front of every block tag. A form
feed is HTML whitespace, so the parser keeps it even inside tables (a visible marker character would be
foster-parented out of the table), and after `text()` it becomes a line break (see render.py)."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable

from selectolax.lexbor import LexborHTMLParser, LexborNode


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


# deeper than MAX_DEPTH is flattened before parsing: start tags past that depth are dropped (their text
# stays), with their end tags. Depth needs start tags, so pages with fewer "<" than MAX_DEPTH (all but the
# largest) pay one bytes.count; at MAX_DEPTH the parse of the deepest page takes about a tenth of a second.
MAX_DEPTH = 5000
# A tag: end mark, name, the rest up to its ">" (ending in "/" when self-closed). Greedy: a lazy `[^>]*?(/?)>`
# matched the same spans at a third of the speed.
_TAG_TOKEN = re.compile(rb"<(/?)([A-Za-z][A-Za-z0-9:-]*)([^>]*)>")
_VOID = frozenset(
    b"area base br col embed hr img input keygen link meta param source track wbr basefont bgsound frame".split()
)
_SELF_CLOSING_SIBLINGS = frozenset(b"p li option dt dd tr td th".split())


def _bound_depth(data: bytes) -> bytes:
    """The page with start tags past MAX_DEPTH (and their end tags) replaced by a space."""
    if data.count(b"<") <= MAX_DEPTH or _deepest(data) <= MAX_DEPTH:
        return data
    stack: list[bytes] = []
    drop: list[tuple[int, int]] = []
    suppressed = 0
    for m in _TAG_TOKEN.finditer(data):
        name = m.group(2).lower()
        if name in _VOID or m.group(3).endswith(b"/"):
            continue
        if m.group(1):  # an end tag
            if suppressed:
                suppressed -= 1
                drop.append(m.span())
            else:
                _close(stack, name)
            continue
        _open(stack, name)
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


def _deepest(data: bytes) -> int:
    """How deep `_bound_depth`'s walk would nest the page if nothing were dropped: when that is at most
    MAX_DEPTH it drops nothing. Tuples from `findall` instead of match objects and spans: 2.5x faster, and
    only the rare page that goes deeper pays the walk that records what to drop."""
    stack: list[bytes] = []
    deepest = 0
    for end, name, rest in _TAG_TOKEN.findall(data):
        name = name.lower()
        if name in _VOID or rest.endswith(b"/"):
            continue
        if end:
            _close(stack, name)
            continue
        _open(stack, name)
        stack.append(name)
        if len(stack) > deepest:
            deepest = len(stack)
    return deepest


def _close(stack: list[bytes], name: bytes) -> None:
    """An end tag closes its element and every element opened inside it; a stray one closes nothing."""
    if name in stack:
        while stack and stack.pop() != name:
            pass


def _open(stack: list[bytes], name: bytes) -> None:
    """Before a start tag is pushed: a `<p>` or `<li>` opened right after another closes it (the parser's rule)."""
    if stack and stack[-1] == name and name in _SELF_CLOSING_SIBLINGS:
        stack.pop()


def _parse(html: str, mark: Callable[[bytes, bool], bytes] | None = None) -> tuple[LexborHTMLParser, LexborNode | None]:
    """The parsed page and its body; `mark(source, upper)` flags boilerplate in the source first (containers.py)."""
    # All source-level work runs on UTF-8 bytes: regexes scan bytes faster than wide (non-Latin-1)
    # strings, and lexbor parses UTF-8 anyway, so the encoding is paid once either way.
    data = _bound_depth(html.encode("utf-8", "surrogatepass"))
    # Upper-case tags are rare; case-insensitive patterns are 3x slower, so they run only when needed.
    upper, pre = _scan(data)
    data = _mark_blocks(data, upper, pre)
    if mark is not None:
        data = mark(data, upper)
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


def _inside(node: LexborNode, ids: set[int]) -> bool:
    """Whether an ancestor of the node is one of the nodes `ids` names (by mem_id)."""
    parent = node.parent
    while parent is not None:
        if parent.mem_id in ids:
            return True
        parent = parent.parent
    return False


def _element_beside(node: LexborNode, forward: bool) -> LexborNode | None:
    """The element after (or before) the node among its siblings, past comments and blank text; None when
    text or nothing comes first."""
    sib = node.next if forward else node.prev
    while sib is not None:
        if sib.is_text_node:
            text = sib.text_content
            if text and not text.isspace():
                return None
        elif sib.tag != "-comment":
            return sib
        sib = sib.next if forward else sib.prev
    return None
