"""Reading documents from files (gzip and zstd detected by magic bytes) and atomic in-place writes."""

from __future__ import annotations

import codecs
import contextlib
import gzip
import io
import os
import zlib
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

from cleaner.errors import InputError

GZIP_MAGIC = b"\x1f\x8b"
ZSTD_MAGIC = b"\x28\xb5\x2f\xfd"
TEXT_SUFFIXES = {".txt", ".text", ".md", ".jsonl", ".ndjson", ".html", ".htm", ".gz", ".zst"}
# UTF-32-LE's BOM starts with UTF-16-LE's, so it is tried first.
_BOMS = ((codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF32_LE, "utf-32-le"), (codecs.BOM_UTF32_BE, "utf-32-be"),
         (codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be"))


def is_gzip(head: bytes) -> bool:
    return head[:2] == GZIP_MAGIC


def is_jsonl_name(path: str) -> bool:
    name = path.lower().removesuffix(".gz").removesuffix(".zst")
    return name.endswith((".jsonl", ".ndjson"))


class DamagedInput(InputError):
    """Compressed input that is truncated or corrupt: found while reading, maybe after records were written."""


def _damaged(path: str, kind: str, err: Exception) -> DamagedInput:
    if isinstance(err, EOFError):
        what = "it ends before its compressed stream does (truncated: an interrupted download or copy?)"
    else:
        what = f"its compressed data is corrupt ({err})"
    test = "gzip -t" if kind == "gzip" else "zstd -t"
    return DamagedInput(path, f"damaged {kind} file: {what}", hint=f"check it with `{test}`, then fetch or copy it "
                        "again; nothing after the damage was read")


class _Gzip(gzip.GzipFile):
    """gzip that names its file when the data is truncated or corrupt (gzip raises EOFError, zlib.error or
    BadGzipFile with no file name, and click would print EOFError as "Aborted!" with exit 1)."""

    cleaner_path = ""

    def read(self, size: int | None = -1) -> bytes:
        try:
            return super().read(size)
        except (EOFError, zlib.error, gzip.BadGzipFile) as err:
            raise _damaged(self.cleaner_path, "gzip", err) from None

    def read1(self, size: int = -1) -> bytes:
        try:
            return super().read1(size)
        except (EOFError, zlib.error, gzip.BadGzipFile) as err:
            raise _damaged(self.cleaner_path, "gzip", err) from None

    def readline(self, size: int | None = -1) -> bytes:
        try:
            return super().readline(size)
        except (EOFError, zlib.error, gzip.BadGzipFile) as err:
            raise _damaged(self.cleaner_path, "gzip", err) from None


class _Zstd(io.BufferedReader):
    """A zstd stream read line by line like any file; `compression` tells the writer how to write it back."""

    cleaner_path = ""

    def read(self, size: int | None = -1) -> bytes:
        try:
            return super().read(size)
        except Exception as err:
            raise _zstd_damage(self.cleaner_path, err) from None

    def readline(self, size: int | None = -1) -> bytes:
        try:
            return super().readline(size)
        except Exception as err:
            raise _zstd_damage(self.cleaner_path, err) from None

    def __next__(self) -> bytes:
        line = self.readline()
        if not line:
            raise StopIteration
        return line


def _zstd_damage(path: str, err: Exception) -> Exception:
    import zstandard

    if isinstance(err, zstandard.ZstdError):
        return _damaged(path, "zstd", err)
    if isinstance(err, EOFError) or "truncated" in str(err).lower() or "premature" in str(err).lower():
        return _damaged(path, "zstd", EOFError())
    return err


def open_binary(path: str) -> BinaryIO:
    """Open a file (or '-' for stdin) for reading, decompressing gzip and zstd transparently."""
    import sys

    raw: BinaryIO = sys.stdin.buffer if path == "-" else open(path, "rb")  # noqa: SIM115
    peek = raw.peek(4)[:4] if hasattr(raw, "peek") else b""
    if is_gzip(peek):
        gz = _Gzip(fileobj=raw, mode="rb")
        gz.cleaner_path = path
        return gz  # type: ignore[return-value]
    if peek == ZSTD_MAGIC:
        try:
            import zstandard
        except ImportError:
            raw.close()
            raise InputError(path, "is zstd-compressed", hint="pip install zstandard, or decompress it first") \
                from None
        reader = zstandard.ZstdDecompressor().stream_reader(raw, read_across_frames=True, closefd=True)
        zst = _Zstd(reader, buffer_size=1 << 20)  # type: ignore[arg-type]
        zst.cleaner_path = path
        return zst
    return raw


def compression_of(f: BinaryIO) -> str:
    """'gzip', 'zstd' or '' for a file from open_binary: what an in-place write must produce again."""
    if isinstance(f, gzip.GzipFile):
        return "gzip"
    return "zstd" if isinstance(f, _Zstd) else ""


def read_bytes(path: str) -> tuple[bytes, str]:
    """The whole content of a file or stdin, decompressed; and its compression ('gzip', 'zstd' or '')."""
    with open_binary(path) as f:
        data = f.read()
        return data, compression_of(f)


def encode_like(path: str, text: str) -> bytes:
    """Text encoded as the file at path was: a BOM-marked UTF-8/16/32 file keeps its encoding and BOM."""
    with open_binary(path) as f:
        head = f.read(4)
    for bom, encoding in _BOMS:
        if head.startswith(bom):
            return bom + text.encode(encoding)
    return text.encode("utf-8")


def expand_paths(paths: list[str]) -> Iterator[str]:
    """Files as given; folders walked for text-like files, in sorted order for reproducible output, leaving
    out hidden folders, virtual environments and what .gitignore says (cleaner.io.walk)."""
    from cleaner.io.walk import Walker

    return Walker(suffixes=frozenset(TEXT_SUFFIXES)).walk(paths)


def read_inputs(paths: list[str]) -> Iterator[str | dict]:
    """What the corpus tools read from files: a plain file's text, or each record (a dict) of a JSONL file
    (by name, gzip or not). A JSONL line that is not a JSON object stops with InputError naming the file
    and line."""
    import msgspec

    from cleaner.core.decode import decode_bytes

    decoder = msgspec.json.Decoder()
    for path in expand_paths(list(paths)):
        if not is_jsonl_name(path):
            yield decode_bytes(read_bytes(path)[0]).text
            continue
        with open_binary(path) as f:
            for lineno, raw in enumerate(f, 1):
                if not raw.strip():
                    continue
                try:
                    record = decoder.decode(raw)
                except msgspec.DecodeError as err:
                    raise InputError(path, f"not valid JSON: {err}", lineno, "fix or remove the line") from err
                if not isinstance(record, dict):
                    raise InputError(path, "a JSONL line must be a JSON object", lineno, "fix or remove the line")
                yield record


def file_state(path: str) -> os.stat_result:
    """The file's state when it is read (symlinks followed), for atomic_write to see whether it changed since."""
    return os.stat(path)


def _same_file_state(a: os.stat_result, b: os.stat_result) -> bool:
    return (a.st_dev, a.st_ino, a.st_size, a.st_mtime_ns) == (b.st_dev, b.st_ino, b.st_size, b.st_mtime_ns)


def atomic_write(path: str, data: bytes, compress: bool | str = False, expect: os.stat_result | None = None) -> None:
    """Write next to the target and rename over it: a crash, Ctrl-C or SIGTERM never leaves a truncated file
    (nor the temporary file: Ctrl-C and SIGTERM are held while it is created and while it is removed).

    The policies of an in-place rewrite, each an InputError (exit 2) naming the file, not a silent loss:
    - a symlink is followed: its target is rewritten, the link stays a link;
    - a file with hard links is refused (a rename would split the links, rewriting the inode would not be
      atomic);
    - a read-only file (no write bit, even for root) is refused, as is one we may not write;
    - owner, group and mode are kept; a file whose owner cannot be kept (not root, someone else's) is refused;
    - expect (the state when the file was read): a file changed since (size, mtime_ns, inode) is not
      overwritten; a change in the last instant between that check and the rename cannot be seen.
    compress: True or 'gzip' writes gzip, 'zstd' writes zstd, False or '' plain bytes.
    """
    import signal
    import tempfile  # only for writes in place: start-up

    target = Path(os.path.realpath(path))
    try:
        st: os.stat_result | None = target.stat()
    except FileNotFoundError:
        st = None
    if st is not None:
        _check_writable(path, target, st)
    held = {signal.SIGINT, signal.SIGTERM}
    block = hasattr(signal, "pthread_sigmask")
    old_mask = signal.pthread_sigmask(signal.SIG_BLOCK, held) if block else set()
    tmp = None
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
        if block:  # a signal held meanwhile arrives here, with tmp known to the cleanup below
            signal.pthread_sigmask(signal.SIG_SETMASK, old_mask)
        with os.fdopen(fd, "wb") as f:
            if compress == "zstd":
                import zstandard

                f.write(zstandard.ZstdCompressor(level=3).compress(data))
            elif compress:
                with gzip.GzipFile(fileobj=f, mode="wb", mtime=0) as gz:
                    gz.write(data)
            else:
                f.write(data)
            f.flush()
            os.fsync(f.fileno())
        if st is not None:
            _keep_owner_and_mode(path, tmp, st)
        if expect is not None and not _same_file_state(expect, os.stat(target)):
            raise InputError(path, "changed while it was being cleaned (another program wrote to it); "
                             "it was not overwritten", hint="run cleaner again once the writer is done")
        os.replace(tmp, target)
    except BaseException:
        if block:
            signal.pthread_sigmask(signal.SIG_BLOCK, held)
        try:
            if tmp is not None:
                with contextlib.suppress(OSError):
                    os.unlink(tmp)
        finally:
            if block:
                signal.pthread_sigmask(signal.SIG_SETMASK, old_mask)
        raise


def _check_writable(path: str, target: Path, st: os.stat_result) -> None:
    import stat

    if not stat.S_ISREG(st.st_mode):
        raise InputError(path, "is not a regular file; --in-place rewrites only regular files")
    if st.st_nlink > 1:
        raise InputError(path, f"has {st.st_nlink} hard links: --in-place would give this name a new file and "
                         "leave the other links with the old text", hint="clean to stdout and copy the result over")
    if not st.st_mode & 0o222 or not os.access(target, os.W_OK):
        raise InputError(path, f"is read-only (mode {stat.S_IMODE(st.st_mode):04o}); --in-place leaves it alone",
                         hint="make it writable first if it should be cleaned")


def _keep_owner_and_mode(path: str, tmp: str, st: os.stat_result) -> None:
    if hasattr(os, "chown"):
        mine = os.stat(tmp)
        if (mine.st_uid, mine.st_gid) != (st.st_uid, st.st_gid):
            try:
                os.chown(tmp, st.st_uid, st.st_gid)
            except PermissionError:
                raise InputError(path, f"belongs to uid {st.st_uid} gid {st.st_gid}, which a rewrite by this user "
                                 "cannot keep; it was not overwritten", hint="run as its owner") from None
    os.chmod(tmp, st.st_mode & 0o7777)  # after chown, which clears set-id bits
