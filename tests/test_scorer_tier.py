"""The `tier` scorer: follower bands (with per-platform overrides) and the brand's preference per tier."""

from __future__ import annotations

import pytest

from conftest import by_handle

# Stand-alone rules (no extends): only the tier scorer runs, so final_score == score_tier.
TIER_ONLY = """
schema = 1
[scorers.tier]
"""

# Default bands: nano 1,000 / micro 10,000 / mid 100,000 / macro 500,000 / mega 1,000,000.
# Default preference: below_nano 20, nano 70, micro 100, mid 85, macro 60, mega 40.
BOUNDARIES = [
    (0, "below_nano", 20.0),
    (999, "below_nano", 20.0),
    (1_000, "nano", 70.0),
    (9_999, "nano", 70.0),
    (10_000, "micro", 100.0),
    (99_999, "micro", 100.0),
    (100_000, "mid", 85.0),
    (499_999, "mid", 85.0),
    (500_000, "macro", 60.0),
    (999_999, "macro", 60.0),
    (1_000_000, "mega", 40.0),
    (250_000_000, "mega", 40.0),
]


def test_default_bands_at_every_boundary(score):
    creators = [{"handle": f"c{i}", "platform": "instagram", "followers": f} for i, (f, _, _) in enumerate(BOUNDARIES)]
    rows = score(creators, TIER_ONLY)
    got = [(r["followers"], r["tier"], r["score_tier"]) for r in rows]
    assert got == [(float(f), tier, pref) for f, tier, pref in BOUNDARIES]
    # with one scorer, the final score is that scorer's score
    assert [r["final_score"] for r in rows] == [pref for _, _, pref in BOUNDARIES]


def test_custom_bands_from_tiers_table(score):
    rules = """
    schema = 1
    [tiers]
    nano = 500
    micro = 5000
    mid = 50000
    macro = 200000
    mega = 2000000
    [scorers.tier]
    """
    rows = by_handle(score([
        {"handle": "a", "followers": 499},      # below 500 -> below_nano
        {"handle": "b", "followers": 500},      # nano
        {"handle": "c", "followers": 7000},     # micro (5k..50k)
        {"handle": "d", "followers": 60000},    # mid (50k..200k)
        {"handle": "e", "followers": 1500000},  # macro (200k..2M): would be mega with default bands
        {"handle": "f", "followers": 2000000},  # mega
    ], rules))
    assert {h: r["tier"] for h, r in rows.items()} == {
        "a": "below_nano", "b": "nano", "c": "micro", "d": "mid", "e": "macro", "f": "mega"}


def test_platform_override_applies_only_to_that_platform(score):
    rules = """
    schema = 1
    [tiers.platforms.tiktok]
    micro = 20000
    [scorers.tier]
    """
    rows = by_handle(score([
        {"handle": "ig15k", "platform": "instagram", "followers": 15000},   # micro (>= 10,000)
        {"handle": "tt15k", "platform": "tiktok", "followers": 15000},      # nano on tiktok (< 20,000)
        {"handle": "tt20k", "platform": "tiktok", "followers": 20000},      # micro on tiktok
        {"handle": "tt100k", "platform": "tiktok", "followers": 100000},    # mid: not overridden, from [tiers]
        {"handle": "tt999", "platform": "tiktok", "followers": 999},        # below_nano: nano not overridden
        {"handle": "TT15k", "platform": "TikTok", "followers": 15000},      # platform names are case-insensitive
        {"handle": "alias", "platform": "tt", "followers": 15000},          # "tt" is an alias of tiktok
    ], rules))
    assert rows["ig15k"]["tier"] == "micro" and rows["ig15k"]["score_tier"] == 100.0
    assert rows["tt15k"]["tier"] == "nano" and rows["tt15k"]["score_tier"] == 70.0
    assert rows["tt20k"]["tier"] == "micro" and rows["tt20k"]["score_tier"] == 100.0
    assert rows["tt100k"]["tier"] == "mid"
    assert rows["tt999"]["tier"] == "below_nano"
    assert rows["TT15k"]["platform"] == "tiktok" and rows["TT15k"]["tier"] == "nano"
    assert rows["alias"]["platform"] == "tiktok" and rows["alias"]["tier"] == "nano"


