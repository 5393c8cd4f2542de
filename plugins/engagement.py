"""Built-in scorer `engagement`: engagement rate over recent posts, against the tier's benchmark.

Per post: (sum of the interaction components present) / followers, or / views on platforms where
vetting tools measure by views (TikTok, YouTube) and the post has views. A post lacking a
`required` component is left out (never counted as zero). The creator's rate is the mean or median
over the most recent posts, compared with the benchmark of their tier.
"""

from __future__ import annotations

from typing import Literal

import attrs
import polars as pl
import pyarrow as pa

from brandfit import BatchContext, ScoreBatch, Scorer, hookimpl
from brandfit.rule_model import ALL_TIERS
from brandfit.term_matching import recent_posts
from brandfit.typed_options import OptionError, at_least, between, each_value

COMPONENTS = ("likes", "comments", "shares", "saves")
# Defaults from the seed articles (Contevo, Markerly): engagement falls as followings grow.
BENCHMARK = {"below_nano": 0.0975, "nano": 0.045, "micro": 0.024, "mid": 0.0175, "macro": 0.0175, "mega": 0.016}
BENCHMARK_VIEWS = {"below_nano": 0.10, "nano": 0.09, "micro": 0.08, "mid": 0.07, "macro": 0.06, "mega": 0.05}


def _components(instance: object, attribute: attrs.Attribute, value: tuple[str, ...]) -> None:
    for i, item in enumerate(value):
        if item not in COMPONENTS:
            raise OptionError(f"{attribute.name}[{i}]", f"expected one of {', '.join(COMPONENTS)}, got {item!r}")


def _tiers(instance: object, attribute: attrs.Attribute, value: dict[str, float]) -> None:
    for tier, rate in value.items():
        if tier not in ALL_TIERS:
            raise OptionError(f"{attribute.name}.{tier}", f"unknown tier; expected one of: {', '.join(ALL_TIERS)}")
        if not 0 < rate <= 1:
            raise OptionError(f"{attribute.name}.{tier}", f"expected a rate above 0 and at most 1 (2.4% is 0.024), got {rate!r}")


@attrs.frozen
class EngagementOptions:
    recent_posts: int = attrs.field(default=12, validator=at_least(1), metadata={"doc": "how many of the most recent posts to use"})
    aggregate: Literal["median", "mean"] = attrs.field(default="median", metadata={"doc": "how post rates combine: median resists one viral post"})
    by_views: tuple[str, ...] = attrs.field(default=("tiktok", "youtube"), metadata={"doc": "platforms measured per view (when posts have views)"})
    components: tuple[str, ...] = attrs.field(default=COMPONENTS, validator=_components, metadata={"doc": "interactions counted when present"})
    required: tuple[str, ...] = attrs.field(default=("likes", "comments"), validator=_components, metadata={"doc": "a post without these is left out"})
    benchmark: dict[str, float] = attrs.field(factory=lambda: dict(BENCHMARK), validator=_tiers, metadata={"doc": "expected rate by followers, per tier (fraction)"})
    benchmark_views: dict[str, float] = attrs.field(factory=lambda: dict(BENCHMARK_VIEWS), validator=_tiers, metadata={"doc": "expected rate by views, per tier (fraction)"})
    full_score_at: float = attrs.field(default=1.5, validator=between(0.01, 100), metadata={"doc": "rate / benchmark that scores 100 (linear below)"})
    suspicious_multiple: float = attrs.field(default=5.0, validator=at_least(1), metadata={"doc": "rate / benchmark above which engagement is implausible (pods, bought likes)"})
    suspicious_score: float = attrs.field(default=40.0, validator=between(0, 100), metadata={"doc": "score cap for implausible engagement"})

    def __attrs_post_init__(self) -> None:
        for i, item in enumerate(self.required):
            if item not in self.components:
                raise OptionError(f"required[{i}]", f"{item!r} is required but not in components")


