"""How a ranking moves between two rule sets: rank correlation, the shortlist, the biggest movers."""

from __future__ import annotations

import attrs
import polars as pl

from brandfit.outputs.ranking import rank
from brandfit.rules.model import Rules


@attrs.frozen
class Mover:
    handle: str
    platform: str | None
    rank_before: int
    rank_after: int
    score_before: float | None
    score_after: float | None
    scorer: str | None          # the scorer whose share of the final score changed most
    scorer_change: float | None  # by how many points of the final score


@attrs.frozen
class Movement:
    creators: int                     # creators in both rankings
    tau: float | None                 # Kendall's tau-b of the two ranks (None under 2 creators)
    shortlist_before: int
    shortlist_after: int
    entered: pl.DataFrame             # handle, platform: shortlisted after, not before
    left: pl.DataFrame
    movers: tuple[Mover, ...]


def _shares(frame: pl.DataFrame, rules: Rules, suffix: str) -> pl.DataFrame:
    """Each scorer's points in the final score: its score x its weight / the weight with data."""
    weighted = [s for s in rules.scorers if s.weight > 0 and f"score_{s.name}" in frame.columns]
    have = pl.sum_horizontal([pl.when(pl.col(f"score_{s.name}").is_not_null()).then(s.weight).otherwise(0.0)
                              for s in weighted]) if weighted else pl.lit(0.0)
    return frame.select(
        "_key", *[(pl.col(f"score_{s.name}").fill_null(0.0) * s.weight / pl.when(have > 0).then(have)).alias(f"{s.name}{suffix}")
                  for s in weighted])


def compare_rankings(before: pl.DataFrame, after: pl.DataFrame, a: Rules, b: Rules, top: int = 10) -> Movement:
    """``before`` and ``after``: public results of the same creators under rules ``a`` and ``b``."""
    from scipy.stats import kendalltau

    def keyed(frame: pl.DataFrame) -> pl.DataFrame:
        return frame.with_columns(_key=pl.concat_str([pl.col("handle").str.to_lowercase(), pl.lit("\x00"),
                                                      pl.col("platform").fill_null("")]))

    # one ranking over every input (each input's results come ranked on their own)
    before, after = (keyed(rank(frame.drop("rank", strict=False), rules.decision.require))
                     for frame, rules in ((before, a), (after, b)))
    both = before.select("_key", "handle", "platform", rank_a="rank", score_a="final_score", verdict_a="verdict").join(
        after.select("_key", rank_b="rank", score_b="final_score", verdict_b="verdict"), on="_key", how="inner")
    tau = None
    if both.height >= 2:
        tau = float(kendalltau(both["rank_a"].to_numpy(), both["rank_b"].to_numpy()).statistic)
    entered = both.filter((pl.col("verdict_b") == "shortlist") & (pl.col("verdict_a") != "shortlist")).sort("rank_b")
    left = both.filter((pl.col("verdict_a") == "shortlist") & (pl.col("verdict_b") != "shortlist")).sort("rank_a")
    shares_a, shares_b = _shares(before, a, "_a"), _shares(after, b, "_b")
    names = sorted({s.name for s in a.scorers if s.weight > 0} | {s.name for s in b.scorers if s.weight > 0})
    # ranks are unsigned: subtract as signed numbers
    move = (pl.col("rank_a").cast(pl.Int64) - pl.col("rank_b").cast(pl.Int64)).abs()
    moved = both.with_columns(move=move).sort(["move", "_key"], descending=[True, False]) \
        .head(top).join(shares_a, on="_key", how="left").join(shares_b, on="_key", how="left")
    movers = []
    for row in moved.iter_rows(named=True):
        deltas = {n: (row.get(f"{n}_b") or 0.0) - (row.get(f"{n}_a") or 0.0) for n in names}
        scorer = max(deltas, key=lambda n: abs(deltas[n])) if deltas else None
        movers.append(Mover(row["handle"], row["platform"], row["rank_a"], row["rank_b"], row["score_a"], row["score_b"],
                            scorer, deltas.get(scorer) if scorer else None))
    return Movement(creators=both.height, tau=tau,
                    shortlist_before=int((before["verdict"] == "shortlist").sum()),
                    shortlist_after=int((after["verdict"] == "shortlist").sum()),
                    entered=entered.select("handle", "platform"), left=left.select("handle", "platform"),
                    movers=tuple(movers))
