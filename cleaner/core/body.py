"""Where the article is in a page's text, and the long runs of short lines around it.

A page's visible text is its article, the prose body (the lines from the first to the last *content
line*, see `heuristics`), framed by menus, teaser lists, link lists and footers that no phrase names:
runs of short lines (at most 60 characters and 8 words, no sentence end) one after another. Outside the
body, a run of at least RUN_MIN such lines goes (`heuristic.outside-body`), and its removal says how long
the run was and on which side. What stays, because content has such runs too:

- a note or reference of the article (a line that opens with `^` or `↑`, after a list mark), in any run;
- the HEAD_KEEP lines right above the first paragraph that no rule marked (headline, byline, date), and
  TAIL_KEEP lines right after the last one;
- a run that a line ending in a colon opens, or that follows one ("Ingredients:", "We tested:"): a list
  the text introduces;
- a run that reads like verse or a list of phrases: a line in VERSE_SHARE ends in a comma or semicolon,
  or most lines are long (5+ words) and start in lower case;
- a run that reads like code or a table of figures: a line in CODE_SHARE holds code punctuation, or
  most lines hold a figure (prices, quantities, results, times);
- a run in three or more groups set apart by blank lines (a menu card's courses, a sectioned list; the
  text of a page flattened by an HTML renderer has no blank lines);
- a run of labels and their values: LABEL_SHARE of its lines end in a colon or hold ": " ("Difficulty:"
  over "Really easy", a fact box, a record);
- a run of Markdown list items or headings (`- `, `* `, `1. `, `#`) in a document that is Markdown: it has,
  outside the run's zone, syntax that no page flattened to text has (a heading, a code fence, a table's
  separator row, a link, bold text). `- ` items and `|` cells alone do not count: a flattened page has them
  in its menus, teaser lists and infoboxes.

A run after the article needs RUN_EVIDENCE rule lines unless it is long (LONG_RUN), or the zone above the
article is a page's chrome (a run there goes, or rules hit FRAME_HITS lines there): then the text is a flattened
page, not a note or a recipe that opens with its title block and ends with its list, and the run needs none.

A run's members are the short lines and the lines a rule marked; blank lines and lines of punctuation
only are walked over. Lines a rule removes anyway keep their rule's name.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from functools import partial
from itertools import accumulate, compress, repeat
from operator import and_, contains, itemgetter, methodcaller, not_, or_, sub

from cleaner.core.engine import ALNUM

OUTSIDE = "heuristic.outside-body"
DESCRIPTION = ("line", "strong", "A run of 6+ short lines before the first or after the last paragraph (menus, "
                                 "teasers, footers; after it, rule lines in it or a page's menus above the article "
                                 "as evidence); lists a colon opens, labels and values, verse, code and figures stay")

RUN_MIN = 6
# A run shorter than LONG_RUN needs this many lines a rule marked (before, after the article): a list of
# film titles after an article next to one "Read more" is no menu.
LONG_RUN = 12
RUN_EVIDENCE = (0, 2)
HEAD_EVIDENCE = 1  # ... and a run that ends right above the article, this many
HEAD_KEEP = 3
# A page's chrome on the other side: when a run before the article goes, or rules hit FRAME_HITS lines there
# (the text of a flattened page, not a note or recipe that opens with its title), a run after it needs
# FRAME_EVIDENCE rule lines rather than RUN_EVIDENCE's.
FRAME_HITS = 2
FRAME_EVIDENCE = 0
# `core`: content lines at most GAP lines apart are one block; blocks with CORE_SHARE of the largest's prose
# are the article.
GAP = 3
CORE_SHARE = 0.3
CORE_LINES = 4  # a block of this many content lines is part of the article whatever its size
TAIL_KEEP = 0
VERSE_SHARE = 0.25
CODE_SHARE = 0.25
LABEL_SHARE = 0.3
_ALNUM = ALNUM
_CODE = re.compile(r"[{}();=<>\[\]]|::|->|^\s*(?:def|class|import|return|if|for|var|let|const|function)\b")
# A figure in a line: a price, a score, a quantity, a time (a menu card, results, a timetable).
_FIGURE = re.compile(r"\d")
_MARKDOWN = re.compile(r"^\s{0,3}(?:[-*+]\s|\d+[.)]\s|#{1,6}\s|>\s|\|)")
_REFERENCE = re.compile(r"(?:[-*\u2022]\s*)?[\^\u2191]")
_MARKDOWN_DOC = re.compile(r"^\s{0,3}(?:#{1,6}\s|```|~~~|\|?\s*:?-{3,}:?\s*\|)|\]\(|\*\*\S")


def core(lines: list[str], content: list[int], gone: dict[int, str] | set[int] | None = None) -> tuple[int, int]:
    """The article's span: the content lines (ascending) grouped into blocks (at most GAP other lines with a
    letter between two of them), and the span from the first to the last block that holds at least
    CORE_SHARE of the prose of the largest. Teasers of other articles (one content-like line between
    menus) fall outside it; an article broken by a gallery or a box of links keeps its parts. `gone`:
    lines to leave out (what a pass removes, to know the core the next pass will see)."""
    lo, hi = content[0], content[-1] + 1
    # lines with a letter, counted in C: pref[k] = such lines in lines[lo:lo + k]
    flags: Iterable[bool] = map(bool, map(_ALNUM.search, lines[lo:hi]))
    if gone:
        flags = map(and_, flags, map(not_, map(gone.__contains__, range(lo, hi))))
    pref = list(accumulate(flags, initial=0))
    blocks: list[list[int]] = []
    for i in content:
        if blocks:
            prev = blocks[-1][-1]
            if pref[i - lo] - pref[prev + 1 - lo] <= GAP:
                blocks[-1].append(i)
                continue
        blocks.append([i])
    sizes = [sum(len(lines[i]) for i in block) for block in blocks]
    floor = CORE_SHARE * max(sizes)
    kept = [block for block, size in zip(blocks, sizes, strict=True) if size >= floor or len(block) >= CORE_LINES]
    return kept[0][0], kept[-1][-1]


def outside_runs(
    lines: list[str],
    first: int,
    last: int,
    short: Callable[[int], bool],
    strong: Callable[[int], bool],
    hit: Callable[[int], bool],
    teasers: frozenset[int] = frozenset(),
) -> dict[int, str]:
    """The lines of long runs of short lines outside the article [first, last], each with why it goes.

    The caller's definitions: `short(i)`, line i is a short line; `strong(i)`, a strong rule marked it;
    `hit(i)`, any rule hit it; `teasers`, content-like lines outside the article (members of a run, which
    must still be mostly short lines). Lines a rule hit are passed over when counting the lines kept above
    the article: a share bar between the headline and the first paragraph does not push the headline out.
    """
    out: dict[int, str] = {}
    n = len(lines)

    def is_member(i: int) -> bool:
        return i in teasers or strong(i) or short(i)

    # the page's chrome above the article: lines rules hit there, or a run that goes (found first)
    framed = sum(1 for i in range(0, first) if hit(i)) >= FRAME_HITS
    for zone, side in ((range(0, first), "before the first"), (range(last + 1, n), "after the last")):
        if side[0] == "a" and out:
            framed = True
        if not zone:
            continue
        protected = (_near(lines, first - 1, -1, HEAD_KEEP, hit) if side[0] == "b"
                     else _near(lines, last + 1, n, TAIL_KEEP, hit))
        for run in _runs(lines, zone, is_member):
            texts = [i for i in run if _ALNUM.search(lines[i])]
            count = len(texts)
            if count < RUN_MIN or sum(1 for i in texts if i in teasers) * 2 > count:
                continue
            # a short run right above the article is more likely its head (title, subtitle, byline, place)
            evidence = RUN_EVIDENCE[side[0] == "a"]
            framing = ""
            if side[0] == "a" and framed and count < LONG_RUN and sum(1 for i in run if hit(i)) < evidence:
                evidence = FRAME_EVIDENCE
                framing = ", under a page's menus above the article"
            if side[0] == "b" and not any(_ALNUM.search(lines[j]) for j in range(run[-1] + 1, first)):
                evidence = max(evidence, HEAD_EVIDENCE)
            if count < LONG_RUN and sum(1 for i in run if hit(i)) < evidence:
                continue
            if _looks_like_content(lines, run, partial(_has_markdown, lines, zone)):
                continue
            why = f"{count} short lines {side} paragraph{framing}"
            for i in run:
                # a content line never goes, nor an article's note or reference ("- ^ Author, Title, 2010")
                if i not in protected and i not in teasers and not _REFERENCE.match(lines[i].lstrip()):
                    out[i] = why
    return out


INNER = "heuristic.inside-list"
INNER_DESCRIPTION = ("line", "strong", "A run of 12+ short lines between the article's paragraphs of a page's "
                                       "text (a sidebar's menu, tag or category list flattened into it); lists with "
                                       "list marks, details (digits, commas, colons, brackets) in a quarter of their "
                                       "lines, verse and code stay, and so do the 3 lines above the next paragraph")
INNER_RUN_MIN = 12
INNER_KEEP = 3
INNER_DETAIL_SHARE = 4  # one line in this many with a detail keeps the run: a fact box, an event listing
_DETAIL = re.compile(r"[\d,;:()/]")
_LIST_ITEM = re.compile(r"^\s{0,3}(?:[-*+\u2022]\s|\d+[.)]\s)")


def inside_runs(lines: list[str], stretches: Iterable[range], short: Callable[[int], bool]) -> dict[int, str]:
    """The lines of long runs of short lines between the core's first and last paragraph, with why each goes;
    `stretches`: the parts of that zone where such a run can be (`heuristics.run_stretches`).

    A page flattened to text puts its sidebars between the article's blocks: a category list, a tag cloud,
    a menu of sections, a list of teams or shops, twelve lines and more of bare labels. Content has runs of
    short lines too, so what stays is what looks like a list of the article: most lines with a list mark
    ("- ", "1. "), lines with details (digits, commas, colons, brackets: a fact box, a timetable, an event
    listing), and whatever `_looks_like_content` keeps outside the core (an opener with a colon, labels and
    values, verse, code, groups set apart by blank lines, Markdown). The last INNER_KEEP lines of a run stay
    too: the heading, byline and date of the paragraph under it. The caller asks only in a page's text (its
    chrome around the article went or was hit by rules): a plain text's list of names or ingredients between
    two paragraphs has nothing else to tell it from a sidebar. Measured in docs/text-mode.md.
    """
    out: dict[int, str] = {}
    for run in (run for zone in stretches for run in _runs(lines, zone, short)):
        count = len(run)  # a run holds only lines with a letter or digit (`_runs`)
        if count < INNER_RUN_MIN:
            continue
        if sum(1 for i in run if _LIST_ITEM.match(lines[i])) * 2 >= count:
            continue
        if sum(1 for i in run if _DETAIL.search(lines[i])) * INNER_DETAIL_SHARE >= count:
            continue
        if _looks_like_content(lines, run, partial(_has_markdown, lines, range(run[0], run[-1] + 1))):
            continue
        why = f"{count} short lines between paragraphs"
        head = set(run[-INNER_KEEP:])
        for i in run:
            if i not in head and not _REFERENCE.match(lines[i].lstrip()):
                out[i] = why
    return out


def _near(lines: list[str], start: int, stop: int, k: int, marked: Callable[[int], bool]) -> set[int]:
    """The first k lines with a letter or digit that no rule marked, walking from `start` towards `stop`."""
    found: set[int] = set()
    step = 1 if stop > start else -1
    for i in range(start, stop, step):
        if len(found) >= k:
            break
        if _ALNUM.search(lines[i]) and not marked(i):
            found.add(i)
    return found


def _runs(lines: list[str], zone: range, is_member: Callable[[int], bool]) -> list[list[int]]:
    """Maximal runs of member lines in the zone; blank and punctuation-only lines are walked over (they
    neither end a run nor count)."""
    runs: list[list[int]] = []
    run: list[int] = []
    search = _ALNUM.search
    for i in compress(zone, map(search, lines[zone.start:zone.stop])):
        if is_member(i):
            run.append(i)
        elif run:
            runs.append(run)
            run = []
    if run:
        runs.append(run)
    return runs


def _has_markdown(lines: list[str], zone: range) -> bool:
    """Markdown syntax outside the zone too: the document is Markdown, not a page flattened to text. A page
    flattened to text has `- ` items and `|` cells everywhere (its menus, its infobox), so only the syntax
    no renderer writes counts: a heading, a code fence, a table's separator row, a link, bold text."""
    search = _MARKDOWN_DOC.search
    return any(map(search, lines[:zone.start])) or any(map(search, lines[zone.stop:]))


