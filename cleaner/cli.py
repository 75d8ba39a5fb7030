"""Command line: `cleaner [FILES]` cleans, `cleaner rules ...` lists and tests rules.

The only module that prints or exits. Exit codes: 0 done (or --check found nothing), 1 --check found
something to change, 2 an error.
"""

from __future__ import annotations

import contextlib
import dataclasses
import difflib
import importlib
import itertools
import os
import sys
import time
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

import click

from cleaner.core.build import describe
from cleaner.core.decode import decode_bytes, looks_binary, nul_position
from cleaner.core.options import Options
from cleaner.core.pipeline import LANG_FILTER_RULE, Cleaner, CleanResult
from cleaner.core.sniff import looks_like_html
from cleaner.errors import CleanerError, InputError
from cleaner.io import parallel
from cleaner.io.files import (
    DamagedInput,
    atomic_write,
    compression_of,
    encode_like,
    expand_paths,
    file_state,
    is_jsonl_name,
    open_binary,
    read_bytes,
)
from cleaner.io.warc import is_warc_name


class DefaultGroup(click.Group):
    """`cleaner FILE` means `cleaner clean FILE`: the common case needs no subcommand."""

    # Subcommands whose code is imported only when they run (or --help lists them), so that cleaning does
    # not pay for it at start-up: name -> (module, command).
    lazy = {"profile": ("cleaner.corpus.command", "profile_command")}

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted([*super().list_commands(ctx), *self.lazy])

    def get_command(self, ctx: click.Context, name: str) -> click.Command | None:
        if name in self.lazy:
            module, command = self.lazy[name]
            return getattr(importlib.import_module(module, __package__), command)
        return super().get_command(ctx, name)

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        # --no-config goes with any subcommand: [tool.cleaner] is read before the subcommand parses its options.
        end = args.index("--") if "--" in args else len(args)
        if "--no-config" in args[:end]:
            ctx.meta["cleaner.no_config"] = True
            args = [a for i, a in enumerate(args) if i >= end or a != "--no-config"]
        if not args or (args[0] not in self.commands and args[0] not in self.lazy
                        and args[0] not in ("--help", "-h", "--version")):
            args = ["clean", *args]
        return super().parse_args(ctx, args)

    def main(self, *args, **kwargs):
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

    def invoke(self, ctx: click.Context):
        # click turns a KeyboardInterrupt into "Aborted!" and exit 1, the code --check gives to "would change".
        try:
            return super().invoke(ctx)
        except KeyboardInterrupt:
            _interrupted()


@click.group(cls=DefaultGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="cleaner", message=f"%(prog)s %(version)s ({describe()})")
def main() -> None:
    """Strip boilerplate and spam from scraped text, and say what was removed and why.

    `cleaner [OPTIONS] [FILES]...` is short for `cleaner clean [OPTIONS] [FILES]...`. Settings come from
    [tool.cleaner] in the nearest pyproject.toml (flags override them; --no-config ignores it).
    """
    ctx = click.get_current_context()
    if not ctx.meta.get("cleaner.no_config"):
        ctx.default_map = _config_defaults(ctx)


def _config_defaults(ctx: click.Context) -> dict[str, object]:
    """[tool.cleaner] as click defaults: a flag on the command line replaces the config's value."""
    from cleaner.io.config import load_config

    try:
        config = load_config()
    except CleanerError as err:
        _fail(err)
    for warning in config.warnings:
        _warn(warning)
    values = dict(config.values)
    if "fix_encoding" in values:
        values["no_fix_encoding"] = not values.pop("fix_encoding")
    if "builtin_rules" in values:
        values["no_builtin"] = not values.pop("builtin_rules")
    ctx.meta["cleaner.config_rules"] = values.get("rules", ())
    rule_keys = ("rules", "disable", "no_builtin")
    return {"clean": values, "rules": {"list": {k: v for k, v in values.items() if k in rule_keys},
                                       "test": {k: v for k, v in values.items() if k == "no_builtin"}}}


@dataclass
class Summary:
    files: int = 0
    documents: int = 0
    changed: int = 0
    skipped: int = 0
    errors: int = 0
    refused: int = 0  # --in-place files left alone (HTML pages)
    per_rule: dict[str, int] = field(default_factory=dict)
    progress: Progress | None = None

    def add(self, result: CleanResult) -> None:
        self.documents += 1
        self.changed += result.changed
        for r in result.removals:
            self.per_rule[r.rule] = self.per_rule.get(r.rule, 0) + 1
        if self.progress is not None:
            self.progress.tick(self)


