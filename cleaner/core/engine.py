"""Turn line hits (`collect`) into removal decisions: lines, header and trailer blocks, inline spans.

Precision comes first: a line goes when the rules' matches cover most of it, or when it stands in a
block at the start or end of the document that a strong rule anchors. A weak line ("CLICK HERE") never
goes on its own; it goes with the strong line beside it.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import NamedTuple

from cleaner.rules.load import Rule

# A strong line longer than this (in folded bytes) is article text that mentions the phrase.
MAX_EDGE_BYTES = 300


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


class LineRules(NamedTuple):
    """What the rules (and heuristics) say about one line that has a hit: its hits, and the share of the line
    that the line rules' matches cover together (0.0 when none did: a heuristic's own hit, or edge rules only).
    A line without a hit has no record; `collect` and heuristics never make one with an empty list."""

    hits: list[LineHit]
    coverage: float


# The records of a document's lines, by line number, in line order.
Rows = dict[int, LineRules]


@dataclass
class Decision:
    lines: list[str]
    removed: dict[int, str]  # line index -> rule id
    inline: dict[int, list[tuple[int, int, str]]]  # line index -> [(start, end, rule id)]
    # What `fixpoint` needs to know whether another pass can remove more: the first line the header block
    # did not take and the last the trailer block did not take (None: the block was not anchored and took
    # nothing), the lines that went because their inline cuts left only punctuation, the lines an inline
    # rule hit but found nothing to cut on, and whether the blocks met (`_no_body` judged the document).
    header_stop: int | None = None
    trailer_stop: int | None = None
    inline_whole: tuple[int, ...] = ()
    inline_idle: tuple[int, ...] = ()
    no_body: bool = False


# A letter or digit: re's \w is str.isalnum() or "_".
ALNUM = re.compile(r"[^\W_]")


# A line that is one quotation and nothing else ("Click here to win", «Suscríbete ya», 「こちらをクリック」) is
# a text quoting a prompt (a scam's pop-ups, a banner in a news story), not the prompt: no rule removes it.
# Heuristics judge it as any other line. Closing marks may be followed by sentence punctuation only.
QUOTED = re.compile(r'\s*(?:"[^"]+"|“[^“”]+[”“]|„[^„“”]+[“”]|”[^”]+”|«[^«»]+»|»[^«»]+«|「[^「」]+」|『[^『』]+』)'
                    r"\s*[.,;:!?…]*\s*")


# A sentence that reports a prompt ("Subscribe to our newsletter, the mayor joked as the meeting closed, ...",
# "Suivez-nous sur Facebook, disait l'affiche, ...") quotes it without quotation marks: after a comma, within
# three words, a verb of saying or showing. No rule removes such a line (heuristics judge it as any other line);
# only a sentence of REPORTED_MIN_WORDS words or more that ends like one counts, so a bar or a prompt line
# does not.
_SAYING = (
    "said|says|joked|jokes|quipped|wrote|writes|added|adds|told|asked|laughed|announced|declared|insisted|replied|"
    "warned|shouted|sagte|sagt|meinte|meint|scherzte|schrieb|schreibt|rief|erklärte|fragte|stand|steht|"
    "disait|dit|déclarait|écrivait|plaisantait|lançait|affirmait|annonçait|dijo|decía|dice|bromeó|escribió|"
    "afirmó|rezaba|disse|diceva|scherzò|scrisse|recitava|dizia|diz|brincou|escreveu|afirmou|zei|zegt|stond|"
    "schreef|grapte|riep|powiedział|powiedziała|głosił|głosiła|napisał|żartował|mówił|sade|stod|skrev|"
    "skämtade|sagde|сказал|сказала|говорил|написал|гласила|шутил"
)
# The verb in lower case, as after a comma in every one of these languages ("..., Unicorn SA. All rights
# reserved." is no Swedish "sa").
REPORTED = re.compile(r",\s+(?:[^\W\d_][\w'’-]*\s+){0,3}?(?:" + _SAYING + r")(?=[\s,.;:!?]|$)")
# The same before the prompt: two to five words, a verb of saying or showing and a colon ("The sign read: We use
# cookies. Nobody understood the joke..."); "Read more:" and "Please read:" have fewer words before the verb.
REPORTED_COLON = re.compile(r"(?:\S+\s+){2,5}?(?:read|reads|" + _SAYING + r")\s*[:：]\s")
REPORTED_MIN_WORDS = 10


def reports_speech(line: str) -> bool:
    """Whether the line is a sentence that reports what someone said or a sign read (see REPORTED)."""
    # The cheap tests first: most lines a rule hits are menu items that end in no full stop.
    if line.rstrip()[-1:] not in _SENTENCE_ENDS or len(line.split(None, REPORTED_MIN_WORDS)) < REPORTED_MIN_WORDS:
        return False
    return ("," in line and REPORTED.search(line) is not None) \
        or ((":" in line or "：" in line) and REPORTED_COLON.match(line) is not None)


_SENTENCE_ENDS = frozenset(".!?…")


# A text's first line, alone (a blank line under it) before a paragraph that no rule hit, is the text's title,
# not a link, when that paragraph opens with the same words ("Datenschutz" over "Datenschutz ist in der
# Schule...", "Volver" over "Volver a la casa...") or, for a title of at most MAX_TITLE_WORDS words, is prose
# (`prose_at`, the heuristics' test: "Menu" over "Our kitchen changes this menu every Thursday, ...", "Home" over
# a stanza) and it holds no colon. A flattened page's menu does not stand alone over a sentence: its next line is
# the next item. Page text with blank lines between its paragraphs could have a lone nav word first; such a line
# stays (a doubtful line is kept), and DEV's page text, one block a line, never has the shape.
MIN_TITLED_PARAGRAPH = 20
MAX_TITLE_WORDS = 6


def _is_title(lines: list[str], i: int, rows: Rows, prose_at: Callable[[list[str], int], bool] | None) -> bool:
    if i != 0 or len(lines) < 3 or lines[1].strip():
        return False
    j = next((k for k in range(2, len(lines)) if lines[k].strip()), None)
    if j is None or j in rows:
        return False
    title, nxt = lines[0].strip().casefold(), lines[j].strip().casefold()
    if not title:
        return False
    if len(nxt) >= MIN_TITLED_PARAGRAPH and nxt.startswith(title):
        return True
    if prose_at is None or len(title.split()) > MAX_TITLE_WORDS or ":" in title or "：" in title:
        return False  # "Sie sind hier: Politik", "Lesezeit: 4 Minuten": a label and its value, no title
    if _prose_paragraph(lines, j, rows, prose_at):
        return True
    # A subtitle between them ("Newsletter", "Riverside Rowing Club – spring issue", then the first item): one
    # line alone, as short, that no rule hit.
    if j + 1 >= len(lines) or lines[j + 1].strip() or len(nxt.split()) > 2 * MAX_TITLE_WORDS:
        return False
    k = next((m for m in range(j + 2, len(lines)) if lines[m].strip()), None)
    return k is not None and k not in rows and _prose_paragraph(lines, k, rows, prose_at)


def _prose_paragraph(lines: list[str], j: int, rows: Rows, prose_at: Callable[[list[str], int], bool]) -> bool:
    """Whether the paragraph at line j (no hit on line j) is prose that no line or inline rule hits; a one-word
    edge phrase ("radio" in a stanza) says nothing there: with the title kept, no header block reaches it."""
    if not prose_at(lines, j):
        return False
    for k in range(j + 1, min(j + MAX_TITLE_BLOCK, len(lines))):
        if not lines[k].strip():
            break
        row = rows.get(k)
        if row is not None and any(h.scope in ("line", "inline") for h in row.hits):
            return False
    return True


# How far under a title its first paragraph is looked at (a stanza's lines).
MAX_TITLE_BLOCK = 12


def unquoted_rule_hits(lines: list[str], rows: Rows, prose_at: Callable[[list[str], int], bool] | None = None,
                       ) -> Rows:
    """`rows` without the rules' hits on quoted lines (see QUOTED), on reported speech (`reports_speech`) and on a
    title line (`_is_title`, which asks `prose_at` about the paragraph under it); the same dict when there are
    none."""
    quoted = [i for i in rows
              if QUOTED.fullmatch(lines[i]) or _is_title(lines, i, rows, prose_at) or reports_speech(lines[i])]
    if not quoted:
        return rows
    out = dict(rows)
    for i in quoted:
        row = out[i]
        kept = [h for h in row.hits if h.rule is None]
        if kept:
            out[i] = LineRules(kept, row.coverage)
        else:
            del out[i]
    return out


def _is_filler(line: str) -> bool:
    """Blank lines and lines without a letter or digit ("|", "»", an emoji) travel with their block."""
    return ALNUM.search(line) is None


def _best(hits: list[LineHit]) -> LineHit:
    if len(hits) == 1:  # most often
        return hits[0]
    return max(hits, key=lambda h: (h.strength == "strong", h.coverage, h.rule_id))


def decide(
    lines: list[str],
    folded_lengths: list[int],
    rows: Rows,
    quiet_strong: set[int] | frozenset[int] = frozenset(),
    prose_at: Callable[[list[str], int], bool] | None = None,
    protected: frozenset[int] = frozenset(),
) -> Decision:
    """Which lines go and which spans are cut; `quiet_strong`: lines where a strong rule matched too
    little for `collect_hits` to keep its hit; `prose_at`: the heuristics' test of a paragraph, for the title
    (`_is_title`; the engine does not import the heuristics, which build on it); `protected`: lines that
    never go and that end a header or trailer block (fenced code: its fence lines hold no letter, and a
    block would take them for filler and walk on); their records are set aside."""
    if protected:
        rows = {i: row for i, row in rows.items() if i not in protected}
    rows = unquoted_rule_hits(lines, rows, prose_at)
    removed: dict[int, str] = {}
    inline: dict[int, list[tuple[int, int, str]]] = {}
    inline_whole: list[int] = []
    inline_idle: list[int] = []
    for i, (line_hits, line_cov) in rows.items():
        if len(line_hits) == 1:  # most lines: the same steps for one hit
            h = line_hits[0]
            scope = h.scope
            if scope == "line":
                if removes_anywhere(h, line_cov):
                    removed[i] = h.rule_id
            elif scope == "inline":
                _inline_spans(lines[i], i, line_hits, removed, inline, inline_whole, inline_idle)
            continue
        # 1. Lines anywhere, when strong line-scope matches cover most of the line.
        anywhere: list[LineHit] = []
        has_inline = False
        for h in line_hits:
            scope = h.scope
            if scope == "line":
                if removes_anywhere(h, line_cov):
                    anywhere.append(h)
            elif scope == "inline":
                has_inline = True
        if anywhere:
            removed[i] = _best(anywhere).rule_id
        # 2. Inline spans; a line left with nothing but punctuation goes whole. This comes before the edge
        # blocks so that they see the final lines, which keeps cleaning idempotent.
        elif has_inline:
            _inline_spans(lines[i], i, line_hits, removed, inline, inline_whole, inline_idle)
    # 3. Header and trailer blocks.
    anywhere_or_inline = dict(removed)
    header_stop = _edge_block(lines, folded_lengths, rows, removed, "header", protected)
    trailer_stop = _edge_block(lines, folded_lengths, rows, removed, "trailer", protected)
    no_body = len(removed) > len(anywhere_or_inline) and all(i in removed or _is_filler(ln)
                                                            for i, ln in enumerate(lines))
    if no_body:
        removed = _no_body(rows, anywhere_or_inline, removed, quiet_strong)
    for i in list(inline):
        if i in removed:
            del inline[i]
    return Decision(lines, removed, inline, header_stop, trailer_stop, tuple(inline_whole), tuple(inline_idle),
                    no_body)


def removes_anywhere(h: LineHit, line_cov: float) -> bool:
    """Whether a line-scope hit removes its line wherever it stands: a strong one that covers enough of the
    line. A heuristic's hit (no rule) carries its own coverage; rules' matches (`line_cov`) count together."""
    return h.strength == "strong" and (h.coverage if h.rule is None else line_cov) >= h.min_coverage


def _no_body(rows: Rows, sure: dict[int, str], edge: dict[int, str],
             quiet_strong: set[int] | frozenset[int] = frozenset()) -> dict[int, str]:
    """The header and trailer blocks met and would take the whole document: with no body to frame,
    "at the edge" means nothing, so each line must meet its rule's full `min_coverage` (a one-line
    document that merely mentions a newsletter stays); weak lines still go with a strong one."""
    removed = dict(sure)
    weak: dict[int, str] = {}
    for i, rule_id in edge.items():
        if i in removed:
            continue
        row = rows.get(i)
        line_hits = [h for h in row.hits if h.rule_id == rule_id] if row is not None else []
        cov = row.coverage if row is not None else 0.0
        if any(h.strength == "strong" and max(cov, h.coverage) >= h.min_coverage for h in line_hits):
            removed[i] = rule_id
        else:
            weak[i] = rule_id
    if removed:  # weak lines and punctuation-only lines go with the strong ones; doubtful strong ones stay
        for i, rule_id in weak.items():
            row = rows.get(i)
            if i not in quiet_strong and (row is None or not any(h.strength == "strong" for h in row.hits)):
                removed[i] = rule_id
    return removed


def _inline_spans(line: str, i: int, line_hits: list[LineHit], removed: dict[int, str],
                  inline: dict[int, list[tuple[int, int, str]]], whole: list[int], idle: list[int]) -> None:
    """Cut the inline rules' spans out of line i; when nothing but punctuation is left the line goes (and
    joins `whole`); when no span matched it joins `idle`."""
    spans = [(m.start(), m.end(), h.rule_id)
             for h in line_hits if h.scope == "inline" and h.rule is not None
             for rx in h.rule.inline for m in rx.finditer(line) if m.end() > m.start()]
    if not spans:
        idle.append(i)
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
        whole.append(i)
    else:
        inline[i] = merged


def _gaps(spans: list[tuple[int, int, str]], n: int) -> list[tuple[int, int]]:
    out, pos = [], 0
    for s, e, _ in spans:
        out.append((pos, s))
        pos = e
    out.append((pos, n))
    return out


def _edge_role(i: int, side: str, rows: Rows, folded_lengths: list[int]) -> tuple[str, str] | None:
    """("strong"|"weak", rule id) when line i may belong to a header/trailer block, else None."""
    row = rows.get(i)
    if row is None:
        return None
    line_hits, line_cov = row
    allowed = ("line", "edge", side)
    if len(line_hits) == 1:  # most lines: the same tests for one hit
        h = line_hits[0]
        if h.scope not in allowed:
            return None
        cov = _edge_cov(h, line_cov)
        if h.strength == "strong" and cov >= h.edge_coverage and folded_lengths[i] <= MAX_EDGE_BYTES:
            return "strong", h.rule_id
        return ("weak", h.rule_id) if cov >= h.min_coverage else None
    strong = [h for h in line_hits if h.scope in allowed and h.strength == "strong"
              and _edge_cov(h, line_cov) >= h.edge_coverage and folded_lengths[i] <= MAX_EDGE_BYTES]
    if strong:
        return "strong", _best(strong).rule_id
    weak = [h for h in line_hits if h.scope in allowed and _edge_cov(h, line_cov) >= h.min_coverage]
    if weak:
        return "weak", _best(weak).rule_id
    return None


def _edge_cov(h: LineHit, line_cov: float) -> float:
    """The coverage a hit counts with at the edges: edge-scope hits carry that of all rules' matches."""
    if h.scope == "line":
        return line_cov
    return h.coverage if h.all_coverage is None else h.all_coverage


