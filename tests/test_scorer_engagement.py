"""The `engagement` scorer: rate per post, median/mean over recent posts, benchmark curve."""

from __future__ import annotations

import math
import re

from brandfit.run.plan import build_engine

import pytest

from conftest import by_handle

# Flat curves keep the arithmetic readable: Instagram 2.4% per follower, TikTok 8% per view.
ENGAGEMENT_ONLY = """
schema = 1
[scorers.engagement]
curves = { instagram = { followers = { followers = [20000], rate = [0.024] } }, tiktok = { views = { followers = [20000], rate = [0.08]} } }
"""

# Option defaults (no extends): recent_posts 12, aggregate median, by_views [tiktok, youtube],
# components likes+comments+shares+saves, required likes+comments, score_75_at 2,
# suspicious_multiple 10, suspicious_score 40, no curves.


def expected(ratio: float, score_75_at: float = 2.0) -> float:
    """The score of rate / benchmark, from the formula in docs/scorers.md."""
    k = math.log(3) / math.log(score_75_at)
    return round(100 / (1 + ratio ** -k), 1) if ratio > 0 else 0.0


def post(day: int | None, likes=None, comments=None, **extra):
    p = {"id": f"d{day}" if day is not None else None, "likes": likes, "comments": comments}
    if day is not None:
        p["posted_at"] = f"2024-03-{day:02d}T12:00:00Z"
    p.update(extra)
    return p


def creator(handle, posts, followers=20000, platform="instagram"):
    c = {"handle": handle, "platform": platform, "posts": posts}
    if followers is not None:
        c["followers"] = followers
    return c


FOUR_POSTS = [
    post(1, 300, 20),              # 320 / 20,000 = 0.016
    post(2, 500, 40),              # 540 / 20,000 = 0.027
    post(3, 100, 0),               # 100 / 20,000 = 0.005
    post(4, 900, 100, shares=50),  # 1,050 / 20,000 = 0.0525 (shares count as a component)
]


def test_rate_by_followers_median(score):
    row = score([creator("a", FOUR_POSTS)], ENGAGEMENT_ONLY)[0]
    # sorted rates: 0.005, 0.016, 0.027, 0.0525 -> median (0.016 + 0.027) / 2 = 0.0215
    assert row["engagement_rate"] == pytest.approx(0.0215)
    assert row["engagement_basis"] == "followers"
    assert row["tier"] == "micro"
    # ratio 0.0215 / 0.024 = 0.895833; score = 100 / (1 + 0.895833^-k), k = ln 3 / ln 2 = 45.66 -> 45.7
    assert row["score_engagement"] == expected(0.0215 / 0.024) == 45.7
    assert row["final_score"] == 45.7
    assert row["reason_engagement"] == "median 2.15% by followers over 4 posts, 0.9x the benchmark of 2.4% at 20000 followers"


def test_rate_by_followers_mean(score):
    rules = ENGAGEMENT_ONLY + 'aggregate = "mean"\n'
    row = score([creator("a", FOUR_POSTS)], rules)[0]
    # mean (0.016 + 0.027 + 0.005 + 0.0525) / 4 = 0.1005 / 4 = 0.025125
    assert row["engagement_rate"] == pytest.approx(0.025125)
    # ratio 0.025125 / 0.024 = 1.046875; score 100 * 1.046875 / 1.5 = 69.79 -> 69.8
    assert row["score_engagement"] == expected(0.025125 / 0.024)  # 51.8


def test_odd_number_of_posts_median_is_middle_post(score):
    posts = [post(1, 100, 0), post(2, 400, 0), post(3, 10000, 0)]  # one viral post
    row = score([creator("a", posts)], ENGAGEMENT_ONLY)[0]
    # rates 0.005, 0.02, 0.5 -> median 0.02 (the viral post does not move it)
    assert row["engagement_rate"] == pytest.approx(0.02)
    # ratio 0.02 / 0.024 = 0.8333; score 55.56 -> 55.6
    assert row["score_engagement"] == expected(0.02 / 0.024)  # 42.8


