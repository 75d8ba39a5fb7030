"""Explained removals: each dropped block as (rule id, where in the page, excerpt). Only runs when asked."""

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
from cleaner.html.render import _lines

# What the HTML stage dropped: (rule id, where in the page, excerpt of the dropped text).
HtmlRemoval = tuple[str, str, str]
_EXCERPT = 200




def _path(node: LexborNode, parts_of: dict[int, str] | None = None) -> str:
    """A short CSS-like path of the node: `div#main.post > div.sidebar` (the last _PATH_DEPTH levels).

    `parts_of` (mem_id -> that element's part) saves re-reading the attributes of ancestors that several
    noted nodes share; valid only while no node is removed or inserted."""
    parts: list[str] = []
    cur: LexborNode | None = node
    while cur is not None and len(parts) < _PATH_DEPTH:
        tag = cur.tag
        if tag in _PATH_STOP:
            break
        part = None if parts_of is None else parts_of.get(cur.mem_id)
        if part is None:
            part = _part(cur, tag)
            if parts_of is not None:
                parts_of[cur.mem_id] = part
        parts.append(part)
        cur = cur.parent
    if cur is not None and cur.tag not in _PATH_STOP:
        parts.append("...")
    return " > ".join(reversed(parts)) or "body"


_PATH_STOP = frozenset(("body", "html", "-undef", None))


def _part(node: LexborNode, tag: str | None) -> str:
    attrs = node.attributes
    part = tag or "?"
    ident = (attrs.get("id") or "").strip()
    if ident:
        part += "#" + ident[:40]
    classes = (attrs.get("class") or "").split()
    if classes:
        part += "." + ".".join(c[:40] for c in classes[:2])
    return part


_PATH_DEPTH = 5


def _note(record: list[HtmlRemoval], rule: str, node: LexborNode, parts_of: dict[int, str] | None = None) -> None:
    # Only the excerpt's worth of the text is split into lines (a dropped container can be most of the page).
    text = " | ".join(_lines(node.text(deep=True)[: 8 * _EXCERPT]))
    if text:
        record.append((rule, _path(node, parts_of), text[:_EXCERPT]))


def _outermost(nodes: list[LexborNode]) -> list[LexborNode]:
    """The nodes that are not inside another of them, in their order.

    Each ancestor's answer (it or one of its ancestors is one of the nodes) is remembered, so the walks up
    from siblings and cousins stop where an earlier walk passed."""
    ids = {n.mem_id for n in nodes}
    known: dict[int, bool] = {}
    found: list[LexborNode] = []
    for node in nodes:
        passed: list[int] = []
        inside = False
        cur = node.parent
        while cur is not None:
            key = cur.mem_id
            if key in ids:
                inside = True
                break
            seen = known.get(key)
            if seen is not None:
                inside = seen
                break
            passed.append(key)
            cur = cur.parent
        for key in passed:
            known[key] = inside
        if not inside:
            found.append(node)
    return found


def _note_outermost(record: list[HtmlRemoval], outer: list[LexborNode], hidden: set[int]) -> None:
    """Record the flagged nodes in `outer` (those not inside another dropped one: _outermost)."""
    parts_of: dict[int, str] = {}
    for node in outer:
        _note(record, _flag_reason(node, hidden), node, parts_of)


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
