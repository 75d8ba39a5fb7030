"""Where cleaned documents go: stdout, one file (-o/--output), or one file per input (--output-dir).

- stdout and -o FILE: documents one after another; `separator` (escapes such as \\n, \\f, \\0 understood,
  `{path}` the next document's path) between plain-text documents, none before the first or after the last.
  JSONL, CSV and WARC output is records already and gets no separator.
- -o FILE is written beside its target and renamed over it when the run ends well: a failed run leaves the
  old FILE as it was.
- --output-dir DIR: each input to DIR/<its path below the folder named> (a file named on the command line:
  DIR/<its name>), compressed as it was, each written atomically; two inputs for one output are refused.
"""

from __future__ import annotations

import contextlib
import io
import os
import sys
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING, BinaryIO

from cleaner.errors import InputError
from cleaner.io.files import atomic_write

if TYPE_CHECKING:
    from cleaner.io.walk import Walker


def unescape(separator: str) -> str:
    """`--separator '\\n---\\n'` as typed in a shell: backslash escapes understood (\\n \\t \\f \\0 \\x1e)."""
    return separator.encode("latin-1", "backslashreplace").decode("unicode_escape")


WRITE_CHARS = 1 << 20


class Outputs:
    def __init__(self, output: str | None = None, output_dir: str | None = None, separator: str | None = None,
                 relative: Callable[[str], str] | None = None) -> None:
        self.output = output
        self.output_dir = output_dir
        self.separator = unescape(separator) if separator else ""
        self.relative = relative or os.path.basename
        self._documents = 0
        self._targets: dict[str, str] = {}  # output path -> the input it came from
        self._tmp: str | None = None
        self._file: BinaryIO | None = None
        self.walker: Walker | None = None  # the files the output is for (from_options)

    @property
    def stream(self) -> BinaryIO:
        """The shared output: stdout, or the -o file being written."""
        if self.output is None:
            return sys.stdout.buffer
        if self._file is None:
            import tempfile

            target = os.path.realpath(self.output)
            fd, self._tmp = tempfile.mkstemp(prefix=f".{os.path.basename(target)}.", suffix=".tmp",
                                             dir=os.path.dirname(target) or ".")
            umask = os.umask(0)
            os.umask(umask)
            os.chmod(self._tmp, 0o666 & ~umask)  # as `>` would create it, not mkstemp's 0600
            self._file = os.fdopen(fd, "wb")
        return self._file

    def target(self, path: str, suffix: str | None = None) -> str:
        """--output-dir: where the output of input `path` goes; an InputError for a second input there or an
        output that would overwrite its input."""
        assert self.output_dir is not None
        rel = self.relative(path)
        if path == "-" or rel in ("", "-"):
            raise InputError(path, "--output-dir writes one file per input, and stdin has no name",
                             hint="give files or folders, or use -o FILE")
        if suffix is not None:
            rel = rel + suffix
        dest = os.path.normpath(os.path.join(self.output_dir, rel))
        if dest in self._targets:
            raise InputError(path, f"would be written to {dest}, as {self._targets[dest]} already was",
                             hint="give the folder that holds both, so their relative paths differ")
        if os.path.exists(dest) and os.path.samefile(dest, path):
            raise InputError(path, f"--output-dir would overwrite the input itself ({dest})",
                             hint="choose another --output-dir, or use --in-place")
        self._targets[dest] = path
        return dest

    def document(self, path: str, text: str, compression: str = "") -> None:
        """One cleaned plain-text document, written as UTF-8."""
        if self.output_dir is not None:
            dest = self.target(path)
            os.makedirs(os.path.dirname(dest) or ".", exist_ok=True)
            atomic_write(dest, text.encode("utf-8"), compress=compression)
            return
        write = self.stream.write
        if self._documents and self.separator:
            write(self.separator.replace("{path}", path).encode("utf-8"))
        self._documents += 1
        for start in range(0, len(text), WRITE_CHARS):  # a long text is not copied whole into bytes
            write(text[start:start + WRITE_CHARS].encode("utf-8"))  # a str slice never splits a character

    @contextlib.contextmanager
    def records(self, path: str, compression: str = "", suffix: str | None = None) -> Iterator[BinaryIO]:
        """A file's records (JSONL lines, a CSV): to the shared stream, or gathered for its own output file."""
        if self.output_dir is None:
            yield self.stream
            return
        dest = self.target(path, suffix)
        buf = io.BytesIO()
        yield buf
        os.makedirs(os.path.dirname(dest) or ".", exist_ok=True)
        atomic_write(dest, buf.getvalue(), compress=compression)

    def close(self, ok: bool = True) -> None:
        """The end of the run: -o FILE renamed into place (ok) or its temporary file removed."""
        if self._file is None:
            if ok and self.output is not None and not os.path.exists(self.output):
                open(self.output, "wb").close()  # noqa: SIM115  # nothing was written: an empty file, as `>` makes
            return
        self._file.close()
        assert self._tmp is not None
        if ok:
            os.replace(self._tmp, os.path.realpath(self.output or ""))
        else:
            with contextlib.suppress(OSError):
                os.unlink(self._tmp)
        self._file = None


def from_options(opts: dict, *, in_place: bool = False, check: bool = False, diff: bool = False) -> Outputs:
    """Outputs (with its Walker as `.walker`) for the CLI's options: encoding, exclude, include,
    force_exclude, no_gitignore, output, output_dir, separator. ValueError for options that do not go together."""
    from cleaner.io.encoding import codec_name
    from cleaner.io.walk import Walker

    output, output_dir = opts.get("output"), opts.get("output_dir")
    if (output or output_dir) and in_place:
        raise ValueError("--in-place does not go with -o/--output or --output-dir")
    if output and output_dir:
        raise ValueError("-o/--output and --output-dir do not go together")
    if output_dir and (check or diff):
        raise ValueError("--output-dir does not go with --check or --diff")
    if opts.get("encoding"):
        codec_name(opts["encoding"])  # an unknown name: ValueError
    walker = Walker(exclude=opts.get("exclude", ()), include=opts.get("include", ()),
                    gitignore=not opts.get("no_gitignore"), force_exclude=bool(opts.get("force_exclude")),
                    skip=[output_dir] if output_dir else ())
    out = Outputs(None if output == "-" else output, output_dir, opts.get("separator"),
                  relative=lambda p: walker.relative.get(p, os.path.basename(p)))
    out.walker = walker
    return out
