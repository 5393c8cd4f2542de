"""The reference text path, in plain polars: what the text service (brandfit.text.service and
brandfit.text.batch, numpy over Arrow buffers) must agree with. An oracle for tests only."""

from __future__ import annotations

import polars as pl

from brandfit.columnar.posts import recent_posts
from brandfit.text.terms import TermSet

_SEPARATORS = r"[^\p{L}\p{N}#@_]+"


def normalized(text: pl.Expr) -> pl.Expr:
    return pl.lit(" ") + text.fill_null("").str.to_lowercase().str.replace_all(_SEPARATORS, " ") + pl.lit(" ")


def post_text() -> pl.Expr:
    """Caption, hashtags (as #tag) and mentions (as @handle) of a post, as one string."""
    tags = pl.col("hashtags").list.eval(pl.lit("#") + pl.element().str.strip_chars_start("#")).list.join(" ")
    mentions = pl.col("mentions").list.eval(pl.lit("@") + pl.element().str.strip_chars_start("@")).list.join(" ")
    return pl.concat_str([pl.col("caption").fill_null(""), tags.fill_null(""), mentions.fill_null("")], separator=" ")


def posts_with_text(frame: pl.DataFrame, limit: int) -> pl.Series:
    """Per creator, how many posts carry any text (caption, hashtag or mention), at most ``limit``
    (0: no limit). A post standing for an export's averages has no text and proves nothing here."""
    has_text = pl.element().struct.field("caption").fill_null("").str.strip_chars().str.len_bytes().gt(0) \
        | pl.element().struct.field("hashtags").list.len().fill_null(0).gt(0) \
        | pl.element().struct.field("mentions").list.len().fill_null(0).gt(0)
    counts = frame["posts"].list.eval(has_text).list.sum().fill_null(0)
    return counts.clip(upper_bound=limit) if limit else counts


def find_terms(texts: pl.DataFrame, terms: TermSet) -> pl.DataFrame:
    """Match ``terms`` in a frame with columns ``cid``, ``item`` (post id or "bio") and ``text``.

    Returns one row per (cid, item, group, term) found.
    """
    empty = pl.DataFrame(schema={"cid": pl.UInt32, "item": pl.String, "group": pl.String, "term": pl.String})
    if not terms.patterns or texts.height == 0:
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
