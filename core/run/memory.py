"""Memory settings for a long scoring run: the allocator's, which keep its memory flat (glibc
only; elsewhere a no-op), and Python's cycle collector's, which would otherwise stop every thread.

Each batch allocates buffers of several MB (texts, byte translations, match arrays) from three
threads (reader, prepare, scoring). glibc gives each thread its own heap arena, up to eight per
core; freed blocks stay behind in whichever arena served them and fragment, so a 1M-creator run
grew ~30% above a 100k run. Two arenas keep it within ~8%, with no loss of speed. (A fixed mmap
threshold kept it flatter still, but cost ~20% of the speed in page faults: not taken.)
See docs/performance.md.
"""

from __future__ import annotations

import contextlib
import ctypes
import ctypes.util
import gc
from collections.abc import Iterator

_M_ARENA_MAX = -8


def tune_allocator(arenas: int = 2) -> bool:
    """Apply the setting to this process; True if glibc took it. Call before threads start."""
    name = ctypes.util.find_library("c")
    if not name:
        return False
    try:
        mallopt = ctypes.CDLL(name).mallopt
    except (OSError, AttributeError):  # not glibc (musl, macOS, Windows)
        return False
    mallopt.argtypes = [ctypes.c_int, ctypes.c_int]
    return bool(mallopt(_M_ARENA_MAX, arenas))


# Containers a run allocates between two collections of the youngest generation (Python's default
# is 700). A 100k run made ~800 collections, 0.3 s in all, each holding the GIL while every
# scoring thread waited; at 20,000 it makes ~130 (0.09 s). Cycles wait a little longer to be freed.
RUN_GEN0_THRESHOLD = 20_000


@contextlib.contextmanager
def fewer_collections(gen0: int = RUN_GEN0_THRESHOLD) -> Iterator[None]:
    """During a run: the objects made so far (modules, rules, the engine) leave the collector's
    view (``gc.freeze``), and the youngest generation is collected less often. Both are undone on
    exit."""
    before = gc.get_threshold()
    gc.freeze()
    gc.set_threshold(gen0, *before[1:])
    try:
        yield
    finally:
        gc.set_threshold(*before)
        gc.unfreeze()
