"""Ranking every creator's result without holding them all: sorted runs spilled to disk, merged.

Results are kept in memory up to ``spill_bytes`` (or ``spill_rows``, when set); past that, each stretch is sorted by the ranking
key and written to a temporary Arrow IPC file (a "run"). The ranked output is then a k-way merge
of the runs, read a slice at a time, so memory stays flat however many creators are scored.
The ranking is defined once, by :func:`rank_key`, for both :func:`rank` in memory and the merge
of spilled runs: :data:`RANKING` says it in words, for every output to show.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator, Sequence

import polars as pl
import pyarrow as pa
import pyarrow.ipc as ipc

from brandfit.engine.verdicts import FINAL_SCORE_DIGITS, VERDICT_ORDER

#: the ranking in words: what the table prints under itself and Parquet files carry as metadata
RANKING = ("verdict (shortlist, review, reject), then creators with data from every required scorer "
           "before those without, then final score, coverage and engagement score, highest first, "
           "then handle and platform")

#: results held in memory before a sorted run goes to disk, by polars' estimate of their size: a
#: bound in bytes, not rows, because a row's size varies with its reasons and evidence (~1 KB for
#: the default rules). 100k creators stay in memory; spilling them cost ~0.2 s of a ~4 s run.
SPILL_BYTES = 128 << 20
SLICE_ROWS = 4_096
KEY = "_rank_key"


def rank_key(columns: Sequence[str] = ("score_engagement",), required: Sequence[str] = ()) -> pl.Expr:
    """One string per row that sorts (bytewise) exactly as the ranking (:data:`RANKING`) does.

    verdict order digit; 1 where a ``required`` scorer ([decision] require) among ``columns`` has
    no score, else 0 (within a verdict, a creator the rules cannot fully judge never ranks above
    one they can: a prior standing in must not lift it to the top of the table);
    99999 - final score x 100 (high scores first; no score sorts last);
    1000 - coverage x 1000; 9999 - engagement score x 10 (no engagement score, or no engagement
    scorer among ``columns``, sorts last); then handle, a NUL separator, and platform (no platform
    sorts last, as U+10FFFF). The final score carries two decimals (FINAL_SCORE_DIGITS), scorer
    scores one and coverage three, as the outputs show them.
    """
    order = pl.col("verdict").replace_strict(VERDICT_ORDER, return_dtype=pl.Int8).cast(pl.String)

    def descending(column: pl.Expr, scale: int, width: int) -> pl.Expr:
        top = 10 ** (width - 1) - 1
        return (pl.lit(top) - (column * scale).round(0).cast(pl.Int64)).fill_null(10 ** width - 1) \
            .cast(pl.String).str.zfill(width)

    engagement = pl.col("score_engagement") if "score_engagement" in columns else pl.lit(None, dtype=pl.Float64)
    lacking = pl.any_horizontal([pl.col(f"score_{name}").is_null() for name in required if f"score_{name}" in columns]
                                or [pl.lit(False)])
    return pl.concat_str([
        order, pl.when(lacking).then(pl.lit("1")).otherwise(pl.lit("0")),
        descending(pl.col("final_score"), 10 ** FINAL_SCORE_DIGITS, 4 + FINAL_SCORE_DIGITS), descending(pl.col("coverage"), 1000, 5),
        descending(engagement, 10, 5), pl.col("handle").fill_null(""), pl.lit("\x00"),
        pl.col("platform").fill_null("\U0010ffff"),
    ])


def rank(results: pl.DataFrame, required: Sequence[str] = ()) -> pl.DataFrame:
    """Stable, deterministic ranking of results held in memory, with a ``rank`` column first;
    ``required``: the rules' ``[decision] require``."""
    return _sorted_by_key(results, required).drop(KEY).with_row_index("rank", offset=1)


def _sorted_by_key(frame: pl.DataFrame, required: Sequence[str]) -> pl.DataFrame:
    """``frame`` in rank order, with its sort key (``KEY``): what a spilled run keeps to be merged."""
    return frame.with_columns(rank_key(frame.columns, required).alias(KEY)).sort(KEY, maintain_order=True)


def held_in_memory(results: object) -> bool:
    """Whether ranked ``results`` (a DataFrame, or anything with ``chunks()``) are all in memory,
    so that collecting them costs nothing more: a DataFrame, or what says so with ``in_memory()``."""
    return isinstance(results, pl.DataFrame) or bool(getattr(results, "in_memory", lambda: False)())


