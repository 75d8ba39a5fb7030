"""Rule files: TOML data validated on load, phrases expanded and folded for the matcher."""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from .boundaries import BOTH, phrase_edges
from .errors import RuleError
from .fold import fold_phrase
from .regexcheck import Backtracking, check_pattern

if TYPE_CHECKING:
    from .ruleschema import RuleSpec

Scope = Literal["line", "edge", "trailer", "header", "inline"]
Strength = Literal["strong", "weak"]

MIN_PHRASE_BYTES = 3
MAX_EXPANSIONS = 5000
_ID_RE = re.compile(r"^[a-z0-9][a-z0-9_.-]*$")
_LANG_RE = re.compile(r"^[a-z]{2,3}(-[a-z]+)?$")


@dataclass(frozen=True)
class RemoveExample:
    """A text a rule must remove, and what must be left of it (nothing, by default)."""

    text: str
    expected: str = ""


@dataclass(frozen=True)
class Rule:
    """A validated rule, phrases already expanded and folded."""

    id: str
    description: str
    scope: Scope
    strength: Strength
    languages: frozenset[str]
    phrases: tuple[bytes, ...]
    patterns: tuple[str, ...]
    inline: tuple[re.Pattern[str], ...]
    min_coverage: float
    edge_coverage: float
    remove: tuple[RemoveExample, ...]
    keep: tuple[str, ...]
    source: str
    # Per phrase: which of its ends must fall on a word edge of the text (boundaries.START | END).
    edges: tuple[int, ...] = ()


@dataclass(frozen=True)
class RuleSource:
    """The text of one rule file and where it came from: what a pickled Cleaner carries."""

    path: str
    text: str


def builtin_rules_dir() -> Path:
    """Installed wheels carry the rules inside the package; a source checkout has them at the top."""
    here = Path(__file__).resolve().parent
    installed = here / "_rules"
    return installed if installed.is_dir() else here.parent / "rules"


def rule_files(path: str | Path) -> list[Path]:
    p = Path(path)
    if p.is_dir():
        return sorted(p.rglob("*.toml"))
    if p.is_file():
        return [p]
    raise RuleError(str(path), "no such rule file or folder")


def read_sources(paths: list[str | Path]) -> list[RuleSource]:
    """The rule files under paths, each once: a file named twice (config and command line) is not a duplicate."""
    sources = []
    seen: set[Path] = set()
    for path in paths:
        for file in rule_files(path):
            if file.resolve() in seen:
                continue
            seen.add(file.resolve())
            try:
                text = file.read_text(encoding="utf-8")
            except (OSError, UnicodeDecodeError) as err:
                raise RuleError(str(file), f"cannot read rule file: {err}") from err
            sources.append(RuleSource(str(file), text))
    return sources


def expand(phrase: str) -> list[str]:
    """Expand `{a|b|}` alternatives (an empty one makes the group optional) into plain phrases."""
    parts: list[list[str]] = []
    pos = 0
    for m in re.finditer(r"\{([^{}]*)\}", phrase):
        parts.append([phrase[pos : m.start()]])
        parts.append(m.group(1).split("|"))
        pos = m.end()
    parts.append([phrase[pos:]])
    if "{" in phrase[pos:] or "}" in phrase[pos:]:
        raise ValueError("unbalanced or nested braces")
    total = 1
    for alternatives in parts:
        total *= len(alternatives)
    if total > MAX_EXPANSIONS:
        raise ValueError(f"expands to {total} phrases (at most {MAX_EXPANSIONS})")
    return ["".join(combo) for combo in itertools.product(*parts)]


def _fold_phrases(spec: RuleSpec, path: str) -> tuple[tuple[bytes, ...], tuple[int, ...]]:
    """The rule's folded phrases, and for each which ends must fall on word edges (an end that any
    variant leaves open stays open)."""
    folded: dict[bytes, int] = {}
    for i, phrase in enumerate(spec.phrases):
        try:
            variants = expand(phrase)
        except ValueError as err:
            raise RuleError(path, f"phrase {phrase!r}: {err}", spec.id, f"phrases[{i}]") from err
        for variant in variants:
            key = fold_phrase(variant)
            if len(key) < MIN_PHRASE_BYTES:
                raise RuleError(
                    path,
                    f"phrase {variant!r} folds to {key.decode()!r}: at least {MIN_PHRASE_BYTES} letters "
                    "or digits are needed, or it would match inside ordinary words",
                    spec.id,
                    f"phrases[{i}]",
                )
            folded[key] = folded.get(key, BOTH) & phrase_edges(variant, key)
    return tuple(folded), tuple(folded.values())


