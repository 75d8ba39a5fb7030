"""Word edges in the folded key, so that a phrase never matches inside a word ("abo" in "about",
"weiter" in "Weiterbildung", "back" in "Backup").

The folded key drops spaces and punctuation (that is what makes it robust to `W h a t s A p p`), so it
cannot say where words begin. The original line can: a line that holds a match not reaching both of its
ends is cut into word pieces (runs of letters, digits apart, and a capital after small letters starts a
piece, so a share bar run together, "FacebookTwitterWhatsApp", has its words), each piece is folded, and
the running lengths of the pieces' keys are the word edges of the line's key. A phrase match must start
and end on such an edge, except on a side where the phrase opens with `*` (`newsletter*` matches in
"Newsletteranmeldung") or where its letter is of a script written without spaces (Han, kana, Thai...),
or, at its end, Hangul (Korean particles attach to the word). When the pieces' keys do not add up to the
line's key (a rare fold that looks across a word, such as a final sigma), every match on the line
stands: a doubt keeps the old behaviour, which matched anywhere.

Words inflect: a phrase of SUFFIX_MIN_PHRASE or more letters may end up to SUFFIX_MAX letters before the
word's edge ("Anzeige" in "Anzeigen", "Abo" is too short for "Abos", "Facebook" in "Facebookissa"), which
still keeps "weiter" out of "Weiterbildung" and "presse" out of "Pressekontakt".
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Sequence
from itertools import accumulate, compress, islice, repeat
from operator import itemgetter, ne, or_

import regex

from cleaner.core.fold import fold

_START, _END = itemgetter(1), itemgetter(2)
_ONE = 1
# Per phrase: which of its ends must fall on a word edge.
START, END = 1, 2
BOTH = START | END
# An inflection's room: a phrase of at least this many bytes of key may end this many bytes before a word edge.
SUFFIX_MIN_PHRASE = 5
SUFFIX_MAX = 4

# ASCII lines: a capitalised or small word, a run of capitals (not the one that starts the next word), digits.
_ASCII_PIECE = re.compile(r"[A-Z]?[a-z]+|[A-Z]+(?![a-z])|[0-9]+")
# Other lines: the same with Unicode classes (marks belong to their letter); the copyright signs fold to a word.
_PIECE = regex.compile(r"\p{Lu}?[^\W\d_\p{Lu}]+|\p{Lu}+(?![^\W\d_\p{Lu}])|\d+|[\u00a9\u2117]")


def _no_space_script(ch: str) -> bool:
    """Scripts written without spaces between words: a phrase edge there cannot be checked."""
    c = ord(ch)
    return (0x0E00 <= c <= 0x0EFF or 0x1000 <= c <= 0x109F or 0x1780 <= c <= 0x17FF or 0x2E80 <= c <= 0x9FFF
            or 0xF900 <= c <= 0xFAFF or 0xFF66 <= c <= 0xFF9F or c >= 0x20000)


def _hangul(ch: str) -> bool:
    c = ord(ch)
    return 0xAC00 <= c <= 0xD7AF or 0x1100 <= c <= 0x11FF or 0x3130 <= c <= 0x318F


def phrase_edges(phrase: str, key: bytes) -> int:
    """Which ends of a phrase (as written, `*` marks an open end) must fall on a word edge of the text."""
    edges = BOTH
    if phrase.startswith("*"):
        edges &= ~START
    if phrase.endswith("*"):
        edges &= ~END
    text = key.decode("utf-8", "replace")
    if text and _no_space_script(text[0]):
        edges &= ~START
    if text and (_no_space_script(text[-1]) or _hangul(text[-1])):
        edges &= ~END
    return edges


def line_edges(line: str, key: bytes) -> Sequence[int] | None:
    """The word edges of one line's key (offsets into it, ascending; an edge may repeat), or None when its
    pieces do not add up to the key."""
    if len(line) > LONG_LINE:
        return _long_line_edges(line, key)
    lengths: Iterable[int]
    if line.isascii():
        lengths = map(len, _ASCII_PIECE.findall(line))
    else:
        pieces = _PIECE.findall(line)
        lengths = map(len, fold("\n".join(pieces)).split(b"\n")) if pieces else iter(())
    edges = list(accumulate(lengths, initial=0))  # running sums in C: no Python step per word
    return edges if edges[-1] == len(key) else None


# A line longer than this (characters) has its edges worked out a block of words at a time into an array of
# machine integers: a paragraph of 10 MB holds two million words, which as a list of strings and of Python
# integers took 30 times the line's size.
LONG_LINE = 1 << 16
_WINDOW = 1 << 15  # characters of the line looked at at once, up to the next space (no word spans one)
_WORDS_AT_ONCE = 1 << 12


def _long_line_edges(line: str, key: bytes) -> Sequence[int] | None:
    """`line_edges` of a long line, the same numbers in an array."""
    from array import array

    edges = array("i" if len(key) < 1 << 31 else "q", [0])  # offsets in the line: 4 bytes each
    ascii_line = line.isascii()
    piece = _ASCII_PIECE if ascii_line else _PIECE
    pos, n = 0, len(line)
    while pos < n:
        end = line.find(" ", pos + _WINDOW)
        if end < 0:  # no space in the rest (a script written without them): its words a block at a time
            words = piece.finditer(line, pos)
            while block := [m.group() for m in islice(words, _WORDS_AT_ONCE)]:
                _extend(edges, block, ascii_line)
            break
        # A piece ends before a space, and its look-ahead sees one there or the window's end: the same.
        _extend(edges, piece.findall(line, pos, end), ascii_line)
        pos = end
    return edges if edges[-1] == len(key) else None


def _extend(edges, words: list[str], ascii_words: bool) -> None:
    """Add the edges after `words` (the next pieces of the line) to `edges`."""
    if not words:
        return
    lengths = map(len, words) if ascii_words else map(len, fold("\n".join(words)).split(b"\n"))
    sums = accumulate(lengths, initial=edges[-1])
    next(sums)  # where the last block ended: that edge is in already
    edges.extend(sums)


def _starts_word(edges: Sequence[int], start: int) -> bool:
    k = bisect_left(edges, start)
    return k < len(edges) and edges[k] == start


def _ends_word(edges: Sequence[int], end: int, length: int) -> bool:
    """Whether a match of `length` bytes ending at `end` ends its word, or ends it but for an inflection."""
    k = bisect_left(edges, end)
    if k == len(edges):
        return False
    nxt = edges[k]
    return nxt == end or (length >= SUFFIX_MIN_PHRASE and nxt - end <= SUFFIX_MAX)


def on_word_edges(
    matches: list[tuple[int, int, int]],
    folded: bytes,
    starts: Sequence[int],
    lines: Sequence[str],
    edges_of: Sequence[int],
    only: set[int] | None = None,
) -> tuple[list[tuple[int, int, int]], set[int]]:
    """The matches whose ends fall on word edges where their phrase asks it (`edges_of[pid]`; pattern ids,
    past the phrases, match whole lines and always stand). `starts`: the key's line offsets; `only`: the
    lines worth a look (the others' matches are kept unchecked). Also returns the lines that lost a match."""
    n_phrases = len(edges_of)
    n = len(matches)
    if not n:
        return matches, set()
    # The byte before each match and after it, with a line break put at both ends of the text: a match
    # with a line break on both sides covers its line and needs no look. Worked out in C, no Python step
    # per match; only the others are walked.
    framed = b"".join((b"\n", folded, b"\n"))  # one copy, not two
    look = framed.__getitem__
    pos = list(map(_START, matches))
    inner = list(map(or_, map(ne, map(look, pos), repeat(10)),
                     map(ne, map(look, map(_ONE.__add__, map(_END, matches))), repeat(10))))
    del framed, look, pos  # before the lines' edges are worked out: a long line's take room
    drop: list[int] = []
    changed: set[int] = set()
    cache: dict[int, Sequence[int] | None] = {}
    for k in compress(range(n), inner):
        pid, start, end = matches[k]
        want = edges_of[pid] if pid < n_phrases else 0
        if not want:
            continue
        line = bisect_right(starts, start) - 1
        if only is not None and line not in only:
            continue
        line_start = starts[line]
        line_end = starts[line + 1] - 1
        need_start = want & START and start > line_start
        need_end = want & END and end < line_end
        if not need_start and not need_end:
            continue
        if line in cache:
            edges = cache[line]
        else:
            # line_edges reads only the key's length: a long line's key is not copied for it
            key = folded[line_start:line_end] if line_end - line_start <= LONG_LINE \
                else memoryview(folded)[line_start:line_end]
            edges = cache[line] = line_edges(lines[line], key)  # type: ignore[arg-type]
        if edges is not None and not ((not need_start or _starts_word(edges, start - line_start))
                                      and (not need_end or _ends_word(edges, end - line_start, end - start))):
            drop.append(k)
            changed.add(line)
    if not drop:
        return matches, changed
    out: list[tuple[int, int, int]] = []
    done = 0
    for k in drop:
        out += matches[done:k]
        done = k + 1
    out += matches[done:]
    return out, changed
