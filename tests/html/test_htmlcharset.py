"""HTML pages as crawled: the page's own charset, detection only when it declares none."""

from __future__ import annotations

import subprocess
import sys

import pytest

from cleaner.html.charset import decode_html, header_charset, meta_charset

TEXT = "Grüße aus Köln: ein schöner Tag für alle, die gern draußen sind, und noch ein Satz dazu."


def _page(meta: str = "") -> str:
    return f"<!doctype html><html><head>{meta}<title>t</title></head><body><p>{TEXT}</p></body></html>"


def test_bom_wins() -> None:
    page = decode_html(b"\xef\xbb\xbf" + _page('<meta charset="iso-8859-1">').encode("utf-8"))
    assert (page.source, page.encoding) == ("bom", "utf-8") and TEXT in page.text


@pytest.mark.parametrize(
    "meta",
    ['<meta charset="windows-1252">', "<meta charset=ISO-8859-1>",
     '<meta http-equiv="Content-Type" content="text/html; charset=iso-8859-1">'],
)
def test_meta_charset_is_read(meta: str) -> None:
    page = decode_html(_page(meta).encode("cp1252"))
    assert page.source == "meta" and page.encoding == "cp1252" and TEXT in page.text


def test_http_header_beats_meta() -> None:
    data = _page('<meta charset="utf-8">').encode("koi8-r", errors="replace").replace(b"?", b"")
    page = decode_html(_page('<meta charset="utf-8">').replace(TEXT, "Привет, мир").encode("koi8-r"),
                       content_type="text/html; charset=KOI8-R")
    assert page.source == "http" and "Привет, мир" in page.text
    assert header_charset("text/html") is None and meta_charset(data) == "utf-8"


def test_undeclared_legacy_bytes_are_detected_not_guessed() -> None:
    russian = "Это длинный русский текст о погоде в Москве, который нужно прочитать правильно. " * 5
    data = f"<html><body><p>{russian}</p></body></html>".encode("cp1251")
    page = decode_html(data)
    assert page.source == "detected" and russian.strip() in page.text


def test_declared_utf8_that_is_not_falls_to_detection() -> None:
    data = _page('<meta charset="utf-8">').replace(TEXT, TEXT * 4).encode("cp1252")
    page = decode_html(data)
    assert page.source == "detected" and TEXT in page.text


def test_library_and_cli_read_page_bytes_in_their_charset(tmp_path) -> None:
    from cleaner import Cleaner

    data = _page('<meta charset="iso-8859-1">').encode("cp1252")
    assert TEXT in Cleaner().clean(data)
    path = tmp_path / "page.html"
    path.write_bytes(data)
    run = subprocess.run([sys.executable, "-m", "cleaner", str(path)], capture_output=True)
    assert run.returncode == 0 and TEXT in run.stdout.decode("utf-8")
    assert b"invalid UTF-8" not in run.stderr
