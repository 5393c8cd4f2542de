"""The `controversy` scorer: categories with severity and tolerance, competitor mentions, vetoes."""

from __future__ import annotations

import pytest

from conftest import by_handle

# No extends: only our categories (the default set's word lists do not apply). Default penalties:
# low 5, medium 15, high 35, floor 100; default [decision] veto = ["controversy.over-tolerance"].
CONTROVERSY = """
schema = 1
[brand]
competitors = ["Nike", "@hoka", "#adidas"]
[scorers.controversy]
confidence_posts = 0    # the penalty formula alone (confidence: test_confidence_pulls_few_posts_toward_the_prior)
[scorers.controversy.categories.booze]
terms = ["beer", "wine"]
severity = "medium"
tolerance = 1
[scorers.controversy.categories.hate]
terms = ["hateword"]
severity = "floor"
[scorers.controversy.categories.swear]
terms = ["darn*"]
severity = "low"
tolerance = 5
"""


def posts(*captions, **extra):
    return [{"id": f"p{i}", "caption": c, **extra} for i, c in enumerate(captions, start=1)]


def test_clean_creator_scores_100(score):
    row = score([{"handle": "clean", "bio": "runner and baker", "posts": posts("morning run", "sourdough")}], CONTROVERSY)[0]
    assert row["score_controversy"] == 100.0
    assert row["flags_controversy"] == []
    assert row["reason_controversy"] == "nothing found in 3 texts"  # 2 posts + bio
    assert row["verdict"] == "shortlist"


def test_hits_counted_per_post_not_per_word(score):
    row = score([{"handle": "a", "posts": posts("beer and wine and beer tonight", "darn darn darn", "darned", "x")}],
                CONTROVERSY)[0]
    # booze: 1 post (tolerance 1, not over) x 15 = 15; swear: 2 posts x 5 = 10 -> 100 - 25 = 75
    assert row["score_controversy"] == 75.0
    assert row["reason_controversy"] == "texts hitting: booze 1 (medium, tolerance 1), swear 2 (low, tolerance 5)"
    assert row["flags_controversy"] == ["controversy.booze", "controversy.swear"]
    assert row["verdict"] == "shortlist"


@pytest.mark.parametrize("severity, expected", [("low", 95.0), ("medium", 85.0), ("high", 65.0), ("floor", 0.0)])
def test_penalty_by_severity(score, severity, expected):
    rules = f"""
    schema = 1
    [scorers.controversy]
    confidence_posts = 0
    [scorers.controversy.categories.topic]
    terms = ["casino"]
    severity = "{severity}"
    tolerance = 3
    """
    row = score([{"handle": "a", "posts": posts("casino night", "x")}], rules)[0]
    assert row["score_controversy"] == expected


def test_custom_penalty_table(score):
    rules = """
    schema = 1
    [scorers.controversy]
    confidence_posts = 0
    penalty = { low = 1, medium = 2, high = 30, floor = 4 }
    [scorers.controversy.categories.topic]
    terms = ["casino"]
    severity = "high"
    tolerance = 5
    """
    row = score([{"handle": "a", "posts": posts("casino", "casino", "casino", "x")}], rules)[0]
    # 3 posts x 30 = 90 off -> 10
    assert row["score_controversy"] == 10.0


def test_score_never_below_zero(score):
    rules = """
    schema = 1
    [scorers.controversy.categories.topic]
    terms = ["casino"]
    severity = "high"
    tolerance = 9
    """
    row = score([{"handle": "a", "posts": posts("casino", "casino", "casino", "casino")}], rules)[0]
    # 4 x 35 = 140 off -> clipped to 0
    assert row["score_controversy"] == 0.0


def test_tolerance_and_over_tolerance_flag(score):
    rows = by_handle(score([
        {"handle": "one", "posts": posts("a beer", "x", "y")},            # 1 post <= tolerance 1
        {"handle": "two", "posts": posts("a beer", "some wine", "y")},    # 2 posts > tolerance 1
    ], CONTROVERSY))
    assert rows["one"]["flags_controversy"] == ["controversy.booze"]
    assert rows["one"]["score_controversy"] == 85.0
    assert rows["one"]["verdict"] == "shortlist"
    assert rows["two"]["flags_controversy"] == ["controversy.over-tolerance", "controversy.booze"]
    # 2 x 15 = 30 off -> 70: a shortlist score, but the flag vetoes it
    assert rows["two"]["score_controversy"] == 70.0
    assert rows["two"]["final_score"] == 70.0
    assert rows["two"]["verdict"] == "reject"
    assert rows["two"]["reasons"][0] == "vetoed: controversy.over-tolerance"


