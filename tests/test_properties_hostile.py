"""Properties over hostile input: tags, entities, Markdown, form feeds, lone surrogates and invalid bytes,
through `Cleaner.clean` on str and bytes and through the command line on files.

Proven for every input hypothesis draws: cleaning never raises, cleaning twice gives what cleaning once
gave, and every character that is gone is in a removal record or went by the documented normalisation
(prepare_text: newlines, encoding repair, quotes, control characters; for a page, text extraction).
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from collections import Counter
from pathlib import Path

from hypothesis import example, given, settings
from hypothesis import strategies as st

from cleaner import Cleaner
from cleaner.core.prepare import prepare_text
from cleaner.core.sniff import looks_like_html
from tests.conftest import BACKENDS, ROOT

CLEANERS = {b: Cleaner(backend=b) for b in BACKENDS}

TAGS = ["<p>", "</p>", "<div class='x'>", "</div>", "<ul>", "<li>", "</li>", "</ul>", "<br>", "<br/>", "<b>",
        "</b>", "<html>", "</html>", "<body>", "</body>", "<head>", "<!doctype html>", "<!-- c -->", "<script>",
        "</script>", "<pre>", "</pre>", "<a href='#'>", "</a>", "<p align=center>", "<", ">", "</"]
ENTITIES = ["&amp;", "&lt;", "&gt;", "&quot;", "&#39;", "&#x2014;", "&nbsp;", "&lt;html&gt;", "&", "&#0;",
            "&#xD800;", "&copy;"]
MARKDOWN = ["# Title", "## Install", "```", "- item", "* item", "[the docs](https://example.org)", "> quote",
            "    code", "---", "| a | b |"]
BOILERPLATE = ["Share this article", "Follow us on Telegram", "CLICK HERE", "Advertisement", "Read more",
               "Photo by Jane Doe", "\u00a9 2023 Foo Ltd. All rights reserved.", "Lesen Sie auch: Wahl"]
CONTENT = ["The council approved the budget.", "The bridge opens in May.", "caf\u00c3\u00a9", "\u201cquoted\u201d",
           "Use <p>, <div>, <ul> and <li> tags."]
CONTROL = ["\f", "\v", "\x00", "\x1b", "\r", "\r\n", "\u2028", "\u0085", "\ufeff", "\u200b", "\t", " "]
SURROGATES = ["\ud800", "\udfff", "\udc80", "\ud83d"]

piece = st.one_of(st.sampled_from(TAGS), st.sampled_from(ENTITIES), st.sampled_from(MARKDOWN),
                  st.sampled_from(BOILERPLATE), st.sampled_from(CONTENT), st.sampled_from(CONTROL),
                  st.sampled_from(SURROGATES), st.text(max_size=12))
lines = st.lists(st.lists(piece, max_size=6).map("".join), max_size=10)
documents = lines.map("\n".join)
separators = st.sampled_from(["\n", "\r\n", "\f", "\n\n"])
documents = st.one_of(documents, st.tuples(lines, separators).map(lambda t: t[1].join(t[0])))

INVALID = [b"\xff", b"\xfe", b"\xc3", b"\xc3(", b"\xed\xa0\x80", b"\xf4\x90\x80\x80", b"\x80", b"\x00",
           b"\xef\xbb\xbf", b"\xff\xfe", b"\xe2\x80"]


def _encode(text: str) -> bytes:
    return text.encode("utf-8", "surrogatepass")


raw = st.lists(st.one_of(documents.map(_encode), st.sampled_from(INVALID), st.binary(max_size=8)),
               max_size=6).map(b"".join)


def _letters(text: str) -> Counter:
    return Counter(c for c in text if not c.isspace())


def _extracted(text: str) -> str:
    """What HTML mode hands to the rules: the page's text, extracted until it is no page (pipeline)."""
    from cleaner.html import html_to_text

    text = html_to_text(text)
    for _ in range(8):
        if not looks_like_html(text):
            break
        text = html_to_text(text)
    return text


@given(documents)
def test_text_never_raises_and_is_idempotent(text):
    for cleaner in CLEANERS.values():
        once = cleaner.clean(text)
        assert isinstance(once, str)
        assert cleaner.clean(once) == once


@given(raw)
@example(b"\x0c# Title</p></p></p></p></p>")  # the page break became a space: the sniff must see it as one
def test_bytes_never_raise_and_are_idempotent(data):
    for cleaner in CLEANERS.values():
        once = cleaner.clean(data)
        assert isinstance(once, str)
        assert cleaner.clean(once) == once
        assert cleaner.clean(once.encode("utf-8")) == once  # what a file of the output would give


@given(documents)
@example("<div class='x'>\n<p><a href='#'><p><p>&amp;<p>")  # an HTML removal: its text is the page's, not the text's
def test_every_changed_character_is_accounted_for(text):
    cleaner = CLEANERS[BACKENDS[-1]]
    result = cleaner.explain(text)
    source = _extracted(text) if result.html else text
    prepared, _, _ = prepare_text(source)
    removed = Counter()
    for r in result.removals:  # what the rules removed from the (extracted) text; HTML mode's own removals
        if r.kind != "html":  # are of the page, before extraction, and the extracted text is the baseline
            removed += _letters(r.text)
    assert _letters(result.text) + removed == _letters(prepared)


@given(documents)
def test_backends_agree_on_hostile_text(text):
    results = {(r.text, r.removals) for r in (c.explain(text) for c in CLEANERS.values())}
    assert len(results) == 1


def _cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "cleaner", *args], capture_output=True, cwd=ROOT, timeout=120,
                          env={**os.environ})


@settings(max_examples=15)
@given(raw)
def test_the_cli_on_files_never_crashes_and_in_place_is_idempotent(data):
    with tempfile.TemporaryDirectory() as tmp:
        f = Path(tmp) / "doc.txt"
        f.write_bytes(data)
        out = _cli(str(f))
        assert b"Traceback" not in out.stderr, out.stderr.decode(errors="replace")
        assert out.returncode in (0, 2), out.stderr
        if out.returncode != 0:
            return  # refused (undecodable bytes with the default policy): said so, nothing written
        f.write_bytes(out.stdout)
        again = _cli(str(f))
        assert again.returncode == 0 and again.stdout == out.stdout  # idempotent through files too
        inplace = _cli("-i", str(f))
        assert b"Traceback" not in inplace.stderr
        if inplace.returncode == 0:
            assert f.read_bytes() == out.stdout
