"""Running a scorer's call with a time limit, so one hung plugin cannot hang the whole run.

Python cannot stop a thread, so the call runs on a daemon thread and is abandoned when its time
is up: the run goes on without it (the scorer is not called again), and the thread ends with the
process. The threads are kept between calls (:class:`LimitedCalls`): a run makes one call per
scorer per batch, and starting a thread for each cost more than some scorers' work.
"""

from __future__ import annotations

import queue
import threading
import weakref
from typing import Any
from collections.abc import Callable

from brandfit.containment.stdout_guard import plugin_code

# Default per scorer per batch: the slowest built-in scorer takes 9 ms per 5,146-creator batch
# (docs/performance.md, "work, per batch"), so 300 s leaves a slow plugin (one calling a web API
# per creator) four orders of magnitude, and still ends a hung run within minutes.
DEFAULT_SCORER_SECONDS = 300.0


class TimeLimitExceeded(Exception):
    """The call did not return within its limit (it may still be running, abandoned)."""


class _Call:
    def __init__(self, fn: Callable[..., Any], args: tuple[Any, ...]) -> None:
        self.fn, self.args = fn, args
        self.done = threading.Event()
        self.outcome: tuple[bool, Any] = (False, None)

    def run(self) -> None:
        try:
            with plugin_code():
                self.outcome = (True, self.fn(*self.args))
        except BaseException as exc:  # handed back to the caller, which contains it
            self.outcome = (False, exc)
        self.done.set()


class _Worker:
    """A daemon thread running the calls put in its queue, one at a time; None ends it."""

    def __init__(self) -> None:
        self.calls: queue.SimpleQueue[_Call | None] = queue.SimpleQueue()
        threading.Thread(target=self._serve, name="brandfit-scorer", daemon=True).start()

    def _serve(self) -> None:
        while (call := self.calls.get()) is not None:
            call.run()


class LimitedCalls:
    """Calls with a time limit, on daemon threads kept for the next call (one per caller at a
    time; a thread whose call ran out of time is abandoned, never reused)."""

    def __init__(self) -> None:
        self._idle: list[_Worker] = []
        self._lock = threading.Lock()
        # the idle threads end with their owner (an engine), not only with the process
        weakref.finalize(self, _end_all, self._idle)

    def call(self, fn: Callable[..., Any], args: tuple[Any, ...], seconds: float | None) -> Any:
        """``fn(*args)`` as plugin code (stdout reserved); raises TimeLimitExceeded after
        ``seconds`` (None or 0: no limit, called on this thread)."""
        if not seconds:
            with plugin_code():
                return fn(*args)
        with self._lock:
            worker = self._idle.pop() if self._idle else _Worker()
        call = _Call(fn, args)
        worker.calls.put(call)
        if not call.done.wait(seconds):
            worker.calls.put(None)  # ends the thread if the call ever returns
            raise TimeLimitExceeded(f"no result within {seconds:g} s")
        with self._lock:
            self._idle.append(worker)
        ok, value = call.outcome
        if not ok:
            raise value
        return value


def _end_all(workers: list[_Worker]) -> None:
    for worker in workers:
        worker.calls.put(None)
