"""A very long line's hits without a tuple per match: what `collect_hits` and the word-edge check give it,
worked out as the scan reports its matches.

A line of megabytes that is mostly phrases the rules know ("Share this Share this ...") holds a match every
few bytes; kept as (id, start, end) tuples they take some 150 bytes each, forty times the line. Here the
matches of such a line are put in start order by a small heap as the scan reports them (the scan reports a
phrase's match when it reaches its end, and a phrase is at most `longest` bytes, so a match that starts
earlier than that before the last end can no longer come), their word edges are checked there, and per line
only what `collect_hits` reads is kept: each rule's covered bytes and least phrase id, the covered bytes of
line rules and of all but inline rules, the sum of the matches' lengths and their count. The result is the
one `Cleaner._collect` gives the line (tested by routing every line here).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from heapq import heappop, heappush

from cleaner.core.boundaries import END, START, _ends_word, _starts_word
from cleaner.core.collect import _EDGE, _INLINE, _LINE, RuleTable
from cleaner.core.engine import LineHit, LineRules
from cleaner.rules.load import Rule

# A line longer than this (folded bytes) is collected here.
LONG_SCAN = 1 << 20


class _Sums:
    """The running sums of one line's matches, fed in start order (then id order)."""

    __slots__ = ("count", "total", "rules", "every", "e_start", "e_end", "line_cov", "l_start", "l_end",
                 "has_edge", "first")

    def __init__(self) -> None:
        self.count = 0
        self.total = 0
        # rule index -> [covered, cur_start, cur_end, least id]
        self.rules: dict[int, list[int]] = {}
        self.every = self.line_cov = 0
        self.e_start = self.e_end = self.l_start = self.l_end = -1
        self.has_edge = False
        self.first: tuple[int, int, int] | None = None

    def add(self, pid: int, start: int, end: int, rule_index: int, kind: int, applicable: bool) -> None:
        self.count += 1
        self.total += end - start
        if self.first is None:
            self.first = (pid, start, end)
        state = self.rules.get(rule_index)
        if state is None:
            self.rules[rule_index] = [0, start, end, pid]
        else:
            if start > state[2]:
                state[0] += state[2] - state[1]
                state[1], state[2] = start, end
            elif end > state[2]:
                state[2] = end
            if pid < state[3]:
                state[3] = pid
        if not applicable or kind == _INLINE:  # the line unions of _several_rules see applicable rules only
            return
        if start > self.e_end:
            self.every += self.e_end - self.e_start
            self.e_start, self.e_end = start, end
        elif end > self.e_end:
            self.e_end = end
        if kind == _LINE:
            if start > self.l_end:
                self.line_cov += self.l_end - self.l_start
                self.l_start, self.l_end = start, end
            elif end > self.l_end:
                self.l_end = end
        else:
            self.has_edge = True

    def covered(self, rule_index: int) -> int:
        state = self.rules[rule_index]
        return state[0] + state[2] - state[1]


def _finish(sums: _Sums, length: int, table: RuleTable, applies: Callable[[int, Rule], bool],
            ) -> tuple[LineRules | None, bool]:
    """(the line's record or None, quiet strong) as collect_hits gives them for the line these sums describe."""
    info, floor = table.info, table.floor
    if sums.count == 0 or length <= 0:
        return None, False
    rules = sums.rules
    if len(rules) == 1 or sums.count == 1:
        (rule_index,) = rules
        facts = info[rule_index]
        if sums.count > 1:
            lowest = floor[rule_index] if floor[rule_index] < 1.0 else 1.0
            if sums.total < lowest * length:
                quiet = facts.strong and (not facts.restricted or applies(rule_index, facts.rule))
                return None, quiet
        if facts.restricted and not applies(rule_index, facts.rule):
            return None, False
        cov = sums.covered(rule_index) / length
        if cov < facts.floor:
            return None, facts.strong
        hit = table.whole[rule_index] if cov == 1.0 else LineHit(
            facts.rule, facts.rule_id, facts.strength, facts.scope, cov, facts.min_coverage, facts.edge_coverage,
            cov if facts.kind == _EDGE else None)
        return LineRules([hit], cov if facts.kind == _LINE else 0.0), False
    lowest = 1.0
    for rule_index in rules:
        if floor[rule_index] < lowest:
            lowest = floor[rule_index]
    if sums.total < lowest * length:
        quiet = any(info[r].strong and (not info[r].restricted or applies(r, info[r].rule))
                    for r in sorted(rules, key=lambda r: rules[r][3]))
        return None, quiet
    kept = [r for r in rules if not info[r].restricted or applies(r, info[r].rule)]
    if not kept:
        return None, False
    edge_cov = (sums.every + sums.e_end - sums.e_start) / length if sums.has_edge else 0.0
    quiet = False
    line_hits = []
    for rule_index in sorted(kept, key=lambda r: rules[r][3]):  # rules in the order of their least id
        facts = info[rule_index]
        if facts.kind == _EDGE and edge_cov < facts.min_coverage and edge_cov < facts.edge_coverage:
            if facts.strong:
                quiet = True
            continue
        cov = sums.covered(rule_index) / length
        line_hits.append(LineHit(facts.rule, facts.rule_id, facts.strength, facts.scope, cov, facts.min_coverage,
                                 facts.edge_coverage, edge_cov if facts.kind == _EDGE else None))
    if not line_hits:
        return None, quiet
    return LineRules(line_hits, (sums.line_cov + sums.l_end - sums.l_start) / length), quiet


