"""Site profiles: on how many of a site's pages each line occurs, built in one streaming pass, mergeable.

A line is counted by its key: cleaner's folded key of the line (`fold`: lowercase letters and digits), hashed
to 8 bytes (its length in 16 bits and a 48-bit hash), once per page. Per site the profile keeps the page
count, a table key -> pages, and the text of the most repeated lines (at most TOP_TEXTS per site, so
`cleaner profile --show` can say what will go).

Memory is bounded: when a site's table grows past its budget of keys, the rarest keys go first (a lossy
count); the site records that it was pruned and the largest count a pruning dropped. A budget for all
sites together prunes the largest site first.

The file is msgpack (via msgspec) with a versioned header; keys are sorted and stored as packed little-endian
integers, so the same input gives the same bytes. Merging adds page counts and key counts: associative and
commutative (with no budget; a budget prunes after the sum, which is lossy by design).
"""

from __future__ import annotations

import hashlib
import sys
from array import array
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from cleaner.core.fold import fold
from cleaner.core.sniff import looks_like_html

FORMAT = "cleaner-site-profile"
VERSION = 1
# A folded key shorter than this is not counted: a lone number, a bullet, an initial.
MIN_KEY = 3
# The text of a line is kept once it has been seen on TEXT_AT pages, and only for the TOP_TEXTS most
# repeated lines of a site when the profile is written; at most TEXT_CHARS characters of it.
TEXT_AT = 3
TOP_TEXTS = 50
TEXT_CHARS = 200
# About how many bytes of memory one key of a site table costs while profiling (a dict entry and two ints),
# measured with tracemalloc on 200,000 keys: used to turn a budget in MB into keys.
KEY_BYTES = 110
DEFAULT_BUDGET = 200_000  # keys per site
DEFAULT_TOTAL = 5_000_000  # keys in all

_LITTLE = sys.byteorder == "little"


def line_key(folded_line: bytes) -> int:
    """The 8-byte key of one folded line, as an int: the folded length (16 bits, capped) above a 48-bit hash.

    The length lets cleaning skip hashing every line whose length no repeated line of its site has (most).
    """
    return (min(len(folded_line), 0xFFFF) << 48) | int.from_bytes(
        hashlib.blake2b(folded_line, digest_size=6).digest(), "little")


def key_length(key: int) -> int:
    """The folded length a key was made from (capped at 65535)."""
    return key >> 48


def page_lines(text: str) -> tuple[list[str], list[bytes]]:
    """The lines of a page and their folded keys, aligned; HTML is turned into text first, as cleaning does."""
    if looks_like_html(text):
        from cleaner.html import html_to_text

        text = html_to_text(text)
    return text.split("\n"), fold(text).split(b"\n")


def countable(key: bytes) -> bool:
    """Whether a folded line is counted: not blank, not a number, not too short to mean anything."""
    return len(key) >= MIN_KEY and not key.isdigit()


# -- sites ----------------------------------------------------------------------------------------------------

# Second-level labels under which a country's registrations sit (example.co.uk, example.com.au): a short
# list instead of the public-suffix list, which needs a download or a pinned copy.
_SECOND_LEVEL = frozenset(["ac", "co", "com", "edu", "gob", "gouv", "gov", "gv", "ltd", "mil", "ne", "net", "nic",
                           "nom", "or", "org", "plc", "sch"])


# Hosting domains whose subdomains are separate sites (each user's blog): the public-suffix list's private
# section, reduced to the common ones. Measured: without it the 12 github.io blogs of our corpus were one site.
_SHARED_HOSTS = frozenset([
    "github.io", "gitlab.io", "netlify.app", "vercel.app", "pages.dev", "web.app", "firebaseapp.com",
    "herokuapp.com", "blogspot.com", "wordpress.com", "tumblr.com", "substack.com", "wixsite.com", "weebly.com",
    "neocities.org", "readthedocs.io", "azurewebsites.net", "appspot.com", "livejournal.com", "over-blog.com",
    "hatenablog.com", "fc2.com", "tistory.com", "naver.com", "medium.com"])


