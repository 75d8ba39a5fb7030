"""Position and structure heuristics for plain text: what the phrase rules cannot name.

Menus, footers and link lists are runs of short lines without sentence punctuation. Before the first and
after the last paragraph of a page ("content line": a sentence-like line no rule could remove) the edge
heuristics (`heuristic.edge-cluster`, `heuristic.repeated-line`) are hits of scope "edge", so the engine
removes them only inside a header or trailer block. Between those paragraphs only short lines can go, and
only with two kinds of evidence: a menu that strong rules anchor (`heuristic.menu-run`) or a rule line that
recurs (`heuristic.repeated-rule-line`); a content line is never touched. Every heuristic is recorded and
explained like a rule removal, and `--disable 'heuristic.*'` switches them off.

Idempotence: no rule can remove a content line and no heuristic touches one, so the zones are the same on a
second pass; runs, marks and repeat counts only shrink when lines go, so nothing new becomes a candidate.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial
from itertools import compress
from operator import and_, not_, or_

from cleaner.core import body
from cleaner.core.engine import ALNUM, MAX_TITLE_BLOCK, LineHit, LineRules, Rows, removes_anywhere

REPEATED = "heuristic.repeated-line"
CLUSTER = "heuristic.edge-cluster"
MENU = "heuristic.menu-run"
REPEATED_RULE = "heuristic.repeated-rule-line"
OUTSIDE = body.OUTSIDE
RESIDUE = body.RESIDUE
BARE = body.BARE
INNER = body.INNER
IDS = (REPEATED, CLUSTER, MENU, REPEATED_RULE, OUTSIDE, INNER, RESIDUE, BARE)
# What `cleaner rules list` says about each: (scope, strength, description). "edge" heuristics act only in
# header and trailer blocks; "line" ones between the paragraphs.
DESCRIPTIONS = {
    CLUSTER: ("edge", "strong", "Short lines of a menu run (strong rules matched 2+ of its lines, 1 in 3) outside "
                                "the article; header lines of 5+ words stay"),
    REPEATED: ("edge", "strong", "A short line repeated 3+ times in the document, or found both above and below "
                                 "the article of a page a rule hit (a site's name, a menu item in header and "
                                 "footer), outside it"),
    MENU: ("line", "strong", "Short lines between paragraphs that strong rules and repetition mark as a menu (2+ "
                             "rule lines, 3+ marked lines at most 2 apart, or 2 adjacent rule lines)"),
    REPEATED_RULE: ("line", "strong", "A short line between paragraphs that a strong rule matches and that occurs "
                                      "2+ times in the document ('Bild anzeigen' under every picture)"),
    OUTSIDE: body.DESCRIPTION,
    INNER: body.INNER_DESCRIPTION,
    RESIDUE: body.RESIDUE_DESCRIPTION,
    BARE: body.BARE_DESCRIPTION,
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
# ... or at least twice when it stands both above the first and below the last content line of a page a rule hit:
# the header and the footer of one page (its name, "Kontakt", "Login") and no text's line, unless the text says it
# between them too (a refrain: `_Refrain`).
# Between the first and last content line only a menu goes (a site menu, a teaser list or a sidebar flattened
# into a run of short lines): lines "marked" by a strong rule or by repetition (the same folded text on
# another line of the document), at most MENU_MAX_GAP unmarked lines apart, at least MENU_MIN_RULE of them
# rule lines, and at least MENU_MIN_MARKED marked lines unless every line of the stretch is marked ("Gefällt
# mir:" over "Like Loading"). A subheading between two "Advertisement" labels stays; a list inside an
# article (ingredients, a table of contents, a chorus) seldom holds two lines a strong rule knows.
MENU_MIN_RULE = 2
MENU_MIN_MARKED = 3
MENU_MAX_GAP = 2
# An edge zone of at most this many lines counts each line's repeats on its own instead of all lines at once.
FEW_LINES = 8
# A line counts as repeated evidence only with at least this many folded characters ("1", "a" repeat).
MENU_REPEAT_MIN_BYTES = 4
# A content line: at least CONTENT_MIN_WORDS words, or CONTENT_MIN_WORDS_PUNCT words and a sentence end.
CONTENT_MIN_WORDS = 10
CONTENT_MIN_WORDS_PUNCT = 6
# Too short to hold that many words and the spaces between them: no content line.
CONTENT_MIN_CHARS = 2 * CONTENT_MIN_WORDS_PUNCT - 1

# Sentence ends of every script that has them (full stops, question and exclamation marks, dandas, the
# Urdu full stop, the CJK full-width ones...) and what may close a sentence after them (closing brackets,
# final quotes). spec.py defines both from Unicode data; these tables are its output, checked against it by
# a test (deriving them at start-up would take a second). Without them a Hindi or Chinese paragraph never
# ended a sentence and a short one went with the menu under it. The test reads the line from its end only.
_CLOSERS = ("\u0022')]}\u00bb\u0f3b\u0f3d\u169c\u2019\u201d\u203a\u2046\u207e\u208e\u2309\u230b\u232a\u2769\u276b"
    "\u276d\u276f\u2771\u2773\u2775\u27c6\u27e7\u27e9\u27eb\u27ed\u27ef\u2984\u2986\u2988\u298a\u298c"
    "\u298e\u2990\u2992\u2994\u2996\u2998\u29d9\u29db\u29fd\u2e03\u2e05\u2e0a\u2e0d\u2e1d\u2e21\u2e23"
    "\u2e25\u2e27\u2e29\u2e56\u2e58\u2e5a\u2e5c\u3009\u300b\u300d\u300f\u3011\u3015\u3017\u3019\u301b"
    "\u301e\u301f\ufd3e\ufe18\ufe36\ufe38\ufe3a\ufe3c\ufe3e\ufe40\ufe42\ufe44\ufe48\ufe5a\ufe5c\ufe5e"
    "\uff09\uff3d\uff5d\uff60\uff63")
_END_CHARS = ("!.?\u037e\u055c\u055e\u0589\u061f\u06d4\u0701\u0702\u07f9\u0964\u0965\u0f0d\u104a\u104b\u1362\u1367"
    "\u166e\u17d4\u1803\u1809\u1944\u1945\u203c\u2047\u2048\u2049\u2cf9\u2cfa\u2cfb\u2cfe\u2e2e\u2e3c"
    "\u2e53\u2e54\u3002\ua4ff\ua60e\ua60f\ua6f3\ua6f7\ua8ce\ua8cf\uaa5d\uaa5e\uaa5f\ufe12\ufe15\ufe16"
    "\ufe52\ufe56\ufe57\uff01\uff0e\uff1f\uff61\U00010a56\U00010a57\U00011047\U00011048\U000110c0"
    "\U000110c1\U00011141\U00011142\U00011143\U000111c5\U000111c6\U00011238\U00011239\U0001144b\U0001144c"
    "\U000115c2\U000115c3\U00011641\U00011642\U00011944\U00011c41\U00011c42\U00016a6e\U00016a6f\U00016af5"
    "\U00016e98\U0001bc9f\U0001da88")
_ENDS = frozenset(_END_CHARS)
_TAIL = _ENDS | frozenset(_CLOSERS)
# Han ideographs and kana: text in them puts no spaces between words, so a paragraph is one "word" to
# str.split. Two such characters count as a word (the usual length of one) in a line of few spaces.
_CJK = re.compile("[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
_CJK_MAX_SPACED_WORDS = 3
CJK_WORDS = True  # is_short counts them so too: a Chinese sentence of 30 characters is no menu item


def ends_sentence(line: str) -> bool:
    """`spec.ends_sentence(line)`, read from the end of the line only (lines can be long)."""
    return line.rstrip().rstrip(_CLOSERS)[-1:] in _ENDS


def is_content(line: str) -> bool:
    """A content line: sentence-like (see CONTENT_MIN_WORDS), whether or not a rule could remove it."""
    return _is_content(line)


def _is_content(line: str) -> bool:
    if len(line) < CONTENT_MIN_CHARS:
        return False
    # split(None, k) yields min(words, k + 1) items: counting stops at the threshold, not at the line end.
    words = len(line.split(None, CONTENT_MIN_WORDS - 1))
    if words <= _CJK_MAX_SPACED_WORDS and not line.isascii():
        # Enough characters to reach the threshold are looked at, not a whole long line.
        words = max(words, len(_CJK.findall(line, 0, 4 * CONTENT_MIN_WORDS)) // 2)
    return words >= CONTENT_MIN_WORDS or (words >= CONTENT_MIN_WORDS_PUNCT and ends_sentence(line))


def prose_at(lines: list[str], j: int) -> bool:
    """Whether the paragraph at line j is prose: line j is a content line, or the lines down to the next blank
    one (a stanza, at most engine.MAX_TITLE_BLOCK) read as one that ends a sentence. A menu's items end in none."""
    if _is_content(lines[j]):
        return True
    block: list[str] = []
    for line in lines[j:j + MAX_TITLE_BLOCK]:
        if not line.strip():
            break
        block.append(line.strip())
    joined = " ".join(block)
    return len(block) > 1 and _is_content(joined) and ends_sentence(joined)


