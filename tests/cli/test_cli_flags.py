"""The flags people expect (issue 17): main(argv) -> int, -q/-v, the summary line, --format json, --jobs auto,
a coloured diff, `rules show`, --config PATH, and a --version that loads nothing heavy."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from cleaner.cli import main
from tests.conftest import CLEAN, DIRTY, ROOT
from tests.conftest import run_cli as run


@pytest.fixture
def dirty(tmp_path):
    f = tmp_path / "a.txt"
    f.write_text(DIRTY)
    (tmp_path / "b.txt").write_text(CLEAN)
    return f


def test_main_returns_the_exit_status_and_does_not_exit(dirty, capsys):
    assert main(["--check", str(dirty)]) == 1
    assert main(["--check", str(dirty.parent / "b.txt")]) == 0
    assert main(["--quotes", "curly", str(dirty)]) == 2  # a usage error click found
    assert main(["--check", str(dirty.parent / "missing.txt")]) == 2  # bad input
    assert main(["rules", "show", "no.such-rule"]) == 2
    assert main(["--version"]) == 0
    assert "cleaner" in capsys.readouterr().out


def test_summary_line_like_black_and_quiet(dirty):
    proc = run("-i", str(dirty.parent))
    assert proc.returncode == 0
    assert proc.stderr.decode().strip() == "cleaner: 1 file changed, 2 lines removed, 1 file left unchanged"
    dirty.write_text(DIRTY)
    proc = run("--check", str(dirty.parent))
    assert proc.returncode == 1 and "1 file would change, 2 lines would be removed" in proc.stderr.decode()
    proc = run("--check", "-q", str(dirty.parent))
    assert proc.returncode == 1 and proc.stderr == b""
    proc = run("-v", str(dirty))  # to stdout: the summary with -v only, and the file named
    assert "cleaned " in proc.stderr.decode() and "1 file changed" in proc.stderr.decode()
    assert run(str(dirty)).stderr == b""


def test_format_json_one_object_per_removal(dirty):
    proc = run("--check", "--format", "json", str(dirty))
    objs = [json.loads(line) for line in proc.stdout.decode().splitlines()]
    assert proc.returncode == 1 and len(objs) == 2
    assert all(o["path"] == str(dirty) and o["rule"] and o["lines"] for o in objs)
    proc = run("--explain", "--stats", "--format", "json", str(dirty))
    assert proc.stdout.decode() == CLEAN
    lines = [json.loads(line) for line in proc.stderr.decode().splitlines()]
    assert [o["rule"] for o in lines[:2]] == [o["rule"] for o in objs]
    assert lines[2]["documents"] == 1 and sum(lines[2]["rules"].values()) == 2


def test_jsonl_check_json_names_the_record(tmp_path):
    j = tmp_path / "d.jsonl"
    j.write_text(json.dumps({"text": CLEAN}) + "\n" + json.dumps({"text": DIRTY}) + "\n")
    proc = run("--check", "--format", "json", str(j))
    objs = [json.loads(line) for line in proc.stdout.decode().splitlines()]
    assert objs and all(o["record"] == 2 for o in objs)


def test_jobs_auto_and_colour(dirty):
    proc = run("--jobs", "auto", str(dirty.parent))
    assert proc.returncode == 0 and proc.stdout.decode().count("The vote is on Sunday.") == 2
    assert run("--jobs", "0", str(dirty)).returncode == 2
    coloured = run("--diff", "--color", str(dirty)).stdout.decode()
    assert "\x1b[31m-Follow us on Telegram\x1b[0m" in coloured
    assert "\x1b[" not in run("--diff", str(dirty)).stdout.decode()  # stdout a pipe: plain


def test_rules_show_like_ruff_rule():
    proc = run("rules", "show", "messaging.join")
    out = proc.stdout.decode()
    assert proc.returncode == 0
    for part in ("messaging.join", "scope: line", "strength: strong", "phrases (", "join us on {", "removes:",
                 "keeps:"):
        assert part in out, part
    assert run("rules", "show", "heuristic.edge-cluster").returncode == 0
    proc = run("rules", "show", "messaging.jion")
    assert proc.returncode == 2 and "did you mean messaging.join" in proc.stderr.decode()


def test_config_path_and_no_config(tmp_path, dirty):
    conf = tmp_path / "cleaner.toml"
    conf.write_text('disable = ["messaging.*"]\nquotes = "keep"\n')
    out = run("--config", str(conf), str(dirty)).stdout.decode()
    assert "Follow us on Telegram" in out
    out = run(str(dirty), "--config", str(conf), "--no-config").stdout.decode()
    assert "Follow us on Telegram" not in out
    proc = run("--config", str(tmp_path / "none.toml"), str(dirty))
    assert proc.returncode == 2 and "no such config file" in proc.stderr.decode()
    conf.write_text('quotes = "curly"\n')
    proc = run("--config", str(conf), str(dirty))
    assert proc.returncode == 2 and "quotes must be one of 'ascii', 'keep'" in proc.stderr.decode()


def test_version_imports_neither_the_engine_nor_the_rules():
    code = ("import sys\nfrom cleaner.cli import main\ncode = main(['--version'])\n"
            "heavy = [m for m in ('cleaner.core.pipeline', 'cleaner.rules.load', 'msgspec', 're2')\n"
            "         if m in sys.modules]\n"
            "print(code, heavy)")
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, cwd=ROOT, timeout=60)
    assert proc.stdout.decode().splitlines()[-1] == "0 []", proc.stdout + proc.stderr


def test_shell_completion_works():
    proc = run(env={"_CLEANER_COMPLETE": "bash_source"})
    assert proc.returncode == 0 and b"_CLEANER_COMPLETE" in proc.stdout


# -- --diff and --check as a user combines them ----------------------------------------------------------

TRAILER = "The vote is on Sunday, the council said.\n\nFollow us on Telegram\nCLICK HERE\n"


def test_diff_on_jsonl_is_a_diff_of_each_changed_record_not_the_records(tmp_path):
    f = tmp_path / "c.jsonl"
    f.write_text(json.dumps({"id": 1, "text": TRAILER}) + "\n" + json.dumps({"id": 2, "text": "Plain.\n"}) + "\n")
    r = run("--diff", str(f))
    out = r.stdout.decode()
    assert r.returncode == 0, r.stderr
    assert f"--- a/{f}:1\n+++ b/{f}:1\n" in out
    assert "-Follow us on Telegram\n-CLICK HERE\n" in out and " The vote is on Sunday, the council said.\n" in out
    assert '"id"' not in out and ":2\n" not in out  # no record lines, and nothing for the unchanged record


def test_check_with_diff_prints_the_diff_and_exits_1(tmp_path):
    f = tmp_path / "t.txt"
    f.write_text(TRAILER)
    r = run("--check", "--diff", str(f))
    assert r.returncode == 1
    assert r.stdout.decode().startswith(f"--- a/{f}\n+++ b/{f}\n") and "-CLICK HERE\n" in r.stdout.decode()
    assert f.read_text() == TRAILER
    assert run("--check", "--diff", str(tmp_path / "missing.txt")).returncode == 2


def test_check_names_every_line_of_a_removed_block(tmp_path):
    from tests.core.test_fixpoint import CONTENT, MENU

    f = tmp_path / "t.txt"
    f.write_text("\n".join(MENU + CONTENT) + "\n")
    r = run("--check", str(f))
    assert r.returncode == 1
    assert f"{f}:1-6: would remove (heuristic.outside-body" in r.stdout.decode()  # the block, not its first line