def _looks_like_content(lines: list[str], run: list[int], markdown: Callable[[], bool]) -> bool:
    # The counts are taken with maps over the run's lines (in C, no Python step per line): this runs for every
    # long run of every pass.
    # groups set apart by blank lines (a menu card's courses, a sectioned list); flattened pages have none
    if any(map(_ONE.__lt__, map(sub, run[1:], run))) and sum(
            1 for a, b in zip(run, run[1:], strict=False) if any(not lines[j].strip() for j in range(a + 1, b))) >= 2:
        return True
    texts = list(map(str.strip, map(lines.__getitem__, run)))  # a run's lines all hold a letter or digit
    n = len(texts)
    opener = _line_before(lines, run[0])
    if opener.rstrip().endswith(":") or texts[0].endswith(":"):
        return True
    # labels and their values ("Difficulty:" over "Really easy", "Cast: ..."): a record or a fact box
    if sum(map(or_, map(_ENDS_COLON, texts), map(contains, texts, repeat(": ")))) >= LABEL_SHARE * n:
        return True
    if sum(map(_ENDS_VERSE, texts)) >= VERSE_SHARE * n:
        return True
    firsts = list(map(_FIRST, texts))
    if sum(map(and_, map(_FIVE.__le__, map(len, map(str.split, texts))), map(str.islower, firsts))) * 2 >= n:
        return True
    if sum(map(bool, map(_CODE.search, texts))) >= CODE_SHARE * n:
        return True
    if sum(map(or_, map(str.isnumeric, firsts), map(bool, map(_FIGURE.search, texts)))) * 2 >= n:
        return True
    return sum(map(bool, map(_MARKDOWN.match, texts))) * 2 >= n and markdown()


