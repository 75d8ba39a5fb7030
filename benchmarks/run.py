"""The speed benchmark: cleaner's full pipeline and its peers measured alike, cleaner's stages, the command
line, document sizes and linearity, in one run.

    python -m benchmarks            # full run; writes benchmarks/out/results.{md,json}
    python -m benchmarks --quick    # small corpora, one round: for development
    python -m benchmarks --check    # exit 1 when a target ratio is missed

Every tool, cleaner and peer alike, runs over the same corpora whole, in the same rounds (round-robin, so a
burst of load on a shared machine hits one pass of everything rather than every pass of one tool), after the
same warm-up; each keeps its best round. The targets are ratios measured in this one run, never absolute
MB/s, which move with the machine and its load. Figures are MB/s of input (UTF-8 bytes) on one core, and
documents/s. A peer that does not import or fails on a document is an error (exit 2), not a skipped row.
"""

from __future__ import annotations

import argparse
import contextlib
import gc
import json
import os
import platform
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path

from benchmarks.corpus import OUT, ROOT, Corpus, build, write_jsonl

TEXT_CORPORA = ("page", "page-mojibake", "article", "article-mojibake")
ALL_CORPORA = (*TEXT_CORPORA, "html")
WARM_DOCS = 20  # every tool cleans the first documents of each corpus once, untimed, before the rounds
FULL = "FULL PIPELINE"
FULL_HTML = "FULL PIPELINE (HTML mode)"
# The same, through `Cleaner.clean`: the text alone, with nothing recorded of what the HTML stage dropped (as
# trafilatura.extract gives it). The targets stay on `explain`, which the command line runs.
FULL_HTML_TEXT = "FULL PIPELINE (HTML mode, Cleaner.clean)"
FTFY = "ftfy.fix_text"
C4 = "datatrove C4 line logic"
TRAFILATURA = "trafilatura.extract"
RESILIPARSE = "resiliparse extract_plain_text(main_content=True)"
KB, MB = 1_000, 1_000_000
SIZE_BASE = 10 * KB  # the document size the others are compared with


@dataclass(frozen=True)
class Target:
    """ours / theirs >= minimum, both measured in this run: (stage, corpus) pairs of rows."""

    what: str
    ours: tuple[str, str]
    theirs: tuple[str, str]
    minimum: float


def _size_label(n: int) -> str:
    return f"{n // MB} MB" if n >= MB else f"{n // KB} KB"


def _targets() -> tuple[Target, ...]:
    out = [Target(f"cleaner / ftfy.fix_text, {c}", (FULL, c), (FTFY, c), 8.0) for c in TEXT_CORPORA]
    out += [Target(f"cleaner / C4 line logic, {c}", (FULL, c), (C4, c), 1.2) for c in TEXT_CORPORA]
    out += [Target("HTML mode / trafilatura.extract", (FULL_HTML, "html"), (TRAFILATURA, "html"), 5.0),
            Target("HTML mode / resiliparse main_content", (FULL_HTML, "html"), (RESILIPARSE, "html"), 0.8)]
    for corpus in ("page", "page-mojibake"):
        base = (f"documents of {_size_label(SIZE_BASE)}", corpus)
        out += [Target(f"MB/s on {_size_label(n)} / on {_size_label(SIZE_BASE)} documents, {corpus}",
                       (f"documents of {_size_label(n)}", corpus), base, 0.8) for n in (MB, 10 * MB)]
    return tuple(out)


TARGETS = _targets()


@dataclass
class Settings:
    quick: bool
    corpus_bytes: int | None
    rounds: int
    single_line_mb: tuple[int, ...]
    many_lines: tuple[int, ...]
    stream_mb: tuple[int, ...]
    startup_runs: int
    sizes: tuple[int, ...]  # the document-size curve: bytes per document
    size_total: int  # bytes cleaned at each size (the same text, cut into documents of that size)