def is_short(line: str) -> bool:
    return ALNUM.search(line) is not None and short_with_alnum(line)


def run_stretches(lines: list[str]) -> list[tuple[int, int]]:
    """Where `lines` (in order) can hold a run of `body.INNER_RUN_MIN` short lines (`body._runs`, which walks
    over lines without a letter or digit): the stretches (start, stop) of that many lines or more in a row
    each short enough or without a letter. Worked out in C, so that the exact walk, a Python step per line,
    runs only there; a run never reaches past a stretch, whose neighbours are long lines with a letter."""
    if len(lines) < body.INNER_RUN_MIN:
        return []
    passable = bytes(map(SHORT_MAX_CHARS.__ge__, map(len, map(str.strip, lines))))
    # a long line of punctuation only ("-----") does not end a run either
    if not all(map(ALNUM.search, compress(lines, map(not_, passable)))):
        passable = bytes(map(or_, passable, map(not_, map(ALNUM.search, lines))))
    return [m.span() for m in _STRETCH.finditer(passable)]


_STRETCH = re.compile(b"\x01{%d,}" % body.INNER_RUN_MIN)


def short_with_alnum(line: str) -> bool:
    """`is_short` of a line known to hold a letter or digit."""
    s = line.strip()  # the line itself when there is nothing to strip
    n = len(s)
    if n > SHORT_MAX_CHARS:
        return False
    # Too many words needs at least as many characters and a space between each two: count only then.
    if n > 2 * SHORT_MAX_WORDS and len(s.split(None, SHORT_MAX_WORDS)) > SHORT_MAX_WORDS:
        return False
    # Han and kana put no spaces between words: two characters count as one, as in a content line.
    if CJK_WORDS and n > 2 * SHORT_MAX_WORDS and not s.isascii() and len(_CJK.findall(s)) > 2 * SHORT_MAX_WORDS:
        return False
    # A line that ends in neither a closer nor a sentence end needs no stripping to tell.
    return s[-1] not in _TAIL or s.rstrip(_CLOSERS)[-1:] not in _ENDS


