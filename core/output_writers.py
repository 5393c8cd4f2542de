"""Writing ranked results: table, CSV, JSONL, JSON or Parquet, always atomically.

Every file output is written to a temporary file beside the target and renamed into place, so an
interrupted run never leaves a truncated file that looks complete.
"""

from __future__ import annotations

import contextlib
import json
import os
import sys
import tempfile
from pathlib import Path
from typing import IO, Any, Iterator

import polars as pl

OUTPUT_FORMATS = ("table", "csv", "jsonl", "json", "parquet")
_EXTENSIONS = {".csv": "csv", ".jsonl": "jsonl", ".ndjson": "jsonl", ".json": "json", ".parquet": "parquet",
               ".txt": "table"}


def format_for(path: str | None, explicit: str | None) -> str:
    if explicit:
        return explicit
    if path and path != "-":
        return _EXTENSIONS.get(Path(path).suffix.lower(), "csv")
    return "table"


@contextlib.contextmanager
def atomic_output(path: str | None, binary: bool = False) -> Iterator[IO[Any]]:
    """Yield a stream for ``path`` (stdout for None or "-"); the file appears only when complete."""
    if path is None or path == "-":
        yield sys.stdout.buffer if binary else sys.stdout
        return
    target = Path(path)
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".part", dir=target.parent or ".")
    try:
        with os.fdopen(fd, "wb" if binary else "w", **({} if binary else {"encoding": "utf-8", "newline": ""})) as stream:
            yield stream
        os.replace(tmp, target)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        raise


def flat_for_csv(results: pl.DataFrame) -> pl.DataFrame:
    """List columns joined with " | " so each creator stays one CSV row."""
    return results.with_columns(
        [pl.col(c).list.join(" | ") for c, t in results.schema.items() if t == pl.List(pl.String)]
    ).select([c for c, t in results.schema.items() if not isinstance(t, (pl.List, pl.Struct)) or t == pl.List(pl.String)])


def write_results(results: pl.DataFrame, path: str | None, fmt: str, table_rows: int | None = None) -> None:
    if fmt == "table":
        from brandfit.table_view import render_table

        with atomic_output(path) as out:
            render_table(results, out, limit=table_rows)
    elif fmt == "csv":
        with atomic_output(path) as out:
            out.write(flat_for_csv(results).write_csv())
    elif fmt == "jsonl":
        with atomic_output(path) as out:
            for row in results.iter_rows(named=True):
                out.write(json.dumps(row, ensure_ascii=False, default=str) + "\n")
    elif fmt == "json":
        with atomic_output(path) as out:
            json.dump(results.to_dicts(), out, ensure_ascii=False, indent=1, default=str)
            out.write("\n")
    elif fmt == "parquet":
        with atomic_output(path, binary=True) as out:
            results.write_parquet(out)
    else:
        raise ValueError(f"unknown output format {fmt!r}")
