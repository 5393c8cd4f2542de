"""Built-in scorer `engagement`: engagement rate over recent posts, against a benchmark curve.

Per post: (sum of the interaction components present) / followers, or / views on platforms where
vetting tools measure by views (TikTok, YouTube) and the post has views. A post lacking a
`required` component is left out (never counted as zero). The creator's rate is the median or
mean over the most recent posts, compared with the benchmark curve of their platform and basis at
their follower count (brandfit.benchmarks.curve). The score is continuous in the ratio.

Everything is computed once, in numpy, from the batch's Arrow columns; the evidence `explain`
shows is read from the same arrays as the score, so the two cannot disagree.
"""

from __future__ import annotations

import math
from typing import Literal, NamedTuple

import attrs
import numpy as np
import polars as pl
import pyarrow as pa

from brandfit import BatchContext, ScoreBatch, Scorer
from brandfit.benchmarks.curve import BASES, Curve, curve_values, expected_rates
from brandfit.columnar.post_counts import COMPONENTS, Counts, PostCounts, counts_of, median_by_creator, recent_post_counts
from brandfit.columnar.post_counts import interactions as post_interactions
from brandfit.rules.options import OptionError, at_least, between, check_within, each_item_in

# Instagram and X per follower, from the seed articles (the same anchors as default.toml, which says
# where each comes from): Contevo's bands at their geometric middles, Markerly's 10M+ likes + comments.
_SEED_FOLLOWERS = (316.0, 2000.0, 20000.0, 1000000.0, 10000000.0)
_SEED_RATES = (0.0975, 0.045, 0.024, 0.0175, 0.0164)
SEED_CURVES = {platform: {"followers": Curve(_SEED_FOLLOWERS, _SEED_RATES)} for platform in ("instagram", "x")}

_components = each_item_in(COMPONENTS)


def _bases(instance: object, attribute: attrs.Attribute, value: dict[str, dict[str, Curve]]) -> None:
    for platform, by_basis in value.items():
        for basis in by_basis:
            if basis not in BASES:
                raise OptionError(f"{attribute.name}.{platform}.{basis}",
                                  f"unknown basis; expected one of: {', '.join(BASES)}")


@attrs.frozen
class EngagementOptions:
    recent_posts: int = attrs.field(default=12, validator=at_least(1), metadata={"doc": "how many of the most recent posts to use"})
    aggregate: Literal["median", "mean"] = attrs.field(default="median", metadata={"doc": "how post rates combine: median resists one viral post"})
    by_views: tuple[str, ...] = attrs.field(default=("tiktok", "youtube"), metadata={"doc": "platforms measured per view (when posts have views)"})
    components: tuple[str, ...] = attrs.field(default=COMPONENTS, validator=_components, metadata={"doc": "interactions counted when present"})
    required: tuple[str, ...] = attrs.field(default=("likes", "comments"), validator=_components, metadata={"doc": "a post without these is left out"})
    curves: dict[str, dict[str, Curve]] = attrs.field(
        factory=lambda: dict(SEED_CURVES), validator=_bases,
        metadata={"doc": "benchmark curves: platform -> basis (followers or views) -> {followers = [...], rate = [...]}"})
    score_75_at: float = attrs.field(default=2.0, validator=between(1.01, 100),
                                     metadata={"doc": "rate / benchmark that scores 75 (the benchmark scores 50, its inverse 25)"})
    suspicious_multiple: float = attrs.field(default=10.0, validator=at_least(1), metadata={"doc": "rate / benchmark above which engagement is implausible (pods, bought likes)"})
    suspicious_score: float = attrs.field(default=40.0, validator=between(0, 100),
                                          metadata={"doc": "score at suspicious_multiple for implausible engagement, falling in proportion above it"})

    def __attrs_post_init__(self) -> None:
        check_within(self.required, "required", self.components, "components")


def benchmark_rates(platform: np.ndarray, basis: np.ndarray, followers: np.ndarray, options: EngagementOptions) -> np.ndarray:
    """The benchmark engagement rate of each creator: ``options.curves[platform][basis]`` at its
    follower count (NaN where there is no such curve or no follower count). ``platform`` and
    ``basis`` ("followers" or "views") are arrays of str or None. The one place a benchmark is
    looked up, shared with the authenticity scorer."""
    return expected_rates(options.curves, platform, basis, followers)


