"""Exceptions with enough context for the CLI to tell the user what to do."""

from __future__ import annotations


class CleanerError(Exception):
    """Base class: every error cleaner raises on bad input or configuration."""


class RuleError(CleanerError):
    """A rule file is malformed; the message names the file, the rule and the field."""

    def __init__(self, path: str, message: str, rule_id: str | None = None, field: str | None = None):
        self.path = path
        self.rule_id = rule_id
        self.field = field
        where = path
        if rule_id:
            where += f": rule {rule_id!r}"
        if field:
            where += f": field {field!r}"
        super().__init__(f"{where}: {message}")


class InputError(CleanerError):
    """Input that cannot be processed as asked (binary, bad JSONL line...); names file and line."""

    def __init__(self, path: str, message: str, line: int | None = None, hint: str | None = None):
        self.path = path
        self.line = line
        self.hint = hint
        where = path if line is None else f"{path}:{line}"
        text = f"{where}: {message}"
        if hint:
            text += f" ({hint})"
        super().__init__(text)
