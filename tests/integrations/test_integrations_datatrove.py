"""The datatrove step in a real local pipeline: read JSONL shards, clean, write JSONL, in two processes."""

from __future__ import annotations

import gzip
import json

import pytest

pytest.importorskip("datatrove")

from datatrove.data import Document  # noqa: E402
from datatrove.executor import LocalPipelineExecutor  # noqa: E402
from datatrove.pipeline.readers import JsonlReader  # noqa: E402
from datatrove.pipeline.writers import JsonlWriter  # noqa: E402

from cleaner.integrations.datatrove import CleanerStep  # noqa: E402

DIRTY = "The vote is on Sunday.\n\nFollow us on Telegram\nCLICK HERE\n"
CLEAN = "The vote is on Sunday.\n"


def _read_output(folder) -> list[dict]:
    rows = []
    for f in sorted(folder.rglob("*.jsonl.gz")):
        with gzip.open(f, "rt") as fh:
            rows += [json.loads(line) for line in fh]
    return rows


def test_pipeline_of_reader_cleaner_writer_in_two_workers(tmp_path):
    raw = tmp_path / "raw"
    raw.mkdir()
    for shard in range(2):
        rows = [{"id": f"{shard}-{i}", "text": text} for i, text in
                enumerate([DIRTY, "Fine text.\n", "Follow us on Telegram\nCLICK HERE\n"])]
        (raw / f"shard{shard}.jsonl").write_text("".join(json.dumps(r) + "\n" for r in rows))
    out = tmp_path / "out"
    executor = LocalPipelineExecutor(
        pipeline=[JsonlReader(str(raw)), CleanerStep(report_key="cleaner"), JsonlWriter(str(out))],
        tasks=2, workers=2, logging_dir=str(tmp_path / "logs"))
    executor.run()
    rows = sorted(_read_output(out), key=lambda r: r["id"])
    assert [r["id"] for r in rows] == ["0-0", "0-1", "1-0", "1-1"]  # the all-boilerplate documents dropped
    assert [r["text"] for r in rows] == [CLEAN, "Fine text.\n"] * 2
    assert [x["rule"] for x in rows[0]["metadata"]["cleaner"]] == ["messaging.join", "cta.click-here"]
    stats = json.loads((tmp_path / "logs" / "stats.json").read_text())
    step = next(s for s in stats if "cleaner" in s["name"])
    assert step["stats"]["total"] == 6 and step["stats"]["dropped_empty"] == 2
    assert step["stats"]["cleaner/messaging.join"] == 4


def test_step_on_in_memory_documents_keeps_empty_when_asked(tmp_path):
    docs = [Document(text=DIRTY, id="a"), Document(text="CLICK HERE\nFollow us on Telegram\n", id="b")]
    step = CleanerStep(drop_empty=False, disable=("messaging.*",))
    out = list(step.run(iter(docs)))
    assert [d.id for d in out] == ["a", "b"]
    assert "Follow us on Telegram" in out[0].text

