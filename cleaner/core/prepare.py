"""The text the rules see: line ends, encoding repair and character normalisation, in that order.

Most documents need none of the repair: one scan clears them, and the slower steps run only on the rest.
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


def prepare_text(text: str, quotes: str = "ascii", fix_encoding: bool = True) -> tuple[str, bool, bool]:
    """Line ends, encoding repair and normalisation: the text the rules see.

    Returns the text, whether the input used CRLF, and whether mojibake was repaired.
    """
    text, crlf = normalize_newlines(text)
    repaired = suspicious = False
    fixed: dict[str, str] = {}  # ftfy's result for each line it saw, for the repeats
    if text.isascii():  # ASCII holds no mojibake: normalising only drops the control characters
        return normalize(text, quotes), crlf, False  # type: ignore[arg-type]
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
    # Normalising can expose more mojibake (a control character dropped from between two suspicious
    # characters); repeating to a fixed point keeps cleaning idempotent. It cannot when the gate found
    # nothing and normalising only put ASCII in place of single characters: no suspicious pair ends in
    # ASCII but a space or "?" (a lost continuation, see repair.py), and only spaces are put in: so the
    # gate looks again at such text only when normalising made a space.
    if fix_encoding and (repaired or normalized != text) and (
            suspicious or joined or (normalized.count(" ") != text.count(" ") and looks_broken(normalized))):
        for _ in range(3):
            repaired_text = repair_encoding(normalized, fixed)
            if repaired_text == normalized:
                break
            repaired = True
            normalized = normalize(repaired_text, quotes)  # type: ignore[arg-type]
    return normalized, crlf, repaired
