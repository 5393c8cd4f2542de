"""The text service (brandfit.text.service over brandfit.text.batch) counts and finds exactly what
the plain polars reference (tests/text_oracle.py) does, on awkward batches, with or without evidence."""

from __future__ import annotations

from datetime import datetime, UTC

import polars as pl
import pyarrow as pa
import pytest

import text_oracle as oracle
from brandfit import TextNeed
from brandfit.inputs.batches import rows_to_table
from brandfit.plugin.scorer import BatchContext
from brandfit.text.batch import normalize_texts
from brandfit.text.service import TextMatcher
from brandfit.text.terms import compile_terms

GROUPS = {
    "eco": ["recycled", "zero waste", "#zerowaste", "sustainab*", "café", "über"],
    "run": ["*running", "run", "5k", "@strava", "half marathon"],
    "drink": ["beer", "wine", "vodka"],
}
# phrases ending in a hashtag match where a caption meets the post's tags, as on the evidence path
SEAM_GROUPS = {"seam": ["love #vegan", "#a #b"], "plain": ["love"]}


def _post(caption: str | None, tags: list | None = None, mentions: list | None = None, pid: str | None = None,
          at: datetime | None = None) -> dict:
    return {"id": pid, "caption": caption, "hashtags": tags, "mentions": mentions, "posted_at": at}


ROWS = [
    {"handle": "plain", "bio": "Recycled runner", "posts": [_post("Zero waste, zero-waste!", ["ZeroWaste"], pid="a"),
                                                             _post("running 5k", None, ["@Strava"], pid="b")]},
    {"handle": "same-id", "bio": "   ", "posts": [_post("beer", pid="x"), _post("wine", pid="x"), _post("vodka", pid="bio")]},
    {"handle": "no-ids", "bio": "beer", "posts": [_post("beer"), _post("beer"), None, _post(None, ["run"])]},
    {"handle": "null-items", "posts": [_post("half  -  marathon", ["a", None, "#b"], [None, "strava"])]},
    {"handle": "unicode", "bio": "ÜBER 🏃run🏃", "posts": [_post("CAFÉ… naïve — İstanbul recycled"), _post("")]},
    {"handle": "no-posts", "bio": "wine", "posts": None},
    {"handle": "empty", "posts": []},
    {"handle": "seams", "posts": [_post("I love", ["vegan"]), _post("love", ["a", "b"]), _post("love #vegan")]},
    {"handle": "recent", "posts": [_post(f"beer {i}", at=datetime(2026, 1, 15 - i % 7, tzinfo=UTC) if i % 3 else None, pid=f"r{i}")
                                   for i in range(15)]},
]


def _ctx(want_evidence: bool, matcher: TextMatcher | None = None) -> BatchContext:
    batch = rows_to_table(ROWS)
    return BatchContext(batch, pa.nulls(batch.num_rows, pa.string()), want_evidence, matcher)


def _oracle(groups: dict, recent: int, include_bio: bool) -> tuple[list, list, pl.DataFrame]:
    frame = pl.from_arrow(rows_to_table(ROWS))
    assert isinstance(frame, pl.DataFrame)
    texts, counts = oracle.texts_for_matching(frame, recent, include_bio)
    hits = oracle.find_terms(texts, compile_terms(groups))
    per_group = hits.group_by("cid", "group").agg(pl.col("item").n_unique().cast(pl.UInt32).alias("texts"))
    return per_group.sort("cid", "group").rows(), counts.to_list(), hits


def _counts(ctx: BatchContext, groups: dict, recent: int, include_bio: bool) -> tuple[list, list]:
    found = ctx.text(TextNeed(groups, recent_posts=recent, include_bio=include_bio))
    return found.per_group.sort("cid", "group").rows(), found.texts_per_creator.to_list()


