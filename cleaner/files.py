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

from .errors import InputError

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
    """Files as given; folders walked for text-like files, in sorted order for reproducible output."""
    for p in paths:
        if p != "-" and os.path.isdir(p):
            for child in sorted(Path(p).rglob("*")):
                if child.is_file() and child.suffix.lower() in TEXT_SUFFIXES:
                    yield str(child)
        else:
            yield p


def atomic_write(path: str, data: bytes, compress: bool | str = False) -> None:
    """Write next to the target and rename over it: a crash or Ctrl-C never leaves a truncated file.

    compress: True or 'gzip' writes gzip, 'zstd' writes zstd, False or '' plain bytes.
    """
    import tempfile  # only for writes in place: start-up

    target = Path(path)
    mode = target.stat().st_mode & 0o7777 if target.exists() else None
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    try:
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
        if mode is not None:
            os.chmod(tmp, mode)
        os.replace(tmp, target)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