_ONE, _FIVE = 1, 5
_FIRST = itemgetter(slice(None, 1))
_ENDS_COLON = methodcaller("endswith", ":")
_ENDS_VERSE = methodcaller("endswith", (",", ";"))


def _line_before(lines: list[str], i: int) -> str:
    for j in range(i - 1, -1, -1):
        if lines[j].strip():
            return lines[j]
    return ""


def has_long_run(lines: list[str], indexes: Sequence[int], is_member: Callable[[int], bool],
                 least: int = RUN_MIN) -> bool:
    """Whether the lines at `indexes` (in order; the lines a pass keeps in a zone) hold a run of `least`
    members: only then can `outside_runs` (RUN_MIN) or `inside_runs` (INNER_RUN_MIN) find anything there on
    the next pass."""
    count = 0
    for i in indexes:
        if not _ALNUM.search(lines[i]):
            continue
        if is_member(i):
            count += 1
            if count >= least:
                return True
        else:
            count = 0
    return False


def zones(first: int, last: int, n: int) -> tuple[range, range]:
    return range(0, first), range(last + 1, n)


# A line of empty table cells: bars, plus signs and minus signs only (a wiki or HTML table flattened with its
# text gone). A Markdown table's separator row has hyphens or colons and is no such line.
_RESIDUE = re.compile(r"[ \t|+\u2212]*\|[ \t|+\u2212]*")
RESIDUE = "heuristic.table-residue"
RESIDUE_DESCRIPTION = ("line", "strong", "A line of empty table cells: only bars, plus and minus signs ('||', "
                                         "'|||+|', a wiki diff's '|-|'); a Markdown separator row (with hyphens) stays")