class Progress:
    """A one-line counter on stderr, only at a terminal and only once a run has lasted a while
    (CLEANER_PROGRESS_AFTER seconds, default 2): short runs and logs stay clean."""

    def __init__(self) -> None:
        self.start = time.monotonic()
        self.after = float(os.environ.get("CLEANER_PROGRESS_AFTER", "2"))
        self.next_draw = self.start + self.after
        self.drawn = False

    def tick(self, summary: Summary) -> None:
        now = time.monotonic()
        if now < self.next_draw:
            return
        self.next_draw = now + 0.2
        rate = summary.documents / max(now - self.start, 1e-9)
        sys.stderr.write(f"\rcleaner: {summary.files} files, {summary.documents} documents, "
                         f"{summary.changed} changed, {rate:,.0f} docs/s\x1b[K")
        sys.stderr.flush()
        self.drawn = True

    def clear(self) -> None:
        if self.drawn:
            sys.stderr.write("\r\x1b[K")
            sys.stderr.flush()
            self.drawn = False


def _warn(message: str) -> None:
    click.echo(f"cleaner: {message}", err=True)


def _explain(path: str, result: CleanResult, record: int | None = None) -> None:
    where = path if record is None else f"{path}:record {record}"
    if result.repaired_encoding:
        _warn(f"{where}: repaired mojibake")
    for r in result.removals:
        if r.kind == "html":
            click.echo(f"{where}: html [{r.where}]: {r.rule}: {_short(r.text)}", err=True)
            continue
        lines = f"{r.start_line}" if r.start_line == r.end_line else f"{r.start_line}-{r.end_line}"
        col = f":{r.column}" if r.column else ""
        text = r.text.replace("\n", " | ")
        if len(text) > 160:
            text = text[:157] + "..."
        rule = f"{r.rule} ({r.why})" if r.why else r.rule
        click.echo(f"{where}:{lines}{col}: {rule}: {text}", err=True)


def _short(text: str) -> str:
    text = text.replace("\n", " | ")
    return text if len(text) <= 160 else text[:157] + "..."


def _check_report(path: str, result: CleanResult, record: int | None = None) -> None:
    where = path if record is None else f"{path}:record {record}"
    if result.repaired_encoding:
        click.echo(f"{where}: would repair mojibake")
    for r in result.removals:
        if r.kind == "html":
            click.echo(f"{where}: html [{r.where}]: would remove ({r.rule}): {_short(r.text)}")
            continue
        rule = f"{r.rule}: {r.why}" if r.why else r.rule
        click.echo(f"{where}:{r.start_line}: would remove ({rule}): {r.text.splitlines()[0] if r.text else ''}")
    if not result.removals and not result.repaired_encoding:
        click.echo(f"{where}: would normalise characters or whitespace")


def _decode(path: str, data: bytes, errors: str) -> str | None:
    if looks_binary(data):
        _warn(f"{path}: binary file (NUL bytes), skipped")
        return None
    if errors == "fallback" and looks_like_html(data[:2048].decode("latin-1")):
        # A page as crawled: its own charset (BOM, <meta>), else detected, rather than a cp1252 guess.
        from cleaner.html.charset import decode_html

        page = decode_html(data)
        if page.source == "detected":
            _warn(f"{path}: no BOM or <meta> charset and not UTF-8: read as {page.encoding} (detected)")
        return page.text
    try:
        decoded = decode_bytes(data, errors)  # type: ignore[arg-type]
    except UnicodeDecodeError as err:
        line = data.count(b"\n", 0, err.start) + 1
        raise InputError(path, f"invalid UTF-8 (byte 0x{data[err.start]:02x})", line,
                         "pass --encoding-errors fallback to read such bytes as cp1252, or replace") from err
    if decoded.invalid:
        bad = decoded.invalid
        if decoded.encoding != "utf-8":  # BOM-marked UTF-16/32: a lone surrogate or a cut-off last unit
            _warn(f"{path}:{bad.line}:{bad.column}: invalid {decoded.encoding.upper()} ({bad.count} bad code "
                  "units in all, a lone surrogate or a cut-off end), replaced with U+FFFD; --encoding-errors "
                  "strict stops instead")
        else:
            how = "as cp1252" if errors == "fallback" else "as U+FFFD"
            _warn(f"{path}:{bad.line}:{bad.column}: invalid UTF-8 (byte 0x{bad.byte:02x}, {bad.count} bad bytes "
                  f"in all), decoded {how}; --encoding-errors strict stops instead")
    nul = nul_position(data) if decoded.encoding == "utf-8" and b"\x00" in data else None
    if nul:  # a few stray NULs in text: dropped with the other control characters, and said so
        _warn(f"{path}:{nul[0]}:{nul[1]}: {nul[2]} NUL bytes in text, dropped")
    return decoded.text