def settings(quick: bool) -> Settings:
    if quick:  # the sizes the targets compare, only
        return Settings(True, 1_500_000, 1, (1, 2, 4), (50_000, 100_000, 200_000), (2, 8), 3,
                        (SIZE_BASE, MB, 10 * MB), 10 * MB)
    return Settings(False, None, 3, (5, 10, 25, 50), (250_000, 500_000, 1_000_000), (16, 64), 7,
                    (KB, SIZE_BASE, 100 * KB, MB, 10 * MB), 10 * MB)


@dataclass
class Row:
    group: str  # the report's section: pipeline, other, cli, startup, sizes, linearity
    stage: str
    corpus: str
    mbs: float | None
    docs_s: float | None = None
    note: str = ""


class RunError(RuntimeError):
    """A tool failed or is missing: the run cannot give the figures it promises."""


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


@dataclass
class Task:
    """One tool on one corpus."""

    stage: str
    corpus: str
    fn: Callable[[object], object]
    items: Sequence
    nbytes: int


def timed_rounds(tasks: Sequence[Task], rounds: int, warm: int = WARM_DOCS) -> list[Row]:
    """Warm every task up on its first `warm` items, then `rounds` passes round-robin over all tasks; each
    task's best pass. Any exception is a RunError naming the tool and the corpus."""
    def run(task: Task, items: Sequence) -> None:
        try:
            for item in items:
                task.fn(item)
        except Exception as err:  # noqa: BLE001 - whatever a peer raises, the run must say so and stop
            first = (str(err).strip().splitlines() or [""])[0][:300]
            raise RunError(f"{task.stage} failed on {task.corpus}: {type(err).__name__}: {first}") from err

    for task in tasks:
        run(task, task.items[:warm])
    best = [float("inf")] * len(tasks)
    for _ in range(rounds):
        for i, task in enumerate(tasks):
            gc.collect()
            start = time.perf_counter()
            run(task, task.items)
            best[i] = min(best[i], time.perf_counter() - start)
    return [Row("pipeline", t.stage, t.corpus, _mb(t.nbytes) / max(b, 1e-9), len(t.items) / max(b, 1e-9))
            for t, b in zip(tasks, best, strict=True)]


def versions() -> dict[str, str]:
    from importlib.metadata import PackageNotFoundError, version

    out = {"python": platform.python_version()}
    for name in ("scrape-cleaner", "hyperscan", "ftfy", "selectolax", "regex", "msgspec", "trafilatura", "jusText",
                 "Resiliparse", "clean-text", "datatrove", "psutil"):
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


# -- the peers -----------------------------------------------------------------------------------------

def _ftfy() -> Callable[[str], object]:
    import ftfy

    return ftfy.fix_text


def _c4() -> Callable[[str], object]:
    # C4's line filter as corpus builders run it: its terminal-punctuation rule on, which decides most lines
    # with a string test, and no sentence counting (min_num_sentences=-1: spaCy or NLTK per kept line).
    from datatrove.data import Document
    from datatrove.pipeline.filters import C4QualityFilter

    c4 = C4QualityFilter(filter_no_terminal_punct=True, min_num_sentences=-1)
    return lambda text: c4.filter(Document(text=text, id="0"))


def _cleantext() -> Callable[[str], object]:
    import warnings

    with warnings.catch_warnings():  # it warns at import that the GPL unidecode is not installed
        warnings.simplefilter("ignore")
        from cleantext import clean
    return clean


def _trafilatura() -> Callable[[str], object]:
    import trafilatura

    return trafilatura.extract


def _justext() -> Callable[[str], object]:
    import justext

    stop = justext.get_stoplist("English")
    return lambda html: justext.justext(html, stop)


def _resiliparse() -> Callable[[str], object]:
    from resiliparse.extract.html2text import extract_plain_text

    return lambda html: extract_plain_text(html, main_content=True)