def test_rate_by_views_on_tiktok(score):
    posts = [post(1, 300, 20, views=10000), post(2, 500, 40, views=5000)]
    rows = by_handle(score([
        creator("tt", posts, platform="tiktok"),
        creator("ig", posts, platform="instagram"),  # same posts, but instagram is measured by followers
    ], ENGAGEMENT_ONLY))
    tt, ig = rows["tt"], rows["ig"]
    # tiktok: 320 / 10,000 = 0.032, 540 / 5,000 = 0.108 -> median 0.07
    assert tt["engagement_basis"] == "views"
    assert tt["engagement_rate"] == pytest.approx(0.07)
    # views benchmark for micro 0.08: ratio 0.875; score 58.33 -> 58.3
    assert tt["score_engagement"] == expected(0.07 / 0.08)  # 44.7
    # instagram: 320 / 20,000 = 0.016, 540 / 20,000 = 0.027 -> median 0.0215 -> 59.7 as above
    assert ig["engagement_basis"] == "followers"
    assert ig["engagement_rate"] == pytest.approx(0.0215)
    assert ig["score_engagement"] == expected(0.0215 / 0.024)


def test_tiktok_without_views_falls_back_to_followers(score):
    posts = [post(1, 300, 20), post(2, 500, 40)]
    row = score([creator("tt", posts, platform="tiktok")], ENGAGEMENT_ONLY)[0]
    assert row["engagement_basis"] == "followers"
    assert row["engagement_rate"] == pytest.approx(0.0215)


def test_by_views_option_lists_platforms(score):
    rules = ENGAGEMENT_ONLY + 'by_views = ["instagram"]\n'
    posts = [post(1, 300, 20, views=10000), post(2, 500, 40, views=5000)]
    rows = by_handle(score([
        creator("ig", posts, platform="instagram"),
        creator("tt", posts, platform="tiktok"),
    ], rules))
    assert rows["ig"]["engagement_basis"] == "views"
    assert rows["ig"]["engagement_rate"] == pytest.approx(0.07)
    assert rows["tt"]["engagement_basis"] == "followers"


def test_post_missing_required_component_is_left_out_not_zero(score):
    posts = [
        post(1, 300, None),   # no comments: left out (not a rate of 300 / 20,000 and not 0)
        post(2, 500, 40),     # 0.027
        post(3, None, 10),    # no likes: left out
        post(4, 200, 0),      # comments 0 is present: 200 / 20,000 = 0.01
    ]
    row = score([creator("a", posts)], ENGAGEMENT_ONLY)[0]
    # median of 0.027 and 0.01 = 0.0185
    assert row["engagement_rate"] == pytest.approx(0.0185)
    assert "over 2 posts" in row["reason_engagement"]
    # ratio 0.0185 / 0.024 = 0.770833; score 51.39 -> 51.4
    assert row["score_engagement"] == expected(0.0185 / 0.024)  # 39.8
    left_out = [e for e in row["evidence_engagement"] if e["post"] in ("d1", "d3")]
    assert len(left_out) == 2
    assert all(e["value"] is None and e["message"].startswith("left out") for e in left_out)


def test_required_option_changes_what_is_left_out(score):
    rules = ENGAGEMENT_ONLY + 'required = ["likes"]\n'
    posts = [post(1, 300, None), post(2, 500, 40)]
    row = score([creator("a", posts)], rules)[0]
    # both posts count now: 300 / 20,000 = 0.015 and 0.027 -> median 0.021
    assert row["engagement_rate"] == pytest.approx(0.021)


def test_all_posts_lacking_required_components_is_no_data(score):
    posts = [post(1, 300, None), post(2, None, 4)]
    row = score([creator("a", posts)], ENGAGEMENT_ONLY)[0]
    assert row["score_engagement"] is None
    assert row["missing_engagement"] == "no recent post has likes and comments"
    assert row["engagement_rate"] is None


@pytest.mark.parametrize("posts", [[], None])
def test_no_posts_is_no_data(score, posts):
    c = creator("a", posts)
    if posts is None:
        del c["posts"]
    row = score([c], ENGAGEMENT_ONLY)[0]
    assert row["score_engagement"] is None
    assert row["missing_engagement"] == "no posts"
    assert row["final_score"] == 0.0   # the prior (0 without extends)
    assert row["verdict"] == "reject"


