"""`[tool.cleaner]` in pyproject.toml: a data repository's own rule paths, disabled rules and modes.

The nearest pyproject.toml found walking up from the current directory is used, as ruff and black do, so
`cleaner` and its pre-commit hooks behave the same anywhere inside the repository. Rule paths are relative
to that file. Command-line flags override single values; `--rules` and `--disable` add to the lists.
Unknown keys are reported as warnings (a typo must not silently change nothing), wrong types as errors.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from cleaner.errors import CleanerError

# key in the file -> (name of the CLI parameter, allowed values or the type)
_LISTS = {"rules": "rules", "disable": "disable", "exclude": "exclude", "include": "include"}
_CHOICES: dict[str, tuple[str, tuple[str, ...]]] = {
    "quotes": ("quotes", ("ascii", "keep")),
    "html": ("html", ("auto", "always", "never")),
    "encoding-errors": ("encoding_errors", ("fallback", "strict", "replace")),
    "on-error": ("on_error", ("fail", "skip", "keep")),
    "backend": ("backend", ("auto", "hyperscan", "python")),
}
_BOOLS = {"fix-encoding": "fix_encoding", "builtin-rules": "builtin_rules"}
_STRINGS = {"lang": "lang", "text-key": "text_key", "encoding": "encoding"}
KNOWN_KEYS = frozenset(_LISTS) | frozenset(_CHOICES) | frozenset(_BOOLS) | frozenset(_STRINGS)


class ConfigError(CleanerError):
    """[tool.cleaner] holds a value of the wrong type or an unknown choice; names the file and key."""


@dataclass(frozen=True)
class Config:
    """Settings read from one pyproject.toml, keyed by CLI parameter name."""

    path: Path | None = None
    values: dict[str, object] = field(default_factory=dict)
    warnings: tuple[str, ...] = ()

    def get(self, name: str, default: object = None) -> object:
        return self.values.get(name, default)


def find_pyproject(start: str | Path | None = None) -> Path | None:
    """The nearest pyproject.toml in `start` (default: the current directory) or a parent of it."""
    here = Path(start or os.getcwd()).resolve()
    for folder in (here, *here.parents):
        candidate = folder / "pyproject.toml"
        if candidate.is_file():
            return candidate
    return None


def load_config(start: str | Path | None = None) -> Config:
    """[tool.cleaner] of the nearest pyproject.toml; an empty Config when there is none."""
    path = find_pyproject(start)
    if path is None:
        return Config()
    import tomllib  # only with a pyproject.toml to read: start-up

    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as err:
        raise ConfigError(f"{_show(path)}: cannot read: {err}") from err
    table = data.get("tool", {}).get("cleaner")
    if table is None:
        return Config(path)
    if not isinstance(table, dict):
        raise ConfigError(f"{_show(path)}: [tool.cleaner] must be a table")
    return parse_table(table, path)


def parse_table(table: dict[str, object], path: Path) -> Config:
    """Validate a [tool.cleaner] table: values converted to what the CLI parameters take."""
    values: dict[str, object] = {}
    warnings: list[str] = []
    where = f"{_show(path)}: [tool.cleaner]"
    for key, value in table.items():
        norm = key.replace("_", "-")
        if norm in _LISTS:
            items = [value] if isinstance(value, str) else value
            if not isinstance(items, list) or not all(isinstance(v, str) for v in items):
                raise ConfigError(f"{where}: {key} must be a list of strings, not {value!r}")
            if norm == "rules":
                items = [_relative(path.parent / v) for v in items]
            values[_LISTS[norm]] = tuple(items)
        elif norm in _CHOICES:
            name, allowed = _CHOICES[norm]
            if value not in allowed:
                raise ConfigError(f"{where}: {key} must be one of {', '.join(map(repr, allowed))}, not {value!r}")
            values[name] = value
        elif norm in _BOOLS:
            if not isinstance(value, bool):
                raise ConfigError(f"{where}: {key} must be true or false, not {value!r}")
            values[_BOOLS[norm]] = value
        elif norm in _STRINGS:
            if norm == "lang" and isinstance(value, list):
                value = ",".join(str(v) for v in value)
            if not isinstance(value, str):
                raise ConfigError(f"{where}: {key} must be a string, not {value!r}")
            values[_STRINGS[norm]] = value
        else:
            warnings.append(f"{where}: unknown key {key!r} ignored (known: {', '.join(sorted(KNOWN_KEYS))})")
    return Config(path, values, tuple(warnings))


def _relative(p: Path) -> str:
    """Paths relative to the current directory when below it, so messages stay short."""
    try:
        return os.path.relpath(p)
    except ValueError:  # another drive on Windows
        return str(p)


def _show(path: Path) -> str:
    return _relative(path)
