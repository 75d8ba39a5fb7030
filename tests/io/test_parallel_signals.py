"""--jobs N under real failures: a worker killed with SIGKILL, and Ctrl-C (SIGINT to the process group).

Real `cleaner` processes on a real JSONL file; the workers are found among the children in /proc.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc, sends signals")

RECORD = "The council met on Tuesday to discuss the budget.\nShare this article\nFollow us on Telegram\n"


@pytest.fixture(scope="module")
def big_jsonl(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("big") / "big.jsonl"
    with path.open("w", encoding="utf-8") as f:
        for i in range(200_000):
            f.write(json.dumps({"id": i, "text": RECORD}) + "\n")
    return path


def _children(pid: int) -> list[int]:
    kids = []
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                stat = Path(f"/proc/{entry}/stat").read_text()
            except OSError:
                continue
            if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
                kids.append(int(entry))
    return kids


def _start(args: list[str], out: Path) -> subprocess.Popen:
    # SIGINT as a terminal's foreground job has it, whatever the test runner inherited (a background job, or
    # an in-process test that left it ignored, ignores it: the child would inherit that and ignore Ctrl-C).
    return subprocess.Popen([sys.executable, "-m", "cleaner", *args], stdout=out.open("wb"),
                            stderr=subprocess.PIPE, start_new_session=True,
                            preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))


def _wait_for(predicate, timeout: float = 30.0) -> None:
    end = time.monotonic() + timeout
    while not predicate():
        assert time.monotonic() < end, "timed out"
        time.sleep(0.02)


def test_a_killed_worker_stops_the_run_with_exit_2_and_says_what_was_written(big_jsonl, tmp_path):
    out = tmp_path / "out.jsonl"
    proc = _start(["--jobs", "2", str(big_jsonl)], out)
    try:
        _wait_for(lambda: len(_children(proc.pid)) >= 2 and out.stat().st_size > 0)
        os.kill(_children(proc.pid)[0], signal.SIGKILL)
        _, err = proc.communicate(timeout=60)
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
    stderr = err.decode()
    assert proc.returncode == 2, stderr
    assert "was killed by SIGKILL" in stderr
    assert "big.jsonl" in stderr
    written = out.read_bytes().count(b"\n")
    assert 0 < written < 200_000
    assert f"{written} records of this file were written before it" in stderr
    assert "Traceback" not in stderr
    _wait_for(lambda: not _children(proc.pid), timeout=10)  # the other worker is gone too


def test_a_killed_worker_with_in_place_leaves_the_file_unchanged(tmp_path):
    path = tmp_path / "data.jsonl"
    path.write_text("".join(json.dumps({"id": i, "text": RECORD}) + "\n" for i in range(100_000)))
    before = path.read_bytes()
    proc = _start(["--jobs", "2", "-i", str(path)], tmp_path / "out")
    try:
        _wait_for(lambda: len(_children(proc.pid)) >= 2)
        time.sleep(0.5)
        os.kill(_children(proc.pid)[-1], signal.SIGKILL)
        _, err = proc.communicate(timeout=60)
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
    assert proc.returncode == 2, err
    assert b"the file was left unchanged" in err
    assert path.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []


def test_ctrl_c_with_jobs_2_exits_130_quietly_every_time(big_jsonl, tmp_path):
    for run in range(10):
        out = tmp_path / f"out{run}.jsonl"
        proc = _start(["--jobs", "2", str(big_jsonl)], out)
        try:
            _wait_for(lambda: len(_children(proc.pid)) >= 2)  # noqa: B023
            time.sleep(0.05 * run)  # at start-up, and later on, with records in flight
            os.killpg(proc.pid, signal.SIGINT)  # what a terminal sends on Ctrl-C: the whole group
            _, err = proc.communicate(timeout=30)
        finally:
            if proc.poll() is None:
                os.killpg(proc.pid, signal.SIGKILL)
                proc.wait()
        stderr = err.decode()
        assert proc.returncode == 130, (run, stderr)
        assert "Traceback" not in stderr, (run, stderr)
        assert stderr.strip() == "cleaner: interrupted", (run, stderr)


def test_an_in_process_run_gives_the_callers_signal_handlers_back(monkeypatch):
    from click.testing import CliRunner

    from cleaner import cli

    before = signal.getsignal(signal.SIGINT), signal.getsignal(signal.SIGTERM)

    def interrupt(*_args, **_kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr(cli, "_process_text", interrupt)
    result = CliRunner().invoke(cli.main, ["--no-config", "-"], input="text")
    assert result.exit_code == 130 and "cleaner: interrupted" in result.stderr
    # The CLI ignores Ctrl-C while it exits; left so, every process started later would ignore it too.
    assert (signal.getsignal(signal.SIGINT), signal.getsignal(signal.SIGTERM)) == before
