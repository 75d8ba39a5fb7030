"""--in-place on real files: symlinks, hard links, read-only modes, owners, a concurrent writer, SIGTERM.

Each policy is the one docs/guarantees.md states; every case runs the real CLI on real files.
"""

from __future__ import annotations

import gzip
import os
import random
import signal
import subprocess
import sys
import time

import pytest

from cleaner.errors import InputError
from cleaner.io.files import atomic_write, file_state
from tests.conftest import CLEAN, DIRTY, run_cli

posix = pytest.mark.skipif(os.name != "posix", reason="POSIX links, modes and signals")


def _run(*args: str) -> subprocess.CompletedProcess:
    return run_cli("--no-config", *args)


@posix
def test_a_symlink_is_followed_and_its_target_rewritten(tmp_path):
    target = tmp_path / "real.txt"
    target.write_text(DIRTY)
    link = tmp_path / "link.txt"
    link.symlink_to(target)
    proc = _run("-i", str(link))
    assert proc.returncode == 0, proc.stderr
    assert link.is_symlink() and os.readlink(link) == str(target)
    assert target.read_text() == CLEAN


@posix
def test_a_file_with_hard_links_is_refused_and_both_names_keep_their_text(tmp_path):
    a = tmp_path / "a.txt"
    a.write_text(DIRTY)
    b = tmp_path / "b.txt"
    os.link(a, b)
    proc = _run("-i", str(a))
    assert proc.returncode == 2
    assert f"{a}: has 2 hard links".encode() in proc.stderr
    assert a.read_text() == b.read_text() == DIRTY
    assert os.stat(a).st_ino == os.stat(b).st_ino


@posix
def test_a_read_only_file_is_refused_even_for_root(tmp_path):
    path = tmp_path / "ro.txt"
    path.write_text(DIRTY)
    path.chmod(0o444)
    proc = _run("-i", str(path))
    assert proc.returncode == 2
    assert f"{path}: is read-only (mode 0444)".encode() in proc.stderr
    assert path.read_text() == DIRTY and (path.stat().st_mode & 0o777) == 0o444


@posix
def test_mode_is_kept(tmp_path):
    path = tmp_path / "m.txt"
    path.write_text(DIRTY)
    path.chmod(0o640)
    assert _run("-i", str(path)).returncode == 0
    assert path.read_text() == CLEAN and (path.stat().st_mode & 0o7777) == 0o640


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() != 0, reason="chown to another user needs root")
def test_owner_and_group_are_kept_when_run_as_root(tmp_path):
    path = tmp_path / "owned.txt"
    path.write_text(DIRTY)
    os.chown(path, 12345, 23456)
    path.chmod(0o664)
    assert _run("-i", str(path)).returncode == 0
    st = path.stat()
    assert path.read_text() == CLEAN
    assert (st.st_uid, st.st_gid, st.st_mode & 0o7777) == (12345, 23456, 0o664)


def test_a_file_changed_after_it_was_read_is_not_overwritten(tmp_path):
    path = tmp_path / "f.txt"
    path.write_text(DIRTY)
    before = file_state(str(path))
    with path.open("a") as f:
        f.write("A line appended by another program.\n")
    with pytest.raises(InputError, match="changed while it was being cleaned"):
        atomic_write(str(path), CLEAN.encode(), expect=before)
    assert path.read_text() == DIRTY + "A line appended by another program.\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["f.txt"]


def _has_open(pid: int, path) -> bool:
    try:
        fds = os.listdir(f"/proc/{pid}/fd")
    except OSError:
        return False
    for fd in fds:
        try:
            if os.readlink(f"/proc/{pid}/fd/{fd}") == str(path):
                return True
        except OSError:
            continue
    return False


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="watches /proc/PID/fd")
def test_a_line_appended_while_cleaner_runs_is_not_lost(tmp_path):
    path = tmp_path / "log.jsonl"
    record = b'{"text": "Share this article\\nThe council met on Tuesday to discuss the budget."}\n'
    path.write_bytes(record * 30_000)
    proc = subprocess.Popen([sys.executable, "-m", "cleaner", "--no-config", "-i", str(path)],
                            stderr=subprocess.PIPE)
    end = time.monotonic() + 60
    while not _has_open(proc.pid, path):  # cleaner is reading it: its state before the read is taken
        assert proc.poll() is None and time.monotonic() < end
        time.sleep(0.005)
    appended = b'{"text": "written by another program while cleaner ran"}\n'
    with path.open("ab") as f:
        f.write(appended)
    _, err = proc.communicate(timeout=120)
    assert proc.returncode == 2, err
    assert b"changed while it was being cleaned" in err
    assert path.read_bytes() == record * 30_000 + appended
    assert sorted(p.name for p in tmp_path.iterdir()) == ["log.jsonl"]


@posix
@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGINT])
def test_a_signal_while_the_temporary_file_is_written_removes_it(tmp_path, sig):
    rng = random.Random(7)
    words = ("the", "council", "met", "on", "tuesday", "to", "discuss", "budget", "city", "prices", "rose")
    lines = [" ".join(rng.choice(words) for _ in range(8)) + "." for _ in range(60_000)] + ["Share this article"]
    original = gzip.compress(("\n".join(lines) + "\n").encode(), compresslevel=1)
    for run in range(4):
        path = tmp_path / f"doc{run}.txt.gz"
        path.write_bytes(original)
        proc = subprocess.Popen([sys.executable, "-m", "cleaner", "--no-config", "-i", str(path)],
                                stderr=subprocess.PIPE)
        end = time.monotonic() + 60
        while not any(p.name.endswith(".tmp") for p in tmp_path.iterdir()) and proc.poll() is None:
            assert time.monotonic() < end
            time.sleep(0.001)
        proc.send_signal(sig)  # while the temporary file is being written (or just after the rename)
        _, err = proc.communicate(timeout=60)
        assert proc.returncode in (0, 130 if sig == signal.SIGINT else 143), err
        assert b"Traceback" not in err
        assert sorted(p.name for p in tmp_path.iterdir()) == [f"doc{run}.txt.gz"]  # no temporary file
        if proc.returncode:
            assert path.read_bytes() == original  # as it was, never half written
        path.unlink()


@posix
def test_sigterm_at_any_moment_leaves_no_temporary_file(tmp_path):
    text = ("The council met on Tuesday to discuss the budget.\n" * 40_000 + "Share this article\n").encode()
    for run in range(12):
        path = tmp_path / f"d{run}.txt"
        path.write_bytes(text)
        proc = subprocess.Popen([sys.executable, "-m", "cleaner", "--no-config", "-i", str(path)],
                                stderr=subprocess.PIPE)
        time.sleep(0.1 + 0.05 * run)
        proc.send_signal(signal.SIGTERM)
        _, err = proc.communicate(timeout=60)
        assert proc.returncode in (0, 143, -signal.SIGTERM), err  # -15: before cleaner's handler was set
        assert sorted(p.name for p in tmp_path.iterdir()) == [path.name]
        assert path.read_bytes() in (text, text.replace(b"Share this article\n", b""))
        path.unlink()
