"""Allocator settings that keep a long scoring run's memory flat (glibc only; elsewhere a no-op).

Each batch allocates buffers of several MB (texts, byte translations, match arrays) from three
threads. glibc serves large blocks with mmap, but after the first ones are freed it raises its
mmap threshold (up to 32 MB), so later blocks come from per-thread heaps that fragment and are
kept: a 1M-creator run grew ~30% above a 100k run. A fixed 4 MB threshold (which also turns off
the raising) and two arenas keep it within ~10%, at no measured cost in speed
(docs/performance.md).
"""

from __future__ import annotations

import ctypes
import ctypes.util

_M_MMAP_THRESHOLD = -3
_M_ARENA_MAX = -8


def tune_allocator(mmap_threshold: int = 4 << 20, arenas: int = 2) -> bool:
    """Apply the settings to this process; True if glibc took them. Call before threads start."""
    name = ctypes.util.find_library("c")
    if not name:
        return False
    try:
        libc = ctypes.CDLL(name)
        mallopt = libc.mallopt
    except (OSError, AttributeError):  # not glibc (musl, macOS, Windows)
        return False
    mallopt.argtypes = [ctypes.c_int, ctypes.c_int]
    return bool(mallopt(_M_MMAP_THRESHOLD, mmap_threshold)) and bool(mallopt(_M_ARENA_MAX, arenas))
