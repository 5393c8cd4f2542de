"""The `engagement` scorer: rate per post, median/mean over recent posts, benchmark per tier."""

from __future__ import annotations

from brandfit.run.plan import build_engine
import pytest

from conftest import by_handle

ENGAGEMENT_ONLY = """
schema = 1
[scorers.engagement]
"""

# Option defaults (no extends): recent_posts 12, aggregate median, by_views [tiktok, youtube],
# components likes+comments+shares+saves, required likes+comments, full_score_at 1.5,
# suspicious_multiple 5, suspicious_score 40. Benchmarks by followers: micro 0.024, nano 0.045;
# by views: micro 0.08.


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
    # ratio 0.0215 / 0.024 = 0.895833; score = 100 * 0.895833 / 1.5 = 59.72 -> 59.7
    assert row["score_engagement"] == 59.7
    assert row["final_score"] == 59.7
    assert row["reason_engagement"] == "median 2.15% by followers over 4 posts, 0.9x the micro benchmark of 2.4%"


def test_rate_by_followers_mean(score):
    rules = ENGAGEMENT_ONLY + 'aggregate = "mean"\n'
    row = score([creator("a", FOUR_POSTS)], rules)[0]
    # mean (0.016 + 0.027 + 0.005 + 0.0525) / 4 = 0.1005 / 4 = 0.025125
    assert row["engagement_rate"] == pytest.approx(0.025125)
    # ratio 0.025125 / 0.024 = 1.046875; score 100 * 1.046875 / 1.5 = 69.79 -> 69.8
    assert row["score_engagement"] == 69.8


def test_odd_number_of_posts_median_is_middle_post(score):
    posts = [post(1, 100, 0), post(2, 400, 0), post(3, 10000, 0)]  # one viral post
    row = score([creator("a", posts)], ENGAGEMENT_ONLY)[0]
    # rates 0.005, 0.02, 0.5 -> median 0.02 (the viral post does not move it)
    assert row["engagement_rate"] == pytest.approx(0.02)
    # ratio 0.02 / 0.024 = 0.8333; score 55.56 -> 55.6
    assert row["score_engagement"] == 55.6


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
    assert tt["score_engagement"] == 58.3
    # instagram: 320 / 20,000 = 0.016, 540 / 20,000 = 0.027 -> median 0.0215 -> 59.7 as above
    assert ig["engagement_basis"] == "followers"
    assert ig["engagement_rate"] == pytest.approx(0.0215)
    assert ig["score_engagement"] == 59.7


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
    assert row["score_engagement"] == 51.4
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
    assert row["final_score"] is None
    assert row["verdict"] == "review"


def test_follower_count_missing_is_no_data(score):
    row = score([creator("a", [post(1, 300, 20)], followers=None)], ENGAGEMENT_ONLY)[0]
    assert row["score_engagement"] is None
    assert row["missing_engagement"] == "follower count missing"
    assert "engagement: no data (follower count missing)" in row["reasons"]


def test_suspicious_engagement_flag_and_cap(score):
    posts = [post(1, 5000, 20)]  # 5,020 / 20,000 = 0.251
    row = score([creator("a", posts)], ENGAGEMENT_ONLY)[0]
    # ratio 0.251 / 0.024 = 10.46 > 5 -> suspicious; raw score clipped to 100, capped at 40
    assert row["engagement_rate"] == pytest.approx(0.251)
    assert row["flags_engagement"] == ["engagement.suspicious"]
    assert row["score_engagement"] == 40.0
    assert row["reason_engagement"].endswith("(implausibly high)")


def test_suspicious_cap_is_a_minimum_not_a_replacement(score):
    posts = [post(1, 5000, 20)]  # ratio 10.4583
    # full_score_at 20: raw = 100 * 10.4583 / 20 = 52.29
    rules_low_cap = ENGAGEMENT_ONLY + "full_score_at = 20\nsuspicious_score = 40\n"
    rules_high_cap = ENGAGEMENT_ONLY + "full_score_at = 20\nsuspicious_score = 60\n"
    low = score([creator("a", posts)], rules_low_cap)[0]
    high = score([creator("a", posts)], rules_high_cap)[0]
    assert low["score_engagement"] == 40.0     # min(52.3, 40)
    assert high["score_engagement"] == 52.3    # min(52.3, 60)
    assert high["flags_engagement"] == ["engagement.suspicious"]


