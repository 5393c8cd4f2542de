"""Built-in scorer `engagement`: engagement rate over recent posts, against the tier's benchmark.

Per post: (sum of the interaction components present) / followers, or / views on platforms where
vetting tools measure by views (TikTok, YouTube) and the post has views. A post lacking a
`required` component is left out (never counted as zero). The creator's rate is the mean or median
over the most recent posts, compared with the benchmark of their tier.
"""

from __future__ import annotations

from typing import Literal, NamedTuple

import attrs
import numpy as np
import polars as pl
import pyarrow as pa
import pyarrow.compute as pc

from brandfit import BatchContext, ScoreBatch, Scorer, hookimpl
from brandfit.columnar.lists import to_numpy
from brandfit.columnar.posts import recency_order, recent_posts
from brandfit.rules.model import ALL_TIERS
from brandfit.rules.options import OptionError, at_least, between, check_within, each_item_in

COMPONENTS = ("likes", "comments", "shares", "saves")
# Defaults from the seed articles (Contevo, Markerly): engagement falls as followings grow.
BENCHMARK = {"below_nano": 0.0975, "nano": 0.045, "micro": 0.024, "mid": 0.0175, "macro": 0.0175, "mega": 0.016}
BENCHMARK_VIEWS = {"below_nano": 0.10, "nano": 0.09, "micro": 0.08, "mid": 0.07, "macro": 0.06, "mega": 0.05}


