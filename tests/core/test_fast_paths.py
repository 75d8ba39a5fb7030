"""The fast paths of fold, the mojibake gate and tidy against their plain definitions, on random text.

The optimised versions reorder steps (ASCII dropped before the Unicode regex, look-alikes mapped after
it), lead the gate with one character class, and strip trailing blanks without a regex; these
properties pin them to the straightforward algorithms they replaced.
"""

from __future__ import annotations

import re
import unicodedata
from unittest import mock

from hypothesis import given, settings
from hypothesis import strategies as st

from cleaner.core import fold as fold_module
from cleaner.core import spec
from cleaner.core.normalize import tidy
from cleaner.core.repair import looks_broken

reference_fold = spec.fold


# The gate by its definition (spec.py): for each code page, which characters UTF-8's lead and continuation
# bytes read as, walked place by place; a MacRoman place believed only where its whole line reads as UTF-8.
reference_looks_broken = spec.looks_broken


reference_tidy = spec.tidy


# Text weighted towards what the fast paths special-case: ASCII, accents, look-alikes, symbols, marks,
# mojibake lead and continuation characters, spaces and tabs before line ends.
_ALPHABET = st.one_of(
    st.characters(min_codepoint=0x20, max_codepoint=0x7E),
    st.sampled_from("\u2018\u2019\u201a\u201b\u201c\u201d\u201e\u201f\u2026\u2010\u2011\u2012\u2212\u200b\u2060\ufeff"
                    "\u00ad\u200e\u202a\u2066\u2003\u202f\u205f"),
    st.sampled_from("\n\t  \u00a9\u2117\u00e9\u00df\u00f8\u0301\u0308\uff37\uff48\u00c3\u00a9\u00e2\u20ac\u2122"
                    "\u00c2\u00a0\u0420\u0421\u0432\u0402\u0413\u0103\u0161\u221a\u25ca\u2552\u2500\ufffd"
                    "\u0080\u009d\u00ef\u00bb\u00bf\u00c5\u00a1" + "".join(spec.LOOK_ALIKES)),
    st.characters(),
)
TEXT = st.text(_ALPHABET, max_size=200)


@settings(max_examples=400, deadline=None)
@given(TEXT)
def test_fold_equals_its_definition(text):
    assert fold_module.fold(text) == reference_fold(text)


_LINES = ["Caf\u00e9 au lait", "\u0391\u03b8\u03ae\u03bd\u03b1 \u03a3", "Home \u2013 News", "", "\u00a9 2024",
          "\u0645\u0631\u062d\u0628\u0627", "\u2022 \u2192 \u2605 \u00bb", "\u041c\u043e\u0441\u043a\u0432\u0430",
          "plain ascii"]


@settings(max_examples=200, deadline=None)
@given(st.lists(st.one_of(st.sampled_from(_LINES), TEXT), min_size=fold_module.BLOCK_LINES,
                max_size=4 * fold_module.BLOCK_LINES))
def test_fold_in_blocks_of_lines_equals_its_definition(lines):
    # Text the Latin-1 path cannot take whole is folded block by block.
    text = "\n".join(lines)
    assert fold_module.fold(text) == reference_fold(text)


# Long text is folded in pieces; these pieces are short, so that random text is cut in many places.
_PIECE_TEXT = st.text(st.one_of(st.sampled_from("\u03a3\u03c3 '.:\u00b7aA1\u00e9\u0301\u4e2d\uac00\u3042\u30fc"
                                                "\u2013\u0416\u0430\t\n"), st.characters()), max_size=300)


@settings(max_examples=400, deadline=None)
@given(_PIECE_TEXT)
def test_fold_in_pieces_equals_its_definition(text):
    with mock.patch.object(fold_module, "PIECE_CHARS", 3):
        assert fold_module.fold(text) == reference_fold(text)


def test_pieces_end_only_where_lowercasing_does_not_look_across():
    # A capital sigma lowers to a final or a medial sigma depending on the cased letters around it,
    # looking past case-ignorable characters: no piece may end before one of those.
    cuts = [chr(c) for c in range(0x110000) if not 0xD800 <= c < 0xE000 and fold_module._CUT.match(chr(c))]
    assert len(cuts) > 20000
    for c in cuts:
        for left, right in (("A\u03a3", "A"), ("A", "\u03a3A"), ("A\u03a3", "\u03a3A")):
            assert (left + c + right).lower() == left.lower() + (c + right).lower(), hex(ord(c))


