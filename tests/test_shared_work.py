"""Work shared between scorers and between calls: ``BatchContext.shared`` computes once per
batch, the built-in post counts cannot be changed by one scorer under another, and scorer calls
with a time limit reuse their threads without reusing one that ran out of time."""

from __future__ import annotations

import threading
import time

import numpy as np
import pyarrow as pa
import pytest

from brandfit import BatchContext
from brandfit.columnar.post_counts import recent_post_counts
from brandfit.containment.time_limit import LimitedCalls, TimeLimitExceeded
from brandfit.inputs.batches import rows_to_table

ROWS = [
    {"handle": "a", "platform": "instagram", "followers": 1000,
     "posts": [{"id": "1", "likes": 10, "comments": 1}, {"id": "2", "likes": 30, "comments": 3}]},
    {"handle": "b", "platform": "instagram", "followers": 2000, "posts": [{"id": "3", "likes": 5, "comments": 0}]},
]


def _context() -> BatchContext:
    batch = rows_to_table(ROWS)
    return BatchContext(batch, pa.array(["micro", "micro"]), want_evidence=False)


def test_shared_computes_once_per_function_and_arguments() -> None:
    ctx, calls = _context(), []

    def count(batch: pa.RecordBatch, limit: int) -> int:
        calls.append(limit)
        return batch.num_rows * limit

    assert ctx.shared(count, 2) == 4 and ctx.shared(count, 2) == 4
    assert ctx.shared(count, 3) == 6
    assert calls == [2, 3]
    assert _context().shared(count, 2) == 4 and calls == [2, 3, 2]  # a new batch computes afresh


def test_shared_post_counts_are_read_only() -> None:
    ctx = _context()
    cid, _ordinal, counts = ctx.shared(recent_post_counts, 12)
    assert ctx.shared(recent_post_counts, 12)[0] is cid
    assert cid.tolist() == [0, 0, 1] and counts["likes"].values.tolist() == [10.0, 30.0, 5.0]
    with pytest.raises(ValueError, match="read-only"):
        counts["likes"].values[0] = 1e9
    with pytest.raises(ValueError, match="read-only"):
        cid[0] = 1


def test_limited_calls_reuse_a_thread_and_abandon_one_that_ran_out() -> None:
    calls = LimitedCalls()
    first = calls.call(threading.get_ident, (), 5)
    assert calls.call(threading.get_ident, (), 5) == first  # the same thread, kept between calls
    release = threading.Event()
    with pytest.raises(TimeLimitExceeded):
        calls.call(release.wait, (30,), 0.05)  # runs on `first`, which is then abandoned
    second = calls.call(threading.get_ident, (), 5)
    assert second != first
    release.set()
    assert calls.call(threading.get_ident, (), 5) == second


def test_limited_calls_hand_back_the_calls_exception_and_run_unlimited_calls_here() -> None:
    calls = LimitedCalls()
    with pytest.raises(ZeroDivisionError):
        calls.call(lambda: 1 / 0, (), 5)
    assert calls.call(threading.get_ident, (), None) == threading.get_ident()
    assert calls.call(np.add, (1, 2), 0) == 3


def test_idle_threads_end_with_their_owner() -> None:
    calls = LimitedCalls()
    calls.call(time.sleep, (0,), 5)
    before = threading.active_count()
    del calls
    deadline = time.monotonic() + 5
    while threading.active_count() >= before and time.monotonic() < deadline:
        time.sleep(0.01)
    assert threading.active_count() == before - 1


def test_a_long_run_collects_cycles_less_often_and_restores_the_collector() -> None:
    import gc

    from brandfit.run.memory import RUN_GEN0_THRESHOLD, fewer_collections

    before = gc.get_threshold()
    with fewer_collections():
        assert gc.get_threshold() == (RUN_GEN0_THRESHOLD, *before[1:])
        assert gc.get_freeze_count() > 0  # what existed before the run is out of the collector's view
    assert gc.get_threshold() == before and gc.get_freeze_count() == 0
