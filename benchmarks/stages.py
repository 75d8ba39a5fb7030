"""Where the pipeline's time goes: the functions `Cleaner.explain` really calls, timed as it calls them.

Each stage row is one function that `cleaner/core/pipeline.py` or `cleaner/core/prepare.py` calls by name
(`STAGES`). For a profile the runner puts a timing wrapper in place of each of those names, cleans a
corpus with the ordinary `Cleaner.explain`, and puts the originals back: so a row times exactly the calls
the pipeline makes, on the arguments it makes them with, and nothing the pipeline does not run. Time spent
in a stage called from inside another stage is counted under that one (`prepare_text > repair_and_report`).
What no stage holds is the glue in explain itself (splitting lines, renumbering, sorting), shown as its own
row. `untimed_callees` lists the cleaner functions the pipeline calls that no stage names, so a stage list
that falls behind the pipeline is caught (tests/benchmarks/test_benchmarks.py runs it). Both need the plain sources: a
compiled function emits no profile events and calls its compiled neighbours without looking their names up.
"""

from __future__ import annotations

import importlib
import importlib.util
import sys
import time
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from types import CodeType, FrameType

# (module, attribute, label): a name that the pipeline's orchestrating functions look up when they run.
# HTML mode's names are looked up on the module that `pipeline._html_module()` returns.
STAGES: tuple[tuple[str, str, str], ...] = (
    ("cleaner.core.pipeline", "decode_bytes", "decode_bytes (bytes input)"),
    ("cleaner.html", "html_to_text_explained", "html_to_text_explained (HTML mode)"),
    ("cleaner.html", "html_to_text", "html_to_text (a page quoting a page)"),
    ("cleaner.core.pipeline", "looks_like_html", "looks_like_html"),
    ("cleaner.core.pipeline", "prepare_text", "prepare_text"),
    ("cleaner.core.prepare", "normalize_newlines", "normalize_newlines"),
    ("cleaner.core.prepare", "non_ascii", "non_ascii"),
    ("cleaner.core.prepare", "needs_repair_or_controls", "needs_repair_or_controls (the encoding gate)"),
    ("cleaner.core.prepare", "normalize_non_ascii", "normalize_non_ascii (gate passed)"),
    ("cleaner.core.prepare", "strip_c0", "strip_c0"),
    ("cleaner.core.prepare", "repair_and_report", "repair_and_report (ftfy on suspicious lines)"),
    ("cleaner.core.prepare", "normalize_and_report", "normalize_and_report (after repair)"),
    ("cleaner.core.prepare", "looks_broken", "looks_broken (fixpoint check)"),
    ("cleaner.core.prepare", "repair_encoding", "repair_encoding (fixpoint repeat)"),
    ("cleaner.core.prepare", "normalize", "normalize (ASCII text, fixpoint repeat)"),
    ("cleaner.core.pipeline", "fold", "fold (matching key)"),
    ("cleaner.core.pipeline", "detect_language", "detect_language"),
    ("matcher", "scan", "matcher.scan"),
    ("cleaner.core.collect", "collect_hits", "collect.collect_hits"),
    ("cleaner.core.collect", "line_offsets", "collect.line_offsets"),
    ("cleaner.core.pipeline", "on_word_edges", "on_word_edges"),
    ("cleaner.core.code", "may_have_fence", "code.may_have_fence"),
    ("cleaner.core.code", "fenced_lines", "code.fenced_lines (a text with a fence)"),
    ("cleaner.core.heuristics", "can_mark_alone", "heuristics.can_mark_alone"),
    ("cleaner.core.heuristics", "add_hits", "heuristics.add_hits"),
    ("cleaner.core.engine", "decide", "engine.decide"),
    ("cleaner.core.pipeline", "_apply", "_apply (removal records)"),
    ("cleaner.core.pipeline", "is_final", "fixpoint.is_final"),
    ("cleaner.core.pipeline", "_tidy_kept", "_tidy_kept"),
    ("cleaner.core.pipeline", "_renumber", "_renumber"),
)
# Functions that orchestrate (their own time is the glue row) and cleaner functions they call that are glue.
ORCHESTRATORS = (("cleaner.core.pipeline", "Cleaner.explain"), ("cleaner.core.pipeline", "Cleaner._explain"),
                 ("cleaner.core.pipeline", "Cleaner._collect"), ("cleaner.core.pipeline", "Cleaner._rule_pass"),
                 ("cleaner.core.pipeline", "Cleaner._edges_again"), ("cleaner.core.pipeline", "Cleaner.clean"),
                 ("cleaner.core.pipeline", "Cleaner.explain_whole"), ("cleaner.core.pipeline", "Cleaner._run"),
                 ("cleaner.core.pipeline", "Cleaner._page_once_prepared"),
                 ("cleaner.core.prepare", "_first_pass"), ("cleaner.core.prepare", "_repeat"))
