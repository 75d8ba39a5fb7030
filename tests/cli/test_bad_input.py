"""Bad input and safety, through the real CLI: encodings, binary and NUL bytes, line ends, huge and empty
input, broken HTML, broken rule files, catastrophic regexes, interrupted in-place writes, streams."""

from __future__ import annotations

import gzip
import json
import os
import pty
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from cleaner import Cleaner, RuleError
from cleaner.cli import main
from cleaner.core.decode import looks_binary
from cleaner.io import files
from tests.conftest import CLEAN, DIRTY, ROOT
from tests.conftest import run_cli as run

# -- encodings and bytes -------------------------------------------------------------------------------------

@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-be", "utf-32", "utf-8-sig"])
def test_bom_marked_files_decode_and_in_place_keeps_their_encoding(tmp_path, encoding):
    text = DIRTY.replace("Sunday", "Sunday \u2013 in M\u00fcnchen")
    data = text.encode(encoding)
    if encoding == "utf-16-be":
        data = b"\xfe\xff" + data
    f = tmp_path / "doc.txt"
    f.write_bytes(data)
    proc = run(str(f))
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.decode("utf-8") == CLEAN.replace("Sunday", "Sunday \u2013 in M\u00fcnchen")
    assert proc.stderr == b""  # the NULs of UTF-16 are not 'binary' and not 'stray NULs'
    assert run("--in-place", str(f)).returncode == 0
    raw = f.read_bytes()
    assert raw[:2] == data[:2]  # same BOM
    expected = CLEAN.replace("Sunday", "Sunday \u2013 in M\u00fcnchen")
    codec = {"utf-16-be": "utf-16-be"}.get(encoding, encoding)
    assert raw.decode(codec).lstrip("\ufeff") == expected


def test_binary_files_skipped_with_a_message(tmp_path):
    png = tmp_path / "image.txt"
    png.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x01\x00" + bytes(range(256)) * 4)
    utf16_no_bom = tmp_path / "wide.txt"
    utf16_no_bom.write_bytes("Hello world, this is wide text.\n".encode("utf-16-le"))
    proc = run(str(png), str(utf16_no_bom))
    assert proc.returncode == 0 and proc.stdout == b""
    err = proc.stderr.decode()
    assert f"{png}: binary file" in err and f"{utf16_no_bom}: binary file" in err


def test_stray_nul_bytes_in_text_are_dropped_and_reported(tmp_path):
    f = tmp_path / "scraped.txt"
    f.write_bytes(b"The vote is on Sunday.\nA stray\x00 NUL in a line.\n\nFollow us on Telegram\n")
    proc = run(str(f))
    assert proc.returncode == 0
    assert proc.stdout.decode() == "The vote is on Sunday.\nA stray NUL in a line.\n"
    assert f"{f}:2:8: 1 NUL bytes in text, dropped" in proc.stderr.decode()
    assert not looks_binary(f.read_bytes())
    assert looks_binary(b"\x00\x01\x02binary")


def test_invalid_utf8_in_place_keeps_the_text(tmp_path):
    f = tmp_path / "latin.txt"
    f.write_bytes(b"Caf\xe9 society.\n\nFollow us on Telegram\n")
    proc = run("--in-place", str(f))
    assert proc.returncode == 0
    assert f.read_text(encoding="utf-8") == "Caf\u00e9 society.\n"
    assert f"{f}:1:4: invalid UTF-8" in proc.stderr.decode()


def test_crlf_preserved_on_stdout_and_in_place(tmp_path):
    f = tmp_path / "dos.txt"
    f.write_bytes(DIRTY.replace("\n", "\r\n").encode())
    assert run(str(f)).stdout == CLEAN.replace("\n", "\r\n").encode()
    run("-i", str(f))
    assert f.read_bytes() == CLEAN.replace("\n", "\r\n").encode()


def test_empty_input(tmp_path):
    proc = run(stdin=b"")
    assert proc.returncode == 0 and proc.stdout == b"" and proc.stderr == b""
    f = tmp_path / "empty.txt"
    f.write_bytes(b"")
    before = f.stat().st_mtime_ns
    proc = run("--in-place", str(f))
    assert proc.returncode == 0 and f.read_bytes() == b"" and f.stat().st_mtime_ns == before
    assert run("--check", str(f)).returncode == 0
    j = tmp_path / "empty.jsonl"
    j.write_bytes(b"\n\n")
    assert run(str(j)).returncode == 0