# label: (set-up, corpora). All of them come with `pip install -e '.[bench]'`.
PEERS: dict[str, tuple[Callable[[], Callable[[str], object]], tuple[str, ...]]] = {
    FTFY: (_ftfy, TEXT_CORPORA),
    C4: (_c4, TEXT_CORPORA),
    "cleantext.clean": (_cleantext, ("page", "article")),
    TRAFILATURA: (_trafilatura, ("html",)),
    "jusText": (_justext, ("html",)),
    RESILIPARSE: (_resiliparse, ("html",)),
}


def peer_tasks(corpora: dict[str, Corpus], peers: dict = PEERS) -> list[Task]:
    """A task per peer and corpus; a peer that does not set up is a RunError with its message."""
    tasks = []
    for label, (make, names) in peers.items():
        try:
            fn = make()
        except Exception as err:  # noqa: BLE001 - ImportError, a missing model, anything: say which and why
            raise RunError(f"peer {label} is not usable: {type(err).__name__}: {err} "
                           "(pip install -e '.[bench]' installs every peer)") from err
        tasks += [Task(label, name, fn, corpora[name].docs, corpora[name].nbytes) for name in names]
    return tasks


def pipeline_tasks(corpora: dict[str, Corpus]) -> list[Task]:
    from cleaner.core.pipeline import Cleaner

    cleaner = Cleaner()
    tasks = [Task(FULL, name, cleaner.explain, corpora[name].docs, corpora[name].nbytes) for name in TEXT_CORPORA]
    html = corpora["html"]
    html_cleaner = Cleaner(html="always")
    tasks.append(Task(FULL_HTML, "html", html_cleaner.explain, html.docs, html.nbytes))
    tasks.append(Task(FULL_HTML_TEXT, "html", html_cleaner.clean, html.docs, html.nbytes))
    return tasks


# -- stages --------------------------------------------------------------------------------------------

def stage_profile(corpora: dict[str, Corpus], s: Settings) -> tuple[dict[str, dict[str, dict]], list[str]]:
    """benchmarks/stages.py on every corpus: {corpus: {stage path: {ms_mb, calls}}}, and the cleaner
    functions the pipeline calls that no stage names (should be none)."""
    from benchmarks import stages
    from cleaner.core.pipeline import Cleaner

    text, html = Cleaner(), Cleaner(html="always")
    out = {}
    for name in ALL_CORPORA:
        c = corpora[name]
        out[name] = stages.profile(html if name == "html" else text, c.docs, c.nbytes, s.rounds)
    untimed = stages.untimed_callees(text, corpora["page-mojibake"].docs[:100])
    untimed |= stages.untimed_callees(html, corpora["html"].docs[:20])
    return out, sorted(untimed)


