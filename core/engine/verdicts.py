"""From each scorer's columns to the final score, coverage, verdict and reasons of every creator.

The final score is the weighted mean of every scorer's score, with the scorer's prior standing in
where it has no data: missing data never lifts a creator above the same creator measured at or
above the prior. Coverage says how much of the weight had data.

The flags, reasons and errors lists are assembled in long form (brandfit.columnar.lists) rather than
with polars list operations, which cost far more per batch than the few values they hold.
"""

from __future__ import annotations

from fractions import Fraction
from collections.abc import Sequence

import attrs
import numpy as np
import polars as pl
import pyarrow.compute as pc

from brandfit.columnar.lists import (concat_columns, concat_long, first_occurrences, list_series, lists_by_row, spread,
                                to_arrow, to_numpy)
from brandfit.rules.model import Decision
from brandfit.engine.score_checks import ScorerColumns

VERDICT_ORDER = {"shortlist": 0, "review": 1, "reject": 2}
#: decimals the final score keeps: one decimal tied 10% of the 2022 YouTube export at one value, two
#: keep apart creators whose scores differ (docs/validity.md); every output shows this many
FINAL_SCORE_DIGITS = 2
_MAX_DENOMINATOR = 10**6


@attrs.frozen
class ScorerWeight:
    """One scorer's part in the final score: its weight and the prior that stands in without data."""

    name: str
    weight: float
    prior: float = 0.0


def formula_data(weights: Sequence[ScorerWeight], decision: Decision) -> dict:
    """Everything the final score, coverage, verdict and its reason are computed from, as plain data.

    The report page re-weights with it (brandfit/report/template/ranking.js holds the same formula
    as :class:`Verdicts`, in JavaScript, driven by this data alone); tests/test_report_formula.py
    checks the two agree, so a change to one without the other fails there.
    """
    return {
        "scorers": [{"name": w.name, "weight": w.weight, "prior": w.prior} for w in weights],
        "shortlist": decision.shortlist, "review": decision.review, "min_coverage": decision.min_coverage,
        "veto": list(decision.veto), "hold": list(decision.hold), "require": list(decision.require),
        # digits kept (polars' round: half to even) before the thresholds compare them
        "digits": {"final_score": FINAL_SCORE_DIGITS, "coverage": 3, "score": 1},
        # weights become shares as fractions with denominators up to this (weight_shares)
        "max_denominator": _MAX_DENOMINATOR,
        "verdict_order": VERDICT_ORDER,
    }


class Flags:
    """Every creator's flags in long form: one (row, flag) pair per flag, in scorer order, each flag
    once per creator (the first time it is raised)."""

    def __init__(self, flag_columns: list[pl.Series], n: int) -> None:
        rows, values = concat_long([column.to_arrow() for column in flag_columns])
        keep = first_occurrences(rows, values)
        self.rows, self.values, self.n = rows[keep], values.take(to_arrow(keep)), n

    def lists(self) -> pl.Series:
        """One list of flags per creator (empty, never null, where there are none)."""
        return list_series(lists_by_row(self.rows, self.values, self.n))

    def among(self, codes: tuple[str, ...]) -> tuple[pl.Series, pl.Series]:
        """Per creator: whether any of its flags is one of ``codes``, and those flags joined by ", "
        (null where there are none)."""
        hit = pc.is_in(self.values, value_set=pl.Series(list(codes), dtype=pl.String).to_arrow())
        rows, values = self.rows[to_numpy(hit)], self.values.filter(hit)
        found = np.zeros(self.n, dtype=bool)
        found[rows] = True
        if np.any(rows[1:] == rows[:-1]):  # some creator has two of the codes: join their lists
            joined = list_series(lists_by_row(rows, values, self.n)).list.join(", ")
        else:  # at most one each (always, for a single code): the code itself, no list needed
            joined = pl.Series(spread(rows, values, self.n), dtype=pl.String)
        return pl.Series(found), joined


