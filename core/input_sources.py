"""Opening an input (file, gzip, standard input) and choosing its reader from the extension."""

from __future__ import annotations

import gzip
import sys
from pathlib import Path
from typing import BinaryIO, Iterator

from brandfit.rejects import ReadBatch

FORMATS = ("jsonl", "json", "csv", "tsv")
_EXTENSIONS = {".jsonl": "jsonl", ".ndjson": "jsonl", ".json": "json", ".csv": "csv", ".tsv": "tsv", ".tab": "tsv"}


class InputError(Exception):
    """The input as a whole cannot be read (missing file, unknown format): one line, no traceback."""


def detect_format(path: str) -> str:
    name = path.lower()
    if name.endswith(".gz"):
        name = name[:-3]
    fmt = _EXTENSIONS.get(Path(name).suffix)
    if fmt is None:
        raise InputError(f"{path}: cannot tell the format from the extension; use --input-format {'|'.join(FORMATS)}")
    return fmt


def open_binary(path: str) -> BinaryIO:
    if path == "-":
        stream: BinaryIO = sys.stdin.buffer
    else:
        try:
            stream = open(path, "rb")
        except FileNotFoundError:
            raise InputError(f"{path}: input file not found") from None
        except OSError as exc:
            raise InputError(f"{path}: cannot read input: {exc.strerror}") from None
    head = stream.peek(2)[:2] if hasattr(stream, "peek") else b""
    if head == b"\x1f\x8b" or path.endswith(".gz"):
        return gzip.open(stream, "rb")  # type: ignore[return-value]
    return stream


def read_input(path: str, fmt: str | None = None) -> Iterator[ReadBatch]:
    """Every batch of an input, with its rejects; the format comes from the extension unless given."""
    if fmt is None:
        if path == "-":
            raise InputError("-: reading standard input needs --input-format")
        fmt = detect_format(path)
    if fmt not in FORMATS:
        raise InputError(f"{path}: unknown input format {fmt!r}; expected one of {', '.join(FORMATS)}")
    source = "<stdin>" if path == "-" else path
    stream = open_binary(path)
    try:
        if fmt == "jsonl":
            from brandfit.input_jsonl import read_jsonl
            yield from read_jsonl(stream, source)
        elif fmt == "json":
            from brandfit.input_jsonl import read_json_array
            yield from read_json_array(stream, source)
        else:
            from brandfit.input_csv import read_csv
            yield from read_csv(stream, source, delimiter="\t" if fmt == "tsv" else ",")
    except (OSError, EOFError, gzip.BadGzipFile) as exc:
        raise InputError(f"{path}: {exc}") from None
    finally:
        if stream is not sys.stdin.buffer:
            stream.close()
