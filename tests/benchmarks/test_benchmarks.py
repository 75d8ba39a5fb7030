"""The speed benchmark's machinery on small inputs: targets that can fail, peers that fail loudly, stage rows
that time what the pipeline calls, and the generator of docs/ tables. Nothing here is timed: what a test
measures on a shared machine means nothing, so no test asserts a speed."""

from __future__ import annotations

import json
import random
import re
import sys
import tomllib
from pathlib import Path

import pytest

import cleaner.core.pipeline as pipeline
import cleaner.core.prepare as prepare
from benchmarks import linearity, report, run, stages
from benchmarks.corpus import Corpus, _html_of, _synthetic, mojibake
from cleaner.core.build import compiled_modules
from cleaner.core.pipeline import Cleaner

ROOT = Path(__file__).resolve().parents[2]
DATA = Path(__file__).resolve().parents[1] / "data" / "benchmarks"
SAMPLE = DATA / "results-sample.json"  # a quick run's JSON, trimmed


def _sample() -> dict:
    return json.loads(SAMPLE.read_text(encoding="utf-8"))


def _docs() -> list[str]:
    rng = random.Random(3)
    seeds = [p.read_text(encoding="utf-8") for p in sorted((ROOT / "seeds" / "input").glob("*.txt"))]
    page = _synthetic(rng, 6, nav_heavy=True)
    return [*seeds, *page, mojibake("Café au lait, naïve façade, Straße über größer.\n" * 3),
            "A line\x01 with a control character and café.\n", "Plain ASCII text.\n\n\nShare this article\n"]


# -- the report and the generated pages ----------------------------------------------------------------

def test_report_renders_every_part_of_a_saved_run() -> None:
    text = report.render(_sample())
    for title in ("Machine", "Corpora", "Targets", "Full pipeline and peers", "Where the time goes",
                  "Decoding and the I/O floor", "Command line", "Start-up", "Document size", "Linearity", "Run"):
        assert f"### {title}" in text
    assert "**MISSED**" in text  # the sample run missed targets; the report says so
    assert "| datatrove C4 line logic |" in text and "| resiliparse extract_plain_text(main_content=True) |" in text


def test_report_rewrites_only_the_marked_section(tmp_path: Path) -> None:
    page = tmp_path / "speed.md"
    page.write_text(f"# Speed\n\nprose before\n\n{report.BEGIN}\nold table\n{report.END}\n\nprose after\n",
                    encoding="utf-8")
    assert report.main([str(SAMPLE), "--doc", str(page)]) == 0
    once = page.read_text(encoding="utf-8")
    assert "old table" not in once
    assert once.startswith("# Speed\n\nprose before\n\n") and once.endswith(f"{report.END}\n\nprose after\n")
    assert report.render(_sample()).strip() in once
    assert report.main([str(SAMPLE), "--doc", str(page)]) == 0
    assert page.read_text(encoding="utf-8") == once  # generating again changes nothing


def test_a_page_without_markers_or_a_missing_file_is_an_error(tmp_path: Path) -> None:
    page = tmp_path / "speed.md"
    page.write_text("# Speed\n\nno markers\n", encoding="utf-8")
    assert report.main([str(SAMPLE), "--doc", str(page)]) == 2
    assert page.read_text(encoding="utf-8") == "# Speed\n\nno markers\n"
    assert report.main([str(tmp_path / "missing.json"), "--doc", str(page)]) == 2


def test_the_speed_and_accuracy_pages_have_generated_sections() -> None:
    for name in ("speed.md", "accuracy.md"):
        text = (ROOT / "docs" / name).read_text(encoding="utf-8")
        assert text.count(report.BEGIN) == 1 and text.count(report.END) == 1, name


def test_accuracy_tables_come_from_evaluate_json(tmp_path: Path) -> None:
    page = tmp_path / "accuracy.md"
    page.write_text(f"# Accuracy\n\n{report.BEGIN}\n{report.END}\n", encoding="utf-8")
    assert report.main(["--accuracy", str(DATA / "evaluate-sample-A.json"), "--doc", str(page)]) == 0
    text = page.read_text(encoding="utf-8")
    assert "| dataset (records, A) | measure | cleaner | cleaner-html |" in text
    assert "| trafilatura (10) | must_remove removed % | 40.0 | - |" in text
    assert "|  | must_keep kept % | 99.0 | - |" in text
    assert "| scrapinghub (4) | token F1 % | - | 92.0 |" in text
    assert "| turku-text-quality (5) | noise-line removal precision % | 98.0 | - |" in text
    assert "|  | noise-line removal recall % | 10.0 | - |" in text
    assert "| mojibake-ftfy (3) | mojibake repaired exactly: in-the-wild | 2/3 | - |" in text
    assert "note: sample note" in text
    halves = {"A": json.loads((DATA / "evaluate-sample-A.json").read_text(encoding="utf-8"))}
    halves["B"] = json.loads(json.dumps(halves["A"]).replace('"records": 10', '"records": 12'))
    assert "| trafilatura (10 / 12) | must_remove removed % | 40.0 / 40.0 | - |" in report.accuracy_table(halves)