WRITE_CHARS = 1 << 20


def _write_out(data: str) -> None:
    write = sys.stdout.buffer.write
    if len(data) <= WRITE_CHARS:
        write(data.encode("utf-8"))
        return
    for start in range(0, len(data), WRITE_CHARS):  # a long text is not copied whole into bytes
        write(data[start:start + WRITE_CHARS].encode("utf-8"))  # a str slice never splits a character


def _remember_state(path: str, mode: dict) -> None:
    """-i: the file's state before it is read, so a file another program changes meanwhile is not overwritten."""
    if mode["in_place"] and path != "-":
        mode["states"][path] = file_state(path)


def _read_text(path: str, mode: dict, summary: Summary) -> tuple[str, str] | None:
    _remember_state(path, mode)
    data, gz = read_bytes(path)
    text = _decode(path, data, mode["encoding_errors"])
    if text is None:
        summary.skipped += 1
        return None
    return text, gz


def _process_text(cleaner: Cleaner, path: str, mode: dict, summary: Summary,
                  done: tuple[str, str, CleanResult] | None = None) -> None:
    """Clean one file and write or report the result; `done` is (text, compression, result) from a worker."""
    if done is None:
        read = _read_text(path, mode, summary)
        if read is None:
            return
        text, gz = read
        result = cleaner.explain(text)
    else:
        text, gz, result = done
    if _other_language(result) and (mode["in_place"] or mode["check"] or mode["diff"]):
        # --lang keeps documents in those languages: -i, --check and --diff never empty a file for it
        summary.skipped += 1
        _warn(f"{path}: in {result.language or 'no language detected'}, not {mode['lang']}: skipped, left as it was")
        return
    if _other_language(result):  # to stdout --lang filters: the document is dropped, and said so
        _warn(f"{path}: in {result.language or 'no language detected'}, not {mode['lang']}: dropped")
    summary.add(result)
    if mode["explain"]:
        _explain(path, result)
    if mode["check"]:
        if result.changed:
            _check_report(path, result)
        return
    if mode["diff"]:
        if result.changed:
            diff = difflib.unified_diff(text.splitlines(True), result.text.splitlines(True),
                                        f"a/{path}", f"b/{path}")
            _write_out("".join(line if line.endswith("\n") else line + "\n" for line in diff))
        return
    if mode["in_place"] and path != "-":
        expect = mode["states"].pop(path, None)
        if result.html:  # reported, and the run goes on: the exit status says so at the end
            summary.refused += 1
            _warn(f"error: {path}: is HTML, and cleaner writes text: --in-place would replace the page; left "
                  "as it was (redirect stdout to a new file instead)")
            return
        if result.changed:  # written back in the file's own encoding (a UTF-16 file stays UTF-16)
            atomic_write(path, encode_like(path, result.text), compress=gz, expect=expect)
        return
    _write_out(result.text)


def _process_jsonl(cleaner: Cleaner, path: str, mode: dict, summary: Summary) -> None:
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
    return bool(result.removals) and result.removals[0].rule == LANG_FILTER_RULE


def _written(mode: dict, n: int) -> str:
    """What reached the output before a run stopped midway, for the error message."""
    if mode["in_place"]:
        return "the file was left unchanged"
    if mode["check"] or mode["diff"]:
        return f"{n} records were checked before it"
    return f"{n} records of this file were written before it, the rest were not"