def score_of_ratio(ratio: np.ndarray, score_75_at: np.ndarray | float) -> np.ndarray:
    """The engagement score of ``rate / benchmark``: 100 r^k / (1 + r^k), k = ln 3 / ln score_75_at
    (one number, or one per creator where curves set their own).

    The benchmark scores 50, ``score_75_at`` times it 75, and the score keeps rising, ever more
    slowly, without reaching 100: no plateau where creators tie.
    """
    k = math.log(3.0) / np.log(score_75_at)
    with np.errstate(divide="ignore", over="ignore", invalid="ignore"):
        return 100.0 / (1.0 + np.power(ratio, -k))


def implausible_score(ratio: np.ndarray, multiple: np.ndarray | float, score_75_at: np.ndarray | float,
                      options: EngagementOptions) -> np.ndarray:
    """The score above ``suspicious_multiple``: ``suspicious_score`` there, falling as the ratio
    climbs (suspicious_score x suspicious_multiple / ratio), so that the more implausible ranks lower
    and flagged creators do not all tie."""
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.minimum(options.suspicious_score * multiple / ratio, score_of_ratio(ratio, score_75_at))


class Rates(NamedTuple):
    """Each recent post's numbers (post order: by creator, as recent_posts keeps them) and each
    creator's: the arrays both the score and the evidence are read from."""

    cid: np.ndarray           # the post's creator (row in the batch)
    ordinal: np.ndarray       # the post's place in its creator's list (file order)
    interactions: np.ndarray  # sum of the components present
    denominator: np.ndarray   # views or followers, whichever the creator is measured by
    used: np.ndarray          # the post has a rate
    rate: np.ndarray          # interactions / denominator where used (NaN elsewhere)
    n_posts: np.ndarray       # per creator: recent posts read
    n_complete: np.ndarray    # per creator: posts with every required component
    n_used: np.ndarray        # per creator: posts with a rate
    use_views: np.ndarray     # per creator: measured by views
    creator_rate: np.ndarray  # per creator: median or mean of the post rates (NaN: none)


def creator_rates(batch: pa.RecordBatch, options: EngagementOptions,
                  posts: PostCounts | None = None) -> Rates:
    """Per post and per creator engagement rates of a batch, as the scorer computes them (also
    what `brandfit calibrate` summarizes); ``posts``: ``recent_post_counts(batch,
    options.recent_posts)`` if already at hand."""
    o = options
    n = batch.num_rows
    cid, ordinal, counts = posts if posts is not None else recent_post_counts(batch, o.recent_posts)
    followers = counts_of(batch.column("followers")) if "followers" in batch.schema.names else Counts(np.full(n, np.nan), np.zeros(n, bool))
    interactions, complete = post_interactions(counts, o.components, o.required)
    views = counts["views"]
    viewed = views.present & (views.values > 0)
    on_views_platform = _is_in(batch, "platform", o.by_views)
    use_views = on_views_platform & (np.bincount(cid[complete & viewed], minlength=n) > 0)
    by_views = use_views[cid]
    has_followers = followers.present & (followers.values > 0)
    used = complete & np.where(by_views, viewed, has_followers[cid])
    denominator = np.where(by_views, views.values, followers.values[cid])
    with np.errstate(all="ignore"):  # where `used` is false the values are anything
        rate = np.where(used, interactions / denominator, np.nan)
    n_used = np.bincount(cid[used], minlength=n)
    per_creator = median_by_creator(cid[used], rate[used], n) if o.aggregate == "median" \
        else _mean_by_creator(cid[used], rate[used], n_used)
    return Rates(cid, ordinal, interactions, denominator, used, rate,
                 n_posts=np.bincount(cid, minlength=n), n_complete=np.bincount(cid[complete], minlength=n),
                 n_used=n_used, use_views=use_views, creator_rate=per_creator)


