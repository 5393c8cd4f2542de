"""From each scorer's columns to the final score, coverage, verdict and reasons of every creator."""

from __future__ import annotations

import polars as pl

from brandfit.rule_model import Decision
from brandfit.score_columns import ScorerColumns

VERDICT_ORDER = {"shortlist": 0, "review": 1, "reject": 2}


def combine(base: pl.DataFrame, columns: dict[str, ScorerColumns], weights: list[tuple[str, float]],
            decision: Decision, want_evidence: bool) -> pl.DataFrame:
    """Weighted mean of the scorers that have data; vetoes and holds override the thresholds."""
    parts = {}
    for name, _ in weights:
        c = columns[name]
        parts[f"score_{name}"] = pl.Series(c.scores)
        parts[f"missing_{name}"] = pl.Series(c.missing)
        parts[f"flags_{name}"] = pl.Series(c.flags)
        parts[f"reason_{name}"] = pl.Series(c.reasons)
        parts[f"error_{name}"] = pl.Series(c.errors)
        if want_evidence and c.evidence is not None:
            parts[f"evidence_{name}"] = pl.Series(c.evidence)
        for metric, values in c.metrics.items():
            if metric not in base.columns and metric not in parts:
                parts[metric] = pl.Series(values)
    frame = base.hstack(pl.DataFrame(parts)) if parts else base
    total = sum(w for _, w in weights)
    weighted = [pl.col(f"score_{n}") * w for n, w in weights if w > 0]
    present = [pl.when(pl.col(f"score_{n}").is_not_null()).then(pl.lit(w)).otherwise(0.0) for n, w in weights if w > 0]
    if weighted:
        have = pl.sum_horizontal(present)
        final = pl.when(have > 0).then(pl.sum_horizontal(weighted) / have).otherwise(None)
        coverage = have / total
    else:
        final, coverage = pl.lit(None, dtype=pl.Float64), pl.lit(0.0)
    flags = pl.concat_list([pl.col(f"flags_{n}").fill_null([]) for n, _ in weights]).list.unique(maintain_order=True)
    frame = frame.with_columns(final_score=final.round(1), coverage=coverage.round(3), flags=flags)

    vetoed = flags.list.eval(pl.element().is_in(list(decision.veto))).list.any()
    held = flags.list.eval(pl.element().is_in(list(decision.hold))).list.any()
    by_score = (
        pl.when(pl.col("final_score") >= decision.shortlist).then(pl.lit("shortlist"))
        .when(pl.col("final_score") >= decision.review).then(pl.lit("review"))
        .otherwise(pl.lit("reject"))
    )
    capped = pl.when(by_score == "shortlist").then(pl.lit("review")).otherwise(by_score)
    verdict = (
        pl.when(vetoed).then(pl.lit("reject"))
        .when(pl.col("final_score").is_null()).then(pl.lit("review"))
        .when(held | (pl.col("coverage") < decision.min_coverage)).then(capped)
        .otherwise(by_score)
    )
    why_verdict = (
        pl.when(vetoed).then(pl.format("vetoed: {}", flags.list.eval(pl.element().filter(pl.element().is_in(list(decision.veto)))).list.join(", ")))
        .when(pl.col("final_score").is_null()).then(pl.lit("no scorer had data: needs a human look"))
        .when(held & (by_score != "reject")).then(pl.format("held for review: {}", flags.list.eval(pl.element().filter(pl.element().is_in(list(decision.hold)))).list.join(", ")))
        .when((pl.col("coverage") < decision.min_coverage) & (by_score == "shortlist")).then(pl.format("only {}% of the weight had data", (pl.col("coverage") * 100).round(0).cast(pl.Int64)))
    )
    per_scorer = []
    for name, weight in sorted(weights, key=lambda nw: -nw[1]):
        score_txt = pl.col(f"score_{name}").round(0).cast(pl.Int64).cast(pl.String)
        per_scorer.append(
            pl.when(pl.col(f"error_{name}").is_not_null()).then(pl.format("{}: error ({})", pl.lit(name), pl.col(f"error_{name}")))
            .when(pl.col(f"score_{name}").is_null()).then(pl.format("{}: no data ({})", pl.lit(name), pl.col(f"missing_{name}").fill_null("no reason given")))
            .otherwise(pl.format("{} {}: {}", pl.lit(name), score_txt, pl.col(f"reason_{name}").fill_null("")))
        )
    reasons = pl.concat_list([why_verdict, *per_scorer]).list.drop_nulls()
    errors = pl.concat_list([
        pl.when(pl.col(f"error_{n}").is_not_null()).then(pl.format("{}: {}", pl.lit(n), pl.col(f"error_{n}"))) for n, _ in weights
    ]).list.drop_nulls() if weights else pl.lit([], dtype=pl.List(pl.String))
    return frame.with_columns(verdict=verdict, reasons=reasons, errors=errors)