def test_follower_count_missing_is_no_data(score):
    row = score([creator("a", [post(1, 300, 20)], followers=None)], ENGAGEMENT_ONLY)[0]
    assert row["score_engagement"] is None
    assert row["missing_engagement"] == "follower count missing"
    assert "engagement: no data (follower count missing)" in row["reasons"]


def test_suspicious_engagement_flag_and_cap(score):
    posts = [post(1, 5000, 20)]  # 5,020 / 20,000 = 0.251
    row = score([creator("a", posts)], ENGAGEMENT_ONLY)[0]
    # ratio 0.251 / 0.024 = 10.46 > 10 -> suspicious: 40 x 10 / 10.46 = 38.2
    assert row["engagement_rate"] == pytest.approx(0.251)
    assert row["flags_engagement"] == ["engagement.suspicious"]
    assert row["score_engagement"] == 38.2
    assert row["reason_engagement"].endswith("(implausibly high)")


def test_suspicious_cap_is_a_minimum_not_a_replacement(score):
    posts = [post(1, 5000, 20)]  # ratio 10.4583
    # suspicious_multiple 5 and score_75_at 20: raw = expected(10.4583, 20) = 67.6
    rules_low_cap = ENGAGEMENT_ONLY + "suspicious_multiple = 5\nscore_75_at = 20\nsuspicious_score = 40\n"
    rules_high_cap = ENGAGEMENT_ONLY + "suspicious_multiple = 5\nscore_75_at = 20\nsuspicious_score = 100\n"
    rules_raw_lower = ENGAGEMENT_ONLY + "suspicious_multiple = 1.01\nscore_75_at = 20\nsuspicious_score = 100\n"
    low = score([creator("a", posts)], rules_low_cap)[0]
    high = score([creator("a", posts)], rules_high_cap)[0]
    assert low["score_engagement"] == 19.1                          # min(40 x 5 / 10.46, 67.6)
    assert high["score_engagement"] == 47.8                         # min(100 x 5 / 10.46, 67.6)
    assert score([creator("a", [post(1, 600, 0)])], rules_raw_lower)[0]["score_engagement"] == expected(1.25, 20)
    assert high["flags_engagement"] == ["engagement.suspicious"]


def test_suspicious_threshold_is_exclusive(score):
    rules = ENGAGEMENT_ONLY.replace("rate = [0.024]", "rate = [0.025]")
    exact = score([creator("a", [post(1, 5000, 0)])], rules)[0]   # 5,000 / 20,000 = 0.25 = 10.0 x 0.025
    above = score([creator("b", [post(1, 5020, 0)])], rules)[0]   # 0.251 = 10.04 x 0.025
    assert exact["flags_engagement"] == []
    assert exact["score_engagement"] == expected(10.0)
    assert above["flags_engagement"] == ["engagement.suspicious"]
    assert above["score_engagement"] == 39.8   # 40 x 10 / 10.04


def test_suspicious_multiple_option(score):
    rules = ENGAGEMENT_ONLY + "suspicious_multiple = 2\n"
    # 1,200 / 20,000 = 0.06 = 2.5 x 0.024 -> above 2x
    row = score([creator("a", [post(1, 1200, 0)])], rules)[0]
    assert row["flags_engagement"] == ["engagement.suspicious"]
    assert row["score_engagement"] == 32.0     # 40 x 2 / 2.5


def test_a_curve_can_set_its_own_suspicious_multiple(score):
    rules = ENGAGEMENT_ONLY.replace("rate = [0.024] }", "rate = [0.024], suspicious_multiple = 20.0 }")
    row = score([creator("a", [post(1, 5000, 20)])], rules)[0]   # 10.46x: not above this curve's 20x
    assert row["flags_engagement"] == []
    assert row["score_engagement"] == expected(0.251 / 0.024)