def test_platform_override_merged_over_custom_base_bands(score):
    rules = """
    schema = 1
    [tiers]
    nano = 2000
    micro = 30000
    [tiers.platforms.youtube]
    micro = 50000
    mid = 200000
    [scorers.tier]
    """
    rows = by_handle(score([
        {"handle": "yt1500", "platform": "youtube", "followers": 1500},    # below 2,000 (base nano) -> below_nano
        {"handle": "yt40k", "platform": "youtube", "followers": 40000},    # nano: youtube micro is 50,000
        {"handle": "yt150k", "platform": "youtube", "followers": 150000},  # micro: youtube mid is 200,000
        {"handle": "ig150k", "platform": "instagram", "followers": 150000},  # mid (base mid 100,000)
    ], rules))
    assert {h: r["tier"] for h, r in rows.items()} == {
        "yt1500": "below_nano", "yt40k": "nano", "yt150k": "micro", "ig150k": "mid"}


def test_below_nano_raises_flag(score):
    rows = by_handle(score([
        {"handle": "tiny", "followers": 12},
        {"handle": "ok", "followers": 5000},
    ], TIER_ONLY))
    assert rows["tiny"]["tier"] == "below_nano"
    assert rows["tiny"]["flags_tier"] == ["tier.below-nano"]
    assert rows["tiny"]["flags"] == ["tier.below-nano"]
    assert rows["ok"]["flags_tier"] == []


@pytest.mark.parametrize("followers", [None, "#N/A", "n/a", "", "lots", -5])
def test_missing_or_unreadable_followers_is_no_data(score, followers):
    creator = {"handle": "x", "platform": "instagram"}
    if followers is not None:
        creator["followers"] = followers
    row = score([creator], TIER_ONLY)[0]
    assert row["followers"] is None
    assert row["tier"] is None
    assert row["score_tier"] is None
    assert row["missing_tier"] == "follower count missing"
    assert row["final_score"] == 0.0           # the prior stands in: 0 without extends
    assert row["coverage"] == 0.0
    assert row["verdict"] == "reject"
    assert row["reasons"][0] == "no scorer had data: every score is its prior"
    assert "tier: no data (follower count missing)" in row["reasons"]


def test_preference_values_and_tiers_left_out_score_zero(score):
    rules = """
    schema = 1
    [scorers.tier]
    preference = { micro = 90, mid = 55.5, below_nano = 0 }
    """
    rows = by_handle(score([
        {"handle": "micro", "followers": 20000},
        {"handle": "mid", "followers": 200000},
        {"handle": "nano", "followers": 2000},     # not in preference -> 0
        {"handle": "mega", "followers": 5000000},  # not in preference -> 0
        {"handle": "tiny", "followers": 10},
    ], rules))
    assert {h: r["score_tier"] for h, r in rows.items()} == {
        "micro": 90.0, "mid": 55.5, "nano": 0.0, "mega": 0.0, "tiny": 0.0}


def test_preference_deep_merges_over_default(score):
    # with extends = "default", setting one tier keeps the default preference of the others
    rules = """
    schema = 1
    extends = "default"
    [scorers.tier.preference]
    mega = 95
    [scorers.engagement]
    enabled = false
    [scorers.values]
    enabled = false
    [scorers.controversy]
    enabled = false
    """
    rows = by_handle(score([
        {"handle": "mega", "followers": 3000000},
        {"handle": "mid", "followers": 300000},
    ], rules))
    assert rows["mega"]["score_tier"] == 95.0
    assert rows["mid"]["score_tier"] == 85.0


def test_tier_reason_and_evidence(score):
    rows = score([{"handle": "a", "platform": "instagram", "followers": 15000}], TIER_ONLY)
    row = rows[0]
    assert row["reason_tier"] == "micro tier (15000 followers)"
    rules_cited = [e["rule"] for e in row["evidence_tier"]]
    assert rules_cited == ["tiers.micro", "scorers.tier.preference.micro"]
    assert row["evidence_tier"][1]["value"] == 100.0


def test_tier_metric_column_matches_engine_tier(score):
    rows = score([{"handle": "a", "followers": 600000}, {"handle": "b"}], TIER_ONLY)
    assert [r["tier"] for r in rows] == ["macro", None]
