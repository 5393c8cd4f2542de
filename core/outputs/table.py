"""The human-readable ranking printed by `brandfit score` (rich table)."""

from __future__ import annotations

from typing import IO, Any

import polars as pl

VERDICT_STYLE = {"shortlist": "green", "review": "yellow", "reject": "red"}


def _num(value: Any, digits: int = 0) -> str:
    if value is None:
        return "-"
    return f"{value:,.{digits}f}"


def render_table(results: pl.DataFrame, out: IO[str], limit: int | None = None, total: int | None = None) -> None:
    from rich.console import Console
    from rich.table import Table

    scorers = [c.removeprefix("score_") for c in results.columns if c.startswith("score_")]
    table = Table(show_lines=False, header_style="bold")
    for name in ("#", "creator", "size", "eng. rate", *scorers, "final", "verdict", "top reasons"):
        table.add_column(name, justify="right" if name in ("#", "eng. rate", "final", *scorers) else "left",
                         overflow="fold")
    rows = results if limit is None else results.head(limit)
    for row in rows.iter_rows(named=True):
        rate = row.get("engagement_rate")
        reasons = row["reasons"][:3]
        table.add_row(
            str(row["rank"]),
            f"{row['handle']} ({row['platform'] or '?'})",
            row.get("tier") or "-",
            "-" if rate is None else f"{rate * 100:.2f}%",
            *[_num(row[f"score_{s}"]) if row.get(f"error_{s}") is None else "error" for s in scorers],
            _num(row["final_score"], 1),
            f"[{VERDICT_STYLE.get(row['verdict'], '')}]{row['verdict']}[/]",
            "\n".join(reasons),
        )
    console = Console(file=out, width=max(160, Console(file=out).width), soft_wrap=False)
    console.print(table)
    total = results.height if total is None else total
    if limit is not None and total > limit:
        console.print(f"... {total - limit} more creators (write all with -o FILE)")
