"""--lang never empties a file: -i, --check and --diff leave a document in another language as it was
(and say it was skipped); JSONL to stdout drops such a record and counts it on stderr, -i keeps it."""

from __future__ import annotations

import json
import subprocess
import sys

from tests.conftest import CLEAN, DIRTY, run_cli

FRENCH = ("Le conseil municipal a vot\u00e9 le budget mardi soir apr\u00e8s un long d\u00e9bat.\n"
          "Les habitants \u00e9taient nombreux \u00e0 assister \u00e0 la s\u00e9ance publique.\n")
ENGLISH = "The council voted on the budget on Tuesday evening after a long debate in the city hall.\n"


def test_in_place_leaves_a_document_in_another_language_untouched(tmp_path):
    fr = tmp_path / "fr.txt"
    fr.write_text(FRENCH)
    en = tmp_path / "en.txt"
    en.write_text(ENGLISH + "Share this article\n")
    proc = run_cli("--no-config", "--lang", "en", "-i", "--stats", str(fr), str(en))
    assert proc.returncode == 0, proc.stderr
    assert fr.read_text() == FRENCH
    assert en.read_text() == ENGLISH
    assert f"{fr}: in fr, not en: skipped, left as it was".encode() in proc.stderr
    assert b"1 skipped" in proc.stderr


def test_check_and_diff_do_not_count_another_language_as_a_change(tmp_path):
    fr = tmp_path / "fr.txt"
    fr.write_text(FRENCH)
    check = run_cli("--no-config", "--lang", "en", "--check", str(fr))
    assert check.returncode == 0 and check.stdout == b""
    assert b"skipped, left as it was" in check.stderr
    diff = run_cli("--no-config", "--lang", "en", "--diff", str(fr))
    assert diff.returncode == 0 and diff.stdout == b""


def test_to_stdout_the_filter_drops_the_document_and_says_so(tmp_path):
    fr = tmp_path / "fr.txt"
    fr.write_text(FRENCH)
    proc = run_cli("--no-config", "--lang", "en", str(fr))
    assert proc.returncode == 0 and proc.stdout == b""
    assert f"{fr}: in fr, not en: dropped".encode() in proc.stderr


def test_jsonl_records_in_another_language_are_dropped_and_counted_not_kept_empty(tmp_path):
    path = tmp_path / "m.jsonl"
    lines = [json.dumps({"id": 1, "text": FRENCH}), json.dumps({"id": 2, "text": ENGLISH + "Share this article\n"}),
             json.dumps({"id": 3, "text": FRENCH})]
    path.write_text("".join(line + "\n" for line in lines))
    for jobs in ("1", "2"):
        proc = run_cli("--no-config", "--lang", "en", "--jobs", jobs, str(path))
        assert proc.returncode == 0, proc.stderr
        assert [json.loads(x) for x in proc.stdout.splitlines()] == [{"id": 2, "text": ENGLISH}]
        assert f"{path}: 2 records not in en (2 fr): dropped".encode() in proc.stderr
    proc = run_cli("--no-config", "--lang", "en", "-i", str(path))
    assert proc.returncode == 0
    assert path.read_text().splitlines() == [lines[0], json.dumps({"id": 2, "text": ENGLISH}), lines[2]]
    assert b"2 records not in en (2 fr): kept as they were" in proc.stderr


def test_lang_from_the_config_with_the_hooks_entry_leaves_other_languages_alone(tmp_path):
    (tmp_path / "pyproject.toml").write_text('[tool.cleaner]\nlang = "en"\n')
    (tmp_path / "fr.txt").write_text(FRENCH)
    (tmp_path / "article.txt").write_text(DIRTY)
    # the entry of the `cleaner` hook in .pre-commit-hooks.yaml, run where pre-commit runs it
    proc = subprocess.run([sys.executable, "-m", "cleaner", "--in-place", "--explain", "fr.txt", "article.txt"],
                          cwd=tmp_path, capture_output=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    assert (tmp_path / "fr.txt").read_text() == FRENCH
    assert (tmp_path / "article.txt").read_text() == CLEAN
