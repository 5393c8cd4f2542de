"""One scoring run's plan: the engine, and every decision about threads, read-ahead, preparation
ahead, spilling and the allocator, made here for the CLI, brandfit.testing and the Dask/Spark runners.

The thread budget of a local run on the project's 2 cores (docs/performance.md): one reader
thread parses JSONL blocks with pyarrow (which parses sub-blocks on its own pool) ``read_ahead``
blocks ahead; ``prepare_ahead`` threads each build and match the texts of one coming batch, the
automaton matching halves of a big batch on ``match_threads`` threads (it releases the GIL); the
main thread scores the current batch (polars' pool for its vectorized parts). Past
``SPILL_BYTES`` of results (or ``spill_rows`` rows), results go to sorted runs on disk, so memory stays flat.
"""

from __future__ import annotations

import contextlib
from typing import IO, TYPE_CHECKING
from collections.abc import Callable

import attrs

from brandfit.containment.time_limit import DEFAULT_SCORER_SECONDS
from brandfit.engine.batch_engine import Engine, EngineOptions

if TYPE_CHECKING:
    import polars as pl
    import pyarrow as pa

    from brandfit.outputs.ranking import RankedResults
    from brandfit.plugin.host import Registry
    from brandfit.rules.model import Rules
    from brandfit.run.pipeline import RunCounts

#: JSONL blocks parsed ahead of the one being scored: one is waiting whenever the scorer asks
READ_AHEAD = 2
#: batches prepared ahead, each on its own thread: preparation is the run's longest stage, and two
#: keep both cores busy while one waits on the GIL
PREPARED_AHEAD = 2
#: threads matching one batch's texts (halves of a batch above 1 MB of text)
MATCH_THREADS = 2


@attrs.frozen
class RunPlan:
    """How one run reads, scores and keeps results. ``select`` narrows each batch before
    scoring (``explain`` scores one creator); ``tune_allocator`` is for long runs (``score``): the
    allocator's arenas and Python's cycle collector (brandfit.run.memory)."""

    input_path: str
    input_format: str | None = None
    map_path: str | None = None
    want_evidence: bool = False
    fatal_errors: bool = False
    scorer_seconds: float | None = DEFAULT_SCORER_SECONDS  # a scorer's time per batch; None: no limit
    quiet: bool = True
    tune_allocator: bool = False
    read_ahead: int = READ_AHEAD
    prepare_ahead: int = PREPARED_AHEAD
    match_threads: int = MATCH_THREADS
    spill_rows: int | None = None  # None: by size (outputs.ranking.SPILL_BYTES)

    def engine(self, rules: Rules, registry: Registry) -> Engine:
        return build_engine(rules, registry, want_evidence=self.want_evidence, fatal_errors=self.fatal_errors,
                            scorer_seconds=self.scorer_seconds, match_threads=self.match_threads)

    def score(self, engine: Engine, rejects_out: IO[str] | None = None,
              select: Callable[[pa.RecordBatch], pa.RecordBatch] | None = None,
              compact: Callable[[pl.DataFrame], pl.DataFrame] | None = None) -> tuple[RankedResults, RunCounts]:
        """Read, score and rank the whole input; close the results when done (they may hold
        temporary files). Raises InputError for unreadable input, ScorerFailure for a fatal error."""
        from brandfit.run.admission import admitted
        from brandfit.inputs.sources import read_input
        from brandfit.run.pipeline import stream_scoring
        from brandfit.run.progress import progress_reporter

        if self.tune_allocator:
            from brandfit.run.memory import tune_allocator

            tune_allocator()  # before the reader and prepare threads start
        batches = read_input(self.input_path, self.input_format, self.map_path, read_ahead=self.read_ahead)
        if select is not None:
            batches = (attrs.evolve(read, batch=select(read.batch)) for read in batches)
        with progress_reporter(self.input_path, self.quiet) as on_batch, self._collector():
            batches = admitted(batches, engine.rules.brand, self.input_path)
            return stream_scoring(batches, engine, rejects_out, on_batch=on_batch, compact=compact,
                                  spill_rows=self.spill_rows, prepare_ahead=self.prepare_ahead)

    def _collector(self) -> contextlib.AbstractContextManager[None]:
        """Fewer cycle collections for a long run (``tune_allocator``), Python's defaults otherwise."""
        if not self.tune_allocator:
            return contextlib.nullcontext()
        from brandfit.run.memory import fewer_collections

        return fewer_collections()


def build_engine(rules: Rules, registry: Registry, *, want_evidence: bool = False, fatal_errors: bool = False,
                 scorer_seconds: float | None = DEFAULT_SCORER_SECONDS, match_threads: int = MATCH_THREADS) -> Engine:
    """The one place an engine is built (local runs, tests, cluster workers)."""
    return Engine(rules, registry, EngineOptions(want_evidence=want_evidence, fatal_errors=fatal_errors,
                                                 scorer_seconds=scorer_seconds, match_threads=match_threads))