@settings(max_examples=400, deadline=None)
@given(TEXT)
def test_fold_is_line_local(text):
    # The rule passes after the first fold only the lines an inline cut changed and reuse the rest.
    assert fold_module.fold(text).split(b"\n") == [fold_module.fold(line) for line in text.split("\n")]


def test_lowercasing_is_identity_on_text_without_capitals():
    # Why fold is line-local although its second lower() is decided for the whole text.
    for code in range(0x110000):
        c = chr(code)
        if not 0xD800 <= code < 0xE000 and c.lower() != c:
            assert not ("a" + c).islower(), hex(code)


@settings(max_examples=400, deadline=None)
@given(TEXT)
def test_gate_equals_its_definition(text):
    assert looks_broken(text) == reference_looks_broken(text)


@settings(max_examples=400, deadline=None)
@given(TEXT)
def test_tidy_equals_its_regex_definition(text):
    assert tidy(text) == reference_tidy(text)


def test_gate_on_every_lead_and_continuation_of_every_code_page():
    # Every lead character of every code page, then every continuation character (and other characters),
    # then nothing, continuations, or ASCII stand-ins for them.
    leads = {spec.misread_byte(enc, b) for enc in spec.MOJIBAKE_ENCODINGS for b in spec.LEAD_BYTES}
    conts = {spec.misread_byte(enc, b) for enc in spec.MOJIBAKE_ENCODINGS for b in spec.CONTINUATION_BYTES}
    seconds = sorted(conts) + [chr(c) for c in range(0x80, 0x2600, 37)] + ["\ufffd", "a", " ", "?", "(", "\n", "\u3042"]
    for a in sorted(leads):
        for b in seconds:
            for c in ("", "\u00a9", "\u00a9\u00a9", " \u00a9", "?\u00a9", "\u00a9 ", "\u00a9?", "\u2500\u2500"):
                text = a + b + c
                assert looks_broken(text) == reference_looks_broken(text), repr(text)


def test_the_definition_suspects_what_utf8_through_each_code_page_leaves():
    # The definition itself, from the other side: UTF-8 of every character class, read through each code
    # page (sloppily), is suspected; through MacRoman only where the line is all of it.
    for char in ("\u00e9", "\u00a0", "\u0161", "\u0436", "\u03b1", "\u20ac", "\u4eca", "\U0001f600", "\x00"):
        data = char.encode("utf-8") if char != "\x00" else b"\xc0\x80"
        for enc in spec.MOJIBAKE_ENCODINGS:
            broken = "".join(spec.misread_byte(enc, b) if b >= 0x80 else chr(b) for b in data)
            assert spec.looks_broken("x " + broken + " y"), (enc, char)
    assert not spec.looks_broken("l\u2019\u00e9t\u00e9 \u201c\u00c9lys\u00e9e\u201d")


@settings(max_examples=300, deadline=None)
@given(TEXT, st.sampled_from(["ascii", "keep"]))
def test_normalize_one_pass_for_large_documents_equals_the_replace_chain(text, quotes):
    from cleaner.core import normalize as normalize_module

    chained = normalize_module.normalize(text, quotes)
    saved = normalize_module.ONE_PASS_CHARS
    normalize_module.ONE_PASS_CHARS = 0
    try:
        assert normalize_module.normalize(text, quotes) == chained
    finally:
        normalize_module.ONE_PASS_CHARS = saved


_LINE = st.text(st.one_of(st.sampled_from("ab .!?\"')]\u00bb\u201d\u2019_-\t\u00a0\u2003\u3000\x1c"), st.characters()),
                max_size=90)


@settings(max_examples=600, deadline=None)
@given(_LINE)
def test_short_and_content_lines_equal_their_regex_definitions(line):
    from cleaner.core import heuristics as h

    words = len(line.split())
    content = words >= h.CONTENT_MIN_WORDS or (
        words >= h.CONTENT_MIN_WORDS_PUNCT and spec.ends_sentence(line))
    s = line.strip()
    short = bool(s) and len(s) <= h.SHORT_MAX_CHARS and len(s.split()) <= h.SHORT_MAX_WORDS \
        and not spec.ends_sentence(s) and any(c.isalnum() for c in s)
    assert h._is_content(line) == content
    assert h.is_short(line) == short


