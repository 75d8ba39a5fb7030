"""Corpus mode: site profiles (build, bytes, merge, budget, show) and the site.repeat decision, in the library
and through the real CLI."""

from __future__ import annotations

import gzip
import json
import random
import subprocess
import sys

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cleaner import Cleaner, Options
from cleaner.core.fold import fold
from cleaner.corpus import SITE_RULE, Profile, SiteFilter, build_profile, merge_profiles, site_key
from cleaner.corpus.decide import is_prose
from cleaner.corpus.profile import read_profile, registered_domain, write_profile

WORDS = ["harbour", "council", "river", "school", "market", "winter", "train", "bridge", "festival", "library",
         "museum", "garden", "budget", "teacher", "farmer", "doctor", "street", "island", "mountain", "village",
         "weather", "election", "station", "factory"]
MENU = "Home | Local | Sport | Culture"
PROMO = "Order the book Tides of Elmsworth from our shop"
STANDARD = ("The harbour office said the figures for the month would be published on its own website "
            "once they had been checked.")


def story(rng: random.Random, n: int) -> str:
    """A page body of n sentences of random words: lines that do not repeat across pages."""
    out = []
    for _ in range(n):
        words = [rng.choice(WORDS) for _ in range(rng.randint(6, 14))]
        out.append(" ".join(words).capitalize() + f" {rng.randint(10, 99999)}.")
    return "\n\n".join(out)


def site_pages(site: str, n: int, seed: int = 0, standard_every: int = 0) -> list[tuple[str, str]]:
    """n pages of a site: a menu and a promotion on every page, a standard prose paragraph on some."""
    rng = random.Random(seed)
    pages = []
    for i in range(n):
        body = story(rng, 4)
        if standard_every and i % standard_every == 0:
            body += "\n\n" + STANDARD
        pages.append((f"https://www.{site}/news/{i}", f"{MENU}\n\n{body}\n\n{PROMO}\n"))
    return pages


def test_sites_by_registered_domain_or_host():
    assert site_key("https://www.example.org/a") == "example.org"
    assert site_key("https://news.example.org/a") == "example.org"
    assert site_key("https://news.example.org/a", by="host") == "news.example.org"
    assert site_key("http://www.bbc.co.uk/x") == "bbc.co.uk"
    assert site_key("https://a.b.example.com.au/") == "example.com.au"
    assert registered_domain("127.0.0.1") == "127.0.0.1"
    assert site_key("https://alice.github.io/post/1") == "alice.github.io"  # a shared host: each user a site
    assert site_key("https://www.alice.blogspot.com/") == "alice.blogspot.com"
    assert site_key("") is None and site_key(None) is None and site_key("http://[broken") is None


def test_profile_counts_each_line_once_per_page_and_keeps_top_texts():
    pages = site_pages("example.org", 30)
    pages.append(("https://example.org/twice", f"{MENU}\n{MENU}\nOnly here.\n"))
    prof = build_profile(pages)
    table = prof.sites["example.org"]
    assert table.pages == 31
    top = table.top(2)
    assert [c for _, c in top] == [31, 30]
    prof2 = Profile.from_bytes(prof.to_bytes())
    assert prof2.sites["example.org"].texts[top[0][0]] == MENU
    assert prof2.sites["example.org"].texts[top[1][0]] == PROMO


def test_same_input_same_bytes_and_round_trip():
    pages = site_pages("example.org", 25) + site_pages("beispiel.de", 25, seed=1)
    a, b = build_profile(pages).to_bytes(), build_profile(pages).to_bytes()
    assert a == b
    again = Profile.from_bytes(a)
    assert again.to_bytes() == a
    assert again.by == "domain" and set(again.sites) == {"example.org", "beispiel.de"}


def test_not_a_profile_is_a_clear_error(tmp_path):
    from cleaner.errors import InputError

    bad = tmp_path / "x.profile"
    bad.write_bytes(b"\x93not msgpack of ours")
    with pytest.raises(InputError, match="not a site profile"):
        read_profile(str(bad))


