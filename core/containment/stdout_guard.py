"""Plugin code runs with ``sys.stdout`` pointed at stderr: standard output is reserved for results.

A stray ``print`` in a plugin (at import, in a hook, in a scorer) would otherwise land inside
`brandfit score --format json` output or `brandfit rules schema`, and corrupt it with exit 0.
Several threads may run plugin code at once (``prepare`` runs ahead on other threads), so the swap
is counted: stdout is redirected while any thread is inside, and restored when the last one leaves.
"""

from __future__ import annotations

import contextlib
import sys
import threading
from collections.abc import Iterator

_lock = threading.Lock()
_depth = 0
_saved: list[object] = []


@contextlib.contextmanager
def plugin_code() -> Iterator[None]:
    """Run the block with ``print`` going to stderr."""
    global _depth
    with _lock:
        if _depth == 0:
            _saved.append(sys.stdout)
            sys.stdout = sys.stderr
        _depth += 1
    try:
        yield
    finally:
        with _lock:
            _depth -= 1
            if _depth == 0:
                sys.stdout = _saved.pop()
