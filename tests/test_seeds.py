"""Golden test: every document in seeds/input comes out exactly as seeds/expected says."""

from __future__ import annotations

import pytest

from cleaner import Cleaner
from tests.conftest import ROOT

SEEDS = sorted((ROOT / "seeds" / "input").glob("*.txt"))


def test_seeds_exist():
    assert SEEDS, "seeds/input holds the sample documents"


@pytest.mark.parametrize("path", SEEDS, ids=[p.name for p in SEEDS])
def test_seed_golden(path, backend_cleaner: Cleaner):
    expected = (ROOT / "seeds" / "expected" / path.name).read_text(encoding="utf-8")
    result = backend_cleaner.explain(path.read_bytes())
    assert result.text == expected
    # cleaning twice changes nothing
    assert backend_cleaner.clean(result.text) == expected


def test_seed_trailer_is_explained(default_cleaner: Cleaner):
    path = ROOT / "seeds" / "input" / "000_588ec242c0736e56.txt"
    result = default_cleaner.explain(path.read_text(encoding="utf-8"))
    assert [(r.rule, r.start_line) for r in result.removals] == [("messaging.join", 15), ("cta.click-here", 16)]
    assert result.removals[0].text.startswith("JOIN US ON WHAT'SAPP")