_page = st.tuples(st.sampled_from(["a.org", "b.org", "c.net"]),
                  st.lists(st.sampled_from([MENU, PROMO, "one line here", "another line", "x y z w"]),
                           max_size=6))


def _prof(pages) -> Profile:
    return build_profile((site, "\n".join(lines)) for site, lines in pages)


@settings(max_examples=60, deadline=None)
@given(st.lists(_page, max_size=8), st.lists(_page, max_size=8), st.lists(_page, max_size=8))
def test_merge_is_associative_and_commutative(x, y, z):
    a, b, c = _prof(x), _prof(y), _prof(z)
    ab_c = merge_profiles([merge_profiles([a, b]), c]).to_bytes()
    a_bc = merge_profiles([a, merge_profiles([b, c])]).to_bytes()
    assert ab_c == a_bc
    assert merge_profiles([a, b]).to_bytes() == merge_profiles([b, a]).to_bytes()
    # and counts add up to the profile of everything at once
    whole = _prof(x + y + z)
    merged = merge_profiles([a, b, c])
    for site, t in whole.sites.items():
        assert merged.sites[site].pages == t.pages and merged.sites[site].counts == t.counts


def test_budget_prunes_rarest_first_and_says_so():
    pages = site_pages("example.org", 60)  # ~4 unique lines a page plus two lines on every page
    prof = build_profile(pages, budget=40)
    table = prof.sites["example.org"]
    assert len(table.counts) <= 40
    assert table.pruned and table.cutoff >= 1
    assert sorted(table.counts.values())[-2:] == [60, 60]  # the repeated lines survived every pruning
    again = Profile.from_bytes(prof.to_bytes()).sites["example.org"]
    assert again.pruned and again.cutoff == table.cutoff
    # a total budget over all sites prunes the largest first
    two = build_profile(pages + site_pages("beispiel.de", 10, seed=3), total_budget=60)
    assert sum(len(t.counts) for t in two.sites.values()) <= 60
    assert two.sites["example.org"].pruned


def test_site_repeat_removes_with_facts_and_keeps_content():
    pages = site_pages("example.org", 40)
    prof = build_profile(pages)
    cleaner = Cleaner(profile=prof)
    url, text = pages[5]
    result = cleaner.explain(text, url)
    assert MENU not in result.text and PROMO not in result.text
    body = text.split("\n\n")[1:-1]
    assert all(para in result.text for para in body)
    site = [r for r in result.removals if r.rule == SITE_RULE]
    assert [r.text for r in site] == [MENU, PROMO]
    assert site[0].start_line == 1 and site[1].start_line == text.count("\n")  # numbers of the input's lines
    assert site[0].why == "on 40 of 40 pages of example.org"
    assert site[0].to_dict()["why"] == site[0].why
    # the same page of another site, or with no URL, is cleaned by the rules alone
    assert cleaner.explain(text, "https://other.example.net/x").text == Cleaner().explain(text).text
    assert cleaner.explain(text).text == Cleaner().explain(text).text


def test_rule_removals_keep_their_line_numbers_next_to_site_removals():
    pages = [(u, t.replace("\n\n" + PROMO, "\n\nFollow us on Telegram\n\n" + PROMO)) for u, t in
             site_pages("example.org", 30)]
    prof = build_profile(pages[:20])
    cleaner = Cleaner(profile=prof, site_min_pages=1000)  # no site rule can fire
    url, text = pages[25]
    assert cleaner.explain(text, url).removals == Cleaner().explain(text).removals
    both = Cleaner(profile=build_profile([(u, t.replace("Follow us on Telegram\n\n", "")) for u, t in pages]))
    result = both.explain(text, url)
    lines = text.split("\n")
    for r in result.removals:
        assert lines[r.start_line - 1] == r.text.split("\n")[0]
    assert {r.rule for r in result.removals} == {SITE_RULE, "messaging.join"}


