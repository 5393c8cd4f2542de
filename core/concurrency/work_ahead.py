"""Items of an iterator computed ahead on a background thread, while the caller uses earlier ones.

Used where a stage's native work (pyarrow parsing, polars merging) releases the GIL, so the next
item is made on the other core: reading JSONL blocks, merging sorted result runs for writing.
"""

from __future__ import annotations

from collections import deque
from concurrent.futures import ThreadPoolExecutor
from typing import TypeVar
from collections.abc import Iterator

T = TypeVar("T")
_END = object()


def computed_ahead(items: Iterator[T], depth: int, thread_name: str) -> Iterator[T]:
    """``items`` in order, up to ``depth`` of them computed ahead of the one handed out.

    One thread advances ``items``, so an iterator that is not thread-safe (a generator) is only
    ever resumed by one thread at a time, in order. Memory holds at most ``depth`` items more.
    """
    with ThreadPoolExecutor(max_workers=1, thread_name_prefix=thread_name) as pool:
        pending = deque(pool.submit(next, items, _END) for _ in range(depth))
        while True:
            item = pending.popleft().result()
            if item is _END:
                return
            pending.append(pool.submit(next, items, _END))
            yield item  # type: ignore[misc]
