"""The `cost` scorer: fees from the input or the rate card, expected engagements, value for money."""

from __future__ import annotations

import pytest

from conftest import by_handle
from test_rule_files import single_error, write

COST_ONLY = """
schema = 1
[scorers.cost]
"""


def post(likes: float, comments: float = 0.0) -> dict:
    return {"likes": likes, "comments": comments}


# The seed-grounded default card: $5 per thousand below 100k, $100 per thousand from 100k (the
# jump), from 1M at least $100,000 ("six-figure sums") and $0.30 per thousand.
CARD = [
    (9_000, 45.0, "scorers.cost.rate_card.default[0]"),
    (99_999, 499.995, "scorers.cost.rate_card.default[0]"),
    (100_000, 10_000.0, "scorers.cost.rate_card.default[1]"),
    (999_999, 99_999.9, "scorers.cost.rate_card.default[1]"),
    (1_000_000, 100_000.0, "scorers.cost.rate_card.default[2]"),
    (400_000_000, 120_000.0, "scorers.cost.rate_card.default[2]"),
]


def test_default_rate_card_jumps_past_100k(score):
    creators = [{"handle": f"c{i}", "platform": "instagram", "followers": f, "posts": [post(10, 1)]}
                for i, (f, _, _) in enumerate(CARD)]
    rows = score(creators, COST_ONLY)
    assert [(r["followers"], pytest.approx(r["fee"]), r["fee_source"]) for r in rows] == \
        [(float(f), pytest.approx(fee), source) for f, fee, source in CARD]
    # twenty times the price per follower either side of 100k
    assert rows[2]["cost_per_thousand_reach"] == pytest.approx(20 * rows[1]["cost_per_thousand_reach"])


def test_input_fee_wins_and_value_columns(score):
    creators = [{"handle": "quoted", "platform": "instagram", "followers": 20_000, "fee": 300,
                 "posts": [post(400, 20), post(500, 50), post(900, 100)]}]
    row = score(creators, COST_ONLY)[0]
    # median interactions of the three posts: 550; $300 / 550 engagements; $300 / 20 thousand followers
    assert (row["fee"], row["fee_source"], row["expected_engagements"]) == (300.0, "input", 550.0)
    assert row["cost_per_engagement"] == pytest.approx(300 / 550)
    assert row["cost_per_thousand_reach"] == pytest.approx(15.0)
    assert row["score_cost"] == pytest.approx(round(0.21 * 550 / 300 * 100, 1))
    assert row["reason_cost"] == "$0.545 per engagement (fee $300 from the input, 550 expected engagements)"
    ignored = score(creators, COST_ONLY + "use_input_fee = false\n")[0]
    assert (ignored["fee"], ignored["fee_source"]) == (100.0, "scorers.cost.rate_card.default[0]")


def test_cheap_engagement_scores_100_and_free_is_100(score):
    creators = [{"handle": "cheap", "platform": "instagram", "followers": 10_000, "posts": [post(900, 100)]},
                {"handle": "gifted", "platform": "instagram", "followers": 10_000, "fee": 0, "posts": [post(0, 0)]}]
    rows = by_handle(score(creators, COST_ONLY))
    assert rows["cheap"]["score_cost"] == 100.0  # $50 for 1,000 engagements: $0.05 each
    assert rows["gifted"]["score_cost"] == 100.0


def test_missing_data_is_missing_not_cheap(score):
    creators = [{"handle": "noposts", "platform": "instagram", "followers": 10_000},
                {"handle": "nocount", "platform": "instagram", "posts": [post(5, 1)]},
                {"handle": "nocomments", "platform": "instagram", "followers": 10_000, "posts": [{"likes": 50}]}]
    rows = by_handle(score(creators, COST_ONLY))
    assert rows["noposts"]["score_cost"] is None and rows["noposts"]["missing_cost"] == "no posts: expected engagements unknown"
    assert rows["noposts"]["fee"] == 50.0  # the fee is still known
    assert rows["nocount"]["missing_cost"] == "no fee in the input and no follower count for the rate card"
    assert rows["nocount"]["fee"] is None and rows["nocount"]["cost_per_thousand_reach"] is None
    assert rows["nocomments"]["missing_cost"] == "no recent post has likes and comments"


def test_platform_card_and_no_card(score):
    # over the default rule set, a platform's bands are added to the default card (tables merge)
    rules = """
    schema = 1
    extends = "default"
    [[scorers.cost.rate_card.tiktok]]
    from_followers = 0
    per_thousand = 2.0
    [[scorers.cost.rate_card.tiktok]]
    from_followers = 50000
    per_thousand = 8.0
    minimum = 500
    """.replace("\n    ", "\n")
    creators = [{"handle": "t1", "platform": "tiktok", "followers": 40_000, "posts": [post(10, 1)]},
                {"handle": "t2", "platform": "tiktok", "followers": 50_000, "posts": [post(10, 1)]},
                {"handle": "i1", "platform": "instagram", "followers": 40_000, "posts": [post(10, 1)]}]
    rows = by_handle(score(creators, rules))
    assert (rows["t1"]["fee"], rows["t1"]["fee_source"]) == (80.0, "scorers.cost.rate_card.tiktok[0]")
    assert (rows["t2"]["fee"], rows["t2"]["fee_source"]) == (500.0, "scorers.cost.rate_card.tiktok[1]")
    assert rows["i1"]["fee"] == 200.0  # the default card still prices other platforms
    only_tiktok = """
    schema = 1
    [scorers.cost.rate_card]
    tiktok = [{ from_followers = 0, per_thousand = 2.0 }]
    """.replace("\n    ", "\n")
    rows = by_handle(score(creators, only_tiktok))
    assert rows["i1"]["fee"] is None
    assert rows["i1"]["missing_cost"] == "no fee in the input and no rate card for platform instagram"


def test_evidence_names_the_band(score):
    creators = [{"handle": "a", "platform": "instagram", "followers": 150_000, "posts": [post(3000, 100)]}]
    evidence = score(creators, COST_ONLY)[0]["evidence_cost"]
    assert evidence[0]["rule"] == "scorers.cost.rate_card.default[1]"
    assert evidence[0]["message"] == "fee $15000.0 (scorers.cost.rate_card.default[1])"


@pytest.mark.parametrize("card, key, message", [
    ("tiktok = [{ from_followers = 10, per_thousand = 2.0 }]", "scorers.cost.rate_card.tiktok[0].from_followers",
     "the first band must start at 0 followers, got 10"),
    ("tiktok = [{ from_followers = 0, per_thousand = 2.0 }, { from_followers = 0, per_thousand = 3.0 }]",
     "scorers.cost.rate_card.tiktok[1].from_followers", "bands must go up: 0 is not above 0"),
    ("tiktok = [{ from_followers = 0, per_thousand = -1 }]", "scorers.cost.rate_card.tiktok[0].per_thousand",
     "expected a number >= 0, got -1.0"),
    ("tiktok = [{ from_followers = 0, per_thosand = 1 }]", "scorers.cost.rate_card.tiktok[0].per_thosand",
     "unknown key (did you mean 'per_thousand'?)"),
])
def test_bad_rate_card_is_one_line_with_file_and_line(tmp_path, card, key, message):
    path = write(tmp_path / "r.toml", f"schema = 1\n[scorers.cost.rate_card]\n{card}\n")
    error = single_error(path)
    assert error.startswith(f"{path}:3: {key}: {message}"), error
