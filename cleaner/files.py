"""Reading documents from files (gzip detected by magic bytes) and atomic in-place writes."""

from __future__ import annotations

import contextlib
import gzip
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

GZIP_MAGIC = b"\x1f\x8b"
TEXT_SUFFIXES = {".txt", ".text", ".md", ".jsonl", ".ndjson", ".html", ".htm", ".gz"}


def is_gzip(head: bytes) -> bool:
    return head[:2] == GZIP_MAGIC


def is_jsonl_name(path: str) -> bool:
    name = path.lower().removesuffix(".gz")
    return name.endswith((".jsonl", ".ndjson"))


def open_binary(path: str) -> BinaryIO:
    """Open a file (or '-' for stdin) for reading, decompressing gzip transparently."""
    import sys

    raw: BinaryIO = sys.stdin.buffer if path == "-" else open(path, "rb")  # noqa: SIM115
    peek = raw.peek(2)[:2] if hasattr(raw, "peek") else b""
    if is_gzip(peek):
        return gzip.GzipFile(fileobj=raw, mode="rb")  # type: ignore[return-value]
    return raw


def read_bytes(path: str) -> tuple[bytes, bool]:
    """The whole content of a file or stdin, decompressed; and whether it was gzip."""
    with open_binary(path) as f:
        data = f.read()
        return data, isinstance(f, gzip.GzipFile)


def expand_paths(paths: list[str]) -> Iterator[str]:
    """Files as given; folders walked for text-like files, in sorted order for reproducible output."""
    for p in paths:
        if p != "-" and os.path.isdir(p):
            for child in sorted(Path(p).rglob("*")):
                if child.is_file() and child.suffix.lower() in TEXT_SUFFIXES:
                    yield str(child)
        else:
            yield p


def atomic_write(path: str, data: bytes, compress: bool = False) -> None:
    """Write next to the target and rename over it: a crash or Ctrl-C never leaves a truncated file."""
    target = Path(path)
    mode = target.stat().st_mode & 0o7777 if target.exists() else None
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    try:
        with os.fdopen(fd, "wb") as f:
            if compress:
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
