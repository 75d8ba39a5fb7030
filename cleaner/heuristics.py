"""Position and structure heuristics for plain text: what the phrase rules cannot name.

Menus, footers and link lists are runs of short lines without sentence punctuation before the first or
after the last paragraph of a page. The heuristics only ever look there: a line between the first and
the last "content line" (a sentence-like line no rule could remove) is never touched, so article text in
the middle of a document cannot be lost. Each heuristic is a hit with an id like a rule
(`heuristic.edge-cluster`), scope "edge", so the engine removes it only inside a header or trailer
block, records and explains it like a rule removal, and `--disable 'heuristic.*'` switches it off.

Idempotence: no rule can remove a content line and no heuristic touches one, so the zones are the same on a
second pass; runs and repeat counts only shrink when lines go, so nothing new becomes a candidate.
"""

from __future__ import annotations

import re
from collections import Counter

from .engine import LineHit

REPEATED = "heuristic.repeated-line"
CLUSTER = "heuristic.edge-cluster"
IDS = (REPEATED, CLUSTER)
# What `cleaner rules list` says about each: (strength, description).
DESCRIPTIONS = {
    CLUSTER: ("strong", "Short lines of a menu run (strong rules matched 2+ of its lines, 1 in 3) outside the "
                        "article; header lines of 5+ words stay"),
    REPEATED: ("strong", "A short line repeated 3+ times in the document, outside the article"),
}

# A "short line": at most this many characters and words, and no sentence end.
SHORT_MAX_CHARS = 60
SHORT_MAX_WORDS = 8
# A run of short lines before the first or after the last content line is a menu or footer when strong
# rules matched (or repetition marked) at least CLUSTER_MIN_MATCHED of its lines and at least one in
# CLUSTER_MATCHED_SHARE+1: then its other lines (section names, "Politik", "Sport") go with them. A list
# of film titles or ingredients next to one "Read more" is no menu and stays.
CLUSTER_MIN_MATCHED = 2
CLUSTER_MATCHED_SHARE = 2
# Above the first content line, menu items are short; a longer line there is more likely the headline,
# byline or standfirst between two menus, and stays.
HEADER_MAX_WORDS = 4
# A short line whose folded text is that of at least this many lines of the document is strong at the edges.
REPEAT_MIN = 3
# A content line: at least CONTENT_MIN_WORDS words, or CONTENT_MIN_WORDS_PUNCT words and a sentence end.
CONTENT_MIN_WORDS = 10
CONTENT_MIN_WORDS_PUNCT = 6

_SENTENCE_END = re.compile(r"""[.!?]["')\]»”’]*\s*$""")


def _is_content(line: str) -> bool:
    words = len(line.split())
    return words >= CONTENT_MIN_WORDS or (words >= CONTENT_MIN_WORDS_PUNCT and bool(_SENTENCE_END.search(line)))


def _is_short(line: str) -> bool:
    s = line.strip()
    return bool(s) and len(s) <= SHORT_MAX_CHARS and len(s.split()) <= SHORT_MAX_WORDS \
        and not _SENTENCE_END.search(s) and any(c.isalnum() for c in s)


def _hit(rule_id: str, strength: str) -> LineHit:
    # coverage 0 so a phrase rule on the same line names the removal; all_coverage 1 so it qualifies.
    return LineHit(None, rule_id, strength, "edge", 0.0, 1.0, 1.0, all_coverage=1.0)


def add_hits(lines: list[str], folded_lines: list[bytes], hits: dict[int, list[LineHit]],
             enabled: frozenset[str]) -> None:
    """Add heuristic hits for the short lines outside the content span of the document."""
    if not enabled:
        return
    def content(i: int) -> bool:
        return _is_content(lines[i]) and not _may_go(hits.get(i, ()))

    # Only the edges matter: look for the first and last content line from each end and stop there.
    n = len(lines)
    first = next((i for i in range(n) if content(i)), None)
    if first is None:
        return
    last = next(i for i in range(n - 1, first - 1, -1) if content(i))
    zones = [range(0, first), range(last + 1, n)]
    if not zones[0] and not zones[1]:
        return
    counts = Counter(folded_lines) if REPEATED in enabled else Counter()
    for side, zone in enumerate(zones):
        # A run: short lines, and lines a strong rule matched, with only blank or punctuation lines between.
        matched = {i for i in zone if _qualifies(hits.get(i, ()))}
        members = [i for i in zone if i in matched or _is_short(lines[i])]
        free = [i for i in members if i not in matched]
        if side == 0 and free and _next_free_is(lines, hits, free[-1], first):
            # The short line right before the first paragraph is most likely its headline: keep it.
            members.remove(free[-1])
        runs: list[list[int]] = []
        for i in members:
            if runs and _only_filler_between(lines, runs[-1][-1], i):
                runs[-1].append(i)
            else:
                runs.append([i])
        for run in runs:
            # Repeated lines count as evidence of a menu, like lines a strong rule matched.
            repeated = {i for i in run if i not in matched and REPEATED in enabled
                        and counts.get(folded_lines[i], 0) >= REPEAT_MIN}
            for i in sorted(repeated):
                hits.setdefault(i, []).append(_hit(REPEATED, "strong"))
            n_matched = sum(1 for i in run if i in matched or i in repeated)
            unmatched = [i for i in run if i not in matched and i not in repeated]
            if CLUSTER in enabled and n_matched >= CLUSTER_MIN_MATCHED \
                    and n_matched * CLUSTER_MATCHED_SHARE >= len(unmatched):
                for i in unmatched:
                    if side == 0 and len(lines[i].split()) > HEADER_MAX_WORDS:
                        continue  # a headline, byline or standfirst among the menus above an article
                    hits.setdefault(i, []).append(_hit(CLUSTER, "strong"))


def _may_go(line_hits) -> bool:
    """Whether a rule could remove the line: a line or inline rule hit it, or an edge rule covers enough.

    An edge rule's one-word phrase inside a long sentence ("themen" in "Unternehmen") does not count.
    """
    for h in line_hits:
        cov = h.coverage if h.all_coverage is None else h.all_coverage
        if h.scope in ("line", "inline") or cov >= min(h.edge_coverage, h.min_coverage):
            return True
    return False


def _qualifies(line_hits) -> bool:
    """Whether a strong rule hit covers enough of the line to stand in a header or trailer block."""
    for h in line_hits:
        cov = h.coverage if h.all_coverage is None else h.all_coverage
        if h.strength == "strong" and cov >= h.edge_coverage:
            return True
    return False


def _next_free_is(lines: list[str], hits: dict[int, list[LineHit]], i: int, target: int) -> bool:
    """Whether the next line after i that is neither blank nor removable by a rule is `target`."""
    for j in range(i + 1, len(lines)):
        if not lines[j].strip() or _may_go(hits.get(j, ())):
            continue
        return j == target
    return False


def _only_filler_between(lines: list[str], a: int, b: int) -> bool:
    return all(not any(c.isalnum() for c in lines[j]) for j in range(a + 1, b))