def registered_domain(host: str) -> str:
    """The registrable part of a host, approximated: the last two labels, three under co.uk-like suffixes
    and under shared hosting domains (user.github.io)."""
    host = host.lower().rstrip(".")
    labels = host.split(".")
    if len(labels) <= 2 or host.replace(".", "").isdigit() or ":" in host:
        return host
    if (len(labels[-1]) == 2 and labels[-2] in _SECOND_LEVEL) or ".".join(labels[-2:]) in _SHARED_HOSTS:
        return ".".join(labels[-3:])
    return ".".join(labels[-2:])


def site_key(url: str | None, by: str = "domain") -> str | None:
    """The site a URL belongs to: its registered domain (by="domain") or its host without www. (by="host")."""
    if not url:
        return None
    try:
        host = urlsplit(url if "//" in url else "//" + url).hostname or ""
    except ValueError:
        return None
    host = host.removeprefix("www.")
    if not host:
        return None
    return registered_domain(host) if by == "domain" else host


# -- the profile ----------------------------------------------------------------------------------------------

@dataclass
class SiteTable:
    """One site: its page count, pages per line key, and the text of its repeated lines."""

    pages: int = 0
    counts: dict[int, int] = field(default_factory=dict)
    texts: dict[int, str] = field(default_factory=dict)
    pruned: bool = False
    cutoff: int = 0  # the largest count a pruning dropped (summed on merge)

    def prune(self, target: int) -> int:
        """Drop the rarest keys until at most `target` are left; returns how many went."""
        if len(self.counts) <= target:
            return 0
        values = sorted(self.counts.values())
        cut = values[len(values) - target - 1] if target > 0 else values[-1]
        before = len(self.counts)
        self.counts = {k: c for k, c in self.counts.items() if c > cut}
        self.texts = {k: t for k, t in self.texts.items() if k in self.counts}
        self.pruned = True
        self.cutoff = max(self.cutoff, cut)
        return before - len(self.counts)

    def top(self, k: int) -> list[tuple[int, int]]:
        """The k most repeated keys as (key, pages), most pages first, ties by key."""
        items = sorted(self.counts.items(), key=lambda kv: (-kv[1], kv[0]))
        return items[:k]