def test_guards_small_sites_prose_and_thresholds():
    small = build_profile(site_pages("tiny.org", 19))
    url, text = site_pages("tiny.org", 19)[0]
    assert PROMO in Cleaner(profile=small).explain(text, url).text
    assert "tiny.org" not in SiteFilter(small).sites
    assert "tiny.org" in SiteFilter(small, min_site_pages=10).sites

    # a standard prose paragraph on a third of the pages stays (prose needs twice the share: 0.5)
    pages = site_pages("example.org", 60, standard_every=3)
    prof = build_profile(pages)
    assert is_prose(STANDARD) and not is_prose(PROMO)
    cleaner = Cleaner(profile=prof)
    url, text = pages[0]
    out = cleaner.explain(text, url).text
    assert STANDARD in out and PROMO not in out
    # ... but goes when it is on most pages
    pages = site_pages("example.org", 60, standard_every=1)
    out = Cleaner(profile=build_profile(pages)).explain(pages[0][1], pages[0][0]).text
    assert STANDARD not in out

    # a share threshold above the line's share keeps it; N above its pages keeps it
    assert PROMO in Cleaner(profile=prof, site_min_pages=61).explain(text, url).text
    f = SiteFilter(prof, min_pages=5, min_share=0.25)
    assert f.threshold(60) == 15 and f.threshold(10) == 5 and f.threshold(60, prose=True) == 30


def test_without_profile_nothing_changes_and_options_pickle(tmp_path):
    import pickle

    pages = site_pages("example.org", 30)
    path = tmp_path / "sites.profile"
    write_profile(build_profile(pages), str(path))
    for profile in (str(path), path, read_profile(str(path))):
        c = pickle.loads(pickle.dumps(Cleaner(Options(profile=profile))))
        assert MENU not in c.clean(pages[0][1], pages[0][0])
    assert Cleaner().site_filter is None
    assert MENU in Cleaner(disable=("nav.*",)).clean(pages[0][1], pages[0][0])


def _run(*args, input: bytes | None = None):
    return subprocess.run([sys.executable, "-m", "cleaner", *args], input=input, capture_output=True, timeout=120)


def _write_corpus(path, pages, gz=False):
    data = "".join(json.dumps({"url": u, "text": t}) + "\n" for u, t in pages).encode()
    path.write_bytes(gzip.compress(data) if gz else data)


def test_cli_profile_merge_show_and_clean(tmp_path):
    pages = site_pages("example.org", 30) + site_pages("beispiel.de", 24, seed=2)
    random.Random(1).shuffle(pages)
    half = len(pages) // 2
    a, b = tmp_path / "a.jsonl", tmp_path / "b.jsonl.gz"
    _write_corpus(a, pages[:half])
    _write_corpus(b, pages[half:], gz=True)
    r = _run("profile", str(a), str(b), "-o", str(tmp_path / "all.profile"))
    assert r.returncode == 0, r.stderr
    assert b"2 sites, 54 pages" in r.stderr
    assert _run("profile", str(a), "-o", str(tmp_path / "pa.profile")).returncode == 0
    assert _run("profile", str(b), "-o", str(tmp_path / "pb.profile")).returncode == 0
    r = _run("profile", "--merge", str(tmp_path / "pa.profile"), str(tmp_path / "pb.profile"), "-o",
             str(tmp_path / "merged.profile"))
    assert r.returncode == 0, r.stderr
    assert (tmp_path / "merged.profile").read_bytes() == (tmp_path / "all.profile").read_bytes()

    r = _run("profile", "--show", str(tmp_path / "all.profile"), "--site", "example.org", "--top", "2")
    assert r.returncode == 0
    shown = r.stdout.decode().splitlines()
    assert shown[0] == "example.org: 30 pages, " + shown[0].split(", ", 1)[1]
    assert [line.split()[0] for line in shown[1:]] == ["30", "30"]  # ties in the order of their keys
    assert {line.split("  ")[-1] for line in shown[1:]} == {MENU, PROMO}

    r = _run("--profile", str(tmp_path / "all.profile"), "--explain", str(a))
    assert r.returncode == 0, r.stderr
    out = [json.loads(line) for line in r.stdout.splitlines()]
    assert len(out) == half and not any(MENU in o["text"] or PROMO in o["text"] for o in out)
    assert b"site.repeat (on 30 of 30 pages of example.org): " + MENU.encode() in r.stderr
    assert b"site.repeat (on 24 of 24 pages of beispiel.de): " + PROMO.encode() in r.stderr

    r = _run("--site-repeats", "--report-key", "why", str(a), str(b))
    assert r.returncode == 0, r.stderr
    rows = [json.loads(line) for line in r.stdout.splitlines()]
    assert all(MENU not in row["text"] for row in rows)
    assert any(x["rule"] == SITE_RULE and x["why"].startswith("on ") for row in rows for x in row["why"]["removals"])


