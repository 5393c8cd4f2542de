"""How sure a score is of its evidence: with few posts, the score is pulled toward the prior."""

from __future__ import annotations

import polars as pl


def toward_prior(score: pl.Expr, posts: pl.Expr, prior: float, confidence_posts: float) -> pl.Expr:
    """``prior + (score - prior) x n / (n + confidence_posts)`` for ``n`` posts read.

    The prior counts as ``confidence_posts`` posts of evidence: one post with ``confidence_posts =
    1`` goes half the way from the prior to its own score, twelve go 12/13 of it; 0 trusts any
    number of posts fully.
    """
    if confidence_posts == 0:
        return score
    n = posts.cast(pl.Float64)
    return pl.lit(prior) + (score - prior) * n / (n + confidence_posts)


def confidence_note(posts: pl.Expr, confidence_posts: float) -> pl.Expr:
    """"; confidence <p>% (<n> posts)" for a reason text ("" when confidence_posts is 0)."""
    if confidence_posts == 0:
        return pl.lit("")
    share = (posts.cast(pl.Float64) / (posts.cast(pl.Float64) + confidence_posts) * 100).round(0).cast(pl.Int64)
    return pl.format("; confidence {}% ({} posts)", share, posts)