def test_a_single_huge_line(tmp_path):
    # 8 MB without a newline: decoded, normalised, folded and scanned in one piece; no per-line blow-up.
    words = ("alpha beta \u201cgamma\u201d delta caf\u00e9 " * 300_000).encode()
    f = tmp_path / "line.txt"
    f.write_bytes(words)
    proc = run(str(f))
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert len(proc.stdout) == len(words.decode().replace("\u201c", '"').replace("\u201d", '"').rstrip().encode()) + 1


@pytest.mark.parametrize("html", [
    b"<html><body><p>The vote is on Sunday.<p>Second <b>paragraph<div>unclosed",
    b"<div><script>var x = '</div>';",
    b"<<<>>><p>>>text</p><!-- never closed",
    b"<html>" + b"<div>" * 5000 + b"deep" + b"</div>" * 10,
    b"<p>\x00\xff\xfe broken \xe9 bytes</p>",
])
def test_malformed_html_never_crashes(html):
    proc = run("--html", "always", stdin=html)
    assert proc.returncode == 0, proc.stderr
    assert b"Traceback" not in proc.stderr


# -- rule files ------------------------------------------------------------------------------------------------

RULE = '[[rule]]\nid = "mine.x"\ndescription = "d"\nphrases = ["buy our mugs"]\nremove = ["Buy our mugs!"]\n' \
       'keep = ["The council bought mugs."]\n'


@pytest.mark.parametrize("content, expected", [
    ('[[rule]\nid = "mine.x"\n', ["not valid TOML"]),
    (RULE + 'colour = "blue"\n', ["mine.x", "colour"]),
    (RULE.replace('phrases = ["buy our mugs"]', 'phrases = ["buy our mugs"]\npatterns = ["(a+)\\\\1z"]'),
     ["mine.x", "patterns[0]", "backreference"]),
    (RULE.replace('phrases = ["buy our mugs"]',
                  'phrases = ["buy our mugs"]\nscope = "inline"\ninline = ["x", "(?<!no )mugs!"]'),
     ["mine.x", "inline[1]", "lookaround"]),
])
def test_broken_user_rule_files_name_file_rule_and_field(tmp_path, content, expected):
    f = tmp_path / "mine.toml"
    f.write_text(content)
    proc = run("--rules", str(f), stdin=b"text\n")
    assert proc.returncode == 2
    err = proc.stderr.decode()
    assert str(f) in err and "Traceback" not in err
    for part in expected:
        assert part in err
    with pytest.raises(RuleError):
        Cleaner(rule_paths=(str(f),))


# -- in-place safety ------------------------------------------------------------------------------------------

