"""Running a scorer's call with a time limit, so one hung plugin cannot hang the whole run.

Python cannot stop a thread, so the call runs on a daemon thread and is abandoned when its time
is up: the run goes on without it (the scorer is not called again), and the thread ends with the
process.
"""

from __future__ import annotations

import threading
from typing import Any
from collections.abc import Callable

from brandfit.containment.stdout_guard import plugin_code

# Default per scorer per batch: the slowest built-in scorer takes 9 ms per 5,146-creator batch
# (docs/performance.md, "work, per batch"), so 300 s leaves a slow plugin (one calling a web API
# per creator) four orders of magnitude, and still ends a hung run within minutes.
DEFAULT_SCORER_SECONDS = 300.0


class TimeLimitExceeded(Exception):
    """The call did not return within its limit (it may still be running, abandoned)."""


def call_with_limit(fn: Callable[..., Any], args: tuple[Any, ...], seconds: float | None) -> Any:
    """``fn(*args)`` as plugin code (stdout reserved); raises TimeLimitExceeded after ``seconds``
    (None or 0: no limit, called on this thread)."""
    if not seconds:
        with plugin_code():
            return fn(*args)
    outcome: list[Any] = []

    def run() -> None:
        try:
            with plugin_code():
                outcome.append((True, fn(*args)))
        except BaseException as exc:  # handed back to the caller, which contains it
            outcome.append((False, exc))

    worker = threading.Thread(target=run, name="brandfit-scorer", daemon=True)
    worker.start()
    worker.join(seconds)
    if worker.is_alive() or not outcome:
        raise TimeLimitExceeded(f"no result within {seconds:g} s")
    ok, value = outcome[0]
    if not ok:
        raise value
    return value
