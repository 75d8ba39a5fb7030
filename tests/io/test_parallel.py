"""--jobs N: the same output as one process, in input order, with a bounded read-ahead."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from cleaner.cli import main
from cleaner.io import parallel

DOCS = [
    "The vote is on Sunday.\n\nFollow us on Telegram\nCLICK HERE\n",
    "Share this article\nThe council met on Tuesday.\n",
    "A plain sentence that stays as it is.\n",
    "Caf\u00c3\u00a9 prices rose in the city this year, the report said.\n",
    "",
]


def _square(_cleaner, x: int) -> int:
    return x * x


def test_ordered_map_keeps_order_across_many_chunks(default_cleaner, monkeypatch):
    monkeypatch.setattr(parallel, "CHUNK_DOCS", 3)
    items = list(range(200))
    got = list(parallel.ordered_map(default_cleaner, _square, iter(items), jobs=2))
    assert got == [(x, x * x) for x in items]
    assert list(parallel.ordered_map(default_cleaner, _square, iter(items), jobs=1)) == got


def test_ordered_map_reads_ahead_only_a_few_chunks(default_cleaner, monkeypatch):
    monkeypatch.setattr(parallel, "CHUNK_DOCS", 4)
    consumed = 0

    def items():
        nonlocal consumed
        for i in range(10_000):
            consumed += 1
            yield i

    results = parallel.ordered_map(default_cleaner, _square, items(), jobs=2)
    first = next(results)
    assert first == (0, 0)
    # Memory stays flat in the input size: at most jobs * IN_FLIGHT_PER_JOB chunks were read.
    assert consumed <= 2 * parallel.IN_FLIGHT_PER_JOB * 4
    assert sum(1 for _ in results) == 9_999


class _CtrlCInAFinaliser:
    """Sends this process Ctrl-C from inside __del__, where the KeyboardInterrupt it raises is swallowed."""

    def __del__(self):
        import os
        import signal

        os.kill(os.getpid(), signal.SIGINT)
        for _ in range(10_000):  # Python code after the signal: its handler runs here, inside __del__
            pass


def test_a_ctrl_c_whose_interrupt_is_swallowed_still_stops_the_run(default_cleaner, monkeypatch):
    import signal
    import sys

    monkeypatch.setattr(parallel, "CHUNK_DOCS", 4)
    swallowed: list = []
    monkeypatch.setattr(sys, "unraisablehook", swallowed.append)
    before = signal.getsignal(signal.SIGINT)
    read = 0

    def items():
        nonlocal read
        for i in range(100_000):
            read += 1
            if i == 100:
                _CtrlCInAFinaliser()  # dropped at once: __del__ runs, and Python ignores what it raised
            yield i

    with pytest.raises(KeyboardInterrupt):
        for _ in parallel.ordered_map(default_cleaner, _square, items(), jobs=2):
            pass
    # Stopped within a few chunks of the signal, not at the end of the input, and without reporting an
    # "Exception ignored" for the interrupt it went on to raise.
    assert read < 100 + 4 * 2 * parallel.IN_FLIGHT_PER_JOB + 8
    assert swallowed == []
    assert signal.getsignal(signal.SIGINT) == before


def _jsonl(tmp_path, lines: list[str]):
    path = tmp_path / "in.jsonl"
    path.write_text("".join(line + "\n" for line in lines), encoding="utf-8")
    return path


@pytest.mark.parametrize("on_error", ["keep", "skip"])
def test_jsonl_jobs_2_matches_jobs_1(tmp_path, on_error):
    lines = [json.dumps({"id": i, "text": DOCS[i % len(DOCS)]}) for i in range(150)]
    lines.insert(70, "{broken")
    path = _jsonl(tmp_path, lines)
    args = [str(path), "--report-key", "cleaner", "--on-error", on_error, "--stats"]
    one = CliRunner().invoke(main, args + ["--jobs", "1"])
    two = CliRunner().invoke(main, args + ["--jobs", "2"])
    assert one.exit_code == two.exit_code == 0
    assert one.stdout == two.stdout
    assert one.stderr == two.stderr
    assert "in.jsonl:71: not valid JSON" in two.stderr
    ids = [json.loads(line)["id"] for line in two.stdout.splitlines() if line.startswith("{\"id\"")]
    assert ids == list(range(150))


def test_bad_record_in_a_worker_stops_the_run_with_its_line(tmp_path):
    path = _jsonl(tmp_path, [json.dumps({"text": "fine"}), json.dumps({"body": "no text"})])
    result = CliRunner().invoke(main, [str(path), "--jobs", "2"])
    assert result.exit_code == 2
    assert "in.jsonl:2: no 'text' field" in result.stderr


def test_folder_of_files_jobs_2_matches_jobs_1(tmp_path):
    for i in range(30):
        (tmp_path / f"{i:03d}.txt").write_text(DOCS[i % len(DOCS)] + f"Document {i}.\n", encoding="utf-8")
    (tmp_path / "015.jsonl").write_text(json.dumps({"text": DOCS[0]}) + "\n", encoding="utf-8")
    for extra in ([], ["--explain"], ["--check"]):
        one = CliRunner().invoke(main, [str(tmp_path), *extra, "--jobs", "1"])
        two = CliRunner().invoke(main, [str(tmp_path), *extra, "--jobs", "2"])
        assert (one.exit_code, one.stdout, one.stderr) == (two.exit_code, two.stdout, two.stderr)
    plain = CliRunner().invoke(main, [str(tmp_path), "--jobs", "2"]).stdout
    positions = [plain.index(f"Document {i}.\n") for i in range(30)]
    assert positions == sorted(positions)
    assert plain.index("Document 14.") < plain.index('{"text":') < plain.index("Document 15.")


def test_in_place_with_jobs(tmp_path):
    for i in range(6):
        (tmp_path / f"{i}.txt").write_text(DOCS[0], encoding="utf-8")
    result = CliRunner().invoke(main, [str(tmp_path), "--in-place", "--jobs", "2"])
    assert result.exit_code == 0
    assert all(p.read_text(encoding="utf-8") == "The vote is on Sunday.\n" for p in tmp_path.glob("*.txt"))