class Verdicts:
    """Combines each batch's scorer columns under one set of weights and ``[decision]``.

    The polars expressions depend only on those, so they are built once, not per batch. Each batch
    then runs two polars queries (final score and coverage; verdict and texts); the lists are built
    with Arrow and numpy (brandfit.columnar.lists).
    """

    def __init__(self, weights: Sequence[ScorerWeight], decision: Decision) -> None:
        self.weights, self.decision = tuple(weights), decision
        self.names = [w.name for w in self.weights]
        final, coverage = _final_score_and_coverage(self.weights)
        self._totals = [final.round(FINAL_SCORE_DIGITS).alias("final_score"), coverage.round(3).alias("coverage")]
        # vetoed / held and by which flags: columns added to each batch from its Flags
        # a required scorer that is not enabled is left out (rule validation warned about it)
        required = tuple(name for name in decision.require if name in self.names)
        verdict, why_verdict = _verdict(decision, required, *(pl.col(c) for c in _FLAG_FACTS))
        # reasons: why the verdict (where it is not just the score's), then each scorer, heaviest first
        reasons = [why_verdict, *(_scorer_reason(w.name) for w in sorted(self.weights, key=lambda w: -w.weight))]
        self._reasons = [f"reason {i}" for i in range(len(reasons))]
        self._texts = [verdict.alias("verdict"), *(r.alias(c) for r, c in zip(reasons, self._reasons, strict=True))]
        self._errors = {name: _scorer_error(name).alias(f"error {name}") for name in self.names}

    def combine(self, base: pl.DataFrame, columns: dict[str, ScorerColumns], want_evidence: bool) -> pl.DataFrame:
        """Weighted mean with priors standing in for missing scores; vetoes, holds, coverage and
        required scorers override the thresholds."""
        frame = _with_scorer_columns(base, columns, self.names, want_evidence)
        flags = Flags([columns[name].flags for name in self.names], frame.height)
        frame = _put(frame.with_columns(self._totals), [flags.lists().alias("flags")])
        vetoed, veto_codes = flags.among(self.decision.veto)
        held, hold_codes = flags.among(self.decision.hold)
        facts = [c.alias(name) for c, name in zip((vetoed, held, veto_codes, hold_codes), _FLAG_FACTS, strict=True)]
        # error texts only for the scorers that failed somewhere in this batch (usually none)
        failed = [self._errors[name] for name in self.names if columns[name].errors.null_count() < frame.height]
        texts = _put(frame, facts).select(*self._texts, *failed)
        return _put(frame, [
            texts["verdict"],
            concat_columns([texts[c] for c in self._reasons], frame.height).alias("reasons"),
            concat_columns(texts.get_columns()[len(self._texts):], frame.height).alias("errors"),
        ])


# the columns Verdicts adds (only for its own query) from each batch's flags
_FLAG_FACTS = ("_vetoed", "_held", "_veto_codes", "_hold_codes")


def _put(frame: pl.DataFrame, columns: list[pl.Series]) -> pl.DataFrame:
    """``frame.with_columns(columns)``, without a polars query when the names are new (a scorer's
    metric could be called "flags", say: then it is replaced, as with_columns does)."""
    if any(column.name in frame.columns for column in columns):
        return frame.with_columns(columns)
    return frame.hstack(columns)


def _with_scorer_columns(base: pl.DataFrame, columns: dict[str, ScorerColumns], names: list[str],
                         want_evidence: bool) -> pl.DataFrame:
    """``base`` with each scorer's score_, missing_, flags_, reason_, error_ (and evidence_) columns
    and its metrics (their names are unique: Engine.score_batch checked)."""
    parts = {}
    for name in names:
        c = columns[name]
        parts[f"score_{name}"] = c.scores
        parts[f"missing_{name}"] = c.missing
        parts[f"flags_{name}"] = c.flags
        parts[f"reason_{name}"] = c.reasons
        parts[f"error_{name}"] = c.errors
        if want_evidence and c.evidence is not None:
            parts[f"evidence_{name}"] = c.evidence
        for metric, values in c.metrics.items():
            if metric not in base.columns and metric not in parts:
                parts[metric] = values
    return base.hstack(pl.DataFrame(parts)) if parts else base


def weight_shares(weights: Sequence[ScorerWeight]) -> dict[str, float]:
    """Each scorer's share of the total weight, computed exactly (as fractions of the weights read
    as decimals) so that scaling every weight by one factor gives the very same shares, bit for bit."""
    exact = {w.name: Fraction(w.weight).limit_denominator(_MAX_DENOMINATOR) for w in weights}
    total = sum(exact.values(), Fraction(0))
    return {name: float(part / total) for name, part in exact.items() if part > 0} if total > 0 else {}


