"""Checking and normalizing what a scorer returned for a batch into typed polars columns.

Whatever a scorer returns (lists, pyarrow arrays, polars Series) becomes the same typed columns
here, and anything wrong with it (wrong length, wrong type, NaN, a score outside 0-100) becomes an
error finding for the creators affected instead of a crash.

A polars Series already of the column's type is taken as it is: the Arrow round trip would give it
back unchanged (the built-in scorers all return those). Anything else goes through Arrow, whose
conversions and casts define what is accepted.
"""

from __future__ import annotations

import math
from typing import Any

import attrs
import numpy as np
import polars as pl
import pyarrow as pa
import pyarrow.compute as pc

from brandfit.plugin.results import Evidence, ScoreBatch
from brandfit.columnar.lists import to_numpy

EVIDENCE_TYPE = pa.list_(
    pa.struct([("message", pa.string()), ("post", pa.string()), ("term", pa.string()),
               ("value", pa.float64()), ("rule", pa.string())])
)
FLAGS_TYPE = pa.list_(pa.string())


@attrs.frozen
class ScorerColumns:
    """One scorer's checked results for a batch: every column has exactly one entry per creator."""

    scores: pl.Series     # Float64, null = no data or error
    missing: pl.Series    # String
    flags: pl.Series      # List(String)
    reasons: pl.Series    # String
    errors: pl.Series     # String, null = no error
    evidence: pl.Series | None
    metrics: dict[str, pl.Series]


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
    _check_length(value, n, what)
    if typ is not None and value.type != typ:
        value = value.cast(typ)
    return value


def as_column(value: Any, typ: pa.DataType | None, n: int, what: str) -> pl.Series:
    """``value`` as a polars column of Arrow type ``typ`` (None: as it comes); see the module docstring."""
    if isinstance(value, pl.Series) and _already(value.dtype, typ):
        _check_length(value, n, what)
        return value
    return pl.Series(as_arrow(value, typ, n, what))


def _check_length(value: Any, n: int, what: str) -> None:
    if len(value) != n:
        raise ValueError(f"returned {len(value)} {what} for {n} creators")


# The polars types that come back from Arrow as they went in: Arrow type -> polars type
_SAME_AFTER_ARROW = {pa.float64(): pl.Float64, pa.string(): pl.String, FLAGS_TYPE: pl.List(pl.String)}


def _already(dtype: pl.DataType, typ: pa.DataType | None) -> bool:
    if typ is None:  # metrics: any plain number, text or boolean column
        return dtype.is_integer() or dtype.is_float() or dtype in (pl.String, pl.Boolean)
    return typ in _SAME_AFTER_ARROW and dtype == _SAME_AFTER_ARROW[typ]


# the result columns the engine and the outputs make (and each scorer's per-scorer columns): no
# metric may take one of these names (docs/plugins/hooks.md, "Metric names")
RESULT_COLUMNS = frozenset({"rank", "tier", "final_score", "coverage", "verdict", "reasons", "flags", "missing", "override",
                            "errors", "rules_fingerprint", "plugins"})
PER_SCORER_PREFIXES = ("score_", "missing_", "flags_", "reason_", "error_", "evidence_")


def metric_clash(metrics: dict[str, pl.Series], taken: dict[str, str]) -> str | None:
    """Why one of ``metrics`` may not be an output column (``taken``: name -> whose it is), or None."""
    for name in metrics:
        owner = taken.get(name) or ("a result column" if name in RESULT_COLUMNS or name.startswith(PER_SCORER_PREFIXES)
                                    else None)
        if owner is not None:
            return f"metric {name!r} is already {owner}: metric names must be unique across scorers"
    return None


def whole_batch_error(n: int, message: str) -> ScorerColumns:
    return ScorerColumns(
        scores=pl.Series(pa.nulls(n, pa.float64())), missing=pl.Series(pa.nulls(n, pa.string())),
        flags=pl.Series(pa.nulls(n, FLAGS_TYPE)), reasons=pl.Series(pa.nulls(n, pa.string())),
        errors=pl.repeat(message, n, dtype=pl.String, eager=True), evidence=None, metrics={},
    )