# Normalising turns a minus sign into a hyphen, so a wiki diff's "|−|" reaches the heuristics as "|-|": a cell
# of one hyphen (no hyphen or colon beside it) reads as a minus where the line cannot be a Markdown separator
# row: it has one cell only, or an empty cell or a plus sign beside it ("|-|| |", "||-"). "|-|-|" stays.
_LONE_HYPHEN = re.compile(r"(?<![-:])-(?![-:])")
_EMPTY_CELL = re.compile(r"\|[ \t]*\||\+")


# A line of marks only that is no text's structure: a lone list bullet (an item whose text the page lost), a
# forum's signature rule of 8+ underscores, a border of one two-mark pattern repeated ("*-*-*-*-*-"). Markdown
# makes some of them structure (a setext heading's "-" underline, "___" as a thematic break), so a document
# with Markdown syntax keeps them all; "---", "***" and "* * *" are never such lines, nor a lone "*", "·" or
# "–" (a poem's or a story's section mark, a table's "no value").
_BARE = re.compile(r"[ \t]*(?:[-\u2022\u2023\u25e6\u25aa\u25cf]|_{8,}|([^\w\s])(?!\1)([^\w\s])(?:\1\2){4,}\1?)[ \t]*")
BARE = "heuristic.bare-marks"
BARE_DESCRIPTION = ("line", "strong", "A line of marks only that is no text's structure: a lone bullet ('-', "
                                      "'\u2022'), a signature rule of 8+ underscores, a border such as "
                                      "'*-*-*-*-*-'; none in a document with Markdown syntax")


def is_bare(line: str) -> bool:
    """Whether `line` is a lone bullet, a rule of underscores or a two-mark border (see `_BARE`)."""
    return _BARE.fullmatch(line) is not None


def markdown_lines(lines: list[str]) -> tuple[int, ...]:
    """The lines with syntax no page flattened to text has (a heading, a fence, a table separator, a link,
    bold text)."""
    search = _MARKDOWN_DOC.search
    return tuple(i for i, line in enumerate(lines) if search(line))


def is_residue(line: str) -> bool:
    if _RESIDUE.fullmatch(line) is not None:
        return True
    if "-" not in line:
        return False
    minus = _LONE_HYPHEN.sub("\u2212", line)
    if _RESIDUE.fullmatch(minus) is None:
        return False
    return line.count("|") <= 2 or _EMPTY_CELL.search(line) is not None
