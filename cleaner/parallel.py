"""`--jobs N`: clean documents in worker processes, with output in input order and memory bounded.

`multiprocessing.Pool.imap` would read its whole input ahead (its feeder thread drains the iterator into
an unbounded queue), so a 1 GB JSONL file would end up in memory. Here the main process submits chunks
of documents itself and keeps at most a few chunks per worker in flight: it reads the next chunk only
after the oldest finished one has been written. Workers get the Cleaner once, at start-up (inherited
under fork; under spawn it pickles as its rule texts and reloads its compiled rules from the cache).
"""

from __future__ import annotations

import copyreg
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import replace
from typing import TYPE_CHECKING, TypeVar

from .errors import InputError
from .pipeline import Cleaner, CleanResult

if TYPE_CHECKING:
    from .jsonl import RecordResult

T = TypeVar("T")
R = TypeVar("R")

CHUNK_DOCS = 64  # documents per task: enough to amortise the round trip, few enough to keep order cheap
CHUNK_BYTES = 1 << 20  # and at most about this much input text per task
IN_FLIGHT_PER_JOB = 4  # tasks queued per worker: keeps workers busy while bounding memory

_worker_cleaner: Cleaner | None = None


def _init_worker(cleaner: Cleaner) -> None:
    global _worker_cleaner
    _worker_cleaner = cleaner


def _run_chunk(func: Callable[[Cleaner, T], R], chunk: list[T]) -> list[R]:
    assert _worker_cleaner is not None
    return [func(_worker_cleaner, item) for item in chunk]


def _chunks(items: Iterable[T], size_of: Callable[[T], int]) -> Iterator[list[T]]:
    chunk: list[T] = []
    size = 0
    for item in items:
        chunk.append(item)
        size += size_of(item)
        if len(chunk) >= CHUNK_DOCS or size >= CHUNK_BYTES:
            yield chunk
            chunk, size = [], 0
    if chunk:
        yield chunk


def ordered_map(cleaner: Cleaner, func: Callable[[Cleaner, T], R], items: Iterable[T], jobs: int,
                size_of: Callable[[T], int] = lambda _: 1) -> Iterator[tuple[T, R]]:
    """Yield (item, func(cleaner, item)) in the order of items, computed by `jobs` worker processes.

    func must be a module-level function (it is pickled by name); jobs <= 1 runs in this process, lazily.
    """
    if jobs <= 1:
        for item in items:
            yield item, func(cleaner, item)
        return
    import multiprocessing  # only here: importing it costs every short `cleaner` call start-up time

    with multiprocessing.Pool(jobs, initializer=_init_worker, initargs=(cleaner,)) as pool:
        pending: deque = deque()
        for chunk in _chunks(items, size_of):
            pending.append((chunk, pool.apply_async(_run_chunk, (func, chunk))))
            if len(pending) >= jobs * IN_FLIGHT_PER_JOB:
                done, result = pending.popleft()
                yield from zip(done, result.get(), strict=True)
        while pending:
            done, result = pending.popleft()
            yield from zip(done, result.get(), strict=True)


# -- what the CLI runs in the workers --------------------------------------------------------------------

def _rebuild_input_error(text: str, path: str, line: int | None, hint: str | None) -> InputError:
    err = InputError.__new__(InputError)
    Exception.__init__(err, text)
    err.path, err.line, err.hint = path, line, hint
    return err


def _reduce_input_error(err: InputError):
    return _rebuild_input_error, (str(err), err.path, err.line, err.hint)


# InputError's constructor takes (path, message, ...) but its args hold the formatted text, so the default
# pickling cannot rebuild it; a bad record found in a worker must reach the CLI intact.
copyreg.pickle(InputError, _reduce_input_error)


def clean_jsonl_line(cleaner: Cleaner, item: tuple[int, bytes, str, str, str | None]) -> RecordResult | InputError:
    """One JSONL line (lineno, raw, path, text_key, report_key): the cleaned record (its result without the
    text, which is in the line), or the error to report."""
    from .jsonl import RecordResult, clean_record  # msgspec only for JSONL input: start-up

    lineno, raw, path, text_key, report_key = item
    try:
        rec = clean_record(cleaner, raw, path=path, lineno=lineno, text_key=text_key, report_key=report_key)
    except InputError as err:
        return err
    # The cleaned text is already in rec.line; not sending it back a second time halves the transfer.
    return RecordResult(rec.line, replace(rec.result, text="")) if rec.result is not None else rec


def clean_jsonl_lines(cleaner: Cleaner, lines: Iterable[bytes], *, path: str, text_key: str,
                      report_key: str | None, jobs: int = 1) -> Iterator[tuple[int, bytes, RecordResult | InputError]]:
    """(line number, raw line, result or error) for each line of a JSONL stream, in order, streaming."""
    items = ((lineno, raw, path, text_key, report_key) for lineno, raw in enumerate(lines, 1))
    for (lineno, raw, *_), result in ordered_map(cleaner, clean_jsonl_line, items, jobs, lambda it: len(it[1])):
        yield lineno, raw, result


def explain_text(cleaner: Cleaner, item: tuple[str, str, str]) -> CleanResult:
    """(path, text, compression) -> the CleanResult of the text; the path only rides along for the caller."""
    return cleaner.explain(item[1])