def test_zero_tolerance_floor_category_in_bio(score):
    row = score([{"handle": "a", "bio": "HATEWORD", "posts": posts("x", "y")}], CONTROVERSY)[0]
    assert row["score_controversy"] == 0.0
    assert "controversy.over-tolerance" in row["flags"]
    assert row["verdict"] == "reject"


def test_include_bio_false_ignores_bio(score):
    rules = CONTROVERSY.replace("confidence_posts = 0 ", "include_bio = false\nconfidence_posts = 0 ")
    row = score([{"handle": "a", "bio": "hateword", "posts": posts("x", "y")}], rules)[0]
    assert row["score_controversy"] == 100.0
    assert row["flags_controversy"] == []
    assert row["reason_controversy"] == "nothing found in 2 texts"


def test_veto_list_from_decision(score):
    # with no veto, an over-tolerance creator is judged by score alone
    no_veto = CONTROVERSY + "[decision]\nveto = []\n"
    row = score([{"handle": "a", "posts": posts("a beer", "some wine", "y")}], no_veto)[0]
    assert row["flags"] == ["controversy.over-tolerance", "controversy.booze"]
    assert row["verdict"] == "shortlist"  # 70 >= 70
    # a category flag can be a veto too, even within tolerance
    veto_swear = CONTROVERSY + '[decision]\nveto = ["controversy.swear"]\n'
    row = score([{"handle": "b", "posts": posts("darn", "x", "y")}], veto_swear)[0]
    assert row["score_controversy"] == 95.0
    assert row["verdict"] == "reject"
    assert row["reasons"][0] == "vetoed: controversy.swear"


def test_competitor_mentions_by_name_hashtag_and_handle(score):
    rules = CONTROVERSY + "[scorers.controversy.competitors]\ntolerance = 10\n"
    rows = by_handle(score([
        {"handle": "word", "posts": posts("new Nike shoes", "x", "y")},
        {"handle": "tag", "posts": [{"id": "p1", "caption": "x", "hashtags": ["nike"]}, *posts("y", "z")]},
        {"handle": "mention", "posts": [{"id": "p1", "caption": "thanks", "mentions": ["hoka"]}, *posts("y", "z")]},
        {"handle": "caption_mention", "posts": posts("thanks @HOKA", "y", "z")},
        {"handle": "hashtag_rule", "posts": posts("my #adidas kit", "y", "z")},
        {"handle": "not_a_word", "posts": posts("nikefan", "hokaone", "y")},
    ], rules))
    for handle in ("word", "tag", "mention", "caption_mention", "hashtag_rule"):
        # one post, medium severity (the default) -> 15 off, within tolerance 10
        assert rows[handle]["score_controversy"] == 85.0, handle
        assert rows[handle]["flags_controversy"] == ["controversy.competitor"], handle
    assert rows["not_a_word"]["score_controversy"] == 100.0
    assert rows["not_a_word"]["flags_controversy"] == []


def test_competitor_posts_counted_and_zero_tolerance_by_default(score):
    row = score([{"handle": "a", "posts": [
        {"id": "p1", "caption": "new nike shoes"},
        {"id": "p2", "caption": "thanks", "mentions": ["hoka"]},
        {"id": "p3", "caption": "hoka and nike"},        # one post, even with two competitors
        {"id": "p4", "caption": "clean"},
    ]}], CONTROVERSY)[0]
    # 3 posts x 15 = 45 off -> 55; tolerance 0 (default) -> over tolerance -> vetoed
    assert row["score_controversy"] == 55.0
    assert row["flags_controversy"] == ["controversy.over-tolerance", "controversy.competitor"]
    assert row["verdict"] == "reject"
    evidence_rules = {e["rule"] for e in row["evidence_controversy"] if e["term"]}
    assert evidence_rules == {"brand.competitors"}
    assert sorted(e["post"] for e in row["evidence_controversy"] if e["term"]) == ["p1", "p2", "p3", "p3"]


