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

from cleaner.core.pipeline import Cleaner, CleanResult
from cleaner.errors import CleanerError, InputError

if TYPE_CHECKING:
    from cleaner.io.jsonl import RecordResult

T = TypeVar("T")
R = TypeVar("R")

CHUNK_DOCS = 64  # documents per task: enough to amortise the round trip, few enough to keep order cheap
CHUNK_BYTES = 1 << 20  # and at most about this much input text per task
IN_FLIGHT_PER_JOB = 4  # tasks queued per worker: keeps workers busy while bounding memory

class WorkerDied(CleanerError):
    """A worker process ended without being asked to (killed, out of memory): its chunk is lost, so the
    run stops here instead of waiting for it forever; the caller adds what was already written."""

    def __init__(self, pid: int, exitcode: int | None):
        self.pid, self.exitcode = pid, exitcode
        super().__init__(f"worker process {pid} {describe_exit(exitcode)}; the run was stopped")


def describe_exit(exitcode: int | None) -> str:
    """'was killed by SIGKILL' / 'exited with status 3' for a multiprocessing exit code."""
    if exitcode is not None and exitcode < 0:
        import signal

        try:
            name = signal.Signals(-exitcode).name
        except ValueError:
            name = f"signal {-exitcode}"
        return f"was killed by {name}" + (" (out of memory, or kill -9)" if name == "SIGKILL" else "")
    return f"exited with status {exitcode}"


def _worker(cleaner: Cleaner, tasks, results) -> None:
    """A worker's loop: (seq, func, chunk) from the shared task queue -> (seq, ok, value) on its own pipe."""
    import signal

    # Ctrl-C reaches the whole process group; the main process alone handles it (and ends the workers).
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)  # not the main process's handler, inherited under fork
    _die_with_parent()
    while True:
        task = tasks.get()
        if task is None:
            break
        seq, func, chunk = task
        try:
            out = (seq, True, [func(cleaner, item) for item in chunk])
        except Exception as err:  # noqa: BLE001 - handed to the main process, which raises it
            out = (seq, False, err)
        try:
            results.send(out)
        except Exception as err:  # noqa: BLE001 - an unpicklable result or exception: its text, at least
            import traceback

            results.send((seq, False, RuntimeError("".join(traceback.format_exception(err)))))
    results.close()