def _process_jsonl_records(cleaner: Cleaner, path: str, mode: dict, summary: Summary, out_lines: list[bytes],
                           written: list[int]) -> None:
    any_changed = False
    dropped: Counter[str] = Counter()  # records --lang filtered out, by language
    _remember_state(path, mode)
    with open_binary(path) as f:
        gz = compression_of(f)
        for lineno, raw, rec in parallel.clean_jsonl_lines(cleaner, f, path=path, text_key=mode["text_key"],
                                                           report_key=mode["report_key"], jobs=mode["jobs"]):
            if isinstance(rec, InputError):
                err = rec
                if mode["on_error"] == "fail":
                    raise err
                summary.errors += 1
                _warn(f"{err}; {'skipped' if mode['on_error'] == 'skip' else 'kept as it was'}")
                rec_line = raw if raw.endswith(b"\n") else raw + b"\n"
                if mode["on_error"] == "keep":
                    (out_lines.append(rec_line) if mode["in_place"] else sys.stdout.buffer.write(rec_line))
                    written[0] += 1
                continue
            if rec.result is None:
                continue
            if _other_language(rec.result):
                # --lang: to stdout the record is dropped (the filter), with -i/--check it stays as it was
                summary.skipped += 1
                dropped[rec.result.language or "no language detected"] += 1
                if mode["in_place"] and path != "-":
                    out_lines.append(raw if raw.endswith(b"\n") else raw + b"\n")
                continue
            summary.add(rec.result)
            any_changed = any_changed or rec.result.changed
            if mode["explain"]:
                _explain(path, rec.result, lineno)
            if mode["check"]:
                if rec.result.changed:
                    _check_report(path, rec.result, lineno)
                continue
            if mode["in_place"] and path != "-":
                out_lines.append(rec.line)
            else:
                sys.stdout.buffer.write(rec.line)
                written[0] += 1
    if dropped:
        how = "kept as they were" if mode["in_place"] or mode["check"] or mode["diff"] else "dropped"
        langs = ", ".join(f"{n} {lang}" for lang, n in dropped.most_common())
        _warn(f"{path}: {sum(dropped.values())} records not in {mode['lang']} ({langs}): {how}")
    if mode["in_place"] and path != "-" and not mode["check"] and any_changed:
        atomic_write(path, b"".join(out_lines), compress=gz, expect=mode["states"].pop(path, None))


def _process_warc(cleaner: Cleaner, path: str, mode: dict, summary: Summary) -> None:
    """A WARC/WET file: one JSON line per page (record id, URI, date, cleaned text), whatever --jsonl says."""
    from cleaner.io import warc

    if mode["in_place"] or mode["diff"]:
        raise InputError(path, "is a web archive: cleaner writes its pages as JSON Lines to stdout",
                         hint="redirect stdout to a .jsonl file instead of --in-place/--diff")

    def seen(doc, result: CleanResult) -> None:
        summary.add(result)
        if mode["explain"]:
            _explain(f"{path}:{doc.uri or doc.record_id}", result)
        if mode["check"] and result.changed:
            _check_report(f"{path}:{doc.uri or doc.record_id}", result)

    out = open(os.devnull, "wb") if mode["check"] else sys.stdout.buffer  # noqa: SIM115
    with warc.open_input(path) as stream:
        warc.write_jsonl(cleaner, stream, out, text_key=mode["text_key"], report_key=mode["report_key"],
                         on_result=seen)
    if out is not sys.stdout.buffer:
        out.close()


def build_cleaner(rules: tuple[str, ...], disable: tuple[str, ...], no_builtin: bool, *, quotes: str = "ascii",
                  fix_encoding: bool = True, lang: str | None = None, html: str = "auto",
                  backend: str = "auto", **corpus) -> Cleaner:
    """The Cleaner for command-line options; `corpus` are the site-profile options (cleaner.corpus)."""
    languages = tuple(x.strip() for x in lang.split(",") if x.strip()) if lang else ()
    options = Options(quotes=quotes, fix_encoding=fix_encoding, rule_paths=rules, disable=disable,  # type: ignore[arg-type]
                      languages=languages, html=html, backend=backend, builtin_rules=not no_builtin,  # type: ignore[arg-type]
                      **corpus)
    return Cleaner(options)


def _terminate_like_interrupt() -> None:
    """SIGTERM unwinds like Ctrl-C (temporary files removed, workers ended) and exits 143, instead of killing
    the process where it stands."""
    import signal

    def on_term(_sig: int, _frame: object) -> None:
        signal.signal(signal.SIGTERM, signal.SIG_IGN)
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        _warn("terminated")
        raise SystemExit(143)

    with contextlib.suppress(ValueError):  # not the main thread (a library caller): its own business
        if signal.getsignal(signal.SIGTERM) == signal.SIG_DFL:
            signal.signal(signal.SIGTERM, on_term)