def reference_runs(lines: list[str], members: list[int]) -> list[list[int]]:
    """Members grouped into runs when only lines without a letter or digit stand between them."""
    runs: list[list[int]] = []
    for i in members:
        if runs and all(not any(c.isalnum() for c in lines[j]) for j in range(runs[-1][-1] + 1, i)):
            runs[-1].append(i)
        else:
            runs.append([i])
    return runs


_KINDS = ["", " ", "-", "\u00a9", "Home", "Sport", "Read more", "A headline of five words here",
          "This is a long sentence of the article, with more than ten words in it for sure."]


@settings(max_examples=500, deadline=None)
@given(st.lists(st.sampled_from(_KINDS), max_size=25), st.data())
def test_shared_runs_are_the_runs_holding_two_anchors(kinds, data):
    from cleaner.core import heuristics as h

    lines = list(kinds)
    zone = range(data.draw(st.integers(0, len(lines))), len(lines))
    always = set(data.draw(st.lists(st.sampled_from(list(zone)), max_size=6))) if zone else set()
    never = data.draw(st.sampled_from([-1, *zone]))
    members = [i for i in zone if i in always or (i != never and h.is_short(lines[i]))]
    anchors = sorted(set(data.draw(st.lists(st.sampled_from(members), max_size=8)))) if members else []
    runs = [run for run in reference_runs(lines, members) if any(i in anchors for i in run)]
    shared = [run for run in runs if sum(i in anchors for i in run) >= 2]
    lone = [next(i for i in run if i in anchors) for run in runs if sum(i in anchors for i in run) == 1]
    assert h._shared_runs(lines, anchors, zone, always, never) == (shared, lone)


@settings(max_examples=600, deadline=None)
@given(TEXT, st.sampled_from(["ascii", "keep"]))
def test_normalising_without_joining_characters_exposes_no_mojibake(text, quotes):
    # prepare_text skips the second repair on this ground.
    from cleaner.core.normalize import normalize, normalize_and_report

    normalized, joined = normalize_and_report(text, quotes)
    assert normalized == normalize(text, quotes)
    if not joined and not looks_broken(text) and normalized.count(" ") == text.count(" "):
        assert not looks_broken(normalized)


def test_the_only_ascii_characters_the_gate_takes_as_continuations_are_space_and_question_mark():
    # Why normalising can expose mojibake only by making a space (prepare_text looks again then):
    # no replacement is "?", and every other ASCII character ends a suspicious place.
    from cleaner.core import normalize as n
    from cleaner.core.repair import _ALL_LEADS

    assert "?" not in {**n._ASCII_MODE, **n._ALWAYS}.values()
    for lead in sorted(_ALL_LEADS):
        for code in range(128):
            if chr(code) not in " ?":
                for tail in ("", "\u00a9", "\u00a9\u00a9"):
                    assert looks_broken(lead + chr(code) + tail) == looks_broken(tail), (hex(ord(lead)), code)


def test_fold_of_every_character_below_u3000_in_context_equals_its_definition():
    # Each character between letters, and twice (the Latin-1 path replaces all occurrences at once).
    for code in range(0x80, 0x3000):
        if 0xD800 <= code < 0xE000:
            continue
        text = f"Ab{chr(code)}c\n{chr(code)}\u2014x"
        assert fold_module.fold(text) == reference_fold(text), hex(code)


def test_mostly_latin1_text_takes_the_byte_table_path():
    text = "Grüße aus Köln \u2013 straße, garçon \u2022 WhаtsApp \U0001f600 \u00a9 2024 \u00bd"
    key = fold_module._fold_latin1(text)
    assert key is not None and key == reference_fold(text)
    assert fold_module._fold_latin1("polska \u0142\u00f3d\u017a") is None  # a letter outside Latin-1 keeps its key


def reference_prepare(text: str, quotes: str, fix_encoding: bool) -> tuple[str, bool, bool]:
    """prepare_text as every step in order, with no shortcut."""
    from cleaner.core.normalize import normalize, normalize_and_report, normalize_newlines, strip_c0
    from cleaner.core.repair import repair_encoding

    text, crlf = normalize_newlines(text)
    text = strip_c0(text)
    repaired = False
    if fix_encoding:
        fixed = repair_encoding(text)
        repaired, text = fixed != text, fixed
    normalized = normalize_and_report(text, quotes)[0]
    for _ in range(3 if fix_encoding else 0):
        fixed = repair_encoding(normalized)
        if fixed == normalized:
            break
        repaired, normalized = True, normalize(fixed, quotes)
    return normalized, crlf, repaired


