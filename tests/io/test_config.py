"""[tool.cleaner] in pyproject.toml: found from a subfolder, applied, overridden by flags, typos warned about."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from cleaner.io.config import ConfigError, find_pyproject, load_config

MUGS = ('[[rule]]\nid = "mine.mugs"\ndescription = "d"\nphrases = ["buy our mugs"]\n'
        'remove = ["Buy our mugs!"]\nkeep = ["The council bought mugs."]\n')
DOC = "\u201cStory\u201d.\n\nBuy our mugs!\n\nFollow us on Telegram\n"


@pytest.fixture
def project(tmp_path) -> Path:
    (tmp_path / "pyproject.toml").write_text(
        '[project]\nname = "data"\n\n[tool.cleaner]\nrules = ["my-rules"]\ndisable = ["messaging.*"]\n'
        'quotes = "keep"\ncolour = "blue"\n')
    (tmp_path / "my-rules").mkdir()
    (tmp_path / "my-rules" / "mine.toml").write_text(MUGS)
    (tmp_path / "docs" / "2024").mkdir(parents=True)
    return tmp_path


def cli(cwd: Path, *args: str, stdin: str = DOC) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "cleaner", *args], input=stdin.encode(), capture_output=True,
                          cwd=cwd, timeout=120)


def test_found_walking_up_and_applied(project):
    proc = cli(project / "docs" / "2024", "--explain")
    assert proc.returncode == 0, proc.stderr
    out, err = proc.stdout.decode(), proc.stderr.decode()
    assert "Buy our mugs" not in out  # the configured rule folder, relative to pyproject.toml
    assert "Follow us on Telegram" in out  # messaging.* disabled
    assert out.startswith("\u201cStory\u201d.")  # quotes kept
    assert "unknown key 'colour' ignored" in err and "pyproject.toml" in err


def test_flags_override_and_no_config_ignores(project):
    out = cli(project, "--quotes", "ascii").stdout.decode()
    assert out.startswith('"Story".') and "Buy our mugs" not in out
    out = cli(project, "--disable", "cta.*").stdout.decode()  # replaces the configured list
    assert "Follow us on Telegram" not in out
    proc = cli(project, "--no-config")
    assert "Buy our mugs!" in proc.stdout.decode() and "Follow us on Telegram" not in proc.stdout.decode()
    assert b"colour" not in proc.stderr


def test_rules_commands_use_the_config(project):
    assert "mine.mugs" in cli(project, "rules", "list").stdout.decode()
    proc = cli(project, "rules", "test", "my-rules/mine.toml")  # named twice: loaded once, not a duplicate
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "2 passed, 0 failed" in proc.stdout.decode()


def test_wrong_type_is_an_error_naming_file_and_key(project):
    (project / "pyproject.toml").write_text('[tool.cleaner]\nquotes = "curly"\n')
    proc = cli(project)
    assert proc.returncode == 2
    assert "pyproject.toml: [tool.cleaner]: quotes must be one of 'ascii', 'keep', not 'curly'" in \
        proc.stderr.decode()
    (project / "pyproject.toml").write_text('[tool.cleaner]\nrules = "my-rules"\nfix-encoding = "no"\n')
    with pytest.raises(ConfigError, match="fix-encoding must be true or false"):
        load_config(project)


def test_nearest_pyproject_wins_and_none_is_empty(tmp_path_factory, project):
    inner = project / "docs" / "pyproject.toml"
    inner.write_text('[tool.cleaner]\nquotes = "ascii"\nfix_encoding = false\n')
    assert find_pyproject(project / "docs" / "2024") == inner
    config = load_config(project / "docs" / "2024")
    assert config.values == {"quotes": "ascii", "fix_encoding": False} and not config.warnings
    lone = tmp_path_factory.mktemp("nothing-here")
    assert find_pyproject(lone) is None and load_config(lone).values == {}