# The hits heuristics give: the same for every line (and never changed), so made once. Edge hits carry
# coverage 0 so that a phrase rule on the same line names the removal, and all_coverage 1 so they qualify.
def _own_hit(rule_id: str, scope: str) -> LineHit:
    edge = scope == "edge"
    return LineHit(rule=None, rule_id=rule_id, strength="strong", scope=scope, coverage=0.0 if edge else 1.0,
                   min_coverage=1.0, edge_coverage=1.0, all_coverage=1.0 if edge else None)


_REPEATED_HIT = _own_hit(REPEATED, "edge")
_CLUSTER_HIT = _own_hit(CLUSTER, "edge")
_REPEATED_RULE_HIT = _own_hit(REPEATED_RULE, "line")
_MENU_HIT = _own_hit(MENU, "line")
_OUTSIDE_HIT = _own_hit(OUTSIDE, "line")
_INNER_HIT = _own_hit(INNER, "line")
_RESIDUE_HIT = _own_hit(RESIDUE, "line")
_BARE_HIT = _own_hit(BARE, "line")


@dataclass(frozen=True, slots=True)
class Frame:
    """Where `add_hits` found the article: its first and last content line, and the headline above it
    (-1: none). Another rule pass needs them to know what removing lines can still change."""

    first: int
    last: int
    headline: int
    # Why heuristics that say more than their id removed a line (line -> facts), for the removal record.
    details: dict[int, str] | None = None
    outside: bool = False  # whether the long-run heuristic was enabled
    # The content lines it found between first and last: they stay, so the next pass finds them again.
    content: tuple[int, ...] = ()
    # The marks it went by: the lines a strong rule marked (`qualifies`, asked of the rules' hits), the lines
    # it gave a repeated-line hit, and how often each folded line occurs (counted when first asked).
    qualified: set[int] = field(default_factory=set)
    repeated: set[int] = field(default_factory=set)
    repeat_counts: Callable[[], Counter[bytes]] | None = None
    inner: bool = False  # whether the inside-list heuristic was enabled
    # The Markdown lines that kept bare marks (`body.is_bare`): if one of them goes, the next pass may take
    # the marks.
    markdown: tuple[int, ...] = ()


