"""Rule files: TOML data validated on load, phrases expanded and folded for the matcher."""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from cleaner.core.boundaries import BOTH, phrase_edges
from cleaner.core.fold import fold_phrase
from cleaner.errors import RuleError
from cleaner.rules.saferegex import LazyRegexes, Regex, UnsafeRegex, compile_rule_regex

if TYPE_CHECKING:
    from cleaner.rules.schema import RuleSpec

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
    # compiled by RE2 (saferegex): linear time whatever the pattern; read back from the cache, when first used
    inline: tuple[Regex, ...] | LazyRegexes
    min_coverage: float
    edge_coverage: float
    remove: tuple[RemoveExample, ...]
    keep: tuple[str, ...]
    source: str
    # Per phrase: which of its ends must fall on a word edge of the text (boundaries.START | END).
    edges: tuple[int, ...] = ()
    inline_patterns: tuple[str, ...] = ()  # the inline patterns as written: what the rules cache stores


@dataclass(frozen=True)
class RuleSource:
    """The text of one rule file and where it came from: what a pickled Cleaner carries."""

    path: str
    text: str


def builtin_rules_dir() -> Path:
    """Installed wheels carry the rules inside the package; a source checkout has them at the top."""
    package = Path(__file__).resolve().parent.parent
    installed = package / "_rules"
    return installed if installed.is_dir() else package.parent / "rules"


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


def _compile_checked(spec: RuleSpec, path: str, field: str, unicode: bool, ignore_case: bool, what: str,
                     empty: str) -> tuple[Regex, ...]:
    """Compile a rule's regexes with RE2 (saferegex), refusing what RE2 cannot run in linear time and ones
    that match `empty`; errors name the file, the rule and the field."""
    compiled = []
    for i, pattern in enumerate(getattr(spec, field)):
        where = f"{field}[{i}]"
        try:
            rx = compile_rule_regex(pattern, unicode=unicode, ignore_case=ignore_case)
        except UnsafeRegex as err:
            raise RuleError(path, f"{what} {pattern!r} is not accepted: {err}", spec.id, where) from err
        if rx.fullmatch("") is not None:
            raise RuleError(path, f"{what} {pattern!r} matches {empty}", spec.id, where)
        compiled.append(rx)
    return tuple(compiled)


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
    from cleaner.rules.schema import read_spec  # only when rule files are parsed: cached rule sets start faster

    path = source.path
    spec = read_spec(source.text, path)
    rules = []
    for rule_spec in spec.rule:
        _validate(rule_spec, path)
        phrases, edges = _fold_phrases(rule_spec, path)
        _compile_checked(rule_spec, path, "patterns", False, False, "pattern", "an empty line")
        rules.append(
            Rule(
                id=rule_spec.id,
                description=rule_spec.description.strip(),
                scope=rule_spec.scope,
                strength=rule_spec.strength,
                languages=frozenset(rule_spec.languages),
                phrases=phrases,
                patterns=tuple(rule_spec.patterns),
                inline=_compile_checked(rule_spec, path, "inline", True, True, "inline pattern", "empty text"),
                min_coverage=rule_spec.min_coverage,
                edge_coverage=rule_spec.edge_coverage,
                remove=tuple(RemoveExample(e) if isinstance(e, str) else RemoveExample(e.text, e.expected)
                             for e in rule_spec.remove),
                keep=tuple(rule_spec.keep),
                source=path,
                inline_patterns=tuple(rule_spec.inline),
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


# -- the rules cache's format (cache.py): plain JSON data, never code ------------------------------------------
_RECORD_VERSION = 1
_SCOPES = frozenset(("line", "edge", "trailer", "header", "inline"))


class BadRecord(ValueError):
    """A cached rules record that is not exactly what rules_to_record writes: the cache treats it as a miss."""


def rules_to_record(rules: list[Rule]) -> bytes:
    """Parsed rules as JSON of strings and numbers (phrases as Latin-1 text), so loading runs no code."""
    import json

    rows = [[r.id, r.description, r.scope, r.strength, sorted(r.languages), [p.decode("latin-1") for p in r.phrases],
             list(r.patterns), list(r.inline_patterns), r.min_coverage, r.edge_coverage,
             [[e.text, e.expected] for e in r.remove], list(r.keep), r.source, list(r.edges)] for r in rules]
    return json.dumps([_RECORD_VERSION, rows], ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def _strs(value: object) -> tuple[str, ...]:
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise BadRecord("expected a list of strings")
    return tuple(value)


def _number(value: object) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise BadRecord("expected a number")
    return float(value)


def rules_from_record(data: bytes) -> list[Rule]:
    """Rules back from rules_to_record's bytes, every field type-checked; raises BadRecord (or UnicodeError /
    ValueError) on anything else. The inline regexes are compiled by RE2 when a rule first cuts a line: the
    record holds only patterns that compiled when their rule file was loaded."""
    import json

    top = json.loads(data.decode("utf-8"))
    if not (isinstance(top, list) and len(top) == 2 and top[0] == _RECORD_VERSION and isinstance(top[1], list)):
        raise BadRecord("not a rules record of this version")
    rules = []
    for row in top[1]:
        if not (isinstance(row, list) and len(row) == 14):
            raise BadRecord("a rule row has the wrong shape")
        rid, desc, scope, strength, langs, phrases, patterns, inline, min_cov, edge_cov, remove, keep, source, \
            edges = row
        if not all(isinstance(v, str) for v in (rid, desc, scope, strength, source)):
            raise BadRecord("expected strings")
        if scope not in _SCOPES or strength not in ("strong", "weak"):
            raise BadRecord("unknown scope or strength")
        if not isinstance(remove, list) or not all(isinstance(e, list) and len(e) == 2 for e in remove):
            raise BadRecord("bad remove examples")
        inline_patterns = _strs(inline)
        if not isinstance(edges, list) or not all(type(e) is int and 0 <= e <= BOTH for e in edges) \
                or len(edges) != len(phrases):
            raise BadRecord("bad phrase edges")
        rules.append(Rule(
            id=rid, description=desc, scope=scope, strength=strength, languages=frozenset(_strs(langs)),
            phrases=tuple(p.encode("latin-1") for p in _strs(phrases)), patterns=_strs(patterns),
            inline=LazyRegexes(inline_patterns),
            min_coverage=_number(min_cov), edge_coverage=_number(edge_cov),
            remove=tuple(RemoveExample(*_strs(e)) for e in remove), keep=_strs(keep), source=source,
            inline_patterns=inline_patterns, edges=tuple(edges)))
    return rules