def test_a_curve_can_set_its_own_score_75_at(score):
    # rates that spread wider around their curve (YouTube per subscriber) score on a flatter curve
    rules = ENGAGEMENT_ONLY.replace("rate = [0.024] }", "rate = [0.024], score_75_at = 6.0 }")
    rows = by_handle(score([creator("at", [post(1, 480, 0)]), creator("twice", [post(1, 960, 0)]),
                            creator("sixfold", [post(1, 2880, 0)]), creator("tiktok", [post(1, 160, 0, views=1000)],
                                                                             platform="tiktok")], rules))
    assert rows["at"]["score_engagement"] == 50.0            # the benchmark still scores 50
    assert rows["sixfold"]["score_engagement"] == 75.0       # six times it scores 75 on this curve
    assert rows["twice"]["score_engagement"] == expected(2.0, 6.0) == 60.5
    assert rows["tiktok"]["score_engagement"] == 75.0        # the other curve keeps the scorer's 2.0
    summary = [e for e in rows["twice"]["evidence_engagement"] if "scores 75" in e["message"]]
    assert summary[0]["message"] == "2.0x benchmark scores 60.5; 6x scores 75"
    assert summary[0]["rule"] == "scorers.engagement.curves.instagram.followers.score_75_at"
    tiktok = [e for e in rows["tiktok"]["evidence_engagement"] if "scores 75" in e["message"]]
    assert tiktok[0]["message"].endswith("; 2x scores 75") and tiktok[0]["rule"] == "scorers.engagement.score_75_at"


def test_recent_posts_keeps_newest_by_posted_at_not_file_order(score):
    rules = ENGAGEMENT_ONLY + "recent_posts = 2\n"
    posts = [
        post(1, 200, 0),    # oldest  0.01
        post(5, 600, 0),    # newest  0.03
        post(3, 400, 0),    #         0.02
        post(4, 1000, 0),   # 2nd     0.05
        post(2, 800, 0),    #         0.04
    ]
    row = score([creator("a", posts)], rules)[0]
    # newest two: day 5 (0.03) and day 4 (0.05) -> median 0.04
    assert row["engagement_rate"] == pytest.approx(0.04)
    used = [e["post"] for e in row["evidence_engagement"] if e["post"]]
    assert sorted(used) == ["d4", "d5"]


def test_recent_posts_puts_undated_posts_after_dated_ones(score):
    rules = ENGAGEMENT_ONLY + "recent_posts = 2\n"
    posts = [
        post(None, 2000, 0),  # undated: 0.1
        post(1, 200, 0),      # 0.01
        post(2, 400, 0),      # 0.02
    ]
    row = score([creator("a", posts)], rules)[0]
    # the two dated posts: median (0.01 + 0.02) / 2 = 0.015
    assert row["engagement_rate"] == pytest.approx(0.015)


@pytest.mark.parametrize("likes, score_75_at, score_", [
    # likes / 20,000 followers against the flat 2.4% curve
    (480, 2.0, 50.0),     # at the benchmark: 50
    (960, 2.0, 75.0),     # twice it: 75
    (240, 2.0, 25.0),     # half of it: 25
    (1920, 2.0, 90.0),    # four times: 100 x 4^k / (1 + 4^k), k = ln 3 / ln 2: 9 / 10
    (960, 3.0, 66.7),     # score_75_at 3: twice the benchmark is 2^(ln 3 / ln 3)... = 2 / 3
    (0, 2.0, 0.0),        # no interactions: a real rate of 0
])
def test_score_formula(score, likes, score_75_at, score_):
    rules = ENGAGEMENT_ONLY + f"score_75_at = {score_75_at}\n"
    row = score([creator("a", [post(1, likes, 0)])], rules)[0]
    assert row["score_engagement"] == score_


def test_score_keeps_distinguishing_big_ratios_without_a_plateau(score):
    rows = by_handle(score([creator(f"c{m}", [post(1, 480 * m, 0)]) for m in (3, 4, 6, 8)], ENGAGEMENT_ONLY))
    scores = [rows[f"c{m}"]["score_engagement"] for m in (3, 4, 6, 8)]
    assert scores == sorted(scores) and len(set(scores)) == 4 and scores[-1] < 100


