"""Metric functions on hand-made records, and the harness end to end on a tiny synthetic file."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest

from benchmarks import evaluate as ev


def test_match_key_folds_whitespace_and_quotes() -> None:
    assert ev.match_key("  a\n\tb \u201cc\u201d \u2019d\u2014e ") == 'a b "c" \'d-e'
    assert ev.ws_norm(" x \n y ") == "x y"


def test_snippet_hits_normalised() -> None:
    out = ev.match_key("Hello   world.\nIt\u2019s here.")
    assert ev.snippet_hits(out, ["Hello world.", "It's here.", "missing", "  "], lambda s: s) == (2, 3)


def test_snippet_hits_applies_label_fix() -> None:
    out = ev.match_key("caf\u00e9")
    assert ev.snippet_hits(out, ["cafX"], lambda s: s.replace("X", "\u00e9")) == (1, 1)


def test_token_prf() -> None:
    assert ev.token_prf("a b c", "a b c") == (1.0, 1.0, 1.0)
    p, r, f = ev.token_prf("a b c d", "a b")
    assert (p, r) == (0.5, 1.0) and f == pytest.approx(2 / 3)
    assert ev.token_prf("", "") == (1.0, 1.0, 1.0)
    assert ev.token_prf("x", "") == (0.0, 1.0, 0.0)
    assert ev.token_prf("", "x")[1] == 0.0
    # bag of tokens: repeated tokens count as often as they occur in both
    assert ev.token_prf("a a a", "a")[0] == pytest.approx(1 / 3)


def test_line_counts_and_prf() -> None:
    text = "good one\nnoise one\ngood two\nnoise two\n\n"
    labels = [1, 0, 1, 0, 1, 1]
    counts = ev.line_counts(text, labels, "good one\nnoise two")
    assert (counts.tp, counts.fp, counts.fn, counts.tn) == (1, 1, 1, 1)
    assert ev.prf(counts.tp, counts.fp, counts.fn) == (0.5, 0.5, 0.5)
    assert ev.prf(0, 0, 0) == (1.0, 1.0, 1.0)


def test_line_counts_duplicates_are_matched_once() -> None:
    counts = ev.line_counts("Share\nbody text\nShare", [0, 1, 0], "Share\nbody text")
    assert (counts.tp, counts.fn, counts.tn) == (1, 1, 1)


def test_c4_rules() -> None:
    page = (
        "Menu\n"
        "This is a proper sentence with enough words.\n"
        "Another proper sentence that ends well!\n"
        "Please enable JavaScript to view this site properly.\n"
        "We use cookies, see our cookie policy for details.\n"
        "Is this the third real sentence of the page?\n"
        "Too short.\n"
    )
    out = ev._c4_lines(page).split("\n")
    assert out == [
        "This is a proper sentence with enough words.",
        "Another proper sentence that ends well!",
        "Is this the third real sentence of the page?",
    ]
    assert ev._c4_lines("One sentence only here, friends.") == ""
    assert ev._c4_lines("lorem ipsum dolor sit amet.\n" * 5) == ""


def _write(path: Path, records: list[dict]) -> None:
    with gzip.open(path, "wt", encoding="utf-8") as fh:
        for r in records:
            fh.write(json.dumps(r) + "\n")


@pytest.fixture()
def eval_dir(tmp_path: Path) -> Path:
    body = "A long paragraph of article text that should be kept by everyone here."
    html = (
        "<html><body><nav><a href=/>Home</a><a href=/b>B</a><a href=/c>C</a></nav>"
        f"<article><p>{body}</p><p>Second paragraph of the article, also kept.</p></article>"
        "<footer>Copyright footer text</footer></body></html>"
    )
    _write(
        tmp_path / "synth-html.jsonl.gz",
        [
            {
                "id": "synth-html:1",
                "kind": "html",
                "html": html,
                "text": f"Home\nB\nC\n{body}\nSecond paragraph of the article, also kept.\nCopyright footer text",
                "must_keep": [body],
                "must_remove": ["Copyright footer text"],
                "gold_text": body + "\nSecond paragraph of the article, also kept.",
                "line_labels": None,
                "lang": "en",
            }
        ],
    )
    _write(
        tmp_path / "synth-text.jsonl.gz",
        [
            {
                "id": "synth-text:1",
                "kind": "text",
                "html": None,
                "text": "A sentence that is real content for the reader.\nRead more",
                "must_keep": ["A sentence that is real content for the reader."],
                "must_remove": ["Read more"],
                "gold_text": "A sentence that is real content for the reader.",
                "line_labels": [1, 0],
            }
        ],
    )
    _write(
        tmp_path / "synth-mojibake.jsonl.gz",
        [
            {
                "id": "m:1",
                "input": "caf\u00c3\u00a9",
                "expected": "caf\u00e9",
                "expected_encoding_only": "caf\u00e9",
                "category": "synthetic",
            },
            {
                "id": "m:2",
                "input": "plain",
                "expected": "plain",
                "expected_encoding_only": "plain",
                "category": "negative",
            },
        ],
    )
    return tmp_path


def test_harness_end_to_end(eval_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(ev.ENV_DIR, str(eval_dir))
    out = tmp_path / "scores.json"
    lines: list[str] = []
    scores = ev.run(tools=["cleaner", "raw", "html", "c4"], json_out=out, echo=lines.append)
    table = lines[0]
    assert table.startswith("| dataset | tool |")
    by = {(s.dataset, s.tool): s.as_dict() for s in scores}
    assert by[("synth-html", "html_to_text")]["must_keep_kept"] == 1.0
    assert by[("synth-html", "html_to_text")]["must_remove_removed"] == 1.0
    assert by[("synth-html", "raw[text]")]["must_remove_removed"] == 0.0
    assert by[("synth-text", "raw[text]")]["line_removal_prf"] == (1.0, 0.0, 0.0)
    assert by[("synth-html", "cleaner[html]")]["token_prf"][1] == 1.0
    assert by[("synth-mojibake", "cleaner[mojibake]")]["mojibake"]["negative"] == [1, 1]
    saved = json.loads(out.read_text())
    assert {s["tool"] for s in saved["scores"]} >= {"cleaner[text]", "raw[text]", "c4-lines[text]"}


def test_benchmark_main_and_click_command(eval_dir: Path, monkeypatch: pytest.MonkeyPatch, capsys) -> None:
    from click.testing import CliRunner

    from benchmarks.accuracy import main

    monkeypatch.setenv(ev.ENV_DIR, str(eval_dir))
    assert main(["--tools", "raw,c4", "--datasets", "synth-text", "--limit", "1"]) == 0
    assert "synth-text" in capsys.readouterr().out
    result = CliRunner().invoke(ev.eval_command, [str(eval_dir / "synth-html.jsonl.gz"), "-t", "raw,html"])
    assert result.exit_code == 0, result.output
    assert "html_to_text" in result.output


def test_missing_peer_is_a_note_not_a_crash(monkeypatch: pytest.MonkeyPatch) -> None:
    import builtins

    real_import = builtins.__import__

    def fake_import(name, *args, **kwargs):
        if name == "trafilatura":
            raise ImportError(name)
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", fake_import)
    notes: list[str] = []
    tools = ev.build_tools(["trafilatura", "raw"], notes)
    assert [t.name for t in tools] == ["raw[text]"]
    assert notes and "trafilatura" in notes[0]


def test_no_data_is_a_clear_error(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.delenv(ev.ENV_DIR, raising=False)
    monkeypatch.chdir(tmp_path)
    if ev.default_eval_dir() is not None:
        pytest.skip("the shared eval data sits next to the repository")
    with pytest.raises(FileNotFoundError):
        ev.find_files()


def test_real_dev_data_if_present() -> None:
    directory = ev.default_eval_dir()
    if directory is None or not any(directory.glob("*.jsonl.gz")):
        pytest.skip("shared eval data not available")
    scores = ev.evaluate(
        ev.iter_records(ev.find_files([directory], ["turku-text-quality"]), limit=3), ev.build_tools(["raw"])
    )
    assert scores and scores[0].records == 3


def test_fundus_layout_pairs_versions_with_pages_in_date_order(tmp_path: Path) -> None:
    """benchmarks.readability_pages reads fundus's test data: the versions of <Publisher>.json, in order,
    are the articles of <Publisher>_<date>.html.gz in date order; the gold is title, summary and sections."""
    from benchmarks.readability_pages import fundus_pages, main

    country = tmp_path / "xx"
    country.mkdir()
    body = "<p>" + "The council voted to keep the library open for two more years after a long debate. " * 4 + "</p>"
    for date, word in (("2024_01_02", "first"), ("2025_03_04", "second")):
        page = f"<html><body><nav>Home | News</nav><h1>The {word} page</h1>{body}</body></html>"
        (country / f"Example_{date}.html.gz").write_bytes(gzip.compress(page.encode()))
    versions = {
        key: {"title": f"The {word} page", "body": {"summary": [], "sections": [
            {"headline": [], "paragraphs": [body[3:-4].strip()]}]}}
        for key, word in (("V1", "first"), ("V1_1", "second"))
    }
    (country / "Example.json").write_text(json.dumps(versions), encoding="utf-8")
    found = fundus_pages(tmp_path)
    assert [name for name, _, _ in found] == ["xx/Example_2024_01_02.html.gz", "xx/Example_2025_03_04.html.gz"]
    assert found[1][2].startswith("The second page\nThe council voted")
    assert "Home" in found[0][1]
    # the publisher is in exactly one half
    assert len(fundus_pages(tmp_path, "a")) + len(fundus_pages(tmp_path, "b")) == 2
    assert main([str(tmp_path), "--tools", "html"]) == 0
