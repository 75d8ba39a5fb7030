"""WARC/WET input (Common Crawl and other web archives): each page record cleaned, one JSON line out.

Read with FastWARC (the `[warc]` extra), streamed record by record: a crawl file of gigabytes is never held
in memory. HTML responses (HTTP 2xx, an HTML or XHTML Content-Type) are decoded in their own charset (the
HTTP header, else the page's <meta>, see cleaner/html/charset.py) and go through HTML mode; WET conversion
records are plain text. Each output line keeps the record's id, target URI and date beside the cleaned text.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from dataclasses import dataclass
from typing import BinaryIO

from cleaner.core.pipeline import Cleaner, CleanResult
from cleaner.errors import CleanerError

_NAMES = (".warc", ".wet", ".arc")
_HTML_TYPES = ("text/html", "application/xhtml+xml")


def is_warc_name(path: str) -> bool:
    """A WARC or WET file by its name (compressed or not)."""
    name = path.lower().removesuffix(".gz").removesuffix(".zst").removesuffix(".lz4")
    return name.endswith(_NAMES)


@dataclass(frozen=True)
class WarcDocument:
    """One page of a web archive: where it came from and its body as bytes."""

    record_id: str
    uri: str | None
    date: str | None
    kind: str  # "html" (a response) or "text" (a WET conversion record)
    body: bytes
    content_type: str | None


def _archive_iterator(stream: BinaryIO):  # the FastWARC iterator, or a clear message when it is missing
    try:
        from fastwarc.warc import ArchiveIterator, WarcRecordType
    except ImportError as err:
        raise CleanerError("reading WARC/WET files needs FastWARC: pip install 'scrape-cleaner[warc]'") from err
    kinds = WarcRecordType.response | WarcRecordType.conversion
    return ArchiveIterator(stream, record_types=kinds, parse_http=True), WarcRecordType


def iter_documents(stream: BinaryIO) -> Iterator[WarcDocument]:
    """The HTML responses and WET text records of a WARC/WET stream, in order, one at a time."""
    records, types = _archive_iterator(stream)
    for record in records:
        headers = record.headers
        record_id = headers.get("WARC-Record-ID") or ""
        uri = headers.get("WARC-Target-URI")
        date = headers.get("WARC-Date")
        if record.record_type == types.conversion:
            yield WarcDocument(record_id, uri, date, "text", record.reader.read(), headers.get("Content-Type"))
            continue
        http = record.http_headers
        if http is None or not 200 <= (http.status_code or 0) < 300:
            continue
        content_type = http.get("Content-Type") or ""
        if not content_type.lower().lstrip().startswith(_HTML_TYPES):
            continue
        yield WarcDocument(record_id, uri, date, "html", record.reader.read(), content_type)


def clean_document(cleaner: Cleaner, doc: WarcDocument) -> CleanResult:
    """Clean one archive page: HTML in its own charset through HTML mode, WET text as text."""
    if doc.kind == "html":
        from cleaner.html.charset import decode_html

        return cleaner.explain(decode_html(doc.body, doc.content_type).text)
    return cleaner.explain(doc.body)


def write_jsonl(cleaner: Cleaner, stream: BinaryIO, out: BinaryIO, *, text_key: str = "text",
                report_key: str | None = None, on_result=None) -> int:
    """Clean every page of `stream`, writing {"id", "url", "date", text_key[, report_key]} lines to `out`."""
    import json

    n = 0
    for doc in iter_documents(stream):
        result = clean_document(cleaner, doc)
        if on_result is not None:
            on_result(doc, result)
        row: dict[str, object] = {"id": doc.record_id, "url": doc.uri, "date": doc.date, text_key: result.text}
        if report_key:
            row[report_key] = result.to_dict()
        out.write(json.dumps(row, ensure_ascii=False).encode("utf-8") + b"\n")
        n += 1
    return n


def open_input(path: str) -> BinaryIO:
    """The raw bytes of a WARC path ("-" is stdin); FastWARC detects gzip/zstd/lz4 itself."""
    if path == "-":
        return sys.stdin.buffer
    return open(path, "rb")  # noqa: SIM115  # closed by the caller