class Profile:
    """Per site, on how many pages each line occurs. Not a dataclass: Options holds it by identity."""

    def __init__(self, by: str = "domain", budget: int = DEFAULT_BUDGET, total_budget: int = DEFAULT_TOTAL):
        if by not in ("domain", "host"):
            raise ValueError(f"by must be 'domain' or 'host', not {by!r}")
        self.by = by
        self.budget = budget
        self.total_budget = total_budget
        self.sites: dict[str, SiteTable] = {}
        self._keys = 0  # keys in all tables

    def __reduce__(self):
        # to workers by value, as the compact bytes of the file (a dict of ints pickles several times larger)
        return (Profile.from_bytes, (self.to_bytes(),))

    def __repr__(self) -> str:
        return f"Profile(by={self.by!r}, sites={len(self.sites)}, pages={self.pages})"

    @property
    def pages(self) -> int:
        return sum(t.pages for t in self.sites.values())

    def site_of(self, url: str | None) -> str | None:
        return site_key(url, self.by)

    def add_page(self, site: str, text: str) -> None:
        """Count the lines of one page of `site`, each once."""
        table = self.sites.get(site)
        if table is None:
            table = self.sites[site] = SiteTable()
        table.pages += 1
        lines, keys = page_lines(text)
        seen: dict[int, int] = {}
        for i, key in enumerate(keys):
            if len(key) >= MIN_KEY and not key.isdigit():
                seen.setdefault((min(len(key), 0xFFFF) << 48) | int.from_bytes(
                    hashlib.blake2b(key, digest_size=6).digest(), "little"), i)
        counts, texts = table.counts, table.texts
        before = len(counts)
        for h, i in seen.items():
            c = counts.get(h, 0) + 1
            counts[h] = c
            if c == TEXT_AT and h not in texts:
                texts[h] = lines[i].strip()[:TEXT_CHARS]
        self._keys += len(counts) - before
        if len(counts) > self.budget:
            self._keys -= table.prune(self.budget // 2)
        if self._keys > self.total_budget:
            self._shrink()

    def _shrink(self) -> None:
        """Over the total budget: halve the largest sites until under it (rarest keys first)."""
        while self._keys > self.total_budget:
            name = max(self.sites, key=lambda s: (len(self.sites[s].counts), s))
            table = self.sites[name]
            gone = table.prune(len(table.counts) // 2)
            self._keys -= gone
            if not gone:
                break

    def trim_texts(self) -> None:
        """Keep the text of the TOP_TEXTS most repeated lines of each site only."""
        for table in self.sites.values():
            top = {k for k, _ in table.top(TOP_TEXTS)}
            table.texts = {k: t for k, t in table.texts.items() if k in top}

    # -- bytes ----------------------------------------------------------------------------------------------
    def to_bytes(self) -> bytes:
        import msgspec

        self.trim_texts()
        sites = []
        for name in sorted(self.sites):
            t = self.sites[name]
            keys = sorted(t.counts)
            ka, ca = array("Q", keys), array("I", (min(t.counts[k], 0xFFFFFFFF) for k in keys))
            if not _LITTLE:
                ka.byteswap()
                ca.byteswap()
            texts = [[k, t.texts[k]] for k in sorted(t.texts)]
            sites.append([name, t.pages, t.pruned, t.cutoff, ka.tobytes(), ca.tobytes(), texts])
        header = {"format": FORMAT, "version": VERSION, "by": self.by, "budget": self.budget,
                  "total_budget": self.total_budget, "sites": sites}
        return msgspec.msgpack.encode(header)

    @classmethod
    def from_bytes(cls, data: bytes, source: str = "<profile>") -> Profile:
        header, sites = _decode(data, source)
        prof = cls(header["by"], header["budget"], header["total_budget"])
        for name, pages, pruned, cutoff, ka, ca, texts in sites:
            prof.sites[name] = SiteTable(pages, dict(zip(ka, ca, strict=True)), {k: t for k, t in texts},
                                         pruned, cutoff)
        prof._keys = sum(len(t.counts) for t in prof.sites.values())
        return prof


def _decode(data: bytes, source: str) -> tuple[dict, Iterator[tuple[str, int, bool, int, array, array, list]]]:
    """The header of a profile file and its sites, one at a time, with keys and counts as arrays."""
    import msgspec

    from cleaner.errors import InputError

    try:
        header = msgspec.msgpack.decode(data)
    except msgspec.DecodeError as err:
        raise InputError(source, f"not a site profile ({err})", hint="build one with `cleaner profile`") from err
    if not isinstance(header, dict) or header.get("format") != FORMAT:
        raise InputError(source, "not a site profile", hint="build one with `cleaner profile`")
    if header.get("version") != VERSION:
        raise InputError(source, f"site profile version {header.get('version')}, this cleaner reads {VERSION}",
                         hint="build it again with this cleaner")
    sites = header.pop("sites")

    def each() -> Iterator[tuple[str, int, bool, int, array, array, list]]:
        while sites:
            # pop as we go: each site's packed bytes are freed once its arrays are made
            name, pages, pruned, cutoff, kb, cb, texts = sites.pop()
            ka, ca = array("Q"), array("I")
            ka.frombytes(kb)
            ca.frombytes(cb)
            del kb, cb
            if not _LITTLE:
                ka.byteswap()
                ca.byteswap()
            yield name, pages, pruned, cutoff, ka, ca, texts

    sites.reverse()  # popped from the end, so in file order
    return header, each()


def read_frequent(path: str, need: Callable[[int], int | None]) -> tuple[str, dict[str, tuple[int, dict[int, int]]]]:
    """What cleaning needs of a profile file, without loading it whole: its way of counting sites, and per
    site its pages and only the keys on at least `need(pages)` pages (a site for which `need` is None is
    skipped). Memory: the file's bytes and the keys kept, not a table of every key (measured in the doc)."""
    with open(path, "rb") as f:
        data = f.read()
    header, sites = _decode(data, path)
    del data
    out: dict[str, tuple[int, dict[int, int]]] = {}
    for name, pages, _pruned, _cutoff, ka, ca, _texts in sites:
        least = need(pages)
        if least is None:
            continue
        keep = {k: c for k, c in zip(ka, ca, strict=True) if c >= least}
        if keep:
            out[name] = (pages, keep)
    return header["by"], out


def merge_profiles(profiles: Iterable[Profile]) -> Profile:
    """The sum of profiles (pages and counts added; a line's kept text is the smallest of its texts)."""
    profiles = list(profiles)
    if not profiles:
        return Profile()
    by = {p.by for p in profiles}
    if len(by) > 1:
        raise ValueError(f"profiles count sites differently ({', '.join(sorted(by))}): merge only like with like")
    out = Profile(profiles[0].by, min(p.budget for p in profiles), min(p.total_budget for p in profiles))
    for p in profiles:
        for name, t in p.sites.items():
            o = out.sites.get(name)
            if o is None:
                o = out.sites[name] = SiteTable()
            o.pages += t.pages
            o.pruned = o.pruned or t.pruned
            o.cutoff += t.cutoff
            for k, c in t.counts.items():
                o.counts[k] = o.counts.get(k, 0) + c
            for k, text in t.texts.items():
                old = o.texts.get(k)
                o.texts[k] = text if old is None or text < old else old
    out._keys = sum(len(t.counts) for t in out.sites.values())
    for t in out.sites.values():
        if len(t.counts) > out.budget:
            out._keys -= t.prune(out.budget)
    if out._keys > out.total_budget:
        out._shrink()
    return out


def build_profile(pages: Iterable[tuple[str | None, str]], by: str = "domain", budget: int = DEFAULT_BUDGET,
                  total_budget: int = DEFAULT_TOTAL) -> Profile:
    """A profile of (url or site, text) pairs; pages without a site are not counted.

    A value with "//" or a "/" is read as a URL; anything else is taken as the site's name as it is.
    """
    prof = Profile(by, budget, total_budget)
    for where, text in pages:
        site = _site_of(where, by)
        if site is not None:
            prof.add_page(site, text)
    return prof


def _site_of(where: str | None, by: str) -> str | None:
    if not where:
        return None
    if "/" in where:
        return site_key(where, by)
    return where.lower().removeprefix("www.")


def write_profile(profile: Profile, path: str) -> None:
    from cleaner.io.files import atomic_write

    atomic_write(path, profile.to_bytes())


def read_profile(path: str) -> Profile:
    """A profile file, or the sum of the `*.profile` files in a folder (what parallel workers wrote)."""
    import os

    if os.path.isdir(path):
        names = sorted(n for n in os.listdir(path) if n.endswith(".profile"))
        if not names:
            from cleaner.errors import InputError

            raise InputError(path, "no .profile files in this folder", hint="build them with `cleaner profile`")
        return merge_profiles(read_profile(os.path.join(path, n)) for n in names)
    with open(path, "rb") as f:
        return Profile.from_bytes(f.read(), path)


def read_pages(paths: Iterable[str], text_key: str = "text", url_key: str = "url",
               site: str | None = None) -> Iterator[tuple[str | None, str]]:
    """(url or site, text) of every page in files: a JSONL file gives one per record (its `url_key`, or
    `site` when the record has none), any other file one page of `site`."""
    from cleaner.io.files import read_inputs

    for item in read_inputs(list(paths)):
        if isinstance(item, str):
            yield site, item
            continue
        text = item.get(text_key)
        if isinstance(text, str):
            url = item.get(url_key)
            yield (url if isinstance(url, str) and url else site), text
