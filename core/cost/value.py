"""What a fee buys: expected engagements of a post, cost per engagement, cost per thousand reach."""

from __future__ import annotations

import polars as pl

from brandfit.columnar.posts import recent_posts

COMPONENTS = ("likes", "comments", "shares", "saves")


def expected_engagements(frame: pl.DataFrame, limit: int, components: tuple[str, ...],
                         required: tuple[str, ...]) -> pl.DataFrame:
    """Per creator of ``frame`` (in order): ``n_posts`` read and ``engagements``, the median
    interactions of the recent posts that have every ``required`` count (null without one).

    The median interactions of a post is the creator's followers (or views) times their engagement
    rate: what one sponsored post can be expected to get.
    """
    n = frame.height
    posts = recent_posts(frame.select("posts"), limit)
    if posts.height == 0:
        return pl.DataFrame({"n_posts": pl.Series([0] * n, dtype=pl.UInt32),
                             "engagements": pl.Series([None] * n, dtype=pl.Float64)})
    counts = {c: pl.when(pl.col(c) >= 0).then(pl.col(c)) for c in components}
    complete = pl.all_horizontal([counts[c].is_not_null() for c in required]) if required else pl.lit(True)
    interactions = pl.when(complete).then(pl.sum_horizontal([counts[c] for c in components]))
    per_creator = posts.select("cid", interactions.alias("interactions")).group_by("cid").agg(
        n_posts=pl.len().cast(pl.UInt32), engagements=pl.col("interactions").drop_nulls().median())
    order = pl.DataFrame({"cid": pl.int_range(n, dtype=pl.UInt32, eager=True)})
    return order.join(per_creator, on="cid", how="left").sort("cid").select(
        pl.col("n_posts").fill_null(0), pl.col("engagements").cast(pl.Float64))


def cost_per_engagement(fee: pl.Expr, engagements: pl.Expr) -> pl.Expr:
    """Dollars per expected engagement; null without engagements (a creator nobody engages with
    has no price per engagement, not an infinite or a zero one)."""
    return pl.when(engagements > 0).then(fee / engagements)


def cost_per_thousand_reach(fee: pl.Expr, followers: pl.Expr) -> pl.Expr:
    """Dollars per thousand followers reached (CPM by followers)."""
    return pl.when(followers > 0).then(fee / followers * 1_000)
