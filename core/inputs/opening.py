"""Opening an input (file, gzip, standard input), telling its format, and the error for an unreadable input."""

from __future__ import annotations

import contextlib
import gzip
import sys
from collections.abc import Iterator
from pathlib import Path
from io import BufferedReader
from typing import TypeAlias, cast

#: an open input: a file, standard input, or gzip over either
InputStream: TypeAlias = "BufferedReader | gzip.GzipFile"

FORMATS = ("jsonl", "json", "csv", "tsv", "parquet")
_EXTENSIONS = {".jsonl": "jsonl", ".ndjson": "jsonl", ".json": "json", ".csv": "csv", ".tsv": "tsv", ".tab": "tsv",
               ".parquet": "parquet", ".pq": "parquet"}


class InputError(Exception):
    """The input as a whole cannot be read (missing file, unknown format): one line, no traceback."""


def choose_format(path: str, fmt: str | None) -> str:
    """``fmt`` if given (--input-format or the map file's), else the one the file extension says."""
    if fmt is not None:
        return fmt
    if path == "-":
        raise InputError("-: reading standard input needs --input-format (or `format` in the map file)")
    return detect_format(path)


def detect_format(path: str) -> str:
    name = path.lower()
    if name.endswith(".gz"):
        name = name[:-3]
    fmt = _EXTENSIONS.get(Path(name).suffix)
    if fmt is None:
        raise InputError(f"{path}: cannot tell the format from the extension; use --input-format {'|'.join(FORMATS)}")
    return fmt


def open_file(path: str) -> BufferedReader:
    """A local input file opened for reading, or the one-line error of one that cannot be."""
    try:
        return open(path, "rb")
    except FileNotFoundError:
        raise InputError(f"{path}: input file not found") from None
    except OSError as exc:
        raise InputError(f"{path}: cannot read input: {exc.strerror}") from None


def open_binary(path: str) -> InputStream:
    stream = cast(BufferedReader, sys.stdin.buffer) if path == "-" else open_file(path)
    head = stream.peek(2)[:2] if hasattr(stream, "peek") else b""
    if head == b"\x1f\x8b" or path.endswith(".gz"):
        return gzip.GzipFile(fileobj=stream, mode="rb")
    return stream


@contextlib.contextmanager
def reading(path: str, shown: str) -> Iterator[InputStream]:
    """``open_binary(path)`` for the block, closed after it (standard input stays open); a read that
    fails midway (a truncated gzip stream, a disk error) becomes the one-line error ``shown: why``."""
    stream = open_binary(path)
    try:
        yield stream
    except (OSError, EOFError) as exc:
        raise InputError(f"{shown}: {exc}") from None
    finally:
        if stream is not sys.stdin.buffer:
            stream.close()
