"""collect_hits's walk over the lines, pinned to its definition where the other tests do not reach.

It asks about a rule's languages only for rules that have some, keeps a table per rule set, and walks
the lines in order, handing them out in line order; these properties hold it to the plain definition and
to that order, with language-limited rules too.
"""

from __future__ import annotations

import dataclasses

from hypothesis import given, settings
from hypothesis import strategies as st

from cleaner import Cleaner
from cleaner.core import fold as fold_module
from cleaner.core.collect import collect_hits, rule_table
from tests.core.test_fast_paths import _BOILERPLATE_WORDS, order_rows, reference_collect_hits

COMPILED = Cleaner().compiled_rules
# Every third rule limited to German: the same matches, some of them from rules that may not apply.
LIMITED = [dataclasses.replace(r, languages=frozenset({"de"})) if i % 3 == 0 else r
           for i, r in enumerate(COMPILED.rules)]
WORDS = st.lists(st.sampled_from([*_BOILERPLATE_WORDS, "\n\n", "homepage", "contact us"]), max_size=50)




@settings(max_examples=300, deadline=None)
@given(WORDS, st.sampled_from([None, "en", "de"]))
def test_language_limited_rules_give_the_definition(words, lang):
    key = fold_module.fold(" ".join(words))
    matches = COMPILED.matcher.scan(key)
    for rules in (LIMITED, COMPILED.rules):  # two rule sets in turn: each call sees its own
        asked: list[str] = []

        def applies(rule, asked=asked):
            asked.append(rule.id)
            return not rule.languages or lang in rule.languages

        quiet: set[int] = set()
        rows = collect_hits(matches, key, COMPILED.rule_of, rules, applies, quiet)
        assert len(asked) == len(set(asked))
        assert all(rules[i].languages for i in range(len(rules)) if rules[i].id in asked)

        def plain(rule):
            return not rule.languages or lang in rule.languages

        ref_rows, ref_quiet = reference_collect_hits(matches, key, COMPILED.rule_of, rules, plain)
        assert (order_rows(rows), quiet) == (order_rows(ref_rows), ref_quiet)


@settings(max_examples=300, deadline=None)
@given(WORDS)
def test_lines_come_in_line_order_and_rules_in_the_order_of_their_least_match_id(words):
    key = fold_module.fold(" ".join(words))
    matches = COMPILED.matcher.scan(key)
    rows = collect_hits(matches, key, COMPILED.rule_of, COMPILED.rules, lambda rule: True, set())
    starts = [0]
    for line in key.split(b"\n")[:-1]:
        starts.append(starts[-1] + len(line) + 1)

    def line_of(start):
        return max(i for i, s in enumerate(starts) if s <= start)

    least_of_rule: dict[tuple[int, str], int] = {}  # (line, rule id) -> least match id
    for mid, start, _ in matches:
        i = line_of(start)
        rule_key = (i, COMPILED.rules[COMPILED.rule_of[mid]].id)
        least_of_rule[rule_key] = min(least_of_rule.get(rule_key, mid), mid)
    assert list(rows) == sorted(rows)
    for i, (line_hits, _coverage) in rows.items():
        assert [h.rule_id for h in line_hits] == sorted((h.rule_id for h in line_hits),
                                                         key=lambda r: least_of_rule[(i, r)])


def test_matches_on_an_empty_line_count_for_nothing():
    # Hyperscan reports a pattern that can match nothing on an empty line; such a line has no coverage.
    key = b"home\n\nnews\n"
    first_pattern = sum(len(r.phrases) for r in COMPILED.rules)  # pattern ids follow the phrase ids
    for extra in ([(first_pattern, 5, 5)], [(first_pattern, 5, 5), (first_pattern + 1, 5, 5)], [(0, 11, 11)]):
        matches = sorted([*COMPILED.matcher.scan(key), *extra], key=lambda m: (m[1], m[0]))
        quiet: set[int] = set()
        rows = collect_hits(matches, key, COMPILED.rule_of, COMPILED.rules, lambda rule: True, quiet)
        ref_rows, ref_quiet = reference_collect_hits(matches, key, COMPILED.rule_of, COMPILED.rules,
                                                     lambda rule: True)
        assert (order_rows(rows), quiet) == (order_rows(ref_rows), ref_quiet)
        assert 1 not in rows and 3 not in rows


@settings(max_examples=200, deadline=None)
@given(WORDS)
def test_a_table_kept_from_call_to_call_gives_what_a_fresh_one_gives(words):
    key = fold_module.fold(" ".join(words))
    matches = COMPILED.matcher.scan(key)
    kept = rule_table(COMPILED.rules)
    for _ in range(2):  # the shared whole-line hits stay as they were made
        quiet_kept: set[int] = set()
        quiet_fresh: set[int] = set()
        with_table = collect_hits(matches, key, COMPILED.rule_of, COMPILED.rules, lambda r: True, quiet_kept,
                                  table=kept)
        fresh = collect_hits(matches, key, COMPILED.rule_of, COMPILED.rules, lambda r: True, quiet_fresh)
        assert (with_table, quiet_kept) == (fresh, quiet_fresh)
