"""Per-creator roll-ups of a scorer's intermediate rows (one per creator and value, category...).

Once the rows are sorted by creator, a roll-up is a bincount or a list built over offsets: far
cheaper than a polars group-by with string aggregations, which had become most of the built-in
text scorers' own time. Rows carry ``cid``, the creator's row in the batch.
"""

from __future__ import annotations

import numpy as np
import polars as pl

from brandfit.columnar.lists import lists_by_row


def sorted_rows(rows: pl.DataFrame, *by: str) -> tuple[pl.DataFrame, np.ndarray]:
    """``rows`` sorted by creator (then ``by``), and their ``cid`` as numpy."""
    rows = rows.sort("cid", *by)
    return rows, rows["cid"].cast(pl.Int64).to_numpy()


def sum_per_creator(cid: np.ndarray, values: pl.Series, n: int) -> np.ndarray:
    """Per creator, the sum of ``values`` over its rows in row order (0.0 without rows)."""
    return np.bincount(cid, weights=values.cast(pl.Float64).to_numpy(), minlength=n)


def rows_per_creator(cid: np.ndarray, n: int) -> np.ndarray:
    return np.bincount(cid, minlength=n)


def list_per_creator(cid: np.ndarray, values: pl.Series, n: int) -> pl.Series:
    """Per creator, its rows' ``values`` as a list in row order (``cid`` sorted; [] without rows)."""
    return pl.Series(values.name, lists_by_row(cid, values.to_arrow(), n))


def items_per_creator(n: int, *rows: pl.DataFrame) -> pl.Series:
    """Per creator, the ``item`` column of ``rows`` (frames with ``cid`` and ``item``) as a list, in
    the order given ([] without rows): a scorer's evidence column."""
    items = pl.concat(rows).group_by("cid", maintain_order=True).agg("item")
    base = pl.DataFrame({"cid": pl.int_range(n, dtype=pl.UInt32, eager=True)})
    return base.join(items, on="cid", how="left").sort("cid")["item"].fill_null([])


def join_per_creator(cid: np.ndarray, values: pl.Series, n: int, separator: str) -> pl.Series:
    """Per creator, its rows' strings joined in row order (``cid`` sorted); null without rows."""
    joined = list_per_creator(cid, values, n).list.join(separator)
    return pl.select(pl.when(pl.lit(rows_per_creator(cid, n) > 0)).then(pl.lit(joined))).to_series().alias(values.name)
