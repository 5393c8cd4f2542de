"""Tests of the example plugin, written with brandfit.testing (what a plugin author would write)."""

import pytest

from brandfit.testing import RuleFileError, assert_evidence, make_creator, make_post, run_scorer
from brandfit_cadence.scorers import CadenceScorer, SponsoredScorer


def test_weekly_poster_scores_100():
    # 5 posts, one every 7 days: 4 intervals over 28 days = 1.0 per week
    posts = [make_post(posted_at=f"2026-10-{day:02d}") for day in (1, 8, 15, 22, 29)]
    [result] = run_scorer(CadenceScorer, [make_creator(posts=posts)])
    assert result.score == 100.0
    assert result.metrics["posts_per_week"] == 1.0
    assert result.reason == "1.00 posts per week"
    assert not result.flags


def test_long_silence_is_flagged_with_the_post_after_it():
    # 3 posts over 40 days: 2 / 40 * 7 = 0.35 per week; 30-day gap before "late"
    posts = [make_post(posted_at="2026-09-01"), make_post(posted_at="2026-09-11"),
             make_post(id="late", posted_at="2026-10-11")]
    [result] = run_scorer(CadenceScorer, [make_creator(posts=posts)], options={"max_gap_days": 14})
    assert result.score == 35.0
    assert result.reason == "0.35 posts per week, a 30-day silence"
    assert result.has_flag("cadence.gap")
    assert_evidence(result, post="late", contains="30 days")


def test_too_few_dated_posts_is_no_data_not_zero():
    [result] = run_scorer(CadenceScorer, [make_creator(posts=[make_post(posted_at=None)])])
    assert result.score is None
    assert result.missing == "0 dated posts (needs 2)"


def test_sponsored_share_scores_linearly_between_ok_and_max():
    # 2 of 5 posts sponsored (one flag, one #ad) = 40%: halfway from 20% (100) to 60% (0) -> 50
    posts = [make_post(sponsored=True), make_post(hashtags=["#Ad"]), make_post(), make_post(), make_post()]
    [result] = run_scorer(SponsoredScorer, [make_creator(posts=posts)])
    assert result.score == 50.0
    assert not result.has_flag("sponsored.saturated")


def test_saturated_feed_is_flagged():
    posts = [make_post(sponsored=True) for _ in range(4)] + [make_post()]
    [result] = run_scorer(SponsoredScorer, [make_creator(posts=posts)])
    assert result.score == 0.0
    assert result.has_flag("sponsored.saturated")


def test_options_are_validated_like_a_rule_file():
    with pytest.raises(RuleFileError, match=r"scorers\.sponsored\.max_share: must be above ok_share = 0\.5"):
        run_scorer(SponsoredScorer, [make_creator()], options={"ok_share": 0.5, "max_share": 0.4})
