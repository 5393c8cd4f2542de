"""How the `brandfit` console script ends: output flushed, atexit handlers run, then an exit without the interpreter's teardown.

After a run the interpreter would free every object, module and thread pool one by one before
exiting: ~0.2 s after scoring 100k creators (docs/performance.md), work the operating system does
at once when the process ends. Everything a run writes is closed by the time a command returns
(outputs, rejects, spilled runs), so nothing is lost by skipping it. What the interpreter would
still do for others is done first: buffered standard streams are flushed, and the handlers a plugin
registered with :mod:`atexit` run. ``brandfit.cli.main`` itself (as tests and other programs call
it) ends normally.
"""

from __future__ import annotations

import atexit
import os
import sys
from collections.abc import Callable


def exit_code(code: object) -> int:
    """The process exit code for ``SystemExit(code)``, as the interpreter maps it: None is 0, an
    int is itself, anything else is printed to standard error and gives 1."""
    if code is None:
        return 0
    if isinstance(code, int):
        return code
    print(code, file=sys.stderr)
    return 1


def run_then_exit(command: Callable[[], object]) -> None:
    """Run ``command`` (a click entry point, which ends by raising SystemExit), then exit the
    process with its code, skipping the interpreter's teardown."""
    try:
        command()
        code = 0
    except SystemExit as stop:
        code = exit_code(stop.code)
    run_handlers = getattr(atexit, "_run_exitfuncs", None)  # CPython's and PyPy's own runner of them
    if run_handlers is None:
        sys.exit(code)  # elsewhere: the normal teardown, handlers and all
    run_handlers()
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (OSError, ValueError):  # a closed pipe (`| head`) or a closed stream: nothing more to say
            code = code or 1
    os._exit(code)