def _add(rows: Rows, i: int, hit: LineHit) -> None:
    """Give line i one more hit in a new record: the caller's records stay as they are, so it passes a
    shallow copy of its dict rather than a copy of every line's list. A line new to `rows` has no rule
    coverage."""
    row = rows.get(i)
    rows[i] = LineRules([hit], 0.0) if row is None else LineRules([*row.hits, hit], row.coverage)


def _hits_at(rows: Rows, i: int) -> list[LineHit] | tuple[()]:
    """Line i's hits (none: an empty tuple)."""
    row = rows.get(i)
    return () if row is None else row.hits


def _introduces(line: str) -> bool:
    """A line that ends in a colon: it introduces what follows (a quote, an embed, a list)."""
    return line.rstrip().endswith((":", "："))


def _introduces_list(line: str) -> bool:
    """A colon line of at least three words, or one run of Han or kana characters ("結果の順位："), which puts no
    spaces between words: what introduces a list. A form's labels ("Name:", "Email Address:") are shorter, and
    they stay members of the comment form's run, whose make-up would otherwise change once its rule lines go."""
    if not _introduces(line):
        return False
    words = len(line.split(None, 2))
    return words >= 3 or (words == 1 and len(_CJK.findall(line)) >= 4)


def can_mark_alone(folded_lines: list[bytes], lines: list[str] | None = None) -> bool:
    """Whether heuristics could give a line a hit in a document where no rule hit any line.

    Then repetition marks a line (a line repeated REPEAT_MIN times at the edges), a long run of short lines
    does (`body`: it needs RUN_MIN lines of at most SHORT_MAX_CHARS characters besides a content line), and
    so do lines of empty table cells; the others need a rule line to start from. The checks are all in C,
    and most articles without boilerplate skip the heuristics.
    """
    if lines is not None:
        short_keyed = map(and_, map(bool, folded_lines), map(SHORT_MAX_CHARS.__ge__, map(len, lines)))
        if len(lines) > body.RUN_MIN and sum(short_keyed) >= body.RUN_MIN:
            return True
        markless = list(compress(lines, map(not_, folded_lines)))
        if any(map(body.is_residue, markless)) or any(map(body.is_bare, markless)):
            return True
    distinct = set(folded_lines)
    blank = b"" in distinct
    repeats = len(folded_lines) - (folded_lines.count(b"") if blank else 0) - (len(distinct) - blank)
    return repeats >= REPEAT_MIN - 1


def add_hits(lines: list[str], folded_lines: list[bytes], rows: Rows, enabled: frozenset[str]) -> Frame | None:
    """Add heuristic hits for short lines of menus and footers to `rows`, the rules' records by line.
    The records in `rows` are not changed: a line that gains a hit gets a new one.

    Returns the frame of the article, or None when heuristics are off or no line is content.
    """
    if not enabled:
        return None
    # Lines without a letter or digit fold to nothing: few of them hold a bar or are bare marks.
    markless = list(compress(range(len(lines)), map(not_, folded_lines)))
    bare = [i for i in markless if body.is_bare(lines[i])] if BARE in enabled else []
    # Markdown makes a lone mark structure; the frame keeps its lines so that the next pass runs if one goes.
    markdown = body.markdown_lines(lines) if bare else ()
    frame = _add_hits(lines, folded_lines, rows, enabled, markdown)
    # Last, so that no other heuristic takes these lines for evidence of a menu (they are filler to them).
    if RESIDUE in enabled:
        for i in markless:
            if body.is_residue(lines[i]):
                _add(rows, i, _RESIDUE_HIT)
    if not markdown:
        for i in bare:
            _add(rows, i, _BARE_HIT)
    return frame