def check_batch(result: Any, n: int, want_evidence: bool) -> ScorerColumns:
    """Normalize a scorer's return value; raises ValueError/TypeError for a malformed whole batch."""
    if not isinstance(result, ScoreBatch):
        raise TypeError(f"score_batch returned {type(result).__name__}, expected ScoreBatch")
    raw_scores, wrong_type = _numbers_only(result.scores, n)
    try:
        scores = as_column(raw_scores, pa.float64(), n, "scores")
    except (pa.ArrowInvalid, pa.ArrowTypeError, TypeError) as exc:
        raise TypeError(f"scores are not numbers: {exc}") from None
    errors = as_column(result.errors, pa.string(), n, "errors")
    if wrong_type:
        errors = _with_messages(errors, list(wrong_type), list(wrong_type.values()))
    errors = _invalid_scores(scores, errors)
    if errors.null_count() < n:  # no score where scoring failed
        scores = pl.select(pl.when(errors.is_null()).then(scores)).to_series().alias(scores.name)
    evidence = as_column(result.evidence, EVIDENCE_TYPE, n, "evidence lists") if want_evidence and result.evidence is not None else None
    return ScorerColumns(
        scores=scores,
        missing=as_column(result.missing, pa.string(), n, "missing reasons"),
        flags=as_column(result.flags, FLAGS_TYPE, n, "flag lists"),
        reasons=as_column(result.reasons, pa.string(), n, "reasons"),
        errors=errors,
        evidence=evidence,
        metrics={k: as_column(v, None, n, f"{k!r} values") for k, v in result.metrics.items()},
    )


def _numbers_only(scores: Any, n: int) -> tuple[Any, dict[int, str]]:
    """Scores with every entry that is not a number (a boolean, a string) taken out, and the
    message for each such creator: one bad entry is that creator's error, not the whole batch's.
    An Arrow or polars column of booleans is refused whole (True would otherwise read as 100)."""
    dtype = getattr(scores, "type", None) or getattr(scores, "dtype", None)  # Arrow, polars or numpy
    if dtype is not None:
        if dtype in (pa.bool_(), pl.Boolean):
            raise TypeError("scores are booleans; expected numbers 0-100 or null")
        return scores, {}
    values = list(scores)
    wrong: dict[int, str] = {}
    for i, value in enumerate(values[:n] if len(values) == n else []):
        if value is None or (isinstance(value, (int, float, np.integer, np.floating)) and not isinstance(value, (bool, np.bool_))):
            continue
        wrong[i] = f"invalid score {value!r:.40} (expected a number 0-100 or no data)"
        values[i] = None
    return values, wrong


def _shown(value: float) -> str:
    """A score as an error message shows it: short, but never rounded into a valid one."""
    short = f"{value:g}"
    return short if float(short) == value else repr(value)


def _invalid_scores(scores: pl.Series, errors: pl.Series) -> pl.Series:
    """``errors`` with a message added for each NaN or out-of-range score (where it has none yet)."""
    # numpy, not polars expressions: microseconds, where each polars query here took about a
    # millisecond in a full run (the reader parses the next batch on the other threads meanwhile)
    values = scores.to_numpy()  # null -> NaN
    bad = ~((values >= 0.0) & (values <= 100.0))  # NaN compares false: invalid (or null, taken out next)
    if scores.null_count():
        bad &= to_numpy(pc.is_valid(scores.to_arrow()))
    if not bad.any():
        return errors
    # only the invalid scores are formatted in Python (with :g, as messages have always shown them)
    at = np.flatnonzero(bad)
    shown = ["NaN" if math.isnan(v) else _shown(v) for v in scores.gather(at).to_list()]
    return _with_messages(errors, at, [f"invalid score {s} (expected 0-100 or no data)" for s in shown])


def _with_messages(errors: pl.Series, at: Any, messages: list[str]) -> pl.Series:
    """``errors`` with ``messages`` at the positions ``at`` that have no error yet."""
    given = errors.gather(at)
    given = pl.select(pl.when(given.is_null() | (given == "")).then(pl.Series(messages, dtype=pl.String))
                      .otherwise(given)).to_series()
    return errors.clone().scatter(at, given)  # a copy: the scorer's own Series stays as it returned it
