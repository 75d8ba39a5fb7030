"""Very long plain-text documents cleaned in pieces, so that peak memory stays a small multiple of the input.

Cleaning keeps several Python objects per line (the line, its folded key, offsets, hits): about 50 bytes of
memory per byte of a file of short lines. A document of more than HUGE_CHARS characters is therefore cut
into pieces of about PIECE_CHARS, each cleaned alone, and the results joined; only one piece's objects
live at a time. A piece boundary is a line both neighbouring pieces hold (the last line of one, the first
of the next), chosen so that no decision can cross it:

- In a document with no content line at all (no sentence-like line, `heuristics.is_content`: a list, a
  log, a dump of short lines), no heuristic has an article to frame: lines go by their own rule hits, or in
  the header and trailer blocks that walk in from the two ends. The shared line is one that no rule hits
  (matching is line-local) and that holds a letter or digit: it never goes, and both blocks stop at it, so each
  piece decides exactly what the whole document decides for its lines.
- In a document with content lines, the shared line is the middle of seven paragraphs in a row (lines with
  a letter, blank lines between them allowed) that are content lines no rule hits. Such
  lines never go and no heuristic gives them a hit; the blocks and the menu runs between paragraphs stop
  at them; and each piece's edge holds four of them, a block of the body model (`body.core`) that always
  counts as the article: so a piece between two others lies inside the article, as it does in the whole
  document, and the outside-body runs, the edge clusters and the repeated lines at the edges are looked
  for only in the first and the last piece, above and below the same first and last paragraph.

What can differ from cleaning such a document whole (docs/guarantees.md): repetition (a short line
repeated in the document) is counted within each piece; the first and last pieces find the article's core
from their own paragraphs; the Markdown test of the long-run heuristic looks at one piece. A document with
no such boundary is cleaned whole. Encoding repair, normalisation and the language are worked out once for
the whole document, as cleaning it whole does.
"""

from __future__ import annotations

import heapq
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING

from cleaner.core.engine import ALNUM
from cleaner.core.fold import fold
from cleaner.core.heuristics import CONTENT_MIN_CHARS, is_content
from cleaner.core.language import SAMPLE_CHARS, detect_language
from cleaner.core.prepare import prepare_text
from cleaner.core.sniff import _HEAD_CHARS, looks_like_html

if TYPE_CHECKING:
    from cleaner.core.pipeline import Cleaner, CleanResult

# Plain text longer than this (characters) is cleaned in pieces; no page of the DEV sets comes near it.
HUGE_CHARS = 1 << 20
# A piece ends at the first boundary after this many characters.
PIECE_CHARS = 1 << 16
# Content lines in a row on each side of a boundary (the shared line counts on both): body.CORE_LINES.
SIDE_LINES = 4


def is_huge(text: str | bytes) -> bool:
    return len(text) > HUGE_CHARS


def explain_in_pieces(cleaner: Cleaner, text: str | bytes, url: str | None = None) -> CleanResult | None:
    """The result of cleaning `text` whole, worked out piece by piece; None when it must be cleaned whole
    (a page, corpus mode, or no boundary anywhere)."""
    from cleaner.core.decode import decode_bytes
    from cleaner.core.pipeline import LANG_FILTER_RULE, CleanResult, Removal, _tidy_kept

    options = cleaner.options
    if cleaner.site_filter is not None:
        return None
    if isinstance(text, bytes):
        if options.html != "never" and looks_like_html(text[:2048].decode("latin-1")):
            return None
        text = decode_bytes(text).text
    if options.html == "always" or (options.html == "auto" and looks_like_html(text)):
        return None
    original = text
    prepared, crlf, repaired = prepare_text(text, options.quotes, options.fix_encoding)
    known: list[str | None] = []

    def language() -> str | None:  # the whole document's, detected once and only when asked
        if not known:
            known.append(detect_language(_sample(prepared)))
        return known[0]

    cuts = _boundaries(prepared, cleaner, language)
    if not cuts:
        return None
    if options.languages and language() not in options.languages:
        removal = Removal(LANG_FILTER_RULE, 1, prepared.count("\n") + 1, prepared.strip("\n"))
        return CleanResult("", (removal,) if prepared.strip() else (), repaired, bool(original), known[0], False)
    outputs: list[str] = []
    removals: list = []
    starts = [0, *cuts]  # character offsets of each piece's first line
    line = 0  # 0-based number of each piece's first line in the prepared text
    for k, start in enumerate(starts):
        end = cuts[k] if k < len(cuts) else len(prepared)
        if k < len(cuts):  # the shared line belongs to this piece too: up to its end
            end = prepared.find("\n", end)
            end = len(prepared) if end < 0 else end
        piece = prepared[start:end]
        result = cleaner.explain_whole(piece, url, language)
        out = result.text
        if k:  # the shared line, first here, was the last line of the piece before
            out = out[out.find("\n") + 1:] if out else out
        outputs.append(out)
        removals.extend(r if not line else Removal(r.rule, r.start_line + line, r.end_line + line, r.text, r.kind,
                                                   r.column, r.why) for r in result.removals)
        if k < len(cuts):
            line += piece.count("\n")
    del result, piece
    out = "".join(outputs)  # each piece's output ends in a line break, as the whole one does
    del outputs
    if removals and options.html == "auto" and looks_like_html(_ends(out)):
        # as `Cleaner._explain`: output that would be taken for a page keeps every line
        removals = []
        lines = prepared.split("\n")
        kept_text = "\n".join(_tidy_kept(lines, list(range(len(lines))))[0])
        del lines
        out = kept_text + "\n" if kept_text else ""
    if crlf:
        out = out.replace("\n", "\r\n")
    return CleanResult(out, tuple(removals), repaired, out != original, known[0] if known else None, False)