def test_benchmark_is_a_log_log_curve_of_followers(score):
    # anchors (1,000, 8%) and (100,000, 2%): at 10,000 followers, halfway in log space: 4%
    rules = ENGAGEMENT_ONLY.replace("followers = { followers = [20000], rate = [0.024] }",
                                    "followers = { followers = [1000, 100000], rate = [0.08, 0.02] }")
    rows = by_handle(score([
        creator("mid", [post(1, 400, 0)], followers=10000),      # 4% at the curve's 4%: 50
        creator("low", [post(1, 40, 0)], followers=500),         # flat below the first anchor: 8%
        creator("high", [post(1, 20000, 0)], followers=10**6),   # flat above the last: 2%
    ], rules))
    assert rows["mid"]["score_engagement"] == 50.0
    assert rows["low"]["score_engagement"] == 50.0
    assert rows["high"]["score_engagement"] == 50.0
    assert rows["mid"]["reason_engagement"] == "median 4.0% by followers over 1 posts, 1.0x the benchmark of 4.0% at 10000 followers"


def test_curve_has_no_cliff_at_a_tier_edge(score):
    rules = 'schema = 1\nextends = "default"\n'
    rows = by_handle(score([creator("below", [post(1, 300, 0)], followers=9999),
                            creator("above", [post(1, 300, 0)], followers=10001)], rules))
    assert abs(rows["below"]["score_engagement"] - rows["above"]["score_engagement"]) <= 0.1


def test_platform_without_a_curve_for_its_basis_is_missing(score):
    rows = by_handle(score([
        creator("fb", [post(1, 300, 20)], platform="facebook"),
        creator("yt", [post(1, 300, 20, views=10000)], platform="youtube"),
    ], ENGAGEMENT_ONLY))
    assert rows["fb"]["score_engagement"] is None
    assert rows["fb"]["missing_engagement"] == ("no per-follower benchmark for facebook "
                                                "(add [scorers.engagement.curves.facebook.followers], or run brandfit calibrate)")
    assert rows["fb"]["engagement_rate"] == pytest.approx(0.016)  # the rate is still reported
    assert rows["yt"]["missing_engagement"].startswith("no per-view benchmark for youtube")


def test_default_youtube_without_views_is_judged_per_subscriber_only(score):
    rules = 'schema = 1\nextends = "default"\n'
    rows = by_handle(score([
        creator("subs", [post(1, 4200, 0)], followers=14_000_000, platform="youtube"),   # 0.03% per subscriber
        creator("views", [post(1, 300, 20, views=10000)], followers=14_000_000, platform="youtube"),
        creator("high", [post(1, 140_000, 0)], followers=14_000_000, platform="youtube"),  # 36x: within its 100x
    ], rules))
    assert rows["subs"]["engagement_basis"] == "followers"
    assert 45 <= rows["subs"]["score_engagement"] <= 55   # near the per-subscriber curve's 0.028%
    assert rows["views"]["engagement_basis"] == "views"   # against the per-view curve
    assert rows["high"]["flags_engagement"] == []


def test_curve_anchors_are_validated(tmp_path, registry):
    from brandfit.rules.errors import RuleFileError
    from conftest import load_rules_text

    bad = {
        "followers = [1000, 500], rate = [0.05, 0.02]": "followers[1]: follower counts must increase: 500 is not above 1000",
        "followers = [1000], rate = [0.05, 0.02]": "rate: expected one rate per follower count: 2 rates for 1 follower counts",
        "followers = [1000], rate = [2.4]": "rate[0]: expected a rate of at most 1 (2.4% is 0.024), got 2.4",
        "followers = [0], rate = [0.02]": "followers[0]: expected a number above 0, got 0.0",
        "followers = [1000], rate = [0.02], score_75_at = 1.0": "score_75_at: expected a number from 1.01 to 100, got 1.0",
    }
    for anchors, message in bad.items():
        with pytest.raises(RuleFileError, match=re.escape(message)):
            load_rules_text(f"schema = 1\n[scorers.engagement.curves.instagram.followers]\n"
                            f"{anchors.replace(', rate', chr(10) + 'rate').replace(', score', chr(10) + 'score')}\n",
                            tmp_path, registry=registry)
    unknown = "scorers.engagement.curves.instagram.likes: unknown basis; expected one of: followers, views"
    with pytest.raises(RuleFileError, match=re.escape(unknown)):
        load_rules_text("schema = 1\n[scorers.engagement.curves.instagram.likes]\nfollowers = [1]\nrate = [0.1]\n", tmp_path,
                        registry=registry)


