"""One list per creator, built from long-form values and Arrow offsets instead of polars list ops.

Flags, reasons and errors hold a handful of values per creator, mostly none. polars' per-row list
operations on them (``concat_list``, ``list.unique``, ``list.eval``) cost about a millisecond per
column per 5,000-creator batch; the same lists gathered in long form (row index, value), ordered by
row and cut with offsets cost a few hundredths of that, and come out element for element the same.

Numbers cross between numpy and Arrow through polars: ``pa.array(...)`` and ``Array.to_numpy()``
make pyarrow import pandas, which brandfit otherwise never loads.
"""

from __future__ import annotations

import numpy as np
import polars as pl
import pyarrow as pa
import pyarrow.compute as pc


def to_numpy(array: pa.Array) -> np.ndarray:
    return pl.Series(array).to_numpy()


def to_arrow(array: np.ndarray) -> pa.Array:
    return pl.Series(array).to_arrow()


def long_form(column: pa.Array) -> tuple[np.ndarray, pa.Array]:
    """(row index, value) of each element of a list column, or of each non-null value of a plain one.

    A null list contributes nothing (as ``fill_null([])`` would); null elements inside a list stay.
    """
    if isinstance(column.type, (pa.ListType, pa.LargeListType)):
        return to_numpy(pc.list_parent_indices(column)).astype(np.int64, copy=False), column.flatten()
    if column.null_count == 0:
        return np.arange(len(column), dtype=np.int64), column
    if column.null_count == len(column):  # common: a batch without scorer errors
        return np.zeros(0, dtype=np.int64), column.slice(0, 0)
    valid = pc.is_valid(column)
    return np.flatnonzero(to_numpy(valid)), column.filter(valid)


def concat_long(columns: list[pa.Array]) -> tuple[np.ndarray, pa.Array]:
    """The long forms of ``columns`` together, ordered by row; within a row, column by column."""
    if not columns:
        return np.zeros(0, np.int64), pa.nulls(0, pa.string())
    parts = [long_form(column) for column in columns]
    rows = np.concatenate([r for r, _ in parts])
    values = pa.concat_arrays([v for _, v in parts])
    order = np.argsort(rows, kind="stable")  # stable: columns keep their order within a row
    return rows[order], values.take(to_arrow(order))


def first_occurrences(rows: np.ndarray, values: pa.Array) -> np.ndarray:
    """Positions (ascending) of the first occurrence of each value in each row; nulls count as equal."""
    codes = to_numpy(pc.dictionary_encode(values, null_encoding="encode").indices).astype(np.int64)
    key = rows * (int(codes.max(initial=0)) + 1) + codes  # one number per (row, value)
    _, first = np.unique(key, return_index=True)  # return_index: the first of equal keys
    return np.sort(first)


def lists_by_row(rows: np.ndarray, values: pa.Array, n: int) -> pa.ListArray:
    """One list per row 0..n-1 holding ``values`` in order; ``rows`` (ascending) says whose each is."""
    offsets = np.zeros(n + 1, dtype=np.int32)
    np.cumsum(np.bincount(rows, minlength=n), out=offsets[1:])
    return pa.ListArray.from_arrays(to_arrow(offsets), values)


def concat_by_row(columns: list[pa.Array], n: int) -> pa.ListArray:
    """Per row, the values of each column in turn: ``pl.concat_list(columns).list.drop_nulls()`` for
    plain columns, ``pl.concat_list([c.fill_null([]) for c in columns])`` for list columns."""
    return lists_by_row(*concat_long(columns), n)


def spread(rows: np.ndarray, values: pa.Array, n: int) -> pa.Array:
    """``values`` placed at their ``rows`` (distinct) of ``n`` rows, null elsewhere."""
    index = np.full(n, len(values), dtype=np.int64)  # one past the values: the null appended below
    index[rows] = np.arange(len(values))
    return pa.concat_arrays([values, pa.nulls(1, values.type)]).take(to_arrow(index))


def concat_columns(columns: list[pl.Series], n: int) -> pl.Series:
    """Per row, the non-null values of plain ``columns`` in order (``pl.concat_list(columns).list.drop_nulls()``)."""
    return list_series(concat_by_row([column.to_arrow() for column in columns], n))


def concat_texts(frame: pl.DataFrame, texts: list[pl.Expr]) -> pl.Series:
    """``frame.select(pl.concat_list(texts).list.drop_nulls())``: per row, its non-null ``texts`` in order."""
    columns = frame.select(text.alias(str(i)) for i, text in enumerate(texts)).get_columns() if texts else []
    return concat_columns(columns, frame.height)


def list_series(lists: pa.ListArray) -> pl.Series:
    """A list column as polars sees it: a list of strings per row."""
    return pl.Series(lists, dtype=pl.List(pl.String))
