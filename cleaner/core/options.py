"""Options shared by the library, the CLI, the config file and the integrations: the one source of truth.

Each field of `Options` carries its own metadata (a `Setting`: help text, choices, the command-line flag
and the `[tool.cleaner]` key). From that one list the CLI builds its flags (cleaner/cli.py), the config
file its schema (cleaner/io/config.py) and the Scrapy pipeline its CLEANER_* settings
(cleaner/integrations/scrapy.py); datatrove and Dask take the field names as keyword arguments. A new
option is added here, once. tests/core/test_options.py proves that every field reaches all of them.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from typing import Any, Literal, get_args

QuotesMode = Literal["ascii", "keep"]
Backend = Literal["auto", "hyperscan", "python"]
HtmlMode = Literal["auto", "always", "never"]

# What a setting holds, which decides how a flag, a config value or a Scrapy setting is read:
# "choice" (one of `choices`), "bool", "list" (of strings), "langs" (codes, "en,de" or a list), "str",
# "path" (a file; relative to pyproject.toml in the config), "int", "float".
Kind = Literal["choice", "bool", "list", "langs", "str", "path", "int", "float"]


@dataclass(frozen=True)
class Setting:
    """How one option is shown and read everywhere: the flag, the config key and the Scrapy setting."""

    name: str  # the Options field (or, for run settings of the CLI, the click parameter)
    kind: Kind
    help: str
    default: Any = None
    choices: tuple[str, ...] = ()
    flag: str = ""  # the long flag without "--"; a bool is a pair "--flag/--no-flag"
    key: str = ""  # the [tool.cleaner] key
    metavar: str | None = None
    minimum: float | None = None
    maximum: float | None = None
    short: str = ""  # a one-letter alias ("-j")
    aliases: tuple[str, ...] = ()  # other long flags without "--" ("column" for text-key)

    @property
    def scrapy(self) -> str:
        """The Scrapy setting that carries this option."""
        return "CLEANER_" + self.key.replace("-", "_").upper()


def _opt(default: Any, kind: Kind, help: str, *, flag: str = "", key: str = "", choices: tuple[str, ...] = (),
         metavar: str | None = None, minimum: float | None = None, maximum: float | None = None) -> Any:
    """A dataclass field whose metadata is its Setting (the name is filled in by `settings()`)."""
    meta = {"kind": kind, "help": help, "flag": flag, "key": key, "choices": choices, "metavar": metavar,
            "minimum": minimum, "maximum": maximum}
    return field(default=default, metadata=meta)


@dataclass(frozen=True)
class Options:
    """Everything that changes what `Cleaner` produces; frozen so a Cleaner can be shared and pickled."""

    quotes: QuotesMode = _opt("ascii", "choice", "Curly quotes, the ellipsis and Unicode hyphens to ASCII "
                              "(dashes stay), or keep them all.", choices=get_args(QuotesMode))
    fix_encoding: bool = _opt(True, "bool", "Repair mojibake (text decoded with the wrong encoding).")
    builtin_rules: bool = _opt(True, "bool", "Use the built-in rules (--no-builtin-rules: only those of --rules).")
    rule_paths: tuple[str, ...] = _opt((), "list", "Add a rule file or folder (repeatable).", flag="rules",
                                       key="rules", metavar="PATH")
    disable: tuple[str, ...] = _opt((), "list", "Switch off a rule, or a family with 'family.*' (repeatable).",
                                    metavar="ID")
    languages: tuple[str, ...] = _opt((), "langs", "Keep only documents in these languages (e.g. en,de).",
                                      flag="lang", key="lang", metavar="CODES")
    html: HtmlMode = _opt("auto", "choice", "Extract the text of HTML first (auto: when a document looks like HTML).",
                          choices=get_args(HtmlMode))
    backend: Backend = _opt("auto", "choice", "Multi-pattern scanner.", choices=get_args(Backend))
    # HTML mode: keep user comments (after the article), tables, the headline
    html_comments: bool = _opt(False, "bool", "HTML: keep user comments (after the article text).")
    html_tables: bool = _opt(True, "bool", "HTML: keep data tables.")
    html_headline: bool = _opt(True, "bool", "HTML: keep the headline (<h1>).")
    # Corpus mode (cleaner.corpus): a site profile (a Profile, or the path of a profile file) removes the lines
    # a page's site repeats; the page's URL is the record field `url_key`, else `site` names the site.
    profile: object = _opt(None, "path", "Corpus mode: remove the lines each site repeats, by this site profile "
                           "(`cleaner profile`).", metavar="FILE")
    site_min_pages: int | None = _opt(None, "int", "Corpus mode: a line goes when on at least N pages of its site "
                                      "[default: 10].", metavar="N", minimum=1)
    site_min_share: float | None = _opt(None, "float", "Corpus mode: ... and on at least this share of its site's "
                                        "pages [default: 0.2].", metavar="S", minimum=0, maximum=1)
    site_min_site_pages: int | None = _opt(None, "int", "Corpus mode: a site with fewer pages gets no site rules "
                                           "[default: 20].", metavar="N", minimum=1)
    site: str | None = _opt(None, "str", "Corpus mode: the site of plain files and URL-less records.",
                            metavar="NAME")
    url_key: str = _opt("url", "str", "JSONL field holding the page's URL (corpus mode).", metavar="KEY")

    def __post_init__(self) -> None:
        for s in settings():
            if s.kind == "choice" and getattr(self, s.name) not in s.choices:
                allowed = ", ".join(repr(c) for c in s.choices[:-1]) + f" or {s.choices[-1]!r}"
                raise ValueError(f"{s.name} must be {allowed}, not {getattr(self, s.name)!r}")
        if self.profile is not None and not isinstance(self.profile, str) and hasattr(self.profile, "__fspath__"):
            object.__setattr__(self, "profile", str(self.profile))
        # Accept lists from callers but store tuples so Options stays hashable.
        for name in ("rule_paths", "disable", "languages"):
            value = getattr(self, name)
            if isinstance(value, str):
                value = split_languages(value) if name == "languages" else (value,)
            object.__setattr__(self, name, tuple(str(v) for v in value))


def split_languages(value: str | list[str] | tuple[str, ...] | None) -> tuple[str, ...]:
    """"en,de" or ["en", "de"] -> ("en", "de")."""
    if not value:
        return ()
    items = value.split(",") if isinstance(value, str) else [x for v in value for x in str(v).split(",")]
    return tuple(x.strip() for x in items if x.strip())


_SETTINGS: list[tuple[Setting, ...]] = []


def settings() -> tuple[Setting, ...]:
    """The Setting of every Options field, in field order."""
    if not _SETTINGS:
        out = []
        for f in fields(Options):
            m = dict(f.metadata)
            flag = m.pop("flag") or f.name.replace("_", "-")
            key = m.pop("key") or f.name.replace("_", "-")
            out.append(Setting(f.name, default=f.default, flag=flag, key=key, **m))
        _SETTINGS.append(tuple(out))
    return _SETTINGS[0]


def options_from(values: dict[str, Any]) -> Options:
    """Options from values keyed by field name, as the config, the CLI and the integrations produce them."""
    return Options(**{k: v for k, v in values.items() if k in _field_names()})


def _field_names() -> frozenset[str]:
    return frozenset(s.name for s in settings())
