"""The speed benchmark: every stage of cleaner, the full pipeline, ftfy and the peer tools, in one run.

    python -m benchmarks            # full run (a few minutes); writes benchmarks/out/results.{md,json}
    python -m benchmarks --quick    # under a minute: small corpora, short time budgets

All figures are MB/s of input (UTF-8 bytes) on one core, plus documents/s. The machine may be shared and
noisy, so compare ratios measured in the same run rather than absolute figures across runs.
"""

from __future__ import annotations

import argparse
import contextlib
import gc
import importlib
import json
import os
import platform
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from benchmarks.corpus import OUT, ROOT, Corpus, build, write_jsonl

TEXT_CORPORA = ("page", "page-mojibake", "article", "article-mojibake")
TARGETS = (  # (what, corpus, minimum, stretch)
    ("full pipeline, nav-heavy page text, 5% mojibake", "page-mojibake", 20.0, 35.0),
    ("full pipeline, article text", "article", 40.0, 80.0),
    ("full pipeline, HTML mode (MB/s of HTML)", "html", 40.0, None),
)
FTFY_RATIO_TARGET = 10.0


@dataclass
class Settings:
    quick: bool
    corpus_bytes: int | None
    repeats: int
    peer_budget: float
    single_line_mb: tuple[int, ...]
    many_lines: tuple[int, ...]
    stream_mb: tuple[int, ...]
    startup_runs: int


def settings(quick: bool) -> Settings:
    if quick:
        return Settings(True, 1_500_000, 1, 1.0, (1, 2, 4), (50_000, 100_000, 200_000), (2, 8), 3)
    return Settings(False, None, 3, 8.0, (5, 10, 25, 50), (250_000, 500_000, 1_000_000), (16, 64), 7)


@dataclass
class Row:
    stage: str
    corpus: str
    mbs: float | None
    docs_s: float | None
    note: str = ""


def _mb(n: int) -> float:
    return n / 1e6


def measure(fn: Callable[[object], object], items: Sequence, nbytes: int, repeats: int = 1) -> tuple[float, float]:
    """Best of `repeats` passes over items: (MB/s, items/s)."""
    best = float("inf")
    for _ in range(repeats):
        gc.collect()
        start = time.perf_counter()
        for item in items:
            fn(item)
        best = min(best, time.perf_counter() - start)
    best = max(best, 1e-9)
    return _mb(nbytes) / best, len(items) / best


def measure_budget(fn: Callable[[str], object], docs: Sequence[str], budget: float) -> tuple[float, float, int]:
    """Slow peers: process documents in order until `budget` seconds are spent; (MB/s, docs/s, docs done)."""
    done = nbytes = 0
    start = time.perf_counter()
    for d in docs:
        fn(d)
        done += 1
        nbytes += len(d.encode("utf-8"))
        if time.perf_counter() - start > budget:
            break
    elapsed = max(time.perf_counter() - start, 1e-9)
    return _mb(nbytes) / elapsed, done / elapsed, done


def versions() -> dict[str, str]:
    from importlib.metadata import PackageNotFoundError, version

    out = {"python": platform.python_version()}
    for name in ("cleaner", "hyperscan", "ftfy", "selectolax", "regex", "msgspec", "trafilatura", "jusText",
                 "Resiliparse", "clean-text", "datatrove"):
        with contextlib.suppress(PackageNotFoundError):
            out[name] = version(name)
    return out


def machine() -> str:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return f"{cpu}, {os.cpu_count()} cores, {platform.system()} {platform.release()}"


# -- stages --------------------------------------------------------------------------------------------

