"""WARC/WET input: real archive files (gzip'd records, as Common Crawl writes them) through the CLI."""

from __future__ import annotations

import gzip
import json
import subprocess
import sys

import pytest

pytest.importorskip("fastwarc")

ARTICLE = "".join(f"<p>Paragraph {i}: Grüße aus Köln, wo der Dom steht und der Rhein fließt, jeden Tag.</p>"
                  for i in range(5))
PAGE = (f"<html><head><title>t</title></head><body><nav><a href='/'>Start</a> <a href='/b'>Blog</a></nav>"
        f"<article>{ARTICLE}</article><footer>Impressum</footer></body></html>")


def _record(kind: str, uri: str, rid: str, block: bytes, content_type: str) -> bytes:
    head = (f"WARC/1.0\r\nWARC-Type: {kind}\r\nWARC-Record-ID: {rid}\r\nWARC-Target-URI: {uri}\r\n"
            f"WARC-Date: 2024-01-02T03:04:05Z\r\nContent-Type: {content_type}\r\n"
            f"Content-Length: {len(block)}\r\n\r\n").encode()
    return gzip.compress(head + block + b"\r\n\r\n")


def _response(uri: str, rid: str, body: bytes, ctype: str, status: str = "200 OK") -> bytes:
    http = f"HTTP/1.1 {status}\r\nContent-Type: {ctype}\r\nContent-Length: {len(body)}\r\n\r\n".encode() + body
    return _record("response", uri, rid, http, "application/http; msgtype=response")


def test_warc_pages_come_out_as_jsonl_with_id_and_uri(tmp_path) -> None:
    data = b"".join([
        _record("warcinfo", "", "<urn:uuid:0>", b"software: test\r\n", "application/warc-fields"),
        _response("http://a.example/1", "<urn:uuid:1>", PAGE.encode("cp1252"), "text/html; charset=iso-8859-1"),
        _response("http://a.example/2", "<urn:uuid:2>", b"\x89PNG....", "image/png"),
        _response("http://a.example/3", "<urn:uuid:3>", b"<html>moved</html>", "text/html", "301 Moved"),
        _response("http://a.example/4", "<urn:uuid:4>", PAGE.encode("utf-8"), "text/html"),
    ])
    path = tmp_path / "crawl.warc.gz"
    path.write_bytes(data)
    run = subprocess.run([sys.executable, "-m", "cleaner", str(path), "--jsonl", "--report-key", "removed"],
                         capture_output=True, timeout=60)
    assert run.returncode == 0, run.stderr
    rows = [json.loads(line) for line in run.stdout.decode("utf-8").splitlines()]
    assert [r["id"] for r in rows] == ["<urn:uuid:1>", "<urn:uuid:4>"]
    assert [r["url"] for r in rows] == ["http://a.example/1", "http://a.example/4"]
    for row in rows:
        assert "Paragraph 0: Grüße aus Köln" in row["text"] and "Paragraph 4" in row["text"]
        assert "Impressum" not in row["text"] and row["date"] == "2024-01-02T03:04:05Z"
        assert any(r["rule"] == "html.tag:footer" for r in row["removed"]["removals"])


def test_wet_conversion_records_are_cleaned_as_text(tmp_path) -> None:
    text = "A line of real text about the weather in Cologne today, and it is a full sentence.\n"
    data = _record("conversion", "http://b.example/", "<urn:uuid:9>", text.encode(), "text/plain")
    path = tmp_path / "crawl.warc.wet.gz"
    path.write_bytes(data)
    run = subprocess.run([sys.executable, "-m", "cleaner", str(path)], capture_output=True, timeout=60)
    assert run.returncode == 0, run.stderr
    row = json.loads(run.stdout)
    assert row["id"] == "<urn:uuid:9>" and row["url"] == "http://b.example/" and row["text"] == text
