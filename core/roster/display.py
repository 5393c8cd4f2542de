"""`brandfit roster` output: the roster with totals, and the best single creator it is compared with."""

from __future__ import annotations

import math
from typing import IO, Any

from brandfit.engine.verdicts import FINAL_SCORE_DIGITS
from brandfit.outputs.table import compact_count
from brandfit.roster.picking import Roster, Totals, ratio


def _money(value: float | None) -> str:
    return "-" if value is None else f"${value:,.0f}"


def _creator(row: dict[str, Any]) -> str:
    return f"@{row['handle']} ({row['platform'] or 'no platform'})"


def _totals_line(t: Totals) -> str:
    return (f"{t.creators} creator{'s' if t.creators != 1 else ''} · {_money(t.fee)} · "
            f"{t.engagements:,.0f} expected engagements ({t.value:,.0f} fit-weighted) · reach {compact_count(t.reach)}")


def render_roster(roster: Roster, out: IO[str]) -> None:
    picked = roster.picked
    headers = ("#", "creator", "tier", "country", "fee", "exp. eng.", "fit", "reach", "override")
    rows = [(str(i), _creator(r), r["tier"] or "-", r["country"] or "-", _money(r["fee"]),
             f"{r['expected_engagements']:,.0f}", f"{r['final_score']:.{FINAL_SCORE_DIGITS}f}", compact_count(r["followers"]),
             r.get("override") or "")
            for i, r in enumerate(picked.iter_rows(named=True), start=1)]
    keep = [i for i, h in enumerate(headers) if h != "override" or any(row[i] for row in rows)]
    widths = [max([len(headers[i])] + [len(row[i]) for row in rows]) for i in keep]
    for row in [headers, *rows]:
        print("  ".join(row[i].ljust(w) for i, w in zip(keep, widths, strict=True)).rstrip(), file=out)
    t = roster.totals
    print(f"\nroster: {_totals_line(t)} of a {_money(roster.budget)} budget", file=out)
    if roster.single.height:
        one = roster.single.row(0, named=True)
        s = roster.single_totals
        print(f"one creator instead: {_creator(one)}, {one['tier'] or '-'}, {_money(s.fee)}: "
              f"{s.engagements:,.0f} expected engagements ({s.value:,.0f} fit-weighted) · reach {compact_count(s.reach)}", file=out)
        eng, reach = ratio(t.engagements, s.engagements), ratio(t.reach, s.reach)
        if eng is not None and reach is not None:
            print(f"the roster gets {eng:.2f}x the expected engagements and {reach:.2f}x the reach of the best "
                  f"single creator the budget buys", file=out)
    else:
        print("one creator instead: none of the candidates fits the budget", file=out)
    if roster.biggest_too_dear.height:
        big = roster.biggest_too_dear.row(0, named=True)
        print(f"out of reach: {_creator(big)}, {compact_count(big['followers'])} followers, costs {_money(big['fee'])} "
              f"({dict(roster.left_out).get('fee above the budget', 0):,} creators cost more than the whole budget)", file=out)
    sol = roster.solution
    gap = "" if math.isnan(sol.gap) else f", gap {sol.gap:.4%}"
    left = " · ".join(f"{reason} {n}" for reason, n in roster.left_out) or "none"
    print(f"solver: HiGHS, {sol.status}{gap}, {sol.seconds:.2f} s, {roster.candidates:,} candidates; left out: {left}",
          file=out)


def roster_data(roster: Roster) -> dict[str, Any]:
    def total(t: Totals) -> dict[str, Any]:
        return {"creators": t.creators, "fee": t.fee, "expected_engagements": t.engagements,
                "fit_weighted_engagements": t.value, "reach": t.reach}

    sol = roster.solution
    return {
        "budget": roster.budget, "roster": roster.picked.to_dicts(), "totals": total(roster.totals),
        "best_single": roster.single.to_dicts(), "best_single_totals": total(roster.single_totals),
        "most_followed_out_of_reach": roster.biggest_too_dear.to_dicts(),
        "solver": {"name": "HiGHS", "status": sol.status, "gap": None if math.isnan(sol.gap) else sol.gap,
                   "seconds": sol.seconds, "candidates": roster.candidates},
        "left_out": dict(roster.left_out),
    }
