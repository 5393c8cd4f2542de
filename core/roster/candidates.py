"""From scored creators to roster candidates: who may be picked, what each costs and is worth.

A creator's value is their expected engagements weighted by fit (final score / 100): an engaged
audience is only worth as much as the creator suits the brand. Who cannot be picked is counted
by reason, never dropped silently.
"""

from __future__ import annotations

import attrs
import polars as pl

from brandfit.rules.model import Rules

CANDIDATE_COLUMNS = ("handle", "platform", "tier", "country", "fee", "expected_engagements", "followers",
                     "final_score", "verdict")


@attrs.frozen
class Candidates:
    """Who may be picked (``frame``, one row each, with ``value``) and how many were left out, by reason."""

    frame: pl.DataFrame
    left_out: tuple[tuple[str, int], ...]
    too_dear: pl.DataFrame  # those left out only for costing more than the whole budget


def _reasons(rules: Rules, budget: float, has_override: bool) -> list[tuple[str, pl.Expr]]:
    """Why a creator cannot be picked, in the order reported (the first that applies counts)."""
    decision, roster = rules.decision, rules.roster
    flags = pl.col("flags").fill_null([])
    vetoed = flags.list.eval(pl.element().is_in(list(decision.veto))).list.any() if decision.veto else pl.lit(False)
    held = flags.list.eval(pl.element().is_in(list(decision.hold))).list.any() if decision.hold else pl.lit(False)
    # the action is the override text's first word ("exclude: ...", brandfit.rules.overrides)
    override = pl.col("override").str.extract(r"^(\w+):") if has_override else pl.lit(None, dtype=pl.String)
    approved = override == "approve"
    return [
        ("excluded by an override", override == "exclude"),
        ("held by an override", override == "hold"),
        ("vetoed", vetoed & ~approved.fill_null(False)),
        ("held for review", held & ~approved.fill_null(False)),
        (f"verdict not in [roster] verdicts ({', '.join(roster.verdicts)})",
         ~pl.col("verdict").is_in(list(roster.verdicts)) & ~approved.fill_null(False)),
        ("no fee", pl.col("fee").is_null()),
        ("no expected engagements", pl.col("expected_engagements").is_null()),
        ("no final score", pl.col("final_score").is_null()),
        ("fee above the budget", pl.col("fee") > budget),
    ]


def roster_candidates(results: pl.DataFrame, rules: Rules, budget: float) -> Candidates:
    """The creators of ``results`` (scored, public columns) the budget can buy and the rules allow
    (``[roster] max_share`` is the program's to apply: one creator alone may take the whole budget)."""
    missing = [c for c in ("fee", "expected_engagements") if c not in results.columns]
    if missing:
        raise ValueError(f"the results have no {' or '.join(missing)} column: enable the cost scorer "
                         "([scorers.cost], or extends = \"default\")")
    frame = results
    if "country" not in frame.columns:
        frame = frame.with_columns(country=pl.lit(None, dtype=pl.String))
    reasons = _reasons(rules, budget, "override" in frame.columns)
    why = pl.lit(None, dtype=pl.String)
    for text, condition in reversed(reasons):
        why = pl.when(condition.fill_null(False)).then(pl.lit(text)).otherwise(why)
    frame = frame.with_columns(_left_out=why)
    counts = frame.filter(pl.col("_left_out").is_not_null())["_left_out"].value_counts()
    order = {text: i for i, (text, _) in enumerate(reasons)}
    left_out = tuple(sorted(((r, int(n)) for r, n in counts.iter_rows()), key=lambda rn: order[rn[0]]))
    kept = [c for c in (*CANDIDATE_COLUMNS, "override") if c in frame.columns]
    picked = frame.filter(pl.col("_left_out").is_null()).select(kept).with_columns(
        value=pl.col("expected_engagements") * pl.col("final_score") / 100)
    too_dear = frame.filter(pl.col("_left_out") == "fee above the budget").select(kept)
    return Candidates(frame=picked, left_out=left_out, too_dear=too_dear)
