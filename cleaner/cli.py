"""Command line: `cleaner [FILES]` cleans, `cleaner rules ...` lists, shows and tests rules.

The only module that prints. `main(argv) -> int` returns the exit status and only the console entry point
(and `python -m cleaner`) exits with it: 0 done (or --check found nothing), 1 --check found something to
change (or `rules test` a failing example), 2 bad input or usage, 130 interrupted (Ctrl-C), 143 terminated.
The cleaning flags are made from the fields of `Options` (cleaner/core/options.py), the one place an option
is declared. docs/cli.md describes every flag.
"""

from __future__ import annotations

import contextlib
import difflib
import importlib
import itertools
import os
import sys
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import click

from cleaner.core.options import Options, Setting, options_from, settings, split_languages
from cleaner.errors import CleanerError, InputError
from cleaner.io.config import RUN_SETTINGS

if TYPE_CHECKING:
    from cleaner.core.pipeline import Cleaner, CleanResult

# Imported when a command runs, not for --version or --help (start-up): cleaner.core.pipeline, decode,
# sniff, cleaner.io.files, parallel, warc.


class UsageProblem(CleanerError):
    """Flags that do not go together: exit 2, as for any bad input."""


class Terminated(BaseException):  # noqa: N818 - like KeyboardInterrupt, not an error of the program
    """SIGTERM: unwinds like Ctrl-C, exit 143."""


@dataclass
class Output:
    """What this run prints besides its results: -q (errors only) and -v."""

    quiet: bool = False
    verbose: int = 0
    json: bool = False


OUT = Output()


