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


# ---- The fast path for runs that need no evidence (`brandfit score`) --------------------------
#
# Per batch, every text (each post, and the bio) is built and normalized once, and each set of
# terms is matched once, however many scorers read the texts: scorers ask `batch_texts(ctx, ...)`
# for their texts and `batch_hits(ctx, ...)` for the hits, and get the same rows that
# `texts_for_matching` and `find_terms` would give, minus the order (nothing in a score depends on
# it). The first term set matched in a batch is matched together with every term set seen in
# earlier batches, so one Aho-Corasick pass serves all scorers.
#
# Normalizing with a Unicode regular expression costs far more than matching (one replacement per
# run of separators), so ASCII texts, nearly all of them, are normalized with a byte table and a
# vectorized collapse of space runs (numpy); texts with non-ASCII characters keep the regex, so
# the result is the same string `normalized` gives, byte for byte.

_KEEP = b"abcdefghijklmnopqrstuvwxyz0123456789#@_"


def _byte_table() -> bytes:
    table = bytearray(b" " * 128) + bytearray(range(128, 256))
    for ch in _KEEP:
        table[ch] = ch
    for ch in b"ABCDEFGHIJKLMNOPQRSTUVWXYZ":
        table[ch] = ch + 32
    return bytes(table)


_TABLE = _byte_table()


_NON_ASCII_SEPARATORS = r"[^\x00-\x7F\p{L}\p{N}]+"


def normalize_padded(text: pl.Series) -> tuple[pl.Series, "object"]:
    """Normalize lower-cased texts that already start and end with a space.

    Matches the same patterns as ``normalized`` (runs of separators become one space; a text may
    keep a double space at its ends, which no pattern can tell apart). Returns the Series and the
    numpy (offsets, bytes) of the result, for matchers that work on bytes.
    """
    import numpy as np
    import pyarrow as pa

    n = text.len()
    non_ascii = (text.str.len_bytes() != text.str.len_chars()).arg_true()
    if non_ascii.len():
        # non-ASCII separators (emoji, dashes, ellipses...) become spaces; non-ASCII letters and
        # digits stay and are kept as they are below, like ASCII letters
        text = text.scatter(non_ascii, text.gather(non_ascii).str.replace_all(_NON_ASCII_SEPARATORS, " "))
    arr = text.to_arrow()
    if isinstance(arr, pa.ChunkedArray):
        arr = arr.combine_chunks()
    if arr.type != pa.large_string():
        arr = arr.cast(pa.large_string())
    _, off_buf, data_buf = arr.buffers()
    offsets = np.frombuffer(off_buf, dtype=np.int64, count=n + 1, offset=arr.offset * 8)
    first, last = int(offsets[0]), int(offsets[-1])
    data = np.frombuffer(bytes(memoryview(data_buf)[first:last]).translate(_TABLE), dtype=np.uint8)
    bounds = offsets - first
    # drop each space that follows a space, except the one that opens a row
    space = data == 32
    drop = np.flatnonzero(space[1:] & space[:-1]) + 1
    if len(drop):
        opens = np.zeros(len(data) + 1, dtype=bool)
        opens[bounds[:-1]] = True
        drop = drop[~opens[drop]]
        keep = np.ones(len(data), dtype=bool)
        keep[drop] = False
        data = data[keep]
        bounds = bounds - np.searchsorted(drop, bounds)
    new_bounds = bounds
    result = pl.Series(text.name, pa.LargeStringArray.from_buffers(n, pa.py_buffer(new_bounds), pa.py_buffer(data)))
    return result, (new_bounds, data)


