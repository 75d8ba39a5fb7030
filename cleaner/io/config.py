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

from cleaner.core.options import Setting, settings, split_languages
from cleaner.errors import CleanerError

# Settings of a run that are not Options (they change how files are read and written, not the cleaning):
# the same Setting records, so the CLI flags and the config keys come from here too.
RUN_SETTINGS: tuple[Setting, ...] = (
    Setting("text_key", "str", "JSONL field, or CSV/Parquet column, holding the text.", default="text",
            flag="text-key", key="text-key", metavar="KEY", aliases=("column",)),
    Setting("encoding_errors", "choice", "Invalid UTF-8: read bytes as cp1252 (and warn), stop, or use U+FFFD.",
            default="fallback", choices=("fallback", "strict", "replace"), flag="encoding-errors",
            key="encoding-errors"),
    Setting("on_error", "choice", "A broken JSONL line: stop, drop it (with a warning), or pass it through "
            "unchanged.", default="fail", choices=("fail", "skip", "keep"), flag="on-error", key="on-error"),
    # Files in (cleaner.io.walk, cleaner.io.encoding; docs/inputs-outputs.md)
    Setting("encoding", "str", "The files' encoding (e.g. cp1251, shift_jis); default: UTF-8, else detected, "
            "else refused.", flag="encoding", key="encoding", metavar="NAME"),
    Setting("exclude", "list", "Leave out what this gitignore-style pattern matches in folders (repeatable).",
            default=(), flag="exclude", key="exclude", metavar="PATTERN"),
    Setting("include", "list", "In folders, take only what these patterns match [default: text, JSONL, CSV, "
            "Parquet files] (repeatable).", default=(), flag="include", key="include", metavar="PATTERN"),
    Setting("force_exclude", "bool", "Apply hidden-file, .gitignore and --exclude rules to files named on the "
            "command line too.", default=False, flag="force-exclude", key="force-exclude"),
    Setting("gitignore", "bool", "Read the .gitignore files of the folders walked.", default=True,
            flag="gitignore", key="gitignore"),
)


def config_settings() -> tuple[Setting, ...]:
    """Every [tool.cleaner] key: the Options fields and the run settings."""
    return (*settings(), *RUN_SETTINGS)


KNOWN_KEYS = frozenset(s.key for s in config_settings())

class ConfigError(CleanerError):
    """[tool.cleaner] holds a value of the wrong type or an unknown choice; names the file and key."""


@dataclass(frozen=True)
class Config:
    """Settings read from one pyproject.toml, keyed by CLI parameter name (the Options field name)."""

    path: Path | None = None
    values: dict[str, object] = field(default_factory=dict)
    warnings: tuple[str, ...] = ()


def find_pyproject(start: str | Path | None = None) -> Path | None:
    """The nearest pyproject.toml in `start` (default: the current directory) or a parent of it."""
    here = Path(start or os.getcwd()).resolve()
    for folder in (here, *here.parents):
        candidate = folder / "pyproject.toml"
        if candidate.is_file():
            return candidate
    return None


def load_config(start: str | Path | None = None, path: str | Path | None = None) -> Config:
    """[tool.cleaner] of the nearest pyproject.toml (or of the file `path`, for --config); an empty Config when
    there is none. A file given as `path` may also be a cleaner.toml holding the keys at its top level."""
    if path is not None:
        path = Path(path)
        if not path.is_file():
            raise ConfigError(f"{_show(path)}: no such config file")
    else:
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
        if path.name != "pyproject.toml" and "tool" not in data:
            table = data  # a cleaner.toml: the keys at the top
        else:
            return Config(path)
    if not isinstance(table, dict):
        raise ConfigError(f"{_show(path)}: [tool.cleaner] must be a table")
    return parse_table(table, path)


def _schema() -> type:
    """The [tool.cleaner] table as a msgspec Struct, built from the Settings (one field per key)."""
    if _SCHEMA:
        return _SCHEMA[0]
    from typing import Annotated, Literal, Union

    import msgspec

    def type_of(s: Setting) -> object:
        if s.kind == "choice":
            return Literal[s.choices]  # type: ignore[valid-type]
        if s.kind == "bool":
            return bool
        if s.kind in ("list", "langs"):
            return Union[str, list[str]]  # noqa: UP007 - a runtime type for msgspec
        if s.kind == "int":
            return Annotated[int, msgspec.Meta(ge=int(s.minimum or 0))]
        if s.kind == "float":
            return Annotated[float, msgspec.Meta(ge=s.minimum, le=s.maximum)]
        return str

    spec = [(s.name, Union[type_of(s), msgspec.UnsetType], msgspec.UNSET)  # noqa: UP007
            for s in config_settings()]
    struct = msgspec.defstruct("ToolCleaner", spec, rename={s.name: s.key for s in config_settings()},
                               forbid_unknown_fields=True, kw_only=True)
    _SCHEMA.append(struct)
    return struct


_SCHEMA: list[type] = []


def _expected(s: Setting) -> str:
    """What a key must hold, for the error message."""
    return {"choice": "one of " + ", ".join(map(repr, s.choices)), "bool": "true or false",
            "list": "a list of strings", "langs": "a list of language codes or a string 'en,de'",
            "int": f"a whole number of at least {int(s.minimum or 0)}",
            "float": f"a number from {s.minimum} to {s.maximum}"}.get(s.kind, "a string")


def parse_table(table: dict[str, object], path: Path) -> Config:
    """Validate a [tool.cleaner] table (through msgspec, as the rule files are): values converted to what the
    CLI parameters take, keyed by parameter name; unknown keys are warnings."""
    import msgspec

    where = f"{_show(path)}: [tool.cleaner]"
    by_key = {s.key: s for s in config_settings()}
    known: dict[str, object] = {}
    written: dict[str, str] = {}  # the key as written, for messages
    warnings: list[str] = []
    for key, value in table.items():
        norm = key.replace("_", "-")
        if norm in by_key:
            known[norm] = value
            written[norm] = key
        else:
            warnings.append(f"{where}: unknown key {key!r} ignored (known: {', '.join(sorted(KNOWN_KEYS))})")
    try:
        parsed = msgspec.convert(known, _schema())
    except msgspec.ValidationError as err:
        key = str(err).rpartition("$.")[2].split("[")[0].rstrip("`")
        setting = by_key.get(key)
        if setting is None:
            raise ConfigError(f"{where}: {err}") from None
        raise ConfigError(f"{where}: {written.get(key, key)} must be {_expected(setting)}, "
                          f"not {known.get(key)!r}") from None
    values: dict[str, object] = {}
    for s in config_settings():
        value = getattr(parsed, s.name)
        if value is msgspec.UNSET:
            continue
        if s.kind == "list":
            value = tuple([value] if isinstance(value, str) else value)
            if s.name == "rule_paths":  # relative to the file that names them
                value = tuple(_relative(path.parent / v) for v in value)
        elif s.kind == "langs":
            value = split_languages(value)
        elif s.kind == "path":
            value = _relative(path.parent / value)
        values[s.name] = value
    return Config(path, values, tuple(warnings))


def _relative(p: Path) -> str:
    """Paths relative to the current directory when below it, so messages stay short."""
    try:
        return os.path.relpath(p)
    except ValueError:  # another drive on Windows
        return str(p)


def _show(path: Path) -> str:
    return _relative(path)
