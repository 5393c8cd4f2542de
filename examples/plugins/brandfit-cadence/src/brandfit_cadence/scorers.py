"""The scorers of brandfit-cadence, imported only when a rule file enables one of them: registered
under the `brandfit.scorers` entry-point group in pyproject.toml, one entry point per scorer."""

from __future__ import annotations

import attrs
import polars as pl
import pyarrow as pa

from brandfit import (BatchContext, Creator, Evidence, Flag, OptionError, ScoreBatch, Scorer, ScoreResult, at_least, between,
                      recent_posts)


@attrs.frozen
class CadenceOptions:
    recent_posts: int = attrs.field(default=12, validator=at_least(2), metadata={"doc": "how many recent posts to look at"})
    min_posts_per_week: float = attrs.field(default=1.0, validator=between(0.01, 100),
                                            metadata={"doc": "posting rate that scores 100"})
    max_gap_days: float = attrs.field(default=21.0, validator=at_least(1),
                                      metadata={"doc": "a longer silence between posts raises cadence.gap"})


class CadenceScorer(Scorer):
    """Per-creator form: the simplest way to write a scorer."""

    name = "cadence"
    description = "Posts per week over the recent dated posts; flags silences longer than max_gap_days."
    Options = CadenceOptions
    fields = ("posts",)  # only convert what we read: much faster on big inputs

    def score_creator(self, creator: Creator) -> ScoreResult:
        o = self.options
        dated = sorted((p.posted_at, p.id) for p in creator.posts if p.posted_at is not None)[-o.recent_posts:]
        if len(dated) < 2:
            return ScoreResult.no_data(f"{len(dated)} dated posts (needs 2)")
        span_days = max((dated[-1][0] - dated[0][0]).total_seconds() / 86400, 1.0)
        per_week = (len(dated) - 1) / span_days * 7
        score = min(100.0, 100.0 * per_week / o.min_posts_per_week)
        gaps = [((b[0] - a[0]).total_seconds() / 86400, b[1]) for a, b in zip(dated, dated[1:])]
        longest, after = max(gaps)
        evidence = [
            Evidence(f"{len(dated)} posts over {span_days:.0f} days: {per_week:.2f} per week", value=per_week,
                     rule="scorers.cadence.recent_posts"),
            Evidence(f"{o.min_posts_per_week:g} per week scores 100", value=o.min_posts_per_week,
                     rule="scorers.cadence.min_posts_per_week"),
        ]
        flags = []
        if longest > o.max_gap_days:
            flags.append(Flag("cadence.gap", f"{longest:.0f} days without a post"))
            evidence.append(Evidence(f"{longest:.0f} days of silence before this post", post=after, value=longest,
                                     rule="scorers.cadence.max_gap_days"))
        reason = f"{per_week:.2f} posts per week" + (f", a {longest:.0f}-day silence" if flags else "")
        return ScoreResult(score=round(score, 1), reason=reason, evidence=evidence, flags=flags,
                           metrics={"posts_per_week": round(per_week, 2)})


@attrs.frozen
class SponsoredOptions:
    recent_posts: int = attrs.field(default=12, validator=at_least(1), metadata={"doc": "how many recent posts to look at"})
    ok_share: float = attrs.field(default=0.2, validator=between(0, 1), metadata={"doc": "sponsored share that still scores 100"})
    max_share: float = attrs.field(default=0.6, validator=between(0, 1),
                                   metadata={"doc": "share that scores 0 and raises sponsored.saturated"})
    markers: tuple[str, ...] = attrs.field(default=("ad", "sponsored", "paidpartnership", "partner", "gifted"),
                                           metadata={"doc": "hashtags that mark a post as sponsored"})

    def __attrs_post_init__(self) -> None:
        if self.max_share <= self.ok_share:
            raise OptionError("max_share", f"must be above ok_share = {self.ok_share:g}")


class SponsoredScorer(Scorer):
    """Batch form: whole columns at a time, for speed on large inputs."""

    name = "sponsored"
    description = "Share of recent posts that are sponsored (flag or #ad-style hashtags); too many lowers credibility."
    Options = SponsoredOptions

    def score_batch(self, batch: pa.RecordBatch, ctx: BatchContext) -> ScoreBatch:
        o = self.options
        posts = recent_posts(ctx.frame.select("posts"), o.recent_posts)
        markers = [m.lower() for m in o.markers]
        if posts.height == 0:
            posts = pl.DataFrame(schema={"cid": pl.UInt32, "sponsored": pl.Boolean, "hashtags": pl.List(pl.String)})
        tagged = pl.col("hashtags").fill_null([]).list.eval(pl.element().str.to_lowercase().str.strip_chars_start("#").is_in(markers)).list.any()
        per = posts.group_by("cid").agg(n=pl.len(), sponsored=(pl.col("sponsored").fill_null(False) | tagged).sum())
        out = (
            pl.DataFrame({"cid": pl.int_range(batch.num_rows, dtype=pl.UInt32, eager=True)})
            .join(per, on="cid", how="left").sort("cid")
            .with_columns(share=pl.col("sponsored") / pl.col("n"))
        )
        score = (100.0 * (o.max_share - pl.col("share")) / (o.max_share - o.ok_share)).clip(0.0, 100.0).round(1)
        result = out.select(
            score=score,
            missing=pl.when(pl.col("n").is_null()).then(pl.lit("no posts")),
            reasons=pl.format("{} of {} recent posts sponsored", pl.col("sponsored"), pl.col("n")),
            flags=pl.when(pl.col("share") > o.max_share).then(pl.lit(["sponsored.saturated"])).otherwise(pl.lit([], dtype=pl.List(pl.String))),
        )
        evidence = None
        if ctx.want_evidence:
            evidence = out.select(pl.when(pl.col("n").is_not_null()).then(pl.concat_list(pl.struct(
                message=pl.format("{} of {} recent posts sponsored ({}%); {}% or less scores 100, {}% scores 0",
                                  pl.col("sponsored"), pl.col("n"), (pl.col("share") * 100).round(0).cast(pl.Int64),
                                  pl.lit(round(o.ok_share * 100)), pl.lit(round(o.max_share * 100))),
                post=pl.lit(None, dtype=pl.String), term=pl.lit(None, dtype=pl.String), value=pl.col("share"),
                rule=pl.lit("scorers.sponsored.max_share"),
            )))).to_series()
        return ScoreBatch(scores=result["score"], missing=result["missing"], reasons=result["reasons"],
                          flags=result["flags"], evidence=evidence, metrics={"sponsored_share": out["share"]})

