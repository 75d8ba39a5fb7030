"""The on-disk rule cache: reused when valid, rebuilt when corrupt, skipped when it cannot be written."""

from __future__ import annotations

import pytest

from cleaner import Cleaner, Options, cache
from cleaner.matcher import HyperscanMatcher, hyperscan_available

from .conftest import ROOT

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
