"""Corpus mode: learn each site's boilerplate from its own pages (a site profile), then remove it, explained.

`profile` builds, merges, reads and writes site profiles (which lines recur on how many of a site's pages);
`decide` says which lines of a page go, and why (rule id `site.repeat`).
"""

from __future__ import annotations

from cleaner.corpus.decide import SITE_RULE, SiteFilter
from cleaner.corpus.profile import Profile, build_profile, merge_profiles, read_profile, site_key, write_profile

__all__ = ["SITE_RULE", "Profile", "SiteFilter", "build_profile", "merge_profiles", "read_profile", "site_key",
           "write_profile"]
