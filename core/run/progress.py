"""A progress line on standard error for long runs: silent unless stderr is a terminal."""

from __future__ import annotations

import contextlib
import os
import sys
import time
from collections.abc import Callable, Iterator

from brandfit.run.pipeline import RunCounts


@contextlib.contextmanager
def progress_reporter(input_path: str, quiet: bool) -> Iterator[Callable[[RunCounts], None] | None]:
    if quiet or not sys.stderr.isatty():
        yield None
        return
    from rich.progress import BarColumn, Progress, TextColumn, TimeRemainingColumn

    total = None
    if input_path != "-" and not input_path.endswith(".gz"):
        with contextlib.suppress(OSError):
            total = os.path.getsize(input_path)
    started = time.monotonic()
    with Progress(TextColumn("{task.description}"), BarColumn(), TextColumn("{task.fields[rate]}"),
                  TimeRemainingColumn(), transient=True, console=None) as bar:
        task = bar.add_task("scoring", total=total, rate="")
        def on_batch(counts: RunCounts) -> None:
            elapsed = max(time.monotonic() - started, 1e-6)
            rate = f"{counts.rows_read:,} rows · {counts.creators_scored / elapsed:,.0f} creators/s"
            done = _position(input_path) if total else None
            bar.update(task, completed=done, rate=rate)

        yield on_batch


def _position(path: str) -> int | None:
    # Reading the reader's own offset would couple progress to every reader; /proc tells it for free.
    try:
        for fd in os.listdir("/proc/self/fd"):
            with contextlib.suppress(OSError):
                if os.readlink(f"/proc/self/fd/{fd}") == os.path.abspath(path):
                    with open(f"/proc/self/fdinfo/{fd}") as info:
                        for line in info:
                            if line.startswith("pos:"):
                                pos = int(line.split()[1])
                                if pos:
                                    return pos
    except OSError:
        return None
    return None
