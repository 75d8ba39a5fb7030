"""The schema of a rule file, checked by msgspec; imported only when rule files are parsed, not when a
cached rule set is loaded (msgspec and tomllib are a tenth of the command line's start-up)."""

from __future__ import annotations

import re
import tomllib

import msgspec

from cleaner.errors import RuleError
from cleaner.rules.load import Scope, Strength


class RemoveExampleSpec(msgspec.Struct, forbid_unknown_fields=True):
    text: str
    expected: str = ""


class RuleSpec(msgspec.Struct, forbid_unknown_fields=True, kw_only=True):
    id: str
    description: str
    scope: Scope = "line"
    strength: Strength = "strong"
    languages: list[str] = []
    phrases: list[str] = []
    patterns: list[str] = []
    inline: list[str] = []
    min_coverage: float = 0.6
    edge_coverage: float = 0.2
    remove: list[str | RemoveExampleSpec] = []
    keep: list[str] = []


class RuleFileSpec(msgspec.Struct, forbid_unknown_fields=True):
    rule: list[RuleSpec]


def read_spec(text: str, path: str) -> RuleFileSpec:
    """A rule file's TOML, checked against the schema; errors name the file, the rule and the field."""
    try:
        raw = tomllib.loads(text)
    except tomllib.TOMLDecodeError as err:
        raise RuleError(path, f"not valid TOML: {err}") from err
    try:
        return msgspec.convert(raw, RuleFileSpec)
    except msgspec.ValidationError as err:
        rule_id, msg = _locate_field(err, raw)
        raise RuleError(path, msg, rule_id) from err


def _locate_field(err: msgspec.ValidationError, raw: object) -> tuple[str | None, str]:
    """Turn msgspec's `$.rule[3].scope` into the rule's id and field name."""
    msg = str(err)
    m = re.search(r"at `\$\.rule\[(\d+)\](?:\.(\w+))?", msg)
    if not m:
        return None, msg
    index = int(m.group(1))
    rule_id = f"#{index + 1}"
    if isinstance(raw, dict) and isinstance(raw.get("rule"), list) and index < len(raw["rule"]):
        entry = raw["rule"][index]
        if isinstance(entry, dict) and isinstance(entry.get("id"), str):
            rule_id = entry["id"]
    return rule_id, msg