def _ends(out: str) -> str:
    """What `looks_like_html` reads of the output without its last line break (its first and last
    _HEAD_CHARS characters), without a copy of the whole output."""
    kept_length = len(out) - 1
    if kept_length <= 2 * _HEAD_CHARS:
        return out[:-1]
    return out[:_HEAD_CHARS] + out[kept_length - _HEAD_CHARS:kept_length]


def _lines(text: str, start: int) -> Iterator[tuple[int, int]]:
    """(start, end) of each line of `text` from offset `start`, without a list of all lines."""
    n = len(text)
    find = text.find
    while start <= n:
        end = find("\n", start)
        if end < 0:
            end = n
        yield start, end
        start = end + 1


def _has_content(text: str) -> bool:
    """Whether any line of `text` is a content line, looked at a block of lines at a time."""
    pos, n = 0, len(text)
    while pos < n:
        end = text.find("\n", pos + PIECE_CHARS)
        end = n if end < 0 else end
        for ln in text[pos:end].split("\n"):
            if len(ln) >= CONTENT_MIN_CHARS and is_content(ln):
                return True
        pos = end + 1
    return False


def _boundaries(text: str, cleaner: Cleaner, language: Callable[[], str | None]) -> list[int]:
    """The character offsets of the shared lines (see the module's docstring), one about every PIECE_CHARS."""
    search = ALNUM.search

    def applies(rule) -> bool:
        return not rule.languages or language() in rule.languages

    def unmatched(a: int, b: int) -> bool:
        """No rule hits the line: what `Cleaner.collect` finds on it alone (matching is line-local)."""
        line = text[a:b]
        return not cleaner.collect(fold(line), applies, [line]).rows

    framed = _has_content(text)
    cuts: list[int] = []
    target = PIECE_CHARS
    n = len(text)
    while target < n - PIECE_CHARS:
        start = text.find("\n", target) + 1
        if not start:
            break
        found = _framed_cut(text, start, unmatched) if framed else _free_cut(text, start, search, unmatched)
        if found is None:
            break
        cuts.append(found)
        target = found + PIECE_CHARS
    return cuts


def _free_cut(text: str, start: int, search, unmatched: Callable[[int, int], bool]) -> int | None:
    for a, b in _lines(text, start):
        if b < len(text) and search(text, a, b) is not None and unmatched(a, b):
            return a
    return None


def _framed_cut(text: str, start: int, unmatched: Callable[[int, int], bool]) -> int | None:
    run: list[int] = []  # starts of the content lines in a row met so far (blank lines between them)
    need = 2 * SIDE_LINES - 1
    for a, b in _lines(text, start):
        if b == a or not text[a:b].strip():
            continue
        line = text[a:b]
        if len(line) >= CONTENT_MIN_CHARS and is_content(line) and unmatched(a, b):
            run.append(a)
            if len(run) == need:
                return run[SIDE_LINES - 1]
        else:
            run = []
    return None


def _sample(text: str) -> str:
    """`language._sample(text)` without a list of all lines: the longest lines (at most SAMPLE_CHARS of
    them are ever needed, each non-blank line holding at least one character), longest first, ties in
    document order as a stable sort leaves them. `detect_language` of it equals that of the text."""
    lines = (text[a:b] for a, b in _lines(text, 0))
    longest = heapq.nlargest(SAMPLE_CHARS, (ln for ln in lines if ln.strip()), key=len)
    out, size = [], 0
    for ln in longest:
        out.append(ln)
        size += len(ln)
        if size >= SAMPLE_CHARS:
            break
    return "\n".join(out)[: SAMPLE_CHARS * 2]
