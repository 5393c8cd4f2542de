"""Allocator settings that keep a long scoring run's memory flat (glibc only; elsewhere a no-op).

Each batch allocates buffers of several MB (texts, byte translations, match arrays) from three
threads (reader, prepare, scoring). glibc gives each thread its own heap arena, up to eight per
core; freed blocks stay behind in whichever arena served them and fragment, so a 1M-creator run
grew ~30% above a 100k run. Two arenas keep it within ~8%, with no loss of speed. (A fixed mmap
threshold kept it flatter still, but cost ~20% of the speed in page faults: not taken.)
See docs/performance.md.
"""

from __future__ import annotations

import ctypes
import ctypes.util

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
