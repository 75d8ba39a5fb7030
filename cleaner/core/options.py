"""Options shared by the library, the CLI and the config file."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

QuotesMode = Literal["ascii", "keep"]
Backend = Literal["auto", "hyperscan", "python"]
HtmlMode = Literal["auto", "always", "never"]


@dataclass(frozen=True)
class Options:
    """Everything that changes what `Cleaner` produces; frozen so a Cleaner can be shared and pickled."""

    quotes: QuotesMode = "ascii"
    fix_encoding: bool = True
    builtin_rules: bool = True
    rule_paths: tuple[str, ...] = ()
    disable: tuple[str, ...] = ()
    languages: tuple[str, ...] = ()
    html: HtmlMode = "auto"
    backend: Backend = "auto"
    # HTML mode: keep user comments (after the article), tables, the headline
    html_comments: bool = False
    html_tables: bool = True
    html_headline: bool = True
    # Corpus mode (cleaner.corpus): a site profile (a Profile, or the path of a profile file) removes the lines
    # a page's site repeats; the page's URL is the record field `url_key`, else `site` names the site.
    profile: object = None
    site_min_pages: int | None = None
    site_min_share: float | None = None
    site_min_site_pages: int | None = None
    site: str | None = None
    url_key: str = "url"

    def __post_init__(self) -> None:
        if self.quotes not in ("ascii", "keep"):
            raise ValueError(f"quotes must be 'ascii' or 'keep', not {self.quotes!r}")
        if self.backend not in ("auto", "hyperscan", "python"):
            raise ValueError(f"backend must be 'auto', 'hyperscan' or 'python', not {self.backend!r}")
        if self.html not in ("auto", "always", "never"):
            raise ValueError(f"html must be 'auto', 'always' or 'never', not {self.html!r}")
        if self.profile is not None and not isinstance(self.profile, str) and hasattr(self.profile, "__fspath__"):
            object.__setattr__(self, "profile", str(self.profile))
        # Accept lists from callers but store tuples so Options stays hashable.
        for name in ("rule_paths", "disable", "languages"):
            value = getattr(self, name)
            if isinstance(value, str):
                value = (value,)
            object.__setattr__(self, name, tuple(str(v) for v in value))
