"""Choosing an input's reader (from --input-format, the map file or the extension) and reading its batches."""

from __future__ import annotations

from collections.abc import Iterator

from brandfit.inputs.opening import FORMATS, InputError, choose_format, reading
from brandfit.inputs.rejects import ReadBatch

__all__ = ["FORMATS", "InputError", "read_input"]


def read_input(path: str, fmt: str | None = None, map_path: str | None = None, read_ahead: int = 2) -> Iterator[ReadBatch]:
    """Every batch of an input, with its rejects.

    The format is ``fmt`` if given, else the map file's ``format``, else the file extension. With a
    map file (docs/map-files.md) the columns are read as it says, in either layout; without one they
    must be brandfit's own field names (docs/input-formats.md). JSONL blocks are parsed
    ``read_ahead`` ahead on a background thread (0: none; brandfit.run.plan decides).
    """
    mapfile = None
    if map_path is not None:
        from brandfit.inputs.map_files import load_map

        mapfile = load_map(map_path)
        fmt = fmt or mapfile.format
    fmt = choose_format(path, fmt)
    if fmt not in FORMATS:
        raise InputError(f"{path}: unknown input format {fmt!r}; expected one of {', '.join(FORMATS)}")
    source = "<stdin>" if path == "-" else path
    if mapfile is not None:
        from brandfit.inputs.mapped import read_mapped

        yield from read_mapped(path, fmt, mapfile)
        return
    if fmt == "parquet":
        from brandfit.inputs.parquet import read_parquet

        yield from read_parquet(path, source)
        return
    with reading(path, path) as stream:
        if fmt == "jsonl":
            from brandfit.inputs.jsonl import read_jsonl
            yield from read_jsonl(stream, source, read_ahead=read_ahead)
        elif fmt == "json":
            from brandfit.inputs.jsonl import read_json_array
            yield from read_json_array(stream, source)
        else:
            from brandfit.inputs.csv import read_csv
            yield from read_csv(stream, source, delimiter="\t" if fmt == "tsv" else ",")