@settings(max_examples=600, deadline=None)
@given(TEXT, st.sampled_from(["ascii", "keep"]), st.booleans())
def test_prepare_text_equals_every_step_in_order(text, quotes, fix_encoding):
    from cleaner.core.prepare import prepare_text

    assert prepare_text(text, quotes, fix_encoding) == reference_prepare(text, quotes, fix_encoding)


@settings(max_examples=600, deadline=None)
@given(TEXT)
def test_one_scan_finds_controls_and_suspicious_pairs(text):
    from cleaner.core.repair import needs_repair_or_controls

    expected = looks_broken(text) or re.search("[\x00-\x08\x0b-\x1f\x7f-\x9f]", text) is not None
    assert text.isascii() or needs_repair_or_controls(text) == expected


def reference_collect_hits(matches, folded, rule_of, rules, applies):
    """collect_hits by its definition: every rule's matches on every line, then the thresholds."""
    from cleaner.core.collect import EDGE_SCOPES
    from cleaner.core.engine import LineHit, LineRules
    from cleaner.core.spec import union_length as _union_length

    rows, quiet = {}, set()
    for i, key in enumerate(folded.split(b"\n")):
        start = sum(len(k) + 1 for k in folded.split(b"\n")[:i])
        by_rule: dict[int, list[tuple[int, int]]] = {}
        for mid, s, e in matches:
            if start <= s <= start + len(key) and key and applies(rules[rule_of[mid]]):
                by_rule.setdefault(rule_of[mid], []).append((s, e))
        if not by_rule:
            continue
        every = [sp for r, spans in by_rule.items() if rules[r].scope != "inline" for sp in spans]
        line_only = [sp for r, spans in by_rule.items() if rules[r].scope == "line" for sp in spans]
        edge_cov = _union_length(every) / len(key)
        line_hits = []
        for r, spans in by_rule.items():
            rule = rules[r]
            edge = rule.scope in EDGE_SCOPES
            if edge and edge_cov < min(rule.min_coverage, rule.edge_coverage):
                if rule.strength == "strong":
                    quiet.add(i)
                continue
            line_hits.append(LineHit(rule, rule.id, rule.strength, rule.scope, _union_length(spans) / len(key),
                                     rule.min_coverage, rule.edge_coverage, edge_cov if edge else None))
        if line_hits:
            rows[i] = LineRules(line_hits, _union_length(line_only) / len(key))
    return rows, quiet


def order_rows(rows):
    """The same records, with the hits of each line in any order."""
    return {i: (sorted(row.hits, key=lambda x: x.rule_id), row.coverage) for i, row in rows.items()}


_BOILERPLATE_WORDS = ["home", "news", "sport", "share", "facebook", "read more", "click here", "menu", "login",
                      "subscribe to our newsletter", "advertisement", "cookies", "accept", "photo:", "2024",
                      "follow us on twitter", "comments", "the", "a", "and", "people", "said", "\n", "\n", "|"]


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(_BOILERPLATE_WORDS), max_size=40), st.sampled_from([None, "en", "de"]))
def test_collect_hits_equals_its_definition(words, lang):
    from cleaner import Cleaner
    from cleaner.core.collect import collect_hits

    compiled = Cleaner().compiled_rules
    key = fold_module.fold(" ".join(words))
    matches = compiled.matcher.scan(key)

    def applies(rule):
        return not rule.languages or lang in rule.languages

    quiet: set[int] = set()
    rows = collect_hits(matches, key, compiled.rule_of, compiled.rules, applies, quiet)
    ref_rows, ref_quiet = reference_collect_hits(matches, key, compiled.rule_of, compiled.rules, applies)
    assert (order_rows(rows), quiet) == (order_rows(ref_rows), ref_quiet)


def test_the_latin1_shortcut_of_normalising_knows_every_mapped_latin1_character():
    from cleaner.core import normalize as n

    latin1 = {c for c in {**n._ASCII_MODE, **n._ALWAYS} if ord(c) < 0x100}
    assert latin1 == {"\u00a0", "\u00ad"}
    assert n._ASCII_MODE["\u00a0"] == n._ALWAYS["\u00a0"] == " " and n._ALWAYS["\u00ad"] == ""
    assert all(unicodedata.is_normalized("NFC", chr(a) + chr(b)) for a in range(256) for b in range(256))