_components = each_item_in(COMPONENTS)


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
        check_within(self.required, "required", self.components, "components")


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
        # the three columns only: ctx.frame would convert the posts too, which the fast path skips
        creators = pl.from_arrow(batch.select(["followers", "platform"])).with_columns(tier=pl.Series(ctx.tiers))
        # Two ways to the same per-creator numbers: without evidence, straight from the Arrow
        # columns with numpy (no explode, no joins); with evidence, through a frame of every post,
        # which the evidence lists. Both share `_scored` and what follows. A batch of one creator
        # takes the general path: there the join makes the follower count a polars scalar column,
        # and dividing by a scalar multiplies by its reciprocal (one ulp off, at times), which the
        # fast path would not reproduce.
        fast = not ctx.want_evidence and creators.height > 1
        per_creator = self._per_creator_fast(batch, creators.height) if fast else None
        posts = None
        if per_creator is None:
            creators = creators.with_columns(pl.int_range(pl.len(), dtype=pl.UInt32).alias("cid"))
            posts = self._rated_posts(ctx.frame, creators)
            per_creator = self._per_creator(posts, creators)
        out = self._scored(creators.hstack(per_creator), ctx.tiers)
        basis = pl.when(pl.col("use_views")).then(pl.lit("views")).otherwise(pl.lit("followers"))
        missing = (
            pl.when(pl.col("n_posts") == 0).then(pl.lit("no posts"))
            .when(pl.col("n_complete") == 0).then(pl.lit(f"no recent post has {' and '.join(o.required)}"))
            .when(~pl.col("use_views") & pl.col("followers").is_null()).then(pl.lit("follower count missing"))
            .when(pl.col("rate").is_null()).then(pl.lit("no post has a usable denominator (followers or views)"))
            .when(pl.col("benchmark").is_null()).then(pl.format("no benchmark for tier {}", pl.col("tier").fill_null("unknown")))
        )
        reasons = pl.when(pl.col("score").is_not_null()).then(pl.format(
            "{} {} by {} over {} posts, {}x the {} benchmark of {}{}",
            pl.lit(o.aggregate), _pct(pl.col("rate")), basis, pl.col("n_used"), pl.col("ratio").round(2),
            pl.col("tier"), _pct(pl.col("benchmark")),
            pl.when(pl.col("suspicious")).then(pl.lit(" (implausibly high)")).otherwise(pl.lit("")),
        ))
        flags = pl.when(pl.col("suspicious")).then(pl.lit(["engagement.suspicious"])).otherwise(pl.lit([], dtype=pl.List(pl.String)))
        out = out.with_columns(missing=missing)  # once: both the score and the result read it
        result = out.select(score=pl.when(pl.col("missing").is_null()).then(pl.col("score")), missing="missing",
                            reasons=reasons, flags=flags, rate="rate", basis=pl.when(pl.col("rate").is_not_null()).then(basis))
        evidence = self._evidence(out, posts, basis) if posts is not None and ctx.want_evidence else None
        return ScoreBatch(scores=result["score"], missing=result["missing"], reasons=result["reasons"],
                          flags=result["flags"], evidence=evidence,
                          metrics={"engagement_rate": result["rate"], "engagement_basis": result["basis"]})

    def _scored(self, out: pl.DataFrame, tiers: pa.Array) -> pl.DataFrame:
        """Adds benchmark, ratio, suspicious and score to the per-creator frame (``tiers``: its tier
        names, looked up in the benchmark tables by arrow rather than by polars' slower replace)."""
        o = self.options
        benchmark = benchmark_rates(tiers, out["use_views"].to_numpy(), o)
        out = out.with_columns(benchmark=pl.Series(benchmark, nan_to_null=True))
        ratio = pl.col("rate") / pl.col("benchmark")
        suspicious = ratio > o.suspicious_multiple
        raw = (ratio * 100.0 / o.full_score_at).clip(0.0, 100.0)
        return out.with_columns(
            ratio=ratio,
            suspicious=suspicious.fill_null(False),
            score=pl.when(suspicious).then(pl.min_horizontal(raw, pl.lit(o.suspicious_score))).otherwise(raw).round(1),
        )

    # ---- per post, as polars expressions (`_per_creator_fast` does the same in numpy) ----

    def _post_columns(self) -> list[pl.Expr]:
        """``views``, ``complete`` and ``interactions`` of each post (from its raw counts)."""
        o = self.options
        # a negative count is missing, as every reader's row path makes it (the columnar path may not)
        counts = {c: pl.when(pl.col(c) >= 0).then(pl.col(c)) for c in (*COMPONENTS, "views")}
        complete = pl.all_horizontal([counts[c].is_not_null() for c in o.required]) if o.required else pl.lit(True)
        return [counts["views"].alias("views"), complete.alias("complete"),
                pl.sum_horizontal([counts[c] for c in o.components]).alias("interactions")]

    @staticmethod
    def _viewed() -> pl.Expr:
        """A post that can be measured by views (the creator's platform aside)."""
        return pl.col("complete") & (pl.col("views") > 0)

    @staticmethod
    def _rate() -> pl.Expr:
        """A post's rate, from its columns and its creator's ``use_views`` and ``followers``."""
        denominator = pl.when(pl.col("use_views")).then(pl.when(pl.col("views") > 0).then(pl.col("views")))\
            .otherwise(pl.when(pl.col("followers") > 0).then(pl.col("followers")))
        return pl.when(pl.col("complete")).then(pl.col("interactions") / denominator).alias("rate")

    def _aggregate(self) -> pl.Expr:
        rate = pl.col("rate").drop_nulls()
        return rate.median() if self.options.aggregate == "median" else rate.mean()

    # ---- the general path: a frame of every recent post (the evidence lists them) ----

    def _rated_posts(self, frame: pl.DataFrame, creators: pl.DataFrame) -> pl.DataFrame:
        o = self.options
        posts = recent_posts(frame.select("posts"), o.recent_posts)
        if posts.height == 0:
            posts = pl.DataFrame(schema={"cid": pl.UInt32, "id": pl.String, "ordinal": pl.UInt32,
                                         **{c: pl.Float64 for c in (*COMPONENTS, "views")}})
        posts = posts.select("cid", "id", "ordinal", *self._post_columns()).join(creators, on="cid", how="left")
        viewed = posts.filter(self._viewed() & pl.col("platform").is_in(list(o.by_views)))
        by_views = viewed.select("cid").unique()
        posts = posts.with_columns(pl.col("cid").is_in(by_views["cid"].implode()).alias("use_views"))
        return posts.with_columns(self._rate())

    def _per_creator(self, posts: pl.DataFrame, creators: pl.DataFrame) -> pl.DataFrame:
        """n_posts, n_used, n_complete, use_views and rate, one row per creator (in batch order)."""
        per_creator = posts.group_by("cid").agg(
            n_posts=pl.len(),
            n_used=pl.col("rate").is_not_null().sum(),
            n_complete=pl.col("complete").sum(),
            use_views=pl.col("use_views").first(),
            rate=self._aggregate(),
        )
        return creators.select("cid").join(per_creator, on="cid", how="left").sort("cid").select(
            pl.col("n_posts").fill_null(0), "n_used", "n_complete", pl.col("use_views").fill_null(False), "rate",
        )

    # ---- the fast path: no evidence wanted ----

    def _per_creator_fast(self, batch: pa.RecordBatch, n: int) -> pl.DataFrame | None:
        """``_per_creator`` in numpy, straight from the Arrow columns: no explode, no join (a post
        finds its creator by index, ``cid``), nothing in Python per creator or per post.

        None when the general path must answer, for the same result to the last bit: the mean
        (polars sums a group in an order that depends on how it formed the groups), column types
        other than the creator schema's, NaN or infinite counts (polars tells them apart from
        missing ones), a rate of -0.0 (which sorts as 0.0), more than `_MEDIAN_MATRIX_COLUMNS`
        rates for one creator.
        """
        o = self.options
        if o.aggregate != "median" or not o.components:
            return None
        posts = _recent_post_counts(batch, o.recent_posts)
        followers = _counts(batch.column("followers")) if "followers" in batch.schema.names else None
        on_views_platform = _is_in(batch, "platform", o.by_views)
        if posts is None or followers is None or on_views_platform is None:
            return None
        cid, counts = posts
        # `_post_columns`, `_viewed` and `_rate` over numpy arrays, with masks for what polars holds
        # as null; few temporaries (each a fresh allocation of every post), arithmetic in place
        complete = np.ones(len(cid), dtype=bool)
        for c in o.required:
            complete &= counts[c].present
        interactions = _pairwise_sum([np.where(counts[c].present, counts[c].values, 0.0) for c in o.components])
        views = counts["views"]
        viewed = views.present & (views.values > 0)
        use_views = on_views_platform & (np.bincount(cid[complete & viewed], minlength=n) > 0)
        by_views = use_views[cid]
        used = complete & np.where(by_views, viewed, (followers.present & (followers.values > 0))[cid])
        denominator = followers.values[cid]
        np.copyto(denominator, views.values, where=by_views)
        with np.errstate(all="ignore"):  # where `used` is false the values are anything
            rate = np.divide(interactions, denominator, out=interactions)[used]
        n_used = np.bincount(cid[used], minlength=n)
        if np.signbit(rate).any() or n_used.max(initial=0) > _MEDIAN_MATRIX_COLUMNS:
            return None
        return pl.DataFrame({
            "n_posts": pl.Series(np.bincount(cid, minlength=n).astype(np.uint32)),
            "n_used": pl.Series(n_used.astype(np.uint32)),
            "n_complete": pl.Series(np.bincount(cid[complete], minlength=n).astype(np.uint32)),
            "use_views": use_views,
            "rate": pl.Series(_median_by_row(cid[used], rate, n_used), nan_to_null=True),
        })

    def _evidence(self, out: pl.DataFrame, posts: pl.DataFrame, basis: pl.Expr) -> pl.Series:
        o, key = self.options, self.setup.rule_key
        none_s = pl.lit(None, dtype=pl.String)
        post_items = posts.sort("cid", "ordinal").select(
            "cid",
            item=pl.struct(
                message=pl.when(pl.col("rate").is_not_null()).then(
                    pl.format("post rate {} ({} interactions / {} {})", _pct(pl.col("rate")), pl.col("interactions").round(0).cast(pl.Int64),
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
                pl.struct(message=pl.format("{} rate {} by {} over {} usable of {} recent posts", pl.lit(o.aggregate), _pct(pl.col("rate")),
                                            basis, pl.col("n_used").fill_null(0), pl.col("n_posts")),
                          post=none_s, term=none_s, value=pl.col("rate"), rule=pl.lit(f"{key}.aggregate")),
                pl.struct(message=pl.format("benchmark for tier {} by {}: {}", pl.col("tier"), basis, _pct(pl.col("benchmark"))),
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


def benchmark_rates(tiers: pa.Array, by_views: np.ndarray, options: EngagementOptions) -> np.ndarray:
    """The benchmark engagement rate of each creator, from its tier name: ``benchmark_views`` where
    ``by_views``, else ``benchmark`` (NaN for a null tier or one the table lacks). The one place a
    benchmark is looked up, shared with the authenticity scorer."""
    names = tuple(dict.fromkeys([*options.benchmark, *options.benchmark_views]))
    index = _index_in(tiers, names)  # len(names) for a null or unknown tier
    by_followers, per_view = (np.array([*(table.get(name, np.nan) for name in names), np.nan])
                              for table in (options.benchmark, options.benchmark_views))
    return np.where(by_views, per_view[index], by_followers[index])


def _pct(e: pl.Expr) -> pl.Expr:
    return pl.format("{}%", (e * 100).round(2))


class _Counts(NamedTuple):
    """One count column as numpy: ``values`` (anything where not ``present``) and ``present``:
    not null and, as `_post_columns` has it, not negative."""

    values: np.ndarray
    present: np.ndarray


def _counts(column: pa.Array) -> _Counts | None:
    """None unless float64 without NaN or infinity (polars would not hold those as null)."""
    if column.type != pa.float64():
        return None
    # the values buffer itself, not a copy: what it holds under a null does not matter
    values = np.frombuffer(column.buffers()[1], dtype=np.float64, count=column.offset + len(column))[column.offset:] \
        if len(column) else np.empty(0)
    valid = to_numpy(column.is_valid()) if column.null_count else None
    finite = np.isfinite(values)
    if not (finite if valid is None else finite | ~valid).all():
        return None
    present = values >= 0
    return _Counts(values, present if valid is None else present & valid)


def _recent_post_counts(batch: pa.RecordBatch, limit: int) -> tuple[np.ndarray, dict[str, _Counts]] | None:
    """The posts ``recent_posts`` keeps, in its order, read from the Arrow ``posts`` column:
    each post's ``cid`` (its creator's row, ascending) and counts.

    None when ``posts`` is not a list of posts with float64 counts and no NaN or infinite count.
    """
    found = _flat_posts(batch)
    if found is None:
        return None
    flat, cid, longest = found
    keep = flat.is_valid() if flat.null_count else None  # exploded_posts drops null posts

    def field(name: str) -> pa.Array:
        return flat.field(name) if keep is None else flat.field(name).filter(keep)

    if keep is not None:
        cid = cid[to_numpy(keep)]
    counts = {name: _counts(field(name)) for name in (*COMPONENTS, "views")}
    if any(c is None for c in counts.values()):
        return None
    if limit and len(cid) and longest > limit:  # as recent_posts: sort only when some list is too long
        order = _newest_first(cid, field("posted_at"), limit)
        if order is None:
            return None
        cid = cid[order]
        counts = {name: _Counts(c.values[order], c.present[order]) for name, c in counts.items()}
    return cid, counts  # type: ignore[return-value]


def _flat_posts(batch: pa.RecordBatch) -> tuple[pa.StructArray, np.ndarray, int] | None:
    """Every post of the batch (null posts included), each post's ``cid``, and the length of the
    longest list; None unless ``posts`` is a list (or large list) of structs with the fields read."""
    if "posts" not in batch.schema.names:
        return None
    column = batch.column("posts")
    if isinstance(column, pa.ChunkedArray):
        column = column.combine_chunks()
    kind = column.type
    if not (pa.types.is_list(kind) or pa.types.is_large_list(kind)) or not pa.types.is_struct(kind.value_type) \
            or any(kind.value_type.get_field_index(f) < 0 for f in (*COMPONENTS, "views", "posted_at")):
        return None
    flat = pc.list_flatten(column)  # a null list gives no post
    cid = to_numpy(pc.list_parent_indices(column))
    if len(flat) != len(cid):  # a null list over a non-empty range of posts: leave it to polars
        return None
    return flat, cid, pc.max(pc.list_value_length(column)).as_py() or 0


def _is_in(batch: pa.RecordBatch, name: str, values: tuple[str, ...]) -> np.ndarray | None:
    """Whether each row's ``name`` is one of ``values`` (null: no); None for a column type arrow cannot look up."""
    if name not in batch.schema.names:
        return None
    try:
        found = pc.is_in(batch.column(name), value_set=_strings(values))
    except (pa.ArrowNotImplementedError, pa.ArrowInvalid, pa.ArrowTypeError):
        return None
    return to_numpy(found)


def _strings(values: tuple[str, ...]) -> pa.Array:
    return pl.Series(values, dtype=pl.String).to_arrow()


def _index_in(keys: pa.Array, names: tuple[str, ...]) -> np.ndarray:
    """The position of each of ``keys`` in ``names``; ``len(names)`` for a null key or one not there."""
    index = pc.index_in(keys.cast(pa.large_string()), value_set=_strings(names))
    return pl.Series(index).fill_null(len(names)).to_numpy()


def _newest_first(cid: np.ndarray, posted_at: pa.Array, limit: int) -> np.ndarray | None:
    """Indices of each creator's ``limit`` newest posts, ordered as ``recent_posts`` orders them."""
    if not pa.types.is_timestamp(posted_at.type):
        return None
    order, rank = recency_order(cid, posted_at)
    return order[rank[order] < limit]


def _pairwise_sum(columns: list[np.ndarray]) -> np.ndarray:
    """Sum of ``columns`` added as polars' ``sum_horizontal`` adds them (halves, recursively:
    ``(a + b) + (c + d)``), so that the sums agree to the last bit. Adds in place, into ``columns``."""
    if len(columns) == 1:
        return columns[0]
    half = len(columns) // 2
    left = _pairwise_sum(columns[:half])
    left += _pairwise_sum(columns[half:])
    return left


# For the median, a creator's rates go in one row of an n x k matrix (k: most rates of one creator,
# at most `recent_posts`); above this k the general path answers instead of a large matrix.
_MEDIAN_MATRIX_COLUMNS = 64


def _median_by_row(cid: np.ndarray, rates: np.ndarray, counts: np.ndarray) -> np.ndarray:
    """Per creator, the median of ``rates`` (``cid`` ascending), NaN without any.

    Exactly polars' median: the middle value, or between the two middle values
    ``lower + (upper - lower) * 0.5`` (polars' linear interpolation, not ``(lower + upper) / 2``).
    """
    n = len(counts)
    if not len(rates):
        return np.full(n, np.nan)
    # one row per creator, padded with +inf: sorted, a row's first `count` values are its rates
    width = int(counts.max())
    matrix = np.full((n, width), np.inf)
    matrix.reshape(-1)[cid * width + np.arange(len(cid)) - (np.cumsum(counts) - counts)[cid]] = rates
    matrix.sort(axis=1)
    rows = np.arange(n)
    lower = matrix[rows, np.maximum(counts - 1, 0) // 2]
    upper = matrix[rows, np.minimum(counts // 2, matrix.shape[1] - 1)]
    with np.errstate(invalid="ignore"):  # inf - inf, in rows without rates
        median = np.where(lower == upper, lower, (upper - lower) * 0.5 + lower)
    median[counts == 0] = np.nan
    return median


@hookimpl
def brandfit_scorers() -> list[type[Scorer]]:
    return [EngagementScorer]