GLUE = {"_html_module": "returns the imported HTML module",
        "is_huge": "one length check: whether the text is cleaned in pieces (cleaner/core/pieces.py)",
        "kept": "LineFacts.kept: a pass's line records and marks renumbered to the lines it kept",
        "put": "LineFacts.put: a line cut inline, collected again, takes its new record",
        "replace": "LineFacts.replace: the lines word edges changed take their records collected again",
        "_Block.__init__": "prepare's record of one block's first pass",
        "_blocks": "prepare's cut of a long text into blocks of whole lines (one find per block)"}
GLUE_ROW = "rest of explain (glue between the stages)"
PACKAGE_DIR = str(Path(importlib.util.find_spec("cleaner").origin).parent)  # type: ignore[union-attr, arg-type]


class StageError(RuntimeError):
    """The pipeline no longer has a name the stage list times: benchmarks/stages.py needs updating."""


def _target(cleaner, module: str) -> object:
    if module == "matcher":
        return cleaner.compiled_rules.matcher
    try:
        return importlib.import_module(module)
    except ImportError as err:
        raise StageError(f"benchmarks/stages.py times {module}, which does not import: {err}") from err


class Recorder:
    """Wraps each stage; `seconds[path]` and `calls[path]`, path 'outer > inner' for nested stages."""

    def __init__(self) -> None:
        self.seconds: dict[str, float] = defaultdict(float)
        self.calls: dict[str, int] = defaultdict(int)
        self._stack: list[str] = []

    def wrap(self, label: str, fn: Callable) -> Callable:
        stack, seconds, calls, clock = self._stack, self.seconds, self.calls, time.perf_counter

        def timed(*args, **kwargs):
            path = f"{stack[-1]} > {label}" if stack else label
            stack.append(path)
            start = clock()
            try:
                return fn(*args, **kwargs)
            finally:
                seconds[path] += clock() - start
                calls[path] += 1
                stack.pop()

        timed.__wrapped__ = fn  # type: ignore[attr-defined]
        return timed

    def reset(self) -> None:
        self.seconds.clear()
        self.calls.clear()


def install(cleaner, recorder: Recorder) -> Callable[[], None]:
    """Put the timing wrappers in place; returns the function that puts the originals back."""
    undo: list[tuple[object, str, object, bool]] = []
    try:
        for module, attr, label in STAGES:
            target = _target(cleaner, module)
            if not hasattr(target, attr):
                raise StageError(f"{module} has no {attr!r} any more: update STAGES in benchmarks/stages.py "
                                 "to the functions the pipeline calls now")
            own = module == "matcher" and attr in vars(target)
            original = getattr(target, attr)
            undo.append((target, attr, original, own))
            setattr(target, attr, recorder.wrap(label, original))
    except BaseException:
        _restore(undo)
        raise
    return lambda: _restore(undo)


