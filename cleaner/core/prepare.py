"""The text the rules see: line ends, encoding repair and character normalisation, in that order.

Most documents need none of the repair: one scan clears them, and the slower steps run only on the rest.
A long document is prepared in blocks of whole lines, so that its cost stays that of its blocks: every step
works line by line, and a suspicious line or a decomposed character costs its block, not the document.
"""

from __future__ import annotations

from cleaner.core.normalize import (
    non_ascii,
    normalize,
    normalize_and_report,
    normalize_newlines,
    normalize_non_ascii,
    strip_c0,
)
from cleaner.core.repair import looks_broken, needs_repair_or_controls, repair_and_report, repair_encoding

# A document longer than this many characters is prepared in blocks of about this size, cut at line ends.
BLOCK_CHARS = 1 << 15
REPEATS = 3


class _Block:
    """One block's first pass: the text repair saw and what normalising made of it."""

    __slots__ = ("text", "normalized", "repaired", "suspicious", "joined")

    def __init__(self, text: str, normalized: str, repaired: bool, suspicious: bool, joined: bool) -> None:
        self.text = text
        self.normalized = normalized
        self.repaired = repaired
        self.suspicious = suspicious
        self.joined = joined


def _first_pass(text: str, quotes: str, fix_encoding: bool, fixed: dict[str, str]) -> _Block:
    """Repair and normalise once: the text after control stripping and repair, and its normalised form."""
    repaired = suspicious = False
    # The few characters of mostly ASCII text that are not ASCII: the checks below look at them, not the text.
    rest = non_ascii(text)
    if fix_encoding and not needs_repair_or_controls(text, rest):  # most text: one look says all is well
        normalized, joined = normalize_non_ascii(text, quotes, False, rest)  # type: ignore[arg-type]
    else:
        stripped = strip_c0(text, rest)
        if stripped is not text:
            text, rest = stripped, None  # the characters looked at went with the controls
        if fix_encoding:
            # before normalising: C1 controls and curly quotes are its evidence
            repaired_text, suspicious = repair_and_report(text, fixed, rest)
            repaired = repaired_text != text
            text = repaired_text
        normalized, joined = normalize_and_report(text, quotes)  # type: ignore[arg-type]
    return _Block(text, normalized, repaired, suspicious, joined)


def _blocks(text: str) -> list[str]:
    """The text cut at line ends into blocks of about BLOCK_CHARS (a longer line is a block of its own)."""
    out: list[str] = []
    start = 0
    n = len(text)
    while n - start > BLOCK_CHARS:
        end = text.find("\n", start + BLOCK_CHARS)
        if end < 0:
            break
        out.append(text[start:end + 1])
        start = end + 1
    out.append(text[start:])
    return out


def _repeat(normalized: str, quotes: str, fixed: dict[str, str]) -> tuple[str, bool]:
    """Repair and normalise again until nothing changes (at most REPEATS times); and whether repair did."""
    repaired = False
    for _ in range(REPEATS):
        repaired_text = repair_encoding(normalized, fixed)
        if repaired_text == normalized:
            break
        repaired = True
        normalized = normalize(repaired_text, quotes)  # type: ignore[arg-type]
    return normalized, repaired


def prepare_text(text: str, quotes: str = "ascii", fix_encoding: bool = True) -> tuple[str, bool, bool]:
    """Line ends, encoding repair and normalisation: the text the rules see.

    Returns the text, whether the input used CRLF, and whether mojibake was repaired.
    """
    text, crlf = normalize_newlines(text)
    if text.isascii():  # ASCII holds no mojibake: normalising only drops the control characters
        return normalize(text, quotes), crlf, False  # type: ignore[arg-type]
    fixed: dict[str, str] = {}  # ftfy's result for each line it saw, for the repeats and the other blocks
    blocks = [_first_pass(block, quotes, fix_encoding, fixed) for block in _blocks(text)]
    repaired = suspicious = joined = changed = False
    for b in blocks:
        repaired = repaired or b.repaired
        suspicious = suspicious or b.suspicious
        joined = joined or b.joined
        changed = changed or b.normalized != b.text
    # Normalising can expose more mojibake (a control character dropped from between two suspicious
    # characters); repeating to a fixed point keeps cleaning idempotent. It cannot when the gate found
    # nothing and normalising only put ASCII in place of single characters: no suspicious pair ends in
    # ASCII but a space or "?" (a lost continuation, see repair.py), and only spaces are put in: so the
    # gate looks again at such text only when normalising made a space.
    # A character normalising replaced can also be the context ftfy judged a suspicious pair by ("‚ƒ¢" is left
    # alone, "'ƒ¢" repaired as MacRoman): a block normalising changed is looked at again when it now looks
    # broken (hypothesis found the case).
    if fix_encoding and (repaired or changed) and (
            suspicious or joined or (sum([b.normalized.count(" ") - b.text.count(" ") for b in blocks]) != 0
                                     and any(looks_broken(b.normalized) for b in blocks))
            or any(b.normalized != b.text and looks_broken(b.normalized) for b in blocks)):
        # Repair and normalising work line by line: a block in which the gate found nothing and that
        # normalising left alone is the text the gate already cleared, and repeating leaves it so.
        for b in blocks:
            if b.suspicious or b.normalized != b.text:
                b.normalized, again = _repeat(b.normalized, quotes, fixed)
                repaired = repaired or again
    if len(blocks) == 1:
        return blocks[0].normalized, crlf, repaired
    return "".join([b.normalized for b in blocks]), crlf, repaired
