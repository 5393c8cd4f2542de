"""Input records that could not be used, with where they came from and why."""

from __future__ import annotations

import json
from typing import Any

import attrs


@attrs.frozen
class Reject:
    source: str
    line: int | None
    raw: str
    reason: str

    def to_json(self) -> str:
        return json.dumps(attrs.asdict(self), ensure_ascii=False)


@attrs.frozen
class ReadBatch:
    """A batch of creators ready to score, and the rows of this stretch of input that were rejected.

    ``rows_used`` counts input rows that went into ``batch`` (for per-post inputs, several rows make
    one creator), so that rows read = rows used + rows rejected, always.
    """

    batch: Any  # pyarrow.RecordBatch
    rejects: tuple[Reject, ...] = ()
    rows_used: int = 0
