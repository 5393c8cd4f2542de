"""Opening an input (file, gzip, standard input) and choosing its reader from the extension."""

from __future__ import annotations

import gzip
import sys
from pathlib import Path
from typing import BinaryIO, Iterator

from brandfit.rejects import ReadBatch

FORMATS = ("jsonl", "json", "csv", "tsv", "parquet")
_EXTENSIONS = {".jsonl": "jsonl", ".ndjson": "jsonl", ".json": "json", ".csv": "csv", ".tsv": "tsv", ".tab": "tsv",
               ".parquet": "parquet", ".pq": "parquet"}


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


def read_input(path: str, fmt: str | None = None, map_path: str | None = None) -> Iterator[ReadBatch]:
    """Every batch of an input, with its rejects.

    The format is ``fmt`` if given, else the map file's ``format``, else the file extension. With a
    map file (docs/map-files.md) the columns are read as it says, in either layout; without one they
    must be brandfit's own field names (docs/input-formats.md).
    """
    mapfile = None
    if map_path is not None:
        from brandfit.map_files import load_map

        mapfile = load_map(map_path)
        fmt = fmt or mapfile.format
    if fmt is None:
        if path == "-":
            raise InputError("-: reading standard input needs --input-format (or `format` in the map file)")
        fmt = detect_format(path)
    if fmt not in FORMATS:
        raise InputError(f"{path}: unknown input format {fmt!r}; expected one of {', '.join(FORMATS)}")
    source = "<stdin>" if path == "-" else path
    if mapfile is not None:
        from brandfit.input_mapped import read_mapped

        yield from read_mapped(path, fmt, mapfile)
        return
    if fmt == "parquet":
        from brandfit.input_parquet import read_parquet

        yield from read_parquet(path, source)
        return
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
