"""The pre-commit hooks, run for real: `pre-commit try-repo` against a snapshot of this repository.

try-repo installs cleaner into pre-commit's own virtualenv with pip, as a user's `pre-commit install` would,
then runs the hooks in a throwaway git repository of dirty text files.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import ROOT

pytest.importorskip("pre_commit")

DIRTY = "The vote is on Sunday.\n\nFollow us on Telegram\nCLICK HERE\n"
CLEAN = "The vote is on Sunday.\n"
RULES = """\
[[rule]]
id = "mine.mugs"
description = "Our own mug advert"
phrases = ["buy our mugs"]
remove = ["Buy our mugs!"{extra}]
keep = ["The council bought mugs."]
"""


def _git(cwd: Path, *args: str) -> str:
    env = {**os.environ, "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.org",
           "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.org"}
    return subprocess.run(["git", *args], cwd=cwd, env=env, check=True, capture_output=True, text=True).stdout


@pytest.fixture(scope="module")
def hook_repo(tmp_path_factory) -> Path:
    """This repository's working tree (tracked and new files) committed into a fresh repo.

    One fixed commit means pre-commit installs cleaner once for all the runs below; and the hooks are
    tested as they are in the working tree, not as of the last commit.
    """
    snap = tmp_path_factory.mktemp("snapshot")
    listed = _git(ROOT, "ls-files", "--cached", "--others", "--exclude-standard", "-z").split("\0")
    for name in filter(None, listed):
        src = ROOT / name
        if src.is_file() and not name.startswith(("tests/", "benchmarks/", "seeds/")):
            dest = snap / name
            dest.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(src, dest)
    _git(snap, "init", "-q")
    _git(snap, "add", ".")
    _git(snap, "commit", "-q", "-m", "snapshot")
    return snap


@pytest.fixture(scope="module")
def pre_commit_home(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("pre-commit-home")


def _try_repo(hook_repo: Path, home: Path, work: Path, hook: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "PRE_COMMIT_HOME": str(home), "PRE_COMMIT_COLOR": "never"}
    env.pop("VIRTUAL_ENV", None)
    return subprocess.run([sys.executable, "-m", "pre_commit", "try-repo", str(hook_repo), hook, "--all-files",
                           "--verbose"], cwd=work, env=env, capture_output=True, text=True, timeout=900)


@pytest.fixture
def data_repo(tmp_path) -> Path:
    work = tmp_path / "data"
    work.mkdir()
    _git(work, "init", "-q")
    (work / "article.txt").write_text(DIRTY)
    (work / "notes.md").write_text(CLEAN)
    (work / "code.py").write_text("print('Follow us on Telegram')\n")  # not a text-like file: untouched
    _git(work, "add", ".")
    return work


def test_check_hook_fails_then_fix_hook_fixes_then_check_passes(hook_repo, pre_commit_home, data_repo):
    proc = _try_repo(hook_repo, pre_commit_home, data_repo, "cleaner-check")
    out = proc.stdout + proc.stderr
    assert proc.returncode == 1, out
    assert "article.txt:3: would remove (social.follow)" in out or \
        "article.txt:3: would remove (messaging.join)" in out, out
    assert "notes.md" not in out.split("hook id: cleaner-check", 1)[1]
    assert (data_repo / "article.txt").read_text() == DIRTY  # checking changes nothing

    proc = _try_repo(hook_repo, pre_commit_home, data_repo, "cleaner")
    out = proc.stdout + proc.stderr
    assert proc.returncode == 1, out  # pre-commit fails a hook that modified files
    assert "files were modified by this hook" in out
    assert "article.txt:3" in out and "cta.click-here: CLICK HERE" in out  # which rule removed what
    assert (data_repo / "article.txt").read_text() == CLEAN
    assert (data_repo / "code.py").read_text() == "print('Follow us on Telegram')\n"

    _git(data_repo, "add", ".")
    proc = _try_repo(hook_repo, pre_commit_home, data_repo, "cleaner-check")
    assert proc.returncode == 0, proc.stdout + proc.stderr
    proc = _try_repo(hook_repo, pre_commit_home, data_repo, "cleaner")
    assert proc.returncode == 0, proc.stdout + proc.stderr  # nothing left to fix: the hook passes


def test_rules_hook_runs_the_data_repos_rule_examples(hook_repo, pre_commit_home, data_repo):
    rules = data_repo / "rules" / "mine.toml"
    rules.parent.mkdir()
    rules.write_text(RULES.format(extra=', "An ordinary sentence about the weather."'))
    _git(data_repo, "add", ".")
    proc = _try_repo(hook_repo, pre_commit_home, data_repo, "cleaner-rules-test")
    out = proc.stdout + proc.stderr
    assert proc.returncode == 1, out
    assert "mine.mugs: remove example 2" in out and "1 failed" in out

    rules.write_text(RULES.format(extra=""))
    _git(data_repo, "add", ".")
    proc = _try_repo(hook_repo, pre_commit_home, data_repo, "cleaner-rules-test")
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "0 failed" in proc.stdout


def test_fix_hook_with_lang_configured_leaves_other_languages_alone(hook_repo, pre_commit_home, data_repo):
    french = "Le conseil municipal a vot\u00e9 le budget mardi soir apr\u00e8s un long d\u00e9bat public.\n"
    (data_repo / "pyproject.toml").write_text('[tool.cleaner]\nlang = "en"\n')
    (data_repo / "fr.txt").write_text(french)
    _git(data_repo, "add", ".")
    proc = _try_repo(hook_repo, pre_commit_home, data_repo, "cleaner")
    out = proc.stdout + proc.stderr
    assert "fr.txt: in fr, not en: skipped, left as it was" in out, out
    assert (data_repo / "fr.txt").read_text() == french  # was emptied, with the hook passing
    assert (data_repo / "article.txt").read_text() == CLEAN
