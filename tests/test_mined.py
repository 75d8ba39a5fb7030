"""Boilerplate lines mined from public extractor test pages (tests/data/labelled/mined.jsonl, sources in
docs/sources/vocab.md): every one goes, each placed between two content lines, and the content lines
(our own sentences that use the same words: 'reserved for subscribers', 'download the app', 'Copyright law',
mojibake 'cafÃ©') all stay."""

from __future__ import annotations

import pytest

from cleaner import Cleaner, Options
from tests.conftest import BACKENDS
from tests.labelled import DATA, score

MINED = DATA / "mined.jsonl"


@pytest.fixture(scope="module", params=BACKENDS)
def mined_scores(request):
    return score(Cleaner(Options(backend=request.param)), [MINED])


def test_mined_file_covers_twenty_languages(mined_scores):
    assert len(mined_scores) >= 20, sorted(mined_scores)


def test_every_mined_boilerplate_line_goes(mined_scores):
    missed = [line for s in mined_scores.values() for line in s.missed]
    assert missed == [], "mined boilerplate kept:\n" + "\n".join(missed)


def test_no_content_line_next_to_them_goes(mined_scores):
    lost = [line for s in mined_scores.values() for line in s.content_lost]
    assert lost == [], "content lines removed:\n" + "\n".join(lost)


@pytest.mark.parametrize("fix_encoding", [True, False])
@pytest.mark.parametrize(
    "line",
    [
        "Le cafÃ© 2021 a ouvert ses portes sur la place du marché, et les habitants y viennent chaque matin.",
        "Le cafÃ©",
        "The cafÃ© 2024",
        "Ã© 2024",
        "Nous avons pris un cafÃ© © 2024 avec le maire, qui nous a parlé du budget de la ville pendant une heure.",
    ],
)
def test_mojibake_copyright_sign_is_no_copyright_line(line, fix_encoding):
    # 'Ã©' is the mojibake of 'é': its '©' ends a word and is no copyright sign, with or without repair
    text = "The council met on Tuesday evening to discuss the new budget for schools and roads.\n" + line + "\n"
    text += "Residents who attended the meeting said they were pleased with the plan for the parks.\n"
    result = Cleaner(Options(fix_encoding=fix_encoding)).explain(text)
    assert [r.rule for r in result.removals if "copyright" in r.rule] == []
