"""One scoring run end to end: read batches, score them, collect results and rejects, count."""

from __future__ import annotations

from collections import deque
from concurrent.futures import Future, ThreadPoolExecutor
from typing import IO
from collections.abc import Callable, Iterable, Iterator

import attrs
import polars as pl

from brandfit.engine.batch_engine import Engine
from brandfit.inputs.rejects import ReadBatch
from brandfit.outputs.ranking import RankedResults


@attrs.define
class RunCounts:
    rows_read: int = 0
    rows_used: int = 0
    rows_rejected: int = 0
    rows_filtered: int = 0
    duplicates: int = 0
    creators_scored: int = 0
    scorer_errors: int = 0

    def add_read(self, read: ReadBatch, rejects_out: IO[str] | None) -> None:
        """Count one stretch of input, and write its rejects."""
        rejected = len(read.rejects) + read.rows_rejected_beyond
        self.rows_used += read.rows_used
        self.rows_rejected += rejected
        self.rows_filtered += read.rows_filtered
        self.duplicates += read.duplicates
        self.rows_read += read.rows_used + rejected + read.rows_filtered
        if rejects_out is not None:
            for reject in read.rejects:
                rejects_out.write(reject.to_json() + "\n")

    def add_scored(self, result: pl.DataFrame) -> None:
        self.creators_scored += result.height
        self.scorer_errors += int(result["errors"].list.len().sum() or 0)

    def merge(self, other: RunCounts) -> None:
        """Add another run's counts to these (one summary for several inputs)."""
        for field in attrs.fields(RunCounts):
            setattr(self, field.name, getattr(self, field.name) + getattr(other, field.name))

    def summary(self) -> str:
        line = f"read {self.rows_read} rows · used {self.rows_used} rows · rejected {self.rows_rejected} rows"
        if self.rows_filtered:
            line += f" · filtered {self.rows_filtered} rows"
        line += f" · scored {self.creators_scored} creators"
        if self.duplicates:
            line += f" · {self.duplicates} duplicate creators rejected"
        if self.scorer_errors:
            line += f" · {self.scorer_errors} scorer errors"
        return line


def _prepared_ahead(batches: Iterable[ReadBatch], engine: Engine, ahead: int) -> Iterator[tuple[ReadBatch, Future | None]]:
    """Each batch with its :meth:`Engine.prepare` under way on other threads, started while the
    batches before it are scored: the scorers' GIL-free preparation (texts, matching) then runs on
    the cores the scoring thread leaves idle. At most ``ahead`` batches ahead, so memory stays flat."""
    if ahead < 1:
        yield from ((read, None) for read in batches)
        return
    with ThreadPoolExecutor(max_workers=ahead, thread_name_prefix="brandfit-prepare") as pool:
        pending: deque[tuple[ReadBatch, Future | None]] = deque()
        for read in batches:
            pending.append((read, pool.submit(engine.prepare, read.batch) if read.batch.num_rows else None))
            if len(pending) > ahead:
                yield pending.popleft()
        while pending:
            yield pending.popleft()


def stream_scoring(
    batches: Iterable[ReadBatch],
    engine: Engine,
    rejects_out: IO[str] | None = None,
    on_batch: Callable[[RunCounts], None] | None = None,
    compact: Callable[[pl.DataFrame], pl.DataFrame] | None = None,
    spill_rows: int | None = None,
    prepare_ahead: int = 2,
) -> tuple[RankedResults, RunCounts]:
    """Score every batch; returns the results, to be read ranked, and the counts (rows read =
    used + rejected). Close the results when done (they may hold temporary files).

    The input is never held, and past ``SPILL_BYTES`` of results (or ``spill_rows`` rows) results
    go to sorted runs on disk, so memory stays flat in input size. ``compact`` narrows each batch's results as soon as they are made (to
    the public columns, for `score`), so internal per-scorer columns are never all held.
    """
    counts = RunCounts()
    results = RankedResults(spill_rows=spill_rows, required=engine.rules.decision.require)
    for read, prepared in _prepared_ahead(batches, engine, prepare_ahead):
        counts.add_read(read, rejects_out)
        if read.batch.num_rows:
            result = engine.score_batch(read.batch, prepared.result() if prepared else None)
            counts.add_scored(result)
            results.add(compact(result) if compact else result)
        if on_batch is not None:
            on_batch(counts)
    if results.height == 0:
        # still a well-formed (empty) result, so an output file is written and replaces any old one
        from brandfit.inputs.batches import rows_to_table

        empty = engine.score_batch(rows_to_table([]))
        results.add(compact(empty) if compact else empty)
    return results, counts


def run_scoring(
    batches: Iterable[ReadBatch],
    engine: Engine,
    rejects_out: IO[str] | None = None,
    on_batch: Callable[[RunCounts], None] | None = None,
    compact: Callable[[pl.DataFrame], pl.DataFrame] | None = None,
) -> tuple[pl.DataFrame, RunCounts]:
    """:func:`stream_scoring`, with the ranked results collected into one DataFrame."""
    results, counts = stream_scoring(batches, engine, rejects_out, on_batch, compact)
    try:
        return results.collect(), counts
    finally:
        results.close()
