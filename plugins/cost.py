"""Built-in scorer `cost`: value for money, the expected engagements a fee buys.

Fee: the input's `fee` where it has one, else the rate card's price of a post for the creator's
platform and follower band (brandfit.cost.rate_card). Expected engagements: the median
interactions of the recent posts (brandfit.cost.value). Score: 100 at or below
`full_score_at` dollars per engagement, falling in proportion above it (twice that price scores 50).
Weight 0 by default: the columns show in every output, the ranking moves only when a brand says so.
"""

from __future__ import annotations

import attrs
import polars as pl
import pyarrow as pa

from brandfit import BatchContext, ScoreBatch, Scorer
from brandfit.cost.rate_card import DEFAULT_BANDS, DEFAULT_CARD, RateBand, card_fee_expr, check_bands
from brandfit.columnar.post_counts import recent_post_counts
from brandfit.cost.value import COMPONENTS, cost_per_engagement, cost_per_thousand_reach, expected_engagements
from brandfit.rules.options import at_least, check_within, each_item_in

# The seed's micro-influencer campaign: $25,000 for ~5M followers engaging at 2.4% (Contevo, 4k-100k
# followers) buys 120,000 engagements, about $0.21 each.
SEED_COST_PER_ENGAGEMENT = round(25_000 / (5_000_000 * 0.024), 2)


_components = each_item_in(COMPONENTS)


@attrs.frozen
class CostOptions:
    rate_card: dict[str, tuple[RateBand, ...]] = attrs.field(
        factory=lambda: {DEFAULT_CARD: DEFAULT_BANDS}, validator=check_bands,
        metadata={"doc": "platform (or \"default\") -> bands [{from_followers, per_thousand, minimum}], lowest first"})
    use_input_fee: bool = attrs.field(default=True, metadata={"doc": "a fee in the input wins over the rate card"})
    recent_posts: int = attrs.field(default=12, validator=at_least(1), metadata={"doc": "how many of the most recent posts to read"})
    components: tuple[str, ...] = attrs.field(default=COMPONENTS, validator=_components,
                                              metadata={"doc": "interactions counted when present"})
    required: tuple[str, ...] = attrs.field(default=("likes", "comments"), validator=_components,
                                            metadata={"doc": "a post without these is left out"})
    full_score_at: float = attrs.field(default=SEED_COST_PER_ENGAGEMENT, validator=at_least(0.0001),
                                       metadata={"doc": "cost per engagement (dollars) at or below which the score is 100"})

    def __attrs_post_init__(self) -> None:
        check_within(self.required, "required", self.components, "components")


class CostScorer(Scorer):
    name = "cost"
    description = ("Value for money: the fee (from the input or the rate card, by platform and follower band) "
                   "per expected engagement of a post; adds fee, expected engagements, cost per engagement "
                   "and cost per thousand reach to the outputs.")
    Options = CostOptions

    @classmethod
    def flag_codes(cls, options: object) -> frozenset[str]:
        return frozenset()

    def score_batch(self, batch: pa.RecordBatch, ctx: BatchContext) -> ScoreBatch:
        o = self.options
        value = expected_engagements(batch, o.recent_posts, o.components, o.required,
                                     ctx.shared(recent_post_counts, o.recent_posts))
        frame = pl.DataFrame([
            pl.Series("followers", batch.column("followers")), pl.Series("platform", batch.column("platform")),
            pl.Series("input_fee", batch.column("fee")), value["n_posts"], value["engagements"],
        ])
        card_fee, band = card_fee_expr(o.rate_card)
        from_input = pl.col("input_fee").is_not_null() & (pl.col("input_fee") >= 0) if o.use_input_fee else pl.lit(False)
        fee, engagements = pl.col("fee"), pl.col("engagements")
        out = frame.with_columns(
            fee=pl.when(from_input).then(pl.col("input_fee")).otherwise(card_fee),
            fee_source=pl.when(from_input).then(pl.lit("input"))
            .otherwise(pl.format("{}.rate_card.{}", pl.lit(self.setup.rule_key), band)),
        ).with_columns(
            cpe=cost_per_engagement(fee, engagements),
            cpm=cost_per_thousand_reach(fee, pl.col("followers")),
            missing=pl.when(pl.col("fee").is_null() & pl.col("followers").is_null())
            .then(pl.lit("no fee in the input and no follower count for the rate card"))
            .when(pl.col("fee").is_null())
            .then(pl.format("no fee in the input and no rate card for platform {}", pl.col("platform").fill_null("(none)")))
            .when(pl.col("n_posts") == 0).then(pl.lit("no posts: expected engagements unknown"))
            .when(engagements.is_null()).then(pl.lit(f"no recent post has {' and '.join(o.required) or 'interactions'}")),
        ).with_columns(
            score=pl.when(pl.col("missing").is_not_null()).then(None)
            .when(fee == 0).then(pl.lit(100.0))
            .otherwise((pl.lit(o.full_score_at) * engagements / fee * 100).clip(0.0, 100.0).round(1)),
        )
        reasons = pl.when(pl.col("score").is_not_null()).then(pl.format(
            "${} per engagement (fee ${} from {}, {} expected engagements)",
            pl.col("cpe").round(3), pl.col("fee").round(0).cast(pl.Int64),
            pl.when(from_input).then(pl.lit("the input")).otherwise(pl.lit("the rate card")),
            engagements.round(0).cast(pl.Int64)))
        result = out.select(reasons=reasons, fee_source=pl.when(pl.col("fee").is_not_null()).then(pl.col("fee_source")))
        evidence = self._evidence(out.with_columns(result["fee_source"])) if ctx.want_evidence else None
        return ScoreBatch(scores=out["score"], missing=out["missing"], reasons=result["reasons"],
                          evidence=evidence,
                          metrics={"fee": out["fee"], "fee_source": result["fee_source"],
                                   "expected_engagements": out["engagements"],
                                   "cost_per_engagement": out["cpe"], "cost_per_thousand_reach": out["cpm"]})

    def _evidence(self, out: pl.DataFrame) -> pl.Series:
        key = self.setup.rule_key
        none_s = pl.lit(None, dtype=pl.String)
        fee_item = pl.struct(message=pl.format("fee ${} ({})", pl.col("fee").round(2), pl.col("fee_source")), post=none_s,
                             term=none_s, value=pl.col("fee"),
                             rule=pl.when(pl.col("fee_source") == "input").then(pl.lit("fee (input)")).otherwise(pl.col("fee_source")))
        engagement_item = pl.struct(message=pl.format("median interactions of the recent posts: {}", pl.col("engagements").round(1)),
                                    post=none_s, term=none_s, value=pl.col("engagements"), rule=pl.lit(f"{key}.required"))
        score_item = pl.struct(message=pl.format("${} per engagement; ${} or less scores 100", pl.col("cpe").round(3),
                                                 pl.lit(self.options.full_score_at)),
                               post=none_s, term=none_s, value=pl.col("cpe"), rule=pl.lit(f"{key}.full_score_at"))
        items = pl.concat_list(fee_item, engagement_item, score_item)
        none = pl.lit([], dtype=pl.List(pl.Struct({"message": pl.String, "post": pl.String, "term": pl.String,
                                                   "value": pl.Float64, "rule": pl.String})))
        return out.select(pl.when(pl.col("score").is_not_null()).then(items).otherwise(none)).to_series()