def _add_hits(lines: list[str], folded_lines: list[bytes], rows: Rows, enabled: frozenset[str],
              markdown: tuple[int, ...] = ()) -> Frame | None:
    # Only the edges matter: look for the first and last content line from each end and stop there.
    n = len(lines)
    rule_hits = bool(rows)  # before any heuristic adds to them
    # Lines too short to be content are passed over in C; the rest are asked in Python.
    long_enough = CONTENT_MIN_CHARS.__le__
    candidates = compress(range(n), map(long_enough, map(len, lines)))
    first = next((i for i in candidates if _is_content(lines[i]) and not _may_go(_hits_at(rows, i))), None)
    if first is None:
        return None
    candidates = compress(range(n - 1, first - 1, -1), map(long_enough, map(len, reversed(lines))))
    last = next(i for i in candidates if _is_content(lines[i]) and not _may_go(_hits_at(rows, i)))
    zones = [range(0, first), range(last + 1, n)]
    repeat_counts = RepeatCounts(folded_lines)

    # Lines a strong rule matched: asked once here. The hits added below do not change the answer for a
    # line asked later (they go to lines that qualify already, or to lines of a run decided already).
    qualified = {i for i, row in rows.items() if qualifies(row.hits)}
    details: dict[int, str] | None = None
    content: tuple[int, ...] = ()
    outside, inner = OUTSIDE in enabled, INNER in enabled
    if outside or inner:
        details, content = _outside(lines, rows, first, last, qualified, outside, inner)
    if (MENU in enabled or REPEATED_RULE in enabled) and last - first > 1:
        _inner(lines, folded_lines, rows, range(first + 1, last), enabled, repeat_counts, qualified)
    if not zones[0] and not zones[1]:
        return Frame(first, last, -1, details, outside, content, qualified, set(), repeat_counts, inner, markdown)
    headline = -1
    repeated_lines: set[int] = set()
    refrain = _Refrain(folded_lines, rows, first, last)
    # the short lines' keys that stand on both sides of the article (a set intersection in C), in a page a rule
    # hit: a document no rule hit skips the heuristics unless a line repeats REPEAT_MIN times (`can_mark_alone`)
    both_sides: frozenset[bytes] = frozenset()
    if REPEATED in enabled and rule_hits and zones[0] and zones[1]:
        # the page's first line is most likely its title, which a breadcrumb or category link below repeats
        top = next((i for i in zones[0] if folded_lines[i]), zones[0].start)
        above = range(top + 1, zones[0].stop)
        both_sides = _short_keys(lines, folded_lines, above) & _short_keys(lines, folded_lines, zones[1])
        both_sides -= {folded_lines[top]}

    for side, zone in enumerate(zones):
        # A run: short lines, and lines a strong rule matched, with only blank or punctuation lines between.
        matched = {i for i in qualified if i in zone}
        if side == 0:
            # The short line right before the first paragraph is most likely its headline: keep it.
            for i in range(zone.stop - 1, zone.start - 1, -1):
                if i not in matched and is_short(lines[i]):
                    if _next_free_is(lines, rows, i, first):
                        headline = i
                    break
        # Only a run holding a matched or repeated line can gain hits: grow runs around those lines.
        anchors = set(matched)
        if REPEATED in enabled:
            # How often each line of the zone occurs: counted one line at a time (a scan of the list in C)
            # in a small zone when nothing has counted all lines yet, all at once otherwise.
            count_of = repeat_counts().__getitem__ if repeat_counts.counted or len(zone) > FEW_LINES \
                else folded_lines.count
            # the zone's lines whose key recurs, picked in C; then the few of them that are short
            often = map(REPEAT_MIN.__le__, map(count_of, folded_lines[zone.start:zone.stop]))
            if both_sides:
                often = map(or_, often, map(both_sides.__contains__, folded_lines[zone.start:zone.stop]))
            anchors.update(i for i in compress(zone, often) if i not in matched and i != headline
                           and is_short(lines[i]) and not refrain(folded_lines[i]))
        runs, lone = _shared_runs(lines, sorted(anchors), zone, matched, headline)
        for i in lone:  # alone in its run, a repeated line is strong by itself, and there is no menu
            if i not in matched:
                _add(rows, i, _REPEATED_HIT)
                repeated_lines.add(i)
        for run in runs:
            # Repeated lines count as evidence of a menu, like lines a strong rule matched.
            repeated = {i for i in run if i not in matched and REPEATED in enabled
                        and (count_of(folded_lines[i]) >= REPEAT_MIN or folded_lines[i] in both_sides)
                        and not refrain(folded_lines[i])}
            for i in sorted(repeated):
                _add(rows, i, _REPEATED_HIT)
            repeated_lines |= repeated
            n_matched = sum(1 for i in run if i in matched or i in repeated)
            unmatched = [i for i in run if i not in matched and i not in repeated]
            if CLUSTER in enabled and menu_accepts(n_matched, len(unmatched)):
                for i in unmatched:
                    if _introduces_list(lines[i]) if side == 1 else len(lines[i].split()) > HEADER_MAX_WORDS:
                        # above an article: a headline, byline or standfirst among the menus; below it, a line
                        # that introduces what follows ("Twitter seemed a bit confused by it:", "Son classement
                        # final :"): the trailer then ends there, and a list under it stays (engine._is_list_tail)
                        continue
                    _add(rows, i, _CLUSTER_HIT)
    return Frame(first, last, headline, details, outside, content, qualified, repeated_lines, repeat_counts,
                 inner, markdown)


