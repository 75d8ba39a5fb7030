"""The CLI as a user runs it: a real subprocess for pipes and exit codes, CliRunner for the rest."""

from __future__ import annotations

import gzip
import json
import os
import subprocess
import sys

import pytest
from click.testing import CliRunner

from cleaner.cli import main
from tests.conftest import CLEAN, DIRTY, ROOT
from tests.conftest import run_cli as run

SEED = ROOT / "seeds" / "input" / "000_588ec242c0736e56.txt"
EXPECTED = (ROOT / "seeds" / "expected" / SEED.name).read_text(encoding="utf-8")


def test_stdin_to_stdout_and_explain():
    proc = run("--explain", stdin=SEED.read_bytes())
    assert proc.returncode == 0
    assert proc.stdout.decode() == EXPECTED
    err = proc.stderr.decode()
    assert "-:15: messaging.join: JOIN US ON WHAT'SAPP" in err
    assert "-:16: cta.click-here: CLICK HERE" in err


def test_file_argument_and_folder(tmp_path):
    (tmp_path / "a.txt").write_text(DIRTY)
    result = CliRunner().invoke(main, [str(tmp_path)])
    assert result.exit_code == 0, result.output
    assert result.output == CLEAN


def test_check_mode_exit_codes(tmp_path):
    dirty, clean = tmp_path / "dirty.txt", tmp_path / "clean.txt"
    dirty.write_text(DIRTY)
    clean.write_text(CLEAN)
    proc = run("--check", str(dirty), str(clean))
    assert proc.returncode == 1
    assert "would remove (social.follow)" in proc.stdout.decode() or "would remove (messaging.join)" in \
        proc.stdout.decode()
    assert dirty.read_text() == DIRTY  # check never writes
    assert run("--check", str(clean)).returncode == 0


def test_in_place_is_atomic_and_keeps_mode(tmp_path):
    f = tmp_path / "doc.txt"
    f.write_text(DIRTY)
    os.chmod(f, 0o640)
    result = CliRunner().invoke(main, ["--in-place", str(f)])
    assert result.exit_code == 0, result.output
    assert f.read_text() == CLEAN
    assert (os.stat(f).st_mode & 0o777) == 0o640
    assert [p.name for p in tmp_path.iterdir()] == ["doc.txt"]  # no temporary file left


def test_diff(tmp_path):
    f = tmp_path / "doc.txt"
    f.write_text(DIRTY)
    result = CliRunner().invoke(main, ["--diff", str(f)])
    assert result.exit_code == 0
    assert "-Follow us on Telegram" in result.output and "-CLICK HERE" in result.output


def test_gzip_input(tmp_path):
    f = tmp_path / "doc.txt.gz"
    f.write_bytes(gzip.compress(DIRTY.encode()))
    result = CliRunner().invoke(main, [str(f)])
    assert result.output == CLEAN
    CliRunner().invoke(main, ["-i", str(f)])
    assert gzip.decompress(f.read_bytes()).decode() == CLEAN


def test_jsonl_keeps_fields_and_reports(tmp_path):
    f = tmp_path / "docs.jsonl"
    rows = [{"id": 1, "text": DIRTY.rstrip("\n"), "url": "u"}, {"id": 2, "text": "Fine text."}]
    f.write_text("".join(json.dumps(r) + "\n" for r in rows))
    result = CliRunner().invoke(main, [str(f), "--report-key", "cleaner"])
    assert result.exit_code == 0, result.output
    out = [json.loads(x) for x in result.output.splitlines()]
    assert out[0]["text"] == CLEAN.rstrip("\n") and out[0]["id"] == 1 and out[0]["url"] == "u"
    assert [r["rule"] for r in out[0]["cleaner"]["removals"]] == ["messaging.join", "cta.click-here"]
    assert out[1]["text"] == "Fine text." and out[1]["cleaner"]["changed"] is False


def test_broken_jsonl_line_names_file_and_line(tmp_path):
    f = tmp_path / "docs.jsonl"
    f.write_text('{"text": "a"}\n{"text": broken\n{"text": "b"}\n')
    proc = run(str(f))
    assert proc.returncode == 2
    assert f"{f}:2: not valid JSON" in proc.stderr.decode()
    proc = run("--on-error", "skip", str(f))
    assert proc.returncode == 0
    assert [json.loads(x)["text"] for x in proc.stdout.decode().splitlines()] == ["a", "b"]
    proc = run("--on-error", "keep", str(f))
    assert proc.stdout.decode().splitlines()[1] == '{"text": broken'


