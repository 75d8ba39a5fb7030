"""Group the scan's matches by line: per line, the hits of each rule and the coverage of all of them.

One job, apart from the decisions (`engine`): it runs once per document on every match, so it is written
for speed (no Python step per line without a match) and tested against its plain definition.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Callable, Sequence
from itertools import accumulate

from .engine import LineHit
from .matcher import Match
from .rules import Rule

# Scopes whose hits act only in a header or trailer block.
EDGE_SCOPES = ("edge", "header", "trailer")


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
            if scope in EDGE_SCOPES:
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
            edge = scope in EDGE_SCOPES
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
    return [min(r.min_coverage, r.edge_coverage) if r.scope in EDGE_SCOPES else 0.0 for r in rules]


def _applies(rule_index: int, rule: Rule, applicable: dict[int, bool], applies: Callable[[Rule], bool]) -> bool:
    ok = applicable.get(rule_index)
    if ok is None:
        ok = applicable[rule_index] = applies(rule)
    return ok