def _short_keys(lines: list[str], folded_lines: list[bytes], zone: range) -> frozenset[bytes]:
    """The folded keys of the zone's short lines (empty keys left out), but for lines with a colon: a label and
    its value ("Season: May 1 to October 31", "1: (Algon - Maple)") is a record, and a listing repeats it."""
    return frozenset(folded_lines[i] for i in zone if folded_lines[i] and ":" not in lines[i] and is_short(lines[i]))


# Callable objects rather than closures: a compiled closure's environment refers back to the function, and such a
# reference cycle kept each pass's Counter and key sets alive while the collector is paused on a long document
# (6 MB more on 3 MB of article text in the compiled build).
class RepeatCounts:
    """How often each folded line of the document occurs, counted when first asked."""

    __slots__ = ("_keys", "_counts")

    def __init__(self, keys: list[bytes]) -> None:
        self._keys = keys
        self._counts: Counter[bytes] | None = None

    def __call__(self) -> Counter[bytes]:
        if self._counts is None:
            self._counts = Counter(self._keys)
        return self._counts

    @property
    def counted(self) -> bool:
        return self._counts is not None


class _Refrain:
    """Whether the text repeats a line between its first and last content line too, on a line nothing there can
    remove (no hit): a refrain or a chorus of the text itself, not a site's repeated furniture, which a rule or a
    menu around it marks. Lines without a hit stay, so the answer holds on a next pass. The keys are gathered
    when first asked."""

    __slots__ = ("_keys", "_rows", "_first", "_last", "_inside")

    def __init__(self, keys: list[bytes], rows: Rows, first: int, last: int) -> None:
        self._keys, self._rows, self._first, self._last = keys, rows, first, last
        self._inside: frozenset[bytes] | None = None

    def __call__(self, key: bytes) -> bool:
        if self._inside is None:
            keys, rows = self._keys, self._rows
            self._inside = frozenset(keys[j] for j in range(self._first + 1, self._last) if j not in rows)
        return key in self._inside


