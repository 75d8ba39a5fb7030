"""After trafilatura: the extractor keeps the promotional trailer inside the article; cleaner removes it."""

from __future__ import annotations

import pytest

from cleaner.integrations import clean_extracted

PAGE = """<html><head><title>Vote</title></head><body><nav><a href="/">Home</a></nav><article>
<h1>Council vote on Sunday</h1>
<p>The council will vote on the new river bridge on Sunday, after months of debate about its cost and its route
through the old town.</p>
<p>Opponents say the bridge will bring traffic into streets that were never built for it, and they have collected
thousands of signatures.</p>
<p>JOIN US ON WHAT'SAPP, TO GET INSTANT STATUS UPDATES AND BE IN THE KNOW.</p><p>CLICK HERE</p>
</article></body></html>"""


def test_after_trafilatura_extract():
    trafilatura = pytest.importorskip("trafilatura")
    extracted = trafilatura.extract(PAGE)
    assert "WHAT'SAPP" in extracted  # the extractor alone keeps it
    cleaned = clean_extracted(extracted)
    assert "WHAT'SAPP" not in cleaned and "CLICK HERE" not in cleaned
    assert "thousands of signatures." in cleaned and cleaned.startswith("Council vote on Sunday\n")


def test_nothing_extracted_passes_through():
    assert clean_extracted(None) is None
    assert clean_extracted("") == ""
