"""Building creator batches from coerced rows, and the clean-up every batch gets."""

from __future__ import annotations

import functools
from typing import Any

import pyarrow as pa
import pyarrow.compute as pc

from brandfit.inputs.creator import CREATOR_SCHEMA, PLATFORM_ALIASES
from brandfit.inputs.values import MISSING_CELLS


def rows_to_table(rows: list[dict[str, Any]]) -> pa.RecordBatch:
    return pa.RecordBatch.from_pylist(rows, schema=CREATOR_SCHEMA)



@functools.cache
def _missing_cells() -> pa.Array:
    # built through polars: pa.array() on a Python list (like pa.scalar) imports pandas, 0.2 s,
    # wherever pandas is installed; a 50-creator job should not pay that
    import polars as pl

    return pl.Series(sorted(MISSING_CELLS), dtype=pl.String).to_arrow().cast(pa.string())


def clean_handles(column: pa.ChunkedArray | pa.Array) -> pa.ChunkedArray | pa.Array:
    return pc.utf8_ltrim(pc.utf8_trim_whitespace(column), characters="@")


def usable_handles(table: pa.Table) -> pa.BooleanArray:
    """Rows whose handle is present: not blank, not just "@", not a missing-value cell like "#N/A".

    The columnar readers use this so that they reject exactly what the row-by-row path rejects.
    """
    handles = clean_handles(table.column("handle"))
    blank = pc.is_in(pc.utf8_lower(handles), value_set=_missing_cells())
    return pc.and_(pc.is_valid(handles), pc.invert(blank))


def _missing_to_null(column: pa.ChunkedArray | pa.Array) -> pa.ChunkedArray | pa.Array:
    blank = pc.is_in(pc.utf8_lower(pc.utf8_trim_whitespace(column)), value_set=_missing_cells())
    return pc.if_else(blank, pa.nulls(len(column), pa.string()), column)


def finish_table(table: pa.Table) -> pa.RecordBatch:
    """What the row-by-row path does to each value, for a whole batch: lower-case platforms (with
    aliases), strip "@" from handles, missing-value cells ("n/a", "#N/A") and negative counts -> missing."""
    import polars as pl

    # polars rather than pyarrow.compute here: pyarrow converts Python scalars through pandas,
    # whose import alone costs a small job 0.2 s
    missing = sorted(MISSING_CELLS)

    def text(name: str) -> pl.Expr:
        return pl.when(pl.col(name).str.strip_chars().str.to_lowercase().is_in(missing)).then(None).otherwise(pl.col(name))

    small = pl.from_arrow(table.select(["handle", "platform", "bio", "country", "followers", "following", "post_count"]))
    assert isinstance(small, pl.DataFrame)
    platform = pl.col("platform").str.strip_chars().str.to_lowercase()
    cleaned = small.select(
        handle=pl.col("handle").str.strip_chars().str.strip_chars_start("@"),
        platform=pl.when(platform.is_in(missing)).then(None).otherwise(platform.replace(PLATFORM_ALIASES)),
        bio=text("bio"),
        country=text("country"),
        followers=pl.when(pl.col("followers") >= 0).then(pl.col("followers")),
        following=pl.when(pl.col("following") >= 0).then(pl.col("following")),
        post_count=pl.when(pl.col("post_count") >= 0).then(pl.col("post_count")),
    ).to_arrow()
    for name in cleaned.column_names:
        index = table.schema.get_field_index(name)
        table = table.set_column(index, name, cleaned.column(name).cast(table.schema.field(index).type))
    return table.combine_chunks().to_batches()[0] if table.num_rows else rows_to_table([])
