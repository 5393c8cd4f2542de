"""The human-readable ranking printed by `brandfit score` (rich table), sized to the terminal."""

from __future__ import annotations

from typing import IO, Any

import polars as pl

from brandfit.engine.verdicts import FINAL_SCORE_DIGITS

VERDICT_STYLE = {"shortlist": "green", "review": "yellow", "reject": "red"}
# the reason column never gets narrower than this, however narrow the terminal: below it a reason
# reads as a column of syllables
_REASON_MIN = 16
# a long handle folds onto a second line rather than squeeze the reason
_CREATOR_MAX = 20
_CREATOR_MIN = 10
# columns left out, in this order, when the terminal is too narrow for all (indexes into the headers)
_DROP_ORDER = (4, 3, 5, 2)


def _num(value: Any, digits: int = 0) -> str:
    if value is None:
        return "-"
    return f"{value:,.{digits}f}"


def compact_count(value: int | float | None) -> str:
    """1,450,000 -> "1.45M", 24,800 -> "24.8K": followers in five characters or so."""
    if value is None:
        return "-"
    for size, suffix in ((1e9, "B"), (1e6, "M"), (1e3, "K")):
        if abs(value) >= size:
            return f"{value / size:.3g}{suffix}"
    return f"{value:.0f}"


def main_reason(reasons: list[str] | None) -> str:
    """The reason a reader needs first: the verdict's own (a veto's cause, a hold, low coverage),
    which the engine puts first, else the heaviest scorer's."""
    return (reasons or ["-"])[0]


def _header_width(header: str) -> int:
    """Width a header needs: its longest word (headers wrap between words), or its longest line of
    scorer initials."""
    lines = header.split("\n")
    return max([len(w) for w in lines[0].split(" ")] + [len(line) for line in lines[1:]])


def _cells(row: dict[str, Any], scorers: list[str]) -> list[str]:
    rate = row.get("engagement_rate")
    platform = row.get("platform")
    scores = " ".join(
        ("err" if row.get(f"error_{s}") is not None else _num(row[f"score_{s}"])).rjust(3) for s in scorers)
    return [
        str(row["rank"]),
        row["handle"] + (f" ({platform})" if platform else ""),
        (row.get("tier") or "-").replace("_", " "),
        compact_count(row.get("followers")),
        "-" if rate is None else f"{rate * 100:.2f}%",
        scores,
        _num(row["final_score"], FINAL_SCORE_DIGITS),
        row["verdict"],
        main_reason(row["reasons"]),
    ]


def render_table(results: pl.DataFrame, out: IO[str], limit: int | None = None, total: int | None = None,
                 width: int | None = None) -> None:
    """The ranking as a table no wider than the terminal (or ``COLUMNS``, or ``width``): rank,
    creator, tier, followers, engagement rate, the scores, final, verdict and the main reason."""
    from rich import box
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    from brandfit.containment.terminal_text import printable

    # rich reads the terminal's width, else COLUMNS, else 80 (files and pipes)
    console = Console(file=out, width=width, soft_wrap=False) if width else Console(file=out, soft_wrap=False)
    scorers = [c.removeprefix("score_") for c in results.columns if c.startswith("score_")]
    headers = ["#", "creator", "tier", "followers", "engagement rate",
               "scores\n" + " ".join(s[:3].rjust(3) for s in scorers), "final", "verdict", "reason"]
    rows = [_cells(row, scorers) for row in (results if limit is None else results.head(limit)).iter_rows(named=True)]
    widths = [max([_header_width(h)] + [len(r[i]) for r in rows]) for i, h in enumerate(headers)]
    widths[1] = min(widths[1], _CREATOR_MAX)
    shown = list(range(len(headers)))
    dropped = []
    for column in _DROP_ORDER:  # a narrow terminal: leave columns out rather than fold every cell
        if sum(widths[i] for i in shown if i not in (1, 8)) + _CREATOR_MIN + _REASON_MIN + len(shown) - 1 <= console.width:
            break
        shown.remove(column)
        dropped.append(headers[column].split("\n")[0])
    # one space between columns; the creator gets up to its width, the reason what is left
    others = sum(widths[i] for i in shown if i not in (1, 8)) + len(shown) - 1
    widths[1] = max(_CREATOR_MIN, min(widths[1], console.width - others - _REASON_MIN))
    widths[8] = max(_REASON_MIN, console.width - others - widths[1])
    table = Table(box=box.SIMPLE_HEAD, header_style="bold", pad_edge=False, padding=0, show_edge=False)
    numeric = {0, 3, 4, 5, 6}
    for i in shown:
        table.add_column(headers[i], justify="right" if i in numeric else "left", width=widths[i],
                         overflow="fold", no_wrap=i in (0, 5, 6, 7))
    for cells in rows:
        # Text, not markup: a handle "[/x]" or "[link=...]" is data, shown as written
        styled = [Text(printable(cell)) for cell in cells]
        styled[7] = Text(cells[7], style=VERDICT_STYLE.get(cells[7], ""))
        table.add_row(*(styled[i] for i in shown))
    console.print(table)
    if dropped:
        console.print(f"(too narrow for: {', '.join(dropped)}; COLUMNS=100 or wider shows them)")
    if scorers and 5 in shown:
        console.print("scores: " + ", ".join(scorers) + " (- no data, err scorer error)")
    from brandfit.outputs.ranking import RANKING

    console.print(f"ranked by {RANKING}")
    total = results.height if total is None else total
    if limit is not None and total > limit:
        console.print(f"... {total - limit} more creators (write all with -o FILE)")
