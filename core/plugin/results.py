"""What a scorer returns: per creator (:class:`ScoreResult`) or per batch (:class:`ScoreBatch`)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Any, TypeAlias

import attrs

if TYPE_CHECKING:
    import polars as pl
    import pyarrow as pa

#: one value per creator: a Python sequence, a pyarrow array or a polars Series
Column: TypeAlias = "Sequence[Any] | pa.Array | pa.ChunkedArray | pl.Series"


@attrs.frozen
class Evidence:
    """One fact behind a score: which post, which term, which number, and the rule it came from."""

    message: str
    post: str | None = None
    term: str | None = None
    value: float | None = None
    rule: str | None = None  # dotted rule-file key that produced this, e.g. "scorers.values.values.sustainability"

    def to_dict(self) -> dict[str, Any]:
        return attrs.asdict(self)


@attrs.frozen
class Flag:
    """A named condition the decision step can act on (``[decision] veto`` / ``hold``).

    ``code`` is namespaced by the scorer: ``"<scorer>.<condition>"``, e.g. ``"engagement.suspicious"``.
    """

    code: str
    message: str = ""


def _evidence(items: Iterable[Evidence]) -> tuple[Evidence, ...]:
    return tuple(items)


def _flags(items: Iterable[Flag]) -> tuple[Flag, ...]:
    return tuple(items)


@attrs.frozen
class ScoreResult:
    """One scorer's verdict on one creator.

    ``score`` is 0-100, or ``None`` for "no data", in which case ``missing`` says why. Missing data
    is never scored as zero. ``reason`` is the one short sentence the results' ``reasons`` column
    shows after the score ("engagement 82: 4.1% engagement, above the micro benchmark").
    """

    score: float | None
    missing: str | None = None
    evidence: tuple[Evidence, ...] = attrs.field(default=(), converter=_evidence)
    flags: tuple[Flag, ...] = attrs.field(default=(), converter=_flags)
    metrics: dict[str, Any] = attrs.field(factory=dict)
    reason: str | None = None

    @classmethod
    def no_data(cls, reason: str, **kwargs: Any) -> ScoreResult:
        return cls(score=None, missing=reason, **kwargs)


@attrs.frozen
class ScoreBatch:
    """One scorer's results for a whole batch, column by column (one entry per creator, in order).

    Columns may be Python lists, pyarrow arrays or polars Series:

    - ``scores``: float 0-100 or null (no data);
    - ``missing``: the reason where the score is null (string or null);
    - ``flags``: a list of flag codes per creator (or null for none);
    - ``evidence``: a list of evidence items per creator, each an :class:`Evidence` or a dict with
      its fields; ``None`` for the whole column when the engine did not ask for evidence;
    - ``reasons``: one short human sentence per creator for the results table (or null);
    - ``metrics``: extra named columns shown in outputs, e.g. ``{"engagement_rate": [...]}``;
    - ``errors``: an error message where scoring that creator failed (the engine fills this in when
      it contains a failing scorer; a scorer may set it itself).
    """

    scores: Column
    missing: Column | None = None
    flags: Column | None = None
    evidence: Column | None = None
    reasons: Column | None = None
    metrics: Mapping[str, Column] = attrs.field(factory=dict)
    errors: Column | None = None