def other_rows(corpora: dict[str, Corpus], s: Settings, workdir: Path) -> list[Row]:
    """decode_bytes (what explain runs first on bytes input) and the I/O floor of any Python tool."""
    import msgspec

    from cleaner.core.decode import decode_bytes

    page = corpora["page"]
    raw = [d.encode("utf-8") for d in page.docs]
    decode_bytes(raw[0])
    mbs, dps = measure(decode_bytes, raw, page.nbytes, s.rounds)
    rows = [Row("other", "decode_bytes (explain's first step on bytes input)", "page", mbs, dps)]
    path = workdir / "io-floor.jsonl"
    nbytes = write_jsonl(page.docs, path)
    dec, enc = msgspec.json.Decoder(), msgspec.json.Encoder()
    start = time.perf_counter()
    docs = 0
    with open(path, "rb") as f, open(os.devnull, "wb") as out:
        for line in f:
            rec = dec.decode(line)
            out.write(enc.encode(rec) + b"\n")
            docs += 1
    elapsed = time.perf_counter() - start
    rows.append(Row("other", "I/O floor: read + decode + encode + write JSONL", "page", _mb(nbytes) / elapsed,
                    docs / elapsed))
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
sys.exit(main())
"""
TREE_SAMPLE_S = 0.02


def _sample_tree(pid: int, stop: threading.Event, out: list[int]) -> None:
    """Peak of the summed RSS of a process and all its descendants (the --jobs workers), sampled."""
    import psutil

    peak = 0
    try:
        root = psutil.Process(pid)
        while not stop.is_set():
            total = 0
            for p in [root, *root.children(recursive=True)]:
                with contextlib.suppress(psutil.Error):  # a worker that just ended
                    total += p.memory_info().rss
            peak = max(peak, total)
            stop.wait(TREE_SAMPLE_S)
    except psutil.Error:
        pass
    out.append(peak // 1024)


def _run(cmd: list[str], env: dict[str, str], stdin: bytes | None = None, tree: bool = False,
         ) -> tuple[float, int, int]:
    """(seconds, peak RSS in KB of the process, peak RSS in KB of its process tree) of a child process, its
    output discarded. Without `tree` the third figure is the second."""
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdin=subprocess.PIPE if stdin is not None else subprocess.DEVNULL,
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env)
    sampled: list[int] = []
    stop = threading.Event()
    sampler = threading.Thread(target=_sample_tree, args=(proc.pid, stop, sampled)) if tree else None
    if sampler is not None:
        sampler.start()
    try:
        if stdin is not None:
            proc.stdin.write(stdin)  # type: ignore[union-attr]
            proc.stdin.close()  # type: ignore[union-attr]
        err = proc.stderr.read()  # type: ignore[union-attr]
        _, status, usage = os.wait4(proc.pid, 0)
    finally:
        stop.set()
        if sampler is not None:
            sampler.join()
    elapsed = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode:
        raise RunError(f"{' '.join(cmd)} failed: {err.decode(errors='replace')[-500:]}")
    peak = usage.ru_maxrss
    for line in err.decode(errors="replace").splitlines():
        if line.startswith("BENCH_PEAK_KB "):
            peak = int(line.split()[1])
    return elapsed, peak, max([peak, *sampled])


def _cleaner_cmd() -> list[str]:
    exe = shutil.which("cleaner")
    return [exe] if exe else [sys.executable, "-m", "cleaner"]


def cli_rows(corpora: dict[str, Corpus], s: Settings, workdir: Path, env: dict[str, str]) -> list[Row]:
    try:
        import psutil  # noqa: F401 - the memory of the whole process tree needs it
    except ImportError as err:
        raise RunError("psutil is needed to measure the memory of --jobs workers (pip install -e '.[bench]')") \
            from err
    rows: list[Row] = []
    cmd = [sys.executable, "-c", _PEAK_WRAPPER]
    docs = corpora["page-mojibake"].docs
    small_mb, big_mb = s.stream_mb
    small = workdir / f"stream-{small_mb}mb.jsonl"
    big = workdir / f"stream-{big_mb}mb.jsonl"
    n_small = write_jsonl(docs, small, small_mb * 1_000_000)
    n_big = write_jsonl(docs, big, big_mb * 1_000_000)
    _run(cmd + ["--version"], env)  # warm the rule cache
    best: dict[int, tuple[float, int, int]] = {}
    for _ in range(s.rounds):  # alternate 1 and 2 jobs, keep the best of each
        for jobs in (1, 2):
            got = _run(cmd + ["--jobs", str(jobs), str(small)], env, tree=True)
            if jobs not in best or got[0] < best[jobs][0]:
                best[jobs] = got
    for jobs, (elapsed, main_kb, tree_kb) in sorted(best.items()):
        rows.append(Row("cli", f"cleaner --jobs {jobs} FILE.jsonl (CLI, end to end)", "page-mojibake",
                        _mb(n_small) / elapsed, None,
                        f"{_mb(n_small):.0f} MB; peak RSS of the process tree {tree_kb / 1024:.0f} MB "
                        f"(main process {main_kb / 1024:.0f} MB)"))
    elapsed, main_kb, tree_kb = _run(cmd + [str(big)], env, tree=True)
    rows.append(Row("cli", f"cleaner FILE.jsonl, {big_mb // small_mb}x the input (memory check)", "page-mojibake",
                    _mb(n_big) / elapsed, None, f"{_mb(n_big):.0f} MB; peak RSS of the process tree "
                    f"{tree_kb / 1024:.0f} MB (main process {main_kb / 1024:.0f} MB)"))
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

    rows.append(Row("startup", "python -c pass (interpreter alone)", "-", None, None,
                    f"{median_time([sys.executable, '-c', 'pass'], None, False) * 1000:.0f} ms"))
    _run(cmd + ["--version"], env)
    for label, argv, stdin in (("cleaner --version", cmd + ["--version"], None),
                               ("echo '...' | cleaner (one line)", cmd, b"JOIN US ON WHATSAPP\n")):
        cold = median_time(argv, stdin, True)
        warm = median_time(argv, stdin, False)
        rows.append(Row("startup", label, "-", None, None, f"cold {cold * 1000:.0f} ms, warm {warm * 1000:.0f} ms"))
    return rows


# -- document sizes and linearity (in a child process) -------------------------------------------------

def size_streams(s: Settings, corpora: dict[str, Corpus], use_eval: bool = True) -> dict[str, str]:
    """The text the document-size curve cuts up: page text (whole pages, 5% of them with mojibake in the
    mojibake stream) joined to `size_total` bytes. Quick runs' corpora are too small: it reads the whole ones."""
    if s.quick and corpora["page"].nbytes < s.size_total:
        corpora = build(None, use_eval=use_eval)
    out = {}
    for name in ("page", "page-mojibake"):
        parts, size, i = [], 0, 0
        docs = corpora[name].docs
        while size < s.size_total:  # repeats documents only when the corpus is smaller than size_total
            d = docs[i % len(docs)].strip("\n") + "\n"
            parts.append(d)
            size += len(d.encode("utf-8"))
            i += 1
        out[name] = "".join(parts)
    return out