def test_suspicious_threshold_is_exclusive(score):
    # rate exactly 5x the micro benchmark: 0.12 = 2,400 / 20,000 -> not above 5x, not suspicious
    rules = ENGAGEMENT_ONLY + "[scorers.engagement.benchmark]\nmicro = 0.025\n"
    exact = score([creator("a", [post(1, 2500, 0)])], rules)[0]   # 2,500 / 20,000 = 0.125 = 5.0 x 0.025
    above = score([creator("b", [post(1, 2520, 0)])], rules)[0]   # 0.126 = 5.04 x 0.025
    assert exact["flags_engagement"] == []
    assert exact["score_engagement"] == 100.0
    assert above["flags_engagement"] == ["engagement.suspicious"]
    assert above["score_engagement"] == 40.0


def test_suspicious_multiple_option(score):
    rules = ENGAGEMENT_ONLY + "suspicious_multiple = 2\n"
    # 1,200 / 20,000 = 0.06 = 2.5 x 0.024 -> above 2x
    row = score([creator("a", [post(1, 1200, 0)])], rules)[0]
    assert row["flags_engagement"] == ["engagement.suspicious"]
    assert row["score_engagement"] == 40.0


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


@pytest.mark.parametrize("ratio_posts, full_score_at, expected", [
    # likes / 20,000 followers, micro benchmark 0.024
    (480, 1.5, 100 * (0.024 / 0.024) / 1.5),   # ratio 1.0 -> 66.67 -> 66.7
    (720, 1.5, 100.0),                         # ratio 1.5 -> exactly 100
    (960, 1.5, 100.0),                         # ratio 2.0 -> min(100, 133.3) = 100
    (240, 1.0, 50.0),                          # ratio 0.5, full at 1.0 -> 50
    (240, 2.0, 25.0),                          # ratio 0.5, full at 2.0 -> 25
    (0, 1.5, 0.0),                             # no interactions -> 0 (a real rate of 0)
])
def test_score_formula(score, ratio_posts, full_score_at, expected):
    rules = ENGAGEMENT_ONLY + f"full_score_at = {full_score_at}\n"
    row = score([creator("a", [post(1, ratio_posts, 0)])], rules)[0]
    assert row["score_engagement"] == round(expected, 1)


def test_benchmark_follows_tier(score):
    # nano (1,000..10,000) benchmark 0.045: 5,000 followers, 225 interactions = 0.045 -> ratio 1 -> 66.7
    row = score([creator("a", [post(1, 225, 0)], followers=5000)], ENGAGEMENT_ONLY)[0]
    assert row["tier"] == "nano"
    assert row["score_engagement"] == 66.7


def test_benchmark_override_deep_merges(score):
    rules = ENGAGEMENT_ONLY + "[scorers.engagement.benchmark]\nmicro = 0.01\n"
    # 0.0215 / 0.01 = 2.15 -> 100 (clipped), still not suspicious (< 5)
    row = score([creator("a", FOUR_POSTS)], rules)[0]
    assert row["score_engagement"] == 100.0
    assert row["flags_engagement"] == []


def test_benchmark_override_deep_merges_over_default_ruleset(score):
    # extends = "default": setting benchmark.micro keeps default.toml's other tiers (tables deep-merge)
    rules = """
    schema = 1
    extends = "default"
    [scorers.engagement.benchmark]
    micro = 0.01
    [scorers.tier]
    enabled = false
    [scorers.values]
    enabled = false
    [scorers.controversy]
    enabled = false
    """
    rows = by_handle(score([
        creator("nano", [post(1, 225, 0)], followers=5000),   # default nano benchmark 0.045 -> 66.7
        creator("micro", [post(1, 200, 0)]),                  # 0.01 / 0.01 = 1 -> 66.7
    ], rules))
    assert rows["nano"]["score_engagement"] == 66.7
    assert rows["micro"]["score_engagement"] == 66.7


def test_benchmark_without_extends_replaces_option_default_whole(score):
    # no extends: the option's value is the table the file gives; a tier it leaves out has no benchmark
    rules = ENGAGEMENT_ONLY + "[scorers.engagement.benchmark]\nmicro = 0.01\n"
    row = score([creator("a", [post(1, 225, 0)], followers=5000)], rules)[0]
    assert row["score_engagement"] is None
    assert row["missing_engagement"] == "no benchmark for tier nano"


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
    assert [r["score_engagement"] for r in rows] == [None, 59.7, None, 66.7]
    assert [r["missing_engagement"] for r in rows] == ["no posts", None, "follower count missing", None]