def test_invalid_utf8_warns_and_keeps_text(tmp_path):
    f = tmp_path / "latin.txt"
    f.write_bytes(b"Caf\xe9 society\n")
    proc = run(str(f))
    assert proc.returncode == 0
    assert proc.stdout.decode() == "Caf\u00e9 society\n"
    assert f"{f}:1:4: invalid UTF-8 (byte 0xe9" in proc.stderr.decode()
    proc = run("--encoding-errors", "strict", str(f))
    assert proc.returncode == 2 and f"{f}:1: invalid UTF-8" in proc.stderr.decode()


def test_binary_file_skipped(tmp_path):
    f = tmp_path / "blob.txt"
    f.write_bytes(b"\x00\x01\x02binary")
    proc = run(str(f))
    assert proc.returncode == 0 and proc.stdout == b""
    assert "binary file" in proc.stderr.decode()


def test_bad_rule_file_names_file_rule_field(tmp_path):
    f = tmp_path / "bad.toml"
    f.write_text('[[rule]]\nid = "x.bad"\ndescription = "d"\nscope = "sideways"\nphrases = ["abc"]\n'
                 'remove = ["abc"]\nkeep = ["x"]\n')
    proc = run("--rules", str(f), stdin=b"x")
    assert proc.returncode == 2
    err = proc.stderr.decode()
    assert str(f) in err and "x.bad" in err and "scope" in err


def test_bad_regex_names_rule(tmp_path):
    f = tmp_path / "bad.toml"
    f.write_text('[[rule]]\nid = "x.re"\ndescription = "d"\npatterns = ["(unclosed"]\n'
                 'remove = ["abc"]\nkeep = ["x"]\n')
    proc = run("--rules", str(f), stdin=b"x")
    assert proc.returncode == 2
    assert "x.re" in proc.stderr.decode() and "patterns[0]" in proc.stderr.decode()


def test_rules_list_and_test():
    proc = run("rules", "list")
    assert proc.returncode == 0 and "messaging.join" in proc.stdout.decode()
    proc = run("rules", "test")
    assert proc.returncode == 0 and " 0 failed" in proc.stdout.decode()


def test_rules_test_on_user_rules_reports_failures(tmp_path):
    f = tmp_path / "mine.toml"
    f.write_text('[[rule]]\nid = "mine.promo"\ndescription = "d"\nphrases = ["buy our mugs"]\n'
                 'remove = ["Buy our mugs!", "Something else entirely"]\nkeep = ["x"]\n')
    proc = run("rules", "test", str(f))
    assert proc.returncode == 1
    out = proc.stdout.decode()
    assert "mine.promo: remove example 2" in out and "1 failed" in out


def test_sigpipe_is_quiet(tmp_path):
    big = tmp_path / "big.jsonl"
    big.write_text("".join(json.dumps({"text": f"line {i}"}) + "\n" for i in range(20000)))
    proc = subprocess.run(f"{sys.executable} -m cleaner {big} | head -n 1", shell=True, capture_output=True,
                          cwd=ROOT, timeout=120)
    assert proc.stdout.decode().count("\n") == 1
    assert b"Traceback" not in proc.stderr


@pytest.mark.parametrize("flag", ["--check", "--diff"])
def test_in_place_conflicts(flag):
    result = CliRunner().invoke(main, ["-i", flag, "x"])
    assert result.exit_code == 2


def test_cleaning_plain_text_imports_only_what_it_needs(tmp_path):
    # Start-up in a shell loop: with the rule set cached, plain text loads neither the rule file parser
    # (msgspec, tomllib), the HTML parser, JSON Lines nor the evaluation code; HTML loads its parser.
    watch = ("msgspec", "tomllib", "selectolax", "cleaner.html", "cleaner.io.jsonl", "benchmarks.evaluate", "tempfile")
    code = ("import atexit, runpy, sys\n"
            f"atexit.register(lambda: sys.stderr.write('LOADED ' + ' '.join(m for m in {watch!r}\n"
            "                                                           if m in sys.modules)))\n"
            "sys.argv = ['cleaner']\n"
            "runpy.run_module('cleaner', run_name='__main__', alter_sys=True)\n")
    env = {**os.environ, "CLEANER_CACHE_DIR": str(tmp_path / "cache"), "PYTHONPATH": str(ROOT)}

    def loaded(stdin: bytes) -> str:
        proc = subprocess.run([sys.executable, "-c", code], input=stdin, capture_output=True, cwd=tmp_path,
                              timeout=120, env=env)
        assert proc.returncode == 0, proc.stderr.decode()
        return proc.stderr.decode().rsplit("LOADED", 1)[1].strip()

    text = b"The council met on Tuesday to discuss the budget.\nShare this article\n"
    assert "msgspec" in loaded(text)  # cold cache: the rule files are parsed
    assert loaded(text) == ""
    assert "cleaner.html" in loaded(b"<!doctype html><html><body><p>The council met on Tuesday.</p></body></html>")