@pytest.mark.parametrize("recent", [0, 3, 12])
@pytest.mark.parametrize("include_bio", [True, False])
@pytest.mark.parametrize("groups", [GROUPS, SEAM_GROUPS], ids=["terms", "seam-phrases"])
def test_service_counts_and_hits_equal_the_reference(recent: int, include_bio: bool, groups: dict) -> None:
    per_group, counts, hits = _oracle(groups, recent, include_bio)
    assert per_group, "the batch should hit some groups"
    for want_evidence in (False, True):
        assert _counts(_ctx(want_evidence), groups, recent, include_bio) == (per_group, counts)
    found = _ctx(True).text(TextNeed(groups, recent_posts=recent, include_bio=include_bio)).hits
    assert found is not None
    # the reference's order is whatever polars' join makes of it; the service's is reading order
    assert sorted(found.select("cid", "item", "group", "term").rows()) == sorted(hits.rows())


def test_hits_point_at_the_term_in_the_normalized_text() -> None:
    ctx = _ctx(True)
    hits = ctx.text(TextNeed(GROUPS)).hits
    assert hits is not None and hits.height
    texts = ctx._text._texts.texts()  # the normalized texts the positions index into
    for text, start, end in hits.select("text", "start", "end").iter_rows():
        found = texts[text][start:end].strip()
        assert found and found.lstrip("#@") in texts[text]


def test_evidence_adds_hits_and_changes_no_number() -> None:
    need = TextNeed(GROUPS, recent_posts=3)
    plain, evidence = _ctx(False).text(need), _ctx(True).text(need)
    assert plain.hits is None
    assert plain.per_group.equals(evidence.per_group)
    assert plain.texts_per_creator.equals(evidence.texts_per_creator)


def test_phrases_match_across_caption_and_tags() -> None:
    per_group, _ = _counts(_ctx(False), SEAM_GROUPS, 0, False)
    seams = ROWS.index(next(r for r in ROWS if r["handle"] == "seams"))
    # "I love" + #vegan, "love" + #a #b, and the caption "love #vegan": three posts
    assert (seams, "seam", 3) in per_group


def test_duplicate_item_names_count_once() -> None:
    per_group, texts = _counts(_ctx(False), GROUPS, 0, True)
    same = 1  # posts "x", "x" and "bio": beer and wine share the id x
    assert (same, "drink", 2) in per_group
    assert texts[same] == 3


def test_one_matching_pass_serves_every_declared_need() -> None:
    first, second = TextNeed(GROUPS), TextNeed({"only": ["beer"]}, recent_posts=2)
    matcher = TextMatcher([first, second])
    ctx = _ctx(False, matcher)
    assert ctx.text(first).per_group.height and ctx.text(second).per_group.height
    assert len(matcher._plans) == 1  # one automaton for both needs, built on the first ask
    assert ctx.text(second) is ctx.text(second)  # counted once per batch


def test_a_need_nobody_declared_is_still_answered() -> None:
    matcher = TextMatcher([TextNeed(GROUPS)])
    ctx = _ctx(False, matcher)
    ctx.text(TextNeed(GROUPS))
    late = ctx.text(TextNeed({"only": ["vodka"]}))
    assert late.per_group["group"].to_list() == ["only"]


def test_posts_with_text_counts_captions_tags_and_mentions() -> None:
    frame = pl.from_arrow(rows_to_table(ROWS))
    assert isinstance(frame, pl.DataFrame)
    for recent in (0, 2):
        found = _ctx(False).text(TextNeed(GROUPS, recent_posts=recent)).posts_with_text
        assert found.to_list() == oracle.posts_with_text(frame, recent).to_list()
    assert found.max() == 2


def test_normalize_texts_equals_the_regex_normalization() -> None:
    texts = pl.Series(["", "Zero-waste, ZERO waste!!", "ÜBER café — naïve… 🏃run🏃", "a\tb\nc", "x² ½ Ⅻ", "İstanbul"])
    fast = normalize_texts(" " + texts + " ")
    slow = pl.select(oracle.normalized(pl.lit(texts))).to_series()
    squeeze = lambda s: s.str.replace_all(" +", " ")  # noqa: E731  (the ends may keep a double space)
    assert squeeze(fast).to_list() == squeeze(slow).to_list()
