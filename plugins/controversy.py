"""Built-in scorer `controversy`: brand-safety terms per category, in the spirit of GARM.

Each category (adult, hate, violence, ..., and mentions of the brand's competitors) has terms, a
severity and a tolerance: how many posts may hit it before it is over tolerance. Each post that
hits a category takes that severity's penalty off 100; a category over tolerance raises the flag
`controversy.over-tolerance`, which `[decision] veto` turns into a reject by default.
"""

from __future__ import annotations

from typing import Literal

import attrs
import polars as pl
import pyarrow as pa

from brandfit import BatchContext, ScoreBatch, Scorer, TextNeed, hookimpl
from brandfit.columnar.rollup import items_per_creator, join_per_creator, list_per_creator, sorted_rows, sum_per_creator
from brandfit.plugin.confidence import confidence_note as _confidence_note, toward_prior
from brandfit.rules.options import OptionError, at_least, between, each_value
from brandfit.text.terms import valid_terms

Severity = Literal["low", "medium", "high", "floor"]
COMPETITOR = "competitor"


@attrs.frozen
class Category:
    terms: tuple[str, ...] = attrs.field(validator=valid_terms, metadata={"doc": "words, phrases, #hashtags, @mentions, prefix* or *suffix"})
    severity: Severity = attrs.field(default="high", metadata={"doc": "low, medium, high or floor (never acceptable)"})
    tolerance: int = attrs.field(default=0, validator=at_least(0), metadata={"doc": "posts that may hit this category before it is over tolerance"})


@attrs.frozen
class CompetitorRule:
    severity: Severity = attrs.field(default="medium", metadata={"doc": "severity of a post mentioning a competitor"})
    tolerance: int = attrs.field(default=0, validator=at_least(0), metadata={"doc": "posts that may mention competitors"})


def _penalties(instance: object, attribute: attrs.Attribute, value: dict[str, float]) -> None:
    for level in ("low", "medium", "high", "floor"):
        if level not in value:
            raise OptionError(attribute.name, f"needs a penalty for every severity; {level!r} is missing")


@attrs.frozen
class ControversyOptions:
    categories: dict[str, Category] = attrs.field(factory=dict, metadata={"doc": "category name -> {terms, severity, tolerance}"})
    competitors: CompetitorRule = attrs.field(factory=CompetitorRule, metadata={"doc": "how mentions of [brand] competitors count"})
    penalty: dict[str, float] = attrs.field(
        factory=lambda: {"low": 5.0, "medium": 15.0, "high": 35.0, "floor": 100.0},
        validator=[_penalties, each_value(between(0, 100))],
        metadata={"doc": "points off 100 per post hitting a category of each severity"},
    )
    recent_posts: int = attrs.field(default=0, validator=at_least(0), metadata={"doc": "how many recent posts to read (0: all)"})
    include_bio: bool = attrs.field(default=True, metadata={"doc": "read the bio too"})
    confidence_posts: float = attrs.field(default=1.0, validator=between(0, 100),
                                          metadata={"doc": "posts the prior counts as: with n posts the score goes n / (n + this) of the way from the prior"})

    def __attrs_post_init__(self) -> None:
        if COMPETITOR in self.categories:
            raise OptionError(f"categories.{COMPETITOR}", "reserved: set competitor names in [brand] competitors")


