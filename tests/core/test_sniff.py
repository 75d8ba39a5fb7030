"""Only pages go through HTML mode: text that quotes tags keeps its lines, and a folder run survives a page."""

from __future__ import annotations

import gzip
import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cleaner import Cleaner
from cleaner.core.sniff import looks_like_html
from tests.conftest import ROOT, run_cli

DEV = ROOT.parent / "shared" / "eval" / "dev"

README = """<p align="center">
  <a href="https://example.org"><img src="logo.png" alt="logo" width="120"></a>
</p>
<p align="center">
  <a href="https://ci.example.org"><img src="badge.svg"></a>
  <a href="https://docs.example.org"><img src="docs.svg"></a>
  <a href="https://pypi.example.org"><img src="pypi.svg"></a>
</p>

# mugtool

A command line tool that counts mugs.

## Install

    pip install mugtool

See [the docs](https://docs.example.org) for more.
"""

LESSON = """Lesson 3: lists

An unordered list starts with the ul tag and holds one li per item:

<ul>
  <li>Coffee</li>
  <li>Tea</li>
</ul>

Every item is closed again. The browser draws a bullet before each.
"""

SENTENCE = "Use <p>, <div>, <ul> and <li> tags.\n"


@pytest.mark.parametrize("text", [README, LESSON, SENTENCE, "a < b and c > d\n", "Plain <b>bold</b> text.\n",
                                  "Write &lt;html&gt; first.\n"])
def test_text_quoting_tags_is_not_a_page_and_keeps_its_lines(text):
    assert not looks_like_html(text)
    result = Cleaner().explain(text)
    assert not result.html
    assert result.text == text  # nothing here is boilerplate: not one line rewritten


@pytest.mark.parametrize("page", [
    "<!DOCTYPE html><html><body><p>The council met.</p></body></html>",
    "\ufeff  <?xml version='1.0'?><!-- c --><html lang='en'><head></head>",
    "<head><title>T</title></head><body>x",  # a skeleton without <html>
    "<div><p>a</p><p>b</p><ul><li>c</li></ul></div>",  # a fragment where markup dominates
    "<pre>\nA story told in a pre block.\n\nIt goes on.\n</pre>\n",  # starts and ends with a tag
])
def test_pages_and_fragments_are_pages(page):
    assert looks_like_html(page)


def _dev_records():
    if not DEV.is_dir():
        pytest.skip("the DEV split is not beside this checkout")
    for path in sorted(DEV.glob("*.jsonl.gz")):
        with gzip.open(path, "rt", encoding="utf-8") as f:
            for line in f:
                yield json.loads(line)


def test_every_dev_page_is_html_and_no_dev_text_is():
    pages = texts = 0
    wrong = []
    for rec in _dev_records():
        if isinstance(rec.get("html"), str) and rec["html"]:
            pages += 1
            if not looks_like_html(rec["html"]):
                wrong.append(("html", rec["id"]))
        if isinstance(rec.get("text"), str) and rec["text"]:
            texts += 1
            if looks_like_html(rec["text"]):
                wrong.append(("text", rec["id"]))
    assert pages > 800 and texts > 1300
    assert wrong == []


def test_a_page_quoting_a_page_cleans_idempotently():
    c = Cleaner()
    for doc in ["<html>&lt;html&gt;</html>", "<html><body><pre>&lt;!doctype html&gt;&lt;html&gt;&lt;body&gt;"
                "&lt;p&gt;x&lt;/p&gt;</pre></body></html>", "<p></p><p></p><p></p><p></p><p></p>&lt;html&gt;x"]:
        once = c.clean(doc)
        assert c.clean(once) == once, (doc, once)


TUTORIAL = (
    "Code coverage records which parts of your code the test suite has run, and it is easy to set up.\n"
    "All it takes is one more script tag in the test page, which then looks like the example below.\n"
    "<!DOCTYPE html>\n<html>\n<head>\n  <script src=\"vendor/coverage.js\"></script>\n</head>\n"
    "<body><div id=\"results\"></div></body>\n</html>\n"
    "Open the page over HTTP and the report appears under the results of the tests.\n"
)


def test_an_article_showing_a_pages_source_is_no_page():
    assert not looks_like_html(TUTORIAL)
    assert Cleaner().clean(TUTORIAL) == TUTORIAL


def test_a_tutorial_page_keeps_the_page_source_it_shows_and_cleans_idempotently():
    # Its text holds a page's skeleton; taking that for a page again would extract the example away.
    from html import escape

    lines = TUTORIAL.splitlines()
    page = ("<!doctype html><html><body><nav><a href='/'>Home</a></nav><article>"
            f"<p>{lines[0]}</p><p>{lines[1]}</p><pre>{escape(chr(10).join(lines[2:-1]))}</pre><p>{lines[-1]}</p>"
            "</article></body></html>")
    c = Cleaner()
    once = c.clean(page)
    assert '<script src="vendor/coverage.js"></script>' in once and "<!DOCTYPE html>" in once
    assert c.clean(once) == once


_WORDS = st.sampled_from(["the", "council", "voted", "on", "a", "new", "budget", "for", "schools", "roads", "and",
                          "parks", "after", "long", "debate"])
_PROSE = st.lists(_WORDS, min_size=12, max_size=20).map(" ".join)
_SOURCE = st.lists(st.sampled_from([
    "<!DOCTYPE html>", "<html>", "<head>", "<title>Demo</title>", '<script src="app.js"></script>', "</head>",
    "<body>", "<div id='app'></div>", "<p>Hello</p>", "</body>", "</html>", "Run it in a browser.",
]), min_size=3, max_size=12, unique=True)  # a line repeated thrice at an end goes as repeated


@settings(max_examples=60, deadline=None)
@given(st.lists(_PROSE, min_size=2, max_size=4), _SOURCE, st.lists(_PROSE, max_size=2))
def test_prose_then_page_source_is_text_and_cleans_idempotently(head, source, tail):
    text = "\n".join([*head, *source, *tail]) + "\n"
    assert not looks_like_html(text)
    c = Cleaner()
    once = c.clean(text)
    assert c.clean(once) == once
    for line in source:  # the example's lines all stay: no rule names them
        assert line in once


def test_in_place_html_refusal_does_not_stop_a_folder_run(tmp_path):
    folder = tmp_path / "docs"
    folder.mkdir()
    page = "<!doctype html><html><body><p>The council met.</p><p>Share this article</p></body></html>\n"
    (folder / "a.txt").write_text("The vote is on Sunday.\n\nFollow us on Telegram\n")
    (folder / "b.html").write_text(page)
    (folder / "c.txt").write_text("The bridge opens in May.\n\nShare this article\n")
    (folder / "d.md").write_text(README)
    proc = run_cli("-i", str(folder))
    assert proc.returncode == 2
    err = proc.stderr.decode()
    assert "b.html" in err and "is HTML" in err and "Traceback" not in err
    assert (folder / "b.html").read_text() == page  # left as it was
    assert (folder / "a.txt").read_text() == "The vote is on Sunday.\n"  # the files after it were done too
    assert (folder / "c.txt").read_text() == "The bridge opens in May.\n"
    assert (folder / "d.md").read_text() == README  # a README with tags is text: not refused, not rewritten
