"""Folder walks as black and ruff do them: hidden and tool folders, .gitignore, --exclude/--include, and the
pre-commit hooks' defaults that leave a repository's own README, LICENSE and docs alone. Real files on disk."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from cleaner.cli import main
from cleaner.io.files import expand_paths
from cleaner.io.walk import Walker
from tests.conftest import CLEAN, DIRTY, ROOT


def _tree(root: Path, names: list[str]) -> None:
    for name in names:
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(DIRTY)


def _names(root: Path, paths) -> list[str]:
    return [Path(p).relative_to(root).as_posix() for p in paths]


def test_hidden_tool_and_virtualenv_folders_are_not_entered(tmp_path):
    _tree(tmp_path, ["a.txt", "sub/b.md", ".git/HEAD.txt", ".venv/lib/x.txt", ".hypothesis/examples/y.txt",
                     "node_modules/pkg/README.md", "__pycache__/c.txt", "env/lib/site.txt", ".hidden.txt",
                     "code.py", "data.csv"])
    (tmp_path / "env" / "pyvenv.cfg").write_text("home = /usr/bin\n")  # a virtual environment by another name
    assert _names(tmp_path, Walker().walk([str(tmp_path)])) == ["a.txt", "data.csv", "sub/b.md"]
    # the corpus tools' walk takes text files only
    assert _names(tmp_path, expand_paths([str(tmp_path)])) == ["a.txt", "sub/b.md"]


def test_gitignore_files_are_followed_at_every_level_and_above_the_walked_folder(tmp_path):
    (tmp_path / ".git").mkdir()
    (tmp_path / ".gitignore").write_text("# comment\n*.log.txt\nscratch/\n")
    _tree(tmp_path, ["data/keep.txt", "data/run.log.txt", "data/scratch/x.txt", "data/deep/drop.md",
                     "data/deep/keep.md"])
    (tmp_path / "data" / "deep" / ".gitignore").write_text("drop.md\n")
    walker = Walker()
    assert _names(tmp_path, walker.walk([str(tmp_path / "data")])) == ["data/deep/keep.md", "data/keep.txt"]
    assert walker.relative[str(tmp_path / "data" / "keep.txt")] == "keep.txt"
    everything = Walker(gitignore=False).walk([str(tmp_path / "data")])
    assert len(list(everything)) == 5


def test_exclude_and_include_patterns(tmp_path):
    _tree(tmp_path, ["a.txt", "drafts/b.txt", "c.text", "d.dat", "e/f.dat"])
    assert _names(tmp_path, Walker(exclude=["drafts/"]).walk([str(tmp_path)])) == ["a.txt", "c.text"]
    assert _names(tmp_path, Walker(include=["*.dat"]).walk([str(tmp_path)])) == ["d.dat", "e/f.dat"]
    assert _names(tmp_path, Walker(include=["*.dat"], exclude=["e/"]).walk([str(tmp_path)])) == ["d.dat"]


def test_a_named_file_is_taken_unless_force_exclude(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / ".git").mkdir()
    (tmp_path / ".gitignore").write_text("ignored.txt\n")
    _tree(tmp_path, ["ignored.txt", ".github/t.md", "drafts/x.txt", "ok.txt"])
    named = ["ignored.txt", ".github/t.md", "drafts/x.txt", "ok.txt"]
    assert list(Walker().walk(named)) == named
    assert list(Walker(force_exclude=True, exclude=["drafts/"]).walk(named)) == ["ok.txt"]


def test_the_cli_walks_a_repository_without_touching_its_virtualenv(tmp_path):
    _tree(tmp_path, ["article.txt", ".venv/lib/python3.11/site-packages/pkg/LICENSE.txt", "node_modules/m.md"])
    (tmp_path / ".venv" / "pyvenv.cfg").write_text("home = /usr/bin\n")
    result = CliRunner().invoke(main, ["--no-config", "-i", str(tmp_path)])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "article.txt").read_text() == CLEAN
    assert (tmp_path / ".venv/lib/python3.11/site-packages/pkg/LICENSE.txt").read_text() == DIRTY
    assert (tmp_path / "node_modules/m.md").read_text() == DIRTY
    result = CliRunner().invoke(main, ["--no-config", "--exclude", "article.txt", "--check", str(tmp_path)])
    assert result.exit_code == 0, result.output


def _hook(hook_id: str) -> dict:
    yaml = pytest.importorskip("yaml")  # comes with pre-commit
    hooks = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text())
    return next(h for h in hooks if h["id"] == hook_id)


@pytest.mark.parametrize("hook_id", ["cleaner", "cleaner-check"])
def test_the_hooks_leave_a_repositorys_own_files_alone(hook_id):
    hook = _hook(hook_id)
    files, exclude = re.compile(hook["files"]), re.compile(hook["exclude"])

    def taken(name: str) -> bool:  # as pre-commit filters: files matches and exclude does not (re.search)
        return bool(files.search(name)) and not exclude.search(name)

    for own in ["README.md", "readme.txt", "LICENSE.txt", "LICENCE.md", "COPYING.txt", "CHANGELOG.md",
                "CONTRIBUTING.md", "docs/guide.md", "doc/notes.txt", ".github/PULL_REQUEST_TEMPLATE.md",
                "data/README.md", "sub/LICENSE.md", "NOTICE.txt", "AUTHORS.md", "CITATION.md"]:
        assert not taken(own), own
    for data in ["article.txt", "data/news.txt", "pages/history.md", "corpus.jsonl", "crawl/part-0.jsonl.gz",
                 "data/docs/page.txt", "readme_of_a_site.txt"]:
        assert taken(data), data
    assert "--force-exclude" in hook["entry"]
