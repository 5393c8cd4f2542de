"""Building creator batches from coerced rows, and the clean-up every batch gets."""

from __future__ import annotations

import functools
from typing import TYPE_CHECKING, Any

import pyarrow as pa
import pyarrow.compute as pc

from brandfit.inputs.creator import CREATOR_SCHEMA, PLATFORM_ALIASES
from brandfit.inputs.values import MISSING_CELLS

if TYPE_CHECKING:
    import polars as pl


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


POST_COUNTS = ("likes", "comments", "shares", "saves", "views")


def finish_table(table: pa.Table) -> pa.RecordBatch:
    """What the row-by-row path does to each value, for a whole batch: lower-case platforms (with
    aliases), strip "@" from handles, missing-value cells ("n/a", "#N/A"), negative and NaN counts
    (of creators and of their posts) -> missing. So no scorer needs to clean its input."""
    import polars as pl

    # polars rather than pyarrow.compute here: pyarrow converts Python scalars through pandas,
    # whose import alone costs a small job 0.2 s
    missing = sorted(MISSING_CELLS)

    def text(name: str) -> pl.Expr:
        return pl.when(pl.col(name).str.strip_chars().str.to_lowercase().is_in(missing)).then(None).otherwise(pl.col(name))

    small = pl.from_arrow(table.select(["handle", "platform", "bio", "country", "followers", "following", "post_count",
                                    "authentic_engagement"]))
    assert isinstance(small, pl.DataFrame)
    platform = pl.col("platform").str.strip_chars().str.to_lowercase()
    cleaned = small.select(
        handle=pl.col("handle").str.strip_chars().str.strip_chars_start("@"),
        platform=pl.when(platform.is_in(missing)).then(None).otherwise(platform.replace(PLATFORM_ALIASES)),
        bio=text("bio"),
        country=text("country"),
        followers=_count(pl.col("followers")),
        following=_count(pl.col("following")),
        post_count=_count(pl.col("post_count")),
        authentic_engagement=_count(pl.col("authentic_engagement")),
    ).to_arrow()
    for name in cleaned.column_names:
        index = table.schema.get_field_index(name)
        table = table.set_column(index, name, cleaned.column(name).cast(table.schema.field(index).type))
    table = table.combine_chunks()
    if table.num_rows:
        index = table.schema.get_field_index("posts")
        table = table.set_column(index, "posts", _clean_post_counts(table.column("posts").chunk(0)))
    return table.to_batches()[0] if table.num_rows else rows_to_table([])


def _count(column: pl.Expr) -> pl.Expr:
    """A count as the row path reads it: below zero, NaN, infinite or above MAX_COUNT is missing
    (polars orders NaN above all, so the upper bound takes NaN and infinity out too); whole numbers."""
    import polars as pl

    from brandfit.inputs.values import MAX_COUNT

    return pl.when(column.ge(0) & column.le(MAX_COUNT)).then(column.round(0))


def _clean_post_counts(posts: pa.ListArray) -> pa.ListArray:
    """The posts with their negative and NaN counts missing; the same array when there are none."""
    import polars as pl

    items = posts.values
    counts = pl.from_arrow(pa.Table.from_arrays([items.field(n) for n in POST_COUNTS], names=list(POST_COUNTS)))
    assert isinstance(counts, pl.DataFrame)
    bad = counts.select(pl.any_horizontal((pl.col(n).lt(0) | pl.col(n).is_nan()).any() for n in POST_COUNTS)).item()
    if not bad:
        return posts
    cleaned = counts.select(_count(pl.col(n)).alias(n) for n in POST_COUNTS).to_arrow()
    kind = items.type
    children = [cleaned.column(f.name).combine_chunks() if f.name in POST_COUNTS else items.field(f.name) for f in kind]
    rebuilt = pa.StructArray.from_arrays(children, fields=list(kind), mask=items.is_null())
    return pa.ListArray.from_arrays(posts.offsets, rebuilt, mask=posts.is_null())
