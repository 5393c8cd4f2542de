"""Scoring a large JSONL file in worker processes: each worker parses and scores whole blocks.

Scoring a batch runs on one core (polars and the term matcher release the GIL only in parts), so
one process leaves the second core mostly idle. Here the main process cuts the file into blocks of
whole lines and hands them to workers; each worker has its own engine, built from the same rule
file, and sends back the block's public results, rejects and counts. Results are added in file
order, so ranking and ties are exactly those of a single-process run. A few blocks are in flight
at a time, so memory stays flat (but each worker holds its own block: docs/performance.md).
It is opt-in (`brandfit score --workers N`): on 2 shared cores it measured 1.26x faster.
"""

from __future__ import annotations

from concurrent.futures import Future, ProcessPoolExecutor
from multiprocessing import get_context
from typing import IO, Any, Callable

import attrs
import polars as pl

from brandfit.outputs.ranking import RankedResults
from brandfit.run.pipeline import RunCounts

# Each worker process's own engine, built once by _start_worker (process-local, never shared).
_worker: dict[str, Any] = {}


@attrs.frozen
class WorkerSetup:
    rules_path: str
    disabled: tuple[str, ...]
    fatal_errors: bool


def worker_count(path: str, fmt: str | None, requested: int | None) -> int:
    """How many worker processes to use for ``path``: 0 (this process) unless asked for, and only
    for a JSONL file (blocks of whole lines are what workers can take independently)."""
    if not requested or requested < 2 or path == "-" or path.endswith(".gz"):
        return 0
    if (fmt or "jsonl").lower() != "jsonl" or (fmt is None and not path.lower().endswith((".jsonl", ".ndjson"))):
        return 0
    return requested


def _start_worker(setup: WorkerSetup) -> None:
    from brandfit.engine.batch_engine import Engine, EngineOptions
    from brandfit.plugin.host import load_registry
    from brandfit.rules.validation import load_rules

    registry = load_registry(setup.disabled)
    rules = load_rules(setup.rules_path, registry)
    _worker["engine"] = Engine(rules, registry, EngineOptions(want_evidence=False, fatal_errors=setup.fatal_errors))


def _score_block(block: bytes, source: str, first_line: int) -> tuple[Any, pl.DataFrame | None]:
    from brandfit.inputs.jsonl import read_block
    from brandfit.outputs.columns import public_results

    read = read_block(block, source, first_line)
    if not read.batch.num_rows:
        return read, None
    engine = _worker["engine"]
    results = public_results(engine.score_batch(read.batch), engine)
    # the batch itself stays here: only counts, rejects and the public results travel back
    empty = read.batch.schema.empty_table().to_batches() or [read.batch.slice(0, 0)]
    return attrs.evolve(read, batch=empty[0]), results


def stream_scoring_parallel(
    path: str,
    setup: WorkerSetup,
    workers: int,
    empty: Callable[[], pl.DataFrame],
    rejects_out: IO[str] | None = None,
    on_batch: Callable[[RunCounts], None] | None = None,
    in_flight: int | None = None,
) -> tuple[RankedResults, RunCounts]:
    """Like :func:`brandfit.run.pipeline.stream_scoring` for a JSONL file, in ``workers`` processes.

    ``empty`` makes the (public) result of no creators, for a file whose every row is rejected."""
    from brandfit.inputs.jsonl import BLOCK_BYTES, numbered_blocks
    from brandfit.inputs.opening import open_binary

    counts = RunCounts()
    results = RankedResults()
    pending: list[Future] = []
    limit = in_flight or workers + 1

    def collect(future: Future) -> None:
        read, frame = future.result()
        counts.add_read(read, rejects_out)
        if frame is not None:
            counts.add_scored(frame)  # the public columns keep `errors`
            results.add(frame)
        if on_batch is not None:
            on_batch(counts)

    # spawn, not fork: the parent already runs polars' and pyarrow's thread pools
    with ProcessPoolExecutor(max_workers=workers, mp_context=get_context("spawn"),
                             initializer=_start_worker, initargs=(setup,)) as pool, open_binary(path) as stream:
        for block, first_line in numbered_blocks(stream, BLOCK_BYTES):
            pending.append(pool.submit(_score_block, block, path, first_line))
            if len(pending) >= limit:
                collect(pending.pop(0))
        for future in pending:
            collect(future)
    if results.height == 0:
        results.add(empty())  # a well-formed empty result, as in a single-process run
    return results, counts