# A trailer of items this short under a line that ends with a colon is a list the text introduces.
MAX_LIST_ITEM = 60
COLONS = (":", "：")


def _is_list_tail(lines: list[str], block: list[tuple[int, str | None]], removed: dict[int, str]) -> bool:
    """Whether a trailer block is the tail of a list: short lines only edge hits took, with no blank line
    between them (blank lines after the last one do not count)."""
    items = [i for i, _ in block if lines[i].strip()]
    if not items or any(i in removed or len(lines[i]) > MAX_LIST_ITEM for i in items):
        return False
    return max(items) - min(items) + 1 == len(items)


def _edge_block(lines, folded_lengths, rows: Rows, removed, side: str,
                protected: frozenset[int] = frozenset()) -> int | None:
    """Remove the header or trailer block when a strong line anchors it; return the line the walk stopped
    at (one past the end when it took every line), or None when the block took nothing."""
    order = range(len(lines)) if side == "header" else range(len(lines) - 1, -1, -1)
    block: list[tuple[int, str | None]] = []
    anchored = False
    stop = len(lines) if side == "header" else -1
    search = ALNUM.search
    for i in order:
        if i in removed:  # only strong rules remove a line anywhere, so it anchors the block too
            anchored = True
            block.append((i, removed[i]))
            continue
        if i in protected:  # fenced code: the block ends here, fence lines included
            stop = i
            break
        if search(lines[i]) is None:  # a filler line
            block.append((i, None))
            continue
        role = _edge_role(i, side, rows, folded_lengths)
        if role is None:
            stop = i
            break
        anchored = anchored or role[0] == "strong"
        block.append((i, role[1]))
    if not anchored:
        return None
    if side == "trailer" and stop >= 0 and lines[stop].rstrip().endswith(COLONS) \
            and _is_list_tail(lines, block, removed):
        return None  # a list the text introduces ("Their final ranking:"), not a bar: only edge hits anchor it
    # Filler lines take the rule of the nearest hit line in the block, so each removal is explained.
    last_rule = next(r for _, r in block if r is not None)
    for i, rule_id in block:
        if rule_id is not None:
            last_rule = rule_id
        if lines[i].strip():
            removed.setdefault(i, rule_id or last_rule)
    return stop
