"""Truncated and corrupt compressed files on disk: exit 2 and a message naming the file and what to do.

Real damaged files (cut in half, a flipped deflate byte, a wrong CRC, a bad header) through a real
`cleaner` process, so what click would do with a stray EOFError ("Aborted!", exit 1) is covered too.
"""

from __future__ import annotations

import gzip
import json
import subprocess
import sys

import pytest

DATA = "".join(json.dumps({"id": i, "text": f"Share this article\nThe vote is on Sunday, {i}.\n"}) + "\n"
               for i in range(20_000)).encode()
GZ = gzip.compress(DATA, mtime=0)


def _damage(kind: str) -> bytes:
    b = bytearray(GZ)
    if kind == "truncated":
        return bytes(b[: len(b) // 2])
    if kind == "deflate":
        b[len(b) // 3] ^= 0xFF
        b[len(b) // 3 + 1] ^= 0x55
    elif kind == "crc":
        b[-8] ^= 1
    elif kind == "header":
        b[2] = 7  # compression method: only 8 (deflate) exists
    return bytes(b)


def _run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "cleaner", "--no-config", *args], capture_output=True, timeout=120)


@pytest.mark.parametrize("kind", ["truncated", "deflate", "crc", "header"])
@pytest.mark.parametrize("check", [False, True])
def test_damaged_gzip_text_exits_2_naming_the_file(tmp_path, kind, check):
    path = tmp_path / "page.txt.gz"
    path.write_bytes(_damage(kind))
    run = _run(str(path), *(["--check"] if check else []))
    stderr = run.stderr.decode()
    assert run.returncode == 2, stderr
    assert f"{path}: damaged gzip file" in stderr
    assert "gzip -t" in stderr
    assert "Traceback" not in stderr and "Aborted" not in stderr
    assert run.stdout == b""


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_truncated_jsonl_gz_says_how_many_records_were_written(tmp_path, jobs):
    path = tmp_path / "corpus.jsonl.gz"
    path.write_bytes(_damage("truncated"))
    run = _run(str(path), "--jobs", jobs)
    stderr = run.stderr.decode()
    assert run.returncode == 2, stderr
    written = run.stdout.count(b"\n")
    assert 0 < written < 20_000
    assert f"{path}: damaged gzip file: it ends before its compressed stream does" in stderr
    assert f"; {written} records of this file were written before it, the rest were not" in stderr
    assert "Traceback" not in stderr


@pytest.mark.parametrize("kind", ["truncated", "crc"])
def test_damaged_jsonl_gz_in_place_is_left_as_it_was(tmp_path, kind):
    path = tmp_path / "corpus.jsonl.gz"
    path.write_bytes(_damage(kind))
    run = _run("-i", str(path))
    assert run.returncode == 2
    assert b"the file was left unchanged" in run.stderr
    assert path.read_bytes() == _damage(kind)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["corpus.jsonl.gz"]  # no temporary file left


def test_corrupt_zstd_exits_2_naming_the_file(tmp_path):
    zstandard = pytest.importorskip("zstandard")
    b = bytearray(zstandard.ZstdCompressor().compress(DATA))
    b[len(b) // 2] ^= 0xFF
    b[len(b) // 2 + 3] ^= 0xFF
    path = tmp_path / "corpus.jsonl.zst"
    path.write_bytes(bytes(b))
    run = _run(str(path))
    assert run.returncode == 2
    assert f"{path}: damaged zstd file".encode() in run.stderr
    assert b"Traceback" not in run.stderr