class LongLine:
    """One long line's matches, before and after the word-edge check, as the scan reports them."""

    def __init__(self, line_start: int, line_end: int, edges: Sequence[int] | None, edges_of: Sequence[int],
                 rule_of: Sequence[int], table: RuleTable, applies: Callable[[int, Rule], bool], longest: int):
        self.line_start, self.line_end = line_start, line_end
        self.edges, self.edges_of = edges, edges_of
        self.rule_of, self.table, self.applies, self.longest = rule_of, table, applies, longest
        self.before, self.after = _Sums(), _Sums()
        self.heap: list[tuple[int, int, int]] = []  # (start, id, end)
        self.done = -1  # the start of the last match taken from the heap
        self.dropped = False
        self.broken = False  # the scan reported a match later than the window allows: collect the usual way
        self._applicable: dict[int, bool] = {}

    def _applies(self, rule_index: int) -> bool:
        ok = self._applicable.get(rule_index)
        if ok is None:
            facts = self.table.info[rule_index]
            ok = self._applicable[rule_index] = not facts.restricted or self.applies(rule_index, facts.rule)
        return ok

    def report(self, pid: int, start: int, end: int) -> None:
        if start < self.done or self.broken:
            self.broken = True
            return
        heap = self.heap
        heappush(heap, (start, pid, end))
        limit = end - self.longest
        while heap and heap[0][0] < limit:
            self._take(*heappop(heap))

    def _take(self, start: int, pid: int, end: int) -> None:
        self.done = start
        rule_index = self.rule_of[pid]
        kind = self.table.kind[rule_index]
        applicable = self._applies(rule_index)
        self.before.add(pid, start, end, rule_index, kind, applicable)
        if self._on_edges(pid, start, end):
            self.after.add(pid, start, end, rule_index, kind, applicable)
        else:
            self.dropped = True

    def _on_edges(self, pid: int, start: int, end: int) -> bool:
        """Whether the word-edge check (`on_word_edges`) keeps the match."""
        edges = self.edges
        if edges is None or pid >= len(self.edges_of):
            return True
        want = self.edges_of[pid]
        if not want:
            return True
        need_start = want & START and start > self.line_start
        need_end = want & END and end < self.line_end
        if not need_start and not need_end:
            return True
        return (not need_start or _starts_word(edges, start - self.line_start)) \
            and (not need_end or _ends_word(edges, end - self.line_start, end - start))

    def finish(self, check_edges: bool) -> tuple[LineRules | None, bool]:
        """The line's record (None: no hit) and whether it is quiet strong, as `_collect` gives them;
        `check_edges`: the rule set has word edges (`_collect` checks them only then)."""
        while self.heap:
            self._take(*heappop(self.heap))
        length = self.line_end - self.line_start
        row, quiet = _finish(self.before, length, self.table, lambda r, _rule: self._applies(r))
        if row is None or not check_edges or not self.dropped:
            return row, quiet
        return _finish(self.after, length, self.table, lambda r, _rule: self._applies(r))
