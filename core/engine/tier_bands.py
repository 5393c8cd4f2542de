"""Which tier each creator is in, from followers and platform, for a whole batch at once."""

from __future__ import annotations

from typing import TYPE_CHECKING

import polars as pl

from brandfit.rules.model import BELOW_NANO, TIER_NAMES, TierBands

if TYPE_CHECKING:
    from polars.expr.whenthen import ChainedThen, Then


def tier_expr(bands: TierBands, followers: pl.Expr | None = None, platform: pl.Expr | None = None) -> pl.Expr:
    """Tier name per row; null where followers are missing (never guessed)."""
    followers = pl.col("followers") if followers is None else followers
    platform = pl.col("platform") if platform is None else platform

    def ladder(b: dict[str, int]) -> pl.Expr:
        expr: Then | ChainedThen = pl.when(followers.is_null()).then(pl.lit(None, dtype=pl.String))
        for name in reversed(TIER_NAMES):
            expr = expr.when(followers >= b[name]).then(pl.lit(name))
        return expr.otherwise(pl.lit(BELOW_NANO))

    expr = ladder(bands.base())
    for platform_name in sorted(bands.platforms):
        expr = pl.when(platform == platform_name).then(ladder(bands.for_platform(platform_name))).otherwise(expr)
    return expr


def band_floor_expr(bands: TierBands, tier: pl.Expr | None = None, platform: pl.Expr | None = None) -> pl.Expr:
    """The lowest follower count of each row's tier on its platform (0 for below_nano)."""
    tier = pl.col("tier") if tier is None else tier
    platform = pl.col("platform") if platform is None else platform

    def floors(b: dict[str, int]) -> pl.Expr:
        return tier.replace_strict({**b, BELOW_NANO: 0}, default=None, return_dtype=pl.Int64)

    expr = floors(bands.base())
    for platform_name in sorted(bands.platforms):
        expr = pl.when(platform == platform_name).then(floors(bands.for_platform(platform_name))).otherwise(expr)
    return expr
