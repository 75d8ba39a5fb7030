"""Which lines of a page are its site's boilerplate, by the site's profile; each removal says why.

A line goes when it occurs on at least `min_pages` pages and at least a share `min_share` of its site's
pages. Guards (measured, see docs/corpus-mode.md):
- a site with fewer than `min_site_pages` pages gets no site rules: a handful of pages cannot tell a
  site's furniture from a story that was updated twice;
- a prose line (PROSE_WORDS words or more, ending a sentence) is content that may legitimately recur (an
  agency's standard paragraph, a quoted line, a recipe's standard step): it needs PROSE_FACTOR times the
  pages and the share (the share at most PROSE_MAX_SHARE);
- a line of program code (`;`, braces, `=`, `#include`, `return`, ...) never goes: a programming blog's
  `using namespace std;` or `return 0;` recurs on most of its pages and is content (measured: the largest
  share of the content a profile took on our corpus);
- a repeated line alone in the middle of the page (not within the first or last EDGE_SHARE of its lines,
  and with no other repeated line next to it) stays: that is a post's standard heading ("References",
  "Abstract", "Version"), where a site's furniture sits at the edges or in blocks (measured, see the doc);
- blank lines, numbers and keys shorter than MIN_KEY never count.
"""

from __future__ import annotations

import os
import re

from cleaner.core.fold import fold
from cleaner.core.heuristics import ends_sentence
from cleaner.corpus.profile import MIN_KEY, Profile, key_length, line_key, read_frequent, read_profile

SITE_RULE = "site.repeat"
MIN_PAGES = 10
MIN_SHARE = 0.2
MIN_SITE_PAGES = 20
PROSE_WORDS = 12
PROSE_FACTOR = 2.0
PROSE_MAX_SHARE = 0.8
EDGE_SHARE = 0.2


_CODE = re.compile(r"[;{}=]|\(\)|^\s*(#\s*include|import |from \S+ import|def |class |return\b|public:|private:"
                   r"|protected:|else\b|for\s*\(|if\s*\(|while\s*\()|,\s*$")


def is_code(line: str) -> bool:
    """A line that looks like program code: recurring code is content, never a site's furniture."""
    return bool(_CODE.search(line))


def is_prose(line: str) -> bool:
    """A line of many words that ends a sentence: content until shown otherwise."""
    return len(line.split()) >= PROSE_WORDS and ends_sentence(line)


def _furniture(found: dict[int, str], keys: list[bytes]) -> dict[int, str]:
    """The repeated lines that stand where a site's furniture does: near the start or end of the page, or
    next to another repeated line; an isolated one in the middle is the page's own (a standard heading)."""
    filled = [i for i, k in enumerate(keys) if k]
    n = len(filled)
    edge = max(1, round(n * EDGE_SHARE))
    out = {}
    for rank, i in enumerate(filled):
        if i not in found:
            continue
        near = (rank > 0 and filled[rank - 1] in found) or (rank + 1 < n and filled[rank + 1] in found)
        if rank < edge or rank >= n - edge or near:
            out[i] = found[i]
    return out


class SiteFilter:
    """The site decision for a Cleaner: holds, per site, only the keys frequent enough to be removed."""

    def __init__(self, profile: Profile | str, min_pages: int | None = None, min_share: float | None = None,
                 min_site_pages: int | None = None, site: str | None = None):
        self.min_pages = MIN_PAGES if min_pages is None else min_pages
        self.min_share = MIN_SHARE if min_share is None else min_share
        self.min_site_pages = MIN_SITE_PAGES if min_site_pages is None else min_site_pages
        self.default_site = site
        # site -> (pages, {key: pages with the line}) for the keys that pass the plain threshold
        self.sites: dict[str, tuple[int, dict[int, int]]]
        if not isinstance(profile, Profile) and os.path.isdir(str(profile)):
            # a folder of shard profiles: a line's count is their sum, so they are merged whole first
            profile = read_profile(str(profile))
        if isinstance(profile, Profile):
            self.by = profile.by
            self.sites = {}
            for name, table in profile.sites.items():
                need = self._need(table.pages)
                keep = {k: c for k, c in table.counts.items() if need is not None and c >= need}
                if keep:
                    self.sites[name] = (table.pages, keep)
        else:
            # a file: keep only the keys that pass while decoding (not a table of every key: 235 MB -> see doc)
            self.by, self.sites = read_frequent(str(profile), self._need)
        # site -> the folded lengths of its repeated lines: a line of another length needs no hash (most lines)
        self.lengths: dict[str, frozenset[int]] = {
            name: frozenset(map(key_length, keep)) for name, (_pages, keep) in self.sites.items()}

    def _need(self, pages: int) -> int | None:
        """The plain threshold of a site of `pages` pages, or None when it is too small for site rules."""
        return None if pages < self.min_site_pages else self.threshold(pages)

    def threshold(self, pages: int, prose: bool = False) -> int:
        """The fewest pages of a site of `pages` pages on which a line must occur to go."""
        n: float = self.min_pages
        share = self.min_share
        if prose:
            n, share = n * PROSE_FACTOR, min(PROSE_MAX_SHARE, share * PROSE_FACTOR)
        return max(int(n + 0.999999), int(share * pages + 0.999999), 1)

    def site_of(self, where: str | None) -> str | None:
        """A URL's site (by the profile's way of counting), a site's name as it is, or the default site."""
        from cleaner.corpus.profile import _site_of

        return _site_of(where, self.by) if where else self.default_site

    def decide(self, lines: list[str], keys: list[bytes], site: str) -> dict[int, str]:
        """Line index -> the facts for each line of a page of `site` that goes."""
        entry = self.sites.get(site)
        if entry is None:
            return {}
        pages, table = entry
        lengths = self.lengths[site]
        out: dict[int, str] = {}
        prose_need = None
        for i, key in enumerate(keys):
            if len(key) not in lengths or len(key) < MIN_KEY or key.isdigit():
                continue
            c = table.get(line_key(key))
            if c is None or is_code(lines[i]):
                continue
            if is_prose(lines[i]):
                if prose_need is None:
                    prose_need = self.threshold(pages, prose=True)
                if c < prose_need:
                    continue
            out[i] = f"on {c} of {pages} pages of {site}"
        return _furniture(out, keys) if out else out

    def strip(self, text: str, where: str | None,
              ) -> tuple[str, list[tuple[int, str, str]], list[int] | None, bytes | None]:
        """The text without its site's boilerplate lines, what went (0-based line, line, facts), for each
        kept line where it stood (None when nothing went), and the folded key of the text returned (None
        when it was not folded: the caller folds it, as without a profile)."""
        site = self.site_of(where)
        if site is None or site not in self.sites:
            return text, [], None, None
        lines = text.split("\n")
        folded = fold(text)
        keys = folded.split(b"\n")
        gone = self.decide(lines, keys, site)
        if not gone:
            return text, [], None, folded
        kept_at = [i for i in range(len(lines)) if i not in gone]
        removed = [(i, lines[i], facts) for i, facts in sorted(gone.items())]
        # fold is line-local: the key of the kept lines is the kept lines of the key
        return ("\n".join(lines[i] for i in kept_at), removed, kept_at, b"\n".join(keys[i] for i in kept_at))


def make_filter(options) -> SiteFilter | None:
    """The SiteFilter an Options asks for, or None without a profile."""
    if options.profile is None:
        return None
    return SiteFilter(options.profile, options.site_min_pages, options.site_min_share, options.site_min_site_pages,
                      options.site)
