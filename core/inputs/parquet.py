"""Reading Parquet a record batch at a time (pyarrow.parquet ``iter_batches``): memory stays flat.

Without a map file the columns are brandfit's creator fields (docs/input-formats.md): each batch is
cast to the creator schema at once when its types allow it, else read row by row with the same
lenient coercion as JSON, so one odd value costs that value, not the batch. Parquet needs a seekable
file: standard input and ``.parquet.gz`` are first copied to a temporary file (on disk, not in memory).
"""

from __future__ import annotations

import contextlib
import json
import shutil
import tempfile
from typing import Any
from collections.abc import Iterator

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from brandfit.inputs.creator import CREATOR_SCHEMA
from brandfit.inputs.batches import finish_table, rows_to_table, usable_handles
from brandfit.inputs.opening import InputError, open_binary, open_file
from brandfit.inputs.coercion import RecordProblem, coerce_creator
from brandfit.inputs.rejects import ReadBatch, Reject

BATCH_ROWS = 20_000


@contextlib.contextmanager
def open_parquet(path: str) -> Iterator[pq.ParquetFile]:
    """A ParquetFile for a path, standard input ("-") or a gzip-compressed file."""
    with contextlib.ExitStack() as stack:
        if path != "-" and not path.endswith(".gz"):
            handle = stack.enter_context(open_file(path))
            if handle.peek(2)[:2] == b"\x1f\x8b":
                handle.close()
                handle = stack.enter_context(_spooled(open_binary(path)))
        else:
            handle = stack.enter_context(_spooled(open_binary(path)))
        try:
            # pages written with CRCs are checked: a flipped byte is an error, not altered numbers
            pf = pq.ParquetFile(handle, page_checksum_verification=True)
        except (pa.ArrowException, OSError) as exc:
            raise InputError(f"{path}: not a readable Parquet file: {exc}") from None
        yield pf


@contextlib.contextmanager
def _spooled(stream: Any) -> Iterator[Any]:
    with tempfile.TemporaryFile(prefix="brandfit-parquet-") as tmp:
        try:
            shutil.copyfileobj(stream, tmp, 1 << 20)
        except (OSError, EOFError) as exc:
            raise InputError(f"cannot read input: {exc}") from None
        tmp.seek(0)
        yield tmp


def parquet_header(pf: pq.ParquetFile) -> list[str]:
    return list(pf.schema_arrow.names)


def parquet_batches(pf: pq.ParquetFile, source: str, batch_rows: int = BATCH_ROWS) -> Iterator[pa.RecordBatch]:
    try:
        yield from pf.iter_batches(batch_size=batch_rows)
    except (pa.ArrowInvalid, pa.ArrowNotImplementedError, OSError) as exc:
        # a corrupt page (failed CRC, truncated stream) fails the whole input: rows read from it
        # could hold altered numbers, and a partial ranking would look complete
        raise InputError(f"{source}: cannot read Parquet data, the file is damaged: {exc}") from None


def render_record(record: dict[str, Any]) -> str:
    return json.dumps(record, ensure_ascii=False, default=str)[:2000]


def read_parquet(path: str, source: str, batch_rows: int = BATCH_ROWS) -> Iterator[ReadBatch]:
    """A Parquet file whose columns are brandfit's creator fields (no map file)."""
    with open_parquet(path) as pf:
        names = parquet_header(pf)
        if "handle" not in names:
            raise InputError(f"{source}: no 'handle' column; the Parquet columns are {', '.join(names[:30])} "
                             "(use --map for other exports, docs/map-files.md)")
        first_row = 1
        for batch in parquet_batches(pf, source, batch_rows):
            yield read_parquet_batch(batch, source, first_row)
            first_row += batch.num_rows


def read_parquet_batch(batch: pa.RecordBatch, source: str, first_row: int) -> ReadBatch:
    """One record batch in the creator fields, cleaned and with its rows without a handle rejected;
    the Dask and Spark engines read each batch with this too, so every engine scores the same rows."""
    table = pa.Table.from_batches([batch])
    try:
        columns = [table.column(f.name).cast(f.type) if f.name in table.column_names
                   else pa.nulls(table.num_rows, f.type) for f in CREATOR_SCHEMA]
        cast = pa.Table.from_arrays(columns, schema=CREATOR_SCHEMA)
    except (pa.ArrowInvalid, pa.ArrowNotImplementedError, pa.ArrowTypeError):
        return _read_rows(batch, source, first_row)
    ok = usable_handles(cast)
    rejects: tuple[Reject, ...] = ()
    if not pc.all(ok).as_py():
        records = batch.to_pylist()
        rejects = tuple(Reject(source, None, render_record(records[i]), f"row {first_row + i}: missing handle")
                        for i, good in enumerate(ok.to_pylist()) if not good)
        cast = cast.filter(ok)
    # counts below zero are missing, as in every other reader (finish_table)
    return ReadBatch(batch=finish_table(cast), rejects=rejects, rows_used=cast.num_rows)


def _read_rows(batch: pa.RecordBatch, source: str, first_row: int) -> ReadBatch:
    rows, rejects = [], []
    for offset, record in enumerate(batch.to_pylist()):
        try:
            rows.append(coerce_creator(record))
        except RecordProblem as exc:
            rejects.append(Reject(source, None, render_record(record), f"row {first_row + offset}: {exc}"))
    return ReadBatch(batch=rows_to_table(rows), rejects=tuple(rejects), rows_used=len(rows))