def stage_rows(corpora: dict[str, Corpus], s: Settings) -> list[Row]:
    """Every stage on every text corpus, and HTML mode; the repeats go round-robin over all of them, so
    a burst of load on a shared machine hits one pass of everything rather than every pass of one stage."""
    from cleaner.core.decode import decode_bytes
    from cleaner.core.fold import fold
    from cleaner.core.normalize import normalize
    from cleaner.core.pipeline import Cleaner
    from cleaner.core.prepare import prepare_text
    from cleaner.core.repair import looks_broken, repair_encoding

    cleaner = Cleaner()
    no_repair = Cleaner(fix_encoding=False)
    matcher = cleaner._compiled.matcher
    scan = "scan (Hyperscan)" if matcher.backend == "hyperscan" else "scan (Python)"
    rest_of_explain = "rest of explain (repair off, prepared text)"
    tasks: list[tuple[str, str, Callable[[object], object], Sequence, int]] = []
    for name in TEXT_CORPORA:
        c = corpora[name]
        docs, n = c.docs, c.nbytes
        prepared = [prepare_text(d)[0] for d in docs]
        tasks += [
            ("decode (UTF-8 bytes to str)", name, decode_bytes, [d.encode("utf-8") for d in docs], n),
            ("encoding gate alone", name, looks_broken, docs, n),
            ("encoding gate + ftfy repair", name, repair_encoding, docs, n),
            ("normalise", name, normalize, [repair_encoding(d) for d in docs], n),
            ("fold (matching key)", name, fold, prepared, n),
            (scan, name, matcher.scan, [fold(d) for d in prepared], n),
            (rest_of_explain, name, no_repair.explain, prepared, n),
            ("FULL PIPELINE", name, cleaner.explain, docs, n),
        ]
    html = corpora["html"]
    html_note = ""
    try:
        to_text = importlib.import_module("cleaner.html").html_to_text
        tasks += [("HTML to text", "html", to_text, html.docs, html.nbytes),
                  ("FULL PIPELINE (HTML mode)", "html", Cleaner(html="always").explain, html.docs, html.nbytes)]
    except (ImportError, AttributeError):
        html_note = "cleaner.html not available"
    best: dict[tuple[str, str], tuple[float, float]] = {}
    for _ in range(s.repeats):
        for stage, name, fn, items, n in tasks:
            mbs, dps = measure(fn, items, n)
            if (stage, name) not in best or mbs > best[stage, name][0]:
                best[stage, name] = (mbs, dps)
    rows: list[Row] = []
    for stage, name, _fn, items, n in tasks:
        if stage == rest_of_explain:
            # What explain does after the scan (rule hits, heuristics, decisions, removal, tidy): a
            # repair-free explain of prepared text, less its normalise, fold and scan.
            spent = sum(1 / best[k, name][0] for k in ("normalise", "fold (matching key)", scan))
            rest = 1 / best[stage, name][0] - spent
            if rest > 0:
                rows.append(Row("rules, removal, tidy (rest of explain)", name, 1 / rest, len(items) / rest / _mb(n)))
            continue
        mbs, dps = best[stage, name]
        rows.append(Row(stage, name, mbs, dps))
    if html_note:
        rows.append(Row("HTML to text", "html", None, None, html_note))
    return rows


def io_floor(corpora: dict[str, Corpus], workdir: Path) -> Row:
    """Read a JSONL corpus, decode and re-encode every record, write it out: what any Python tool pays."""
    import msgspec

    path = workdir / "io-floor.jsonl"
    nbytes = write_jsonl(corpora["page"].docs, path)
    dec, enc = msgspec.json.Decoder(), msgspec.json.Encoder()
    start = time.perf_counter()
    docs = 0
    with open(path, "rb") as f, open(os.devnull, "wb") as out:
        for line in f:
            rec = dec.decode(line)
            rec["text"] = rec["text"]
            out.write(enc.encode(rec) + b"\n")
            docs += 1
    elapsed = time.perf_counter() - start
    return Row("I/O floor: read + decode + encode + write JSONL", "page", _mb(nbytes) / elapsed, docs / elapsed)


# -- peers ---------------------------------------------------------------------------------------------