class RankedResults:
    """Collects result frames; hands them back ranked, in chunks, from memory or merged from disk."""

    def __init__(self, spill_rows: int | None = None, slice_rows: int = SLICE_ROWS, required: Sequence[str] = (),
                 spill_bytes: int = SPILL_BYTES) -> None:
        self.spill_rows = spill_rows
        self.spill_bytes = spill_bytes
        self.required = tuple(required)  # the rules' [decision] require, for rank_key
        self.slice_rows = slice_rows
        self._parts: list[pl.DataFrame] = []
        self._rows_in_memory = 0
        self._bytes_in_memory = 0
        self._runs: list[str] = []
        self._dir: tempfile.TemporaryDirectory | None = None
        self.height = 0

    def add(self, frame: pl.DataFrame) -> None:
        self._parts.append(frame)
        self._rows_in_memory += frame.height
        self._bytes_in_memory += int(frame.estimated_size())
        self.height += frame.height
        if self._bytes_in_memory >= self.spill_bytes or (self.spill_rows is not None and self._rows_in_memory >= self.spill_rows):
            self._spill()

    def _sorted_parts(self) -> pl.DataFrame:
        frame = pl.concat(self._parts, how="diagonal_relaxed") if len(self._parts) > 1 else self._parts[0]
        self._parts, self._rows_in_memory, self._bytes_in_memory = [], 0, 0
        return _sorted_by_key(frame, self.required)

    def _spill(self) -> None:
        if self._dir is None:
            self._dir = tempfile.TemporaryDirectory(prefix="brandfit-rank-")
        frame = self._sorted_parts()
        path = os.path.join(self._dir.name, f"run{len(self._runs):05d}.arrow")
        table = frame.to_arrow()
        # lz4: text-heavy runs shrink several times; a run spilled to a slow disk cost more in
        # writing than the compression costs in CPU (docs/performance.md, 1M creators)
        with ipc.new_file(path, table.schema, options=ipc.IpcWriteOptions(compression="lz4")) as writer:
            for batch in table.to_batches(max_chunksize=self.slice_rows):
                writer.write_batch(batch)
        self._runs.append(path)

    def in_memory(self) -> bool:
        """Whether every result is held in memory (nothing spilled): collecting them all costs nothing more."""
        return not self._runs

    def chunks(self) -> Iterator[pl.DataFrame]:
        """The ranked results, with a ``rank`` column first, a chunk at a time."""
        rank = 1
        for chunk in self._ranked():
            chunk = chunk.drop(KEY).with_row_index("rank", offset=rank)
            rank += chunk.height
            yield chunk

    def collect(self) -> pl.DataFrame:
        chunks = list(self.chunks())
        return pl.concat(chunks, how="diagonal_relaxed") if len(chunks) > 1 else chunks[0]

    def close(self) -> None:
        if self._dir is not None:
            self._dir.cleanup()
            self._dir = None

    def _ranked(self) -> Iterator[pl.DataFrame]:
        if not self._runs:
            if self._parts:
                frame = self._sorted_parts()
                for start in range(0, max(frame.height, 1), 65_536):
                    yield frame.slice(start, 65_536)
            return
        if self._parts:
            self._spill()
        yield from self._merge()

    def _merge(self) -> Iterator[pl.DataFrame]:
        # Rows whose key is below the smallest "last loaded key" of the runs still on disk can be
        # emitted: nothing left on disk sorts before them. Rows equal to it wait, so equal keys from
        # several runs come out together, in input order (the same ties as the in-memory sort).
        # Runs are read as plain files, not memory-mapped, so pages read are freed once merged.
        readers = [ipc.open_file(pa.OSFile(path)) for path in self._runs]
        next_slice = [0] * len(readers)
        buffers = [pl.DataFrame() for _ in readers]

        def on_disk(i: int) -> bool:
            return next_slice[i] < readers[i].num_record_batches

        def load(i: int) -> None:
            frame = pl.from_arrow(readers[i].get_batch(next_slice[i]))
            assert isinstance(frame, pl.DataFrame)
            next_slice[i] += 1
            buffers[i] = frame if buffers[i].height == 0 else pl.concat([buffers[i], frame])

        while True:
            for i in range(len(readers)):
                if buffers[i].height == 0 and on_disk(i):
                    load(i)
            pending = [i for i in range(len(readers)) if on_disk(i)]
            if not pending:
                rest = [b for b in buffers if b.height]
                if rest:
                    yield pl.concat(rest, how="diagonal_relaxed").sort(KEY, maintain_order=True)
                return
            lowest = min(pending, key=lambda i: buffers[i][KEY][-1])
            bound = buffers[lowest][KEY][-1]
            out = []
            for i, buffer in enumerate(buffers):
                below = int((buffer[KEY] < bound).sum()) if buffer.height else 0  # buffers are sorted
                if below:
                    out.append(buffer.head(below))
                    buffers[i] = buffer.slice(below)
            if out:
                yield pl.concat(out, how="diagonal_relaxed").sort(KEY, maintain_order=True)
            load(lowest)