def _restore(undo: list[tuple[object, str, object, bool]]) -> None:
    for target, attr, original, own in reversed(undo):
        if target.__class__.__name__ != "module" and not own:
            delattr(target, attr)  # an instance attribute put over the class's method
        else:
            setattr(target, attr, original)


def profile(cleaner, docs: Sequence[str], nbytes: int, rounds: int, warm: int = 20) -> dict[str, dict]:
    """{path: {"ms_mb", "calls"}} over `docs`, each stage's best of `rounds` passes; plus the glue row and
    "explain (instrumented)" (the whole pass with the wrappers in place, from the best pass)."""
    recorder = Recorder()
    restore = install(cleaner, recorder)
    best: dict[str, float] = {}
    calls: dict[str, int] = {}
    try:
        for d in docs[:warm]:
            cleaner.explain(d)
        # the wrappers' own cost: one wrapped call that does nothing, per call made
        empty = recorder.wrap("empty", lambda: None)
        start = time.perf_counter()
        for _ in range(10_000):
            empty()
        per_call = (time.perf_counter() - start) / 10_000
        for _ in range(rounds):
            recorder.reset()
            start = time.perf_counter()
            for d in docs:
                cleaner.explain(d)
            total = time.perf_counter() - start
            top = sum(t for path, t in recorder.seconds.items() if " > " not in path and path != "empty")
            n_calls = sum(recorder.calls.values())
            glue = max(total - top - per_call * n_calls, 0.0)
            for path, t in [*recorder.seconds.items(), (GLUE_ROW, glue), ("explain (instrumented)", total)]:
                if path == "empty":
                    continue
                if path not in best or t < best[path]:
                    best[path] = t
                calls[path] = recorder.calls.get(path, 0)
    finally:
        restore()
    mb = nbytes / 1e6
    return {path: {"ms_mb": t * 1000 / mb, "calls": calls[path]} for path, t in best.items()}


def _code(module: str, qualname: str) -> CodeType:
    obj: object = importlib.import_module(module)
    for part in qualname.split("."):
        obj = getattr(obj, part)
    return obj.__code__  # type: ignore[attr-defined]


def _nested(code: CodeType) -> Iterable[CodeType]:
    yield code
    for const in code.co_consts:
        if isinstance(const, CodeType):
            yield from _nested(const)


def untimed_callees(cleaner, docs: Iterable[str | bytes]) -> set[str]:
    """Cleaner functions that the pipeline calls directly while no stage is running and that STAGES does
    not name: what the stage rows would leave in the glue row without saying. Empty when the list is right."""
    stage_codes: set[CodeType] = set()
    for module, attr, _label in STAGES:
        fn = getattr(_target(cleaner, module), attr, None)
        code = getattr(getattr(fn, "__func__", fn), "__code__", None)
        if code is not None:
            stage_codes.add(code)
    orchestrators = {c for m, q in ORCHESTRATORS for c in _nested(_code(m, q))}
    orchestrators |= set(_nested(_code("cleaner.core.prepare", "prepare_text")))
    stage_codes.discard(_code("cleaner.core.prepare", "prepare_text"))  # its callees are stages of their own
    found: set[str] = set()
    active = 0

    def watch(frame: FrameType, event: str, arg: object) -> None:
        nonlocal active
        code = frame.f_code
        if event == "call":
            if code in stage_codes:
                active += 1
            elif (not active and code not in orchestrators and code.co_filename.startswith(PACKAGE_DIR)
                  and frame.f_back is not None and frame.f_back.f_code in orchestrators
                  and code.co_name not in GLUE and code.co_qualname not in GLUE):
                found.add(f"{Path(code.co_filename).stem}.{code.co_qualname}")
        elif event == "return" and code in stage_codes:
            active -= 1

    old = sys.getprofile()
    sys.setprofile(watch)
    try:
        for d in docs:
            cleaner.explain(d)
    finally:
        sys.setprofile(old)
    return found