def peer_rows(corpora: dict[str, Corpus], s: Settings) -> list[Row]:
    rows: list[Row] = []
    import ftfy

    for name in ("page-mojibake", "article"):
        mbs, dps, done = measure_budget(ftfy.fix_text, corpora[name].docs, s.peer_budget)
        rows.append(Row("ftfy.fix_text", name, mbs, dps, f"{done} docs"))
    try:
        from cleantext import clean as cleantext_clean

        mbs, dps, done = measure_budget(cleantext_clean, corpora["page"].docs, s.peer_budget)
        rows.append(Row("cleantext.clean", "page", mbs, dps, f"{done} docs"))
    except ImportError:
        rows.append(Row("cleantext.clean", "page", None, None, "not importable"))
    try:
        from datatrove.data import Document
        from datatrove.pipeline.filters import C4QualityFilter

        c4 = C4QualityFilter(filter_no_terminal_punct=False)

        def c4_filter(text: str) -> object:
            return c4.filter(Document(text=text, id="0"))

        mbs, dps, done = measure_budget(c4_filter, corpora["page"].docs, s.peer_budget)
        rows.append(Row("datatrove C4 line filter", "page", mbs, dps, f"{done} docs"))
    except Exception as err:  # noqa: BLE001 - any peer that does not import or run is skipped
        reason = str(err).split("\n")[0][:70] or type(err).__name__
        rows.append(Row("datatrove C4 line filter", "page", None, None, f"skipped: {reason}"))
    html = corpora["html"].docs
    peers: list[tuple[str, Callable[[], Callable[[str], object]]]] = []

    def trafilatura_fn() -> Callable[[str], object]:
        import trafilatura

        return trafilatura.extract

    def justext_fn() -> Callable[[str], object]:
        import justext

        stop = justext.get_stoplist("English")
        return lambda h: justext.justext(h, stop)

    def resiliparse_fn() -> Callable[[str], object]:
        from resiliparse.extract.html2text import extract_plain_text

        return extract_plain_text

    peers += [("trafilatura.extract", trafilatura_fn), ("jusText", justext_fn),
              ("resiliparse extract_plain_text", resiliparse_fn)]
    for label, make in peers:
        try:
            fn = make()
        except ImportError:
            rows.append(Row(label, "html", None, None, "not importable (pip install '.[bench]')"))
            continue
        mbs, dps, done = measure_budget(fn, html, s.peer_budget)
        rows.append(Row(label, "html", mbs, dps, f"{done} docs"))
    return rows


# -- command line runs: jobs, streaming memory, start-up -----------------------------------------------

# Runs the CLI and reports its own peak RSS. The rusage of a child is no good here: a child started by
# vfork and exec inherits the parent's high-water mark, and this runner holds every corpus in memory.
_PEAK_WRAPPER = """
import atexit, sys
def _peak():
    try:
        with open('/proc/self/status') as f:
            for line in f:
                if line.startswith('VmHWM:'):
                    sys.stderr.write('BENCH_PEAK_KB ' + line.split()[1] + chr(10))
    except OSError:
        pass
atexit.register(_peak)
from cleaner.cli import main
sys.argv[0] = 'cleaner'
main()
"""


def _run(cmd: list[str], env: dict[str, str], stdin: bytes | None = None) -> tuple[float, int]:
    """(seconds, peak RSS in KB) of a child process, its output discarded."""
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdin=subprocess.PIPE if stdin is not None else subprocess.DEVNULL,
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env)
    if stdin is not None:
        proc.stdin.write(stdin)  # type: ignore[union-attr]
        proc.stdin.close()  # type: ignore[union-attr]
    err = proc.stderr.read()  # type: ignore[union-attr]
    _, status, usage = os.wait4(proc.pid, 0)
    elapsed = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode:
        raise RuntimeError(f"{' '.join(cmd)} failed: {err.decode(errors='replace')[-500:]}")
    peak = usage.ru_maxrss
    for line in err.decode(errors="replace").splitlines():
        if line.startswith("BENCH_PEAK_KB "):
            peak = int(line.split()[1])
    return elapsed, peak