class BatchTexts:
    """Every text of one batch, normalized once: one row per post (with its recency rank) and bio."""

    def __init__(self, frame: pl.DataFrame) -> None:
        n = frame.height
        posts = exploded_posts(frame)
        self.max_posts = int(posts.group_by("cid").len()["len"].max() or 0) if posts.height else 0
        post_ids = pl.coalesce(pl.col("id"), pl.lit("#") + (pl.col("ordinal") + 1).cast(pl.String))
        padded = pl.concat_str([pl.lit(""), post_text(), pl.lit("")], separator=" ").str.to_lowercase()
        texts = posts.select("cid", post_ids.alias("item"), "posted_at", "ordinal", padded.alias("text"))
        bios = (
            frame.select(pl.int_range(pl.len(), dtype=pl.UInt32).alias("cid"), pl.lit("bio").alias("item"),
                         pl.lit(None, dtype=texts.schema["posted_at"]).alias("posted_at"),
                         pl.lit(None, dtype=pl.UInt32).alias("ordinal"), pl.col("bio").alias("text"))
            .filter(pl.col("text").is_not_null() & (pl.col("text").str.strip_chars() != ""))
            .with_columns((pl.lit(" ") + pl.col("text") + pl.lit(" ")).str.to_lowercase().alias("text"))
        )
        texts = pl.concat([texts, bios])
        self.n = n
        self.texts = texts.select(
            pl.int_range(pl.len(), dtype=pl.UInt32).alias("tid"), "cid", "item", "posted_at", "ordinal",
            pl.col("ordinal").is_null().alias("is_bio"),
        )
        self.normalized, self._bytes = normalize_padded(texts["text"])
        self._subsets: dict[tuple[int, bool], tuple[pl.DataFrame, pl.Series]] = {}
        self._hits: dict[int, pl.DataFrame] = {}

    def subset(self, recent: int, include_bio: bool) -> tuple[pl.DataFrame, pl.Series]:
        """(texts with tid/cid/item, texts per creator) as ``texts_for_matching`` would choose them."""
        key = (recent if recent and recent < self.max_posts else 0, include_bio)
        if key not in self._subsets:
            texts = self.texts
            if key[0]:
                ranked = (
                    texts.filter(~pl.col("is_bio"))
                    .sort(["cid", "posted_at", "ordinal"], descending=[False, True, False], nulls_last=True)
                    .with_columns(pl.int_range(pl.len(), dtype=pl.UInt32).over("cid").alias("rank"))
                    .filter(pl.col("rank") < key[0])
                    .drop("rank")
                )
                texts = pl.concat([ranked, texts.filter(pl.col("is_bio"))]) if include_bio else ranked
            elif not include_bio:
                texts = texts.filter(~pl.col("is_bio"))
            texts = texts.select("tid", "cid", "item")
            counts = (
                pl.DataFrame({"cid": pl.int_range(self.n, dtype=pl.UInt32, eager=True)})
                .join(texts.group_by("cid").len(), on="cid", how="left")
                .sort("cid")["len"].fill_null(0)
            )
            self._subsets[key] = (texts, counts)
        return self._subsets[key]

    def match(self, sets: list[TermSet]) -> None:
        """Match several term sets in one pass over the normalized texts; results kept per set."""
        sets = [s for s in sets if id(s) not in self._hits]
        if not sets:
            return
        live = [s for s in sets if not s.empty]
        table = pl.concat([s.table.with_columns(pl.lit(i, dtype=pl.UInt32).alias("set")) for i, s in enumerate(live)]) \
            if live else None
        empty = pl.DataFrame(schema={"tid": pl.UInt32, "group": pl.String, "term": pl.String})
        if table is None or self.normalized.len() == 0:
            for s in sets:
                self._hits[id(s)] = empty
            return
        patterns = list(dict.fromkeys(table["pattern"].to_list()))
        found = self._find(patterns).join(table, on="pattern", how="inner").select("set", "tid", "group", "term")
        parts = found.partition_by("set", as_dict=True, include_key=False)
        for i, s in enumerate(live):
            self._hits[id(s)] = parts.get((i,), empty)
        for s in sets:
            self._hits.setdefault(id(s), empty)

    def _find(self, patterns: list[str]) -> pl.DataFrame:
        """Distinct (tid, pattern) of every pattern found (overlapping) in every normalized text."""
        matcher = _bytes_matcher(patterns)
        if matcher is None:
            return (
                pl.DataFrame({"tid": self.texts["tid"],
                              "pattern": self.normalized.str.extract_many(patterns, overlapping=True)})
                .explode("pattern")
                .drop_nulls("pattern")
                .unique()
            )
        import numpy as np

        bounds, data = self._bytes
        found = np.asarray(matcher.find_matches_as_indexes(data, overlapping=True), dtype=np.int64).reshape(-1, 3)
        tid = np.searchsorted(bounds, found[:, 1], side="right") - 1
        return (
            pl.DataFrame({"tid": pl.Series(tid, dtype=pl.UInt32), "index": pl.Series(found[:, 0], dtype=pl.UInt32)})
            .unique()
            .with_columns(pattern=pl.col("index").replace_strict(list(range(len(patterns))), patterns, return_dtype=pl.String))
            .drop("index")
        )

    def hits(self, terms: TermSet, recent: int, include_bio: bool, also: list[TermSet] = ()) -> pl.DataFrame:
        """(cid, item, group, term) found, like ``find_terms`` on ``subset(recent, include_bio)``."""
        if id(terms) not in self._hits:
            self.match([terms, *also])
        texts, _ = self.subset(recent, include_bio)
        return (
            self._hits[id(terms)].join(texts, on="tid", how="inner")
            .select("cid", "item", "group", "term")
            .unique()
        )


