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
