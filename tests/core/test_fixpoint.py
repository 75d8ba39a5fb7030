"""The early stop of rule passes (`fixpoint.is_final`): when a pass is called final, one more pass removes
nothing, and stopping there gives the result of running passes until one removes nothing."""

from __future__ import annotations

from collections import Counter
from unittest import mock

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cleaner.core import pipeline
from cleaner.core.fixpoint import is_final
from cleaner.core.pipeline import Cleaner
from tests.test_dev_corpus import DOCS

CLEANER = Cleaner()

# Pages as scrapers flatten them: a header of menu items, rule lines and punctuation, paragraphs with
# menus and teasers between them, a footer.
MENU = [
    "Home", "Sport", "Politik", "News", "Kontakt", "Impressum", "Login", "|", "»", "", " ", "Newsletter",
    "Share on Facebook", "Follow us on Twitter", "Advertisement", "Read more", "Skip to content",
    "\u00a9 2024 Example Media. All rights reserved.", "Privacy policy", "Cookie settings", "CLICK HERE",
    "Subscribe to our newsletter", "Foto: dpa", "Also read: Prices rise again", "JOIN US ON WHATSAPP",
    "Tags: politics", "A short headline here", "Five words in this line", "Home ", "Read more\t",
]
CONTENT = [
    "The council approved the budget after a long debate on Tuesday evening.",
    "Officials said the new plan would cut costs by a fifth over the next three years.",
    "Residents have until March to comment on the proposals, the city said.",
    "Follow us on Twitter for the latest news about the budget debate tonight.",
]
pages = st.tuples(
    st.lists(st.sampled_from(MENU), max_size=14),
    st.lists(st.one_of(st.sampled_from(CONTENT), st.sampled_from(MENU)), min_size=1, max_size=14),
    st.lists(st.sampled_from(MENU), max_size=14),
).map(lambda parts: "\n".join(parts[0] + parts[1] + parts[2]))


def every_pass(text: str) -> tuple[object, list[bool]]:
    """explain() with the early stop disabled, and the check's verdict on each pass that removed something
    (`pipeline` asks `is_final` after every such pass, and only then): a pass called final that is followed
    by another verdict was followed by a pass that removed more."""
    verdicts: list[bool] = []

    def recording(*args, **kwargs):
        verdicts.append(is_final(*args, **kwargs))
        return False

    with mock.patch.object(pipeline, "is_final", recording):
        return CLEANER.explain(text), verdicts


def wrongly_final(verdicts: list[bool]) -> int:
    return sum(verdicts[:-1])


@given(pages)
def test_a_pass_called_final_is_followed_by_none_that_removes(text):
    full, passes = every_pass(text)
    assert wrongly_final(passes) == 0
    assert CLEANER.explain(text) == full


def test_the_check_stops_early_on_a_real_page_shape():
    page = "\n".join(["Home", "Sport", "Share on Facebook", "Follow us on Twitter", "Politik", *CONTENT[:3],
                      "Advertisement", "\u00a9 2024 Example Media. All rights reserved.", "Privacy policy"])
    full, passes = every_pass(page)
    assert passes == [True]  # the menus went, and the pass knew nothing more could
    assert CLEANER.explain(page) == full


@pytest.mark.skipif(not DOCS, reason="the shared eval data is not beside the repository")
def test_on_every_third_dev_document():
    wrong, final, checked = [], 0, 0
    for name, doc in DOCS[::3]:
        full, passes = every_pass(doc)
        final += sum(passes)
        checked += bool(passes)  # a pass removed something, so another ran
        if wrongly_final(passes) or CLEANER.explain(doc) != full:
            wrong.append(name)
    assert wrong == []
    assert final > 100 and checked > 100  # the check is exercised, not vacuous


@given(pages)
def test_the_frame_carries_the_marks_the_heuristics_went_by(text):
    # `is_final` reads these instead of re-deriving them: they must be what their definitions say.
    from cleaner.core import collect, heuristics
    from cleaner.core.fold import fold

    rules = CLEANER.compiled_rules
    lines = text.split("\n")
    key = fold(text)
    keys = key.split(b"\n")
    rule_rows = collect.collect_hits(rules.matcher.scan(key), key, rules.rule_of, rules.rules,
                                     lambda rule: True, set(), keys, rules.table)
    rows = dict(rule_rows)
    frame = heuristics.add_hits(lines, keys, rows, frozenset(heuristics.IDS))
    if frame is None:
        return
    assert frame.qualified == {i for i, row in rule_rows.items() if heuristics.qualifies(row.hits)}
    assert frame.repeated == {i for i, row in rows.items() if any(x.rule_id == heuristics.REPEATED for x in row.hits)}
    assert frame.repeat_counts is not None
    assert frame.repeat_counts() == Counter(keys)