_MATCHERS: dict[tuple[str, ...], object] = {}


def _bytes_matcher(patterns: list[str]):  # type: ignore[no-untyped-def]
    """A byte-level Aho-Corasick DFA (ahocorasick_rs) for ``patterns``, or None without the package.

    The same automaton as polars' ``extract_many`` (both use the Rust aho-corasick crate), built
    as a DFA and run over the whole batch at once: several times faster on long texts.
    """
    key = tuple(patterns)
    if key not in _MATCHERS:
        try:
            import ahocorasick_rs
        except ImportError:
            _MATCHERS[key] = None
        else:
            if len(_MATCHERS) > 64:
                _MATCHERS.clear()
            _MATCHERS[key] = ahocorasick_rs.BytesAhoCorasick(
                [p.encode() for p in patterns], implementation=ahocorasick_rs.Implementation.DFA)
    return _MATCHERS[key]


def batch_texts(ctx, recent: int, include_bio: bool) -> tuple[pl.DataFrame, pl.Series]:  # type: ignore[no-untyped-def]
    """``texts_for_matching`` for the batch of ``ctx``, shared by every scorer of the batch."""
    return _index(ctx).subset(recent, include_bio)


def batch_hits(ctx, groups: dict[str, Iterable[str]], recent: int, include_bio: bool) -> pl.DataFrame:  # type: ignore[no-untyped-def]
    """``find_terms(texts_for_matching(...), compile_terms(groups))`` for the batch of ``ctx``.

    Rows are the same; their order is not (use ``find_terms`` where order matters, e.g. evidence).
    """
    terms = compiled_terms(groups, ctx.run_state)
    seen: dict[int, TermSet] = ctx.run_state.setdefault("term_sets", {})
    seen[id(terms)] = terms
    others = [s for s in seen.values() if s is not terms]
    return _index(ctx).hits(terms, recent, include_bio, also=others)


def _index(ctx) -> BatchTexts:  # type: ignore[no-untyped-def]
    index = ctx.cache.get("batch_texts")
    if index is None:
        index = ctx.cache["batch_texts"] = BatchTexts(ctx.frame)
    return index


def compiled_terms(groups: dict[str, Iterable[str]], run_state: dict) -> TermSet:
    """``compile_terms``, remembered for the run: the same groups give the same TermSet every batch."""
    key = tuple((g, tuple(terms)) for g, terms in groups.items())
    compiled: dict[tuple, TermSet] = run_state.setdefault("compiled_terms", {})
    found = compiled.get(key)
    if found is None:
        found = compiled[key] = compile_terms({g: t for g, t in key})
    return found


def texts_and_hits(ctx, groups: dict[str, Iterable[str]], recent: int,  # type: ignore[no-untyped-def]
                   include_bio: bool) -> tuple[pl.DataFrame, pl.Series, pl.DataFrame]:
    """(texts, texts per creator, hits) for a term-matching scorer.

    With evidence wanted: ``texts_for_matching`` and ``find_terms``, rows in their documented
    order. Without: the shared per-batch fast path above (same rows, any order).
    """
    if ctx.want_evidence:
        texts, counts = texts_for_matching(ctx.frame, recent, include_bio)
        return texts, counts, find_terms(texts, compiled_terms(groups, ctx.run_state))
    texts, counts = batch_texts(ctx, recent, include_bio)
    return texts, counts, batch_hits(ctx, groups, recent, include_bio)
