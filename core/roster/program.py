"""The roster as an integer program, solved by HiGHS (highspy): one 0/1 variable per candidate.

maximize   sum(value_i x_i)                     (fit-weighted expected engagements)
subject to sum(fee_i x_i)             <= budget
           min_creators <= sum(x_i)   <= max_creators
           min_p <= sum(x_i, i on platform p) <= max_p     per [roster.platforms] entry
           min_t <= sum(x_i, i in tier t)     <= max_t     per [roster.tiers] entry
           sum(x_i, i with audience country c) <= per_country   per country
The most one creator may take of the budget is applied to the candidates (brandfit.roster.candidates).
"""

from __future__ import annotations

import math
from typing import Any

import attrs
import numpy as np
import polars as pl

from brandfit.rules.model import CountRange, RosterRules

INFINITY = math.inf


@attrs.frozen
class Constraint:
    """One row of the program: which candidates it counts (or weighs), and its bounds."""

    name: str
    members: np.ndarray      # candidate indices
    coefficients: np.ndarray  # one per member
    lower: float
    upper: float


@attrs.frozen
class Solution:
    status: str                  # "optimal", "infeasible", "time limit", ... (HiGHS' model status, plainly)
    picked: np.ndarray           # candidate indices in the roster (empty unless a solution was found)
    objective: float
    gap: float                   # relative gap between the roster found and the best bound (NaN without one)
    seconds: float


def constraints(candidates: pl.DataFrame, roster: RosterRules, budget: float) -> list[Constraint]:
    """Every row of the program for ``candidates`` (columns fee, platform, tier, country)."""
    n = candidates.height
    everyone = np.arange(n)
    rows = [
        Constraint("budget", everyone, candidates["fee"].to_numpy().astype(float), -INFINITY, budget),
        Constraint("creators", everyone, np.ones(n), roster.min_creators,
                   INFINITY if roster.max_creators is None else roster.max_creators),
    ]
    for column, ranges in (("platform", roster.platforms), ("tier", roster.tiers)):
        values = candidates[column]
        for name, count in sorted(ranges.items()):
            rows.append(_count_row(f"{column} {name}", np.flatnonzero((values == name).fill_null(False).to_numpy()), count))
    if roster.per_country is not None:
        countries = candidates.select(pl.col("country").cast(pl.String).str.strip_chars().str.to_lowercase()).to_series()
        for name in sorted(countries.drop_nulls().unique().to_list()):
            members = np.flatnonzero((countries == name).fill_null(False).to_numpy())
            if len(members) > roster.per_country:  # a row that cannot bind only slows the solver
                rows.append(Constraint(f"country {name}", members, np.ones(len(members)), -INFINITY, roster.per_country))
    return rows


def _count_row(name: str, members: np.ndarray, count: CountRange) -> Constraint:
    return Constraint(name, members, np.ones(len(members)), count.min, INFINITY if count.max is None else count.max)


def _quiet_highs(highspy: Any) -> Any:
    """A Highs instance whose construction does not print HiGHS' banner on our standard output
    (the C++ library prints it once per process, before any option can turn output off)."""
    import ctypes
    import os
    import sys

    sys.stdout.flush()
    saved = os.dup(1)
    try:
        with open(os.devnull, "wb") as devnull:
            os.dup2(devnull.fileno(), 1)
            h = highspy.Highs()
            ctypes.CDLL(None).fflush(None)  # the banner may sit in C's buffer: out before fd 1 is back
    finally:
        os.dup2(saved, 1)
        os.close(saved)
    h.setOptionValue("output_flag", False)
    return h


_STATUS = {"kOptimal": "optimal", "kInfeasible": "infeasible", "kTimeLimit": "time limit",
           "kUnboundedOrInfeasible": "infeasible", "kInterrupt": "interrupted"}


def solve(values: np.ndarray, rows: list[Constraint], time_limit: float = 60.0, gap: float = 1e-6) -> Solution:
    """The 0/1 choice of candidates maximizing ``values`` under ``rows``, by HiGHS' branch and cut.

    ``gap``: the relative optimality gap at which HiGHS stops (1e-6: within a millionth of the best
    possible). Within ``time_limit`` seconds; past it the best roster found so far, with its gap.
    """
    import highspy

    n = len(values)
    if n == 0:
        feasible = all(r.lower <= 0 <= r.upper for r in rows)
        return Solution("optimal" if feasible else "infeasible", np.empty(0, dtype=np.int64), 0.0, 0.0, 0.0)
    h = _quiet_highs(highspy)
    h.setOptionValue("time_limit", float(time_limit))
    h.setOptionValue("mip_rel_gap", float(gap))
    h.setOptionValue("threads", 2)
    lp = highspy.HighsLp()
    lp.num_col_, lp.num_row_ = n, len(rows)
    lp.sense_ = highspy.ObjSense.kMaximize
    lp.col_cost_ = np.asarray(values, dtype=float)
    lp.col_lower_, lp.col_upper_ = np.zeros(n), np.ones(n)
    lp.row_lower_ = np.array([r.lower for r in rows], dtype=float)
    lp.row_upper_ = np.array([r.upper for r in rows], dtype=float)
    # row-wise sparse matrix: each row lists its members and their coefficients
    matrix = lp.a_matrix_
    matrix.format_ = highspy.MatrixFormat.kRowwise
    matrix.num_col_, matrix.num_row_ = n, len(rows)
    matrix.start_ = np.concatenate([[0], np.cumsum([len(r.members) for r in rows])]).astype(np.int32)
    matrix.index_ = np.concatenate([r.members for r in rows]).astype(np.int32)
    matrix.value_ = np.concatenate([r.coefficients for r in rows]).astype(float)
    lp.a_matrix_ = matrix
    lp.integrality_ = [highspy.HighsVarType.kInteger] * n
    h.passModel(lp)
    h.run()
    status = _STATUS.get(h.getModelStatus().name, h.modelStatusToString(h.getModelStatus()).lower())
    info = h.getInfo()
    found = info.primal_solution_status == 2  # kSolutionStatusFeasible
    picked = np.flatnonzero(np.asarray(h.getSolution().col_value) > 0.5) if found else np.empty(0, dtype=np.int64)
    if status == "optimal" and not found:
        status = "infeasible"
    return Solution(status=status, picked=picked, objective=float(np.sum(np.asarray(values)[picked])),
                    gap=max(0.0, float(info.mip_gap)) if found else math.nan, seconds=float(h.getRunTime()))