def child_rows(corpora: dict[str, Corpus], s: Settings, workdir: Path, env: dict[str, str], use_eval: bool = True,
               ) -> list[Row]:
    """The document-size curve and the linearity curve, timed in a child process (benchmarks/linearity.py
    says why) on text made from these corpora."""
    from cleaner.core.repair import looks_broken

    # The linearity curve is on documents without mojibake (the size curve has both).
    article = [d for d in corpora["article"].docs if not looks_broken(d)][:200]
    page = [d for d in corpora["page"].docs if not looks_broken(d)][:200]
    spec = workdir / "linearity.json"
    spec.write_text(json.dumps({
        "words": " ".join(article).split(),
        "lines": [ln for d in page for ln in d.split("\n") if ln.strip() and len(ln) < 80],
        "single_line_mb": list(s.single_line_mb), "many_lines": list(s.many_lines),
        "sizes": list(s.sizes), "streams": size_streams(s, corpora, use_eval), "rounds": s.rounds}), encoding="utf-8")
    proc = subprocess.run([sys.executable, "-m", "benchmarks.linearity", str(spec)], cwd=ROOT, env=env,
                          capture_output=True, text=True)
    if proc.returncode:
        raise RunError(f"the linearity run failed: {proc.stderr[-500:]}")
    return [Row(**r) for r in json.loads(proc.stdout)]


# -- targets -------------------------------------------------------------------------------------------

def evaluate_targets(rows: Sequence[Row], targets: Sequence[Target] = TARGETS) -> list[dict]:
    """Each target with the two figures, their ratio and whether it is met (None: not measured)."""
    find = {(r.stage, r.corpus): r.mbs for r in rows if r.mbs is not None}
    out = []
    for t in targets:
        ours, theirs = find.get(t.ours), find.get(t.theirs)
        ratio = ours / theirs if ours and theirs else None
        out.append({"what": t.what, "ours": ours, "theirs": theirs, "ratio": ratio, "minimum": t.minimum,
                    "met": None if ratio is None else ratio >= t.minimum})
    return out


def _cpu_seconds() -> float:
    """CPU time of this process and of the finished children (the CLI runs)."""
    t = os.times()
    return t.user + t.system + t.children_user + t.children_system


