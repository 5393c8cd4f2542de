"""`brandfit rules diff` output."""

from __future__ import annotations

import json
from typing import IO, Any

import polars as pl

from brandfit.diff.changes import ValueChange
from brandfit.diff.movement import Movement
from brandfit.engine.verdicts import FINAL_SCORE_DIGITS


def _who(frame: pl.DataFrame, limit: int = 20) -> str:
    names = [f"@{h} ({p or '-'})" for h, p in frame.select("handle", "platform").head(limit).iter_rows()]
    more = f", ... {frame.height - limit} more" if frame.height > limit else ""
    return ", ".join(names) + more if names else "nobody"


def _value(value: Any) -> str:
    return "(not set)" if value is None else json.dumps(value, ensure_ascii=False, default=str)


def _score(value: float | None) -> str:
    return "-" if value is None else f"{value:.{FINAL_SCORE_DIGITS}f}"


def render_diff(a: str, b: str, movement: Movement, changes: list[ValueChange], out: IO[str]) -> None:
    print(f"rules diff: {a} -> {b} ({movement.creators} creators ranked by both)", file=out)
    tau = "-" if movement.tau is None else f"{movement.tau:.3f}"
    print(f"rank correlation (Kendall tau-b): {tau}", file=out)
    print(f"shortlist: {movement.shortlist_before} -> {movement.shortlist_after}", file=out)
    print(f"  enter ({movement.entered.height}): {_who(movement.entered)}", file=out)
    print(f"  leave ({movement.left.height}): {_who(movement.left)}", file=out)
    print("biggest movers:", file=out)
    for m in movement.movers:
        if m.rank_before == m.rank_after:
            continue
        why = f"; moved most by {m.scorer} ({m.scorer_change:+.1f} points)" if m.scorer and m.scorer_change else ""
        print(f"  @{m.handle} ({m.platform or '-'}): rank {m.rank_before} -> {m.rank_after}, final "
              f"{_score(m.score_before)} -> {_score(m.score_after)}{why}", file=out)
    print(f"changed values ({len(changes)}):", file=out)
    for c in changes:
        print(f"  {c.key}: {_value(c.before)} ({c.before_at}) -> {_value(c.after)} ({c.after_at})", file=out)