def _compile_checked(spec: RuleSpec, path: str, field: str, flags: int, what: str,
                     empty: str) -> tuple[re.Pattern[str], ...]:
    """Compile a rule's regexes, refusing invalid ones, ones that match `empty` and ones that can
    backtrack catastrophically; errors name the file, the rule and the field."""
    compiled = []
    for i, pattern in enumerate(getattr(spec, field)):
        where = f"{field}[{i}]"
        try:
            rx = re.compile(pattern, flags)
        except re.error as err:
            raise RuleError(path, f"{what} {pattern!r} is not a valid regex: {err}", spec.id, where) from err
        if rx.fullmatch(""):
            raise RuleError(path, f"{what} {pattern!r} matches {empty}", spec.id, where)
        _check_backtracking(pattern, flags, path, spec.id, where)
        compiled.append(rx)
    return tuple(compiled)


def _check_backtracking(pattern: str, flags: int, path: str, rule_id: str, field: str) -> None:
    """The Python scanner and inline cuts run `re` on every line: a pattern that can backtrack
    catastrophically would hang a run on one long line, so it is refused when the rules load."""
    try:
        check_pattern(pattern, flags)
    except Backtracking as err:
        raise RuleError(path, f"pattern {pattern!r}: {err}", rule_id, field) from err


def _validate(spec: RuleSpec, path: str) -> None:
    if not _ID_RE.match(spec.id):
        raise RuleError(path, "ids are lowercase letters, digits, '.', '-' and '_'", spec.id, "id")
    if not spec.description.strip():
        raise RuleError(path, "say what the rule removes and why", spec.id, "description")
    if not spec.phrases and not spec.patterns:
        raise RuleError(path, "a rule needs phrases or patterns", spec.id, "phrases")
    if spec.scope == "inline" and not spec.inline:
        raise RuleError(path, "an inline rule needs inline patterns (the spans to cut)", spec.id, "inline")
    if spec.scope != "inline" and spec.inline:
        raise RuleError(path, "inline patterns only go with scope = 'inline'", spec.id, "inline")
    for name in ("min_coverage", "edge_coverage"):
        value = getattr(spec, name)
        if not 0.0 < value <= 1.0:
            raise RuleError(path, f"must be in (0, 1], not {value}", spec.id, name)
    for lang in spec.languages:
        if not _LANG_RE.match(lang):
            raise RuleError(path, f"{lang!r} is not an ISO 639 code like 'en' or 'de'", spec.id, "languages")
    if not spec.remove:
        raise RuleError(path, "every rule carries examples it must remove", spec.id, "remove")
    if not spec.keep:
        raise RuleError(path, "every rule carries examples it must keep", spec.id, "keep")


def parse_source(source: RuleSource) -> list[Rule]:
    """Parse and validate one rule file; every error names the file, the rule and the field."""
    from .ruleschema import read_spec  # only when rule files are parsed: cached rule sets start faster

    path = source.path
    spec = read_spec(source.text, path)
    rules = []
    for rule_spec in spec.rule:
        _validate(rule_spec, path)
        phrases, edges = _fold_phrases(rule_spec, path)
        _compile_checked(rule_spec, path, "patterns", re.ASCII, "pattern", "an empty line")
        rules.append(
            Rule(
                id=rule_spec.id,
                description=rule_spec.description.strip(),
                scope=rule_spec.scope,
                strength=rule_spec.strength,
                languages=frozenset(rule_spec.languages),
                phrases=phrases,
                patterns=tuple(rule_spec.patterns),
                inline=_compile_checked(rule_spec, path, "inline", re.IGNORECASE, "inline pattern", "empty text"),
                min_coverage=rule_spec.min_coverage,
                edge_coverage=rule_spec.edge_coverage,
                remove=tuple(RemoveExample(e) if isinstance(e, str) else RemoveExample(e.text, e.expected)
                             for e in rule_spec.remove),
                keep=tuple(rule_spec.keep),
                source=path,
                edges=edges,
            )
        )
    return rules


def load_rules(sources: list[RuleSource]) -> list[Rule]:
    """All rules of all sources; duplicate ids are an error (a later file must not shadow silently)."""
    rules: list[Rule] = []
    seen: dict[str, str] = {}
    for source in sources:
        for rule in parse_source(source):
            if rule.id in seen:
                raise RuleError(source.path, f"duplicate rule id, first defined in {seen[rule.id]}", rule.id, "id")
            seen[rule.id] = source.path
            rules.append(rule)
    return rules


def is_disabled(rule_id: str, disable: tuple[str, ...]) -> bool:
    """`--disable social.*` switches off a family; a plain id one rule."""
    return any(rule_id.startswith(d[:-1]) if d.endswith("*") else rule_id == d for d in disable)