def _outside(lines: list[str], rows: Rows, first: int, last: int, qualified: set[int], outside: bool = True,
             inner: bool = False) -> tuple[dict[int, str] | None, tuple[int, ...]]:
    """`body.outside_runs` around the article's core and `body.inside_runs` in it (as enabled), with hits for
    their lines (not for lines a line rule removes anyway); also the content lines the core was found from."""
    long_enough = CONTENT_MIN_CHARS.__le__
    content = [i for i in compress(range(first, last + 1), map(long_enough, map(len, lines[first:last + 1])))
               if _is_content(lines[i]) and not _may_go(_hits_at(rows, i))]
    core_first, core_last = body.core(lines, content)
    short = partial(short_at, lines)
    found: dict[int, str] = {}
    if outside:
        teasers = frozenset(i for i in content if i < core_first or i > core_last)
        found = body.outside_runs(lines, core_first, core_last, short, qualified.__contains__, rows.__contains__,
                                  teasers)
    inside: dict[int, str] = {}
    # only in a page's text: its chrome around the article went as runs, or rules hit lines there
    if inner and (found or sum(1 for i in rows if i < core_first or i > core_last) >= body.FRAME_HITS):
        at = core_first + 1
        stretches = run_stretches(lines[at:core_last])
        if stretches:
            inside = body.inside_runs(lines, [range(at + a, at + b) for a, b in stretches], short)
    for hits, hit in ((found, _OUTSIDE_HIT), (inside, _INNER_HIT)):
        for i in hits:
            row = rows.get(i)
            if row is None or not _goes_anywhere(row.hits, row.coverage):
                _add(rows, i, hit)
    if inside:
        found = {**found, **inside}
    return found or None, tuple(content)


def short_at(lines: list[str], i: int) -> bool:
    """`is_short` of line i (for a partial: the run walks ask it by index)."""
    return is_short(lines[i])


def menu_accepts(marked: int, unmatched: int) -> bool:
    """Whether a run of short lines outside the article, with this many marked lines (strong rule lines,
    repeated lines) and this many others, is a menu or footer."""
    return marked >= CLUSTER_MIN_MATCHED and marked * CLUSTER_MATCHED_SHARE >= unmatched


def _inner(lines: list[str], folded_lines: list[bytes], rows: Rows, zone: range, enabled: frozenset[str],
           repeat_counts, qualified: set[int]) -> None:
    """Mark menus and repeated rule lines between the first and last paragraph (line scope: they go there).

    Only short lines go, so the content lines and the zone stay the same on a second pass. Idempotence:
    lines that line rules remove anyway are marked members of a run, so their going cannot join two runs
    on the next pass; all rule lines of a menu lie in the stretch that goes, so what is left of the run
    cannot qualify again; marks and repeat counts only fall when lines go.
    """
    # Only lines with hits can be gone or qualify; their records are far fewer than the zone's lines.
    gone: set[int] = set()
    short_rule_lines: list[int] = []
    anchors: list[int] = []  # gone or short rule lines, in line order
    for i in sorted(i for i in rows if i in zone):
        if _goes_anywhere(*rows[i]):
            gone.add(i)
            anchors.append(i)
            if i in qualified and is_short(lines[i]):
                short_rule_lines.append(i)
        elif i in qualified and is_short(lines[i]):
            short_rule_lines.append(i)
            anchors.append(i)
    if REPEATED_RULE in enabled:
        for i in short_rule_lines:
            # the counts are built when a line first qualifies: in most articles none does
            if repeat_counts()[folded_lines[i]] >= 2:
                _add(rows, i, _REPEATED_RULE_HIT)
    if MENU not in enabled:
        return
    # Only a run holding MENU_MIN_RULE rule lines can be a menu, so runs are grown around those lines
    # rather than found by testing every line of the zone (a content line ends a run, so no run grows far).
    if len(anchors) < MENU_MIN_RULE:
        return
    runs = _shared_runs(lines, anchors, zone, gone)[0]
    for run in runs:
        if len(run) < MENU_MIN_RULE:
            continue
        matched = {i for i in run if i in gone or i in qualified}
        if len(matched) < MENU_MIN_RULE:
            continue
        marked = [i for i in run if i in matched or recurs(folded_lines[i], repeat_counts)]
        # Marked lines at most MENU_MAX_GAP unmarked lines apart form a menu; the headline of the next
        # paragraph or a teaser list further on, unmarked, stay.
        pos = {i: k for k, i in enumerate(run)}
        clusters: list[list[int]] = []
        for i in marked:
            if clusters and pos[i] - pos[clusters[-1][-1]] <= MENU_MAX_GAP + 1:
                clusters[-1].append(i)
            else:
                clusters.append([i])
        for cluster in clusters:
            span = run[pos[cluster[0]]:pos[cluster[-1]] + 1]
            if (len(cluster) < MENU_MIN_MARKED and len(cluster) < len(span)) \
                    or sum(1 for i in cluster if i in matched) < MENU_MIN_RULE:
                continue
            for i in span:
                if i not in gone:  # a line rule that removes the line anyway names the removal
                    _add(rows, i, _MENU_HIT)