def _interrupted() -> None:
    """Ctrl-C: one line and exit 130; a second Ctrl-C meanwhile cannot turn it into a traceback."""
    import signal

    with contextlib.suppress(ValueError):  # not the main thread: nothing to protect
        signal.signal(signal.SIGINT, signal.SIG_IGN)
    _warn("interrupted")
    sys.exit(130)


def _fail(err: Exception) -> None:
    _warn(f"error: {err}")
    sys.exit(2)


_rule_options = [
    click.option("--rules", "rules", multiple=True, metavar="PATH", help="Add a rule file or folder (repeatable)."),
    click.option("--disable", multiple=True, metavar="ID", help="Switch off a rule, or a family with 'family.*'."),
    click.option("--no-builtin-rules", "no_builtin", is_flag=True, help="Use only the rules given with --rules."),
]


def rule_options(f):
    for opt in reversed(_rule_options):
        f = opt(f)
    return f


@main.command("clean")
@click.argument("files", nargs=-1, type=click.Path(allow_dash=True))
@click.option("--jsonl", is_flag=True, help="Input is JSON Lines (automatic for .jsonl/.ndjson[.gz]).")
@click.option("--text-key", default="text", show_default=True, help="JSONL field holding the text.")
@click.option("--report-key", default=None, metavar="KEY", help="JSONL: add what was removed under this field.")
@click.option("--check", is_flag=True, help="Change nothing; list what would change; exit 1 if anything would.")
@click.option("--diff", is_flag=True, help="Print a unified diff instead of the cleaned text.")
@click.option("--in-place", "-i", "in_place", is_flag=True, help="Rewrite the files (atomically).")
@click.option("--explain", is_flag=True, help="Say on stderr what was removed, where, and by which rule.")
@rule_options
@click.option("--quotes", type=click.Choice(["ascii", "keep"]), default="ascii", show_default=True,
              help="Turn curly quotes into ASCII ones, or keep them.")
@click.option("--no-fix-encoding", is_flag=True, help="Do not repair mojibake.")
@click.option("--lang", default=None, metavar="CODES", help="Keep only documents in these languages (e.g. en,de).")
@click.option("--html", "html", type=click.Choice(["auto", "always", "never"]), default="auto",
              show_default=True, help="Extract the text of HTML first (auto: when a document looks like HTML).")
@click.option("--html-comments", is_flag=True, help="HTML: keep user comments (after the article text).")
@click.option("--no-html-tables", is_flag=True, help="HTML: drop data tables.")
@click.option("--no-html-headline", is_flag=True, help="HTML: drop the headline (<h1>).")
@click.option("--encoding-errors", type=click.Choice(["fallback", "strict", "replace"]), default="fallback",
              show_default=True, help="Invalid UTF-8: read bytes as cp1252 (and warn), stop, or use U+FFFD.")
@click.option("--on-error", type=click.Choice(["fail", "skip", "keep"]), default="fail", show_default=True,
              help="A broken JSONL line: stop, drop it (with a warning), or pass it through unchanged.")
@click.option("--backend", type=click.Choice(["auto", "hyperscan", "python"]), default="auto", show_default=True,
              help="Multi-pattern scanner.")
@click.option("--stats", is_flag=True, help="Print documents, changes and removals per rule on stderr at the end.")
@click.option("--jobs", "-j", type=click.IntRange(min=1), default=1, show_default=True, metavar="N",
              help="Clean in N worker processes; output keeps the input order.")
@click.option("--profile", "profile", default=None, metavar="FILE", type=click.Path(exists=True, dir_okay=False),
              help="Corpus mode: remove the lines each site repeats, by this site profile (`cleaner profile`).")
@click.option("--site-repeats", is_flag=True,
              help="Corpus mode in two passes over FILES: build the site profile, then clean with it.")
@click.option("--url-key", default="url", show_default=True, help="JSONL field holding the page's URL (corpus mode).")
@click.option("--site", default=None, metavar="NAME", help="Corpus mode: the site of plain files and URL-less records.")
@click.option("--site-min-pages", type=click.IntRange(min=1), default=None, metavar="N",
              help="Corpus mode: a line goes when on at least N pages of its site [default: 10].")
@click.option("--site-min-share", type=click.FloatRange(0, 1), default=None, metavar="S",
              help="Corpus mode: ... and on at least this share of its site's pages [default: 0.2].")
