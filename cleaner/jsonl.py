"""JSONL records: decode a line, clean its text field, encode it back with the other fields intact."""

from __future__ import annotations

from dataclasses import dataclass, replace

import msgspec

from .errors import InputError
from .pipeline import Cleaner, CleanResult

_decoder = msgspec.json.Decoder()
_encoder = msgspec.json.Encoder()


@dataclass
class RecordResult:
    line: bytes  # the output line, newline included
    result: CleanResult | None  # None when the record was passed through (blank line, --on-error keep)


def clean_record(
    cleaner: Cleaner, raw: bytes, *, path: str, lineno: int, text_key: str, report_key: str | None
) -> RecordResult:
    """Clean one JSONL line; InputError names the file and line when it is not a JSON object with text."""
    stripped = raw.strip()
    if not stripped:
        return RecordResult(b"", None)
    try:
        record = _decoder.decode(stripped)
    except (msgspec.DecodeError, UnicodeDecodeError) as err:
        # JSON is UTF-8: a line in another encoding is a broken record, not a crash. msgspec up to 0.22
        # raised UnicodeDecodeError for it, 0.23 raises DecodeError ("Invalid UTF-8"); check the bytes.
        bad = _first_invalid(stripped)
        if bad is not None:
            raise InputError(path, f"not valid UTF-8 (byte 0x{stripped[bad]:02x} at byte {bad + 1})", lineno,
                             "fix the line's encoding, or pass --on-error skip or --on-error keep") from err
        raise InputError(path, f"not valid JSON: {err}", lineno,
                         "fix the line, or pass --on-error skip or --on-error keep") from err
    if not isinstance(record, dict):
        raise InputError(path, "a JSONL line must be a JSON object", lineno, "pass --on-error skip or keep")
    value = record.get(text_key)
    if value is None and text_key not in record:
        raise InputError(path, f"no {text_key!r} field", lineno, "name the field with --text-key")
    if not isinstance(value, str):
        raise InputError(path, f"field {text_key!r} is {type(value).__name__}, not a string", lineno,
                         "pass --on-error skip or keep")
    url = record.get(cleaner.options.url_key) if cleaner.site_filter is not None else None
    result = cleaner.explain(value, url if isinstance(url, str) else None)
    # A file ends with a newline; a text field keeps the convention it came with.
    text = result.text if value.endswith("\n") else result.text.rstrip("\n")
    result = replace(result, text=text, changed=text != value)
    record[text_key] = text
    if report_key:
        record[report_key] = result.to_dict()
    return RecordResult(_encoder.encode(record) + b"\n", result)


def _first_invalid(data: bytes) -> int | None:
    """Where UTF-8 decoding of data fails, None when it is valid (msgspec's own offset is not into the line)."""
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as err:
        return err.start
    return None
