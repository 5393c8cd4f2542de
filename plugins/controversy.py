"""Built-in scorer `controversy`: brand-safety terms per category, in the spirit of GARM.

Each category (adult, hate, violence, ..., and mentions of the brand's competitors) has terms, a
severity and a tolerance: how many posts may hit it before it is over tolerance. Each post that
hits a category takes that severity's penalty off 100; a category over tolerance raises the flag
`controversy.over-tolerance`, which `[decision] veto` turns into a reject by default.
"""

from __future__ import annotations

import functools

from typing import Literal

import attrs
import polars as pl
import pyarrow as pa

from brandfit import BatchContext, ScoreBatch, Scorer, TextNeed
from brandfit.columnar.rollup import items_per_creator, join_per_creator, list_per_creator, sorted_rows, sum_per_creator
from brandfit.plugin.confidence import confidence_note as _confidence_note, toward_prior
from brandfit.rules.options import OptionError, at_least, between, each_value
from brandfit.text.evidence import quoted_excerpt
from brandfit.text.language import NO_WORDS, UNSURE
from brandfit.text.lexicon import GroupLexicon, LanguageTerms, group_lexicon
from brandfit.text.terms import valid_term_list

Severity = Literal["low", "medium", "high", "floor"]
COMPETITOR = "competitor"
# an ambiguous term costs one severity level less than its category, and never vetoes
LOWER = {"floor": "high", "high": "medium", "medium": "low", "low": "low"}


@attrs.frozen
class Category:
    terms: tuple[str, ...] = attrs.field(default=(), validator=valid_term_list, metadata={
        "doc": "unambiguous terms in `terms_language` (docs/rule-files.md: term syntax)"})
    ambiguous: tuple[str, ...] = attrs.field(default=(), validator=valid_term_list, metadata={
        "doc": "terms in `terms_language` with an innocent everyday use: one severity less, never a veto"})
    languages: dict[str, LanguageTerms] = attrs.field(factory=dict, metadata={
        "doc": "terms per language code: {terms, ambiguous, sources}; lexicon packs fill these"})
    severity: Severity = attrs.field(default="high", metadata={"doc": "low, medium, high or floor (never acceptable)"})
    tolerance: int = attrs.field(default=0, validator=at_least(0), metadata={"doc": "posts that may hit this category before it is over tolerance"})


