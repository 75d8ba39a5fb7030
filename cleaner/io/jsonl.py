"""JSONL records: decode a line, clean its text field, encode it back with the other fields intact."""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

import msgspec

from cleaner.core.pipeline import Cleaner, CleanResult
from cleaner.errors import InputError

# Values stay raw bytes: only the text field is decoded, so every other field is written back as it came
# (numbers such as 1E2 or 1e400 are not re-serialised, key order, escapes and spacing are kept).
_decoder = msgspec.json.Decoder(dict[str, msgspec.Raw])
_encode = msgspec.json.encode
_BOM = b"\xef\xbb\xbf"


@dataclass
class RecordResult:
    line: bytes  # the output line, newline included
    result: CleanResult | None  # None when the record was passed through (blank line, --on-error keep)


def clean_record(
    cleaner: Cleaner, raw: bytes, *, path: str, lineno: int, text_key: str, report_key: str | None
) -> RecordResult:
    """Clean one JSONL line; InputError names the file and line when it is not a JSON object with text.

    The output is the line's own bytes with only the text value replaced (and the report added before the
    closing brace): the other fields come back byte for byte. A UTF-8 BOM before the first record is kept.
    """
    stripped = raw.strip()
    bom = b""
    if lineno == 1 and stripped.startswith(_BOM):  # editors on Windows write one; text files accept it too
        bom, stripped = _BOM, stripped[len(_BOM):].strip()
    if not stripped:
        return RecordResult(bom, None)
    try:
        record = _decoder.decode(stripped)
    except msgspec.ValidationError as err:
        raise InputError(path, "a JSONL line must be a JSON object", lineno, "pass --on-error skip or keep") from err
    except (msgspec.DecodeError, UnicodeDecodeError) as err:
        bad = _first_invalid(stripped)
        if bad is not None:
            raise _not_utf8(path, stripped, bad, lineno) from err
        raise InputError(path, f"not valid JSON: {err}", lineno,
                         "fix the line, or pass --on-error skip or --on-error keep") from err
    # JSON is UTF-8: a line in another encoding is a broken record, not a crash (raw values are not decoded,
    # so the bytes are checked here; msgspec up to 0.22 raised UnicodeDecodeError, 0.23 DecodeError).
    if not stripped.isascii():
        bad = _first_invalid(stripped)
        if bad is not None:
            raise _not_utf8(path, stripped, bad, lineno)
    if text_key not in record:
        raise InputError(path, f"no {text_key!r} field", lineno, "name the field with --text-key")
    if report_key is not None and report_key in record:
        raise InputError(path, f"already has a field {report_key!r}, which --report-key would overwrite", lineno,
                         "choose a --report-key the records do not have")
    value = msgspec.json.decode(record[text_key])
    if not isinstance(value, str):
        raise InputError(path, f"field {text_key!r} is {type(value).__name__ if value is not None else 'null'}, "
                         "not a string", lineno, "pass --on-error skip or keep")
    spans = [(start, end) for key, start, end in _fields(stripped) if key == text_key]
    if len(spans) > 1:  # JSON parsers disagree on which one counts: cleaning one would be a guess
        raise InputError(path, f"field {text_key!r} appears {len(spans)} times", lineno,
                         "keep one, or pass --on-error skip or keep")
    url = None
    if cleaner.site_filter is not None and cleaner.options.url_key in record:  # corpus mode: the page's site
        try:
            url = msgspec.json.decode(record[cleaner.options.url_key])
        except msgspec.DecodeError:
            url = None
    result = cleaner.explain(value, url if isinstance(url, str) else None)
    # A file ends with a newline; a text field keeps the convention it came with.
    text = result.text if value.endswith("\n") else result.text.rstrip("\n")
    result = replace(result, text=text, changed=text != value)
    if not result.changed and not report_key:
        return RecordResult(bom + stripped + b"\n", result)
    start, end = spans[0]
    new_value = _encode(text) if result.changed else stripped[start:end]
    report = b"," + _encode(report_key) + b":" + _encode(result.to_dict()) if report_key else b""
    # stripped ends with the object's closing brace (msgspec checked it is one object and nothing else).
    return RecordResult(bom + stripped[:start] + new_value + stripped[end:-1] + report + b"}\n", result)


def record_text(line: bytes, key: str) -> str:
    """The text field of a JSONL line that `clean_record` has already read or written (so it parses): what
    `--diff` compares. A field that is not a string reads as empty."""
    stripped = line.strip()
    if stripped.startswith(_BOM):
        stripped = stripped[len(_BOM):].strip()
    value = msgspec.json.decode(_decoder.decode(stripped)[key])
    return value if isinstance(value, str) else ""


def _not_utf8(path: str, line: bytes, bad: int, lineno: int) -> InputError:
    return InputError(path, f"not valid UTF-8 (byte 0x{line[bad]:02x} at byte {bad + 1})", lineno,
                      "fix the line's encoding, or pass --on-error skip or --on-error keep")


_WS = re.compile(rb"[ \t\n\r]*")
_STRING = re.compile(rb'"[^"\\]*(?:\\.[^"\\]*)*"', re.S)
_NESTED = re.compile(rb'"[^"\\]*(?:\\.[^"\\]*)*"|[\[\]{}]', re.S)
_SCALAR = re.compile(rb"[^,}\]\s]+")


def _fields(line: bytes) -> list[tuple[str, int, int]]:
    """(key, value start, value end) for each top-level field of a JSON object msgspec has already
    validated, duplicates included, in order: where the text value sits in the line's own bytes."""
    out: list[tuple[str, int, int]] = []
    pos = _WS.match(line, 1).end()  # type: ignore[union-attr]
    if line[pos : pos + 1] == b"}":
        return out
    while True:
        m = _STRING.match(line, pos)
        assert m is not None
        raw_key = m.group()
        key = raw_key[1:-1].decode("utf-8") if b"\\" not in raw_key else msgspec.json.decode(raw_key)
        pos = _WS.match(line, _WS.match(line, m.end()).end() + 1).end()  # type: ignore[union-attr]  # past ':'
        first = line[pos]
        if first == 0x22:  # "
            end = _STRING.match(line, pos).end()  # type: ignore[union-attr]
        elif first in (0x7B, 0x5B):  # { [
            depth = 0
            for tok in _NESTED.finditer(line, pos):
                t = tok.group()
                if t in (b"{", b"["):
                    depth += 1
                elif t in (b"}", b"]"):
                    depth -= 1
                    if depth == 0:
                        end = tok.end()
                        break
        else:
            end = _SCALAR.match(line, pos).end()  # type: ignore[union-attr]
        out.append((key, pos, end))
        pos = _WS.match(line, end).end()  # type: ignore[union-attr]
        if line[pos] != 0x2C:  # ,
            return out
        pos = _WS.match(line, pos + 1).end()  # type: ignore[union-attr]


def _first_invalid(data: bytes) -> int | None:
    """Where UTF-8 decoding of data fails, None when it is valid (msgspec's own offset is not into the line)."""
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as err:
        return err.start
    return None