class EngagementScorer(Scorer):
    name = "engagement"
    description = ("Median (or mean) engagement rate of the most recent posts, by followers or by views, "
                   "scored against a benchmark curve of follower count per platform; flags implausibly high engagement.")
    Options = EngagementOptions

    @classmethod
    def flag_codes(cls, options: object) -> frozenset[str]:
        return frozenset({"engagement.suspicious"})

    def score_batch(self, batch: pa.RecordBatch, ctx: BatchContext) -> ScoreBatch:
        o = self.options
        n = batch.num_rows
        r = creator_rates(batch, o, ctx.shared(recent_post_counts, o.recent_posts))
        followers = counts_of(batch.column("followers")).values if "followers" in batch.schema.names else np.full(n, np.nan)
        platform = _strings_of(batch, "platform")
        basis = np.where(r.use_views, "views", "followers").astype(object)
        benchmark, multiple, own_75 = curve_values(o.curves, platform, basis, followers, o.suspicious_multiple)
        curve_sets_75 = ~np.isnan(own_75)  # for the evidence: which rule key the 75 came from
        score_75_at = np.where(curve_sets_75, own_75, o.score_75_at)
        with np.errstate(divide="ignore", invalid="ignore"):
            ratio = r.creator_rate / benchmark
        suspicious = ratio > multiple  # NaN compares false
        score = np.round(np.where(suspicious, implausible_score(ratio, multiple, score_75_at, o),
                                  score_of_ratio(ratio, score_75_at)), 1)
        frame = pl.DataFrame({
            "platform": pl.Series(platform, dtype=pl.String), "followers": pl.Series(followers, nan_to_null=True),
            "basis": pl.Series(basis, dtype=pl.String), "n_posts": r.n_posts, "n_complete": r.n_complete, "n_used": r.n_used,
            "rate": pl.Series(r.creator_rate, nan_to_null=True), "benchmark": pl.Series(benchmark, nan_to_null=True),
            "ratio": pl.Series(ratio, nan_to_null=True), "suspicious": suspicious, "multiple": multiple,
            "score_75_at": score_75_at, "curve_sets_75": curve_sets_75,
            "score": pl.Series(score, nan_to_null=True),
        })
        missing = (
            pl.when(pl.col("n_posts") == 0).then(pl.lit("no posts"))
            .when(pl.col("n_complete") == 0).then(pl.lit(f"no recent post has {' and '.join(o.required)}"))
            .when((pl.col("basis") == "followers") & pl.col("followers").is_null()).then(pl.lit("follower count missing"))
            .when(pl.col("rate").is_null()).then(pl.lit("no post has a usable denominator (followers or views)"))
            .when(pl.col("followers").is_null()).then(pl.lit("follower count missing: the benchmark is a curve of followers"))
            .when(pl.col("benchmark").is_null()).then(pl.format(
                "no per-{} benchmark for {} (add [scorers.engagement.curves.{}.{}], or run brandfit calibrate)",
                pl.col("basis").str.strip_suffix("s"), pl.col("platform").fill_null("an unknown platform"),
                pl.col("platform").fill_null("PLATFORM"), pl.col("basis")))
        )
        reasons = pl.format(
            "{} {} by {} over {} posts, {}x the benchmark of {} at {} followers{}",
            pl.lit(o.aggregate), _pct(pl.col("rate")), pl.col("basis"), pl.col("n_used"), pl.col("ratio").round(2),
            _pct(pl.col("benchmark")), pl.col("followers").round(0).cast(pl.Int64),
            pl.when(pl.col("suspicious")).then(pl.lit(" (implausibly high)")).otherwise(pl.lit("")),
        )
        flags = pl.when(pl.col("suspicious")).then(pl.lit(["engagement.suspicious"])).otherwise(pl.lit([], dtype=pl.List(pl.String)))
        out = frame.with_columns(missing=missing)
        result = out.select(
            score=pl.when(pl.col("missing").is_null()).then(pl.col("score")), missing="missing",
            reasons=pl.when(pl.col("missing").is_null()).then(reasons), flags=flags, rate="rate",
            basis=pl.when(pl.col("rate").is_not_null()).then(pl.col("basis")),
        )
        evidence = self._evidence(out, r, batch) if ctx.want_evidence else None
        return ScoreBatch(scores=result["score"], missing=result["missing"], reasons=result["reasons"],
                          flags=result["flags"], evidence=evidence,
                          metrics={"engagement_rate": result["rate"], "engagement_basis": result["basis"]})

    def _evidence(self, out: pl.DataFrame, r: Rates, batch: pa.RecordBatch) -> pl.Series:
        """Evidence from the arrays the score came from: a summary per creator with a rate, then each post."""
        o, key = self.options, self.setup.rule_key
        none_s = pl.lit(None, dtype=pl.String)
        ids = _post_ids(batch, r.cid, r.ordinal)
        posts = pl.DataFrame({
            "cid": r.cid, "ordinal": r.ordinal, "id": pl.Series(ids, dtype=pl.String),
            "rate": pl.Series(r.rate, nan_to_null=True), "interactions": r.interactions,
            "denominator": pl.Series(r.denominator, nan_to_null=True),
            "basis": pl.Series(np.where(r.use_views[r.cid], "views", "followers"), dtype=pl.String),
        })
        post_items = posts.sort("cid", "ordinal").select(
            "cid",
            item=pl.struct(
                message=pl.when(pl.col("rate").is_not_null()).then(
                    pl.format("post rate {} ({} interactions / {} {})", _pct(pl.col("rate")), pl.col("interactions").round(0).cast(pl.Int64),
                              pl.col("denominator").round(0).cast(pl.Int64), pl.col("basis"))
                ).otherwise(pl.lit(f"left out: lacks {' or '.join(o.required)} or a denominator")),
                post=pl.coalesce(pl.col("id"), pl.format("#{}", pl.col("ordinal") + 1)), term=none_s,
                value=pl.col("rate"), rule=pl.lit(f"{key}.required"),
            ),
        ).group_by("cid").agg(pl.col("item"))
        above = pl.format("; above {}x: implausible, {} x {} / ratio", pl.col("multiple"), pl.lit(f"{o.suspicious_score:g}"), pl.col("multiple"))
        summary = out.with_row_index("cid").select(
            "cid", "rate",
            pl.concat_list(
                pl.struct(message=pl.format("{} rate {} by {} over {} usable of {} recent posts", pl.lit(o.aggregate), _pct(pl.col("rate")),
                                            pl.col("basis"), pl.col("n_used"), pl.col("n_posts")),
                          post=none_s, term=none_s, value=pl.col("rate"), rule=pl.lit(f"{key}.aggregate")),
                pl.struct(message=pl.format("benchmark for {} by {} at {} followers: {} (curve)", pl.col("platform"), pl.col("basis"),
                                            pl.col("followers").round(0).cast(pl.Int64), _pct(pl.col("benchmark"))),
                          post=none_s, term=none_s, value=pl.col("benchmark"),
                          rule=pl.format("{}.curves.{}.{}", pl.lit(key), pl.col("platform"), pl.col("basis"))),
                pl.struct(message=pl.format("{}x benchmark scores {}; {}x scores 75{}", pl.col("ratio").round(2), pl.col("score"),
                                            pl.col("score_75_at").cast(pl.String).str.strip_suffix(".0"),
                                            pl.when(pl.col("suspicious")).then(above).otherwise(pl.lit(""))),
                          post=none_s, term=none_s, value=pl.col("ratio"),
                          rule=pl.when(pl.col("curve_sets_75"))
                          .then(pl.format("{}.curves.{}.{}.score_75_at", pl.lit(key), pl.col("platform"), pl.col("basis")))
                          .otherwise(pl.lit(f"{key}.score_75_at"))),
            ).alias("summary"),
        )
        merged = summary.with_columns(pl.col("cid").cast(pl.Int64)).join(
            post_items.with_columns(pl.col("cid").cast(pl.Int64)), on="cid", how="left").sort("cid")
        # no score, no summary: a benchmark line for a creator without one would explain nothing
        scored = out["missing"].is_null() & out["rate"].is_not_null()
        summary_or_none = pl.when(pl.Series(scored)).then(pl.col("summary")).otherwise(pl.lit([], dtype=merged.schema["summary"]))
        return merged.select(pl.concat_list(summary_or_none, pl.col("item").fill_null([]))).to_series()


