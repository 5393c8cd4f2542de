"""The fast text path of `brandfit score` (brandfit.text.batch) counts exactly what the evidence
path (term_matching.texts_for_matching + find_terms) counts, on awkward batches."""

from __future__ import annotations

from datetime import datetime, timezone

import polars as pl
import pyarrow as pa
import pytest

from brandfit.text.batch import BatchTexts, normalize_texts, posts_with_text, tally_terms
from brandfit.inputs.batches import rows_to_table
from brandfit.plugin.scorer import BatchContext
from brandfit.text.terms import normalized

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
    {"handle": "recent", "posts": [_post(f"beer {i}", at=datetime(2026, 1, 15 - i % 7, tzinfo=timezone.utc) if i % 3 else None, pid=f"r{i}")
                                   for i in range(15)]},
]


def _ctx(want_evidence: bool) -> BatchContext:
    batch = rows_to_table(ROWS)
    return BatchContext(batch, pa.nulls(batch.num_rows, pa.string()), want_evidence, {})


def _counts(ctx: BatchContext, groups: dict, recent: int, include_bio: bool) -> tuple[list, list]:
    tally = tally_terms(ctx, groups, recent, include_bio)
    return tally.per_group.sort("cid", "group").rows(), tally.texts_per_creator.to_list()


@pytest.mark.parametrize("recent", [0, 3, 12])
@pytest.mark.parametrize("include_bio", [True, False])
@pytest.mark.parametrize("groups", [GROUPS, SEAM_GROUPS], ids=["terms", "seam-phrases"])
def test_fast_tally_equals_the_evidence_path(recent: int, include_bio: bool, groups: dict) -> None:
    fast = _counts(_ctx(False), groups, recent, include_bio)
    slow = _counts(_ctx(True), groups, recent, include_bio)
    assert fast == slow
    assert fast[0], "the batch should hit some groups"


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


def test_one_matching_pass_serves_later_term_sets() -> None:
    ctx = _ctx(False)
    first = tally_terms(ctx, GROUPS, 0, True)
    second = tally_terms(ctx, {"only": ["beer"]}, 0, True)
    assert first.per_group.height and second.per_group.height
    texts: BatchTexts = ctx.cache["batch_texts"]
    assert len(texts._matches) == 2


def test_posts_with_text_counts_captions_tags_and_mentions() -> None:
    fast = posts_with_text(_ctx(False), 0).to_list()
    slow = posts_with_text(_ctx(True), 0).to_list()
    assert fast == slow
    assert posts_with_text(_ctx(False), 2).max() == 2


def test_normalize_texts_equals_the_regex_normalization() -> None:
    texts = pl.Series(["", "Zero-waste, ZERO waste!!", "ÜBER café — naïve… 🏃run🏃", "a\tb\nc", "x² ½ Ⅻ", "İstanbul"])
    fast = normalize_texts(" " + texts + " ")
    slow = pl.select(normalized(pl.lit(texts))).to_series()
    squeeze = lambda s: s.str.replace_all(" +", " ")  # noqa: E731  (the ends may keep a double space)
    assert squeeze(fast).to_list() == squeeze(slow).to_list()
