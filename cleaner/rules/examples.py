"""Run the examples every rule carries: text it must remove and text it must keep."""

from __future__ import annotations

from pathlib import Path

from cleaner.core.normalize import normalize, tidy
from cleaner.core.pipeline import Cleaner
from cleaner.rules.load import Rule


def _under(source: str, roots: set[str]) -> bool:
    src = Path(source).resolve()
    return any(src == Path(r).resolve() or Path(r).resolve() in src.parents for r in roots)


def check_rule(cleaner: Cleaner, rule: Rule) -> list[str]:
    """Failures of one rule's examples, each naming the rule, the example and what went wrong."""
    failures = []
    quotes = cleaner.options.quotes
    for n, example in enumerate(rule.remove, 1):
        result = cleaner.explain(example.text)
        expected = tidy(normalize(example.expected, quotes))
        if result.text != expected:
            failures.append(f"{rule.source}: {rule.id}: remove example {n} {example.text!r}: "
                            f"got {result.text!r}, expected {expected!r}")
        elif not any(r.rule == rule.id for r in result.removals):
            others = sorted({r.rule for r in result.removals})
            failures.append(f"{rule.source}: {rule.id}: remove example {n} {example.text!r} was removed by "
                            f"{', '.join(others)}, not by this rule")
    for n, text in enumerate(rule.keep, 1):
        result = cleaner.explain(text)
        if result.removals:
            by = ", ".join(f"{r.rule} ({r.text!r})" for r in result.removals)
            failures.append(f"{rule.source}: {rule.id}: keep example {n} {text!r} lost text to {by}")
    return failures


def run_examples(cleaner: Cleaner, only_sources: set[str] | None = None) -> tuple[list[str], int]:
    """All failures and the number of examples run, for the rules under `only_sources` (or all)."""
    failures: list[str] = []
    total = 0
    for rule in cleaner.rules:
        if only_sources and not _under(rule.source, only_sources):
            continue
        total += len(rule.remove) + len(rule.keep)
        failures.extend(check_rule(cleaner, rule))
    return failures, total
