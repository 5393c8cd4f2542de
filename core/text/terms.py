"""Whole-word term matching over whole batches at once (Aho-Corasick through polars).

Text is lower-cased and every run of characters that is not a letter, digit, ``#``, ``@`` or ``_``
becomes one space, with a space at each end. A term then becomes one or more literal patterns
with spaces as word boundaries (`` vegan ``), so a single multi-pattern pass finds every term of
every group in a post: far faster than one regular expression per term (docs/performance.md).
"""

from __future__ import annotations

import re
from typing import Iterable

import attrs
import polars as pl

_SEPARATORS = r"[^\p{L}\p{N}#@_]+"
_TERM_SEPARATORS = re.compile(r"[^\w#@*]+", re.UNICODE)


@attrs.frozen
class TermSet:
    """Terms grouped by name (a brand value, a controversy category...), compiled to patterns."""

    patterns: tuple[str, ...]
    table: pl.DataFrame  # pattern -> group, term (one row per pair; a pattern may serve several terms)

    @property
    def empty(self) -> bool:
        return not self.patterns


def term_patterns(term: str) -> list[str]:
    """The literal patterns that find ``term`` in normalized text (see the module docstring)."""
    raw = term.strip().lower()
    prefix_wild = raw.endswith("*")
    suffix_wild = raw.startswith("*")
    core = " ".join(w for w in _TERM_SEPARATORS.sub(" ", raw.strip("*")).split() if w.strip("*"))
    core = core.replace("*", "")
    if not core:
        return []
    left = "" if suffix_wild else " "
    right = "" if prefix_wild else " "
    if core[0] in "#@":
        return [f"{left}{core}{right}"]
    found = [f"{left}{core}{right}"]
    if not suffix_wild:
        # a plain word or phrase also matches as a hashtag: "plant based" finds "#plantbased"
        found.append(f"{left}#{core.replace(' ', '')}{right}")
    return found


def compile_terms(groups: dict[str, Iterable[str]]) -> TermSet:
    rows = [(p, group, term) for group, terms in groups.items() for term in terms for p in term_patterns(term)]
    table = pl.DataFrame(rows, schema={"pattern": pl.String, "group": pl.String, "term": pl.String}, orient="row")
    table = table.unique(maintain_order=True)
    return TermSet(patterns=tuple(dict.fromkeys(table["pattern"].to_list())), table=table)


def normalized(text: pl.Expr) -> pl.Expr:
    return pl.lit(" ") + text.fill_null("").str.to_lowercase().str.replace_all(_SEPARATORS, " ") + pl.lit(" ")


def post_text() -> pl.Expr:
    """Caption, hashtags (as #tag) and mentions (as @handle) of a post, as one string."""
    tags = pl.col("hashtags").list.eval(pl.lit("#") + pl.element().str.strip_chars_start("#")).list.join(" ")
    mentions = pl.col("mentions").list.eval(pl.lit("@") + pl.element().str.strip_chars_start("@")).list.join(" ")
    return pl.concat_str([pl.col("caption").fill_null(""), tags.fill_null(""), mentions.fill_null("")], separator=" ")


def exploded_posts(frame: pl.DataFrame) -> pl.DataFrame:
    """One row per post: ``cid`` (the creator's row in the batch), ``ordinal`` (file order), fields."""
    return (
        frame.select(pl.int_range(pl.len(), dtype=pl.UInt32).alias("cid"), "posts")
        .explode("posts")
        .drop_nulls("posts")
        .with_columns(pl.int_range(pl.len(), dtype=pl.UInt32).over("cid").alias("ordinal"))
        .unnest("posts")
    )


def posts_with_text(frame: pl.DataFrame, limit: int) -> pl.Series:
    """Per creator, how many posts carry any text (caption, hashtag or mention), at most ``limit``
    (0: no limit). A post standing for an export's averages has no text and proves nothing here."""
    has_text = pl.element().struct.field("caption").fill_null("").str.strip_chars().str.len_bytes().gt(0) \
        | pl.element().struct.field("hashtags").list.len().fill_null(0).gt(0) \
        | pl.element().struct.field("mentions").list.len().fill_null(0).gt(0)
    counts = frame["posts"].list.eval(has_text).list.sum().fill_null(0)
    return counts.clip(upper_bound=limit) if limit else counts


def recent_posts(frame: pl.DataFrame, limit: int) -> pl.DataFrame:
    """One row per post with ``cid`` (the creator's row in the batch) and ``ordinal`` (file order).

    Keeps each creator's ``limit`` most recent posts (0 keeps all): newest ``posted_at`` first,
    posts without a date after dated ones, in file order.
    """
    posts = exploded_posts(frame)
    # the sort is the costly part; skip it when every creator's posts all fit anyway
    if limit and posts.height and (frame["posts"].list.len().max() or 0) > limit:
        posts = (
            posts.sort(["cid", "posted_at", "ordinal"], descending=[False, True, False], nulls_last=True)
            .group_by("cid", maintain_order=True)
            .head(limit)
        )
    return posts


def find_terms(texts: pl.DataFrame, terms: TermSet) -> pl.DataFrame:
    """Match ``terms`` in a frame with columns ``cid``, ``item`` (post id or "bio") and ``text``.

    Returns one row per (cid, item, group, term) found.
    """
    empty = pl.DataFrame(schema={"cid": pl.UInt32, "item": pl.String, "group": pl.String, "term": pl.String})
    if terms.empty or texts.height == 0:
        return empty
    found = (
        texts.select(
            "cid", "item",
            normalized(pl.col("text")).str.extract_many(list(terms.patterns), overlapping=True).alias("pattern"),
        )
        .explode("pattern")
        .drop_nulls("pattern")
    )
    if found.height == 0:
        return empty
    return (
        found.join(terms.table, on="pattern", how="inner")
        .select("cid", "item", "group", "term")
        .unique(maintain_order=True)
    )


def texts_for_matching(frame: pl.DataFrame, recent: int, include_bio: bool) -> tuple[pl.DataFrame, pl.Series]:
    """The texts a term-matching scorer reads: recent posts (and the bio), and how many per creator.

    Returns (texts with cid/item/text, count of texts per creator as a Series aligned with frame).
    """
    posts = recent_posts(frame, recent)
    post_ids = pl.coalesce(pl.col("id"), pl.lit("#") + (pl.col("ordinal") + 1).cast(pl.String))
    texts = posts.select("cid", post_ids.alias("item"), post_text().alias("text"))
    if include_bio:
        bios = (
            frame.select(pl.int_range(pl.len(), dtype=pl.UInt32).alias("cid"), pl.lit("bio").alias("item"),
                         pl.col("bio").alias("text"))
            .filter(pl.col("text").is_not_null() & (pl.col("text").str.strip_chars() != ""))
        )
        texts = pl.concat([texts, bios])
    counts = (
        pl.DataFrame({"cid": pl.int_range(frame.height, dtype=pl.UInt32, eager=True)})
        .join(texts.group_by("cid").len(), on="cid", how="left")
        .sort("cid")["len"].fill_null(0)
    )
    return texts, counts


def compiled_terms(groups: dict[str, Iterable[str]], run_state: dict) -> TermSet:
    """``compile_terms``, remembered for the run: the same groups give the same TermSet every batch."""
    key = tuple((g, tuple(terms)) for g, terms in groups.items())
    compiled: dict[tuple, TermSet] = run_state.setdefault("compiled_terms", {})
    found = compiled.get(key)
    if found is None:
        found = compiled[key] = compile_terms({g: t for g, t in key})
    return found