def clean_command(files, jsonl, text_key, report_key, check, diff, in_place, explain, rules, disable, no_builtin,
                  quotes, no_fix_encoding, lang, html, html_comments, no_html_tables, no_html_headline, encoding_errors,
                  on_error, backend, stats, jobs, profile, site_repeats, url_key, site, site_min_pages,
                  site_min_share) -> None:
    """Clean FILES (or stdin) and write the result to stdout, or back with --in-place."""
    if in_place and (check or diff):
        _fail(click.UsageError("--in-place does not go with --check or --diff"))
    if report_key is not None and report_key == text_key:
        _fail(click.UsageError(f"--report-key {report_key!r} is the text field: the report would replace the "
                               "cleaned text; choose another key"))
    if site_repeats and (profile or not files or "-" in files):
        _fail(click.UsageError("--site-repeats and --profile do not go together" if profile else
                               "--site-repeats reads its FILES twice (a profile of the sites, then the cleaning), "
                               "so it needs files, not stdin; or build a profile with `cleaner profile` and pass "
                               "--profile"))
    corpus: dict[str, object] = {}
    try:
        if site_repeats:
            from cleaner.corpus.profile import build_profile, read_pages

            profile = build_profile(read_pages(files, text_key, url_key, site))
        if profile is not None:
            corpus = {"profile": profile, "url_key": url_key, "site": site, "site_min_pages": site_min_pages,
                      "site_min_share": site_min_share}
        cleaner = build_cleaner(rules, disable, no_builtin, quotes=quotes, fix_encoding=not no_fix_encoding, lang=lang,
                                html=html, backend=backend, **corpus)
        if html_comments or no_html_tables or no_html_headline:
            cleaner = Cleaner(dataclasses.replace(cleaner.options, html_comments=html_comments,
                                                  html_tables=not no_html_tables, html_headline=not no_html_headline))
    except (CleanerError, OSError) as err:
        _fail(err)
    mode = {"explain": explain, "check": check, "diff": diff, "in_place": in_place, "text_key": text_key,
            "report_key": report_key, "encoding_errors": encoding_errors, "on_error": on_error, "jobs": jobs,
            "states": {}, "lang": lang}
    _terminate_like_interrupt()
    if not files and sys.stdin.isatty():
        _fail(click.UsageError("no input: give FILES, or pipe text in (cleaner --help)"))
    summary = Summary()
    if not explain and _stderr_is_tty():
        summary.progress = Progress()
    try:
        paths = iter(expand_paths(list(files) or ["-"]))
        if jobs > 1:
            _process_parallel(cleaner, paths, jsonl, mode, summary)
        for path in paths:  # what the parallel path left: nothing; with --jobs 1, every file here
            summary.files += 1
            if is_warc_name(path):
                _process_warc(cleaner, path, mode, summary)
            elif jsonl or is_jsonl_name(path):
                _process_jsonl(cleaner, path, mode, summary)
            else:
                _process_text(cleaner, path, mode, summary)
    except BrokenPipeError:  # `cleaner ... | head`: the reader is gone, which is not an error
        _quiet_stdout()
        sys.exit(0)
    except (CleanerError, OSError) as err:
        _fail(err)
    except KeyboardInterrupt:  # files being rewritten are left as they were (atomic_write)
        _interrupted()
    finally:
        if summary.progress is not None:
            summary.progress.clear()
        if stats:
            _print_stats(summary)
    if summary.refused:
        sys.exit(2)
    if check and summary.changed:
        sys.exit(1)


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


def _process_parallel(cleaner: Cleaner, paths: Iterator[str], jsonl: bool, mode: dict, summary: Summary) -> None:
    """--jobs N: JSONL files stream their records through the workers; runs of plain files are read here
    and cleaned by the workers, their results written in order."""
    for is_jsonl, group in itertools.groupby(paths, lambda p: jsonl or is_jsonl_name(p) or is_warc_name(p)):
        if is_jsonl:
            for path in group:
                summary.files += 1
                (_process_warc if is_warc_name(path) else _process_jsonl)(cleaner, path, mode, summary)
            continue
        texts = _read_texts(group, mode, summary)
        done = 0
        try:
            for (path, text, gz), result in parallel.ordered_map(cleaner, parallel.explain_text, texts, mode["jobs"],
                                                                lambda item: len(item[1])):
                _process_text(cleaner, path, mode, summary, done=(text, gz, result))
                done += 1
        except parallel.WorkerDied as err:
            raise CleanerError(f"{err}; {done} files were done before it, the rest were not") from None