def test_by_views_leaves_out_posts_without_views(score):
    posts = [post(1, 300, 20, views=10000), post(2, 500, 40), post(3, 100, 0, views=0)]
    row = score([creator("tt", posts, platform="tiktok")], ENGAGEMENT_ONLY)[0]
    # only post 1 has views > 0: 320 / 10,000 = 0.032 (post 2 is not measured by followers instead)
    assert row["engagement_basis"] == "views"
    assert row["engagement_rate"] == pytest.approx(0.032)
    assert "over 1 posts" in row["reason_engagement"]
    # ratio 0.032 / 0.08 = 0.4 -> 26.67 -> 26.7
    assert row["score_engagement"] == 26.7


def test_zero_followers_has_no_usable_denominator(score):
    row = score([creator("a", [post(1, 3, 1)], followers=0)], ENGAGEMENT_ONLY)[0]
    assert row["tier"] == "below_nano"
    assert row["score_engagement"] is None
    assert row["missing_engagement"] == "no post has a usable denominator (followers or views)"


def test_by_views_without_followers_has_no_tier_benchmark(score):
    row = score([creator("tt", [post(1, 300, 20, views=10000)], followers=None, platform="tiktok")], ENGAGEMENT_ONLY)[0]
    assert row["engagement_rate"] == pytest.approx(0.032)
    assert row["score_engagement"] is None
    assert row["missing_engagement"] == "no benchmark for tier unknown"


# ---- the fast path (no evidence wanted) against the evidence path ------------------------------

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


@pytest.mark.parametrize("large_types", [False, True])
@pytest.mark.parametrize("options", [
    "",
    "recent_posts = 3\n",
    "recent_posts = 3\nrequired = []\ncomponents = [\"likes\", \"shares\", \"saves\"]\nby_views = [\"tiktok\", \"instagram\"]\n",
    "recent_posts = 5\n[scorers.engagement.benchmark]\nmicro = 0.01\n",
])
def test_fast_path_matches_evidence_path(tmp_path, registry, options, large_types):

    from conftest import load_rules_text

    rules = load_rules_text(ENGAGEMENT_ONLY + options, tmp_path, registry=registry)
    batch = _edge_case_batch(large_types)
    fast = build_engine(rules, registry, want_evidence=False)
    general = build_engine(rules, registry, want_evidence=True)
    # the fast path does answer for this batch (it is not left to the general path)
    [scorer] = fast.scorers_in_order
    assert scorer._per_creator_fast(batch, batch.num_rows) is not None
    without = fast.score_batch(batch)
    with_evidence = general.score_batch(batch).drop("evidence_engagement")
    assert without.columns == with_evidence.columns
    for column in without.columns:
        assert without[column].equals(with_evidence[column]), column
    # the rates agree to the last bit, not only as printed
    assert without["engagement_rate"].to_numpy().tobytes() == with_evidence["engagement_rate"].to_numpy().tobytes()
    rows = {r["handle"]: r for r in without.to_dicts()}
    assert rows["null-posts"]["score_engagement"] is not None
    assert rows["posts-null"]["missing_engagement"] == rows["no-posts"]["missing_engagement"] == "no posts"
    assert rows["tiktok-views"]["engagement_basis"] == "views"


def test_fast_path_leaves_mean_and_odd_values_to_the_general_path(tmp_path, registry):
    import math

    import pyarrow as pa

    import brandfit.engine.batch_engine
    from conftest import load_rules_text

    batch = _edge_case_batch()
    mean = load_rules_text(ENGAGEMENT_ONLY + 'aggregate = "mean"\n', tmp_path, registry=registry)
    [scorer] = brandfit.engine.batch_engine.Engine(mean, registry).scorers_in_order
    assert scorer._per_creator_fast(batch, batch.num_rows) is None
    median = load_rules_text(ENGAGEMENT_ONLY, tmp_path, registry=registry)
    [scorer] = brandfit.engine.batch_engine.Engine(median, registry).scorers_in_order
    followers = batch.column("followers").to_pylist()
    followers[0] = math.nan  # polars keeps NaN apart from null; numpy here would not
    with_nan = batch.set_column(batch.schema.get_field_index("followers"), "followers", pa.array(followers, pa.float64()))
    assert scorer._per_creator_fast(with_nan, batch.num_rows) is None
