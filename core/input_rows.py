"""Building creator batches from coerced rows, and the clean-up every batch gets."""

from __future__ import annotations

from typing import Any

import pyarrow as pa
import pyarrow.compute as pc

from brandfit.creator_model import CREATOR_SCHEMA, PLATFORM_ALIASES
from brandfit.value_parsing import MISSING_CELLS


def rows_to_table(rows: list[dict[str, Any]]) -> pa.RecordBatch:
    return pa.RecordBatch.from_pylist(rows, schema=CREATOR_SCHEMA)


_MISSING = pa.array(sorted(MISSING_CELLS), pa.string())


def clean_handles(column: pa.ChunkedArray | pa.Array) -> pa.ChunkedArray | pa.Array:
    return pc.utf8_ltrim(pc.utf8_trim_whitespace(column), characters="@")


def usable_handles(table: pa.Table) -> pa.BooleanArray:
    """Rows whose handle is present: not blank, not just "@", not a missing-value cell like "#N/A".

    The columnar readers use this so that they reject exactly what the row-by-row path rejects.
    """
    handles = clean_handles(table.column("handle"))
    blank = pc.is_in(pc.utf8_lower(handles), value_set=_MISSING)
    return pc.and_(pc.is_valid(handles), pc.invert(blank))


def _missing_to_null(column: pa.ChunkedArray | pa.Array) -> pa.ChunkedArray | pa.Array:
    blank = pc.is_in(pc.utf8_lower(pc.utf8_trim_whitespace(column)), value_set=_MISSING)
    return pc.if_else(blank, pa.scalar(None, pa.string()), column)


def finish_table(table: pa.Table) -> pa.RecordBatch:
    """What the row-by-row path does to each value, for a whole batch: lower-case platforms (with
    aliases), strip "@" from handles, missing-value cells ("n/a", "#N/A") and negative counts -> missing."""
    handle = clean_handles(table.column("handle"))
    platform = _missing_to_null(pc.utf8_lower(pc.utf8_trim_whitespace(table.column("platform"))))
    for alias, name in PLATFORM_ALIASES.items():
        platform = pc.if_else(pc.equal(platform, alias), name, platform)
    columns = {"handle": handle, "platform": platform,
               "bio": _missing_to_null(table.column("bio")), "country": _missing_to_null(table.column("country"))}
    for name in ("followers", "following"):
        col = table.column(name)
        columns[name] = pc.if_else(pc.less(col, 0), pa.scalar(None, pa.float64()), col)
    for name, value in columns.items():
        table = table.set_column(table.schema.get_field_index(name), name, value)
    return table.combine_chunks().to_batches()[0] if table.num_rows else rows_to_table([])
