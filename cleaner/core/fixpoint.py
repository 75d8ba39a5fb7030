"""Whether another rule pass could remove anything: the check that spares most documents a second pass.

Rule passes repeat until one removes nothing, so that cleaning twice changes nothing. On page text nearly
every document loses its menus in the first pass, and the second pass, which almost always finds nothing,
cost about a tenth of the time. This module says, from what the first pass saw, when the second cannot
find anything; when in doubt it says no and the pass runs. Why the conditions suffice:

- Lines keep their hits (no inline cut changed a kept line), so every line rule and inline rule says on
  the kept lines what it said before, and nothing new goes anywhere for a rule.
- The content lines that frame the article stay (a content line no rule may take never goes), so the
  zones keep their bounds, and the blocks cannot pass them.
- Between them, every line that went was a member of a menu run and marked (a line a line rule takes, a
  line of a menu, or a line whose inline cuts left it empty that a strong rule or repetition marked), or
  a line of punctuation the run walks over: runs lose marked members but never join, so clusters of
  marked lines only shrink or split and no new menu forms (see `heuristics._inner`). Repeat counts only
  fall.
- In the zones above and below the article, every line that went outside the block was one a strong rule
  marked: runs lose matched members and never join, so no run becomes a menu that was not one. When the
  block was not anchored, its lines are the same with no stronger hits: it takes nothing again. When it
  took the edge of the page, the line it stopped at is now the first (or last) and gains a hit only if
  the run it stands in, cut short by the block, can now pass as a menu: counted with every piece of
  evidence the first pass had, it must fall short.
- The blocks did not meet (`_no_body` judged nothing).
- No line whose Markdown syntax kept bare marks (`heuristic.bare-marks`) went.
"""

from __future__ import annotations

from functools import partial
from itertools import compress
from operator import not_

from cleaner.core.body import INNER_RUN_MIN, core, has_long_run, zones
from cleaner.core.engine import ALNUM, Decision
from cleaner.core.heuristics import (
    HEADER_MAX_WORDS,
    Frame,
    is_content,
    is_short,
    menu_accepts,
    recurs,
    run_stretches,
    short_at,
    walk_run,
)

_BLANKS = (" ", "\t")


def _run_member(marked: set[int], lines: list[str], i: int) -> bool:
    """Whether line i can be a member of a long run (`body.has_long_run`): short, marked, or content-like."""
    return i in marked or is_short(lines[i]) or is_content(lines[i])


def is_final(lines: list[str], folded_lines: list[bytes], frame: Frame | None, decision: Decision) -> bool:
    """True when a rule pass over what `decision` keeps (tidied) would remove nothing.

    `frame` is what `heuristics.add_hits` returned on the pass that made `decision`: where the article
    stands, and the marks the heuristics went by (the lines strong rules marked, the repeated lines).
    """
    if frame is None or decision.inline or decision.no_body:
        return False
    first, last = frame.first, frame.last
    removed = decision.removed
    if any(i in removed for i in frame.markdown):
        return False  # the Markdown that kept bare marks went: the next pass may take them
    marked = frame.qualified
    if frame.outside or frame.inner:
        # The long-run heuristics (`body`) guard lists by their neighbours and openers, which change when
        # lines around them go: while a zone keeps a run long enough for one, the next pass runs.
        # the core the next pass will see: from the same content lines (none goes), with fewer lines between
        content = [i for i in frame.content if i not in removed]
        if not content:
            return False
        next_first, next_last = core(lines, content, removed)
        if frame.outside:
            # a superset of its members: short, marked, or content-like (a teaser). A partial, not a nested
            # function: a compiled closure's environment refers back to it, and that cycle kept each pass's
            # lines alive while the collector is paused on a long document.
            member = partial(_run_member, marked, lines)
            for zone in zones(next_first, next_last, len(lines)):
                if has_long_run(lines, [i for i in zone if i not in removed], member):
                    return False
        # between the paragraphs: a run of short lines that two runs joined into, or that the core took in
        if frame.inner and next_last - next_first > INNER_RUN_MIN:
            inside = range(next_first + 1, next_last)
            kept_at: list[int] | range = inside
            kept_lines = lines[inside.start:inside.stop]
            if removed:
                keep = list(map(not_, map(removed.__contains__, inside)))
                kept_at = list(compress(inside, keep))
                kept_lines = list(compress(kept_lines, keep))
            short = partial(short_at, lines)
            for a, b in run_stretches(kept_lines):
                if has_long_run(lines, kept_at[a:b], short, INNER_RUN_MIN):
                    return False
    search = ALNUM.search
    if search(lines[first]) is None or search(lines[last]) is None:
        return False  # a content line of punctuation only ("- - - ...") would not stop a block
    # Tidying strips trailing blanks: an inline pattern anchored at the line end could match then.
    if any(lines[i].endswith(_BLANKS) for i in decision.inline_idle):
        return False
    repeat_counts = frame.repeat_counts
    for i in decision.inline_whole:  # inside the article such a line must have been a marked member of a run
        if first < i < last and search(lines[i]) is not None and not (
                is_short(lines[i]) and (i in marked or (repeat_counts is not None
                                                        and recurs(folded_lines[i], repeat_counts)))):
            return False
    n = len(lines)
    above: list[int] = []
    below: list[int] = []
    for i in removed:
        if i < first:
            above.append(i)
        elif i > last:
            below.append(i)
    sides = ((decision.header_stop, 1, first, frame.headline, above), (decision.trailer_stop, -1, last, -1, below))
    for stop, step, end, headline, gone in sides:
        if not gone:
            continue
        # The block took the lines from the edge of the page to `stop`; outside it, only lines a strong
        # rule marked may have gone: members of runs, so that no run joins another.
        taken = range(0) if stop is None else range(0, stop) if step == 1 else range(stop + 1, n)
        if any(i not in taken and i not in marked for i in gone):
            return False
        if stop is not None and stop != end and _may_gain(lines, frame, removed, stop, step, end, headline):
            return False
    return True


def _may_gain(lines: list[str], frame: Frame, removed: dict[int, str], s: int, step: int, end: int,
              headline: int) -> bool:
    """Whether line s, where a block stopped and now the edge of the page, could gain a heuristic hit.

    Only the run it stands in can have changed, and only if it reached into the block (otherwise it just
    lost lines a strong rule marked, which only makes it less of a menu). s gains a hit when that run,
    counted with every piece of evidence the pass had (strong rule lines, lines repetition marked), could
    pass as a menu. The run is walked as `heuristics` walks it; a line that went in it was one a strong
    rule marked (`is_final` asked), a member that no longer counts.
    """
    line = lines[s]
    marked = frame.qualified
    if s in marked or s == headline or not is_short(line):
        return False  # a matched line gets no heuristic hit; the headline and long lines are no members
    if step == 1 and len(line.split()) > HEADER_MAX_WORDS:
        return False  # a header line of many words gets no cluster hit
    if not walk_run(lines, s - step, -1 if step == 1 else len(lines), -step, marked, headline)[0]:
        return False  # the run began at s: no member of it stood in the block
    evidence = unmatched = 0
    for j in walk_run(lines, s, end, step, marked, headline)[0]:
        if j in removed:
            continue
        if j in marked or j in frame.repeated:
            evidence += 1
        else:
            unmatched += 1
    return menu_accepts(evidence, unmatched)