def _cleaner_cmd() -> list[str]:
    exe = shutil.which("cleaner")
    return [exe] if exe else [sys.executable, "-m", "cleaner"]


def cli_rows(corpora: dict[str, Corpus], s: Settings, workdir: Path, env: dict[str, str]) -> list[Row]:
    rows: list[Row] = []
    cmd = [sys.executable, "-c", _PEAK_WRAPPER]
    docs = corpora["page-mojibake"].docs
    small_mb, big_mb = s.stream_mb
    small = workdir / f"stream-{small_mb}mb.jsonl"
    big = workdir / f"stream-{big_mb}mb.jsonl"
    n_small = write_jsonl(docs, small, small_mb * 1_000_000)
    n_big = write_jsonl(docs, big, big_mb * 1_000_000)
    _run(cmd + ["--version"], env)  # warm the rule cache
    best: dict[int, tuple[float, int]] = {}
    for _ in range(1 if s.quick else 2):  # alternate 1 and 2 jobs, keep the best of each
        for jobs in (1, 2):
            elapsed, rss = _run(cmd + ["--jobs", str(jobs), str(small)], env)
            if jobs not in best or elapsed < best[jobs][0]:
                best[jobs] = (elapsed, rss)
    for jobs, (elapsed, rss) in sorted(best.items()):
        rows.append(Row(f"cleaner --jobs {jobs} FILE.jsonl (CLI, end to end)", "page-mojibake",
                        _mb(n_small) / elapsed, None,
                        f"{_mb(n_small):.0f} MB, peak RSS of the main process {rss / 1024:.0f} MB"))
    elapsed, rss_big = _run(cmd + [str(big)], env)
    rows.append(Row("cleaner FILE.jsonl, 4x the input (memory check)", "page-mojibake", _mb(n_big) / elapsed, None,
                    f"{_mb(n_big):.0f} MB, peak RSS {rss_big / 1024:.0f} MB"))
    return rows