def test_curve_override_deep_merges_over_default_ruleset(score):
    # setting one platform's curve keeps default.toml's others (tables deep-merge)
    rules = """
    schema = 1
    extends = "default"
    [scorers.engagement.curves.tiktok.views]
    followers = [1000]
    rate = [0.01]
    """
    rows = by_handle(score([
        creator("tt", [post(1, 100, 0, views=10000)], platform="tiktok"),   # 1% = the new flat curve
        creator("ig", [post(1, 480, 0)], followers=20000),                  # default curve: 2.4% at 20k
    ], rules))
    assert rows["tt"]["score_engagement"] == 50.0
    assert rows["ig"]["score_engagement"] == 50.0


def test_components_option_limits_what_counts(score):
    rules = ENGAGEMENT_ONLY + 'components = ["likes", "comments"]\n'
    row = score([creator("a", [post(1, 300, 20, shares=1000, saves=1000)])], rules)[0]
    # only likes + comments: 320 / 20,000 = 0.016
    assert row["engagement_rate"] == pytest.approx(0.016)


def test_string_counts_in_posts_are_parsed(score):
    posts = [{"id": "p1", "likes": "1.2K", "comments": "1,000", "posted_at": "2024-01-01"}]
    row = score([creator("a", posts, followers="20k")], ENGAGEMENT_ONLY)[0]
    # (1,200 + 1,000) / 20,000 = 0.11
    assert row["followers"] == 20000.0
    assert row["engagement_rate"] == pytest.approx(0.11)


def test_batch_of_mixed_creators_keeps_rows_aligned(score):
    rows = score([
        creator("nodata", []),
        creator("a", FOUR_POSTS),
        creator("nofollowers", [post(1, 300, 20)], followers=None),
        creator("b", [post(1, 480, 0)]),
    ], ENGAGEMENT_ONLY)
    assert [r["handle"] for r in rows] == ["nodata", "a", "nofollowers", "b"]
    assert [r["score_engagement"] for r in rows] == [None, 45.7, None, 50.0]
    assert [r["missing_engagement"] for r in rows] == ["no posts", None, "follower count missing", None]


def test_by_views_leaves_out_posts_without_views(score):
    posts = [post(1, 300, 20, views=10000), post(2, 500, 40), post(3, 100, 0, views=0)]
    row = score([creator("tt", posts, platform="tiktok")], ENGAGEMENT_ONLY)[0]
    # only post 1 has views > 0: 320 / 10,000 = 0.032 (post 2 is not measured by followers instead)
    assert row["engagement_basis"] == "views"
    assert row["engagement_rate"] == pytest.approx(0.032)
    assert "over 1 posts" in row["reason_engagement"]
    # ratio 0.032 / 0.08 = 0.4 -> 100 / (1 + 0.4^-k) = 19.04 -> 19.0
    assert row["score_engagement"] == expected(0.4) == 19.0


def test_zero_followers_has_no_usable_denominator(score):
    row = score([creator("a", [post(1, 3, 1)], followers=0)], ENGAGEMENT_ONLY)[0]
    assert row["tier"] == "below_nano"
    assert row["score_engagement"] is None
    assert row["missing_engagement"] == "no post has a usable denominator (followers or views)"


def test_by_views_without_followers_has_no_benchmark(score):
    row = score([creator("tt", [post(1, 300, 20, views=10000)], followers=None, platform="tiktok")], ENGAGEMENT_ONLY)[0]
    assert row["engagement_rate"] == pytest.approx(0.032)
    assert row["score_engagement"] is None
    assert row["missing_engagement"] == "follower count missing: the benchmark is a curve of followers"


# ---- one computation: score and evidence from the same arrays, checked against a polars oracle ----

