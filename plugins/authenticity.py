"""Built-in scorer `authenticity`: signs that an account is fake (bought or bot followers).

Each signal adds points when it fires; the score is 100 minus the points, and at `likely_fake_at`
points the creator is flagged `authenticity.likely-fake`. The signals, and how their thresholds
were chosen on the labelled InstaFake data set, are in docs/scorers.md.
"""

from __future__ import annotations

from typing import NamedTuple

import attrs
import numpy as np
import polars as pl
import pyarrow as pa

from brandfit import BatchContext, ScoreBatch, Scorer
from brandfit.columnar.lists import to_numpy
from brandfit.columnar.post_counts import recent_post_counts
from brandfit.plugins.engagement import EngagementOptions, benchmark_rates, creator_rates
from brandfit.rules.options import OptionError, at_least, between

LIKELY_FAKE = "authenticity.likely-fake"
SIGNALS = ("following_ratio", "post_count", "profile_picture", "engagement", "authentic_share")
# Likes alone give a rate: on Instagram comments are a few per cent of likes (Markerly, in the seed
# articles: likes on 8% of posts under 1k followers, comments on 0.5%), and exports often have no
# comments column. Per follower everywhere: bought followers lower the rate by followers only.
_ENGAGEMENT = EngagementOptions(by_views=(), components=("likes", "comments"), required=("likes",))


def _platforms(instance: object, attribute: attrs.Attribute, value: tuple[str, ...]) -> None:
    for i, item in enumerate(value):
        if not isinstance(item, str) or not item.strip():
            raise OptionError(f"{attribute.name}[{i}]", f"expected a platform name, got {item!r}")


@attrs.frozen
class AuthenticityOptions:
    following_ratio: float = attrs.field(default=6.0, validator=at_least(0), metadata={
        "doc": "following / (followers + 1) at or above which the account follows suspiciously many"})
    following_ratio_points: float = attrs.field(default=50.0, validator=at_least(0), metadata={
        "doc": "points for following_ratio"})
    following_ratio_strong: float = attrs.field(default=8.0, validator=at_least(0), metadata={
        "doc": "following / (followers + 1) at or above which the ratio alone marks a likely fake"})
    following_ratio_strong_points: float = attrs.field(default=100.0, validator=at_least(0), metadata={
        "doc": "points for following_ratio_strong (instead of following_ratio_points)"})
    few_posts: float = attrs.field(default=3.0, validator=at_least(0), metadata={
        "doc": "a post count at or below this is a signal"})
    few_posts_points: float = attrs.field(default=50.0, validator=at_least(0), metadata={"doc": "points for few_posts"})
    no_picture_points: float = attrs.field(default=50.0, validator=at_least(0), metadata={
        "doc": "points for an account without a profile picture"})
    low_engagement: float = attrs.field(default=0.1, validator=between(0, 1), metadata={
        "doc": "engagement rate by followers below this multiple of the benchmark is a signal"})
    low_engagement_points: float = attrs.field(default=50.0, validator=at_least(0), metadata={
        "doc": "points for low_engagement"})
    engagement_platforms: tuple[str, ...] = attrs.field(default=("instagram",), validator=_platforms, metadata={
        "doc": "platforms whose per-follower engagement benchmark the low_engagement signal trusts"})
    low_authentic_share: float = attrs.field(default=0.5, validator=between(0, 1), metadata={
        "doc": "authentic_engagement / the posts' engagement below this is a signal"})
    low_authentic_points: float = attrs.field(default=50.0, validator=at_least(0), metadata={
        "doc": "points for low_authentic_share"})
    likely_fake_at: float = attrs.field(default=100.0, validator=between(0.01, 1000), metadata={
        "doc": "points at which the creator is flagged authenticity.likely-fake"})
    min_signals: int = attrs.field(default=2, validator=between(1, len(SIGNALS)), metadata={
        "doc": "signals that must be measurable for a score (fewer: no data, never a pass)"})

    def __attrs_post_init__(self) -> None:
        if self.following_ratio_strong < self.following_ratio:
            raise OptionError("following_ratio_strong", f"expected at least following_ratio = {self.following_ratio:g}, "
                              f"got {self.following_ratio_strong:g}")


class Features(NamedTuple):
    """What the signals read, one float per creator (NaN: not known). ``profile_picture`` is 1 or 0;
    ``engagement`` is the engagement rate by followers as a multiple of its benchmark;
    ``authentic_share`` is ``authentic_engagement`` over the posts' median interactions."""

    following_ratio: np.ndarray
    post_count: np.ndarray
    profile_picture: np.ndarray
    engagement: np.ndarray
    authentic_share: np.ndarray


class Assessment(NamedTuple):
    """Per signal, the points it adds (0 where it does not fire, NaN where it cannot be measured),
    and per creator the total points and how many signals were measured."""

    signals: Features
    points: np.ndarray
    measured: np.ndarray


