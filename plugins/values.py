"""Built-in scorer `values`: how much of a creator's recent posts (and bio) express the brand's values.

For each value, its share = texts expressing it / texts read (the recent posts, plus the bio when
`include_bio`). A value is fully met at `target_share`; the alignment is the weighted mean over
values, and each "avoid" value met takes up to `avoid_penalty` points off.
"""

from __future__ import annotations

import functools

import attrs
import polars as pl
import pyarrow as pa

from brandfit import BatchContext, ScoreBatch, Scorer, TextNeed
from brandfit.columnar.rollup import items_per_creator, join_per_creator, sorted_rows, sum_per_creator
from brandfit.plugin.confidence import confidence_note as _confidence_note, toward_prior
from brandfit.rules.options import OptionError, at_least, between
from brandfit.text.evidence import quoted_excerpt
from brandfit.text.language import NO_WORDS, UNSURE
from brandfit.text.lexicon import GroupLexicon, LanguageTerms, group_lexicon
from brandfit.text.terms import valid_term_list


@attrs.frozen
class ValueTerms:
    terms: tuple[str, ...] = attrs.field(default=(), validator=valid_term_list, metadata={
        "doc": "terms in `terms_language`: words, phrases, #hashtags, @mentions, prefix* or *suffix (docs/rule-files.md)"})
    languages: dict[str, LanguageTerms] = attrs.field(factory=dict, metadata={
        "doc": "terms in other languages: languages.<code>.terms"})

    def __attrs_post_init__(self) -> None:
        if not self.terms and not any(lists.terms for lists in self.languages.values()):
            raise OptionError("terms", "expected at least one term (or languages.<code>.terms)")
    weight: float = attrs.field(default=1.0, validator=at_least(0), metadata={"doc": "weight among the values"})


@attrs.frozen
class ValuesOptions:
    values: dict[str, ValueTerms] = attrs.field(factory=dict, metadata={"doc": "the brand's values: name -> {terms, weight}"})
    avoid: dict[str, ValueTerms] = attrs.field(factory=dict, metadata={"doc": "values the brand wants to stay away from"})
    recent_posts: int = attrs.field(default=12, validator=at_least(1), metadata={"doc": "how many of the most recent posts to read"})
    include_bio: bool = attrs.field(default=True, metadata={"doc": "read the bio as one more text"})
    min_posts: int = attrs.field(default=1, validator=at_least(1),
                                 metadata={"doc": "fewer recent posts with text than this is no data (a bio alone proves little)"})
    confidence_posts: float = attrs.field(default=1.0, validator=between(0, 100),
                                          metadata={"doc": "posts the prior counts as: with n posts the score goes n / (n + this) of the way from the prior"})

    def __attrs_post_init__(self) -> None:
        if self.min_posts > self.recent_posts:
            raise OptionError("min_posts", alternatives=("recent_posts",),
                              message=f"min_posts = {self.min_posts} can never be met when reading only "
                                      f"recent_posts = {self.recent_posts}")
    target_share: float = attrs.field(default=0.3, validator=between(0.01, 1), metadata={"doc": "share of texts at which a value is fully met"})
    avoid_penalty: float = attrs.field(default=50.0, validator=between(0, 100), metadata={"doc": "points off for an avoid value fully met"})
    terms_language: str = attrs.field(default="en", metadata={"doc": "language of the `terms` written directly in a value"})