@pytest.mark.parametrize("where", ["write", "replace"])
def test_interrupted_in_place_write_leaves_the_file_whole(tmp_path, monkeypatch, where):
    f = tmp_path / "doc.txt"
    f.write_text(DIRTY)
    os.chmod(f, 0o640)

    def interrupt(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr(files.os, "replace" if where == "replace" else "fsync", interrupt)
    result = CliRunner().invoke(main, ["--in-place", str(f)])
    assert result.exit_code == 130
    assert "interrupted" in result.output
    assert f.read_text() == DIRTY and (f.stat().st_mode & 0o777) == 0o640
    assert [p.name for p in tmp_path.iterdir()] == ["doc.txt"]  # no temporary file left behind


# -- streams --------------------------------------------------------------------------------------------------

def test_zstd_in_and_in_place(tmp_path):
    zstandard = pytest.importorskip("zstandard")
    t = tmp_path / "doc.txt.zst"
    t.write_bytes(zstandard.ZstdCompressor().compress(DIRTY.encode()))
    assert run(str(t)).stdout.decode() == CLEAN
    j = tmp_path / "docs.jsonl.zst"
    rows = "".join(json.dumps({"id": i, "text": DIRTY}) + "\n" for i in range(50))
    j.write_bytes(zstandard.ZstdCompressor().compress(rows.encode()))
    out = run(str(j)).stdout.decode().splitlines()
    assert len(out) == 50 and json.loads(out[0])["text"] == CLEAN
    assert run("-i", str(j)).returncode == 0
    data = zstandard.ZstdDecompressor().decompressobj().decompress(j.read_bytes())
    assert json.loads(data.splitlines()[49]) == {"id": 49, "text": CLEAN}


def test_sigpipe_on_a_plain_text_file_is_quiet(tmp_path):
    big = tmp_path / "big.txt"
    big.write_text("".join(f"Paragraph {i} of a long report about the river bridge.\n\n" for i in range(200_000)))
    proc = subprocess.run(f"{sys.executable} -m cleaner {big} | head -c 100", shell=True, capture_output=True,
                          cwd=ROOT, timeout=300)
    assert len(proc.stdout) == 100
    assert proc.stderr == b""


def test_gzip_jsonl_stats(tmp_path):
    j = tmp_path / "docs.jsonl.gz"
    j.write_bytes(gzip.compress("".join(json.dumps({"text": DIRTY}) + "\n" for _ in range(20)).encode()))
    proc = run("--stats", str(j))
    err = proc.stderr.decode()
    assert "20 documents, 20 changed" in err and "messaging.join" in err


def _run_with_tty_stderr(args: list[str], env: dict[str, str]) -> tuple[int, bytes]:
    leader, follower = pty.openpty()
    proc = subprocess.Popen([sys.executable, "-m", "cleaner", *args], stdout=subprocess.DEVNULL,
                            stderr=follower, stdin=subprocess.DEVNULL, cwd=ROOT, env={**os.environ, **env})
    os.close(follower)
    out = b""
    while True:
        try:
            chunk = os.read(leader, 65536)
        except OSError:
            break
        if not chunk:
            break
        out += chunk
    os.close(leader)
    return proc.wait(timeout=300), out


def test_progress_only_when_stderr_is_a_terminal(tmp_path):
    j = tmp_path / "docs.jsonl"
    j.write_text("".join(json.dumps({"text": f"Line {i}."}) + "\n" for i in range(300)))
    code, err = _run_with_tty_stderr([str(j)], {"CLEANER_PROGRESS_AFTER": "0"})
    assert code == 0
    assert b"cleaner:" in err and b"%|" in err and b"B/s" in err  # bytes read: percent, rate (and ETA)
    assert err.rstrip(b" ").endswith(b"\r")  # drawn, then cleared
    code, err = _run_with_tty_stderr([str(j)], {})  # default: only runs that last a while
    assert code == 0 and b"B/s" not in err
    proc = run(str(j), env={"CLEANER_PROGRESS_AFTER": "0"})  # stderr a pipe: never
    assert proc.stderr == b""


def test_broken_jsonl_line_never_lost_silently(tmp_path):
    j = tmp_path / "docs.jsonl"
    j.write_text('{"text": "a"}\n[1, 2]\n{"text": 3}\n{"id": 1}\n{"text": "b"}\n')
    proc = run(str(j))
    assert proc.returncode == 2 and f"{j}:2:" in proc.stderr.decode()
    proc = run("--on-error", "skip", "--stats", str(j))
    err = proc.stderr.decode()
    assert proc.returncode == 0 and all(f"{j}:{n}:" in err for n in (2, 3, 4)) and "3 bad records" in err
    proc = run("--on-error", "keep", str(j))
    # every line as it came: the good records unchanged byte for byte, the bad ones passed through
    assert proc.stdout.decode().splitlines() == ['{"text": "a"}', "[1, 2]", '{"text": 3}', '{"id": 1}',
                                                 '{"text": "b"}']


def test_library_takes_any_bytes():
    c = Cleaner()
    for data in (b"", b"\x00", b"\xff\xfe", b"\xfe\xff\x00", b"\xef\xbb\xbf", b"\r\r\n\n\r", bytes(range(256))):
        assert isinstance(c.clean(data), str)


def test_expand_paths_picks_zst(tmp_path: Path):
    (tmp_path / "a.txt.zst").write_bytes(b"")
    (tmp_path / "b.bin").write_bytes(b"")
    assert [Path(p).name for p in files.expand_paths([str(tmp_path)])] == ["a.txt.zst"]


def test_jsonl_line_in_another_encoding_is_a_bad_record_not_a_crash(tmp_path):
    j = tmp_path / "docs.jsonl"
    j.write_bytes(b'{"text": "caf\xe9"}\n{"text": "ok"}\n')  # found by the fuzz test
    proc = run(str(j))
    assert proc.returncode == 2 and b"Traceback" not in proc.stderr
    assert f"{j}:1: not valid UTF-8 (byte 0xe9 at byte 14)" in proc.stderr.decode()
    assert run("--on-error", "keep", str(j)).stdout == b'{"text": "caf\xe9"}\n{"text": "ok"}\n'


def test_zstd_without_zstandard_says_what_to_install(tmp_path, monkeypatch):
    f = tmp_path / "doc.txt.zst"
    f.write_bytes(files.ZSTD_MAGIC + b"\x00" * 16)
    monkeypatch.setitem(sys.modules, "zstandard", None)  # as if not installed
    result = CliRunner().invoke(main, [str(f)])
    assert result.exit_code == 2
    assert f"{f}: is zstd-compressed (pip install zstandard, or decompress it first)" in result.output