def assess(features: Features, o: AuthenticityOptions) -> Assessment:
    """The points of every signal for every creator: the whole rule, in one pure function that a
    validation can run with other thresholds."""
    ratio, posts, picture, engagement, authentic = features
    with np.errstate(invalid="ignore"):  # comparisons with NaN are false; NaN is put back below
        signals = Features(
            following_ratio=np.where(ratio >= o.following_ratio_strong, o.following_ratio_strong_points,
                                     np.where(ratio >= o.following_ratio, o.following_ratio_points, 0.0)),
            post_count=np.where(posts <= o.few_posts, o.few_posts_points, 0.0),
            profile_picture=np.where(picture == 0, o.no_picture_points, 0.0),
            engagement=np.where(engagement < o.low_engagement, o.low_engagement_points, 0.0),
            authentic_share=np.where(authentic < o.low_authentic_share, o.low_authentic_points, 0.0),
        )
    signals = Features(*(np.where(np.isnan(f), np.nan, s) for f, s in zip(features, signals, strict=True)))
    stacked = np.vstack(signals)
    return Assessment(signals, np.nansum(stacked, axis=0), (~np.isnan(stacked)).sum(axis=0))


class AuthenticityScorer(Scorer):
    name = "authenticity"
    description = ("Signs of a fake account: following far more accounts than follow it, almost no posts, "
                   "no profile picture, engagement far below the benchmark for its follower count, "
                   "little authentic engagement (from an audit tool's export). "
                   "100 minus the points of the signals that fire; flags likely fakes.")
    Options = AuthenticityOptions

    @classmethod
    def flag_codes(cls, options: object) -> frozenset[str]:
        return frozenset({LIKELY_FAKE})

    def features(self, batch: pa.RecordBatch, ctx: BatchContext) -> Features:
        """The signals' inputs for a batch, from its creator columns (negative counts are missing)."""
        n = batch.num_rows

        def column(name: str) -> np.ndarray:
            if name not in batch.schema.names:
                return np.full(n, np.nan)
            values = pl.Series(batch.column(name)).cast(pl.Float64, strict=False).to_numpy()
            return np.where(values >= 0, values, np.nan) if name != "has_profile_picture" else values

        followers, following = column("followers"), column("following")
        # the median of interactions / followers, as the engagement scorer measures it with these options
        rate = creator_rates(batch, _ENGAGEMENT, ctx.shared(recent_post_counts, _ENGAGEMENT.recent_posts)).creator_rate
        # the seed articles' per-follower curve (Instagram figures), for every platform the options trust
        benchmark = benchmark_rates(np.full(n, "instagram", dtype=object), np.full(n, "followers", dtype=object),
                                    followers, _ENGAGEMENT)
        platform = to_numpy(pl.Series(batch.column("platform")).is_in(list(self.options.engagement_platforms))
                            .fill_null(False).to_arrow())
        with np.errstate(invalid="ignore", divide="ignore"):
            return Features(
                following_ratio=following / (followers + 1),
                post_count=column("post_count"),
                profile_picture=column("has_profile_picture"),
                engagement=np.where(platform & (benchmark > 0), rate / benchmark, np.nan),
                authentic_share=column("authentic_engagement") / np.where(rate * followers > 0, rate * followers, np.nan),
            )

    def score_batch(self, batch: pa.RecordBatch, ctx: BatchContext) -> ScoreBatch:
        o, key = self.options, self.setup.rule_key
        features = self.features(batch, ctx)
        signals, points, measured = assess(features, o)
        frame = pl.DataFrame({
            **{f"x_{name}": pl.Series(value, nan_to_null=True) for name, value in zip(SIGNALS, features, strict=True)},
            **{f"p_{name}": pl.Series(value, nan_to_null=True) for name, value in zip(SIGNALS, signals, strict=True)},
            "points": points, "measured": measured,
        })
        enough = pl.col("measured") >= o.min_signals
        likely = pl.col("points") >= o.likely_fake_at
        # joined row-wise, skipping the signals that do not apply (no list per creator is built)
        unmeasured = pl.concat_str([pl.when(pl.col(f"p_{name}").is_null()).then(pl.lit(_NEEDS[name]))
                                    for name in SIGNALS], separator=", ", ignore_nulls=True)
        fired = pl.concat_str([pl.when(pl.col(f"p_{name}") > 0).then(_short(name)) for name in SIGNALS],
                              separator=", ", ignore_nulls=True)
        out = frame.select(
            score=pl.when(enough).then((100.0 - pl.col("points")).clip(0.0, 100.0).round(1)),
            missing=pl.when(~enough).then(pl.format(
                "{} of {} signals measurable (needs {}): no {}", pl.col("measured"), pl.lit(len(SIGNALS)),
                pl.lit(o.min_signals), unmeasured)),
            reasons=pl.when(pl.col("points") > 0).then(pl.format(
                "{}{} points: {} ({} of {} signals measured)", pl.when(likely).then(pl.lit("likely fake, ")).otherwise(pl.lit("")),
                pl.col("points").round(1), fired, pl.col("measured"), pl.lit(len(SIGNALS))))
            .otherwise(pl.format("no sign of a fake account ({} of {} signals measured)", pl.col("measured"),
                                 pl.lit(len(SIGNALS)))),
            flags=pl.when(likely).then(pl.lit([LIKELY_FAKE])).otherwise(pl.lit([], dtype=pl.List(pl.String))),
        )
        evidence = frame.select(self._evidence(key).alias("e"))["e"] if ctx.want_evidence else None
        return ScoreBatch(scores=out["score"], missing=out["missing"], reasons=out["reasons"], flags=out["flags"],
                          evidence=evidence)

    def _evidence(self, key: str) -> pl.Expr:
        """One item per measured signal (fired or not, with its threshold's rule key), then the total."""
        o = self.options
        none_s = pl.lit(None, dtype=pl.String)

        def item(message: pl.Expr, value: pl.Expr, rule: pl.Expr | str) -> pl.Expr:
            return pl.struct(message=message, post=none_s, term=none_s, value=value.cast(pl.Float64),
                             rule=pl.lit(rule) if isinstance(rule, str) else rule)

        def points(name: str) -> pl.Expr:
            return pl.when(pl.col(f"p_{name}") > 0).then(pl.format(": +{} points", pl.col(f"p_{name}").round(1))) \
                .otherwise(pl.lit(": no points"))

        ratio, strong = pl.col("x_following_ratio"), pl.col("x_following_ratio") >= o.following_ratio_strong
        items = {
            "following_ratio": item(
                pl.format("following / (followers + 1) = {}, {}{}", ratio.round(2),
                          pl.when(strong).then(pl.lit(f">= {o.following_ratio_strong:g}"))
                          .when(ratio >= o.following_ratio).then(pl.lit(f">= {o.following_ratio:g}"))
                          .otherwise(pl.lit(f"below {o.following_ratio:g}")), points("following_ratio")),
                ratio, pl.when(strong).then(pl.lit(f"{key}.following_ratio_strong")).otherwise(pl.lit(f"{key}.following_ratio"))),
            "post_count": item(
                pl.format("{} posts, {}{}", pl.col("x_post_count").round(0).cast(pl.Int64),
                          pl.when(pl.col("p_post_count") > 0).then(pl.lit(f"at or below {o.few_posts:g}"))
                          .otherwise(pl.lit(f"above {o.few_posts:g}")), points("post_count")),
                pl.col("x_post_count"), f"{key}.few_posts"),
            "profile_picture": item(
                pl.format("{}{}", pl.when(pl.col("x_profile_picture") == 0).then(pl.lit("no profile picture"))
                          .otherwise(pl.lit("has a profile picture")), points("profile_picture")),
                pl.col("x_profile_picture"), f"{key}.no_picture_points"),
            "authentic_share": item(
                pl.format("authentic engagement {} of the posts' engagement, {}{}", pl.col("x_authentic_share").round(3),
                          pl.when(pl.col("p_authentic_share") > 0).then(pl.lit(f"below {o.low_authentic_share:g}"))
                          .otherwise(pl.lit(f"not below {o.low_authentic_share:g}")), points("authentic_share")),
                pl.col("x_authentic_share"), f"{key}.low_authentic_share"),
            "engagement": item(
                pl.format("engagement by followers {}x the benchmark, {}{}", pl.col("x_engagement").round(3),
                          pl.when(pl.col("p_engagement") > 0).then(pl.lit(f"below {o.low_engagement:g}x"))
                          .otherwise(pl.lit(f"not below {o.low_engagement:g}x")), points("engagement")),
                pl.col("x_engagement"), f"{key}.low_engagement"),
        }
        total = item(pl.format("{} points from {} measured signals; {} points flag a likely fake", pl.col("points").round(1),
                               pl.col("measured"), pl.lit(f"{o.likely_fake_at:g}")), pl.col("points"), f"{key}.likely_fake_at")
        return pl.concat_list([pl.when(pl.col(f"p_{name}").is_not_null()).then(items[name]) for name in SIGNALS]
                              + [total]).list.drop_nulls()


# what a signal needs, named in the "no data" reason when it cannot be measured
_NEEDS = {"following_ratio": "followers/following", "post_count": "post_count",
          "profile_picture": "has_profile_picture", "engagement": "engagement rate",
          "authentic_share": "authentic_engagement"}


def _short(name: str) -> pl.Expr:
    """The few words the one-line reason gives a signal that fired."""
    if name == "following_ratio":
        return pl.format("follows {}x its followers", pl.col("x_following_ratio").round(1))
    if name == "post_count":
        return pl.format("{} posts", pl.col("x_post_count").round(0).cast(pl.Int64))
    if name == "profile_picture":
        return pl.lit("no profile picture")
    if name == "authentic_share":
        return pl.format("{} of the engagement authentic", pl.col("x_authentic_share").round(2))
    return pl.format("engagement {}x the benchmark", pl.col("x_engagement").round(3))

