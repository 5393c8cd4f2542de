"""Checking and normalizing what a scorer returned for a batch into Arrow columns.

Whatever a scorer returns (lists, pyarrow arrays, polars Series) becomes the same typed columns
here, and anything wrong with it (wrong length, wrong type, NaN, a score outside 0-100) becomes an
error finding for the creators affected instead of a crash.
"""

from __future__ import annotations

import math
from typing import Any

import attrs
import pyarrow as pa
import pyarrow.compute as pc

from brandfit.results import Evidence, ScoreBatch

EVIDENCE_TYPE = pa.list_(
    pa.struct([("message", pa.string()), ("post", pa.string()), ("term", pa.string()),
               ("value", pa.float64()), ("rule", pa.string())])
)
FLAGS_TYPE = pa.list_(pa.string())


@attrs.frozen
class ScorerColumns:
    """One scorer's checked results for a batch: every column has exactly one entry per creator."""

    scores: pa.Array     # float64, null = no data or error
    missing: pa.Array    # string
    flags: pa.Array      # list<string>
    reasons: pa.Array    # string
    errors: pa.Array     # string, null = no error
    evidence: pa.Array | None
    metrics: dict[str, pa.Array]


def as_arrow(value: Any, typ: pa.DataType | None, n: int, what: str) -> pa.Array:
    if value is None:
        return pa.nulls(n, typ or pa.null())
    if hasattr(value, "to_arrow") and not isinstance(value, (pa.Array, pa.ChunkedArray)):
        value = value.to_arrow()  # polars Series
    if isinstance(value, pa.ChunkedArray):
        value = value.combine_chunks()
    if not isinstance(value, pa.Array):
        if typ == EVIDENCE_TYPE:
            value = [None if items is None else [e.to_dict() if isinstance(e, Evidence) else e for e in items]
                     for items in value]
        elif typ == FLAGS_TYPE:
            value = [None if f is None else [getattr(x, "code", x) for x in f] for f in value]
        value = pa.array(list(value), type=typ)
    if len(value) != n:
        raise ValueError(f"returned {len(value)} {what} for {n} creators")
    if typ is not None and value.type != typ:
        value = value.cast(typ)
    return value


def whole_batch_error(n: int, message: str) -> ScorerColumns:
    return ScorerColumns(
        scores=pa.nulls(n, pa.float64()), missing=pa.nulls(n, pa.string()), flags=pa.nulls(n, FLAGS_TYPE),
        reasons=pa.nulls(n, pa.string()), errors=pa.array([message] * n, pa.string()),
        evidence=None, metrics={},
    )


def check_batch(result: Any, n: int, want_evidence: bool) -> ScorerColumns:
    """Normalize a scorer's return value; raises ValueError/TypeError for a malformed whole batch."""
    if not isinstance(result, ScoreBatch):
        raise TypeError(f"score_batch returned {type(result).__name__}, expected ScoreBatch")
    try:
        scores = as_arrow(result.scores, pa.float64(), n, "scores")
    except (pa.ArrowInvalid, pa.ArrowTypeError, TypeError) as exc:
        raise TypeError(f"scores are not numbers: {exc}") from None
    errors = as_arrow(result.errors, pa.string(), n, "errors")
    # NaN or out-of-range scores: the creators affected get an error instead of a score
    # (polars, not pyarrow.compute: comparing with a Python scalar makes pyarrow import pandas)
    import polars as pl

    s = pl.Series(scores)
    bad = (s.is_nan() | (s < 0.0) | (s > 100.0)).fill_null(False).to_arrow()
    if pc.any(bad).as_py():
        values = scores.to_pylist()
        messages = errors.to_pylist()
        for i, is_bad in enumerate(bad.to_pylist()):
            if is_bad:
                shown = "NaN" if math.isnan(values[i]) else f"{values[i]:g}"
                messages[i] = messages[i] or f"invalid score {shown} (expected 0-100 or no data)"
        errors = pa.array(messages, pa.string())
    has_error = pc.is_valid(errors)
    scores = pc.if_else(has_error, pa.nulls(n, pa.float64()), scores)
    evidence = as_arrow(result.evidence, EVIDENCE_TYPE, n, "evidence lists") if want_evidence and result.evidence is not None else None
    return ScorerColumns(
        scores=scores,
        missing=as_arrow(result.missing, pa.string(), n, "missing reasons"),
        flags=as_arrow(result.flags, FLAGS_TYPE, n, "flag lists"),
        reasons=as_arrow(result.reasons, pa.string(), n, "reasons"),
        errors=errors,
        evidence=evidence,
        metrics={k: as_arrow(v, None, n, f"{k!r} values") for k, v in result.metrics.items()},
    )