def _edge_case_batch(large_types: bool = False):
    """Creators the row readers would never produce as such (null posts, negative counts): the
    columnar readers can. Counts are not round, so that any change in the order of additions shows."""
    import datetime as dt

    import pyarrow as pa

    from brandfit.inputs.creator import CREATOR_SCHEMA

    def at(day):
        return dt.datetime(2024, 3, day, tzinfo=dt.UTC)

    def p(likes, comments, day=None, **extra):
        return {"likes": likes, "comments": comments, "posted_at": None if day is None else at(day), **extra}

    many = [p(101.3 * i, 7.7 * i, day=(i % 4) + 1 if i % 3 else None, shares=1.1 * i) for i in range(1, 9)]
    rows = [
        {"handle": "null-posts", "platform": "instagram", "followers": 20000.0,
         "posts": [None, p(300.1, 20.2), None, p(500.7, 40.3, saves=3.3)]},
        {"handle": "posts-null", "platform": "instagram", "followers": 20000.0, "posts": None},
        {"handle": "no-posts", "platform": "tiktok", "followers": 20000.0, "posts": []},
        {"handle": "missing-counts", "platform": "instagram", "followers": 20000.0,
         "posts": [p(None, 3.0), p(310.9, None), p(120.25, 0.0)]},
        {"handle": "none-complete", "platform": "instagram", "followers": 20000.0, "posts": [p(None, 3.0), p(1.0, None)]},
        {"handle": "negative", "platform": "instagram", "followers": 20000.0,
         "posts": [p(-5.0, 10.0), p(250.5, 11.1, shares=-3.0), p(99.9, 0.1, views=-1.0)]},
        {"handle": "tiktok-views", "platform": "tiktok", "followers": 30000.0,
         "posts": [p(300.3, 20.1, views=10000.7), p(500.2, 40.9), p(100.1, 0.3, views=0.0), p(80.8, 1.1, views=5000.3)]},
        {"handle": "tiktok-no-views", "platform": "tiktok", "followers": 30000.0, "posts": [p(300.3, 20.1), p(12.5, 3.3)]},
        {"handle": "instagram-views", "platform": "instagram", "followers": 30000.0, "posts": [p(300.3, 20.1, views=1000.0)]},
        {"handle": "youtube-no-followers", "platform": "youtube", "posts": [p(300.3, 20.1, views=10000.7)]},
        {"handle": "no-followers", "platform": "instagram", "posts": [p(300.3, 20.1)]},
        {"handle": "zero-followers", "platform": "instagram", "followers": 0.0, "posts": [p(3.3, 1.1)]},
        {"handle": "nano-no-benchmark", "platform": "instagram", "followers": 5000.0, "posts": [p(225.5, 1.5)]},
        {"handle": "many-dated", "platform": "instagram", "followers": 15000.0, "posts": many},
        {"handle": "many-undated", "platform": "instagram", "followers": 15000.0,
         "posts": [{**x, "posted_at": None} for x in many]},
        {"handle": "suspicious", "platform": "instagram", "followers": 20000.0, "posts": [p(5000.5, 20.2), p(4000.4, 1.0)]},
        # all four components: ((a + b) + c) + d would give 1010.9999999999999, not polars' 1011.0
        {"handle": "all-four", "platform": "instagram", "followers": 20000.0,
         "posts": [p(101.1, 202.2, shares=303.3, saves=404.4)]},
    ]
    batch = pa.RecordBatch.from_pylist(rows, schema=CREATOR_SCHEMA)
    if large_types:
        def large(t):
            if pa.types.is_list(t):
                return pa.large_list(large(t.value_type))
            if pa.types.is_struct(t):
                return pa.struct([pa.field(f.name, large(f.type)) for f in t])
            return pa.large_string() if t == pa.string() else t
        batch = batch.cast(pa.schema([pa.field(f.name, large(f.type)) for f in CREATOR_SCHEMA]))
    return batch