# -- targets and --check -------------------------------------------------------------------------------

def test_targets_are_ratios_measured_in_one_run() -> None:
    target = run.Target("x", (run.FULL, "page"), (run.FTFY, "page"), 8.0)
    for scale in (1.0, 0.1):  # a machine ten times slower gives the same verdict
        rows = [run.Row("pipeline", run.FULL, "page", 10.0 * scale), run.Row("pipeline", run.FTFY, "page", 2.0 * scale)]
        [got] = run.evaluate_targets(rows, [target])
        assert got["ratio"] == pytest.approx(5.0) and got["met"] is False
    rows = [run.Row("pipeline", run.FULL, "page", 20.0), run.Row("pipeline", run.FTFY, "page", 2.0)]
    assert run.evaluate_targets(rows, [target])[0]["met"] is True
    assert run.evaluate_targets(rows[:1], [target])[0]["met"] is None  # not measured


def test_the_targets_are_the_issues() -> None:
    minimum = {t.what: t.minimum for t in run.TARGETS}
    assert all(minimum[f"cleaner / ftfy.fix_text, {c}"] == 8.0 for c in run.TEXT_CORPORA)
    assert all(minimum[f"cleaner / C4 line logic, {c}"] == 1.2 for c in run.TEXT_CORPORA)
    assert minimum["HTML mode / trafilatura.extract"] == 5.0
    assert minimum["HTML mode / resiliparse main_content"] == 0.8
    sizes = [t for t in run.TARGETS if t.what.startswith("MB/s on")]
    assert len(sizes) == 4 and all(t.minimum == 0.8 and t.theirs[0] == report.SIZE_BASE_STAGE for t in sizes)


def test_check_exits_1_when_a_target_is_missed(monkeypatch: pytest.MonkeyPatch, tmp_path: Path, capsys) -> None:
    results = _sample()
    monkeypatch.setattr(run, "collect", lambda args: results)
    out = tmp_path / "results.json"
    assert run.main(["--check", "--out", str(out)]) == 1
    assert "target missed: cleaner / ftfy.fix_text, page" in capsys.readouterr().err
    assert json.loads(out.read_text(encoding="utf-8"))["targets"] == results["targets"]
    assert out.with_suffix(".md").read_text(encoding="utf-8") == report.render(results)
    assert run.main(["--out", str(out)]) == 0  # without --check a miss is reported, not an exit status
    for t in results["targets"]:
        t["met"] = True
    assert run.main(["--check", "--out", str(out)]) == 0


# -- peers measured like cleaner, and failing loudly ---------------------------------------------------

def test_every_tool_gets_the_same_warm_up_and_rounds() -> None:
    calls: dict[str, int] = {"cleaner": 0, "peer": 0}

    def counter(name: str):
        def fn(item: object) -> None:
            calls[name] += 1
        return fn

    items = list(range(30))
    tasks = [run.Task("cleaner", "page", counter("cleaner"), items, 300),
             run.Task("peer", "page", counter("peer"), items, 300)]
    rows = run.timed_rounds(tasks, rounds=3, warm=5)
    assert calls == {"cleaner": 5 + 3 * 30, "peer": 5 + 3 * 30}  # the whole corpus, every round, for both
    assert [r.stage for r in rows] == ["cleaner", "peer"] and all(r.mbs and r.mbs > 0 for r in rows)


def test_a_peer_that_fails_is_an_error_with_its_message(monkeypatch: pytest.MonkeyPatch, capsys) -> None:
    corpora = {"page": Corpus("page", ["one\n", "two\n"], "test")}

    def missing():
        raise ImportError("No module named 'nosuchpeer'")

    with pytest.raises(run.RunError, match="nosuchpeer.*pip install"):
        run.peer_tasks(corpora, {"nosuchpeer": (missing, ("page",))})

    def crashing(text: str) -> None:
        raise ValueError("bad page")

    with pytest.raises(run.RunError, match="crasher failed on page: ValueError: bad page"):
        run.timed_rounds([run.Task("crasher", "page", crashing, ["x"], 1)], rounds=1)

    def fail(args: object) -> dict:
        raise run.RunError("peer x is not usable")

    monkeypatch.setattr(run, "collect", fail)
    assert run.main([]) == 2
    assert "error: peer x is not usable" in capsys.readouterr().err