def test_cli_site_repeats_refuses_stdin_and_plain_files_take_site(tmp_path):
    r = _run("--site-repeats", input=b'{"text": "x"}\n')
    assert r.returncode == 2 and b"needs files, not stdin" in r.stderr
    r = _run("--site-repeats", "-", input=b'{"text": "x"}\n')
    assert r.returncode == 2 and b"two passes" not in r.stderr and b"twice" in r.stderr
    folder = tmp_path / "pages"
    folder.mkdir()
    for i, (_, text) in enumerate(site_pages("example.org", 25)):
        (folder / f"p{i}.txt").write_text(text)
    r = _run("profile", str(folder), "--site", "example.org", "-o", str(tmp_path / "p.profile"))
    assert r.returncode == 0, r.stderr
    r = _run("--profile", str(tmp_path / "p.profile"), "--site", "example.org", str(folder / "p3.txt"))
    assert r.returncode == 0 and MENU.encode() not in r.stdout and r.stdout.strip()
    r = _run("--profile", str(tmp_path / "p.profile"), str(folder / "p3.txt"))  # no site: the rules alone
    assert r.stdout.decode() == Cleaner().clean((folder / "p3.txt").read_text())


def test_code_and_isolated_headings_stay_furniture_goes():
    """Policy: recurring code is content; a repeated line alone mid-page is a standard heading; a repeated
    line at the page's edges or next to another repeated line is furniture."""
    rng = random.Random(5)
    pages = []
    for i in range(40):
        top = [story(rng, 1) for _ in range(3)]
        bottom = [story(rng, 1) for _ in range(3)]
        lines = [MENU, *top, "References", *bottom, "int main() {", "return 0;", story(rng, 1), "Share this",
                 "Tags: news", PROMO]
        pages.append((f"https://example.org/p/{i}", "\n".join(lines) + "\n"))
    f = SiteFilter(build_profile(pages))
    url, text = pages[3]
    lines = text.split("\n")
    gone = {lines[i] for i in f.decide(lines, fold(text).split(b"\n"), "example.org")}
    assert gone == {MENU, "Share this", "Tags: news", PROMO}


def test_filter_from_a_file_keeps_only_passing_keys_as_from_the_profile(tmp_path):
    """Cleaning reads a profile file lean (only keys over the threshold, small sites skipped) and decides
    exactly as from the whole Profile, or from a folder of shard profiles that sum to it."""
    pages = site_pages("example.org", 40) + site_pages("beispiel.de", 24, seed=2) + site_pages("tiny.net", 8)
    whole = build_profile(pages)
    write_profile(whole, str(tmp_path / "all.profile"))
    (tmp_path / "shards").mkdir()
    write_profile(build_profile(pages[::2]), str(tmp_path / "shards" / "0.profile"))
    write_profile(build_profile(pages[1::2]), str(tmp_path / "shards" / "1.profile"))
    for kwargs in ({}, {"min_share": 0.5, "min_site_pages": 30}):
        lean = SiteFilter(str(tmp_path / "all.profile"), **kwargs)
        full = SiteFilter(whole, **kwargs)
        folder = SiteFilter(str(tmp_path / "shards"), **kwargs)
        assert lean.sites == full.sites == folder.sites and lean.lengths == full.lengths and lean.by == full.by
        assert "tiny.net" not in lean.sites  # under min_site_pages: no site rules
        assert all(c >= lean.threshold(p) for p, keep in lean.sites.values() for c in keep.values())
    assert set(SiteFilter(str(tmp_path / "all.profile"), min_site_pages=30).sites) == {"example.org"}