def collect(args: argparse.Namespace) -> dict:
    """Run everything asked for; the results as one JSON-able dict (what benchmarks/report.py renders)."""
    from cleaner.core.build import describe
    from cleaner.core.pipeline import Cleaner

    s = settings(args.quick)
    t0, cpu0, load0 = time.perf_counter(), _cpu_seconds(), os.getloadavg()[0]
    corpora = build(s.corpus_bytes, use_eval=not args.no_eval)
    OUT.mkdir(parents=True, exist_ok=True)
    workdir = Path(tempfile.mkdtemp(prefix="bench-", dir=OUT))
    env = dict(os.environ)
    env.setdefault("CLEANER_CACHE_DIR", str(workdir / "cache"))
    env["PYTHONPATH"] = str(ROOT) + os.pathsep + env.get("PYTHONPATH", "")
    results: dict = {
        "mode": "quick" if s.quick else "full", "machine": machine(), "backend": Cleaner().backend,
        "build": describe(), "versions": versions(), "rounds": s.rounds, "warm_docs": WARM_DOCS,
        "date": time.strftime("%Y-%m-%d"),
        "corpora": [{"name": c.name, "docs": len(c.docs), "mb": _mb(c.nbytes), "source": c.source}
                    for c in corpora.values()]}

    def say(what: str) -> None:
        print(f"[{time.perf_counter() - t0:5.0f} s] {what}", file=sys.stderr, flush=True)

    rows: list[Row] = []
    try:
        tasks = pipeline_tasks(corpora)
        if not args.no_peers:
            tasks += peer_tasks(corpora)
        say(f"{len(tasks)} tools x corpora, {s.rounds} round(s) each")
        rows += timed_rounds(tasks, s.rounds)
        say("stage profile")
        results["profile"], results["untimed"] = stage_profile(corpora, s)
        rows += other_rows(corpora, s, workdir)
        if not args.no_cli:
            say("command line")
            rows += cli_rows(corpora, s, workdir, env)
            rows += startup_rows(s, workdir, env)
        say("document sizes and linearity")
        rows += child_rows(corpora, s, workdir, env, not args.no_eval)
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    results["rows"] = [asdict(r) for r in rows]
    results["targets"] = evaluate_targets(rows)
    wall = time.perf_counter() - t0
    results["run"] = {"seconds": wall, "core_share": (_cpu_seconds() - cpu0) / wall, "load_start": load0,
                      "load_end": os.getloadavg()[0],
                      "runner_peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}
    return results


def main(argv: list[str] | None = None) -> int:
    from benchmarks.report import render

    ap = argparse.ArgumentParser(prog="python -m benchmarks", description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--quick", action="store_true", help="small corpora, one round")
    ap.add_argument("--check", action="store_true", help="exit 1 when a target ratio is missed or not measured")
    ap.add_argument("--no-eval", action="store_true", help="ignore the eval data: seeds and synthetic text only")
    ap.add_argument("--no-peers", action="store_true", help="leave out ftfy and the peer tools (and their targets)")
    ap.add_argument("--no-cli", action="store_true", help="skip the subprocess runs (jobs, memory, start-up)")
    ap.add_argument("--out", type=Path, default=None, help="the JSON file to write (default benchmarks/out/)")
    args = ap.parse_args(argv)
    try:
        results = collect(args)
    except RunError as err:
        print(f"error: {err}", file=sys.stderr)
        return 2
    text = render(results)
    print(text)
    name = "results-quick" if args.quick else "results"
    out = args.out or OUT / f"{name}.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(results, indent=1), encoding="utf-8")
    out.with_suffix(".md").write_text(text, encoding="utf-8")
    print(f"written: {out} and {out.with_suffix('.md')}; "
          f"`python -m benchmarks.report {out}` puts its tables into docs/speed.md")
    missed = [t for t in results["targets"] if not t["met"]]
    if args.check and missed:
        for t in missed:
            how = "not measured" if t["met"] is None else f"{t['ratio']:.2f}x, below {t['minimum']:g}x"
            print(f"target missed: {t['what']}: {how}", file=sys.stderr)
        return 1
    return 0