def startup_rows(s: Settings, workdir: Path, env: dict[str, str]) -> list[Row]:
    cmd = _cleaner_cmd()
    rows = []
    # An installed package has its bytecode compiled (pip does it when it installs): these runs may write it
    # and read it back, in the work folder, whatever PYTHONDONTWRITEBYTECODE says, or every run would
    # compile every module from source again (30 ms).
    env = {k: v for k, v in env.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env["PYTHONPYCACHEPREFIX"] = str(workdir / "bytecode")

    def median_time(argv: list[str], stdin: bytes | None, cold: bool) -> float:
        times = []
        for _ in range(s.startup_runs):
            run_env = dict(env)
            if cold:
                run_env["CLEANER_CACHE_DIR"] = tempfile.mkdtemp(prefix="cleaner-cold-")
            times.append(_run(argv, run_env, stdin)[0])
            if cold:
                shutil.rmtree(run_env["CLEANER_CACHE_DIR"], ignore_errors=True)
        return statistics.median(times)

    rows.append(Row("python -c pass (interpreter alone)", "-", None, None,
                    f"{median_time([sys.executable, '-c', 'pass'], None, False) * 1000:.0f} ms"))
    _run(cmd + ["--version"], env)
    for label, argv, stdin in (("cleaner --version", cmd + ["--version"], None),
                               ("echo '...' | cleaner (one line)", cmd, b"JOIN US ON WHATSAPP\n")):
        cold = median_time(argv, stdin, True)
        warm = median_time(argv, stdin, False)
        rows.append(Row(label, "-", None, None, f"cold {cold * 1000:.0f} ms, warm {warm * 1000:.0f} ms"))
    return rows


# -- linearity -----------------------------------------------------------------------------------------

def linearity_rows(corpora: dict[str, Corpus], s: Settings, workdir: Path, env: dict[str, str]) -> list[Row]:
    """Throughput on one ever longer line, and on ever more short lines: flat MB/s means linear cost. Timed
    in a child process (benchmarks/linearity.py says why) on text made from these corpora."""
    from cleaner.core.repair import looks_broken

    # Documents without mojibake: ftfy's own cost would only blur the curve.
    article = [d for d in corpora["article"].docs if not looks_broken(d)][:200]
    page = [d for d in corpora["page"].docs if not looks_broken(d)][:200]
    spec = workdir / "linearity.json"
    spec.write_text(json.dumps({
        "words": " ".join(article).split(),
        "lines": [ln for d in page for ln in d.split("\n") if ln.strip() and len(ln) < 80],
        "single_line_mb": list(s.single_line_mb), "many_lines": list(s.many_lines)}), encoding="utf-8")
    proc = subprocess.run([sys.executable, "-m", "benchmarks.linearity", str(spec)], cwd=ROOT, env=env,
                          capture_output=True, text=True)
    if proc.returncode:
        raise RuntimeError(f"the linearity run failed: {proc.stderr[-500:]}")
    return [Row(r["stage"], r["corpus"], r["mbs"], None) for r in json.loads(proc.stdout)]


# -- report --------------------------------------------------------------------------------------------

def _fmt(x: float | None, digits: int = 1) -> str:
    return "-" if x is None else f"{x:,.{digits}f}"


def table(rows: list[Row], with_docs: bool = True) -> str:
    head = "| stage | corpus | MB/s |" + (" docs/s |" if with_docs else "") + " note |"
    sep = "|---|---|---:|" + ("---:|" if with_docs else "") + "---|"
    out = [head, sep]
    for r in rows:
        cells = [r.stage, r.corpus, _fmt(r.mbs)] + ([_fmt(r.docs_s, 0)] if with_docs else []) + [r.note]
        out.append("| " + " | ".join(cells) + " |")
    return "\n".join(out)


def stage_matrix(rows: list[Row]) -> str:
    """Stages down, corpora across: 'MB/s (docs/s)'."""
    stages = list(dict.fromkeys(r.stage for r in rows if r.corpus in TEXT_CORPORA))
    cell = {(r.stage, r.corpus): r for r in rows}
    out = ["| stage | " + " | ".join(TEXT_CORPORA) + " |", "|---|" + "---:|" * len(TEXT_CORPORA)]
    for stage in stages:
        cells = []
        for c in TEXT_CORPORA:
            r = cell.get((stage, c))
            cells.append("-" if r is None or r.mbs is None else f"{r.mbs:,.1f} ({r.docs_s:,.0f})")
        out.append(f"| {stage} | " + " | ".join(cells) + " |")
    return "\n".join(out)


def targets(rows: list[Row]) -> str:
    find = {(r.stage, r.corpus): r.mbs for r in rows}
    out = ["| target | measured | minimum | stretch | |", "|---|---:|---:|---:|---|"]
    for what, corpus, minimum, stretch in TARGETS:
        stage = "FULL PIPELINE (HTML mode)" if corpus == "html" else "FULL PIPELINE"
        got = find.get((stage, corpus))
        verdict = "n/a" if got is None else ("stretch met" if stretch and got >= stretch else
                                             "met" if got >= minimum else "NOT MET")
        out.append(f"| {what} | {_fmt(got)} | {minimum:g} | {_fmt(stretch, 0)} | {verdict} |")
    for corpus in ("page-mojibake", "article"):
        ours, ftfy = find.get(("FULL PIPELINE", corpus)), find.get(("ftfy.fix_text", corpus))
        if ours and ftfy:
            ratio = ours / ftfy
            verdict = "met" if ratio >= FTFY_RATIO_TARGET else "NOT MET"
            out.append(f"| full pipeline / ftfy.fix_text alone, {corpus} | {ratio:.1f}x | "
                       f"{FTFY_RATIO_TARGET:g}x | | {verdict} |")
    return "\n".join(out)


def _cpu_seconds() -> float:
    """CPU time of this process and of the finished children (the CLI runs)."""
    t = os.times()
    return t.user + t.system + t.children_user + t.children_system


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m benchmarks", description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--quick", action="store_true", help="small corpora and budgets: under a minute")
    ap.add_argument("--no-eval", action="store_true", help="ignore the eval data: seeds and synthetic text only")
    ap.add_argument("--no-peers", action="store_true", help="skip ftfy and the peer tools")
    ap.add_argument("--no-cli", action="store_true", help="skip the subprocess runs (jobs, memory, start-up)")
    args = ap.parse_args(argv)
    s = settings(args.quick)
    t0, cpu0, load0 = time.perf_counter(), _cpu_seconds(), os.getloadavg()[0]
    corpora = build(s.corpus_bytes, use_eval=not args.no_eval)
    OUT.mkdir(parents=True, exist_ok=True)
    workdir = Path(tempfile.mkdtemp(prefix="bench-", dir=OUT))
    env = dict(os.environ)
    env.setdefault("CLEANER_CACHE_DIR", str(workdir / "cache"))
    env["PYTHONPATH"] = str(ROOT) + os.pathsep + env.get("PYTHONPATH", "")
    from cleaner.core.build import describe
    from cleaner.core.pipeline import Cleaner

    backend = Cleaner().backend
    v = versions()
    sections: list[str] = []

    def emit(title: str, body: str) -> None:
        text = f"### {title}\n\n{body}\n"
        print(text, flush=True)
        sections.append(text)

    emit("Machine", f"{machine()}; scanner backend: {backend}; cleaner: {describe()}; "
         f"mode: {'quick' if s.quick else 'full'}\n\n"
         + ", ".join(f"{k} {val}" for k, val in v.items()))
    emit("Corpora", "| corpus | documents | MB | source |\n|---|---:|---:|---|\n" + "\n".join(
        f"| {c.name} | {len(c.docs):,} | {_mb(c.nbytes):.1f} | {c.source} |" for c in corpora.values()))
    try:
        rows = stage_rows(corpora, s)
        rows.append(io_floor(corpora, workdir))
        emit("Stages and full pipeline, MB/s (documents/s), one core", stage_matrix(rows))
        other = [r for r in rows if r.corpus not in TEXT_CORPORA]
        if not args.no_peers:
            other += peer_rows(corpora, s)
        emit("HTML, I/O floor, ftfy and peers (same run)", table(other))
        if not args.no_cli:
            cli = cli_rows(corpora, s, workdir, env)
            emit("Command line: jobs and streaming memory", table(cli, with_docs=False))
            rows += cli
            emit(f"Start-up (median of {s.startup_runs} runs; cold = empty rule cache)",
                 table(startup_rows(s, workdir, env), with_docs=False))
        lin = linearity_rows(corpora, s, workdir, env)
        emit("Linearity: MB/s should stay flat as the input grows", table(lin, with_docs=False))
        rows += other + lin
        emit("Targets", targets(rows))
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        wall = time.perf_counter() - t0
        share = (_cpu_seconds() - cpu0) / wall  # well below 1: other jobs took part of this core
        emit("Run", f"{wall:.0f} s; this process got {share:.0%} of a core (load average "
             f"{load0:.1f} at the start, {os.getloadavg()[0]:.1f} at the end); peak RSS of this runner "
             f"(it holds every corpus in memory): {peak:.0f} MB")
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    name = "results-quick" if s.quick else "results"
    (OUT / f"{name}.md").write_text("\n".join(sections), encoding="utf-8")
    (OUT / f"{name}.json").write_text(json.dumps({"versions": v, "machine": machine(), "rows": [
        r.__dict__ for r in rows]}, indent=1), encoding="utf-8")
    print(f"written: {OUT / (name + '.md')}")
    return 0
