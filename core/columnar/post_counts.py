"""Per-post interaction counts of a batch's recent posts as numpy arrays, read once from Arrow:
what the engagement rate and the cost scorer's expected engagements are both computed from."""

from __future__ import annotations

from typing import NamedTuple

import numpy as np
import polars as pl
import pyarrow as pa
import pyarrow.compute as pc

from brandfit.columnar.lists import to_arrow, to_numpy
from brandfit.columnar.posts import recency_order

COMPONENTS = ("likes", "comments", "shares", "saves")


class Counts(NamedTuple):
    """One count column as numpy: ``values`` (anything where not ``present``) and ``present``:
    not null, finite and not negative (a negative or non-finite count is missing, not a number)."""

    values: np.ndarray
    present: np.ndarray


def counts_of(column: pa.Array | pa.ChunkedArray) -> Counts:
    if isinstance(column, pa.ChunkedArray):
        column = column.combine_chunks()
    try:
        as_float = column.cast(pa.float64()) if column.type != pa.float64() else column
    except (pa.ArrowInvalid, pa.ArrowNotImplementedError, pa.ArrowTypeError):
        return Counts(np.full(len(column), np.nan), np.zeros(len(column), dtype=bool))
    values = pl.Series(as_float).to_numpy()  # null -> NaN
    with np.errstate(invalid="ignore"):
        present = np.isfinite(values) & (values >= 0)
    return Counts(values, present)


#: what :func:`recent_post_counts` returns: each kept post's creator (``cid``), its place in its
#: creator's list in file order (``ordinal``) and its counts by name
PostCounts = tuple[np.ndarray, np.ndarray, dict[str, Counts]]


def recent_post_counts(batch: pa.RecordBatch, limit: int) -> PostCounts:
    """The posts ``recent_posts`` keeps (at most ``limit`` per creator: newest ``posted_at`` first,
    undated after dated, then file order; all in file order when every list fits), by creator:
    each post's ``cid``, ``ordinal`` and counts."""
    empty = np.zeros(0, dtype=np.int64)
    no_counts = {name: Counts(np.zeros(0), np.zeros(0, dtype=bool)) for name in (*COMPONENTS, "views")}
    if "posts" not in batch.schema.names:
        return empty, empty, no_counts
    column = batch.column("posts")
    if isinstance(column, pa.ChunkedArray):
        column = column.combine_chunks()
    kind = column.type
    if not (pa.types.is_list(kind) or pa.types.is_large_list(kind)) or not pa.types.is_struct(kind.value_type):
        return empty, empty, no_counts
    rows = np.arange(len(column))
    if column.null_count:  # a null list has no posts (whatever range of children it spans)
        valid = column.is_valid()
        rows, column = rows[to_numpy(valid)], column.filter(valid)
    flat = pc.list_flatten(column)
    cid = rows[to_numpy(pc.list_parent_indices(column)).astype(np.int64)] if len(flat) else empty
    keep = to_numpy(flat.is_valid()) if flat.null_count else None  # a null post is no post

    def field(name: str) -> pa.Array | None:
        if kind.value_type.get_field_index(name) < 0:
            return None
        values = flat.field(name)
        return values if keep is None else values.filter(to_arrow(keep))

    if keep is not None:
        cid = cid[keep]
    per_creator = np.bincount(cid) if len(cid) else np.zeros(0, dtype=np.int64)
    ordinal = np.arange(len(cid)) - (np.cumsum(per_creator) - per_creator)[cid] if len(cid) else empty  # file order, posts only
    counts = {}
    for name in (*COMPONENTS, "views"):
        values = field(name)
        counts[name] = counts_of(values) if values is not None else Counts(np.full(len(cid), np.nan), np.zeros(len(cid), dtype=bool))
    longest = int(per_creator.max()) if len(cid) else 0
    if limit and longest > limit:
        order = newest_first(cid, field("posted_at"), limit)
        cid, ordinal = cid[order], ordinal[order]
        counts = {name: Counts(c.values[order], c.present[order]) for name, c in counts.items()}
    # scorers share these arrays through BatchContext.shared: none may change another's input
    for array in (cid, ordinal, *(a for c in counts.values() for a in c)):
        array.flags.writeable = False
    return cid, ordinal, counts


def newest_first(cid: np.ndarray, posted_at: pa.Array | None, limit: int) -> np.ndarray:
    """Indices of each creator's ``limit`` newest posts, by creator, newest ``posted_at`` first,
    undated posts (and all, without a timestamp column) after dated ones, then in file order."""
    if posted_at is None or not pa.types.is_timestamp(posted_at.type):
        posted_at = pa.nulls(len(cid), pa.timestamp("us"))
    order, rank = recency_order(cid, posted_at)
    return order[rank[order] < limit]


def median_by_creator(cid: np.ndarray, rates: np.ndarray, n: int) -> np.ndarray:
    """Per creator (``cid`` ascending), the median of its ``rates``; NaN without any."""
    out = np.full(n, np.nan)
    if not len(rates):
        return out
    counts = np.bincount(cid, minlength=n)
    start = np.cumsum(counts) - counts
    has = counts > 0
    widest = int(counts.max())
    if n * widest <= 4 * len(rates) and bool(np.all(cid[1:] >= cid[:-1])):
        # a few posts per creator (recent_posts), grouped: sorting short rows of a padded matrix
        # is several times faster than one lexsort over every post
        grid = np.full((n, widest), np.nan)  # NaN sorts last, as lexsort puts it
        grid[cid, np.arange(len(cid)) - start[cid]] = rates
        grid.sort(axis=1)
        rows = np.flatnonzero(has)
        out[has] = (grid[rows, (counts[has] - 1) // 2] + grid[rows, counts[has] // 2]) / 2.0
        return out
    order = np.lexsort((rates, cid))
    ordered = rates[order]
    lower = ordered[(start + (counts - 1) // 2)[has]]
    upper = ordered[(start + counts // 2)[has]]
    out[has] = (lower + upper) / 2.0
    return out


def interactions(counts: dict[str, Counts], components: tuple[str, ...], required: tuple[str, ...]) -> tuple[np.ndarray, np.ndarray]:
    """Per post: the sum of the ``components`` present, and whether every ``required`` count is
    present (a post lacking one is left out, never counted as zero)."""
    n = len(next(iter(counts.values())).values)
    complete = np.ones(n, dtype=bool)
    for c in required:
        complete &= counts[c].present
    total = np.zeros(n)
    for c in components:
        total += np.where(counts[c].present, counts[c].values, 0.0)
    return total, complete