def _die_with_parent() -> None:
    """Linux: SIGKILL this worker when the main process dies, so a killed run leaves no orphans behind."""
    import sys

    if sys.platform.startswith("linux"):
        try:
            import ctypes

            ctypes.CDLL(None).prctl(1, 9)  # PR_SET_PDEATHSIG, SIGKILL
        except (OSError, AttributeError):
            pass


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
    A worker that dies raises WorkerDied (multiprocessing.Pool would wait for its lost chunk forever);
    on any way out (the end, an error, Ctrl-C, the caller stopping early) the workers are ended and reaped.
    """
    if jobs <= 1:
        for item in items:
            yield item, func(cleaner, item)
        return
    with _Interrupts() as interrupts:
        pool = _Pool(cleaner, jobs, interrupts)
        try:
            pending: deque = deque()  # (seq, chunk) in input order
            for seq, chunk in enumerate(_chunks(items, size_of)):
                pool.submit(seq, func, chunk)
                pending.append((seq, chunk))
                if len(pending) >= jobs * IN_FLIGHT_PER_JOB:
                    done_seq, done = pending.popleft()
                    yield from zip(done, pool.result(done_seq), strict=True)
            while pending:
                done_seq, done = pending.popleft()
                yield from zip(done, pool.result(done_seq), strict=True)
            pool.close()
        finally:
            pool.kill()


class _Interrupts:
    """Ctrl-C in the main process during a parallel run: held while the workers start, raised after.

    A KeyboardInterrupt that the signal handler raises can be lost: when the handler happens to run inside
    a finaliser (a generator closed by the garbage collector, a __del__), Python reports it as "Exception
    ignored" and goes on, and the run would finish the whole file as if no Ctrl-C had come. So each signal
    is also recorded, and the pool raises again at its next check (once per chunk); the lost one is not
    reported, since it is not lost.
    """

    def __init__(self) -> None:
        self.received: list[int] = []
        self.holding = True
        self._saved: tuple[object, object] | None = None

    def __enter__(self) -> _Interrupts:
        import signal
        import sys
        import threading

        if threading.current_thread() is threading.main_thread():  # a library caller's thread: its business
            self._saved = signal.signal(signal.SIGINT, self._on_signal), sys.unraisablehook
            sys.unraisablehook = self._on_unraisable
        return self

    def __exit__(self, *_exc: object) -> None:
        import signal
        import sys

        if self._saved is None:
            return
        old_handler, old_hook = self._saved
        # Left alone if the caller has set its own meanwhile (the CLI ignores Ctrl-C while it exits, and
        # this generator may be closed after that).
        if signal.getsignal(signal.SIGINT) == self._on_signal:
            signal.signal(signal.SIGINT, old_handler)  # type: ignore[arg-type]
        if sys.unraisablehook == self._on_unraisable:
            sys.unraisablehook = old_hook  # type: ignore[assignment]

    def _on_signal(self, sig: int, _frame: object) -> None:
        self.received.append(sig)
        if not self.holding:
            raise KeyboardInterrupt

    def _on_unraisable(self, info) -> None:  # noqa: ANN001 - sys.UnraisableHookArgs
        if not (self.received and isinstance(info.exc_value, KeyboardInterrupt)):
            self._saved[1](info)  # type: ignore[index,operator]

    def check(self) -> None:
        """Raise KeyboardInterrupt if a Ctrl-C came (again, if its first raise was swallowed)."""
        if self.received:
            raise KeyboardInterrupt


class _Pool:
    """Worker processes sharing one task queue, each answering on its own pipe, watched by their sentinels."""

    def __init__(self, cleaner: Cleaner, jobs: int, interrupts: _Interrupts):
        import multiprocessing
        import sys

        # fork on Linux: the Cleaner is inherited, and a worker starts with no interpreter start-up to race
        # a Ctrl-C through (a spawned child would turn one into a traceback before it can ignore it).
        ctx = multiprocessing.get_context("fork" if sys.platform.startswith("linux") else None)
        self.interrupts = interrupts
        self.tasks = ctx.Queue()
        self.tasks.cancel_join_thread()  # never wait at exit to flush tasks nobody will read
        self.workers: list = []
        self.readers: list = []
        self.results: dict[int, tuple[bool, object]] = {}
        # A Ctrl-C while the workers start is held until they are all up (and ignore it themselves).
        interrupts.holding = True
        try:
            for _ in range(jobs):
                reader, writer = ctx.Pipe(duplex=False)
                proc = ctx.Process(target=_worker, args=(cleaner, self.tasks, writer), daemon=True)
                proc.start()
                writer.close()
                self.workers.append(proc)
                self.readers.append(reader)
        finally:
            interrupts.holding = False
        if interrupts.received:
            self.kill()
            raise KeyboardInterrupt

    def submit(self, seq: int, func: Callable, chunk: list) -> None:
        self.tasks.put((seq, func, chunk))

    def result(self, seq: int) -> list:
        """The results of chunk seq, reading every answer that arrives meanwhile (so no worker blocks on a
        full pipe); WorkerDied as soon as a worker's process has ended."""
        from multiprocessing.connection import wait

        while seq not in self.results:
            self.interrupts.check()
            handles = {r: i for i, r in enumerate(self.readers)} | {p.sentinel: i for i, p in enumerate(self.workers)}
            for ready in wait(list(handles)):
                self._drain(self.readers[handles[ready]])
            for proc in self.workers:
                if proc.exitcode is not None:  # nobody asked it to stop: its chunk will never come
                    raise WorkerDied(proc.pid, proc.exitcode)
        self.interrupts.check()
        ok, value = self.results.pop(seq)
        if not ok:
            raise value  # type: ignore[misc]
        return value  # type: ignore[return-value]

    def _drain(self, reader) -> None:
        while reader.poll():
            try:
                got_seq, ok, value = reader.recv()
            except (EOFError, OSError):
                return  # its process ended: the sentinel says how
            self.results[got_seq] = (ok, value)

    def close(self) -> None:
        """Ask the workers to stop and wait for them (the normal end of a run)."""
        for _ in self.workers:
            self.tasks.put(None)
        for proc in self.workers:
            proc.join(timeout=5)

    def kill(self) -> None:
        """End every worker still running (SIGKILL: they hold nothing that needs cleaning up) and reap it."""
        for proc in self.workers:
            if proc.exitcode is None:
                proc.kill()
        for proc in self.workers:
            proc.join(timeout=5)
        for reader in self.readers:
            reader.close()
        self.tasks.close()


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
    from cleaner.io.jsonl import RecordResult, clean_record  # msgspec only for JSONL input: start-up

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
