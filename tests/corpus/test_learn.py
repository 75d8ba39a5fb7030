"""Corpus mode: repeated lines become candidate rules that a person can review and that pass their test."""

from __future__ import annotations

import json
import tomllib

from click.testing import CliRunner

from cleaner import Cleaner
from cleaner.cli import main
from cleaner.corpus.learn import Document, learn, site_of
from cleaner.rules.examples import check_rule
from cleaner.rules.load import RuleSource

FOOTER = "Die Musterstadt-Zeitung erscheint werktags"


def _article(n: int) -> str:
    return (f"Der Gemeinderat hat am Dienstag den Haushalt Nummer {n} nach einer langen Debatte beschlossen.\n"
            f"Die Opposition kritisierte die Kürzungen bei den Schulen, die Sitzung {n} dauerte bis Mitternacht.\n")


def _corpus(n_docs: int, footer_in: int, site: str | None = "example.org") -> list[Document]:
    docs = []
    for i in range(n_docs):
        text = _article(i) + (f"\n{FOOTER}\nFollow us on Twitter\n" if i < footer_in else "")
        docs.append(Document(text, site))
    return docs


def _rules(text: str) -> list[dict]:
    return tomllib.loads(text).get("rule", [])


def test_line_repeated_in_enough_documents_becomes_a_rule():
    text, n = learn(_corpus(8, footer_in=6), min_docs=5)
    rules = _rules(text)
    assert n == len(rules) == 1
    rule = rules[0]
    assert rule["phrases"] == [FOOTER]
    assert FOOTER in rule["remove"]
    assert "6 of 8 documents" in rule["description"] and "example.org 6" in rule["description"]
    assert rule["id"].startswith("learned.example-org.")


def test_too_rare_lines_and_lines_the_rules_already_remove_are_not_proposed():
    text, n = learn(_corpus(8, footer_in=4), min_docs=5)
    assert n == 0 and _rules(text) == []
    # "Follow us on Twitter" is in 6 documents here but social.follow already removes it
    text, _ = learn(_corpus(8, footer_in=6), min_docs=5)
    assert "Follow us" not in text


def test_per_site_counting():
    # Five documents on each of two sites share the footer: 10 in all, but neither site reaches 6.
    docs = _corpus(5, 5, "a.example") + _corpus(5, 5, "b.example")
    assert learn(docs, min_docs=6)[1] == 0
    no_sites = [Document(d.text) for d in docs]
    assert learn(no_sites, min_docs=6)[1] == 1


def test_candidate_file_passes_its_own_examples():
    text, _ = learn(_corpus(8, footer_in=6), min_docs=5)
    cleaner = Cleaner()
    source = RuleSource("candidates.toml", text)
    with_candidates = Cleaner(cleaner.options, sources=[*cleaner.sources, source])
    learned = [r for r in with_candidates.rules if r.source == "candidates.toml"]
    assert learned and all(check_rule(with_candidates, r) == [] for r in learned)
    # and the rule does its job on a new document of the corpus
    assert FOOTER not in with_candidates.clean(_article(99) + "\n" + FOOTER + "\n")


def test_site_of():
    assert site_of("https://www.example.org/a/b") == "example.org"
    assert site_of("example.org/x") == "example.org"
    assert site_of(None) is None and site_of("") is None


def test_cli_learn_writes_a_rule_file_that_rules_test_accepts(tmp_path):
    corpus = tmp_path / "corpus.jsonl"
    with corpus.open("w", encoding="utf-8") as f:
        for i, doc in enumerate(_corpus(8, footer_in=6)):
            f.write(json.dumps({"body": doc.text, "link": f"https://www.example.org/{i}"}) + "\n")
    out = tmp_path / "candidates.toml"
    runner = CliRunner()
    result = runner.invoke(main, ["learn", str(corpus), "--text-key", "body", "--url-key", "link",
                                  "--min-docs", "5", "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert _rules(out.read_text(encoding="utf-8"))[0]["phrases"] == [FOOTER]
    tested = runner.invoke(main, ["rules", "test", str(out)])
    assert tested.exit_code == 0, tested.output


def test_cli_learn_reports_a_bad_jsonl_line(tmp_path):
    corpus = tmp_path / "bad.jsonl"
    corpus.write_text('{"text": "a"}\nnot json\n', encoding="utf-8")
    result = CliRunner().invoke(main, ["learn", str(corpus)])
    assert result.exit_code == 2
    assert "bad.jsonl:2" in result.output
