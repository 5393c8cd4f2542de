"""A rate card: the fee of one sponsored post by platform and follower band, and the fee of each creator.

Defaults come from the seed articles (docs/scorers.md, `cost`): micro-influencers at about $5 per
thousand followers ("$25,000 ... a number of micro-influencers ... approximately five million
followers"), a jump past 100,000 followers ("a significant jump in price per post once 100,000
followers are exceeded") and celebrities at "six-figure sums".
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import attrs
import polars as pl

from brandfit.rules.options import OptionError, at_least

if TYPE_CHECKING:
    from polars.expr.whenthen import ChainedThen, Then

DEFAULT_CARD = "default"


@attrs.frozen
class RateBand:
    """From ``from_followers`` up (to the next band): ``per_thousand`` dollars per thousand
    followers, and never less than ``minimum`` dollars a post."""

    from_followers: int = attrs.field(validator=at_least(0), metadata={"doc": "lowest follower count of the band"})
    per_thousand: float = attrs.field(default=0.0, validator=at_least(0),
                                      metadata={"doc": "fee per thousand followers (dollars)"})
    minimum: float = attrs.field(default=0.0, validator=at_least(0), metadata={"doc": "least fee of a post in the band (dollars)"})


def check_bands(instance: object, attribute: attrs.Attribute, value: dict[str, tuple[RateBand, ...]]) -> None:
    """attrs validator of a rate card: every platform's bands start at 0 followers and go up."""
    for platform, bands in value.items():
        if not bands:
            raise OptionError(f"{attribute.name}.{platform}",
                              "expected at least one band, such as { from_followers = 0, per_thousand = 5 }")
        if bands[0].from_followers != 0:
            raise OptionError(f"{attribute.name}.{platform}[0].from_followers",
                              f"the first band must start at 0 followers, got {bands[0].from_followers}")
        for i, (low, high) in enumerate(zip(bands, bands[1:], strict=False), start=1):
            if not low.from_followers < high.from_followers:
                raise OptionError(f"{attribute.name}.{platform}[{i}].from_followers",
                                  f"bands must go up: {high.from_followers} is not above {low.from_followers}")


# $25,000 for "approximately five million followers" of micro-influencers: $5 per thousand.
MICRO_PER_THOUSAND = 25_000 / (5_000_000 / 1_000)
# "six-figure sums" for a celebrity: at least $100,000 a post, from 1M followers (the mega tier).
CELEBRITY_MINIMUM = 100_000.0
CELEBRITY_FROM = 1_000_000
# The jump past 100k: the celebrity price spread over the 1M followers where celebrities start
# ($100 per thousand), so a 100k creator costs $10,000, twenty times a 99k one, and the band meets
# the celebrity price at 1M.
MID_PER_THOUSAND = CELEBRITY_MINIMUM / (CELEBRITY_FROM / 1_000)
# A Kardashian (kimkardashian, 329.8M followers in instagram-sep-2022) at the least six-figure
# sum: about $0.30 per thousand above the $100,000 floor.
CELEBRITY_PER_THOUSAND = 0.30

DEFAULT_BANDS = (
    RateBand(from_followers=0, per_thousand=MICRO_PER_THOUSAND),
    RateBand(from_followers=100_000, per_thousand=MID_PER_THOUSAND),
    RateBand(from_followers=CELEBRITY_FROM, per_thousand=CELEBRITY_PER_THOUSAND, minimum=CELEBRITY_MINIMUM),
)


RateCard = dict[str, tuple[RateBand, ...]]  # platform (or "default") -> bands, lowest first


def card_fee_expr(card: RateCard, followers: pl.Expr | None = None,
                  platform: pl.Expr | None = None) -> tuple[pl.Expr, pl.Expr]:
    """The rate card's fee of each row, and which band set it ("<platform>[i]"); both null where
    followers are missing or no card covers the platform."""
    followers = pl.col("followers") if followers is None else followers
    platform = pl.col("platform") if platform is None else platform

    def ladder(name: str, bands: tuple[RateBand, ...]) -> tuple[pl.Expr, pl.Expr]:
        fee: Then | ChainedThen = pl.when(followers.is_null()).then(pl.lit(None, dtype=pl.Float64))
        band: Then | ChainedThen = pl.when(followers.is_null()).then(pl.lit(None, dtype=pl.String))
        for i, b in reversed(list(enumerate(bands))):
            fee = fee.when(followers >= b.from_followers).then(
                pl.max_horizontal(followers / 1_000 * b.per_thousand, pl.lit(b.minimum)))
            band = band.when(followers >= b.from_followers).then(pl.lit(f"{name}[{i}]"))
        return fee.otherwise(None), band.otherwise(None)

    default = card.get(DEFAULT_CARD)
    fee, band = ladder(DEFAULT_CARD, default) if default else (pl.lit(None, dtype=pl.Float64), pl.lit(None, dtype=pl.String))
    for name in sorted(p for p in card if p != DEFAULT_CARD):
        own_fee, own_band = ladder(name, card[name])
        fee = pl.when(platform == name).then(own_fee).otherwise(fee)
        band = pl.when(platform == name).then(own_band).otherwise(band)
    return fee, band