@settings(max_examples=600, deadline=None)
@given(st.text(st.one_of(st.characters(max_codepoint=0xFF), st.sampled_from("\u00a0\u00ad\u00c3\u00a9\u00e2")),
               max_size=200), st.sampled_from(["ascii", "keep"]))
def test_latin1_text_takes_the_shortcuts_to_the_same_result(text, quotes):
    from cleaner.core.normalize import _CONTROL, normalize_and_report
    from cleaner.core.repair import _next_suspicious, needs_repair_or_controls

    assert needs_repair_or_controls(text) == (_next_suspicious(text, 0, True) is not None)
    if not _CONTROL.search(text):
        assert normalize_and_report(text, quotes, controls=False) == normalize_and_report(text, quotes)


def reference_tidy_pairs(pairs: list[tuple[str, int]]) -> list[tuple[str, int]]:
    out: list[tuple[str, int]] = []
    for line, i in pairs:
        line = line.rstrip(" \t")
        if not line and (not out or not out[-1][0]):
            continue
        out.append((line, i))
    while out and not out[-1][0]:
        out.pop()
    return out


@settings(max_examples=600, deadline=None)
@given(st.lists(st.sampled_from(["", " ", "\t", "a", "b ", " c\t", "\u00a0"]), max_size=30))
def test_tidy_kept_equals_tidying_line_by_line(kept):
    from cleaner.core.pipeline import _tidy_kept

    at = list(range(100, 100 + len(kept)))
    lines, where = _tidy_kept(kept, at)
    assert list(zip(lines, where, strict=True)) == reference_tidy_pairs(list(zip(kept, at, strict=True)))


def test_tidy_strips_long_runs_of_trailing_blanks():
    for blanks in ("", " ", " \t", " \t" * 10, "\t" * 50):
        text = f"\n\na{blanks}\n{blanks}\n\n\nb{blanks}\nc{blanks}"
        assert tidy(text) == reference_tidy(text) == "a\n\nb\nc\n"


def test_ascii_control_check_knows_every_control():
    from cleaner.core.normalize import _CONTROL, normalize_and_report

    for code in range(128):
        text = f"ab{chr(code)}c\n"
        assert normalize_and_report(text)[0] == _CONTROL.sub("", text)


def test_fold_lowercases_in_context_like_the_whole_text():
    # A capital sigma lowercases by its place in a word: such text leaves the Latin-1 path.
    for text in ("Caf\u00c9 \u03a3", "\u00c0\u03a3A", "\u03a3\u00c9 x", "WHAT\u03a3APP \u00c5", "\u0130stanbul \u00c9"):
        assert fold_module.fold(text) == reference_fold(text)


@settings(max_examples=600, deadline=None)
@given(TEXT)
def test_tidying_the_lines_equals_tidy(text):
    from cleaner.core.pipeline import _tidy_kept

    lines = text.split("\n")
    joined = "\n".join(_tidy_kept(lines, list(range(len(lines))))[0])
    assert (joined + "\n" if joined else "") == tidy(text)


# Lines no rule hits: short ones that can repeat, blank and punctuation lines, paragraphs.
_PLAIN = ["Garden", "Recipes", "Zebra crossing", "", " ", "|", "||", "A short headline here",
          "The council approved the budget after a long debate on Tuesday evening."]


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(_PLAIN), max_size=30))
def test_heuristics_add_nothing_alone_when_no_line_repeats_enough(lines):
    # The rule pass skips the heuristics for a document no rule hit when can_mark_alone says so.
    from cleaner import Cleaner
    from cleaner.core import heuristics

    cleaner = Cleaner()
    text = "\n".join(lines)
    folded_lines = fold_module.fold(text).split(b"\n")
    assert not cleaner.collect(fold_module.fold(text), lambda rule: True, text.split("\n"), folded_lines).rows
    rows: dict = {}
    heuristics.add_hits(text.split("\n"), folded_lines, rows, frozenset(heuristics.IDS))
    if not heuristics.can_mark_alone(folded_lines, text.split("\n")):
        assert rows == {}


def test_can_mark_alone_counts_lines_with_a_letter_only():
    from cleaner.core.heuristics import can_mark_alone

    assert not can_mark_alone([b"home", b"", b"", b"", b"news", b"home"])
    assert can_mark_alone([b"home", b"", b"home", b"news", b"home"])
