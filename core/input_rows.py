"""Building creator batches from coerced rows, and the clean-up every batch gets."""

from __future__ import annotations

from typing import Any

import pyarrow as pa
import pyarrow.compute as pc

from brandfit.creator_model import CREATOR_SCHEMA, PLATFORM_ALIASES


def rows_to_table(rows: list[dict[str, Any]]) -> pa.RecordBatch:
    return pa.RecordBatch.from_pylist(rows, schema=CREATOR_SCHEMA)


def finish_table(table: pa.Table) -> pa.RecordBatch:
    """Lower-case platforms (with aliases), strip "@" from handles, negative counts -> missing."""
    handle = pc.utf8_ltrim(pc.utf8_trim_whitespace(table.column("handle")), characters="@")
    platform = pc.utf8_lower(pc.utf8_trim_whitespace(table.column("platform")))
    for alias, name in PLATFORM_ALIASES.items():
        platform = pc.if_else(pc.equal(platform, alias), name, platform)
    columns = {"handle": handle, "platform": platform}
    for name in ("followers", "following"):
        col = table.column(name)
        columns[name] = pc.if_else(pc.less(col, 0), pa.scalar(None, pa.float64()), col)
    for name, value in columns.items():
        table = table.set_column(table.schema.get_field_index(name), name, value)
    return table.combine_chunks().to_batches()[0] if table.num_rows else rows_to_table([])