def _oracle_rates(batch, recent: int, required: tuple[str, ...], components: tuple[str, ...], by_views: tuple[str, ...],
                  aggregate: str):
    """Each creator's rate the plain polars way (explode, sort, group): the reference the scorer's
    numpy arrays must agree with (to 1e-12: the two may add in different orders)."""
    import polars as pl

    frame = pl.from_arrow(batch).with_row_index("cid")
    posts = frame.select("cid", "platform", "followers", pl.col("posts")).explode("posts") \
        .filter(pl.col("posts").is_not_null()).unnest("posts").with_columns(pl.int_range(pl.len()).over("cid").alias("ordinal"))
    if posts.group_by("cid").len()["len"].max() > recent:
        posts = posts.sort(["cid", "posted_at", "ordinal"], descending=[False, True, False], nulls_last=True) \
            .group_by("cid", maintain_order=True).head(recent)
    count = {c: pl.when(pl.col(c).is_finite() & (pl.col(c) >= 0)).then(pl.col(c)) for c in (*components, *required, "views")}
    complete = pl.all_horizontal([count[c].is_not_null() for c in required]) if required else pl.lit(True)
    posts = posts.with_columns(complete=complete, inter=pl.sum_horizontal([count[c].fill_null(0) for c in components]),
                               v=count["views"])
    by_view = posts.filter(pl.col("complete") & (pl.col("v") > 0) & pl.col("platform").is_in(list(by_views)))["cid"].unique()
    posts = posts.with_columns(use_views=pl.col("cid").is_in(by_view.implode()))
    denominator = pl.when(pl.col("use_views")).then(pl.when(pl.col("v") > 0).then(pl.col("v"))) \
        .otherwise(pl.when(pl.col("followers") > 0).then(pl.col("followers")))
    posts = posts.with_columns(rate=pl.when(pl.col("complete")).then(pl.col("inter") / denominator))
    agg = pl.col("rate").drop_nulls().median() if aggregate == "median" else pl.col("rate").drop_nulls().mean()
    per = posts.group_by("cid").agg(agg.alias("rate"))
    return frame.select("cid").join(per, on="cid", how="left").sort("cid")["rate"].to_list()


@pytest.mark.parametrize("large_types", [False, True])
@pytest.mark.parametrize("options", [
    "",
    "recent_posts = 3\n",
    "recent_posts = 3\nrequired = []\ncomponents = [\"likes\", \"shares\", \"saves\"]\nby_views = [\"tiktok\", \"instagram\"]\n",
    'aggregate = "mean"\nrecent_posts = 5\n',
])
def test_rates_agree_with_the_polars_oracle_and_evidence_with_the_score(tmp_path, registry, options, large_types):
    from brandfit.plugins.engagement import creator_rates
    from conftest import load_rules_text

    rules = load_rules_text(ENGAGEMENT_ONLY + options, tmp_path, registry=registry)
    batch = _edge_case_batch(large_types)
    [rule] = rules.scorers
    o = rule.options
    got = creator_rates(batch, o).creator_rate
    want = _oracle_rates(batch, o.recent_posts, o.required, o.components, o.by_views, o.aggregate)
    assert [None if math.isnan(g) else pytest.approx(g, rel=1e-12) for g in got] == want
    plain = build_engine(rules, registry, want_evidence=False)
    explained = build_engine(rules, registry, want_evidence=True)
    without = plain.score_batch(batch)
    with_evidence = explained.score_batch(batch)
    for column in without.columns:
        assert without[column].equals(with_evidence[column]), column
    # the evidence states the very rate and ratio the score came from
    for row in with_evidence.to_dicts():
        lines = row["evidence_engagement"]
        if row["score_engagement"] is None:
            assert all(e["rule"].endswith(".required") for e in lines)
            continue
        assert lines[0]["value"] == row["engagement_rate"]
        assert lines[2]["message"].split(" scores ")[1].startswith(f"{row['score_engagement']};") or row["flags_engagement"]
    rows = {r["handle"]: r for r in without.to_dicts()}
    assert rows["null-posts"]["score_engagement"] is not None
    assert rows["posts-null"]["missing_engagement"] == rows["no-posts"]["missing_engagement"] == "no posts"
    assert rows["tiktok-views"]["engagement_basis"] == "views"


def test_non_finite_and_negative_counts_are_missing(tmp_path, registry):
    import pyarrow as pa

    from brandfit.plugins.engagement import creator_rates
    from conftest import load_rules_text

    batch = _edge_case_batch()
    followers = batch.column("followers").to_pylist()
    followers[0] = math.nan
    followers[3] = -10.0
    odd = batch.set_column(batch.schema.get_field_index("followers"), "followers", pa.array(followers, pa.float64()))
    [rule] = load_rules_text(ENGAGEMENT_ONLY, tmp_path, registry=registry).scorers
    rates = creator_rates(odd, rule.options).creator_rate
    assert math.isnan(rates[0]) and math.isnan(rates[3])