def _read_texts(paths: Iterable[str], mode: dict, summary: Summary) -> Iterator[tuple[str, str, str]]:
    for path in paths:
        summary.files += 1
        read = _read_text(path, mode, summary)
        if read is not None:
            yield path, read[0], read[1]


def _print_stats(summary: Summary) -> None:
    _warn(f"{summary.files} files, {summary.documents} documents, {summary.changed} changed, "
          f"{summary.skipped} skipped, {summary.errors} bad records")
    for rule, count in sorted(summary.per_rule.items(), key=lambda kv: (-kv[1], kv[0])):
        click.echo(f"  {count:8d}  {rule}", err=True)


@main.command("learn")
@click.argument("files", nargs=-1, required=True, type=click.Path(exists=True, allow_dash=True))
@click.option("--text-key", default="text", show_default=True, help="JSONL field holding the text.")
@click.option("--url-key", default=None, metavar="KEY", help="JSONL field holding the URL: count lines per site.")
@click.option("--min-docs", type=click.IntRange(min=2), default=5, show_default=True,
              help="Propose a line seen in at least this many documents (of one site, with --url-key).")
@click.option("--max-rules", type=click.IntRange(min=1), default=500, show_default=True,
              help="At most this many rules.")
@click.option("--out", type=click.Path(dir_okay=False), default=None, help="Write the rule file here, not to stdout.")
@rule_options
def learn_command(files, text_key, url_key, min_docs, max_rules, out, rules, disable, no_builtin) -> None:
    """Mine lines repeated across the documents of a corpus into a candidate rule file to review.

    Only lines the current rules keep are counted; the file passes `cleaner rules test` as written.
    """
    from cleaner.corpus.learn import learn, read_documents
    from cleaner.io.files import atomic_write

    try:
        cleaner = build_cleaner(rules, disable, no_builtin)
        text, n = learn(read_documents(files, text_key, url_key), min_docs, cleaner, max_rules)
        if out:
            atomic_write(out, text.encode("utf-8"))
        else:
            _write_out(text)
    except (CleanerError, OSError) as err:
        _fail(err)
    _warn(f"{n} candidate rules" + (f" written to {out}" if out else ""))


@main.group("rules")
def rules_group() -> None:
    """List the rules, or run their examples."""


@rules_group.command("list")
@rule_options
def rules_list(rules, disable, no_builtin) -> None:
    """One line per rule: id, scope, strength, languages, description."""
    try:
        cleaner = build_cleaner(rules, disable, no_builtin, html="never")
    except CleanerError as err:
        _fail(err)
    for rule in cleaner.rules:
        langs = ",".join(sorted(rule.languages)) or "*"
        click.echo(f"{rule.id:32} {rule.scope:8} {rule.strength:6} {langs:8} {rule.description}")
    from cleaner.core.heuristics import DESCRIPTIONS
    from cleaner.rules.load import is_disabled

    for hid, (scope, strength, description) in DESCRIPTIONS.items():
        if not is_disabled(hid, cleaner.options.disable):
            click.echo(f"{hid:32} {scope:8} {strength:6} {'*':8} {description}")


@rules_group.command("test")
@click.argument("paths", nargs=-1, type=click.Path(exists=True))
@click.option("--no-builtin-rules", "no_builtin", is_flag=True, help="Test PATHS alone, without the built-in rules.")
def rules_test(paths, no_builtin) -> None:
    """Run the remove/keep examples of the rules in PATHS (default: the built-in rules)."""
    from cleaner.rules.examples import run_examples

    config_rules = tuple(click.get_current_context().meta.get("cleaner.config_rules", ()))
    try:  # the repository's configured rules load too, as in real use (a file named twice loads once)
        cleaner = build_cleaner(tuple(paths) + config_rules, (), no_builtin, html="never")
    except CleanerError as err:
        _fail(err)
    only = {str(p) for p in paths}
    failures, total = run_examples(cleaner, only_sources=only or None)
    for f in failures:
        click.echo(f"FAIL {f}")
    click.echo(f"{total - len(failures)} passed, {len(failures)} failed")
    sys.exit(1 if failures else 0)