def _pct(e: pl.Expr) -> pl.Expr:
    return pl.format("{}%", (e * 100).round(2))


def _mean_by_creator(cid: np.ndarray, rates: np.ndarray, n_used: np.ndarray) -> np.ndarray:
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.bincount(cid, weights=rates, minlength=len(n_used)) / np.where(n_used > 0, n_used, np.nan)


def _is_in(batch: pa.RecordBatch, name: str, values: tuple[str, ...]) -> np.ndarray:
    """Whether each row's ``name`` is one of ``values`` (null or absent: no)."""
    if not values or name not in batch.schema.names:
        return np.zeros(batch.num_rows, dtype=bool)
    column = pl.Series(batch.column(name)).cast(pl.String, strict=False)
    return column.is_in(list(values)).fill_null(False).to_numpy()


def _strings_of(batch: pa.RecordBatch, name: str) -> np.ndarray:
    """A text column as a numpy object array (None for null; all None when absent)."""
    if name not in batch.schema.names:
        return np.full(batch.num_rows, None, dtype=object)
    return pl.Series(batch.column(name)).cast(pl.String, strict=False).to_numpy().astype(object)


def _post_ids(batch: pa.RecordBatch, cid: np.ndarray, ordinal: np.ndarray) -> list[str | None]:
    """The ``id`` of each post (None where it has none), for evidence."""
    posts = pl.Series(batch.column("posts")) if "posts" in batch.schema.names else None
    if posts is None or not len(cid) or "id" not in [f.name for f in batch.schema.field("posts").type.value_type]:
        return [None] * len(cid)
    return [p[o]["id"] if p is not None and p[o] is not None else None
            for p, o in zip(posts.gather(cid).to_list(), ordinal.tolist(), strict=True)]