def test_competitor_severity_option(score):
    rules = CONTROVERSY + '[scorers.controversy.competitors]\nseverity = "high"\ntolerance = 1\n'
    row = score([{"handle": "a", "posts": posts("nike", "x", "y")}], rules)[0]
    assert row["score_controversy"] == 65.0
    assert row["flags_controversy"] == ["controversy.competitor"]


def test_no_competitors_no_competitor_category(score):
    rules = """
    schema = 1
    [scorers.controversy]
    confidence_posts = 0
    [scorers.controversy.categories.topic]
    terms = ["casino"]
    """
    row = score([{"handle": "a", "posts": posts("nike hoka adidas", "x")}], rules)[0]
    assert row["score_controversy"] == 100.0


def test_confidence_pulls_few_posts_toward_the_prior(score):
    # prior 50, confidence_posts 1: n clean posts score 50 + 50 x n / (n + 1)
    rules = """
    schema = 1
    [scorers.controversy]
    prior = 50
    [scorers.controversy.categories.topic]
    terms = ["casino"]
    severity = "high"
    tolerance = 5
    """
    rows = by_handle(score([
        {"handle": "one", "posts": posts("x")},
        {"handle": "three", "posts": posts("x", "y", "z")},
        {"handle": "hit", "posts": posts("casino", "y", "z")},   # raw 65, 3 posts: 50 + 15 x 3/4
    ], rules))
    assert rows["one"]["score_controversy"] == 75.0
    assert rows["three"]["score_controversy"] == 87.5
    assert rows["hit"]["score_controversy"] == 61.2
    assert rows["one"]["reason_controversy"] == "nothing found in 1 texts; confidence 50% (1 posts)"
    more = score([{"handle": "one", "posts": posts("x")}], rules.replace("prior = 50", "prior = 50\n    confidence_posts = 3"))[0]
    assert more["score_controversy"] == 62.5   # 50 + 50 x 1/4


def test_no_posts_is_no_data_but_bio_flags_still_count(score):
    rows = by_handle(score([
        {"handle": "empty"},
        {"handle": "bio_hit", "bio": "hateword"},
    ], CONTROVERSY))
    assert rows["empty"]["score_controversy"] is None
    assert rows["empty"]["missing_controversy"] == "no posts with text to check"
    # no data at all: the prior (0 without extends) stands in, so the score says reject, and why
    assert rows["empty"]["final_score"] == 0.0
    assert rows["empty"]["verdict"] == "reject"
    assert rows["empty"]["reasons"][0] == "no scorer had data: every score is its prior"
    assert rows["bio_hit"]["score_controversy"] is None
    assert rows["bio_hit"]["flags_controversy"] == ["controversy.over-tolerance", "controversy.hate"]
    assert rows["bio_hit"]["verdict"] == "reject"


def test_recent_posts_zero_reads_all_and_n_reads_newest(score):
    dated = [
        {"id": "old", "posted_at": "2020-01-01", "caption": "casino"},
        {"id": "new1", "posted_at": "2024-01-01", "caption": "x"},
        {"id": "new2", "posted_at": "2024-01-02", "caption": "y"},
    ]
    base = """
    schema = 1
    [scorers.controversy]
    confidence_posts = 0
    recent_posts = {n}
    [scorers.controversy.categories.topic]
    terms = ["casino"]
    severity = "high"
    tolerance = 5
    """
    all_posts = score([{"handle": "a", "posts": dated}], base.format(n=0))[0]
    newest_two = score([{"handle": "a", "posts": dated}], base.format(n=2))[0]
    assert all_posts["score_controversy"] == 65.0     # the old post still counts
    assert newest_two["score_controversy"] == 100.0   # only new1 and new2 are read


# ---- languages, ambiguous terms, exceptions, proximity, exact case (issue 12) ----------------

DEFAULT = 'schema = 1\nextends = "default"\n'


