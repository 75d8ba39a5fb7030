"""Our own labelled boilerplate lines, in every language the rules cover: most go, no content line goes."""

from __future__ import annotations

import pytest

from tests.labelled import DATA, score

RECALL_TARGET = 0.90
_files = sorted(DATA.glob("*.jsonl"))


def test_there_is_labelled_data():
    assert _files, "tests/data/labelled/ holds no .jsonl file"


@pytest.fixture(scope="module")
def scores(default_cleaner):
    return score(default_cleaner, _files)


def test_no_content_line_is_lost(scores):
    lost = [line for s in scores.values() for line in s.content_lost]
    assert lost == [], "content lines removed:\n" + "\n".join(lost[:40])


def test_most_boilerplate_goes_in_every_language(scores):
    low = {lang: round(s.recall, 3) for lang, s in scores.items() if s.recall < RECALL_TARGET}
    missed = [line for lang in low for line in scores[lang].missed[:8]]
    assert low == {}, f"recall under {RECALL_TARGET}: {low}; missed, for example:\n" + "\n".join(missed)
