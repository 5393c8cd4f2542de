"""Built-in scorer `tier`: how much the brand wants a creator of this size."""

from __future__ import annotations

import attrs
import polars as pl
import pyarrow as pa

from brandfit import BatchContext, ScoreBatch, Scorer
from brandfit.rules.model import ALL_TIERS
from brandfit.engine.tier_bands import band_floor_expr
from brandfit.rules.options import OptionError, between, each_value

DEFAULT_PREFERENCE = {"below_nano": 20.0, "nano": 70.0, "micro": 100.0, "mid": 85.0, "macro": 60.0, "mega": 40.0}


def _known_tiers(instance: object, attribute: attrs.Attribute, value: dict[str, float]) -> None:
    for tier in value:
        if tier not in ALL_TIERS:
            from brandfit.rules.options import did_you_mean

            raise OptionError(f"{attribute.name}.{tier}",
                              f"unknown tier{did_you_mean(tier, ALL_TIERS)}; expected one of: {', '.join(ALL_TIERS)}")


@attrs.frozen
class TierOptions:
    preference: dict[str, float] = attrs.field(
        factory=lambda: dict(DEFAULT_PREFERENCE),
        validator=[_known_tiers, each_value(between(0, 100))],
        metadata={"doc": "score 0-100 per tier (below_nano, nano, micro, mid, macro, mega); tiers left out score 0"},
    )


class TierScorer(Scorer):
    name = "tier"
    description = ("Scores the creator's size tier (from followers and the [tiers] bands of their platform) "
                   "by the brand's preference for that tier.")
    Options = TierOptions


    @classmethod
    def flag_codes(cls, options: object) -> frozenset[str]:
        return frozenset({"tier.below-nano"})
    def _band_rule(self) -> pl.Expr:
        """The rule key that set the band: the platform override where there is one."""
        return (pl.when(_overridden(self.setup.tiers.platforms))
                .then(pl.format("tiers.platforms.{}.{}", pl.col("platform"), pl.col("tier")))
                .otherwise(pl.format("tiers.{}", pl.col("tier"))))

    def score_batch(self, batch: pa.RecordBatch, ctx: BatchContext) -> ScoreBatch:
        # Three columns of the batch are all this scorer reads: converting just those is far cheaper
        # than ctx.frame (the whole batch, posts and all), which scorers reading posts share.
        frame = pl.DataFrame([pl.Series("followers", batch.column("followers")),
                              pl.Series("platform", batch.column("platform")), pl.Series("tier", ctx.tiers)])
        pref = {t: float(self.options.preference.get(t, 0.0)) for t in ALL_TIERS}
        score = pl.col("tier").replace_strict(pref, default=None, return_dtype=pl.Float64)
        followers = pl.col("followers").round(0).cast(pl.Int64).cast(pl.String)
        out = frame.select(
            score=score,
            missing=pl.when(pl.col("tier").is_null()).then(pl.lit("follower count missing")),
            reasons=pl.format("{} tier ({} followers)", pl.col("tier"), followers),
            flags=pl.when(pl.col("tier") == "below_nano").then(pl.lit(["tier.below-nano"])).otherwise(pl.lit([], dtype=pl.List(pl.String))),
        )
        evidence = None
        if ctx.want_evidence:
            tier_item = pl.struct(
                message=pl.format("{} followers on {}: tier {} (from {} followers up)", followers,
                                  pl.col("platform").fill_null("unknown platform"), pl.col("tier"), pl.col("floor")),
                post=pl.lit(None, dtype=pl.String), term=pl.lit(None, dtype=pl.String),
                value=pl.col("followers"), rule=self._band_rule(),
            )
            pref_item = pl.struct(
                message=pl.format("brand preference for tier {}: {}", pl.col("tier"), pl.col("score")),
                post=pl.lit(None, dtype=pl.String), term=pl.lit(None, dtype=pl.String),
                value=pl.col("score"), rule=pl.format("{}.preference.{}", pl.lit(self.setup.rule_key), pl.col("tier")),
            )
            # the band floor is only shown in evidence
            evidence = frame.with_columns(score.alias("score"), band_floor_expr(self.setup.tiers).alias("floor")).select(
                pl.when(pl.col("tier").is_null()).then(pl.lit(None)).otherwise(pl.concat_list(tier_item, pref_item)).alias("e")
            )["e"]
        return ScoreBatch(scores=out["score"], missing=out["missing"], reasons=out["reasons"], flags=out["flags"],
                          evidence=evidence)


def _overridden(platforms: dict[str, dict[str, int]]) -> pl.Expr:
    """True where the row's platform overrides the band of the row's tier."""
    expr = pl.lit(False)
    for platform, bands in platforms.items():
        expr = expr | ((pl.col("platform") == platform) & pl.col("tier").is_in(list(bands)))
    return expr

