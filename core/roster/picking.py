"""Picking the roster: candidates, the program, the solution, and the one creator it is compared with."""

from __future__ import annotations

import attrs
import polars as pl

from brandfit.roster.candidates import roster_candidates
from brandfit.roster.program import Solution, constraints, solve
from brandfit.rules.model import Rules


@attrs.frozen
class Totals:
    creators: int
    fee: float
    engagements: float   # expected engagements of one post each
    value: float         # the same, weighted by fit: what the program maximizes
    reach: float         # followers


@attrs.frozen
class Roster:
    budget: float
    picked: pl.DataFrame             # the roster, best value first
    totals: Totals
    single: pl.DataFrame             # the best single creator the whole budget buys (0 or 1 row)
    single_totals: Totals
    biggest_too_dear: pl.DataFrame   # the most followed creator the budget cannot buy (0 or 1 row)
    solution: Solution
    candidates: int                  # creators the program chose from
    left_out: tuple[tuple[str, int], ...]


def totals(frame: pl.DataFrame) -> Totals:
    def total(column: str) -> float:
        return float(frame[column].sum() or 0.0) if frame.height else 0.0

    return Totals(creators=frame.height, fee=total("fee"), engagements=total("expected_engagements"),
                  value=total("value"), reach=total("followers"))


def pick_roster(results: pl.DataFrame, rules: Rules, budget: float, time_limit: float = 120.0) -> Roster:
    """The roster of ``results`` (scored creators) with the most fit-weighted expected engagements
    within ``budget`` and ``[roster]``, and the best single creator for comparison."""
    found = roster_candidates(results, rules, budget)
    frame = found.frame
    share = budget * rules.roster.max_share
    pool = frame.filter(pl.col("fee") <= share)
    left_out = found.left_out
    if pool.height < frame.height:
        left_out += ((f"fee above {rules.roster.max_share:.0%} of the budget ([roster] max_share)", frame.height - pool.height),)
    solution = solve(pool["value"].to_numpy(), constraints(pool, rules.roster, budget), time_limit=time_limit)
    picked = pool[solution.picked] if len(solution.picked) else pool.clear()
    picked = picked.sort(["value", "handle"], descending=[True, False])
    # the seeds' comparison: the whole budget on the one creator worth most
    single = frame.sort(["value", "handle"], descending=[True, False]).head(1)
    return Roster(budget=budget, picked=picked, totals=totals(picked), single=single, single_totals=totals(single),
                  biggest_too_dear=found.too_dear.sort(["followers", "handle"], descending=[True, False], nulls_last=True).head(1),
                  solution=solution, candidates=pool.height, left_out=left_out)


def ratio(a: float, b: float) -> float | None:
    return a / b if b > 0 else None
