"""Dask, in local mode with worker processes: the Cleaner travels to them pickled by its rule texts."""

from __future__ import annotations

import pickle

import pytest

dask = pytest.importorskip("dask")
db = pytest.importorskip("dask.bag")

from cleaner import Cleaner, Options  # noqa: E402
from cleaner.integrations import batch_cleaner  # noqa: E402
from cleaner.integrations.dask import clean_bag, clean_dataframe  # noqa: E402

DIRTY = "The vote is on Sunday.\n\nFollow us on Telegram\nCLICK HERE\n"
CLEAN = "The vote is on Sunday.\n"
MUGS = ('[[rule]]\nid = "mine.mugs"\ndescription = "d"\nphrases = ["buy our mugs"]\n'
        'remove = ["Buy our mugs!"]\nkeep = ["The council bought mugs."]\n')


@pytest.fixture
def user_cleaner(tmp_path) -> Cleaner:
    """A Cleaner with a user rule file that is deleted at once: workers must get the rule from the pickle."""
    rules = tmp_path / "mine.toml"
    rules.write_text(MUGS)
    c = Cleaner(Options(rule_paths=(str(rules),)))
    rules.unlink()
    return c


def test_cleaner_pickles_by_rule_sources(user_cleaner):
    data = pickle.dumps(user_cleaner)
    assert len(data) < 2_000_000
    clone = pickle.loads(data)
    assert clone.clean("Story.\n\nBuy our mugs!\n") == "Story.\n"
    assert {r.id for r in clone.rules} == {r.id for r in user_cleaner.rules}


def test_bag_of_texts_and_records_in_worker_processes(user_cleaner):
    texts = [DIRTY, "Story.\n\nBuy our mugs!\n", "Fine.\n", 42]
    bag = db.from_sequence(texts, npartitions=2)
    out = clean_bag(bag, user_cleaner).compute(scheduler="processes", num_workers=2)
    assert out == [CLEAN, "Story.\n", "Fine.\n", 42]

    records = [{"id": i, "text": t} for i, t in enumerate(texts[:3])] + [{"id": 9}]
    bag = db.from_sequence(records, npartitions=2)
    out = clean_bag(bag, user_cleaner, key="text", report_key="cleaner").compute(scheduler="processes",
                                                                                 num_workers=2)
    assert [r["text"] for r in out[:3]] == [CLEAN, "Story.\n", "Fine.\n"]
    assert [x["rule"] for x in out[0]["cleaner"]["removals"]] == ["messaging.join", "cta.click-here"]
    assert out[3] == {"id": 9}


def test_dataframe_column_with_map_partitions():
    pd = pytest.importorskip("pandas")
    dd = pytest.importorskip("dask.dataframe")
    frame = pd.DataFrame({"id": [1, 2, 3], "text": [DIRTY, "Fine.\n", None]})
    df = dd.from_pandas(frame, npartitions=2)
    out = clean_dataframe(df, "text", report_column="rules", quotes="keep").compute(scheduler="processes",
                                                                                      num_workers=2)
    assert out["text"].tolist()[:2] == [CLEAN, "Fine.\n"]
    assert pd.isna(out["text"].tolist()[2])
    assert out["rules"].tolist() == ["cta.click-here,messaging.join", "", ""]
    assert out["id"].tolist() == [1, 2, 3]


def test_batch_cleaner_for_datasets_map():
    fn = batch_cleaner(["text"], report_column="removed")
    out = fn({"text": [DIRTY, "Fine.\n", None], "id": [1, 2, 3]})
    assert out["text"] == [CLEAN, "Fine.\n", None]
    assert [r["rule"] for r in out["removed"][0]] == ["messaging.join", "cta.click-here"]
    assert out["removed"][1:] == [[], []]
    pickle.loads(pickle.dumps(Cleaner()))  # what datasets' num_proc needs of the closure's Cleaner