class ValuesScorer(Scorer):
    name = "values"
    description = ("Share of recent posts and bio that express each brand value (and each value to avoid), "
                   "matched by whole words, phrases, hashtags and simple wildcards.")
    Options = ValuesOptions


    @classmethod
    def flag_codes(cls, options: object) -> frozenset[str]:
        return frozenset({"values.avoid"})

    @functools.cached_property
    def _lexicons(self) -> dict[str, GroupLexicon]:
        """``+<value>`` and ``-<avoid value>``: their terms by language."""
        o = self.options
        return {f"{sign}{k}": group_lexicon(v.terms, (), v.languages, o.terms_language)
                for sign, table in (("+", o.values), ("-", o.avoid)) for k, v in table.items()}

    def text_need(self) -> TextNeed | None:
        """One group per value and language (``+running|en``), counted only for creators writing in it."""
        return self._need

    @functools.cached_property
    def _need(self) -> TextNeed | None:
        # built once: the options of a scorer never change, and every batch asks for it
        o = self.options
        if not o.values:
            return None
        groups, languages = {}, {}
        for name, lexicon in self._lexicons.items():
            for language, terms, _ in lexicon.by_language:
                groups[f"{name}|{language}"], languages[f"{name}|{language}"] = terms, language
        return TextNeed(groups, recent_posts=o.recent_posts, include_bio=o.include_bio, languages=languages)

    def _checked(self, languages: pl.Series | None, n: int) -> tuple[pl.Series, pl.Series, pl.Series, pl.Series]:
        """Per creator: language, share of values without terms in it (unchecked), their names,
        and the weight of the brand values that were checked."""
        o = self.options
        lexicons = self._lexicons
        weights = {f"+{k}": v.weight for k, v in o.values.items()}
        if languages is None:
            languages = pl.Series([None] * n, dtype=pl.String)
        share, names, weight = {}, {}, {}
        for code in languages.drop_nulls().unique().to_list():
            missing = [] if code in (NO_WORDS, UNSURE) else [g for g, lex in lexicons.items() if code not in lex.languages]
            share[code] = len(missing) / len(lexicons)
            names[code] = ", ".join(g[1:] for g in missing)
            weight[code] = float(sum(w for g, w in weights.items() if g not in missing))
        full = float(sum(weights.values()))
        return (languages.rename("language"), languages.replace_strict(share, default=0.0, return_dtype=pl.Float64),
                languages.replace_strict(names, default="", return_dtype=pl.String),
                languages.replace_strict(weight, default=full, return_dtype=pl.Float64))

    def score_batch(self, batch: pa.RecordBatch, ctx: BatchContext) -> ScoreBatch:
        o = self.options
        n = batch.num_rows
        need = self.text_need()
        if need is None:
            return ScoreBatch(scores=[None] * n, missing=["no brand values configured ([scorers.values.values])"] * n)
        tally = ctx.text(need)
        weights = {f"+{k}": v.weight for k, v in o.values.items()} | {f"-{k}": v.weight for k, v in o.avoid.items()}
        language, unchecked, unchecked_names, checked_weight = self._checked(tally.languages, n)
        counts = tally.texts_per_creator.to_numpy()
        # a creator read with every language's terms (language not told) may hit a value in two
        # languages: the larger count stands for the value
        per_value = tally.per_group.with_columns(group=pl.col("group").str.split("|").list.first()) \
            .group_by("cid", "group").agg(pl.col("texts").max())
        met, cid = sorted_rows(per_value, "group")
        met = (
            met.with_columns(n_texts=pl.Series(counts[cid], dtype=pl.UInt32))
            .with_columns(
                share=pl.col("texts") / pl.col("n_texts"),
                weight=pl.col("group").replace_strict(weights, return_dtype=pl.Float64),
            )
            .with_columns(fulfil=(pl.col("share") / o.target_share).clip(upper_bound=1.0))
        )
        brand = met["group"].str.starts_with("+").to_numpy()
        weighted = met["fulfil"] * met["weight"]
        value_rows, avoid_rows = met.filter(brand), met.filter(~brand)
        out = pl.DataFrame({
            "n_texts": counts,
            "n_posts": tally.posts_with_text,
            "align": sum_per_creator(cid[brand], weighted.filter(brand), n) / checked_weight.replace(0.0, 1.0),
            "avoid": sum_per_creator(cid[~brand], weighted.filter(~brand), n),
            "summary": join_per_creator(cid[brand], value_rows.select(
                pl.format("{} {}/{}", pl.col("group").str.slice(1), pl.col("texts"), pl.col("n_texts"))).to_series(), n, ", "),
            "avoided": join_per_creator(cid[~brand], avoid_rows["group"].str.slice(1), n, ", "),
        })
        out = out.with_columns(language=language, unchecked=unchecked, unchecked_names=unchecked_names)
        raw = (pl.col("align") * 100.0 - pl.col("avoid") * o.avoid_penalty).clip(0.0, 100.0)
        score = toward_prior(raw, pl.col("n_posts"), self.setup.prior, o.confidence_posts).round(1)
        # texts in a language the values have no terms for were not read: missing, never "no value"
        missing = pl.when(pl.col("n_posts") < o.min_posts).then(
            pl.format("{} recent posts with text (needs {})", pl.col("n_posts"), pl.lit(o.min_posts))) \
            .when(pl.col("unchecked") > 0.5).then(pl.format(
                "texts in {} unchecked: no terms in that language for {}", pl.col("language"), pl.col("unchecked_names")))
        reasons = pl.when(missing.is_null()).then(
            pl.when(pl.col("summary").fill_null("") == "").then(pl.format("no brand value in {} texts", pl.col("n_texts")))
            .otherwise(pl.format("texts expressing: {}", pl.col("summary")))
            + pl.when(pl.col("avoided").fill_null("") != "").then(pl.format("; avoid: {}", pl.col("avoided"))).otherwise(pl.lit(""))
            + _confidence_note(pl.col("n_posts"), o.confidence_posts)
            + pl.when(pl.col("unchecked") > 0).then(pl.format("; unchecked in {}: {}", pl.col("language"), pl.col("unchecked_names")))
            .otherwise(pl.lit(""))
        )
        flags = pl.when(pl.col("avoided").fill_null("") != "").then(pl.lit(["values.avoid"])).otherwise(pl.lit([], dtype=pl.List(pl.String)))
        result = out.select(score=pl.when(missing.is_null()).then(score), missing=missing, reasons=reasons, flags=flags)
        evidence = self._evidence(n, tally.hits, met) if tally.hits is not None else None
        metrics = {"values_language": out["language"].cast(pl.String), "values_unchecked": out["unchecked"].round(3)}
        return ScoreBatch(scores=result["score"], missing=result["missing"], reasons=result["reasons"],
                          flags=result["flags"], evidence=evidence, metrics=metrics)

    def _evidence(self, n: int, hits: pl.DataFrame, met: pl.DataFrame) -> pl.Series:
        o, key = self.options, self.setup.rule_key
        table = lambda g: pl.when(g.str.starts_with("+")).then(pl.lit("values")).otherwise(pl.lit("avoid"))  # noqa: E731
        share_items = met.sort("cid", "group").select(
            "cid",
            item=pl.struct(
                message=pl.format("{} '{}': {} of {} texts ({}% of the {}% target)", table(pl.col("group")).str.replace("values", "value"),
                                  pl.col("group").str.slice(1), pl.col("texts"), pl.col("n_texts"),
                                  (pl.col("share") * 100).round(0).cast(pl.Int64), pl.lit(round(o.target_share * 100))),
                post=pl.lit(None, dtype=pl.String), term=pl.lit(None, dtype=pl.String), value=pl.col("share"),
                rule=pl.format("{}.{}.{}", pl.lit(key), table(pl.col("group")), pl.col("group").str.slice(1)),
            ),
        )
        hits = hits.with_columns(group=pl.col("group").str.split("|").list.first())
        hit_items = hits.select(
            "cid",
            item=pl.struct(
                message=pl.format("{} '{}' expressed by '{}'{}", table(pl.col("group")).str.replace("values", "value"),
                                  pl.col("group").str.slice(1), pl.col("term"), quoted_excerpt()),
                post=pl.col("item"), term=pl.col("term"), value=pl.lit(None, dtype=pl.Float64),
                rule=pl.format("{}.{}.{}.terms", pl.lit(key), table(pl.col("group")), pl.col("group").str.slice(1)),
            ),
        )
        return items_per_creator(n, share_items, hit_items)

