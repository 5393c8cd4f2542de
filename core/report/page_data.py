"""What the report page holds: the summary, the creators it shows, and chart tallies over all creators.

Ranked results are read once, a chunk at a time: verdict counts, the score histogram and the
brand-safety tallies cover every creator, while only the first ``PageLimits.rows`` creators (in
rank order) are kept for the table, cards and re-weighting. That is how a 1M-creator run makes a
page of a few MB: the page says how many of how many it holds.
"""

from __future__ import annotations

from collections import Counter
from typing import Any
from collections.abc import Iterable

import attrs
import polars as pl

from brandfit.engine.verdicts import VERDICT_ORDER, ScorerWeight, formula_data
from brandfit.report.evidence import rule_origins
from brandfit.rules.model import Rules

# width of a bar in the final-score histogram, in points
SCORE_BIN = 2
BRAND_SAFETY_PREFIX = "controversy."
# flags of the controversy scorer that are not a category
NOT_A_CATEGORY = ("controversy.over-tolerance",)


@attrs.frozen
class PageLimits:
    """How much of a big run goes into the page (docs/report.md, "Big runs")."""

    rows: int = 10_000      # creators in the table, with cards and re-weighting (the top, in rank order)
    evidence: int = 500     # the first creators whose cards carry evidence and post excerpts
    scatter: int = 5_000    # dots in the engagement chart (every k-th creator of the page beyond that): ~200 bytes each


@attrs.frozen
class InputSummary:
    """Where the results came from: an input scored now (with its row counts) or a results file."""

    path: str
    kind: str  # "input" (scored for this report) or "results" (a file written by `brandfit score`)
    map_path: str | None = None
    rows_read: int | None = None
    rows_used: int | None = None
    rows_rejected: int | None = None
    scored_fingerprint: str | None = None  # of a results file, when it differs from the rule file's


@attrs.frozen
class Tallies:
    """Counts over every creator of the run, for the summary and the charts."""

    total: int
    verdicts: dict[str, int]
    score_bins: list[dict[str, Any]]       # {"bin": low edge, "verdict": ..., "creators": n}
    no_final_score: int
    brand_safety: list[dict[str, Any]]     # {"category": ..., "verdict": ..., "creators": n}


class TallyCollector:
    """Adds ranked chunks up into :class:`Tallies`, keeping the first ``keep`` rows (of ``verdicts``
    only, when given: `--verdict`; the tallies count every creator)."""

    def __init__(self, keep: int, verdicts: tuple[str, ...] | None = None) -> None:
        self.keep = keep
        self.verdicts = verdicts
        self.kept: list[pl.DataFrame] = []
        self._kept_rows = 0
        self._total = 0
        self._verdicts: Counter[str] = Counter()
        self._bins: Counter[tuple[float, str]] = Counter()
        self._no_final = 0
        self._safety: Counter[tuple[str, str]] = Counter()

    def add(self, chunk: pl.DataFrame) -> None:
        if self._kept_rows < self.keep and chunk.height:
            shown = chunk if self.verdicts is None else chunk.filter(pl.col("verdict").is_in(self.verdicts))
            part = shown.head(self.keep - self._kept_rows)
            self.kept.append(part)
            self._kept_rows += part.height
        self._total += chunk.height
        if not chunk.height:
            return
        self._verdicts.update(dict(chunk["verdict"].value_counts().iter_rows()))
        scored = chunk.filter(pl.col("final_score").is_not_null())
        self._no_final += chunk.height - scored.height
        bins = scored.group_by((pl.col("final_score") / SCORE_BIN).floor().clip(0, 100 / SCORE_BIN - 1) * SCORE_BIN,
                               "verdict").len()
        for low, verdict, n in bins.iter_rows():
            self._bins[(float(low), verdict)] += n
        flags = chunk.select("verdict", "flags").explode("flags").filter(
            pl.col("flags").str.starts_with(BRAND_SAFETY_PREFIX) & ~pl.col("flags").is_in(NOT_A_CATEGORY))
        for verdict, flag, n in flags.group_by("verdict", "flags").len().iter_rows():
            self._safety[(flag.removeprefix(BRAND_SAFETY_PREFIX), verdict)] += n

    def page_rows(self, like: pl.DataFrame | None = None) -> pl.DataFrame:
        if self.kept:
            return pl.concat(self.kept, how="diagonal_relaxed") if len(self.kept) > 1 else self.kept[0]
        return like.head(0) if like is not None else pl.DataFrame()

    def tallies(self) -> Tallies:
        order = list(VERDICT_ORDER)
        return Tallies(
            total=self._total,
            verdicts={v: self._verdicts.get(v, 0) for v in order},
            score_bins=[{"bin": low, "verdict": v, "creators": n}
                        for (low, v), n in sorted(self._bins.items(), key=lambda kv: (kv[0][0], order.index(kv[0][1])))],
            no_final_score=self._no_final,
            brand_safety=[{"category": c, "verdict": v, "creators": n}
                          for (c, v), n in sorted(self._safety.items(), key=lambda kv: (kv[0][0], order.index(kv[0][1])))],
        )


