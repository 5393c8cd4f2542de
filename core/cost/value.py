"""What a fee buys: expected engagements of a post, cost per engagement, cost per thousand reach."""

from __future__ import annotations

import numpy as np
import polars as pl
import pyarrow as pa

from brandfit.columnar.post_counts import COMPONENTS, PostCounts, interactions, median_by_creator, recent_post_counts

__all__ = ["COMPONENTS", "cost_per_engagement", "cost_per_thousand_reach", "expected_engagements"]


def expected_engagements(batch: pa.RecordBatch, limit: int, components: tuple[str, ...],
                         required: tuple[str, ...],
                         posts: PostCounts | None = None) -> pl.DataFrame:
    """Per creator of ``batch`` (in order): ``n_posts`` read and ``engagements``, the median
    interactions of the recent posts that have every ``required`` count (null without one).
    Counted from the same per-post arrays as the engagement rate (brandfit.columnar.post_counts).

    The median interactions of a post is the creator's followers (or views) times their engagement
    rate: what one sponsored post can be expected to get. ``posts``: ``recent_post_counts(batch,
    limit)`` if already at hand.
    """
    n = batch.num_rows
    cid, _ordinal, counts = posts if posts is not None else recent_post_counts(batch, limit)
    total, complete = interactions(counts, components, required)
    engagements = median_by_creator(cid[complete], total[complete], n)
    return pl.DataFrame({"n_posts": pl.Series(np.bincount(cid, minlength=n), dtype=pl.UInt32),
                         "engagements": pl.Series(engagements, dtype=pl.Float64, nan_to_null=True)})


def cost_per_engagement(fee: pl.Expr, engagements: pl.Expr) -> pl.Expr:
    """Dollars per expected engagement; null without engagements (a creator nobody engages with
    has no price per engagement, not an infinite or a zero one)."""
    return pl.when(engagements > 0).then(fee / engagements)


def cost_per_thousand_reach(fee: pl.Expr, followers: pl.Expr) -> pl.Expr:
    """Dollars per thousand followers reached (CPM by followers)."""
    return pl.when(followers > 0).then(fee / followers * 1_000)
