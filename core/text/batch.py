"""Every text of one batch, built and normalized once and matched in one pass (the work behind
:mod:`brandfit.text.service`), on Arrow buffers and numpy arrays, never per creator or per post:

- a post's text is its caption, its hashtags (as ``#tag``) and its mentions (as ``@handle``),
  joined by spaces and padded with one space at each end; the bio is one more text;
- normalizing (see :mod:`brandfit.text.terms`) is a byte table for ASCII text, which also
  lower-cases it, then one pass that squeezes runs of spaces; only texts with non-ASCII
  characters go through the Unicode lower-casing and separator regex first;
- every term set of the run is matched in one Aho-Corasick DFA pass over the whole buffer,
  and each match is turned into (creator, group, text) with array arithmetic.

Counts are per creator and group, of distinct texts; texts are told apart by their item name
(post id, ``#n`` for a post without one, ``bio``), so a post listed twice under one id counts
once. tests/text_oracle.py is the same in plain polars, the reference the tests hold this to.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable

import attrs
import numpy as np
import polars as pl
import pyarrow as pa
import pyarrow.compute as pc

from brandfit.columnar.lists import to_arrow, to_numpy
from brandfit.columnar.posts import recency_order
from brandfit.text.terms import TermSet

_KEEP = b"abcdefghijklmnopqrstuvwxyz0123456789#@_"
# non-ASCII characters that are not letters or digits (emoji, dashes, ellipses...) separate words
_NON_ASCII_SEPARATORS = r"[^\x00-\x7F\p{L}\p{N}]+"


def _byte_table() -> bytes:
    """ASCII letters lower-cased, digits and ``#@_`` kept, every other ASCII byte a space; bytes of
    non-ASCII characters (>= 0x80) kept: they were handled, where needed, before the table."""
    table = bytearray(b" " * 128) + bytearray(range(128, 256))
    for ch in _KEEP:
        table[ch] = ch
    for ch in b"ABCDEFGHIJKLMNOPQRSTUVWXYZ":
        table[ch] = ch + 32
    return bytes(table)


_TABLE = _byte_table()
_SPLIT_BYTES = 1 << 20


# pyarrow imports pandas (0.2 s, a fifth of a small job's budget) the first time it converts to or
# from numpy or Python values, wherever pandas is installed: numbers cross through polars
# (columnar.lists.to_numpy / to_arrow), scalars are built from buffers.


def _lengths(lists: pa.Array) -> np.ndarray:
    """Items per list, 0 for a missing list (read from the offsets: no column is built)."""
    if isinstance(lists, pa.ChunkedArray):
        lists = lists.combine_chunks()
    width = 8 if pa.types.is_large_list(lists.type) else 4
    offsets = np.frombuffer(lists.buffers()[1], dtype=f"<i{width}", count=len(lists) + 1, offset=lists.offset * width)
    lengths = np.diff(offsets).astype(np.int64)
    if lists.null_count:
        lengths[~to_numpy(lists.is_valid())] = 0
    return lengths


def _text(value: str) -> pa.Scalar:
    raw = value.encode()
    return pa.StringArray.from_buffers(1, pa.py_buffer(np.array([0, len(raw)], dtype=np.int32)), pa.py_buffer(raw))[0]


EMPTY, SPACE = _text(""), _text(" ")


def normalize_texts(text: pl.Series | pa.LargeStringArray) -> pl.Series:
    """Normalized texts (lower-cased, each run of separators one space), as ``normalized`` makes
    them, for texts that already start and end with a separator. Either end may keep a double
    space, which no pattern can tell apart from one. Arrow input is read in place (the batch's
    texts come from Arrow: a trip through polars' string views would copy every byte)."""
    arr = _contiguous(text.to_arrow() if isinstance(text, pl.Series) else text)
    name = text.name if isinstance(text, pl.Series) else ""
    offsets = _offsets(arr)
    bounds = offsets - offsets[0]
    data = np.frombuffer(memoryview(arr.buffers()[2])[int(offsets[0]):int(offsets[-1])], dtype=np.uint8)
    leads = np.flatnonzero(data >= 0xC0)  # first bytes of non-ASCII characters
    odd_rows = np.zeros(0, dtype=np.int64)
    if len(leads):
        data = data.copy()
        odd = _fold_non_ascii(data, leads)
        odd_rows = np.unique(np.searchsorted(bounds, odd, side="right") - 1)
    result = _translated(data.tobytes(), bounds, name)
    if len(odd_rows):
        # characters whose lower case changes length or depends on context: polars, row by row
        rows = pl.Series(odd_rows, dtype=pl.UInt32)
        fixed = pl.Series(arr).gather(rows).str.to_lowercase().str.replace_all(_NON_ASCII_SEPARATORS, " ").to_arrow()
        fixed = _contiguous(fixed)
        fixed_offsets = _offsets(fixed)
        fixed_data = bytes(memoryview(fixed.buffers()[2])[int(fixed_offsets[0]):int(fixed_offsets[-1])])
        result = result.scatter(rows, _translated(fixed_data, fixed_offsets - fixed_offsets[0], name))
    # polars' literal-prefix regex squeezes space runs faster than numpy masks (docs/performance.md)
    return result.str.replace_all("  +", " ")


def _translated(data: bytes, bounds: np.ndarray, name: str) -> pl.Series:
    out = data.translate(_TABLE)
    return pl.Series(name, pa.LargeStringArray.from_buffers(len(bounds) - 1, pa.py_buffer(bounds), pa.py_buffer(out)))


def _fold_non_ascii(data: np.ndarray, leads: np.ndarray) -> np.ndarray:
    """Lower-case non-ASCII letters and blank out non-ASCII separators, in place, as the Unicode
    path (``to_lowercase``, then ``_NON_ASCII_SEPARATORS`` -> space) would: a byte substitution
    per distinct character, since nearly all keep their UTF-8 length. Returns the positions of
    characters this cannot do (a lower case of another length, the context-dependent final sigma)."""
    # a lead byte's followers (valid UTF-8 has them; clip keeps a truncated tail in bounds)
    b0, b1, b2, b3 = (data[np.minimum(leads + k, len(data) - 1)].astype(np.int64) for k in range(4))
    width = np.where(b0 >= 0xF0, 4, np.where(b0 >= 0xE0, 3, 2))
    code = np.where(width == 2, ((b0 & 0x1F) << 6) | (b1 & 0x3F),
                    np.where(width == 3, ((b0 & 0x0F) << 12) | ((b1 & 0x3F) << 6) | (b2 & 0x3F),
                             ((b0 & 0x07) << 18) | ((b1 & 0x3F) << 12) | ((b2 & 0x3F) << 6) | (b3 & 0x3F)))
    distinct, which = np.unique(code, return_inverse=True)
    odd: list[np.ndarray] = []
    for i, point in enumerate(distinct.tolist()):
        char = chr(point)
        if unicodedata.category(char)[0] in "LN":
            lower = char.lower()
            if lower == char:
                continue
            new = lower.encode()
            at = leads[which == i]
            if len(lower) != 1 or len(new) != len(char.encode()) or char == "\u03a3":
                odd.append(at)
                continue
            for k, byte in enumerate(new):
                data[at + k] = byte
        else:
            at = leads[which == i]
            for k in range(len(char.encode())):
                data[at + k] = 0x20
    return np.concatenate(odd) if odd else np.zeros(0, dtype=np.int64)


def _contiguous(arr: pa.Array | pa.ChunkedArray) -> pa.Array:
    if isinstance(arr, pa.ChunkedArray):
        arr = arr.combine_chunks()
    return arr.cast(pa.large_string()) if arr.type != pa.large_string() else arr


def _offsets(arr: pa.Array) -> np.ndarray:
    return np.frombuffer(arr.buffers()[1], dtype=np.int64, count=len(arr) + 1, offset=arr.offset * 8)


def _joined(values: pa.Array, prefix: str) -> pa.Array:
    """Per post, a list of tags or mentions as ``#a #b`` (leading marks stripped, then one added),
    "" for an empty or missing list: what ``post_text`` builds with polars."""
    flat = pc.list_flatten(values)
    if flat.null_count:
        # polars skips missing items when joining; so does this, the slow way (rare)
        joined = pl.Series(values).list.eval(pl.lit(prefix) + pl.element().str.strip_chars_start(prefix)).list.join(" ")
        return joined.fill_null("").to_arrow().cast(pa.string())
    offsets = np.concatenate(([0], _lengths(values).cumsum())).astype(np.int32)
    rebuilt = pa.ListArray.from_arrays(to_arrow(offsets), pc.utf8_ltrim(flat, characters=prefix))
    # "a #b" joined, then the first mark added where there is a first item
    marks = pc.if_else(to_arrow(np.diff(offsets) > 0), _text(prefix), EMPTY)
    return pc.binary_join_element_wise(marks, pc.fill_null(pc.binary_join(rebuilt, _text(" " + prefix)), EMPTY), EMPTY)


@attrs.frozen
class MatchPlan:
    """How the term sets of one pass are matched: one automaton over their distinct patterns,
    and which (set, group) each pattern serves. Built once per run for the same sets."""

    patterns: tuple[str, ...]
    serves: np.ndarray  # rows (pattern, set, group code), sorted by pattern
    groups: tuple[tuple[str, ...], ...]  # per set, group names by code
    matcher: object

    @classmethod
    def of(cls, sets: list[TermSet]) -> MatchPlan:
        import ahocorasick_rs

        pattern_index: dict[str, int] = {}
        serves: list[tuple[int, int, int]] = []
        groups: list[tuple[str, ...]] = []
        for set_no, terms in enumerate(sets):
            names: dict[str, int] = {}
            own = pl.concat([terms.table.select("pattern", "group"), terms.parts.select("pattern", "group")])
            for pattern, group in own.unique(maintain_order=True).iter_rows():
                code = names.setdefault(group, len(names))
                serves.append((pattern_index.setdefault(pattern, len(pattern_index)), set_no, code))
            groups.append(tuple(names))
        patterns = tuple(pattern_index)
        matcher = ahocorasick_rs.BytesAhoCorasick(
            [p.encode() for p in patterns], implementation=ahocorasick_rs.Implementation.DFA) if patterns else None
        return cls(patterns=patterns, serves=np.array(sorted(serves), dtype=np.int64).reshape(-1, 3),
                   groups=tuple(groups), matcher=matcher)


class BatchTexts:
    """The texts of one batch (posts, then bios), normalized, and the term sets matched in them.

    Every per-text fact is an array indexed by text (``cid``, the item keys, the recency rank), so
    a per-text attribute (a language code, say) is one more array of the same length."""

    def __init__(self, batch: pa.RecordBatch) -> None:
        self.n = batch.num_rows
        posts = _posts_array(batch)
        flat = pc.list_flatten(posts)
        valid = to_numpy(flat.is_valid())
        parents = to_numpy(pc.list_parent_indices(posts))
        fields = {f.name: col for f, col in zip(flat.type, flat.flatten(), strict=True)}
        if not valid.all():
            keep = to_arrow(valid)
            fields = {k: v.filter(keep) for k, v in fields.items()}
            parents = parents[valid]
        post_cid = parents.astype(np.int64)
        n_posts = len(post_cid)
        first_of_creator = np.searchsorted(post_cid, np.arange(self.n))
        self.ordinal = np.arange(n_posts) - first_of_creator[post_cid] if n_posts else np.zeros(0, dtype=np.int64)
        bio = batch.column("bio").cast(pa.string())
        # "has a character that is not white space": the same test as "not blank once stripped",
        # without building the stripped strings
        self._bio_kept = np.flatnonzero(pl.Series(bio).str.contains(r"\S").fill_null(False).to_numpy())
        self._bios = pc.take(bio, to_arrow(self._bio_kept))
        #: per text (posts, then bios), the creator's row in the batch
        self.cid = np.concatenate((post_cid, self._bio_kept.astype(np.int64)))
        self.n_post_texts = n_posts
        self.posted_at = fields["posted_at"]
        self.per_creator_posts = np.bincount(post_cid, minlength=self.n)
        self._fields = fields
        self._caption = pc.fill_null(fields["caption"], EMPTY)
        tag_counts, mention_counts = _lengths(fields["hashtags"]), _lengths(fields["mentions"])
        has_text = pl.Series(self._caption).str.contains(r"\S").to_numpy() \
            | (tag_counts > 0) | (mention_counts > 0)
        #: per creator, how many posts carry any text (caption, hashtag or mention)
        self.posts_with_text = np.bincount(post_cid[has_text], minlength=self.n)
        self._names: pl.Series | None = None
        self._items: np.ndarray | None = None
        self._rank: np.ndarray | None = None
        self._subsets: dict[tuple[int, bool], np.ndarray] = {}
        self._texts: pl.Series | None = None
        self._raw: pl.Series | None = None
        self._raw_arrow: pa.LargeStringArray | None = None
        self._languages: np.ndarray | None = None
        self._matches: dict[int, _SetMatches] = {}

    def texts(self) -> pl.Series:
        """The normalized texts, one per post (its caption, then ``#tag``s, then ``@mention``s,
        joined by spaces) then one per bio, built at the first match."""
        if self._texts is None:
            self._texts = normalize_texts(self._raw_texts())
        return self._texts

    def raw_texts(self) -> pl.Series:
        """The texts as written (caption, ``#tag``s, ``@mention``s; bios), before normalizing."""
        if self._raw is None:
            self._raw = pl.Series(self._raw_texts())
        return self._raw

    def _raw_texts(self) -> pa.LargeStringArray:
        """The raw texts in Arrow: polars reads only the few it samples for languages."""
        if self._raw_arrow is None:
            tags, mentions = _joined(self._fields["hashtags"], "#"), _joined(self._fields["mentions"], "@")
            posts = pc.binary_join_element_wise(EMPTY, self._caption, tags, mentions, EMPTY, SPACE)
            bios = pc.binary_join_element_wise(SPACE, self._bios, SPACE, EMPTY)
            self._raw_arrow = _contiguous(pa.concat_arrays([posts.cast(pa.large_string()), bios.cast(pa.large_string())]))
        return self._raw_arrow

    def languages(self) -> np.ndarray:
        """Per creator, the language of the texts (:mod:`brandfit.text.language`), detected once."""
        if self._languages is None:
            from brandfit.text.language import detect, samples_per_creator

            samples = samples_per_creator(pl.Series(self.cid, dtype=pl.UInt32), self._raw_texts(), self.n)
            # a list, not .to_numpy(): strings to numpy go through pyarrow, which imports pandas
            self._languages = np.array(detect(samples).to_list(), dtype=object)
        return self._languages

    # ---- which texts a scorer reads -------------------------------------------------------

    def _recent(self, recent: int) -> int:
        """``recent``, or 0 when every creator's posts fit anyway (then no post is left out)."""
        most = int(self.per_creator_posts.max()) if self.n else 0
        return recent if recent and recent < most else 0

    def subset(self, recent: int, include_bio: bool) -> np.ndarray:
        """A mask over the texts: each creator's ``recent`` newest posts (0: all, in
        :func:`~brandfit.columnar.posts.recency_order`), and the bios with ``include_bio``."""
        key = (self._recent(recent), include_bio)
        if key not in self._subsets:
            mask = np.zeros(len(self.cid), dtype=bool)
            mask[self.n_post_texts:] = include_bio
            mask[:self.n_post_texts] = self._recency_rank() < key[0] if key[0] else True
            self._subsets[key] = mask
        return self._subsets[key]

    def _recency_rank(self) -> np.ndarray:
        if self._rank is None:
            self._rank = recency_order(self.cid[:self.n_post_texts], self.posted_at)[1]
        return self._rank

    def item_names(self) -> pl.Series:
        """Per text, its item name: the post id, ``#n`` for the n-th post without one, ``bio``."""
        if self._names is None:
            ids = pl.Series(self._fields["id"], dtype=pl.String)
            if ids.null_count():
                numbers = pl.Series((self.ordinal + 1).astype(np.int64)).cast(pl.String)
                ids = pl.select(pl.coalesce(pl.lit(ids), pl.lit("#") + pl.lit(numbers))).to_series()
            self._names = pl.concat([ids, pl.Series(["bio"] * (len(self.cid) - self.n_post_texts), dtype=pl.String)])
        return self._names

    def _item_keys(self) -> np.ndarray:
        """Per text, a number that is equal for two texts of one creator exactly when their item
        names are equal; the text's own index when no names repeat."""
        if self._items is None:
            names = self.item_names()
            # distinct (creator, name-hash) pairs prove the names distinct; equal hashes may be a
            # collision, so only then are names compared
            mixed = names.hash(seed=0).to_numpy() ^ (self.cid.astype(np.uint64) * np.uint64(0x9E3779B97F4A7C15))
            if pl.Series(mixed).is_duplicated().any():
                frame = pl.DataFrame({"cid": self.cid, "name": names}).with_row_index("tid")
                self._items = frame.select(pl.col("tid").min().over("cid", "name")).to_series().to_numpy().astype(np.int64)
            else:
                self._items = np.arange(len(self.cid), dtype=np.int64)
        return self._items

    # ---- matching -------------------------------------------------------------------------

    def match(self, sets: list[TermSet], plan_of: Callable[[list[TermSet]], MatchPlan], threads: int = 2) -> None:
        """Match every set not matched yet in one pass (``plan_of`` gives the run's automaton for
        those sets; a big batch is cut into ``threads`` parts); keep, per set, each hit's text,
        group code and match."""
        sets = [s for s in sets if id(s) not in self._matches]
        if not sets:
            return
        plan = plan_of(sets)
        found, found_text = self._find(plan, threads)
        serves = plan.serves
        # a pattern may serve several (set, group): each match counts once for each
        first = np.searchsorted(serves[:, 0], found[:, 0], side="left")
        repeat = np.searchsorted(serves[:, 0], found[:, 0], side="right") - first
        starts = np.cumsum(repeat) - repeat
        rows = np.repeat(first - starts, repeat) + np.arange(int(repeat.sum()))
        source = np.repeat(np.arange(len(found)), repeat)
        set_no, group = serves[rows, 1], serves[rows, 2]
        for i, terms in enumerate(sets):
            mine = set_no == i
            matched = _SetMatches(source[mine], group[mine], plan.groups[i], found, found_text, plan.patterns)
            self._matches[id(terms)] = self._qualified(terms, matched) if terms.special.height else matched

    def _qualified(self, terms: TermSet, matched: _SetMatches) -> _SetMatches:
        """The hits of a set with special terms (docs/rule-files.md, term syntax): a term's hit is
        dropped where one of its exceptions matches at the same place, a proximity term's first
        part counts only with its second part at most ``distance`` words away, an exact-case term
        only where the text as written has those capitals. Parts never count as hits."""
        source = matched.source
        rows = pl.DataFrame({
            "source": pl.Series(source, dtype=pl.Int64),
            "text": pl.Series(matched.found_text[source], dtype=pl.Int64),
            "pattern": pl.Series(matched.patterns, dtype=pl.String).gather(pl.Series(matched.found[source, 0], dtype=pl.UInt32)),
            "start": pl.Series(matched.found[source, 1], dtype=pl.Int64),
            "end": pl.Series(matched.found[source, 2], dtype=pl.Int64),
        }).unique()
        roles = pl.concat([terms.table.with_columns(role=pl.lit("hit")), terms.parts])
        rows = rows.join(roles, on="pattern")
        hits = rows.filter(pl.col("role") == "hit").drop("role")
        plain = hits.join(terms.special, on=["group", "term"], how="anti")
        special = hits.join(terms.special, on=["group", "term"])
        parts = rows.filter(pl.col("role") != "hit")
        # an exception is a longer form of its term: it starts (prefix terms) or ends (suffix terms) where the term does
        excepted = parts.filter(pl.col("role") == "except")
        for anchor in ("start", "end"):
            mine = special.filter(pl.col("anchor") == anchor)
            rest = special.filter(pl.col("anchor") != anchor)
            kept = mine.join(excepted.select("text", "group", "term", anchor), on=["text", "group", "term", anchor], how="anti")
            special = pl.concat([rest, kept])
        near = special.filter(pl.col("distance") > 0)
        if near.height:
            seconds = parts.filter(pl.col("role") == "near").select("text", "group", "term", second=pl.col("start"))
            pairs = near.join(seconds, on=["text", "group", "term"])
            texts = self.texts()
            words = [_word_index(texts[t], a) - _word_index(texts[t], b)
                     for t, a, b in pairs.select("text", "start", "second").iter_rows()]
            close = pairs.filter(pl.Series(words, dtype=pl.Int64).abs() <= pl.col("distance"))
            special = pl.concat([special.filter(pl.col("distance") == 0), close.drop("second").unique(subset=["source", "group", "term"])])
        exact = special.filter(pl.col("exact_case").is_not_null())
        if exact.height:
            raw = self.raw_texts()
            keep = [_has_exact(raw[t], word) for t, word in exact.select("text", "exact_case").iter_rows()]
            special = pl.concat([special.filter(pl.col("exact_case").is_null()), exact.filter(pl.Series(keep, dtype=pl.Boolean))])
        allowed = pl.concat([plain.select("source", "group", "term"), special.select("source", "group", "term")])
        codes = {name: code for code, name in enumerate(matched.names)}
        pairs_kept = allowed.select("source", "group").unique()
        return _SetMatches(pairs_kept["source"].to_numpy().astype(np.int64),
                           np.array([codes[g] for g in pairs_kept["group"].to_list()], dtype=np.int64),
                           matched.names, matched.found, matched.found_text, matched.patterns, allowed)

    def _find(self, plan: MatchPlan, threads: int) -> tuple[np.ndarray, np.ndarray]:
        """Every pattern found, overlapping, in every text: rows (pattern index, start, end) with
        positions in the batch's text buffer, and each one's text index."""
        if plan.matcher is None or len(self.cid) == 0:
            return np.zeros((0, 3), dtype=np.int64), np.zeros(0, dtype=np.int64)
        arr = _contiguous(self.texts().to_arrow())
        offsets = _offsets(arr)
        bounds = offsets - offsets[0]
        # a view, not a copy: the automaton reads any contiguous buffer of bytes
        data = np.frombuffer(arr.buffers()[2], dtype=np.uint8)[int(offsets[0]):int(offsets[-1])]
        # the automaton releases the GIL: parts of a big batch are matched on several threads
        # while this thread is the run's critical path (docs/performance.md); cut between texts
        parts = threads if len(data) > _SPLIT_BYTES and threads > 1 else 1
        cuts = [0, *(int(bounds[np.searchsorted(bounds, len(data) * k // parts)]) for k in range(1, parts)), len(data)]
        chunks = [(start, data[start:end]) for start, end in zip(cuts, cuts[1:], strict=False)]

        def find(chunk: tuple[int, np.ndarray]) -> np.ndarray:
            found = np.asarray(plan.matcher.find_matches_as_indexes(chunk[1], overlapping=True), dtype=np.int64)  # type: ignore[attr-defined]
            found = found.reshape(-1, 3)
            found[:, 1:] += chunk[0]
            return found

        if len(chunks) > 1:
            from concurrent.futures import ThreadPoolExecutor

            with ThreadPoolExecutor(max_workers=len(chunks)) as pool:
                found = np.concatenate(list(pool.map(find, chunks)))
        else:
            found = find(chunks[0])
        text = np.searchsorted(bounds, found[:, 1], side="right") - 1
        found[:, 1:] -= bounds[text][:, None]  # positions within the text
        return found, text

    def _in_language(self, text: np.ndarray, group: np.ndarray, names: tuple[str, ...],
                     group_language: dict[str, str] | None) -> np.ndarray:
        """Per hit, whether its group reads its creator's language (groups without one read all)."""
        if not group_language:
            return np.ones(len(text), dtype=bool)
        creators = self.languages()
        codes = {code: i for i, code in enumerate(dict.fromkeys(creators.tolist()))}
        # -1: a group for every language; -2: a language no creator of the batch writes
        wanted = np.array([-1 if name not in group_language else codes.get(group_language[name], -2) for name in names] or [-1])
        creator = np.array([codes[c] for c in creators.tolist()] or [0])[self.cid[text]]
        # a creator whose language was not told (or who wrote no word) is read with every language's terms
        any_language = np.isin(creator, [codes[c] for c in _ANY_LANGUAGE if c in codes])
        return (wanted[group] == -1) | (wanted[group] == creator) | any_language

    def tally(self, terms: TermSet, recent: int, include_bio: bool,
              group_language: dict[str, str] | None = None) -> tuple[pl.DataFrame, pl.Series]:
        """Per creator and group, the distinct texts (of those ``subset`` picks) that hit it
        (``cid``, ``group``, ``texts``), and how many texts were read per creator. A group named
        in ``group_language`` only counts for creators writing in that language."""
        mask = self.subset(recent, include_bio)
        hits = self._matches[id(terms)]
        text = hits.text
        keep = mask[text] & self._in_language(text, hits.group, hits.names, group_language)
        text, group = text[keep], hits.group[keep]
        width, span = max(len(hits.names), 1), len(self.cid) + 1
        items = self._item_keys()
        pairs = np.unique((self.cid[text] * width + group) * span + items[text])
        creator_group, per = np.unique(pairs // span, return_counts=True)
        per_group = pl.DataFrame({
            "cid": pl.Series(creator_group // width, dtype=pl.UInt32),
            "group": pl.Series(hits.names, dtype=pl.String).gather(pl.Series(creator_group % width, dtype=pl.UInt32)),
            "texts": pl.Series(per, dtype=pl.UInt32),
        })
        counts = np.bincount(self.cid[mask], minlength=self.n)
        return per_group, pl.Series("len", counts, dtype=pl.UInt32)

    def hits(self, terms: TermSet, recent: int, include_bio: bool,
             group_language: dict[str, str] | None = None) -> pl.DataFrame:
        """One row per (creator, item, group, term) hit among the texts ``subset`` picks: ``cid``,
        ``item``, ``group``, ``term``, and where its first hit is: ``text`` (index of the text in
        the batch), ``start`` and ``end`` (byte positions in its normalized form).

        Matches are taken in reading order (each creator's posts newest first when ``recent``
        leaves some out, else in file order, then the bios; within a text by position) before
        they are joined to their terms; rows are in no promised order."""
        mask = self.subset(recent, include_bio)
        matched = self._matches[id(terms)]
        source = np.unique(matched.source[mask[matched.text]])  # one row per match, in buffer order
        text = matched.found_text[source]
        reading = np.arange(len(self.cid))  # texts are stored by creator in file order, then the bios
        if self._recent(recent):  # newest first: a post's place among its creator's is its rank
            reading[:self.n_post_texts] += self._recency_rank() - self.ordinal
        order = np.argsort(reading[text], kind="stable")
        source, text = source[order], text[order]
        found = pl.DataFrame({
            "cid": pl.Series(self.cid[text], dtype=pl.UInt32),
            "item": self.item_names().gather(pl.Series(text, dtype=pl.UInt32)),
            "pattern": pl.Series(matched.patterns, dtype=pl.String).gather(pl.Series(matched.found[source, 0], dtype=pl.UInt32)),
            "text": pl.Series(text, dtype=pl.UInt32),
            "start": pl.Series(matched.found[source, 1], dtype=pl.UInt32),
            "end": pl.Series(matched.found[source, 2], dtype=pl.UInt32),
        })
        found = found.with_columns(source=pl.Series(source, dtype=pl.Int64))
        joined = found.join(terms.table, on="pattern", how="inner")
        if matched.allowed is not None:
            joined = joined.join(matched.allowed, on=["source", "group", "term"], how="semi")
        if group_language:
            codes = {name: code for code, name in enumerate(matched.names)}
            keep = self._in_language(joined["text"].to_numpy().astype(np.int64),
                                     np.array([codes[g] for g in joined["group"].to_list()], dtype=np.int64),
                                     matched.names, group_language)
            joined = joined.filter(pl.Series(keep, dtype=pl.Boolean))
        # the join orders rows as explain has always listed them (polars' choice; not a promise)
        rows = (joined
                .select("cid", "item", "group", "term", "text", "start", "end")
                .unique(subset=["cid", "item", "group", "term"], keep="first", maintain_order=True))
        return self._with_excerpts(rows)

    def _with_excerpts(self, rows: pl.DataFrame) -> pl.DataFrame:
        """``rows`` (hits) with ``excerpt`` (the text as written around each hit) and ``url``
        (the post's link; none for a bio)."""
        from brandfit.text.evidence import excerpt

        texts, raw = self.texts(), self.raw_texts()
        urls = pl.Series(self._fields["url"], dtype=pl.String) if "url" in self._fields else None
        found, links = [], []
        for t, start, end in rows.select("text", "start", "end").iter_rows():
            matched = texts[t].encode()[start:end].decode(errors="ignore")
            found.append(excerpt(raw[t], matched))
            links.append(urls[t] if urls is not None and t < self.n_post_texts else None)
        return rows.with_columns(excerpt=pl.Series(found, dtype=pl.String), url=pl.Series(links, dtype=pl.String))


@attrs.frozen
class _SetMatches:
    """One term set's hits in a batch: per hit, its match (``source``, a row of ``found``), text
    and group code; ``found`` and ``found_text`` are the pass's matches, shared between its sets."""

    source: np.ndarray
    group: np.ndarray
    names: tuple[str, ...]
    found: np.ndarray  # rows (pattern index, start, end)
    found_text: np.ndarray
    patterns: tuple[str, ...]
    allowed: pl.DataFrame | None = None  # sets with special terms: (source, group, term) that count

    @property
    def text(self) -> np.ndarray:
        return self.found_text[self.source]


_ANY_LANGUAGE = ("und", "none")


def _word_index(text: str, position: int) -> int:
    """How many words of a normalized text start before byte ``position``."""
    return text.encode()[:position].count(b" ")


def _has_exact(raw: str, word: str) -> bool:
    """Whether ``raw`` has ``word`` as a whole word, written with exactly these capitals."""
    import re

    return re.search(rf"(?<![^\W_]){re.escape(word)}(?![^\W_])", raw) is not None


def _posts_array(batch: pa.RecordBatch) -> pa.Array:
    from brandfit.inputs.creator import CREATOR_SCHEMA

    posts = batch.column("posts")
    wanted = CREATOR_SCHEMA.field("posts").type
    return posts if posts.type == wanted else posts.cast(wanted)