class DefaultGroup(click.Group):
    """`cleaner FILE` means `cleaner clean FILE`: the common case needs no subcommand."""

    # Subcommands whose code is imported only when they run (or --help lists them), so that cleaning does
    # not pay for it at start-up: name -> (module, command).
    lazy = {"profile": ("cleaner.corpus.command", "profile_command")}
    default = "clean"

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted([*super().list_commands(ctx), *self.lazy])

    def get_command(self, ctx: click.Context, name: str) -> click.Command | None:
        if name in self.lazy:
            module, command = self.lazy[name]
            return getattr(importlib.import_module(module, __package__), command)
        return super().get_command(ctx, name)

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        # --no-config and --config PATH go with any subcommand, before or after it: [tool.cleaner] is read
        # before the subcommand parses its options.
        end = args.index("--") if "--" in args else len(args)
        head, tail = args[:end], args[end:]
        kept: list[str] = []
        items = iter(head)
        for a in items:
            if a == "--no-config":
                ctx.meta["cleaner.no_config"] = True
            elif a == "--config":
                ctx.meta["cleaner.config"] = next(items, "")
            elif a.startswith("--config="):
                ctx.meta["cleaner.config"] = a.partition("=")[2]
            else:
                kept.append(a)
        args = kept + tail
        if not args or (args[0] not in self.commands and args[0] not in self.lazy
                        and args[0] not in ("--help", "-h", "--version")):
            args = [self.default, *args]
        return super().parse_args(ctx, args)

    def format_options(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        # `cleaner --help` lists the cleaning options too: they are what `cleaner FILE` takes.
        super().format_options(ctx, formatter)
        clean = self.commands[self.default]
        with click.Context(clean, info_name=self.default, parent=ctx) as sub:
            rows = [r for p in clean.get_params(sub)
                    if isinstance(p, click.Option) and (r := p.get_help_record(sub)) is not None]
        with formatter.section(f"Cleaning options (of `{ctx.info_name} {self.default}`, the default command)"):
            formatter.write_dl(rows)

    def main(self, *args: Any, **kwargs: Any) -> Any:
        # The CLI sets SIGINT/SIGTERM handlers (Ctrl-C ignored while it exits, SIGTERM unwinding); a caller
        # running it in-process (click's CliRunner, a script) gets its own handlers back afterwards.
        import signal

        saved = {sig: signal.getsignal(sig) for sig in (signal.SIGINT, signal.SIGTERM)}
        try:
            return super().main(*args, **kwargs)
        finally:
            with contextlib.suppress(ValueError, TypeError):  # not the main thread / a handler set in C
                for sig, handler in saved.items():
                    signal.signal(sig, handler)

    def invoke(self, ctx: click.Context) -> int:
        """Run the command; errors and interrupts become exit statuses here, in one place."""
        try:
            code = super().invoke(ctx)
        except KeyboardInterrupt:  # click would print "Aborted!" and exit 1, the code of "would change"
            code = _interrupted()
        except Terminated:
            code = 143
        except (CleanerError, OSError) as err:
            _warn(f"error: {err}", always=True)
            code = 2
        code = code if isinstance(code, int) else 0
        if code:
            raise click.exceptions.Exit(code)  # click's own way to carry a status out of main()
        return code

    def __call__(self, argv: Sequence[str] | None = None) -> int:  # type: ignore[override]
        """`main(argv) -> int`: the exit status; the console entry point passes it to sys.exit."""
        try:
            code = self.main(args=list(argv) if argv is not None else None, prog_name="cleaner",
                             standalone_mode=False)
        except click.exceptions.Abort:
            return _interrupted()
        except click.ClickException as err:  # a usage error click found: its message, and its status (2)
            err.show()
            return err.exit_code
        return code if isinstance(code, int) else 0


def _show_version(ctx: click.Context) -> None:
    """`cleaner --version`: fast, as it imports neither the rules nor the engine."""
    from importlib.metadata import PackageNotFoundError, version

    from cleaner.core.build import describe

    try:
        number = version("cleaner")
    except PackageNotFoundError:  # a source tree that was never installed
        number = "unknown"
    click.echo(f"{ctx.find_root().info_name or 'cleaner'} {number} ({describe()})")
    ctx.exit()


@click.group(cls=DefaultGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.option("--version", is_flag=True, expose_value=False, is_eager=True, help="Show the version and exit.",
              callback=lambda ctx, _param, value: _show_version(ctx) if value and not ctx.resilient_parsing else None)
@click.option("--config", "config_path", metavar="PATH", expose_value=False,
              help="Read settings from this TOML file ([tool.cleaner] of a pyproject.toml, or the keys at the top "
                   "of a cleaner.toml) instead of the nearest pyproject.toml.")
@click.option("--no-config", is_flag=True, expose_value=False,
              help="Ignore [tool.cleaner]: only the flags given count.")
def main() -> None:
    """Strip boilerplate and spam from scraped text, and say what was removed and why.

    `cleaner [OPTIONS] [FILES]...` is short for `cleaner clean [OPTIONS] [FILES]...`. Settings come from
    [tool.cleaner] in the nearest pyproject.toml (flags override them; --no-config ignores it, --config PATH
    names another file). Exit status: 0 done, 1 --check would change something, 2 bad input or usage,
    130 interrupted. Shell completion: eval "$(_CLEANER_COMPLETE=bash_source cleaner)" (docs/cli.md).
    """
    ctx = click.get_current_context()
    OUT.quiet, OUT.verbose, OUT.json = False, 0, False
    if not ctx.meta.get("cleaner.no_config"):
        ctx.default_map = _config_defaults(ctx, ctx.meta.get("cleaner.config"))


def _config_defaults(ctx: click.Context, path: str | None = None) -> dict[str, object]:
    """[tool.cleaner] as click defaults: a flag on the command line replaces the config's value."""
    from cleaner.io.config import load_config

    config = load_config(path=path) if path is not None else load_config()
    for warning in config.warnings:
        _warn(warning)
    values = dict(config.values)
    ctx.meta["cleaner.config_rules"] = values.get("rule_paths", ())
    rule_keys = ("rule_paths", "disable", "builtin_rules")
    rule_values = {k: v for k, v in values.items() if k in rule_keys}
    return {"clean": values, "rules": {"list": rule_values, "show": rule_values,
                                       "test": {k: v for k, v in values.items() if k == "builtin_rules"}}}


def _run_default(name: str) -> Any:
    """A run setting's default, from its one definition in RUN_SETTINGS (cleaner.io.config)."""
    return next(s.default for s in RUN_SETTINGS if s.name == name)


@dataclass
class Mode:
    """The run's settings that are not Options: what to read, what to print, where to write.

    The fields named in RUN_SETTINGS take their defaults from there, so a default is stated once."""

    explain: bool = False
    check: bool = False
    diff: bool = False
    in_place: bool = False
    text_key: str = field(default=_run_default("text_key"))
    report_key: str | None = None
    encoding_errors: str = field(default=_run_default("encoding_errors"))
    on_error: str = field(default=_run_default("on_error"))
    jobs: int = 1
    lang: str = ""
    color: bool = False
    states: dict[str, object] = field(default_factory=dict)
    # files in and out (cleaner.io.walk, .encoding, .outputs; docs/inputs-outputs.md)
    encoding: str | None = field(default=_run_default("encoding"))
    exclude: tuple[str, ...] = field(default=_run_default("exclude"))
    include: tuple[str, ...] = field(default=_run_default("include"))
    force_exclude: bool = field(default=_run_default("force_exclude"))
    gitignore: bool = field(default=_run_default("gitignore"))
    out: Any = None  # cleaner.io.outputs.Outputs: stdout, -o FILE or --output-dir DIR
    readings: dict[str, Any] = field(default_factory=dict)  # -i writes a legacy file back in its encoding


@dataclass
class Summary:
    files: int = 0
    documents: int = 0
    changed: int = 0
    skipped: int = 0
    errors: int = 0
    refused: int = 0  # --in-place files left alone (HTML pages)
    files_changed: int = 0
    lines_removed: int = 0
    per_rule: dict[str, int] = field(default_factory=dict)
    progress: Progress | None = None

    def add(self, result: CleanResult) -> None:
        self.documents += 1
        self.changed += result.changed
        for r in result.removals:
            self.per_rule[r.rule] = self.per_rule.get(r.rule, 0) + 1
            if r.kind == "line":
                self.lines_removed += r.end_line - r.start_line + 1

    def line(self, mode: Mode) -> str:
        """The closing line, as black prints it: '3 files changed, 12 lines removed, 5 files left unchanged'."""
        def n(count: int, what: str) -> str:
            return f"{count} {what}{'' if count == 1 else 's'}"

        would = mode.check or mode.diff
        unchanged = self.files - self.files_changed - self.skipped - self.refused
        parts = [f"{n(self.files_changed, 'file')} {'would change' if would else 'changed'}"]
        if self.documents > self.files:
            parts[0] += f" ({self.changed} of {self.documents} documents)"
        parts.append(f"{n(self.lines_removed, 'line')} {'would be removed' if would else 'removed'}")
        if unchanged > 0:
            parts.append(f"{n(unchanged, 'file')} {'would be left' if would else 'left'} unchanged")
        if self.skipped:
            parts.append(f"{self.skipped} skipped")
        if self.errors:
            parts.append(n(self.errors, "bad record"))
        return ", ".join(parts)


class Progress:
    """A tqdm bar on stderr in bytes read (percent and ETA when the sizes are known), only at a terminal and
    only once a run has lasted a while (CLEANER_PROGRESS_AFTER seconds, default 2): short runs stay clean."""

    def __init__(self, total: int | None) -> None:
        from tqdm import tqdm

        self.bar = tqdm(total=total or None, unit="B", unit_scale=True, unit_divisor=1024, leave=False,
                        delay=float(os.environ.get("CLEANER_PROGRESS_AFTER", "2")), file=sys.stderr,
                        desc="cleaner", ncols=_stderr_size()[0], nrows=_stderr_size()[1], mininterval=0.2)
        self.counted = 0  # bytes of the current file already counted

    def read(self, n: int) -> None:
        self.counted += n
        self.bar.update(n)

    def file_done(self, path: str) -> None:
        """Top up to the file's size on disk (a compressed file's records count in uncompressed bytes)."""
        size = _size(path)
        if size > self.counted:
            self.bar.update(size - self.counted)
        self.counted = 0

    def clear(self) -> None:
        self.bar.close()


def _stderr_size() -> tuple[int, int]:
    """The terminal's columns and rows, or 80x24 where it says 0 (a pseudo-terminal nobody sized: tqdm would
    draw nothing there)."""
    try:
        size = os.get_terminal_size(sys.stderr.fileno())
    except (OSError, ValueError, AttributeError):
        return 80, 24
    return size.columns or 80, size.lines or 24


def _size(path: str) -> int:
    try:
        return os.stat(path).st_size if path != "-" else 0
    except OSError:
        return 0


def _warn(message: str, always: bool = False) -> None:
    """A line on stderr; -q keeps only errors."""
    if always or not OUT.quiet or message.startswith("error:"):
        click.echo(f"cleaner: {message}", err=True)


def _json_line(obj: dict[str, object], err: bool) -> None:
    import json

    click.echo(json.dumps(obj, ensure_ascii=False), err=err)


def _records(path: str, result: CleanResult, record: int | None, would: bool) -> Iterator[dict[str, object]]:
    """--format json: one object per removal (and per repair or normalisation: what else changes)."""
    where: dict[str, object] = {"path": path} if record is None else {"path": path, "record": record}
    if result.repaired_encoding:
        yield {**where, "rule": "mojibake", "kind": "encoding"}
    for r in result.removals:
        if result.html and r.kind != "html":  # its line numbers count lines of the extracted text
            yield {**where, **r.to_dict(), "line_numbers": "extracted-text"}
        else:
            yield {**where, **r.to_dict()}
    if would and not result.removals and not result.repaired_encoding:
        yield {**where, "rule": "normalise", "kind": "normalise"}


def _explain(path: str, result: CleanResult, record: int | None = None) -> None:
    if OUT.json:
        for obj in _records(path, result, record, would=False):
            _json_line(obj, err=True)
        return
    where = path if record is None else f"{path}:record {record}"
    if result.repaired_encoding:
        _warn(f"{where}: repaired mojibake")
    for r in result.removals:
        if r.kind == "html":
            click.echo(f"{where}: html [{r.where}]: {r.rule}: {_short(r.text)}", err=True)
            continue
        lines = _line_ref(result, r.start_line, r.end_line)
        col = f":{r.column}" if r.column else ""
        text = r.text.replace("\n", " | ")
        if len(text) > 160:
            text = text[:157] + "..."
        rule = f"{r.rule} ({r.why})" if r.why else r.rule
        click.echo(f"{where}:{lines}{col}: {rule}: {text}", err=True)


def _line_ref(result: CleanResult, start: int, end: int) -> str:
    """`3` or `3-5`; for a page, `text line 3`: the rules' line numbers count lines of the text extracted from
    the HTML, not of the file, and say so."""
    lines = f"{start}" if start == end else f"{start}-{end}"
    return f" text line {lines}" if result.html else lines


def _short(text: str) -> str:
    text = text.replace("\n", " | ")
    return text if len(text) <= 160 else text[:157] + "..."


def _check_report(path: str, result: CleanResult, record: int | None = None) -> None:
    if OUT.json:
        for obj in _records(path, result, record, would=True):
            _json_line(obj, err=False)
        return
    where = path if record is None else f"{path}:record {record}"
    if result.repaired_encoding:
        click.echo(f"{where}: would repair mojibake")
    for r in result.removals:
        if r.kind == "html":
            click.echo(f"{where}: html [{r.where}]: would remove ({r.rule}): {_short(r.text)}")
            continue
        rule = f"{r.rule}: {r.why}" if r.why else r.rule
        lines = _line_ref(result, r.start_line, r.end_line)
        click.echo(f"{where}:{lines}: would remove ({rule}): {_short(r.text)}")
    if not result.removals and not result.repaired_encoding:
        click.echo(f"{where}: would normalise characters or whitespace")


def _decode(path: str, data: bytes, errors: str, mode: Mode | None = None) -> str | None:
    from cleaner.core.decode import looks_binary, nul_position
    from cleaner.core.sniff import looks_like_html
    from cleaner.io.encoding import describe, read_text

    if looks_binary(data):
        _warn(f"{path}: binary file (NUL bytes), skipped")
        return None
    encoding = mode.encoding if mode is not None else None
    if errors == "fallback" and encoding is None and looks_like_html(data[:2048].decode("latin-1")):
        # A page as crawled: its own charset (BOM, <meta>), else detected, rather than a cp1252 guess.
        from cleaner.html.charset import decode_html

        page = decode_html(data)
        if page.source == "detected":
            _warn(f"{path}: no BOM or <meta> charset and not UTF-8: read as {page.encoding} (detected)")
        return page.text
    try:  # --encoding NAME, else UTF-8, else detection that refuses below its confidence (cleaner.io.encoding)
        reading = read_text(path, data, encoding, errors)
    except UnicodeDecodeError as err:
        line = data.count(b"\n", 0, err.start) + 1
        raise InputError(path, f"invalid UTF-8 (byte 0x{data[err.start]:02x})", line,
                         "pass --encoding-errors fallback to read such bytes as cp1252, or replace") from err
    if mode is not None:
        mode.readings[path] = reading
    if reading.how in ("given", "detected", "given-invalid"):
        if reading.how == "detected" or (mode is not None and mode.explain):
            _warn(f"{path}: {describe(reading)}")
        if reading.how == "given-invalid":
            _warn(f"{path}: bytes invalid in {reading.encoding}, decoded "
                  f"{'as cp1252' if errors == 'fallback' else 'as U+FFFD'}; --encoding-errors strict stops instead")
        return reading.text
    decoded = reading.decoded
    assert decoded is not None
    if decoded.invalid:
        bad = decoded.invalid
        if decoded.encoding != "utf-8":  # BOM-marked UTF-16/32: a lone surrogate or a cut-off last unit
            _warn(f"{path}:{bad.line}:{bad.column}: invalid {decoded.encoding.upper()} ({bad.count} bad code "
                  "units in all, a lone surrogate or a cut-off end), replaced with U+FFFD; --encoding-errors "
                  "strict stops instead")
        else:
            how = "as cp1252" if errors == "fallback" else "as U+FFFD"
            _warn(f"{path}:{bad.line}:{bad.column}: invalid UTF-8 (byte 0x{bad.byte:02x}, {bad.count} bad bytes "
                  f"in all), decoded {how}; --encoding-errors strict stops instead"
                  + ("; if the file is in another encoding, pass --encoding NAME" if errors == "fallback" else ""))
    nul = nul_position(data) if decoded.encoding == "utf-8" and b"\x00" in data else None
    if nul:  # a few stray NULs in text: dropped with the other control characters, and said so
        _warn(f"{path}:{nul[0]}:{nul[1]}: {nul[2]} NUL bytes in text, dropped")
    return decoded.text


WRITE_CHARS = 1 << 20


def _write_out(data: str, out: Any = None) -> None:
    write = (out or sys.stdout.buffer).write
    if len(data) <= WRITE_CHARS:
        write(data.encode("utf-8"))
        return
    for start in range(0, len(data), WRITE_CHARS):  # a long text is not copied whole into bytes
        write(data[start:start + WRITE_CHARS].encode("utf-8"))  # a str slice never splits a character


def _write_diff(mode: Mode, before: str, after: str, name: str) -> None:
    """A unified diff of one document on the output (coloured on a terminal)."""
    diff = difflib.unified_diff(before.splitlines(True), after.splitlines(True), f"a/{name}", f"b/{name}")
    lines = (line if line.endswith("\n") else line + "\n" for line in diff)
    _write_out("".join(_color_diff(lines) if mode.color else lines), mode.out.stream)


def _remember_state(path: str, mode: Mode) -> None:
    """-i: the file's state before it is read, so a file another program changes meanwhile is not overwritten."""
    from cleaner.io.files import file_state

    if mode.in_place and path != "-":
        mode.states[path] = file_state(path)


def _read_text(path: str, mode: Mode, summary: Summary) -> tuple[str, str] | None:
    from cleaner.io.files import read_bytes

    _remember_state(path, mode)
    data, gz = read_bytes(path)
    if summary.progress is not None:
        summary.progress.file_done(path)
    text = _decode(path, data, mode.encoding_errors, mode)
    if text is None:
        summary.skipped += 1
        return None
    return text, gz


def _process_text(cleaner: Cleaner, path: str, mode: Mode, summary: Summary,
                  done: tuple[str, str, CleanResult] | None = None) -> None:
    """Clean one file and write or report the result; `done` is (text, compression, result) from a worker."""
    from cleaner.io.encoding import encode_back
    from cleaner.io.files import atomic_write, encode_like

    if done is None:
        read = _read_text(path, mode, summary)
        if read is None:
            return
        text, gz = read
        result = cleaner.explain(text)
    else:
        text, gz, result = done
    if _other_language(result) and (mode.in_place or mode.check or mode.diff):
        # --lang keeps documents in those languages: -i, --check and --diff never empty a file for it
        summary.skipped += 1
        _warn(f"{path}: in {result.language or 'no language detected'}, not {mode.lang}: skipped, left as it was")
        return
    if _other_language(result):  # to stdout --lang filters: the document is dropped, and said so
        _warn(f"{path}: in {result.language or 'no language detected'}, not {mode.lang}: dropped")
    summary.add(result)
    if result.changed:
        summary.files_changed += 1
        if OUT.verbose and not OUT.quiet:
            _warn(f"{'would change' if mode.check or mode.diff else 'cleaned'} {path}")
    if mode.explain:
        _explain(path, result)
    if mode.check and not mode.diff:
        if result.changed:
            _check_report(path, result)
        return
    if mode.diff:  # also with --check (as black does): the diff, and the exit status says it would change
        if result.changed:
            _write_diff(mode, text, result.text, path)
        return
    if mode.in_place and path != "-":
        expect = mode.states.pop(path, None)
        if result.html:  # reported, and the run goes on: the exit status says so at the end
            summary.refused += 1
            _warn(f"error: {path}: is HTML, and cleaner writes text: --in-place would replace the page; left "
                  "as it was (redirect stdout to a new file instead)")
            return
        if result.changed:  # written back in the file's own encoding (a UTF-16 or cp1251 file stays so)
            legacy = encode_back(result.text, mode.readings.pop(path, None))
            atomic_write(path, legacy or encode_like(path, result.text), compress=gz, expect=expect)
        return
    mode.out.document(path, result.text, gz)


def _process_jsonl(cleaner: Cleaner, path: str, mode: Mode, summary: Summary) -> None:
    from cleaner.io import parallel
    from cleaner.io.files import DamagedInput

    out_lines: list[bytes] = []
    written = [0]  # records written to stdout so far: what an error midway must say
    try:
        _process_jsonl_records(cleaner, path, mode, summary, out_lines, written)
    except parallel.WorkerDied as err:
        raise CleanerError(f"{path}: {err}; {_written(mode, written[0])}") from None
    except DamagedInput as err:  # found midway through a stream: say what already went out
        raise CleanerError(f"{err}; {_written(mode, written[0])}") from None


def _other_language(result: CleanResult) -> bool:
    """The document is not in a language --lang keeps (the whole of it is the lang-filter removal)."""
    from cleaner.core.pipeline import LANG_FILTER_RULE

    return bool(result.removals) and result.removals[0].rule == LANG_FILTER_RULE


def _written(mode: Mode, n: int) -> str:
    """What reached the output before a run stopped midway, for the error message."""
    if mode.in_place:
        return "the file was left unchanged"
    if mode.check or mode.diff:
        return f"{n} records were checked before it"
    return f"{n} records of this file were written before it, the rest were not"


def _process_jsonl_records(cleaner: Cleaner, path: str, mode: Mode, summary: Summary, out_lines: list[bytes],
                           written: list[int]) -> None:
    from cleaner.io import parallel
    from cleaner.io.files import atomic_write, compression_of, open_binary

    any_changed = False
    dropped: Counter[str] = Counter()  # records --lang filtered out, by language
    _remember_state(path, mode)
    progress = summary.progress
    with open_binary(path) as f, contextlib.ExitStack() as stack:
        gz = compression_of(f)
        out = sys.stdout.buffer if mode.in_place or mode.check else stack.enter_context(
            mode.out.records(path, gz))  # stdout, -o FILE or --output-dir (cleaner.io.outputs)
        for lineno, raw, rec in parallel.clean_jsonl_lines(cleaner, f, path=path, text_key=mode.text_key,
                                                           report_key=mode.report_key, jobs=mode.jobs):
            if progress is not None and not gz:
                progress.read(len(raw))
            if isinstance(rec, InputError):
                err = rec
                if mode.on_error == "fail":
                    raise err
                summary.errors += 1
                _warn(f"{err}; {'skipped' if mode.on_error == 'skip' else 'kept as it was'}")
                rec_line = raw if raw.endswith(b"\n") else raw + b"\n"
                if mode.on_error == "keep":
                    (out_lines.append(rec_line) if mode.in_place else out.write(rec_line))
                    written[0] += 1
                continue
            if rec.result is None:
                continue
            if _other_language(rec.result):
                # --lang: to stdout the record is dropped (the filter), with -i/--check it stays as it was
                summary.skipped += 1
                dropped[rec.result.language or "no language detected"] += 1
                if mode.in_place and path != "-":
                    out_lines.append(raw if raw.endswith(b"\n") else raw + b"\n")
                continue
            summary.add(rec.result)
            any_changed = any_changed or rec.result.changed
            if mode.explain:
                _explain(path, rec.result, lineno)
            if mode.diff:  # a diff of the record's text, its header naming the file and line
                if rec.result.changed:
                    from cleaner.io.jsonl import record_text

                    _write_diff(mode, record_text(raw, mode.text_key), record_text(rec.line, mode.text_key),
                                f"{path}:{lineno}")
                continue
            if mode.check:
                if rec.result.changed:
                    _check_report(path, rec.result, lineno)
                continue
            if mode.in_place and path != "-":
                out_lines.append(rec.line)
            else:
                out.write(rec.line)
                written[0] += 1
    if progress is not None:
        progress.file_done(path)
    if any_changed:
        summary.files_changed += 1
        if OUT.verbose and not OUT.quiet:
            _warn(f"{'would change' if mode.check or mode.diff else 'cleaned'} {path}")
    if dropped:
        how = "kept as they were" if mode.in_place or mode.check or mode.diff else "dropped"
        langs = ", ".join(f"{n} {lang}" for lang, n in dropped.most_common())
        _warn(f"{path}: {sum(dropped.values())} records not in {mode.lang} ({langs}): {how}")
    if mode.in_place and path != "-" and not mode.check and any_changed:
        atomic_write(path, b"".join(out_lines), compress=gz, expect=mode.states.pop(path, None))


def _process_warc(cleaner: Cleaner, path: str, mode: Mode, summary: Summary) -> None:
    """A WARC/WET file: one JSON line per page (record id, URI, date, cleaned text), whatever --jsonl says."""
    from cleaner.io import warc

    if mode.in_place or mode.diff:
        raise InputError(path, "is a web archive: cleaner writes its pages as JSON Lines to stdout",
                         hint="redirect stdout to a .jsonl file instead of --in-place/--diff")

    def seen(doc, result: CleanResult) -> None:
        summary.add(result)
        if mode.explain:
            _explain(f"{path}:{doc.uri or doc.record_id}", result)
        if mode.check and result.changed:
            _check_report(f"{path}:{doc.uri or doc.record_id}", result)

    with contextlib.ExitStack() as stack, warc.open_input(path) as stream:
        out = stack.enter_context(open(os.devnull, "wb")) if mode.check else stack.enter_context(
            mode.out.records(path, suffix=".jsonl"))  # stdout, -o FILE, or DIR/<name>.jsonl
        warc.write_jsonl(cleaner, stream, out, text_key=mode.text_key, report_key=mode.report_key,
                         on_result=seen)


def _is_records(path: str) -> bool:
    """JSONL, WARC and CSV/Parquet files: records, cleaned field by field (not as one text)."""
    from cleaner.io.files import is_jsonl_name
    from cleaner.io.tables import is_table_name
    from cleaner.io.warc import is_warc_name

    return is_jsonl_name(path) or is_warc_name(path) or is_table_name(path)


def _process_records(cleaner: Cleaner, path: str, mode: Mode, summary: Summary) -> None:
    from cleaner.io.files import is_jsonl_name
    from cleaner.io.tables import is_table_name
    from cleaner.io.warc import is_warc_name

    if is_warc_name(path):
        _process_warc(cleaner, path, mode, summary)
    elif is_table_name(path) and not is_jsonl_name(path):
        _process_table(cleaner, path, mode, summary)
    else:
        _process_jsonl(cleaner, path, mode, summary)


def _process_table(cleaner: Cleaner, path: str, mode: Mode, summary: Summary) -> None:
    """A CSV/TSV or Parquet file: its --column cleaned row by row, the rest as it was (cleaner.io.tables)."""
    from cleaner.io import tables
    from cleaner.io.encoding import encode_back
    from cleaner.io.files import atomic_write, encode_like, read_bytes

    parquet = tables.is_parquet_name(path)
    if parquet and mode.diff:
        raise InputError(path, "is Parquet: --diff shows text", hint="use --check, or --explain")
    _remember_state(path, mode)
    changed = [False]

    def seen(row: int, result: CleanResult) -> bool:
        if _other_language(result):  # --lang: the row's text stays as it was
            summary.skipped += 1
            return False
        summary.add(result)
        changed[0] = changed[0] or result.changed
        if mode.explain:
            _explain(path, result, row)
        if mode.check and result.changed:
            _check_report(path, result, row)
        return True

    gz = ""
    if parquet:
        data = tables.clean_parquet(cleaner, path, mode.text_key, seen)
    else:
        raw, gz = read_bytes(path)
        text = _decode(path, raw, mode.encoding_errors, mode)
        if text is None:
            summary.skipped += 1
            return
        new = tables.clean_csv(cleaner, text, mode.text_key, seen, path)
        if mode.diff:
            if new != text:
                _write_diff(mode, text, new, path)
            return
        legacy = encode_back(new, mode.readings.pop(path, None))
        data = legacy or (encode_like(path, new) if mode.in_place else new.encode("utf-8"))
    if changed[0]:
        summary.files_changed += 1
    if mode.check:
        return
    if mode.in_place and path != "-":
        if changed[0]:
            atomic_write(path, data, compress=gz, expect=mode.states.pop(path, None))
        return
    with mode.out.records(path, gz) as out:
        out.write(data)


def _outputs_for(mode: Mode, output: str | None, output_dir: str | None, separator: str | None) -> Any:
    """The files walked and where output goes (cleaner.io.outputs.from_options); a bad combination is a usage
    error (exit 2)."""
    from cleaner.io.outputs import from_options

    opts = {"encoding": mode.encoding, "exclude": mode.exclude, "include": mode.include,
            "force_exclude": mode.force_exclude, "no_gitignore": not mode.gitignore, "output": output,
            "output_dir": output_dir, "separator": separator}
    try:
        return from_options(opts, in_place=mode.in_place, check=mode.check, diff=mode.diff)
    except ValueError as err:
        raise UsageProblem(str(err)) from None


def build_cleaner(options: Options | None = None, **values: object) -> Cleaner:
    """The Cleaner for command-line values keyed by Options field (`options` replaced by `values`)."""
    from dataclasses import replace

    from cleaner.core.pipeline import Cleaner

    return Cleaner(replace(options, **values) if options is not None else options_from(values))


def _terminate_like_interrupt() -> None:
    """SIGTERM unwinds like Ctrl-C (temporary files removed, workers ended) and exits 143, instead of killing
    the process where it stands."""
    import signal

    def on_term(_sig: int, _frame: object) -> None:
        signal.signal(signal.SIGTERM, signal.SIG_IGN)
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        _warn("terminated", always=True)
        raise Terminated

    with contextlib.suppress(ValueError):  # not the main thread (a library caller): its own business
        if signal.getsignal(signal.SIGTERM) == signal.SIG_DFL:
            signal.signal(signal.SIGTERM, on_term)


def _interrupted() -> int:
    """Ctrl-C: one line and exit 130; a second Ctrl-C meanwhile cannot turn it into a traceback."""
    import signal

    with contextlib.suppress(ValueError):  # not the main thread: nothing to protect
        signal.signal(signal.SIGINT, signal.SIG_IGN)
    _warn("interrupted", always=True)
    return 130


# -- flags made from Settings ----------------------------------------------------------------------------------

class _Languages(click.ParamType):
    """--lang en,de (or a list from the config) -> ("en", "de")."""

    name = "codes"

    def convert(self, value: object, param: click.Parameter | None, ctx: click.Context | None) -> tuple[str, ...]:
        return split_languages(value)  # type: ignore[arg-type]


class _Jobs(click.ParamType):
    """--jobs N or --jobs auto (the CPUs this process may use)."""

    name = "jobs"

    def convert(self, value: object, param: click.Parameter | None, ctx: click.Context | None) -> int:
        if isinstance(value, int):
            return value
        if str(value).strip().lower() == "auto":
            return cpu_count()
        try:
            n = int(str(value))
        except ValueError:
            self.fail(f"{value!r} is not a number or 'auto'", param, ctx)
        if n < 1:
            self.fail(f"{n} is not at least 1", param, ctx)
        return n


def cpu_count() -> int:
    """The CPUs this process may run on (its affinity mask where the system has one)."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # macOS, Windows
        return max(1, os.cpu_count() or 1)


def setting_option(s: Setting, help: str | None = None) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """The click option of one Setting: what the flag is called, takes and says all come from the Setting."""
    text = help or s.help
    name = f"--{s.flag}"
    if s.kind == "bool":
        return click.option(f"{name}/--no-{s.flag}", s.name, default=s.default,
                            help=f"{text}  [default: {'on' if s.default else 'off'}]")
    kwargs: dict[str, Any] = {"default": s.default, "metavar": s.metavar, "help": text}
    if s.kind == "choice":
        kwargs.update(type=click.Choice(s.choices), show_default=True)
    elif s.kind == "list":
        kwargs.update(multiple=True, default=())
    elif s.kind == "langs":
        kwargs.update(type=_Languages(), default=())
    elif s.kind == "path":
        kwargs.update(type=click.Path(exists=True, dir_okay=False))
    elif s.kind == "int":
        kwargs.update(type=click.IntRange(min=None if s.minimum is None else int(s.minimum)))
    elif s.kind == "float":
        kwargs.update(type=click.FloatRange(s.minimum, s.maximum))
    elif s.default is not None:
        kwargs.update(show_default=True)
    return click.option(name, *(f"--{a}" for a in s.aliases), s.name, **kwargs)


def setting_options(chosen: Iterable[Setting]) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """Decorate a command with the options of these Settings, in their order."""
    chosen = tuple(chosen)

    def decorate(f: Callable[..., Any]) -> Callable[..., Any]:
        for s in reversed(chosen):
            f = setting_option(s)(f)
        return f

    return decorate


def _setting(name: str) -> Setting:
    return next(s for s in (*settings(), *RUN_SETTINGS) if s.name == name)


RULE_SETTINGS = ("rule_paths", "disable", "builtin_rules")
rule_options = setting_options(_setting(n) for n in RULE_SETTINGS)


# -- cleaner clean ---------------------------------------------------------------------------------------------

@main.command("clean")
@click.argument("files", nargs=-1, type=click.Path(allow_dash=True))
@click.option("--jsonl", is_flag=True, help="Input is JSON Lines (automatic for .jsonl/.ndjson[.gz]).")
@setting_options(RUN_SETTINGS[:1])
@click.option("--report-key", default=None, metavar="KEY", help="JSONL: add what was removed under this field.")
@click.option("--check", is_flag=True, help="Change nothing; list what would change; exit 1 if anything would.")
@click.option("--diff", is_flag=True, help="Print a unified diff instead of the cleaned text.")
@click.option("--in-place", "-i", "in_place", is_flag=True, help="Rewrite the files (atomically).")
@click.option("--explain", is_flag=True, help="Say on stderr what was removed, where, and by which rule.")
@click.option("--stats", is_flag=True, help="Print documents, changes and removals per rule on stderr at the end.")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True,
              help="How --check, --explain and --stats report: lines of text, or JSON (one object per removal).")
@click.option("--quiet", "-q", is_flag=True, help="Print errors only: no warnings, summary or progress.")
@click.option("--verbose", "-v", count=True, help="Name each file changed; the summary line also when writing "
              "to stdout.")
@click.option("--color/--no-color", "color", default=None, help="Colour --diff [default: when stdout is a "
              "terminal and NO_COLOR is not set].")
@click.option("--jobs", "-j", type=_Jobs(), default="1", show_default=True, metavar="N|auto",
              help="Clean in N worker processes (auto: one per CPU); output keeps the input order.")
@setting_options(s for s in settings() if s.name not in ("profile", "site", "url_key") and not
                 s.name.startswith("site_"))
@setting_options(RUN_SETTINGS[1:])
# Where output goes (cleaner.io.outputs; docs/inputs-outputs.md): per run, so flags only, not config keys.
@click.option("-o", "--output", type=click.Path(dir_okay=False, allow_dash=True), default=None, metavar="FILE",
              help="Write the output to FILE (replaced when the run ends well) instead of stdout.")
@click.option("--output-dir", type=click.Path(file_okay=False), default=None, metavar="DIR",
              help="Write one output per input into DIR, at the same path below it as below the folder named.")
@click.option("--separator", default=None, metavar="TEXT",
              help="Write TEXT between documents on stdout or -o (\\n, \\f, \\0 understood; {path}: the next "
              "file).")
@setting_option(_setting("profile"))
@click.option("--site-repeats", is_flag=True,
              help="Corpus mode in two passes over FILES: build the site profile, then clean with it.")
@setting_options(s for s in settings() if s.name in ("site", "url_key") or s.name.startswith("site_"))
def clean_command(files: tuple[str, ...], jsonl: bool, report_key: str | None, check: bool, diff: bool,
                  in_place: bool, explain: bool, stats: bool, fmt: str, quiet: bool, verbose: int,
                  color: bool | None, jobs: int, site_repeats: bool, output: str | None, output_dir: str | None,
                  separator: str | None, **values: Any) -> int:
    """Clean FILES (or stdin) and write the result to stdout, or back with --in-place."""
    OUT.quiet, OUT.verbose, OUT.json = quiet, verbose, fmt == "json"
    run = {s.name: values.pop(s.name) for s in RUN_SETTINGS}
    mode = Mode(explain=explain, check=check, diff=diff, in_place=in_place, report_key=report_key, jobs=jobs,
                lang=",".join(values["languages"]), color=_use_color(color) and diff, **run)
    if in_place and (check or diff):
        raise UsageProblem("--in-place does not go with --check or --diff")
    mode.out = _outputs_for(mode, output, output_dir, separator)
    if report_key is not None and report_key == mode.text_key:
        raise UsageProblem(f"--report-key {report_key!r} is the text field: the report would replace the "
                           "cleaned text; choose another key")
    if site_repeats and (values["profile"] or not files or "-" in files):
        raise UsageProblem("--site-repeats and --profile do not go together" if values["profile"] else
                           "--site-repeats reads its FILES twice (a profile of the sites, then the cleaning), "
                           "so it needs files, not stdin; or build a profile with `cleaner profile` and pass "
                           "--profile")
    if site_repeats:
        from cleaner.corpus.profile import build_profile, read_pages

        values["profile"] = build_profile(read_pages(files, mode.text_key, values["url_key"], values["site"]))
    cleaner = build_cleaner(**values)
    _terminate_like_interrupt()
    if not files and sys.stdin.isatty():
        raise UsageProblem("no input: give FILES, or pipe text in (cleaner --help)")
    summary = Summary()
    paths: Iterable[str] = mode.out.walker.walk(list(files) or ["-"])
    if not explain and not quiet and _stderr_is_tty():
        paths = list(paths)  # the sizes, for percent and ETA
        summary.progress = Progress(sum(_size(p) for p in paths))
    done = False
    try:
        paths = iter(paths)
        if jobs > 1:
            _process_parallel(cleaner, paths, jsonl, mode, summary)
        for path in paths:  # what the parallel path left: nothing; with --jobs 1, every file here
            summary.files += 1
            if jsonl or _is_records(path):
                _process_records(cleaner, path, mode, summary)
            else:
                _process_text(cleaner, path, mode, summary)
        done = True
    except BrokenPipeError:  # `cleaner ... | head`: the reader is gone, which is not an error
        _quiet_stdout()
        return 0
    finally:  # files being rewritten are left as they were on an error or Ctrl-C (atomic_write)
        mode.out.close(ok=done)  # -o FILE: renamed into place, or (an error) its temporary file removed
        if summary.progress is not None:
            summary.progress.clear()
        if stats:
            _print_stats(summary)
    if (in_place or check or verbose) and summary.files and not OUT.json:
        _warn(summary.line(mode))  # the closing line, as black prints it (-q: not)
    if summary.refused:
        return 2
    if check and summary.changed:
        return 1
    return 0


def _use_color(flag: bool | None) -> bool:
    if flag is not None:
        return flag
    try:
        return sys.stdout.isatty() and "NO_COLOR" not in os.environ
    except (AttributeError, ValueError):
        return False


_COLORS = {"+": "\x1b[32m", "-": "\x1b[31m", "@": "\x1b[36m"}


def _color_diff(lines: Iterable[str]) -> Iterator[str]:
    """A unified diff coloured as git shows it: headers bold, removed lines red, added green, hunks cyan."""
    for line in lines:
        if line.startswith(("+++", "---")):
            yield f"\x1b[1m{line.rstrip(chr(10))}\x1b[0m\n"
        elif line[:1] in _COLORS:
            yield f"{_COLORS[line[:1]]}{line.rstrip(chr(10))}\x1b[0m\n"
        else:
            yield line


def _stderr_is_tty() -> bool:
    try:
        return sys.stderr.isatty()
    except (AttributeError, ValueError):
        return False


def _quiet_stdout() -> None:
    """Point stdout at /dev/null so the interpreter's final flush cannot fail on the closed pipe."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):
        pass


def _process_parallel(cleaner: Cleaner, paths: Iterator[str], jsonl: bool, mode: Mode, summary: Summary) -> None:
    """--jobs N: JSONL files stream their records through the workers; runs of plain files are read here
    and cleaned by the workers, their results written in order."""
    from cleaner.io import parallel

    for is_jsonl, group in itertools.groupby(paths, lambda p: jsonl or _is_records(p)):
        if is_jsonl:
            for path in group:
                summary.files += 1
                _process_records(cleaner, path, mode, summary)
            continue
        texts = _read_texts(group, mode, summary)
        done = 0
        try:
            for (path, text, gz), result in parallel.ordered_map(cleaner, parallel.explain_text, texts, mode.jobs,
                                                                lambda item: len(item[1])):
                _process_text(cleaner, path, mode, summary, done=(text, gz, result))
                done += 1
        except parallel.WorkerDied as err:
            raise CleanerError(f"{err}; {done} files were done before it, the rest were not") from None


def _read_texts(paths: Iterable[str], mode: Mode, summary: Summary) -> Iterator[tuple[str, str, str]]:
    for path in paths:
        summary.files += 1
        read = _read_text(path, mode, summary)
        if read is not None:
            yield path, read[0], read[1]


def _print_stats(summary: Summary) -> None:
    if OUT.json:
        _json_line({"files": summary.files, "documents": summary.documents, "changed": summary.changed,
                    "skipped": summary.skipped, "bad_records": summary.errors, "lines_removed": summary.lines_removed,
                    "rules": dict(sorted(summary.per_rule.items(), key=lambda kv: (-kv[1], kv[0])))}, err=True)
        return
    _warn(f"{summary.files} files, {summary.documents} documents, {summary.changed} changed, "
          f"{summary.skipped} skipped, {summary.errors} bad records", always=True)
    for rule, count in sorted(summary.per_rule.items(), key=lambda kv: (-kv[1], kv[0])):
        click.echo(f"  {count:8d}  {rule}", err=True)


@main.command("learn")
@click.argument("files", nargs=-1, required=True, type=click.Path(exists=True, allow_dash=True))
@setting_options(RUN_SETTINGS[:1])
@click.option("--url-key", default=None, metavar="KEY", help="JSONL field holding the URL: count lines per site.")
@click.option("--min-docs", type=click.IntRange(min=2), default=5, show_default=True,
              help="Propose a line seen in at least this many documents (of one site, with --url-key).")
@click.option("--max-rules", type=click.IntRange(min=1), default=500, show_default=True,
              help="At most this many rules.")
@click.option("--out", type=click.Path(dir_okay=False), default=None, help="Write the rule file here, not to stdout.")
@rule_options
def learn_command(files: tuple[str, ...], text_key: str, url_key: str | None, min_docs: int, max_rules: int,
                  out: str | None, **rules: Any) -> int:
    """Mine lines repeated across the documents of a corpus into a candidate rule file to review.

    Only lines the current rules keep are counted; the file passes `cleaner rules test` as written.
    """
    from cleaner.corpus.learn import learn, read_documents
    from cleaner.io.files import atomic_write

    cleaner = build_cleaner(**rules)
    text, n = learn(read_documents(files, text_key, url_key), min_docs, cleaner, max_rules)
    if out:
        atomic_write(out, text.encode("utf-8"))
    else:
        _write_out(text)
    _warn(f"{n} candidate rules" + (f" written to {out}" if out else ""))
    return 0


@main.group("rules")
def rules_group() -> None:
    """List the rules, show one, or run their examples."""


@rules_group.command("list")
@rule_options
def rules_list(**rules: Any) -> int:
    """One line per rule: id, scope, strength, languages, description."""
    cleaner = build_cleaner(html="never", **rules)
    for rule in cleaner.rules:
        langs = ",".join(sorted(rule.languages)) or "*"
        click.echo(f"{rule.id:32} {rule.scope:8} {rule.strength:6} {langs:8} {rule.description}")
    from cleaner.core.heuristics import DESCRIPTIONS
    from cleaner.rules.load import is_disabled

    for hid, (scope, strength, description) in DESCRIPTIONS.items():
        if not is_disabled(hid, cleaner.options.disable):
            click.echo(f"{hid:32} {scope:8} {strength:6} {'*':8} {description}")
    return 0


@rules_group.command("show")
@click.argument("rule_id", metavar="ID")
@rule_options
def rules_show(rule_id: str, **rules: Any) -> int:
    """What one rule (or heuristic) does, as `ruff rule` shows it: description, scope, strength, languages,
    phrases and patterns, and its remove/keep examples."""
    from cleaner.core.heuristics import DESCRIPTIONS

    cleaner = build_cleaner(html="never", **{**rules, "disable": ()})
    rule = next((r for r in cleaner.rules if r.id == rule_id), None)
    if rule is None and rule_id in DESCRIPTIONS:
        scope, strength, description = DESCRIPTIONS[rule_id]
        click.echo(f"{rule_id}\n\n{description}\n\nscope: {scope}\nstrength: {strength}\n"
                   "kind: heuristic (built into the code; switch it off with --disable)")
        return 0
    if rule is None:
        import difflib as _difflib

        known = [r.id for r in cleaner.rules] + list(DESCRIPTIONS)
        near = _difflib.get_close_matches(rule_id, known, n=3)
        raise UsageProblem(f"no rule {rule_id!r}" + (f"; did you mean {', '.join(near)}?" if near else
                                                     "; `cleaner rules list` lists them"))
    out = [rule.id, "", rule.description, "", f"scope: {rule.scope}", f"strength: {rule.strength}",
           f"languages: {', '.join(sorted(rule.languages)) or 'all'}", f"source: {_show_source(rule.source)}"]
    if rule.min_coverage:
        out.append(f"min coverage: {rule.min_coverage:g}")
    written = _written_phrases(rule.source, rule.id)
    if written:
        out += ["", f"phrases ({len(written)} as written, {len(rule.phrases)} once expanded):"]
        out += [f"  {p}" for p in written]
    elif rule.phrases:
        out += ["", f"phrases ({len(rule.phrases)}, folded as matched):"]
        out += [f"  {p.decode('utf-8', 'replace')}" for p in rule.phrases]
    patterns = (*rule.patterns, *rule.inline_patterns)
    if patterns:
        out += ["", "patterns:", *(f"  {p}" for p in patterns)]
    if rule.remove:
        out += ["", "removes:"]
        for ex in rule.remove:
            out.append(f"  {ex.text!r}" + (f" -> {ex.expected!r}" if ex.expected else ""))
    if rule.keep:
        out += ["", "keeps:", *(f"  {k!r}" for k in rule.keep)]
    click.echo("\n".join(out))
    return 0


def _written_phrases(source: str, rule_id: str) -> list[str]:
    """The rule's phrases as its file writes them ({a|b} alternatives unexpanded), or [] when unreadable."""
    import tomllib

    try:
        with open(source, "rb") as f:
            data = tomllib.load(f)
    except (OSError, tomllib.TOMLDecodeError):
        return []
    for entry in data.get("rule", []):
        if isinstance(entry, dict) and entry.get("id") == rule_id:
            phrases = entry.get("phrases", [])
            return [str(p) for p in phrases] if isinstance(phrases, list) else []
    return []


def _show_source(source: str) -> str:
    """A rule file's path, relative to the current folder when below it."""
    try:
        rel = os.path.relpath(source)
    except ValueError:
        return source
    return source if rel.startswith("..") else rel


@rules_group.command("test")
@click.argument("paths", nargs=-1, type=click.Path(exists=True))
@setting_option(_setting("builtin_rules"), help="Use the built-in rules too (--no-builtin-rules: test PATHS alone).")
def rules_test(paths: tuple[str, ...], builtin_rules: bool) -> int:
    """Run the remove/keep examples of the rules in PATHS (default: the built-in rules)."""
    from cleaner.rules.examples import run_examples

    config_rules = tuple(click.get_current_context().meta.get("cleaner.config_rules", ()))
    # the repository's configured rules load too, as in real use (a file named twice loads once)
    cleaner = build_cleaner(rule_paths=tuple(paths) + config_rules, builtin_rules=builtin_rules, html="never")
    only = {str(p) for p in paths}
    failures, total = run_examples(cleaner, only_sources=only or None)
    for f in failures:
        click.echo(f"FAIL {f}")
    click.echo(f"{total - len(failures)} passed, {len(failures)} failed")
    return 1 if failures else 0