def test_the_bench_extra_installs_every_peer_with_bounds() -> None:
    extra = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"][
        "optional-dependencies"]["bench"]
    names = {re.split(r"[<>=!~;\[ ]", r, maxsplit=1)[0].lower().replace("_", "-") for r in extra}
    assert {"trafilatura", "justext", "resiliparse", "datatrove", "clean-text", "psutil"} <= names
    assert all(">=" in r and "<" in r for r in extra), extra
    assert len(run.PEERS) == 6


def test_memory_counts_the_whole_process_tree() -> None:
    pytest.importorskip("psutil")
    if not Path("/proc/self/status").exists():
        pytest.skip("reads VmHWM from /proc")
    # a parent that reports its own small peak, and a child that holds 80 MB for a moment
    child = "x = bytearray(80_000_000); import time; time.sleep(0.4)"
    parent = (f"import subprocess, sys; subprocess.run([sys.executable, '-c', {child!r}]); "
              "print('BENCH_PEAK_KB', [l.split()[1] for l in open('/proc/self/status') if l.startswith('VmHWM')][0],"
              " file=sys.stderr)")
    _, main_kb, tree_kb = run._run([sys.executable, "-c", parent], {}, tree=True)
    assert main_kb < 60_000 and tree_kb > 80_000


# -- stage rows ----------------------------------------------------------------------------------------

# A compiled function emits no profile events, so which callee runs inside which stage is seen in the sources
# only; under the compiled build (CI's second run) the callees of a compiled stage look like the pipeline's own.
SOURCES_ONLY = pytest.mark.skipif(bool(compiled_modules()), reason="compiled stages emit no profile events")


@SOURCES_ONLY
def test_stage_rows_time_every_function_the_pipeline_calls() -> None:
    assert stages.untimed_callees(Cleaner(), _docs()) == set()
    html = [_html_of(d, random.Random(1)) for d in _docs()[:4]]
    assert stages.untimed_callees(Cleaner(html="always"), html) == set()


@SOURCES_ONLY
def test_a_callee_missing_from_the_stage_list_is_found(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(stages, "STAGES", tuple(s for s in stages.STAGES if s[1] not in ("fold", "decide")))
    assert stages.untimed_callees(Cleaner(), _docs()) == {"fold.fold", "engine.decide"}


def test_the_profile_times_the_pipeline_and_puts_it_back() -> None:
    docs = _docs()
    cleaner = Cleaner()
    expected = [cleaner.explain(d) for d in docs]
    originals = (pipeline.prepare_text, pipeline.fold, prepare.repair_and_report)
    got = stages.profile(cleaner, docs, sum(len(d.encode()) for d in docs), rounds=1, warm=1)
    for path in ("prepare_text", "prepare_text > repair_and_report (ftfy on suspicious lines)",
                 "fold (matching key)", "matcher.scan", "collect.collect_hits", stages.GLUE_ROW):
        assert path in got and got[path]["ms_mb"] >= 0, path
    assert got["prepare_text"]["calls"] == len(docs)
    assert (pipeline.prepare_text, pipeline.fold, prepare.repair_and_report) == originals
    assert "scan" not in vars(cleaner.compiled_rules.matcher)
    assert [cleaner.explain(d) for d in docs] == expected


def test_a_stage_the_pipeline_no_longer_has_is_an_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(stages, "STAGES", (*stages.STAGES, ("cleaner.core.pipeline", "no_such_step", "gone")))
    before = pipeline.prepare_text
    with pytest.raises(stages.StageError, match="no_such_step"):
        stages.install(Cleaner(), stages.Recorder())
    assert pipeline.prepare_text is before


# -- document sizes ------------------------------------------------------------------------------------

def test_the_size_curve_cuts_the_same_text_at_line_ends() -> None:
    text = "".join(f"line {i} of some text\n" for i in range(200))
    for size in (50, 1000, 10**6):
        docs = linearity.cut(text, size)
        assert "".join(docs) == text
        assert all(d.endswith("\n") for d in docs)
        assert all(len(d.encode()) >= size for d in docs[:-1])
    assert f"documents of {run._size_label(run.SIZE_BASE)}" == report.SIZE_BASE_STAGE