def _final_score_and_coverage(weights: Sequence[ScorerWeight]) -> tuple[pl.Expr, pl.Expr]:
    """Sum of share x (score, or the prior without one), and the share of the weight with data."""
    shares = weight_shares(weights)
    if not shares:
        return pl.lit(None, dtype=pl.Float64), pl.lit(0.0)
    priors = {w.name: w.prior for w in weights}
    weighted = [pl.col(f"score_{n}").fill_null(priors[n]) * share for n, share in shares.items()]
    present = [pl.when(pl.col(f"score_{n}").is_not_null()).then(pl.lit(share)).otherwise(0.0) for n, share in shares.items()]
    return pl.sum_horizontal(weighted), pl.sum_horizontal(present)


def _verdict(decision: Decision, required: tuple[str, ...], vetoed: pl.Expr, held: pl.Expr, veto_codes: pl.Expr,
             hold_codes: pl.Expr) -> tuple[pl.Expr, pl.Expr]:
    """The verdict, and why it is not simply the score's (null where it is), from the final score,
    the coverage and whether the creator is vetoed or held (and by which flags)."""
    by_score = (
        pl.when(pl.col("final_score") >= decision.shortlist).then(pl.lit("shortlist"))
        .when(pl.col("final_score") >= decision.review).then(pl.lit("review"))
        .otherwise(pl.lit("reject"))
    )
    capped = pl.when(by_score == "shortlist").then(pl.lit("review")).otherwise(by_score)
    low_coverage = pl.col("coverage") < decision.min_coverage
    lacking = [pl.when(pl.col(f"score_{name}").is_null()).then(pl.lit(name)) for name in required]
    unmet = pl.concat_str(lacking, separator=", ", ignore_nulls=True) if lacking else pl.lit(None, dtype=pl.String)
    unmet = pl.when(unmet != "").then(unmet)
    verdict = (
        pl.when(vetoed).then(pl.lit("reject"))
        .when(pl.col("final_score").is_null()).then(pl.lit("review"))
        .when(held | low_coverage | unmet.is_not_null()).then(capped)
        .otherwise(by_score)
    )
    why = (
        pl.when(vetoed).then(pl.format("vetoed: {}", veto_codes))
        .when(pl.col("final_score").is_null()).then(pl.lit("no scorer has weight: needs a human look"))
        .when(pl.col("coverage") == 0).then(pl.lit("no scorer had data: every score is its prior"))
        .when(held & (by_score != "reject")).then(pl.format("held for review: {}", hold_codes))
        .when(unmet.is_not_null() & (by_score == "shortlist"))
        .then(pl.format("no data from {}, required for a shortlist", unmet))
        .when(low_coverage & (by_score == "shortlist"))
        .then(pl.format("only {}% of the weight had data", (pl.col("coverage") * 100).round(0).cast(pl.Int64)))
    )
    return verdict, why


def _scorer_reason(name: str) -> pl.Expr:
    """"<scorer> <score>: <reason>" ("<scorer> <score>" when it gave none), or why the scorer has no
    score (its error, or its missing data)."""
    score_txt = pl.col(f"score_{name}").round(0).cast(pl.Int64).cast(pl.String)
    missing = pl.col(f"missing_{name}").fill_null("no reason given")
    return (
        pl.when(pl.col(f"error_{name}").is_not_null()).then(pl.format("{}: error ({})", pl.lit(name), pl.col(f"error_{name}")))
        .when(pl.col(f"score_{name}").is_null()).then(pl.format("{}: no data ({})", pl.lit(name), missing))
        .when(pl.col(f"reason_{name}").is_null()).then(pl.format("{} {}", pl.lit(name), score_txt))
        .otherwise(pl.format("{} {}: {}", pl.lit(name), score_txt, pl.col(f"reason_{name}")))
    )


def _scorer_error(name: str) -> pl.Expr:
    """"<scorer>: <error>" where the scorer failed for the creator, else null."""
    return pl.when(pl.col(f"error_{name}").is_not_null()).then(pl.format("{}: {}", pl.lit(name), pl.col(f"error_{name}")))
