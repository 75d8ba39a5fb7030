"""Turn scan matches into removal decisions: lines, header and trailer blocks, inline spans.

Precision comes first: a line goes when the rules' matches cover most of it, or when it stands in a
block at the start or end of the document that a strong rule anchors. A weak line ("CLICK HERE") never
goes on its own; it goes with the strong line beside it.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from itertools import accumulate

from .matcher import Match
from .rules import Rule

# A strong line longer than this (in folded bytes) is article text that mentions the phrase.
MAX_EDGE_BYTES = 300


@dataclass(frozen=True)
class Removal:
    """One removed piece of text and the rule that removed it. Lines are 1-based, inclusive."""

    rule: str
    start_line: int
    end_line: int
    text: str
    kind: str = "line"  # "line", or "inline" for a span cut out of a line that stays
    column: int | None = None  # 1-based column of an inline span

    def to_dict(self) -> dict[str, object]:
        d: dict[str, object] = {"rule": self.rule, "lines": [self.start_line, self.end_line], "text": self.text}
        if self.kind != "line":
            d["kind"] = self.kind
            d["column"] = self.column
        return d


@dataclass(slots=True)
class LineHit:
    """What the rules (or a heuristic) say about one line."""

    rule: Rule | None
    rule_id: str
    strength: str
    scope: str
    coverage: float
    min_coverage: float
    edge_coverage: float
    # Edge-scope hits: coverage of the matches of all rules on the line (None: use `coverage`).
    all_coverage: float | None = None


@dataclass
class Decision:
    lines: list[str]
    removed: dict[int, str]  # line index -> rule id
    inline: dict[int, list[tuple[int, int, str]]]  # line index -> [(start, end, rule id)]


def _union_length(spans: list[tuple[int, int]]) -> int:
    spans.sort()
    total = 0
    cur_start, cur_end = -1, -1
    for start, end in spans:
        if start > cur_end:
            total += cur_end - cur_start if cur_end > cur_start else 0
            cur_start, cur_end = start, end
        elif end > cur_end:
            cur_end = end
    total += cur_end - cur_start if cur_end > cur_start else 0
    return total


def line_offsets(folded: bytes, folded_lines: list[bytes] | None = None) -> list[int]:
    """Start offset of each folded line (`folded_lines`: the key split already)."""
    if folded_lines is None:
        folded_lines = folded.split(b"\n")
    # Running sums of (line length + 1), all in C: no Python step per line.
    return [0, *accumulate(map((1).__add__, map(len, folded_lines[:-1])))]


def collect_hits(
    matches: list[Match],
    folded: bytes,
    rule_of: Sequence[int],
    rules: Sequence[Rule],
    applies: Callable[[Rule], bool],
    quiet_strong: set[int] | None = None,
    folded_lines: list[bytes] | None = None,
    floors: Sequence[float] | None = None,
) -> tuple[dict[int, list[LineHit]], dict[int, float]]:
    """Group matches by line; per line the hits of each rule and the coverage of all of them together.

    An edge-scope hit whose line coverage (all rules) is below both its thresholds can neither stand in
    a header or trailer block nor keep a line from being content: it is left out (about half of all hits
    on real pages: one-word phrases inside ordinary words). Only `_no_body` asks whether a strong rule
    matched a line at all; such lines go into `quiet_strong` when given.
    """
    if not matches:
        return {}, {}
    starts = line_offsets(folded, folded_lines)
    n_lines = len(starts)
    per_line: dict[int, list[Match]] = {}
    get_line = per_line.get
    for match in matches:
        line = bisect_right(starts, match[1]) - 1
        here_ = get_line(line)
        if here_ is None:
            per_line[line] = [match]
        else:
            here_.append(match)
    hits: dict[int, list[LineHit]] = {}
    union: dict[int, float] = {}
    applicable: dict[int, bool] = {}  # applies() once per rule, not once per line
    floor = coverage_floors(rules) if floors is None else floors
    for line, line_matches in per_line.items():
        line_start = starts[line]
        line_end = starts[line + 1] - 1 if line + 1 < n_lines else len(folded)
        length = line_end - line_start
        if length <= 0:
            continue
        if len(line_matches) == 1:  # half of all lines with a match: no grouping, no union
            mid, start, end = line_matches[0]
            rule_index = rule_of[mid]
            rule = rules[rule_index]
            if not _applies(rule_index, rule, applicable, applies):
                continue
            scope = rule.scope
            cov = (end - start) / length
            if scope in _EDGE_SCOPES:
                if cov < floor[rule_index]:
                    if quiet_strong is not None and rule.strength == "strong":
                        quiet_strong.add(line)
                    continue
                hits[line] = [LineHit(rule, rule.id, rule.strength, scope, cov, rule.min_coverage,
                                      rule.edge_coverage, cov)]
            else:
                hits[line] = [LineHit(rule, rule.id, rule.strength, scope, cov, rule.min_coverage,
                                      rule.edge_coverage)]
            union[line] = cov if scope == "line" else 0.0
            continue
        # Most other lines hold a few matches of edge rules inside longer words: when the matched bytes
        # together fall short of every threshold there, none of them can make a hit.
        total = 0
        lowest = 1.0
        for mid, start, end in line_matches:
            total += end - start
            f = floor[rule_of[mid]]
            if f < lowest:
                lowest = f
        if total < lowest * length:
            if quiet_strong is not None:
                for mid, _, _ in line_matches:
                    rule = rules[rule_of[mid]]
                    if rule.strength == "strong" and _applies(rule_of[mid], rule, applicable, applies):
                        quiet_strong.add(line)
                        break
            continue
        by_rule: dict[int, list[tuple[int, int]]] = {}
        for mid, start, end in line_matches:
            rule_index = rule_of[mid]
            spans = by_rule.get(rule_index)
            if spans is None:
                by_rule[rule_index] = [(start, end)]
            else:
                spans.append((start, end))
        # Line-scope rules count only each other's matches: the one-word phrases of edge rules
        # ("abo", "home") match inside ordinary words and must not lift a sentence over a line rule's
        # threshold. Edge rules see the matches of all rules; their hit carries that coverage.
        line_spans: list[tuple[int, int]] = []
        all_spans: list[tuple[int, int]] = []
        here: list[tuple[Rule, list[tuple[int, int]]]] = []
        has_edge = False
        for rule_index, spans in by_rule.items():
            rule = rules[rule_index]
            if not _applies(rule_index, rule, applicable, applies):
                continue
            scope = rule.scope
            if scope == "line":
                line_spans.extend(spans)
                all_spans.extend(spans)
            elif scope != "inline":
                all_spans.extend(spans)
                has_edge = True
            here.append((rule, spans))
        edge_cov = _union_length(all_spans) / length if has_edge else 0.0
        line_hits = []
        for rule, spans in here:
            scope = rule.scope
            edge = scope in _EDGE_SCOPES
            if edge and edge_cov < rule.min_coverage and edge_cov < rule.edge_coverage:
                if quiet_strong is not None and rule.strength == "strong":
                    quiet_strong.add(line)
                continue
            covered = spans[0][1] - spans[0][0] if len(spans) == 1 else _union_length(list(spans))
            hit = LineHit(rule, rule.id, rule.strength, scope, covered / length, rule.min_coverage,
                          rule.edge_coverage)
            if edge:
                hit.all_coverage = edge_cov
            line_hits.append(hit)
        if line_hits:
            hits[line] = line_hits
            union[line] = _union_length(line_spans) / length if line_spans else 0.0
    return hits, union


def coverage_floors(rules: Sequence[Rule]) -> list[float]:
    """Per rule, the least line coverage (all rules' matches) its hit needs: an edge hit is kept when that
    coverage reaches the lower of its two thresholds; other hits are always kept."""
    return [min(r.min_coverage, r.edge_coverage) if r.scope in _EDGE_SCOPES else 0.0 for r in rules]


def _applies(rule_index: int, rule: Rule, applicable: dict[int, bool], applies: Callable[[Rule], bool]) -> bool:
    ok = applicable.get(rule_index)
    if ok is None:
        ok = applicable[rule_index] = applies(rule)
    return ok


_EDGE_SCOPES = ("edge", "header", "trailer")


# A letter or digit: re's \w is str.isalnum() or "_".
_ALNUM = re.compile(r"[^\W_]")


def _is_filler(line: str) -> bool:
    """Blank lines and lines without a letter or digit ("|", "»", an emoji) travel with their block."""
    return _ALNUM.search(line) is None


def _best(hits: list[LineHit]) -> LineHit:
    if len(hits) == 1:  # most often
        return hits[0]
    return max(hits, key=lambda h: (h.strength == "strong", h.coverage, h.rule_id))


def decide(
    lines: list[str],
    folded_lengths: list[int],
    hits: dict[int, list[LineHit]],
    union: dict[int, float],
    quiet_strong: set[int] | frozenset[int] = frozenset(),
) -> Decision:
    """Which lines go and which spans are cut; `quiet_strong`: lines where a strong rule matched too
    little for `collect_hits` to keep its hit."""
    removed: dict[int, str] = {}
    inline: dict[int, list[tuple[int, int, str]]] = {}
    for i, line_hits in hits.items():
        # 1. Lines anywhere, when strong line-scope matches cover most of the line. A heuristic's line hit
        # (no rule) carries its own coverage; rules' matches count together.
        anywhere: list[LineHit] = []
        has_inline = False
        for h in line_hits:
            scope = h.scope
            if scope == "line":
                if h.strength == "strong" and (h.coverage if h.rule is None else union.get(i, 0.0)) >= h.min_coverage:
                    anywhere.append(h)
            elif scope == "inline":
                has_inline = True
        if anywhere:
            removed[i] = _best(anywhere).rule_id
        # 2. Inline spans; a line left with nothing but punctuation goes whole. This comes before the edge
        # blocks so that they see the final lines, which keeps cleaning idempotent.
        elif has_inline:
            _inline_spans(lines[i], i, line_hits, removed, inline)
    # 3. Header and trailer blocks.
    anywhere_or_inline = dict(removed)
    for side in ("header", "trailer"):
        _edge_block(lines, folded_lengths, hits, union, removed, side)
    if len(removed) > len(anywhere_or_inline) and all(i in removed or _is_filler(ln) for i, ln in enumerate(lines)):
        removed = _no_body(lines, hits, union, anywhere_or_inline, removed, quiet_strong)
    for i in list(inline):
        if i in removed:
            del inline[i]
    return Decision(lines, removed, inline)


def _no_body(lines: list[str], hits: dict[int, list[LineHit]], union: dict[int, float],
             sure: dict[int, str], edge: dict[int, str],
             quiet_strong: set[int] | frozenset[int] = frozenset()) -> dict[int, str]:
    """The header and trailer blocks met and would take the whole document: with no body to frame,
    "at the edge" means nothing, so each line must meet its rule's full `min_coverage` (a one-line
    document that merely mentions a newsletter stays); weak lines still go with a strong one."""
    removed = dict(sure)
    weak: dict[int, str] = {}
    for i, rule_id in edge.items():
        if i in removed:
            continue
        line_hits = [h for h in hits.get(i, ()) if h.rule_id == rule_id]
        cov = union.get(i, 0.0)
        if any(h.strength == "strong" and max(cov, h.coverage) >= h.min_coverage for h in line_hits):
            removed[i] = rule_id
        else:
            weak[i] = rule_id
    if removed:  # weak lines and punctuation-only lines go with the strong ones; doubtful strong ones stay
        for i, rule_id in weak.items():
            if i not in quiet_strong and not any(h.strength == "strong" for h in hits.get(i, ())):
                removed[i] = rule_id
    return removed


def _inline_spans(line: str, i: int, line_hits: list[LineHit], removed: dict[int, str],
                  inline: dict[int, list[tuple[int, int, str]]]) -> None:
    spans = [(m.start(), m.end(), h.rule_id)
             for h in line_hits if h.scope == "inline" and h.rule is not None
             for rx in h.rule.inline for m in rx.finditer(line) if m.end() > m.start()]
    if not spans:
        return
    spans.sort()
    merged: list[tuple[int, int, str]] = []
    for s, e, r in spans:
        if merged and s < merged[-1][1]:
            ps, pe, pr = merged[-1]
            merged[-1] = (ps, max(pe, e), pr)
        else:
            merged.append((s, e, r))
    rest = "".join(line[a:b] for a, b in _gaps(merged, len(line)))
    if _is_filler(rest):
        removed[i] = merged[0][2]
    else:
        inline[i] = merged


def _gaps(spans: list[tuple[int, int, str]], n: int) -> list[tuple[int, int]]:
    out, pos = [], 0
    for s, e, _ in spans:
        out.append((pos, s))
        pos = e
    out.append((pos, n))
    return out


def _edge_role(i: int, side: str, hits: dict[int, list[LineHit]], union: dict[int, float],
               folded_lengths: list[int]) -> tuple[str, str] | None:
    """("strong"|"weak", rule id) when line i may belong to a header/trailer block, else None."""
    line_hits = hits.get(i)
    if not line_hits:
        return None
    line_cov = union.get(i, 0.0)
    allowed = ("line", "edge", side)

    def cov(h: LineHit) -> float:  # edge-scope hits carry the coverage of all rules' matches
        if h.scope == "line":
            return line_cov
        return h.coverage if h.all_coverage is None else h.all_coverage

    strong = [h for h in line_hits if h.scope in allowed and h.strength == "strong"
              and cov(h) >= h.edge_coverage and folded_lengths[i] <= MAX_EDGE_BYTES]
    if strong:
        return "strong", _best(strong).rule_id
    weak = [h for h in line_hits if h.scope in allowed and cov(h) >= h.min_coverage]
    if weak:
        return "weak", _best(weak).rule_id
    return None


def _edge_block(lines, folded_lengths, hits, union, removed, side: str) -> None:
    order = range(len(lines)) if side == "header" else range(len(lines) - 1, -1, -1)
    block: list[tuple[int, str | None]] = []
    anchored = False
    for i in order:
        if i in removed:  # only strong rules remove a line anywhere, so it anchors the block too
            anchored = True
            block.append((i, removed[i]))
            continue
        if _is_filler(lines[i]):
            block.append((i, None))
            continue
        role = _edge_role(i, side, hits, union, folded_lengths)
        if role is None:
            break
        anchored = anchored or role[0] == "strong"
        block.append((i, role[1]))
    if not anchored:
        return
    # Filler lines take the rule of the nearest hit line in the block, so each removal is explained.
    last_rule = next(r for _, r in block if r is not None)
    for i, rule_id in block:
        if rule_id is not None:
            last_rule = rule_id
        if lines[i].strip():
            removed.setdefault(i, rule_id or last_rule)
