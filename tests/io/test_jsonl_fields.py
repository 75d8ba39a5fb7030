"""JSONL: a record's other fields come back byte for byte; only the text value (and the report) change.

A hypothesis property over generated JSON objects written with odd spacing, escapes, duplicate keys,
exponent numbers (1E2, 1e400, -0.0) and nesting; and the policies: --report-key equal to the text key or
to an existing field is refused, a duplicated text field is a bad record, a UTF-8 BOM is accepted.
"""

from __future__ import annotations

import json

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cleaner import Cleaner
from cleaner.errors import InputError
from cleaner.io.jsonl import clean_record
from tests.conftest import run_cli

CLEANER = Cleaner()
TEXTS = ["The vote is on Sunday.\n\nFollow us on Telegram\nCLICK HERE\n", "Share this article\nThe council met.",
         "A plain sentence.", "caf\u00c3\u00a9 prices rose.\n", "", "\u201cquoted\u201d \u00e9\t\\ \"x\""]

ws = st.sampled_from([b"", b" ", b"  ", b"\t", b" \t "])
numbers = st.one_of(st.integers().map(lambda n: str(n).encode()),
                    st.sampled_from([b"1E2", b"1e400", b"-0.0", b"100.00", b"1.5e-7", b"0", b"-1E+02", b"2.50"]))
strings = st.tuples(st.text(max_size=12), st.booleans()).map(lambda t: json.dumps(t[0], ensure_ascii=t[1]).encode())
scalars = st.one_of(st.sampled_from([b"null", b"true", b"false"]), numbers, strings)


def _join(parts: list[bytes], open_: bytes, close: bytes, sep: bytes) -> bytes:
    return open_ + sep + (b"," + sep).join(parts) + sep + close


values = st.recursive(scalars, lambda inner: st.one_of(
    st.tuples(st.lists(inner, max_size=4), ws).map(lambda t: _join(t[0], b"[", b"]", t[1])),
    st.tuples(st.lists(st.tuples(strings, inner), max_size=4), ws).map(
        lambda t: _join([k + b":" + t[1] + v for k, v in t[0]], b"{", b"}", t[1]))), max_leaves=12)
other_keys = st.sampled_from([b'"id"', b'"url"', b'"meta"', b'"\\u0069d"', b'"n"', b'"id"', b'"t\\u00e9xt"'])


@given(st.lists(st.tuples(other_keys, ws, values, ws), max_size=6), st.integers(0, 6),
       st.sampled_from(TEXTS), st.booleans(), st.sampled_from([None, "cleaner"]))
def test_other_fields_come_back_byte_for_byte(fields, at, text, ascii_text, report_key):
    parts = [key + w1 + b":" + w2 + value for key, w1, value, w2 in fields]
    at = min(at, len(parts))
    text_raw = json.dumps(text, ensure_ascii=ascii_text).encode()
    before = b"{ " + b", ".join(parts[:at]) + (b", " if at else b"") + b'"text" : '
    after = (b", " if at < len(parts) else b"") + b", ".join(parts[at:]) + b" }"
    line = before + text_raw + after
    rec = clean_record(CLEANER, line + b"\n", path="p", lineno=1, text_key="text", report_key=report_key)
    out = rec.line
    assert out.endswith(b"\n")
    out = out[:-1]
    assert out.startswith(before)  # every byte before the text value, as it was
    report = b',"cleaner":' + json.dumps(rec.result.to_dict(), separators=(",", ":")).encode() if report_key else b""
    assert out.endswith(after[:-1] + report + b"}")  # every byte after it, then the report, then the brace
    middle = out[len(before): len(out) - len(after) - len(report)]
    assert json.loads(middle) == rec.result.text
    if not rec.result.changed:
        assert middle == text_raw  # an unchanged text keeps its own escapes too


def test_numbers_are_not_reserialised_and_duplicates_of_other_keys_stay(tmp_path):
    path = tmp_path / "in.jsonl"
    line = b'{"n": 1E2, "big": 1e400, "id": 1, "id": 2, "text": "Share this article\\nThe council met."}\n'
    path.write_bytes(line)
    proc = run_cli("--no-config", str(path))
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout == b'{"n": 1E2, "big": 1e400, "id": 1, "id": 2, "text": "The council met."}\n'


def test_a_bom_before_the_first_record_is_accepted_and_kept(tmp_path):
    path = tmp_path / "in.jsonl"
    path.write_bytes(b'\xef\xbb\xbf{"text": "Share this article\\nThe council met."}\n{"text": "ok"}\n')
    proc = run_cli("--no-config", str(path))
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout == b'\xef\xbb\xbf{"text": "The council met."}\n{"text": "ok"}\n'
    proc = run_cli("--no-config", "-i", str(path))
    assert proc.returncode == 0
    assert path.read_bytes() == b'\xef\xbb\xbf{"text": "The council met."}\n{"text": "ok"}\n'


def test_report_key_equal_to_text_key_is_refused(tmp_path):
    path = tmp_path / "in.jsonl"
    path.write_bytes(b'{"text": "Share this article\\nThe council met."}\n')
    proc = run_cli("--no-config", "--report-key", "text", str(path))
    assert proc.returncode == 2
    assert b"--report-key 'text' is the text field" in proc.stderr
    assert proc.stdout == b""
    proc = run_cli("--no-config", "--text-key", "body", "--report-key", "body", str(path))
    assert proc.returncode == 2


def test_report_key_naming_an_existing_field_is_refused_naming_the_record(tmp_path):
    path = tmp_path / "in.jsonl"
    path.write_bytes(b'{"text": "a"}\n{"text": "Share this article\\nb", "url": "https://x.test/"}\n')
    proc = run_cli("--no-config", "--report-key", "url", str(path))
    assert proc.returncode == 2
    assert f"{path}:2: already has a field 'url', which --report-key would overwrite".encode() in proc.stderr
    proc = run_cli("--no-config", "--report-key", "url", "--on-error", "keep", str(path))
    assert proc.returncode == 0
    assert proc.stdout.splitlines()[1] == b'{"text": "Share this article\\nb", "url": "https://x.test/"}'


def test_a_duplicated_text_field_is_a_bad_record():
    with pytest.raises(InputError, match="field 'text' appears 2 times"):
        clean_record(CLEANER, b'{"text": "a", "text": "b"}', path="p", lineno=3, text_key="text", report_key=None)


def test_invalid_utf8_in_another_field_is_still_a_bad_record():
    with pytest.raises(InputError, match=r"p:1: not valid UTF-8 \(byte 0xff"):
        clean_record(CLEANER, b'{"text": "a", "x": "\xff"}', path="p", lineno=1, text_key="text", report_key=None)


def test_record_text_reads_the_field_diff_compares():
    """--diff compares the text field of the line read and the line written, through the JSONL reader's own
    decoder: a BOM before the first record is skipped, a field that is not a string reads as empty."""
    from cleaner.io.jsonl import record_text

    raw = b'\xef\xbb\xbf{"id": 1, "text": "Share this article\\nThe council met."}\n'
    out = clean_record(CLEANER, raw, path="f.jsonl", lineno=1, text_key="text", report_key=None)
    assert record_text(raw, "text") == "Share this article\nThe council met."
    assert record_text(out.line, "text") == "The council met."
    assert record_text(b'{"text": null}\n', "text") == ""
