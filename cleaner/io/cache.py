"""An on-disk cache of compiled rule sets, so that `cleaner` in a shell loop starts fast.

Two things are cached, each under a key that changes whenever its inputs do:

* the Hyperscan database (`hyperscan.dumpb`), keyed by the folded phrases and patterns, the hyperscan
  version and the machine (a database is specific to the CPU features it was compiled for);
* the parsed rules, keyed by the rule file texts and the code that parses and folds them.

The folder is CLEANER_CACHE_DIR, else the user's cache folder as platformdirs names it on each system
($XDG_CACHE_HOME/cleaner or ~/.cache/cleaner on Linux, ~/Library/Caches/cleaner on macOS, %LOCALAPPDATA%
on Windows). It is capped at CLEANER_CACHE_MAX_MB megabytes (default 64): after a write, the entries used
least recently (a hit refreshes an entry's time) are removed until the folder fits. The cache is an
optimisation only: a folder that cannot be written is silently skipped, and an entry that cannot be
read back (truncated, corrupt, from another version) is rebuilt and overwritten.

Nothing read from the folder can run code: the rules are stored as JSON of strings and numbers
(`rules.rules_to_record`), type-checked field by field when read back, with their inline regexes compiled
by RE2 when first used; the Hyperscan database is the library's own serialised bytes. No pickle (docs/rules-safety.md).
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import sys
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TypeVar

T = TypeVar("T")
_MAGIC = b"cleaner-cache-2\n"  # 2: rules as JSON data (1 was a pickle)
# the code whose output the rules cache holds
_CODE_FILES = ("rules/load.py", "rules/schema.py", "rules/saferegex.py", "core/fold.py", "core/boundaries.py")


DEFAULT_MAX_MB = 64.0  # a day's work left 63 entries and 14 MB: room for several rule sets and machines


def cache_dir() -> Path | None:
    """Where cache entries live, or None when the environment names no usable folder."""
    env = os.environ.get("CLEANER_CACHE_DIR")
    if env:
        return Path(env)
    try:
        from platformdirs import user_cache_dir

        return Path(user_cache_dir("cleaner", appauthor=False))
    except (RuntimeError, KeyError, OSError):  # no home directory
        return None


def max_bytes() -> int:
    """The size cap of the cache folder (CLEANER_CACHE_MAX_MB; 0 keeps nothing after a write)."""
    try:
        mb = float(os.environ.get("CLEANER_CACHE_MAX_MB", DEFAULT_MAX_MB))
    except ValueError:
        mb = DEFAULT_MAX_MB
    return max(0, int(mb * 1_000_000))


def evict(folder: Path, limit: int, keep: Path | None = None) -> list[Path]:
    """Remove the least recently used entries until the folder's entries total at most `limit` bytes; the
    entry `keep` (the one just written) goes last of all. Returns what was removed."""
    entries = []
    for p in folder.glob("*.bin"):
        with contextlib.suppress(OSError):
            st = p.stat()
            entries.append((p == keep, st.st_mtime_ns, p.name, st.st_size, p))
    total = sum(e[3] for e in entries)
    removed = []
    for _keep, _mtime, _name, size, p in sorted(entries):
        if total <= limit:
            break
        with contextlib.suppress(OSError):
            p.unlink()
            removed.append(p)
            total -= size
    return removed


def make_key(*parts: str | bytes | Iterable[str | bytes]) -> str:
    """A hex digest of parts (strings, bytes, or iterables of them), each length-prefixed."""
    h = hashlib.sha256(_MAGIC)
    for part in parts:
        items = [part] if isinstance(part, str | bytes) else list(part)
        h.update(b"%d;" % len(items))
        for item in items:
            data = item.encode("utf-8") if isinstance(item, str) else item
            h.update(b"%d:" % len(data))
            h.update(data)
    return h.hexdigest()


def machine() -> str:
    """What a compiled database depends on besides its patterns (os.uname: `platform` is slow to import)."""
    arch = os.uname().machine if hasattr(os, "uname") else os.environ.get("PROCESSOR_ARCHITECTURE", "")
    return f"{arch}|{sys.implementation.name}|{sys.platform}"


def read(kind: str, key: str) -> bytes | None:
    """The payload stored under kind/key, or None (missing or unreadable)."""
    folder = cache_dir()
    if folder is None:
        return None
    entry = folder / f"{kind}-{key}.bin"
    try:
        data = entry.read_bytes()
    except OSError:
        return None
    header = _MAGIC + key.encode() + b"\n"
    digest_end = len(header) + 64
    if not data.startswith(header) or len(data) < digest_end:
        return None
    payload = data[digest_end:]
    if hashlib.sha256(payload).hexdigest().encode() != data[len(header) : digest_end]:
        return None  # truncated or corrupt: the caller rebuilds and overwrites it
    with contextlib.suppress(OSError):  # used now: the last to be evicted
        os.utime(entry)
    return payload


def write(kind: str, key: str, payload: bytes) -> bool:
    """Store atomically (temporary file, then rename); False when the folder cannot be written."""
    folder = cache_dir()
    if folder is None:
        return False
    data = _MAGIC + key.encode() + b"\n" + hashlib.sha256(payload).hexdigest().encode() + payload
    import tempfile  # only on a cache miss

    tmp = None
    try:
        folder.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{kind}-", suffix=".tmp", dir=folder)
        with os.fdopen(fd, "wb") as f:
            f.write(data)
        os.replace(tmp, folder / f"{kind}-{key}.bin")
        evict(folder, max_bytes(), keep=folder / f"{kind}-{key}.bin")
        return True
    except OSError:
        if tmp is not None:
            with contextlib.suppress(OSError):
                os.unlink(tmp)
        return False


def cached(kind: str, key: str, build: Callable[[], T], dump: Callable[[T], bytes],
           load: Callable[[bytes], T]) -> T:
    """load(read(key)) when that works, else build() and store dump() of it for the next run."""
    payload = read(kind, key)
    if payload is not None:
        try:
            return load(payload)
        except Exception:  # noqa: BLE001 - any failure to load an entry just means rebuilding it
            pass
    value = build()
    with contextlib.suppress(Exception):  # a value that cannot be serialised is simply not cached
        write(kind, key, dump(value))
    return value


def code_digest() -> str:
    """Digest of the modules whose output the rules cache stores, so editing them invalidates it."""
    package = Path(__file__).resolve().parent.parent
    return make_key([(package / name).read_bytes() for name in _CODE_FILES])


def cached_rules(sources: list, load_rules: Callable[[list], T]) -> T:
    """Parsed rules for these rule file texts, from the cache when the same texts were parsed before."""
    from cleaner import __version__
    from cleaner.rules.load import rules_from_record, rules_to_record

    key = make_key(__version__, code_digest(), [s.path + "\0" + s.text for s in sources])
    return cached("rules", key, lambda: load_rules(sources), rules_to_record, rules_from_record)  # type: ignore