def collect(chunks: Iterable[pl.DataFrame], keep: int, verdicts: tuple[str, ...] | None = None) -> TallyCollector:
    collector = TallyCollector(keep, verdicts)
    for chunk in chunks:
        collector.add(chunk)
    return collector


def split_reasons(reasons: list[str] | None, scorers: list[str]) -> tuple[str | None, dict[str, str]]:
    """The engine's reasons list -> (the verdict's own reason or None, each scorer's reason).

    Each scorer's reason starts with its name ("values 100: ...", "engagement: no data (...)");
    the verdict's own reason ("vetoed: ...", "held for review: ...") starts with none of them.
    """
    by_length = sorted(scorers, key=len, reverse=True)
    own: str | None = None
    per_scorer: dict[str, str] = {}
    for reason in reasons or []:
        name = next((s for s in by_length if reason.startswith((f"{s} ", f"{s}:"))), None)
        if name is None:
            own = reason
        else:
            per_scorer[name] = reason
    return own, per_scorer


def _tiebreak(rows: pl.DataFrame) -> list[int]:
    """Each row's place by handle, then platform (none last), in rank order among equals: the
    ranking's last keys (brandfit.outputs.ranking.rank_key), so the page breaks ties as `score` does."""
    order = rows.select(pl.col("handle").fill_null(""), "platform").with_row_index("i") \
        .sort(["handle", "platform"], nulls_last=True, maintain_order=True)["i"].to_list()
    place = [0] * rows.height
    for position, i in enumerate(order):
        place[i] = position
    return place


def _number(value: Any) -> Any:
    # NaN and infinities are not JSON; a scorer never reports them, but a results file might hold them
    return None if isinstance(value, float) and value != value or value in (float("inf"), float("-inf")) else value


def creator_columns(rows: pl.DataFrame, scorers: list[str], evidence: dict[int, dict[str, Any]]) -> dict[str, Any]:
    """The page's creators, column by column (compact JSON: one list per field)."""
    get = lambda name: rows[name].to_list() if name in rows.columns else [None] * rows.height  # noqa: E731
    reasons = get("reasons")
    split = [split_reasons(r, scorers) for r in reasons]
    score_lists = [get(f"score_{s}") for s in scorers]
    return {
        "rank": get("rank"),
        "handle": get("handle"),
        "platform": get("platform"),
        "tier": get("tier"),
        "followers": get("followers"),
        "rate": [_number(v) for v in get("engagement_rate")],
        "basis": get("engagement_basis"),
        "scores": [[_number(col[i]) for col in score_lists] for i in range(rows.height)],
        "final": get("final_score"),
        "coverage": get("coverage"),
        "verdict": get("verdict"),
        "why": [own for own, _ in split],
        "reasons": [[per.get(s) for s in scorers] for _, per in split],
        "flags": [list(f or []) for f in get("flags")],
        "missing": [list(m or []) for m in get("missing")],
        "errors": [list(e or []) for e in get("errors")],
        "override": get("override"),
        "tiebreak": _tiebreak(rows),
        "evidence": {str(i): items for i, items in evidence.items()},
    }


def summary_data(rules: Rules, plugins: str, source: InputSummary, tallies: Tallies, shown: int,
                 verdicts_shown: tuple[str, ...] | None, version: str) -> dict[str, Any]:
    return {
        "brand": rules.brand.name,
        "fingerprint": rules.fingerprint,
        "chain": list(rules.chain),
        "plugins": plugins,
        "brandfit": version,
        "input": attrs.asdict(source),
        "total": tallies.total,
        "verdicts": tallies.verdicts,
        "shown": shown,
        "verdicts_shown": list(verdicts_shown) if verdicts_shown else None,
    }


def page_data(rules: Rules, plugins: str, source: InputSummary, collector: TallyCollector,
              evidence: dict[int, dict[str, Any]], verdicts_shown: tuple[str, ...] | None,
              version: str) -> dict[str, Any]:
    """Everything report.js reads: summary, the formula's data, and the creators in the page."""
    weights = [ScorerWeight(s.name, s.weight, s.prior) for s in rules.scorers]
    rows = collector.page_rows()
    tallies = collector.tallies()
    scorers = [w.name for w in weights]
    return {
        "summary": summary_data(rules, plugins, source, tallies, rows.height, verdicts_shown, version),
        "formula": formula_data(weights, rules.decision),
        "rules_file": rules.chain[-1] if rules.chain else "",
        "creators": creator_columns(rows, scorers, evidence) if rows.height else None,
        "origins": rule_origins(evidence, rules),
    }
