"""Cases found by reviewing real exports and the engine's messages."""

from __future__ import annotations

import pytest

from brandfit.rule_errors import RuleFileError
from brandfit.testing import make_creator, make_post, run_scorer

DEFAULT = 'schema = 1\nextends = "default"\n[scorers.values.values.running]\nterms = ["run*"]\n'


def test_an_export_average_post_without_text_is_not_a_clean_record() -> None:
    # one-row-per-creator exports become one "average" post with counts and no caption
    average = make_creator(followers=20000, posts=[make_post(id="average", likes=500, comments=20)])
    [controversy] = run_scorer("controversy", [average])
    assert controversy.score is None and controversy.missing == "no posts with text to check"
    [values] = run_scorer("values", [average], options={"values": {"running": {"terms": ["run*"]}}})
    assert values.score is None and values.missing == "0 recent posts with text (needs 3)"


def test_a_bio_hit_still_flags_a_creator_without_posts() -> None:
    [result] = run_scorer("controversy", [make_creator(bio="online casino tips", posts=[])],
                          options={"categories": {"gambling": {"terms": ["casino"], "severity": "high"}}})
    assert result.score is None
    assert result.has_flag("controversy.over-tolerance") and result.has_flag("controversy.gambling")


def test_min_posts_above_recent_posts_is_refused() -> None:
    with pytest.raises(RuleFileError, match="min_posts = 5 can never be met when reading only recent_posts = 4"):
        run_scorer("values", [make_creator()], options={"recent_posts": 4, "min_posts": 5,
                                                        "values": {"a": {"terms": ["a"]}}})


def test_hold_reason_is_not_given_for_a_creator_rejected_by_score(score) -> None:
    # 40% engagement on 10k followers is implausible (held), and nothing else scores well
    posts = [{"id": f"p{i}", "likes": 4000, "comments": 0, "caption": "hello world"} for i in range(3)]
    rules = DEFAULT + "[decision]\nshortlist = 99\nreview = 98\n"
    [row] = score([{"handle": "pod", "platform": "instagram", "followers": 10000, "posts": posts}], rules)
    assert "engagement.suspicious" in row["flags"]
    assert row["verdict"] == "reject"
    assert not any(r.startswith("held for review") for r in row["reasons"])