@attrs.frozen
class CompetitorRule:
    severity: Severity = attrs.field(default="medium", metadata={"doc": "severity of a post mentioning a competitor"})
    tolerance: int = attrs.field(default=0, validator=at_least(0), metadata={"doc": "posts that may mention competitors"})
    phrase: bool = attrs.field(default=True, metadata={
        "doc": "also match each name as words of the text; false for names that are everyday words ('the ordinary'): "
               "only the joined #hashtag and @handle then count"})


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
    lexicons: tuple[str, ...] = attrs.field(default=(), metadata={
        "doc": "lexicon packs merged into the categories' languages when the rules load (brandfit-en, brandfit-vi, plugins' packs)"})
    terms_language: str = attrs.field(default="en", metadata={
        "doc": "language of the terms written directly in a category (`terms`, `ambiguous`)"})

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
        return frozenset({"controversy.over-tolerance", "controversy.ambiguous", *(f"controversy.{c}" for c in categories)})

    @functools.cached_property
    def _lexicons(self) -> dict[str, GroupLexicon]:
        o = self.options
        return {name: group_lexicon(c.terms, c.ambiguous, c.languages, o.terms_language) for name, c in o.categories.items()}

    def _competitor_terms(self) -> tuple[str, ...]:
        """Each competitor (``#`` and ``@`` removed, lower-cased) as a phrase (unless ``phrase =
        false``) and joined, as a #hashtag and an @handle: "the ordinary" also finds #theordinary
        and @theordinary, in captions and in the mentions list."""
        terms: list[str] = []
        for raw in self.setup.brand.competitors:
            name = raw.strip().lstrip("#@").lower()
            joined = "".join(ch for ch in name if ch.isalnum() or ch == "_")
            if not joined:
                continue
            if self.options.competitors.phrase:
                terms.append(" ".join(name.replace("*", " ").split()))
            terms += [f"#{joined}", f"@{joined}"]
        return tuple(dict.fromkeys(terms))

    def text_need(self) -> TextNeed:
        """One group per category, language and kind: ``<category>|<language>`` holds the
        unambiguous terms, ``<category>|<language>|?`` the ambiguous ones; each counts only for
        creators writing in its language. Competitors count in every language."""
        return self._need

    @functools.cached_property
    def _need(self) -> TextNeed:
        # built once: the options of a scorer never change, and every batch asks for it
        o = self.options
        groups: dict[str, tuple[str, ...]] = {}
        languages: dict[str, str] = {}
        for name, lexicon in self._lexicons.items():
            for language, sure, unsure in lexicon.by_language:
                for key, terms in ((f"{name}|{language}", sure), (f"{name}|{language}|?", unsure)):
                    if terms:
                        groups[key], languages[key] = terms, language
        competitors = self._competitor_terms()
        if competitors:
            groups[COMPETITOR] = competitors
        return TextNeed(groups, recent_posts=o.recent_posts, include_bio=o.include_bio, languages=languages)

    def score_batch(self, batch: pa.RecordBatch, ctx: BatchContext) -> ScoreBatch:
        o = self.options
        n = batch.num_rows
        tally = ctx.text(self.text_need())
        rows = [(name, False, c.severity, c.tolerance) for name, c in o.categories.items()]
        rows += [(name, True, LOWER[c.severity], c.tolerance) for name, c in o.categories.items()]
        rows += [(COMPETITOR, False, o.competitors.severity, o.competitors.tolerance)]
        table = pl.DataFrame([(*r, float(o.penalty[r[2]])) for r in rows], orient="row", schema={
            "category": pl.String, "ambiguous": pl.Boolean, "severity": pl.String, "tolerance": pl.Int64, "penalty": pl.Float64})
        hit = tally.per_group.with_columns(
            category=pl.col("group").str.split("|").list.first(), ambiguous=pl.col("group").str.ends_with("|?"))
        per_cat, cid = sorted_rows(
            hit.group_by("cid", "category", "ambiguous").agg(posts=pl.col("texts").sum())
            .join(table, on=["category", "ambiguous"])
            .with_columns(group=pl.when(pl.col("ambiguous")).then(pl.col("category") + " (ambiguous)").otherwise(pl.col("category")),
                          over=~pl.col("ambiguous") & (pl.col("posts") > pl.col("tolerance"))),
            "group",
        )
        sure = per_cat.filter(~pl.col("ambiguous"))
        language, unchecked, unchecked_names = self._unchecked(tally.languages, n)
        out = pl.DataFrame({
            "n_texts": tally.texts_per_creator,
            "n_posts": tally.posts_with_text,
            "penalty": sum_per_creator(cid, per_cat["posts"] * per_cat["penalty"], n),
            "over": sum_per_creator(cid, per_cat["over"], n) > 0,
            "ambiguous": sum_per_creator(cid, per_cat["ambiguous"], n) > 0,
            "cats": list_per_creator(cid[~per_cat["ambiguous"].to_numpy()], sure["category"], n),
            "summary": join_per_creator(cid, per_cat.select(pl.format(
                "{} {} ({}, tolerance {})", pl.col("group"), pl.col("posts"), pl.col("severity"), pl.col("tolerance"))).to_series(), n, ", "),
            "language": language, "unchecked": unchecked, "unchecked_names": unchecked_names,
        })
        # no posts: nothing vouches for the creator, so no score; a bio hit still raises its flags.
        # Texts in a language without a lexicon for most categories were not read: missing, never clean
        missing = (pl.when(pl.col("n_posts") == 0).then(pl.lit("no posts with text to check"))
                   .when(pl.col("unchecked") > 0.5).then(pl.format(
                       "texts in {} unchecked: no lexicon for {}", pl.col("language"), pl.col("unchecked_names"))))
        raw = (100.0 - pl.col("penalty").fill_null(0.0)).clip(0.0, 100.0)
        score = toward_prior(raw, pl.col("n_posts"), self.setup.prior, o.confidence_posts).round(1)
        reasons = pl.when(pl.col("summary").is_null()).then(pl.format("nothing found in {} texts", pl.col("n_texts"))) \
            .otherwise(pl.format("texts hitting: {}", pl.col("summary"))) + _confidence_note(pl.col("n_posts"), o.confidence_posts)
        reasons = reasons + pl.when(pl.col("unchecked") > 0).then(pl.format(
            "; unchecked in {}: {}", pl.col("language"), pl.col("unchecked_names"))).otherwise(pl.lit(""))
        cat_flags = pl.col("cats").fill_null([]).list.eval(pl.lit("controversy.") + pl.element())
        cat_flags = pl.when(pl.col("ambiguous").fill_null(False)).then(
            pl.concat_list(cat_flags, pl.lit(["controversy.ambiguous"]))).otherwise(cat_flags)
        flags = pl.when(pl.col("over").fill_null(False)).then(pl.concat_list(pl.lit(["controversy.over-tolerance"]), cat_flags)).otherwise(cat_flags)
        result = out.select(score=pl.when(missing.is_null()).then(score), missing=missing,
                            reasons=pl.when(missing.is_null()).then(reasons), flags=flags)
        evidence = self._evidence(n, tally.hits, per_cat) if tally.hits is not None else None
        metrics = {"controversy_language": out["language"].cast(pl.String), "controversy_unchecked": out["unchecked"].round(3)}
        return ScoreBatch(scores=result["score"], missing=result["missing"], reasons=result["reasons"],
                          flags=result["flags"], evidence=evidence, metrics=metrics)

    def _unchecked(self, languages: pl.Series | None, n: int) -> tuple[pl.Series, pl.Series, pl.Series]:
        """Per creator: the language read, the share of categories without a lexicon in it (their
        texts were not checked for those), and those categories' names."""
        lexicons = self._lexicons
        if languages is None:
            languages = pl.Series([None] * n, dtype=pl.String)
        share, names = {}, {}
        for code in languages.drop_nulls().unique().to_list():
            missing = [] if code in (NO_WORDS, UNSURE) else [c for c, lex in lexicons.items() if code not in lex.languages]
            share[code] = len(missing) / len(lexicons) if lexicons else 0.0
            names[code] = ", ".join(missing) if len(missing) < len(lexicons) else "any category"
        return (languages.rename("language"),
                languages.replace_strict(share, default=0.0, return_dtype=pl.Float64).rename("unchecked"),
                languages.replace_strict(names, default="", return_dtype=pl.String).rename("unchecked_names"))

    def _term_rules(self) -> pl.DataFrame:
        """Per (group, term), the list it was written in: ``categories.<c>.terms`` or
        ``.ambiguous`` when written in the category itself, ``categories.<c>.languages.<code>.terms``
        (or ``.ambiguous``) when it came from a language table or a lexicon pack."""
        o, key = self.options, self.setup.rule_key
        rows = []
        for name, c in o.categories.items():
            for kind, own in (("terms", c.terms), ("ambiguous", c.ambiguous)):
                suffix = "" if kind == "terms" else "|?"
                for term in own:
                    rows.append((f"{name}|{o.terms_language}{suffix}", term, f"{key}.categories.{name}.{kind}"))
                for code, lists in c.languages.items():
                    for term in getattr(lists, kind):
                        rows.append((f"{name}|{code}{suffix}", term, f"{key}.categories.{name}.languages.{code}.{kind}"))
        frame = pl.DataFrame(rows, schema={"group": pl.String, "term": pl.String, "term_rule": pl.String}, orient="row")
        return frame.unique(subset=["group", "term"], keep="first")

    def _evidence(self, n: int, hits: pl.DataFrame, per_cat: pl.DataFrame) -> pl.Series:
        key = self.setup.rule_key
        rule_of = lambda g: pl.when(g == COMPETITOR).then(pl.lit("brand.competitors")).otherwise(pl.format("{}.categories.{}.terms", pl.lit(key), g))  # noqa: E731
        hits = hits.join(self._term_rules(), on=["group", "term"], how="left").with_columns(
            group=pl.col("group").str.split("|").list.first()
            + pl.when(pl.col("group").str.ends_with("|?")).then(pl.lit(" (ambiguous)")).otherwise(pl.lit("")),
            category=pl.col("group").str.split("|").list.first())
        cat_items = per_cat.sort("cid", "group").select(
            "cid",
            item=pl.struct(
                message=pl.format("{}: {} texts, {} severity, -{} each, tolerance {}{}", pl.col("group"), pl.col("posts"), pl.col("severity"),
                                  pl.col("penalty"), pl.col("tolerance"),
                                  pl.when(pl.col("over")).then(pl.lit(" -> over tolerance")).otherwise(pl.lit(""))),
                post=pl.lit(None, dtype=pl.String), term=pl.lit(None, dtype=pl.String), value=pl.col("posts").cast(pl.Float64),
                rule=pl.when(pl.col("group") == COMPETITOR).then(pl.lit(f"{key}.competitors.tolerance"))
                .otherwise(pl.format("{}.categories.{}.tolerance", pl.lit(key), pl.col("category"))),
            ),
        )
        hit_items = hits.select(
            "cid",
            item=pl.struct(
                message=pl.format("{} term '{}'{}", pl.col("group"), pl.col("term"), quoted_excerpt()),
                post=pl.col("item"), term=pl.col("term"), value=pl.lit(None, dtype=pl.Float64),
                rule=pl.coalesce(pl.col("term_rule"), rule_of(pl.col("category"))),
            ),
        )
        return items_per_creator(n, cat_items, hit_items)