class EngagementScorer(Scorer):
    name = "engagement"
    description = ("Median (or mean) engagement rate of the most recent posts, by followers or by views, "
                   "scored against the benchmark of the creator's tier; flags implausibly high engagement.")
    Options = EngagementOptions


    @classmethod
    def flag_codes(cls, options: object) -> frozenset[str]:
        return frozenset({"engagement.suspicious"})
    def score_batch(self, batch: pa.RecordBatch, ctx: BatchContext) -> ScoreBatch:
        o = self.options
        frame = ctx.frame
        creators = frame.select(pl.int_range(pl.len(), dtype=pl.UInt32).alias("cid"), "followers", "platform", "tier")
        posts = recent_posts(frame.select("posts"), o.recent_posts)
        if posts.height == 0:
            posts = pl.DataFrame(schema={"cid": pl.UInt32, "id": pl.String, "ordinal": pl.UInt32,
                                         **{c: pl.Float64 for c in (*COMPONENTS, "views")}})
        # a negative count is missing, as every reader's row path makes it (the columnar path may not)
        posts = posts.with_columns([pl.when(pl.col(c) >= 0).then(pl.col(c)).alias(c) for c in (*COMPONENTS, "views")])
        complete = pl.all_horizontal([pl.col(c).is_not_null() for c in o.required]) if o.required else pl.lit(True)
        interactions = pl.sum_horizontal([pl.col(c) for c in o.components])
        posts = (
            posts.select("cid", "id", "ordinal", "views", complete.alias("complete"), interactions.alias("interactions"))
            .join(creators, on="cid", how="left")
        )
        viewed = posts.filter(pl.col("complete") & (pl.col("views") > 0) & pl.col("platform").is_in(list(o.by_views)))
        by_views = viewed.select("cid").unique()
        posts = posts.with_columns(pl.col("cid").is_in(by_views["cid"].implode()).alias("use_views"))
        denominator = pl.when(pl.col("use_views")).then(pl.when(pl.col("views") > 0).then(pl.col("views")))\
            .otherwise(pl.when(pl.col("followers") > 0).then(pl.col("followers")))
        posts = posts.with_columns(rate=pl.when(pl.col("complete")).then(pl.col("interactions") / denominator))
        agg = pl.col("rate").drop_nulls()
        per_creator = posts.group_by("cid").agg(
            n_posts=pl.len(),
            n_used=pl.col("rate").is_not_null().sum(),
            n_complete=pl.col("complete").sum(),
            use_views=pl.col("use_views").first(),
            rate=agg.median() if o.aggregate == "median" else agg.mean(),
        )
        bench = pl.when(pl.col("use_views")).then(
            pl.col("tier").replace_strict(o.benchmark_views, default=None, return_dtype=pl.Float64)
        ).otherwise(pl.col("tier").replace_strict(o.benchmark, default=None, return_dtype=pl.Float64))
        out = creators.join(per_creator, on="cid", how="left").sort("cid").with_columns(
            use_views=pl.col("use_views").fill_null(False), n_posts=pl.col("n_posts").fill_null(0),
        ).with_columns(benchmark=bench)
        out = out.with_columns(ratio=pl.col("rate") / pl.col("benchmark"))
        suspicious = pl.col("ratio") > o.suspicious_multiple
        raw = (pl.col("ratio") * 100.0 / o.full_score_at).clip(0.0, 100.0)
        out = out.with_columns(
            suspicious=suspicious.fill_null(False),
            score=pl.when(suspicious).then(pl.min_horizontal(raw, pl.lit(o.suspicious_score))).otherwise(raw).round(1),
        )
        basis = pl.when(pl.col("use_views")).then(pl.lit("views")).otherwise(pl.lit("followers"))
        missing = (
            pl.when(pl.col("n_posts") == 0).then(pl.lit("no posts"))
            .when(pl.col("n_complete") == 0).then(pl.lit(f"no recent post has {' and '.join(o.required)}"))
            .when(~pl.col("use_views") & pl.col("followers").is_null()).then(pl.lit("follower count missing"))
            .when(pl.col("rate").is_null()).then(pl.lit("no post has a usable denominator (followers or views)"))
            .when(pl.col("benchmark").is_null()).then(pl.format("no benchmark for tier {}", pl.col("tier").fill_null("unknown")))
        )
        pct = lambda e: pl.format("{}%", (e * 100).round(2))  # noqa: E731
        reasons = pl.when(pl.col("score").is_not_null()).then(pl.format(
            "{} {} by {} over {} posts, {}x the {} benchmark of {}{}",
            pl.lit(o.aggregate), pct(pl.col("rate")), basis, pl.col("n_used"), pl.col("ratio").round(2),
            pl.col("tier"), pct(pl.col("benchmark")),
            pl.when(pl.col("suspicious")).then(pl.lit(" (implausibly high)")).otherwise(pl.lit("")),
        ))
        flags = pl.when(pl.col("suspicious")).then(pl.lit(["engagement.suspicious"])).otherwise(pl.lit([], dtype=pl.List(pl.String)))
        result = out.select(score=pl.when(missing.is_null()).then(pl.col("score")), missing=missing, reasons=reasons,
                            flags=flags, rate=pl.col("rate"), basis=pl.when(pl.col("rate").is_not_null()).then(basis))
        evidence = self._evidence(out, posts, basis, pct) if ctx.want_evidence else None
        return ScoreBatch(scores=result["score"], missing=result["missing"], reasons=result["reasons"],
                          flags=result["flags"], evidence=evidence,
                          metrics={"engagement_rate": result["rate"], "engagement_basis": result["basis"]})

    def _evidence(self, out: pl.DataFrame, posts: pl.DataFrame, basis: pl.Expr, pct) -> pl.Series:  # type: ignore[no-untyped-def]
        o, key = self.options, self.setup.rule_key
        none_s, none_f = pl.lit(None, dtype=pl.String), pl.lit(None, dtype=pl.Float64)
        post_items = posts.sort("cid", "ordinal").select(
            "cid",
            item=pl.struct(
                message=pl.when(pl.col("rate").is_not_null()).then(
                    pl.format("post rate {} ({} interactions / {} {})", pct(pl.col("rate")), pl.col("interactions").round(0).cast(pl.Int64),
                              pl.when(pl.col("use_views")).then(pl.col("views")).otherwise(pl.col("followers")).round(0).cast(pl.Int64),
                              pl.when(pl.col("use_views")).then(pl.lit("views")).otherwise(pl.lit("followers")))
                ).otherwise(pl.lit(f"left out: lacks {' or '.join(o.required)} or a denominator")),
                post=pl.coalesce(pl.col("id"), pl.format("#{}", pl.col("ordinal") + 1)), term=none_s,
                value=pl.col("rate"), rule=pl.lit(f"{key}.required"),
            ),
        ).group_by("cid").agg(pl.col("item"))
        summary = out.select(
            "cid", "rate",
            pl.concat_list(
                pl.struct(message=pl.format("{} rate {} by {} over {} usable of {} recent posts", pl.lit(o.aggregate), pct(pl.col("rate")),
                                            basis, pl.col("n_used").fill_null(0), pl.col("n_posts")),
                          post=none_s, term=none_s, value=pl.col("rate"), rule=pl.lit(f"{key}.aggregate")),
                pl.struct(message=pl.format("benchmark for tier {} by {}: {}", pl.col("tier"), basis, pct(pl.col("benchmark"))),
                          post=none_s, term=none_s, value=pl.col("benchmark"),
                          rule=pl.format("{}.{}.{}", pl.lit(key), pl.when(pl.col("use_views")).then(pl.lit("benchmark_views")).otherwise(pl.lit("benchmark")), pl.col("tier"))),
                pl.struct(message=pl.format("{}x benchmark; {}x scores 100{}", pl.col("ratio").round(2), pl.lit(o.full_score_at),
                                            pl.when(pl.col("suspicious")).then(pl.lit(f"; above {o.suspicious_multiple}x: implausible, capped at {o.suspicious_score:g}")).otherwise(pl.lit(""))),
                          post=none_s, term=none_s, value=pl.col("ratio"), rule=pl.lit(f"{key}.full_score_at")),
            ).alias("summary"),
        )
        merged = summary.join(post_items, on="cid", how="left").sort("cid")
        # no rate, no summary: a benchmark line for a creator without data would explain nothing
        summary_or_none = pl.when(pl.col("rate").is_not_null()).then(pl.col("summary")).otherwise(pl.lit([], dtype=merged.schema["summary"]))
        return merged.select(pl.concat_list(summary_or_none, pl.col("item").fill_null([]))).to_series()


@hookimpl
def brandfit_scorers() -> list[type[Scorer]]:
    return [EngagementScorer]