def recurs(key: bytes, repeat_counts: Callable[[], Counter[bytes]]) -> bool:
    """`_inner`'s repeat mark: a folded line of MENU_REPEAT_MIN_BYTES or more that another line has too."""
    return len(key) >= MENU_REPEAT_MIN_BYTES and repeat_counts()[key] >= 2


def _goes_anywhere(line_hits, line_cov: float) -> bool:
    """Whether the engine removes the line wherever it stands (strong line-scope matches cover enough)."""
    return any(h.scope == "line" and removes_anywhere(h, line_cov) for h in line_hits)


def _may_go(line_hits) -> bool:
    """Whether a rule could remove the line: a line or inline rule hit it, or an edge rule covers enough.

    An edge rule's one-word phrase inside a long sentence ("themen" in "Unternehmen") does not count.
    """
    for h in line_hits:
        cov = h.coverage if h.all_coverage is None else h.all_coverage
        if h.scope in ("line", "inline") or cov >= min(h.edge_coverage, h.min_coverage):
            return True
    return False


def qualifies(line_hits) -> bool:
    """Whether a strong rule hit covers enough of the line to stand in a header or trailer block.

    Inline rules cut a span out of a line that stays ("Foto: ..." credits); they say nothing about the line.
    """
    for h in line_hits:
        cov = h.coverage if h.all_coverage is None else h.all_coverage
        if h.strength == "strong" and h.scope != "inline" and cov >= h.edge_coverage:
            return True
    return False


def _next_free_is(lines: list[str], rows: Rows, i: int, target: int) -> bool:
    """Whether the next line after i that is neither blank nor removable by a rule is `target`."""
    for j in range(i + 1, len(lines)):
        if not lines[j].strip() or _may_go(_hits_at(rows, j)):
            continue
        return j == target
    return False


def _shared_runs(lines: list[str], anchors: list[int], zone: range, always: set[int], never: int = -1,
                 ) -> tuple[list[list[int]], list[int]]:
    """The runs that hold two or more of the sorted `anchors`, and the anchors alone in theirs. A run:
    members (the lines in `always`, the other short lines of the zone but `never`) with only filler lines
    between them, as far as it goes both ways. Only a shared run can be a menu. The walk from each anchor
    to the next tells whether they share a run, and its members are the run's between them; it stops at
    the first line that is no member, so an anchor alone costs a short walk and no line is walked twice."""
    runs: list[list[int]] = []
    lone: list[int] = []
    n = len(anchors)
    k = 0
    while k < n:
        a = anchors[k]
        run = [a]
        m = k
        after: list[int] | None = None  # the members after the last anchor of the run, when walked already
        while m + 1 < n:
            b = anchors[m + 1]
            if b == anchors[m] + 1:  # next to each other (most often in a menu): nothing to walk
                run.append(b)
                m += 1
                continue
            between, end = walk_run(lines, anchors[m] + 1, b, 1, always, never)
            if end != b:
                after = between
                break
            run += between
            run.append(b)
            m += 1
        if m == k:
            lone.append(a)
        else:
            before = walk_run(lines, a - 1, zone.start - 1, -1, always, never)[0]
            if after is None:
                after = walk_run(lines, anchors[m] + 1, zone.stop, 1, always, never)[0]
            runs.append([*reversed(before), *run, *after])
        k = m + 1
    return runs, lone


def walk_run(lines: list[str], j: int, stop: int, step: int, always: set[int], never: int) -> tuple[list[int], int]:
    """The members met walking from line j towards `stop`, and the line the walk ended at (`stop`, or the
    first line that is no member)."""
    search = ALNUM.search
    short = short_with_alnum
    members: list[int] = []
    # Each line: a member of `always` (checked first: a matched line can be all symbols, "©"), a filler
    # line to walk over, a short line (a member but `never`), or the end of the run.
    while j != stop:
        if j in always:
            members.append(j)
        elif search(lines[j]) is not None:
            if j == never or not short(lines[j]):
                break
            members.append(j)
        j += step
    return members, j