class ControversyScorer(Scorer):
    name = "controversy"
    description = ("Brand-safety check: posts (and bio) hitting GARM-style categories (adult, hate, violence, drugs, "
                   "gambling, crime, misinformation, politics, profanity, scams) or naming competitors; "
                   "vetoes categories hit more often than the brand tolerates.")
    Options = ControversyOptions


    @classmethod
    def flag_codes(cls, options: ControversyOptions) -> frozenset[str]:
        categories = {*options.categories, COMPETITOR}
        return frozenset({"controversy.over-tolerance", *(f"controversy.{c}" for c in categories)})

    def _rules(self) -> dict[str, tuple[tuple[str, ...], str, int]]:
        o = self.options
        rules = {name: (c.terms, c.severity, c.tolerance) for name, c in o.categories.items()}
        names = [c.strip().lstrip("#@").lower() for c in self.setup.brand.competitors if c.strip().lstrip("#@")]
        if names:
            rules[COMPETITOR] = (tuple(names) + tuple(f"@{c}" for c in names), o.competitors.severity, o.competitors.tolerance)
        return rules

    def text_need(self) -> TextNeed:
        o = self.options
        return TextNeed({k: v[0] for k, v in self._rules().items()}, recent_posts=o.recent_posts, include_bio=o.include_bio)

    def score_batch(self, batch: pa.RecordBatch, ctx: BatchContext) -> ScoreBatch:
        o = self.options
        n = batch.num_rows
        rules = self._rules()
        tally = ctx.text(self.text_need())
        counts = tally.texts_per_creator
        table = pl.DataFrame(
            [(k, sev, tol, float(o.penalty[sev])) for k, (_, sev, tol) in rules.items()],
            schema={"group": pl.String, "severity": pl.String, "tolerance": pl.Int64, "penalty": pl.Float64},
            orient="row",
        )
        per_cat, cid = sorted_rows(
            tally.per_group.rename({"texts": "posts"}).join(table, on="group").with_columns(over=pl.col("posts") > pl.col("tolerance")),
            "group",
        )
        out = pl.DataFrame({
            "n_texts": counts,
            "n_posts": tally.posts_with_text,
            "penalty": sum_per_creator(cid, per_cat["posts"] * per_cat["penalty"], n),
            "over": sum_per_creator(cid, per_cat["over"], n) > 0,
            "cats": list_per_creator(cid, per_cat["group"], n),
            "summary": join_per_creator(cid, per_cat.select(pl.format(
                "{} {} ({}, tolerance {})", pl.col("group"), pl.col("posts"), pl.col("severity"), pl.col("tolerance"))).to_series(), n, ", "),
        })
        # no posts: nothing vouches for the creator, so no score; a bio hit still raises its flags
        missing = pl.when(pl.col("n_posts") == 0).then(pl.lit("no posts with text to check"))
        raw = (100.0 - pl.col("penalty").fill_null(0.0)).clip(0.0, 100.0)
        score = toward_prior(raw, pl.col("n_posts"), self.setup.prior, o.confidence_posts).round(1)
        reasons = pl.when(pl.col("summary").is_null()).then(pl.format("nothing found in {} texts", pl.col("n_texts"))) \
            .otherwise(pl.format("texts hitting: {}", pl.col("summary"))) + _confidence_note(pl.col("n_posts"), o.confidence_posts)
        cat_flags = pl.col("cats").fill_null([]).list.eval(pl.lit("controversy.") + pl.element())
        flags = pl.when(pl.col("over").fill_null(False)).then(pl.concat_list(pl.lit(["controversy.over-tolerance"]), cat_flags)).otherwise(cat_flags)
        result = out.select(score=pl.when(missing.is_null()).then(score), missing=missing,
                            reasons=pl.when(missing.is_null()).then(reasons), flags=flags)
        evidence = self._evidence(n, tally.hits, per_cat) if tally.hits is not None else None
        return ScoreBatch(scores=result["score"], missing=result["missing"], reasons=result["reasons"],
                          flags=result["flags"], evidence=evidence)

    def _evidence(self, n: int, hits: pl.DataFrame, per_cat: pl.DataFrame) -> pl.Series:
        key = self.setup.rule_key
        rule_of = lambda g: pl.when(g == COMPETITOR).then(pl.lit("brand.competitors")).otherwise(pl.format("{}.categories.{}.terms", pl.lit(key), g))  # noqa: E731
        cat_items = per_cat.sort("cid", "group").select(
            "cid",
            item=pl.struct(
                message=pl.format("{}: {} texts, {} severity, -{} each, tolerance {}{}", pl.col("group"), pl.col("posts"), pl.col("severity"),
                                  pl.col("penalty"), pl.col("tolerance"),
                                  pl.when(pl.col("over")).then(pl.lit(" -> over tolerance")).otherwise(pl.lit(""))),
                post=pl.lit(None, dtype=pl.String), term=pl.lit(None, dtype=pl.String), value=pl.col("posts").cast(pl.Float64),
                rule=pl.when(pl.col("group") == COMPETITOR).then(pl.lit(f"{key}.competitors.tolerance"))
                .otherwise(pl.format("{}.categories.{}.tolerance", pl.lit(key), pl.col("group"))),
            ),
        )
        hit_items = hits.select(
            "cid",
            item=pl.struct(
                message=pl.format("{} term '{}'", pl.col("group"), pl.col("term")),
                post=pl.col("item"), term=pl.col("term"), value=pl.lit(None, dtype=pl.Float64), rule=rule_of(pl.col("group")),
            ),
        )
        return items_per_creator(n, cat_items, hit_items)


@hookimpl
def brandfit_scorers() -> list[type[Scorer]]:
    return [ControversyScorer]