def test_vietnamese_laughter_is_not_hate_and_vietnamese_terms_read_vietnamese(score):
    row = score([{"handle": "vn", "posts": posts(
        "kkk vui quá đi mất thôi các bạn ơi, hôm nay đi chơi", "Cả nhà nhậu một bữa thật vui nhé",
        "Chào mừng 50 năm ngày giải phóng miền nam")}], DEFAULT)[0]
    assert row["controversy_language"] == "vi" and row["controversy_unchecked"] == 0.0
    assert "controversy.hate" not in row["flags_controversy"]
    assert {"controversy.drugs_alcohol_tobacco", "controversy.politics"} <= set(row["flags_controversy"])


def test_a_language_without_a_lexicon_is_missing_not_clean(score):
    row = score([{"handle": "th", "posts": posts(
        "สงกรานต์หมดแล้ว กลับมาใบ้หวยต่อได้เลยนะคะ ใกล้หวยออกแล้วค่ะ น้ากันคอนเฟิร์ม", "มาเจอของจริงสักที วันนี้อากาศดีมากเลย")}], DEFAULT)[0]
    assert row["score_controversy"] is None
    assert row["missing_controversy"] == "texts in th unchecked: no lexicon for any category"
    assert row["controversy_unchecked"] == 1.0


def test_ambiguous_terms_hold_for_review_and_never_veto(score):
    row = score([{"handle": "dev", "posts": posts(
        "Had fun at happy hour after the conference with the whole team today",
        "Start today and be your own boss, one small step at a time, every single day")}], DEFAULT)[0]
    assert row["flags_controversy"] == ["controversy.ambiguous"]
    assert "controversy.over-tolerance" not in row["flags"]
    assert not any(str(r).startswith("vetoed") for r in row["reasons"])
    # one severity lower: happy hour (medium -> low, 5) and be your own boss (floor -> high, 35):
    # raw 100 - 5 - 35 = 60; two posts, toward the default prior 50: 50 + 10 x 2 / 3 = 56.7
    assert row["score_controversy"] == 56.7


def test_exceptions_proximity_and_exact_case(score):
    rules = """
    schema = 1
    [scorers.controversy.categories.politics]
    severity = "low"
    tolerance = 9
    terms = ["democrat* -democratiz*"]
    [scorers.controversy.categories.scams]
    severity = "floor"
    terms = ["guaranteed ~8 profit*"]
    [scorers.controversy.categories.hate]
    severity = "floor"
    terms = ["=KKK"]
    """
    texts = {
        "a": "Smartphones will help democratize AI around the world",
        "b": "The democrats and the republicans debated the budget all night",
        "c": "your guaranteed of making $4835 back as profit in 14 days",
        "d": "guaranteed delivery in two days, and then one day we may talk about profits",
        "e": "kkk so funny",
        "f": "a KKK rally was reported in the news",
    }
    rows = score([{"handle": h, "posts": posts(t, "and another ordinary english sentence about the weather today")}
                  for h, t in texts.items()], rules)
    flags = {r["handle"]: r["flags_controversy"] for r in rows}
    assert flags["a"] == [] and flags["b"] == ["controversy.politics"]
    assert "controversy.scams" in flags["c"] and flags["d"] == []
    assert flags["e"] == [] and "controversy.hate" in flags["f"]


def test_competitors_match_the_joined_handle_and_hashtag_and_the_mentions_list(score):
    rules = 'schema = 1\n[brand]\ncompetitors = ["The Ordinary"]\n[scorers.controversy]\n'
    rows = score([
        {"handle": "mention", "posts": posts("my evening routine", mentions=["theordinary"])},
        {"handle": "tag", "posts": posts("loving this serum #TheOrdinary")},
        {"handle": "caption", "posts": posts("thanks @theordinary for the parcel")},
        {"handle": "phrase", "posts": posts("this trip was out of the ordinary")},
    ], rules)
    flags = {r["handle"]: r["flags_controversy"] for r in rows}
    assert all("controversy.competitor" in flags[h] for h in ("mention", "tag", "caption", "phrase"))
    rows = score([{"handle": "phrase", "posts": posts("this trip was out of the ordinary")},
                  {"handle": "tag", "posts": posts("loving this serum #TheOrdinary")}],
                 rules + '[scorers.controversy.competitors]\nphrase = false\n')
    flags = {r["handle"]: r["flags_controversy"] for r in rows}
    assert flags["phrase"] == [] and "controversy.competitor" in flags["tag"]
