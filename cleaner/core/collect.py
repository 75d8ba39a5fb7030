"""Group the scan's matches by line: per line, the hits of each rule and the coverage of all of them.

One job, apart from the decisions (`engine`): it runs once per document on every match, so it is written
for speed (no Python step per line without a match) and tested against its plain definition.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Callable, Sequence
from itertools import accumulate, repeat
from operator import add, itemgetter
from typing import NamedTuple

from cleaner.core.engine import LineHit, LineRules, Rows
from cleaner.core.matcher import Match
from cleaner.rules.load import Rule

# Scopes whose hits act only in a header or trailer block.
EDGE_SCOPES = ("edge", "header", "trailer")
# A rule's kind here: edge-type hits must reach a floor; line rules count only each other's matches.
_EDGE, _LINE, _INLINE = 0, 1, 2


def _union_sorted(matches: list[Match]) -> int:
    """Bytes covered by matches in start order (no sort: the walk has them in that order)."""
    _, cur_start, cur_end = matches[0]
    total = 0
    for _, start, end in matches:
        if start > cur_end:
            total += cur_end - cur_start
            cur_start, cur_end = start, end
        elif end > cur_end:
            cur_end = end
    return total + cur_end - cur_start


def line_offsets(folded: bytes, folded_lines: list[bytes] | None = None) -> list[int]:
    """Start offset of each folded line (`folded_lines`: the key split already), and one more past the end:
    line i ends (its newline, or the end of the text) one before offset i + 1."""
    if folded_lines is None:
        folded_lines = folded.split(b"\n")
    # Running sums of (line length + 1), all in C: no Python step per line.
    return list(accumulate(map(add, map(len, folded_lines), repeat(1)), initial=0))


class RuleInfo(NamedTuple):
    """What collect_hits asks about one rule, and what its hits carry."""

    rule: Rule
    floor: float  # the coverage its matches alone need (-1.0: none: not an edge-type rule)
    kind: int  # _EDGE, _LINE or _INLINE
    strong: bool
    restricted: bool  # limited to some languages
    rule_id: str
    strength: str
    scope: str
    min_coverage: float
    edge_coverage: float


class RuleTable(NamedTuple):
    """What collect_hits asks about each rule, worked out once per rule set (a Cleaner keeps one)."""

    floor: Sequence[float]
    info: list[RuleInfo]
    kind: list[int]
    any_restricted: bool
    # Per rule: its hit on a line it covers whole (coverage 1.0), the same every time: over half of all hits
    # on page text ("Home", "Share"). Hits are never changed once made, so one object serves every line.
    whole: list[LineHit]


def rule_table(rules: Sequence[Rule]) -> RuleTable:
    floor = coverage_floors(rules)
    info: list[RuleInfo] = []
    whole = []
    for index, rule in enumerate(rules):
        kind = _EDGE if rule.scope in EDGE_SCOPES else _LINE if rule.scope == "line" else _INLINE
        info.append(RuleInfo(rule, floor[index] if kind == _EDGE else -1.0, kind, rule.strength == "strong",
                             bool(rule.languages), rule.id, rule.strength, rule.scope, rule.min_coverage,
                             rule.edge_coverage))
        whole.append(_hit(rule, 1.0, 1.0 if kind == _EDGE else None))
    return RuleTable(floor, info, [t.kind for t in info], any(t.restricted for t in info), whole)


def _hit(rule: Rule, coverage: float, all_coverage: float | None) -> LineHit:
    """A rule's hit on a line: what its matches cover (and, edge-type rules, what all rules' matches do)."""
    return LineHit(rule=rule, rule_id=rule.id, strength=rule.strength, scope=rule.scope, coverage=coverage,
                   min_coverage=rule.min_coverage, edge_coverage=rule.edge_coverage, all_coverage=all_coverage)


_START = itemgetter(1)


def collect_hits(
    matches: list[Match],
    folded: bytes,
    rule_of: Sequence[int],
    rules: Sequence[Rule],
    applies: Callable[[Rule], bool],
    quiet_strong: set[int] | None = None,
    folded_lines: list[bytes] | None = None,
    table: RuleTable | None = None,
) -> Rows:
    """Group matches by line; per line that has a hit, its record: the hits of each rule and the coverage of
    the line rules' matches together.

    An edge-scope hit whose line coverage (all rules) is below both its thresholds can neither stand in
    a header or trailer block nor keep a line from being content: it is left out (about half of all hits
    on real pages: one-word phrases inside ordinary words). Only `_no_body` asks whether a strong rule
    matched a line at all; such lines go into `quiet_strong` when given. `applies` is asked only about
    rules limited to some languages (the others always apply), at most once per rule, and only about a
    rule whose matches are looked at: a language test may cost a detection.

    `matches` come as `scan` gives them, in start order, and are walked a line at a time; the lines come
    out in line order (nothing that reads them depends on the order of the dictionaries). `table`: the
    caller's `rule_table(rules)`, kept from call to call; built here when not given.
    """
    if not matches:
        return {}
    if table is None:
        table = rule_table(rules)
    floor, info, any_restricted, whole = table.floor, table.info, table.any_restricted, table.whole
    ms = matches
    pos = list(map(_START, ms))  # start offsets, for the bisects
    n = len(ms)
    starts = line_offsets(folded, folded_lines)
    applicable: dict[int, bool] = {}
    out: Rows = {}  # in line order
    j = line = 0
    while j < n:
        line = bisect_right(starts, pos[j], line) - 1  # the next match's line: a bisect from the current one
        line_start = starts[line]
        line_end = starts[line + 1] - 1
        length = line_end - line_start
        if j + 1 == n or pos[j + 1] > line_end:  # half of all lines with a match: no grouping, no union
            mid, start, end = ms[j]
            j += 1
            if length <= 0:
                continue
            rule_index = rule_of[mid]
            covered = end - start
        else:
            k = bisect_right(pos, line_end, j + 2)
            group = ms[j:k]
            j = k
            if length <= 0:
                continue
            # Most other lines hold a few matches of edge rules inside longer words: when the matched bytes
            # together fall short of every threshold there, none of them can make a hit.
            mid, start, end = group[0]
            total = end - start
            rule_index = rule_of[mid]
            lowest = floor[rule_index] if floor[rule_index] < 1.0 else 1.0
            one_rule = True
            for mid, start, end in group[1:]:
                total += end - start
                other = rule_of[mid]
                if floor[other] < lowest:
                    lowest = floor[other]
                if other != rule_index:
                    one_rule = False
            if total < lowest * length:
                if quiet_strong is not None:
                    if any_restricted:  # ask in id order, as the definition does (a language test costs)
                        group.sort()
                    for mid, _, _ in group:
                        other = rule_of[mid]
                        facts = info[other]
                        if facts.strong and (not facts.restricted
                                             or _applies(other, facts.rule, applicable, applies)):
                            quiet_strong.add(line)
                            break
                continue
            if not one_rule:
                if any_restricted:
                    group = [m for m in group if not info[rule_of[m[0]]].restricted
                             or _applies(rule_of[m[0]], info[rule_of[m[0]]].rule, applicable, applies)]
                    if not group:
                        continue
                line_hits, union = _several_rules(group, length, line, rule_of, table, quiet_strong)
                if line_hits:
                    out[line] = LineRules(line_hits, union)
                continue
            covered = _union_sorted(group)  # several matches of one rule: they cover what they cover together
        # One rule on the line: one hit, kept when it reaches the rule's floor.
        rule, single_floor, kind, strong, restricted, rid, strength, scope, min_cov, edge_cov = info[rule_index]
        if restricted and not _applies(rule_index, rule, applicable, applies):
            continue
        cov = covered / length
        if cov < single_floor:
            if strong and quiet_strong is not None:
                quiet_strong.add(line)
            continue
        # LineHit's fields in order, positional: by name, the call costs a tenth of collect_hits (measured)
        hit = whole[rule_index] if cov == 1.0 else LineHit(rule, rid, strength, scope, cov, min_cov, edge_cov,
                                                           cov if kind == _EDGE else None)
        out[line] = LineRules([hit], cov if kind == _LINE else 0.0)
    return out


def _several_rules(group: list[Match], length: int, line: int, rule_of: Sequence[int], table: RuleTable,
                   quiet_strong: set[int] | None) -> tuple[list[LineHit], float]:
    """The hits on a line that matches of several rules hold (in start order, rules that apply), and the
    coverage of the line rules' matches.

    Line-scope rules count only each other's matches: the one-word phrases of edge rules ("abo", "home")
    match inside ordinary words and must not lift a sentence over a line rule's threshold. Edge rules see
    the matches of all rules; their hit carries that coverage.
    """
    info, kind_of = table.info, table.kind
    by_rule: dict[int, list[Match]] = {}
    # Running unions, as _union_sorted: of all but inline matches, and of line rules' matches.
    every = line_covered = 0
    e_start = e_end = l_start = l_end = -1
    has_edge = False
    for match in group:
        _, start, end = match
        rule_index = rule_of[match[0]]
        spans = by_rule.get(rule_index)
        if spans is None:
            by_rule[rule_index] = [match]
        else:
            spans.append(match)
        kind = kind_of[rule_index]
        if kind == _INLINE:
            continue
        if start > e_end:
            every += e_end - e_start
            e_start, e_end = start, end
        elif end > e_end:
            e_end = end
        if kind == _LINE:
            if start > l_end:
                line_covered += l_end - l_start
                l_start, l_end = start, end
            elif end > l_end:
                l_end = end
        else:
            has_edge = True
    edge_cov = (every + e_end - e_start) / length if has_edge else 0.0
    line_hits = []
    for spans in sorted(by_rule.values(), key=min):  # rules in the order of their least id
        rule, _, kind, strong, _, rid, strength, scope, min_cov, edge_min = info[rule_of[spans[0][0]]]
        if kind == _EDGE and edge_cov < min_cov and edge_cov < edge_min:
            if strong and quiet_strong is not None:
                quiet_strong.add(line)
            continue
        cov = (spans[0][2] - spans[0][1] if len(spans) == 1 else _union_sorted(spans)) / length
        line_hits.append(LineHit(rule, rid, strength, scope, cov, min_cov, edge_min,  # positional: as above
                                 edge_cov if kind == _EDGE else None))
    return line_hits, (line_covered + l_end - l_start) / length


def coverage_floors(rules: Sequence[Rule]) -> list[float]:
    """Per rule, the least line coverage (all rules' matches) its hit needs: an edge hit is kept when that
    coverage reaches the lower of its two thresholds; other hits are always kept."""
    return [min(r.min_coverage, r.edge_coverage) if r.scope in EDGE_SCOPES else 0.0 for r in rules]


def _applies(rule_index: int, rule: Rule, applicable: dict[int, bool], applies: Callable[[Rule], bool]) -> bool:
    ok = applicable.get(rule_index)
    if ok is None:
        ok = applicable[rule_index] = applies(rule)
    return ok
