"""Corpus mode at scale: Dask (profile as a reduction over partitions, then clean) and datatrove (a profiling
pipeline, then a cleaning one), in local mode with worker processes."""

from __future__ import annotations

import gzip
import json

import pytest

from cleaner import Cleaner
from cleaner.corpus import SITE_RULE, build_profile
from tests.corpus.test_corpus import MENU, PROMO, site_pages


def _records():
    pages = site_pages("example.org", 30) + site_pages("beispiel.de", 24, seed=2)
    return [{"id": i, "url": u, "text": t} for i, (u, t) in enumerate(pages)]


def test_dask_profile_reduction_then_clean_in_worker_processes(tmp_path):
    db = pytest.importorskip("dask.bag")
    from cleaner.integrations.dask import clean_bag, profile_bag

    records = _records()
    bag = db.from_sequence(records, npartitions=4)
    profile = profile_bag(bag, key="text").compute(scheduler="processes", num_workers=2)
    whole = build_profile((r["url"], r["text"]) for r in records)
    assert profile.to_bytes() == whole.to_bytes()  # merged partitions = one pass over everything

    for cleaner in (Cleaner(profile=profile), Cleaner(profile=str(_write(tmp_path, profile)))):
        out = clean_bag(bag, cleaner, key="text", report_key="why").compute(scheduler="processes", num_workers=2)
        assert [r["id"] for r in out] == [r["id"] for r in records]
        assert not any(MENU in r["text"] or PROMO in r["text"] for r in out)
        assert all(any(x["rule"] == SITE_RULE for x in r["why"]["removals"]) for r in out)


def _write(tmp_path, profile):
    from cleaner.corpus import write_profile

    path = tmp_path / "sites.profile"
    write_profile(profile, str(path))
    return path


def test_datatrove_profiling_pipeline_then_cleaning_pipeline(tmp_path):
    pytest.importorskip("datatrove")
    from datatrove.executor import LocalPipelineExecutor
    from datatrove.pipeline.readers import JsonlReader
    from datatrove.pipeline.writers import JsonlWriter

    from cleaner.integrations.datatrove import CleanerStep, ProfileStep

    raw = tmp_path / "raw"
    raw.mkdir()
    records = _records()
    for shard in range(2):
        rows = records[shard::2]
        (raw / f"shard{shard}.jsonl").write_text("".join(json.dumps({**r, "id": str(r["id"])}) + "\n"
                                                       for r in rows))
    profiles = tmp_path / "profiles"
    LocalPipelineExecutor(pipeline=[JsonlReader(str(raw)), ProfileStep(str(profiles))], tasks=2, workers=2,
                          logging_dir=str(tmp_path / "logs1")).run()
    assert sorted(p.name for p in profiles.iterdir()) == ["00000.profile", "00001.profile"]
    out = tmp_path / "out"
    LocalPipelineExecutor(pipeline=[JsonlReader(str(raw)), CleanerStep(profile=str(profiles), report_key="why"),
                                    JsonlWriter(str(out))], tasks=2, workers=2,
                          logging_dir=str(tmp_path / "logs2")).run()
    rows = []
    for f in sorted(out.rglob("*.jsonl.gz")):
        with gzip.open(f, "rt") as fh:
            rows += [json.loads(line) for line in fh]
    assert len(rows) == len(records)
    assert not any(MENU in r["text"] or PROMO in r["text"] for r in rows)
    assert all(any(x["rule"] == SITE_RULE for x in r["metadata"]["why"]) for r in rows)
    stats = json.loads((tmp_path / "logs2" / "stats.json").read_text())
    step = next(s for s in stats if "cleaner" in s["name"])
    assert step["stats"][f"cleaner/{SITE_RULE}"] == 2 * len(records)
