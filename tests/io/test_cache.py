"""The on-disk rule cache: reused when valid, rebuilt when corrupt, skipped when it cannot be written."""

from __future__ import annotations

import dataclasses
import os
from pathlib import Path

import pytest

from cleaner import Cleaner, Options
from cleaner.core.matcher import HyperscanMatcher, hyperscan_available
from cleaner.io import cache
from tests.conftest import ROOT

SEED = (ROOT / "seeds" / "input").glob("*.txt")
needs_hyperscan = pytest.mark.skipif(not hyperscan_available(), reason="hyperscan is not installed")


@pytest.fixture
def cache_dir(tmp_path, monkeypatch):
    folder = tmp_path / "cache"
    monkeypatch.setenv("CLEANER_CACHE_DIR", str(folder))
    return folder


def _docs() -> list[str]:
    return [p.read_text(encoding="utf-8") for p in sorted(SEED)]


def test_cache_dir_follows_the_environment(tmp_path, monkeypatch):
    monkeypatch.delenv("CLEANER_CACHE_DIR", raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    assert cache.cache_dir() == tmp_path / "cleaner"
    monkeypatch.setenv("CLEANER_CACHE_DIR", str(tmp_path / "x"))
    assert cache.cache_dir() == tmp_path / "x"


def test_keys_are_unambiguous():
    assert cache.make_key("ab", "c") != cache.make_key("a", "bc")
    assert cache.make_key(["a", "b"]) != cache.make_key(["ab"])
    assert cache.make_key("a", b"b") == cache.make_key("a", "b")


@needs_hyperscan
def test_second_cleaner_loads_the_database_instead_of_compiling(cache_dir, monkeypatch):
    first = Cleaner()
    kinds = sorted(p.name.split("-")[0] for p in cache_dir.iterdir())
    assert kinds == ["hyperscan", "rules"]

    def no_compile(*_args, **_kwargs):
        raise AssertionError("compiled although the cache holds the database")

    monkeypatch.setattr(HyperscanMatcher, "_compile", staticmethod(no_compile))
    second = Cleaner()
    for doc in _docs():
        assert second.explain(doc) == first.explain(doc)


def test_corrupt_entries_are_rebuilt(cache_dir):
    reference = [Cleaner(Options(backend="python")).clean(d) for d in _docs()]
    Cleaner()
    for entry in cache_dir.iterdir():
        data = entry.read_bytes()
        entry.write_bytes(data[: len(data) // 2] + b"garbage")
    rebuilt = Cleaner()
    assert [rebuilt.clean(d) for d in _docs()] == reference
    for entry in cache_dir.iterdir():  # overwritten with valid entries
        assert cache.read(entry.name.split("-")[0], entry.stem.split("-", 1)[1]) is not None


def test_unwritable_cache_is_skipped(tmp_path, monkeypatch):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    monkeypatch.setenv("CLEANER_CACHE_DIR", str(blocker / "cache"))
    assert not cache.write("rules", "k", b"payload")
    assert cache.read("rules", "k") is None
    assert Cleaner().clean("Share this article\n\nThe vote is on Sunday.\n") == "The vote is on Sunday.\n"


def test_changed_rules_get_their_own_entry(cache_dir, tmp_path):
    Cleaner()
    before = {p.name for p in cache_dir.iterdir()}
    rule = tmp_path / "extra.toml"
    rule.write_text('[[rule]]\nid = "extra.one"\ndescription = "d"\nphrases = ["quux frobnicate"]\n'
                    'remove = ["Quux frobnicate"]\nkeep = ["Nothing to see."]\n', encoding="utf-8")
    extra = Cleaner(Options(rule_paths=(str(rule),)))
    assert extra.clean("Story.\n\nQuux frobnicate\n") == "Story.\n"
    assert Cleaner().clean("Story.\n\nQuux frobnicate\n") == "Story.\n\nQuux frobnicate\n"
    after = {p.name for p in cache_dir.iterdir()}
    assert before < after


# -- trust: nothing read from the cache folder runs code ---------------------------------------------------------

def _rules_entry(cache_dir):
    (entry,) = cache_dir.glob("rules-*.bin")
    return entry, entry.stem.split("-", 1)[1]


def test_a_crafted_pickle_with_a_valid_key_and_digest_does_not_run(cache_dir, tmp_path):
    # A pickle that writes a marker file when loaded, under the exact key of the real entry and with a valid
    # digest: what an attacker who can write the cache folder would plant. It must be a miss, not code.
    import pickle
    import subprocess
    import sys

    from tests.conftest import ROOT

    Cleaner()
    entry, key = _rules_entry(cache_dir)
    marker = tmp_path / "pwned"

    class Payload:
        def __reduce__(self):
            return (open, (str(marker), "w"))

    assert cache.write("rules", key, pickle.dumps(Payload()))
    assert cache.read("rules", key) is not None  # header and digest are valid
    proc = subprocess.run([sys.executable, "-m", "cleaner"], input=b"Share this article\n\nThe vote is on Sunday.\n",
                          capture_output=True, cwd=ROOT, timeout=120,
                          env={**os.environ, "CLEANER_CACHE_DIR": str(cache_dir)})
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout == b"The vote is on Sunday.\n"
    assert not marker.exists()
    assert cache.read("rules", key).startswith(b"[1,[[")  # the miss rebuilt it as JSON data


@pytest.mark.parametrize("damage", ["truncated", "garbled", "wrong version", "wrong types", "empty"])
def test_an_unexpected_rules_entry_is_a_miss_and_is_rebuilt(cache_dir, damage):
    import json

    reference = Cleaner().clean("Share this article\n\nThe vote is on Sunday.\nPhoto by Jane Doe\n")
    entry, key = _rules_entry(cache_dir)
    payload = cache.read("rules", key)
    data = json.loads(payload)
    if damage == "truncated":
        bad = payload[: len(payload) // 2]
    elif damage == "garbled":
        bad = b"\xff\xfe" + payload[2:]
    elif damage == "wrong version":
        bad = json.dumps([999, data[1]]).encode()
    elif damage == "wrong types":
        data[1][0][5] = [1, 2, 3]  # phrases must be strings
        bad = json.dumps(data).encode()
    else:
        bad = b""
    assert cache.write("rules", key, bad)  # with a valid digest: only the content is wrong
    with pytest.raises(Exception):  # noqa: B017, PT011 - any failure is what a miss is made of
        from cleaner.rules.load import rules_from_record
        rules_from_record(bad)
    again = Cleaner()
    assert again.clean("Share this article\n\nThe vote is on Sunday.\nPhoto by Jane Doe\n") == reference
    assert cache.read("rules", key) == payload  # rebuilt and overwritten with the real entry


def test_an_inline_regex_read_back_is_compiled_when_its_rule_first_cuts(cache_dir):
    # Compiling every inline pattern of the record took 150 ms of each start. A pattern in the entry comes
    # from a rule file that loaded (the key holds the file texts and the code's digest), so RE2 compiles it
    # when its rule is first used; one it refuses (a planted entry) fails there, naming the pattern and why.
    import json

    from cleaner.rules.load import rules_from_record
    from cleaner.rules.saferegex import UnsafeRegex

    Cleaner()  # writes the entry
    _entry, key = _rules_entry(cache_dir)
    data = json.loads(cache.read("rules", key))
    row = next(r for r in data[1] if r[7])
    row[7] = ["(?<=x)y"]
    rules = rules_from_record(json.dumps(data).encode())
    planted = next(r for r in rules if r.id == row[0])
    assert len(planted.inline) == 1
    with pytest.raises(UnsafeRegex, match=r"inline pattern '\(\?<=x\)y': lookaround"):
        list(planted.inline)
    good = next(r for r in rules if r.inline_patterns and r.id != row[0])
    assert [rx.pattern for rx in good.inline]  # compiled on first use
    assert next(iter(good.inline)) is next(iter(good.inline))  # once


def test_the_rules_entry_round_trips_exactly(cache_dir):
    from cleaner.rules.load import builtin_rules_dir, load_rules, read_sources, rules_from_record, rules_to_record

    rules = load_rules(read_sources([builtin_rules_dir()]))
    back = rules_from_record(rules_to_record(rules))
    assert len(back) == len(rules)
    for a, b in zip(rules, back, strict=True):
        assert dataclasses.replace(a, inline=()) == dataclasses.replace(b, inline=())  # every other field
        assert [rx.pattern for rx in a.inline] == [rx.pattern for rx in b.inline]


def test_default_folder_comes_from_platformdirs(monkeypatch, tmp_path):
    from platformdirs import user_cache_dir

    monkeypatch.delenv("CLEANER_CACHE_DIR", raising=False)
    assert cache.cache_dir() == Path(user_cache_dir("cleaner", appauthor=False))


def test_size_cap_evicts_the_least_recently_used(cache_dir, monkeypatch):
    monkeypatch.setenv("CLEANER_CACHE_MAX_MB", "0.0025")  # 2500 bytes: two entries of 1000 fit, not three
    for i, name in enumerate(("a", "b")):
        assert cache.write("t", name, bytes(1000))
        os.utime(cache_dir / f"t-{name}.bin", ns=(10**18 + i, 10**18 + i))  # b newer than a
    assert cache.read("t", "a") is not None  # a hit: a becomes the most recently used
    assert cache.write("t", "c", bytes(1000))
    left = sorted(p.name for p in cache_dir.glob("*.bin"))
    assert left == ["t-a.bin", "t-c.bin"]  # b, used least recently, went; the new entry stays
    assert sum(p.stat().st_size for p in cache_dir.glob("*.bin")) <= 2500


def test_an_entry_larger_than_the_cap_is_not_kept(cache_dir, monkeypatch):
    monkeypatch.setenv("CLEANER_CACHE_MAX_MB", "0")
    cache.write("t", "big", bytes(100))
    assert not list(cache_dir.glob("*.bin"))
    assert cache.read("t", "big") is None
