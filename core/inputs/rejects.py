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
    one creator), so that rows read = rows used + rows rejected + rows filtered, always.
    """

    batch: Any  # pyarrow.RecordBatch
    rejects: tuple[Reject, ...] = ()
    rows_used: int = 0
    rows_filtered: int = 0         # rows of creators outside the rule file's [brand] platforms / countries
    duplicates: int = 0            # creators rejected as repeats of an earlier one (among ``rejects``)
    rows_rejected_beyond: int = 0  # rejected rows beyond one per reject (a repeated creator of several rows)
