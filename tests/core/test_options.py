"""Options is the one source of truth: every field is a flag, a [tool.cleaner] key and a Scrapy setting."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import click
import pytest

from cleaner.cli import clean_command, main
from cleaner.core.options import Options, settings
from cleaner.io.config import KNOWN_KEYS, parse_table

# A value of each kind that differs from the field's default, as a config file and Scrapy would hold it.
SAMPLE = {"choice": None, "bool": None, "list": ["x"], "langs": "en,de", "str": "abc", "path": "p.bin",
          "int": 3, "float": 0.5}


def _sample(s) -> object:
    if s.kind == "choice":
        return next(c for c in s.choices if c != s.default)
    if s.kind == "bool":
        return not s.default
    return SAMPLE[s.kind]


def test_every_field_has_a_setting():
    assert [s.name for s in settings()] == [f.name for f in dataclasses.fields(Options)]
    assert all(s.help for s in settings())


def test_every_field_is_a_flag_of_clean_with_its_help():
    params = {p.name: p for p in clean_command.params if isinstance(p, click.Option)}
    for s in settings():
        assert s.name in params, s.name
        opt = params[s.name]
        assert f"--{s.flag}" in opt.opts, (s.name, opt.opts)
        assert s.help in (opt.help or "")
        if s.kind == "choice":
            assert tuple(opt.type.choices) == s.choices


def test_every_field_is_a_config_key_read_into_its_field(tmp_path):
    for s in settings():
        assert s.key in KNOWN_KEYS
        config = parse_table({s.key: _sample(s)}, tmp_path / "pyproject.toml")
        assert list(config.values) == [s.name] and not config.warnings, s.name
        value = config.values[s.name]
        if s.kind == "path":
            value = str(Path(value).name)
        options = Options(**{s.name: value})  # the config's value is what the field takes
        assert getattr(options, s.name) != s.default, s.name


def test_every_field_is_a_scrapy_setting():
    pytest.importorskip("scrapy")
    from scrapy.settings import Settings

    from cleaner.integrations.scrapy import options_from_settings, settings_of_options

    assert set(settings_of_options().values()) == {f.name for f in dataclasses.fields(Options)}
    for s in settings():
        options = options_from_settings(Settings({s.scrapy: _sample(s)}))
        assert getattr(options, s.name) != s.default, (s.scrapy, s.name)


def test_cleaner_help_lists_the_cleaning_options():
    from click.testing import CliRunner

    out = CliRunner().invoke(main, ["--help"]).output
    for s in settings():
        assert f"--{s.flag}" in out, s.flag
    assert "--no-config" in out and "--config PATH" in out


def test_a_wrong_choice_names_the_field():
    with pytest.raises(ValueError, match="quotes must be 'ascii' or 'keep', not 'curly'"):
        Options(quotes="curly")  # type: ignore[arg-type]


def test_docs_cli_names_every_flag_of_clean():
    text = (Path(__file__).resolve().parents[2] / "docs" / "cli.md").read_text(encoding="utf-8")
    for p in clean_command.params:
        if isinstance(p, click.Option):
            for opt in (*p.opts, *p.secondary_opts):
                assert f"`{opt}" in text or f"{opt} " in text or f"{opt}`" in text, opt


def test_integrations_take_the_options_fields_and_name_them_on_a_typo():
    from cleaner.integrations import make_cleaner

    with pytest.raises(TypeError, match="fields of cleaner.Options: quotes, fix_encoding"):
        make_cleaner(quote="keep")
