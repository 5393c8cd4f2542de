"""The engine's combination step: weighted mean, coverage, verdicts, ranking and rule fingerprints."""

from __future__ import annotations

import random
import re

import pytest

import brandfit.engine.batch_engine
import brandfit.inputs.batches
import brandfit.inputs.coercion
from brandfit.outputs.ranking import rank
from conftest import by_handle, load_rules_text

# tier: micro 90, nano 40 (others 0); controversy: each "casino" post -15 (tolerance 9: no veto;
# confidence_posts 0: no pull toward the prior); engagement against a flat Instagram curve of 2.4%
# (the benchmark scores 50). Weights: tier 1, controversy 3, engagement 2 -> total 6. Priors: 0.
MIXED = """
schema = 1
[scorers.tier]
weight = 1
preference = { micro = 90, nano = 40 }
[scorers.controversy]
weight = 3
confidence_posts = 0
[scorers.controversy.categories.topic]
terms = ["casino"]
severity = "medium"
tolerance = 9
[scorers.engagement]
weight = 2
[scorers.engagement.curves.instagram.followers]
followers = [20000]
rate = [0.024]
"""


def ig(handle, followers=20000, posts=None, **extra):
    c = {"handle": handle, "platform": "instagram", "followers": followers, **extra}
    if posts is not None:
        c["posts"] = posts
    return c


def p(i, likes=480, comments=0, caption="hello", **extra):
    # 480 / 20,000 = 0.024 = the benchmark -> engagement 50.0
    return {"id": f"p{i}", "likes": likes, "comments": comments, "caption": caption, **extra}


def test_final_score_is_weighted_mean_of_every_scorer(score):
    row = score([ig("a", posts=[p(1, caption="casino night"), p(2), p(3)])], MIXED)[0]
    assert row["score_tier"] == 90.0
    assert row["score_controversy"] == 85.0  # one post x 15
    assert row["score_engagement"] == 50.0
    # (1 x 90 + 3 x 85 + 2 x 50) / (1 + 3 + 2) = (90 + 255 + 100) / 6 = 445 / 6 = 74.1667 -> 74.17
    assert row["final_score"] == 74.17
    assert row["coverage"] == 1.0
    assert row["verdict"] == "shortlist"


def test_missing_scorers_count_as_their_prior(score):
    # no posts: engagement and controversy have no data; their priors stand in
    row = score([ig("a", posts=[])], MIXED)[0]
    assert row["score_engagement"] is None and row["score_controversy"] is None
    assert row["final_score"] == 15.0           # (1 x 90 + 3 x 0 + 2 x 0) / 6: priors 0
    # coverage = weight with data / total weight = 1 / 6 = 0.1667 -> 0.167
    assert row["coverage"] == 0.167
    with_priors = MIXED.replace("confidence_posts = 0", "confidence_posts = 0\nprior = 50") \
        .replace("[scorers.engagement]\nweight = 2", "[scorers.engagement]\nweight = 2\nprior = 25")
    row = score([ig("a", posts=[])], with_priors)[0]
    assert row["final_score"] == 48.33          # (90 + 3 x 50 + 2 x 25) / 6 = 290 / 6 = 48.333


def test_min_coverage_caps_verdict_at_review(score):
    rules = MIXED.replace("confidence_posts = 0", "confidence_posts = 0\nprior = 100").replace("weight = 3", "weight = 1") \
        .replace("[scorers.engagement]\nweight = 2", "[scorers.engagement]\nweight = 0")
    row = score([ig("a", posts=[])], rules)[0]
    assert row["final_score"] == 95.0           # (90 + 100) / 2: a shortlist score ...
    assert row["verdict"] == "review"           # ... capped: coverage 0.5 < min_coverage (default 0.7)
    assert row["reasons"][0] == "only 50% of the weight had data"


def test_required_scorer_without_data_caps_at_review_whatever_the_weights(score):
    rules = MIXED.replace("confidence_posts = 0", "confidence_posts = 0\nprior = 100") \
        + '[decision]\nmin_coverage = 0\nrequire = ["controversy"]\n'
    no_text = ig("a", posts=[{"id": "p1", "likes": 960, "comments": 0}])  # engagement only
    for heavy in ("1", "30"):
        row = score([no_text], rules.replace("[scorers.engagement]\nweight = 2", f"[scorers.engagement]\nweight = {heavy}"))[0]
        assert row["final_score"] >= 70
        assert row["verdict"] == "review"
        assert row["reasons"][0] == "no data from controversy, required for a shortlist"


def test_required_scorer_must_exist(tmp_path):
    from brandfit.rules.errors import RuleFileError

    with pytest.raises(RuleFileError, match=r"decision.require\[0\]: no scorer named 'valeus' \(did you mean 'values'\?\)"):
        load_rules_text('schema = 1\nextends = "default"\n[decision]\nrequire = ["valeus"]\n', tmp_path)


def test_min_coverage_does_not_raise_a_reject(score):
    row = score([ig("a", followers=2000, posts=[])], MIXED)[0]  # nano: 40, low coverage
    assert row["final_score"] == 6.67
    assert row["verdict"] == "reject"


def test_min_coverage_boundary_is_inclusive_and_configurable(score):
    rules = """
    schema = 1
    [scorers.tier]
    weight = 1
    preference = {{ micro = 90 }}
    [scorers.engagement]
    weight = 1
    prior = 90
    [decision]
    min_coverage = {min_coverage}
    """
    # engagement has no data: coverage 1 / 2 = 0.5, which is not below min_coverage 0.5
    row = score([ig("a", posts=[])], rules.format(min_coverage=0.5))[0]
    assert row["coverage"] == 0.5
    assert row["verdict"] == "shortlist"
    strict = rules.format(min_coverage=0.6)
    row = score([ig("a", posts=[])], strict)[0]
    assert row["verdict"] == "review"


def test_no_scorer_with_data_scores_the_priors_with_reason(score):
    row = score([ig("a", followers=None, posts=[])], MIXED)[0]
    assert row["final_score"] == 0.0
    assert row["coverage"] == 0.0
    assert row["verdict"] == "reject"
    assert row["reasons"][0] == "no scorer had data: every score is its prior"


@pytest.mark.parametrize("shortlist, review, expected", [
    (74.17, 50, "shortlist"),   # at the threshold: shortlist
    (74.18, 50, "review"),
    (80, 74.17, "review"),      # at the review threshold: review
    (80, 74.18, "reject"),
])
def test_thresholds_are_inclusive(score, shortlist, review, expected):
    rules = MIXED + f"[decision]\nshortlist = {shortlist}\nreview = {review}\n"
    row = score([ig("a", posts=[p(1, caption="casino night"), p(2), p(3)])], rules)[0]
    assert row["final_score"] == 74.17
    assert row["verdict"] == expected


def test_hold_flag_caps_at_review(score):
    # engagement 5,020 / 20,000 = 0.251: 10.46x the benchmark -> engagement.suspicious, 40 x 10 / 10.46
    # = 38.2; final = (90 + 3 x 100 + 2 x 38.2) / 6 = 466.4 / 6 = 77.733 -> 77.73: a shortlist score
    row = score([ig("a", posts=[p(1, likes=5000, comments=20)])], MIXED)[0]
    assert row["score_engagement"] == 38.2
    assert row["final_score"] == 77.73
    assert row["flags"] == ["engagement.suspicious"]
    assert row["verdict"] == "review"
    assert row["reasons"][0] == "held for review: engagement.suspicious"


def test_hold_list_is_configurable(score):
    no_hold = MIXED + "[decision]\nhold = []\n"
    row = score([ig("a", posts=[p(1, likes=5000, comments=20)])], no_hold)[0]
    assert row["verdict"] == "shortlist"
    hold_tier = MIXED.replace("micro = 90, nano = 40", "micro = 90, nano = 40, below_nano = 100") \
        + '[decision]\nhold = ["tier.below-nano"]\n'
    row = score([ig("tiny", followers=500, posts=[p(1, likes=50)])], hold_tier)[0]
    # below_nano: tier 100; engagement 50 / 500 = 0.1 vs the flat 0.024 -> ratio 4.1667 -> 90.6;
    # controversy 100 -> (100 + 300 + 2 x 90.6) / 6 = 581.2 / 6 = 96.867 -> 96.87
    assert row["final_score"] == 96.87
    assert row["flags"] == ["tier.below-nano"]
    assert row["verdict"] == "review"


def test_veto_beats_everything(score):
    rules = MIXED.replace("tolerance = 9", "tolerance = 0")
    row = score([ig("a", posts=[p(1, caption="casino night"), p(2), p(3)])], rules)[0]
    assert row["final_score"] == 74.17
    assert row["verdict"] == "reject"
    assert row["reasons"][0] == "vetoed: controversy.over-tolerance"


def test_weight_zero_keeps_flags_but_not_score(score):
    rules = MIXED.replace("weight = 3", "weight = 0")
    rows = by_handle(score([
        ig("safe", posts=[p(1, caption="casino night"), p(2), p(3)]),
        ig("over", posts=[p(1, caption="casino"), p(2, caption="casino")]),
    ], rules.replace("tolerance = 9", "tolerance = 1")))
    safe, over = rows["safe"], rows["over"]
    # controversy still runs (score 85) but does not count: (1 x 90 + 2 x 50) / 3 = 190 / 3 = 63.333 -> 63.33
    assert safe["score_controversy"] == 85.0
    assert safe["final_score"] == 63.33
    assert safe["coverage"] == 1.0
    assert safe["flags"] == ["controversy.topic"]
    # its flags still act: over tolerance -> vetoed
    assert over["final_score"] == 63.33
    assert over["flags"] == ["controversy.over-tolerance", "controversy.topic"]
    assert over["verdict"] == "reject"


def test_all_weights_zero_gives_no_final_score(score):
    rules = """
    schema = 1
    [scorers.tier]
    weight = 0
    """
    row = score([ig("a")], rules)[0]
    assert row["score_tier"] == 100.0          # the scorer still runs (default preference: micro 100)
    assert row["final_score"] is None
    assert row["verdict"] == "review"


def test_enabled_false_turns_scorer_off(score):
    rules = MIXED.replace("[scorers.controversy]\nweight = 3", "[scorers.controversy]\nweight = 3\nenabled = false")
    row = score([ig("a", posts=[p(1, caption="casino night"), p(2), p(3)])], rules)[0]
    assert "score_controversy" not in row
    assert row["flags"] == []
    # (1 x 90 + 2 x 50) / 3 = 63.33; coverage over the enabled scorers only
    assert row["final_score"] == 63.33
    assert row["coverage"] == 1.0


def test_enabled_false_over_default_ruleset(tmp_path, registry):
    rules = load_rules_text("""
    schema = 1
    extends = "default"
    [scorers.values]
    enabled = false
    """, tmp_path, registry=registry)
    assert [s.name for s in rules.scorers] == ["tier", "engagement", "controversy", "authenticity", "cost"]


def test_default_ruleset_weights(score):
    # default.toml: tier 1, engagement 2, values 3, controversy 2, authenticity 1 = 9; values has no
    # brand values and authenticity no following count
    rules = 'schema = 1\nextends = "default"\n'
    row = score([ig("a", posts=[p(1), p(2), p(3)])], rules)[0]
    assert row["score_values"] is None
    # tier micro 100; engagement 50 (2.4% is the Instagram curve at 20,000 followers); controversy
    # 3 clean posts from prior 50: 50 + 50 x 3/4 = 87.5; values and authenticity missing: their
    # priors (0, 50) stand in. (1 x 100 + 2 x 50 + 3 x 0 + 2 x 87.5 + 1 x 50) / 9 = 425 / 9 = 47.22
    assert row["score_controversy"] == 87.5
    assert row["final_score"] == 47.22
    assert row["coverage"] == 0.556
    assert row["verdict"] == "reject"


def test_evidence_only_when_asked(score):
    creators = [ig("a", posts=[p(1, caption="casino night"), p(2), p(3)])]
    with_evidence = score(creators, MIXED, want_evidence=True)[0]
    without = score(creators, MIXED, want_evidence=False)[0]
    assert [k for k in with_evidence if k.startswith("evidence_")] == [
        "evidence_tier", "evidence_controversy", "evidence_engagement"]
    assert [k for k in without if k.startswith("evidence_")] == []
    assert {k: v for k, v in with_evidence.items() if not k.startswith("evidence_")} == without


# ---- ranking ----------------------------------------------------------------------------------

def ranked(creators, rules_text, tmp_path, registry):
    rules = load_rules_text(rules_text, tmp_path, registry=registry)
    engine = brandfit.engine.batch_engine.Engine(rules, registry)
    batch = brandfit.inputs.batches.rows_to_table([brandfit.inputs.coercion.coerce_creator(c) for c in creators])
    return rank(engine.score_batch(batch)).to_dicts()


TIER_ONLY = """
schema = 1
[scorers.tier]
preference = { micro = 90, mid = 80, nano = 60, macro = 30 }
"""

CREATORS = [
    {"handle": "zed", "platform": "instagram", "followers": 20000},    # 90 shortlist
    {"handle": "amy", "platform": "instagram", "followers": 20000},    # 90 shortlist (tie: amy before zed)
    {"handle": "bob", "platform": "tiktok", "followers": 200000},      # 80 shortlist
    {"handle": "bob", "platform": "instagram", "followers": 200000},   # 80 shortlist (tie with bob/tiktok: platform)
    {"handle": "cat", "platform": "instagram", "followers": 5000},     # 60 review
    {"handle": "dan", "platform": "instagram"},                        # no data: the prior 0, reject, last
    {"handle": "eve", "platform": "instagram", "followers": 600000},   # 30 reject
    {"handle": "abe", "platform": "instagram", "followers": 600000},   # 30 reject (tie: abe before eve)
]
EXPECTED_ORDER = [("amy", "instagram"), ("zed", "instagram"), ("bob", "instagram"), ("bob", "tiktok"),
                  ("cat", "instagram"), ("abe", "instagram"), ("eve", "instagram"), ("dan", "instagram")]


def test_ranking_order_and_tie_breaks(tmp_path, registry):
    rows = ranked(CREATORS, TIER_ONLY, tmp_path, registry)
    assert [(r["handle"], r["platform"]) for r in rows] == EXPECTED_ORDER
    assert [r["rank"] for r in rows] == list(range(1, 9))
    assert [r["verdict"] for r in rows] == ["shortlist"] * 4 + ["review"] + ["reject"] * 3


def test_ranking_is_deterministic_whatever_the_input_order(tmp_path, registry):
    for seed in range(5):
        shuffled = CREATORS[:]
        random.Random(seed).shuffle(shuffled)
        rows = ranked(shuffled, TIER_ONLY, tmp_path, registry)
        assert [(r["handle"], r["platform"]) for r in rows] == EXPECTED_ORDER, seed


def test_verdict_outranks_score(tmp_path, registry):
    # a vetoed creator with a higher score ranks below a reviewed creator with a lower one
    rules = """
    schema = 1
    [scorers.tier]
    preference = { micro = 95, nano = 55 }
    [scorers.controversy]
    weight = 0
    [scorers.controversy.categories.topic]
    terms = ["casino"]
    """
    rows = ranked([
        {"handle": "vetoed", "followers": 20000, "posts": [{"caption": "casino"}]},
        {"handle": "meh", "followers": 2000, "posts": [{"caption": "hi"}]},
    ], rules, tmp_path, registry)
    assert [(r["handle"], r["verdict"], r["final_score"]) for r in rows] == [
        ("meh", "review", 55.0), ("vetoed", "reject", 95.0)]


# ---- fingerprints -----------------------------------------------------------------------------

def fingerprint(text, tmp_path, registry, name="r.toml"):
    return load_rules_text(text, tmp_path, name=name, registry=registry).fingerprint


BASE = """
schema = 1
extends = "default"
[brand]
name = "Acme"
competitors = ["nike", "hoka"]
[scorers.values.values.green]
terms = ["recycled", "zero waste"]
[decision]
shortlist = 70
"""


def test_fingerprint_equal_for_equal_rules(tmp_path, registry):
    same_written_differently = """
    # comments, order, spacing and 70 vs 70.0 do not change what the rules say
    extends = "default"
    schema = 1

    [decision]
    shortlist = 70.0

    [scorers.values.values.green]
    terms = [ "recycled",   "zero waste" ]

    [brand]
    competitors = ["nike", "hoka"]
    name = "Acme"
    """
    a = fingerprint(BASE, tmp_path, registry, "a.toml")
    b = fingerprint(same_written_differently, tmp_path, registry, "b.toml")
    assert re.fullmatch(r"[0-9a-f]{16}", a)
    assert a == b
    assert a == fingerprint(BASE, tmp_path, registry, "c.toml")  # file name does not matter


def test_fingerprint_of_extends_default_equals_default(tmp_path, registry):
    import brandfit.rules.validation

    plain = fingerprint('schema = 1\nextends = "default"\n', tmp_path, registry)
    assert plain == brandfit.rules.validation.load_rules("default", registry).fingerprint


@pytest.mark.parametrize("old, new", [
    ("shortlist = 70", "shortlist = 71"),
    ('"zero waste"]', '"zero waste", "upcycled"]'),
    ('["nike", "hoka"]', '["hoka", "nike"]'),  # list order is part of the value
    ('name = "Acme"', 'name = "Acme Inc"'),
    ("[decision]", "[scorers.tier]\nweight = 2\n[decision]"),
    ("[decision]", "[tiers]\nmicro = 12000\n[decision]"),
    ("[decision]", "[scorers.controversy]\nenabled = false\n[decision]"),
])
def test_fingerprint_changes_when_a_rule_value_changes(tmp_path, registry, old, new):
    assert old in BASE
    assert fingerprint(BASE, tmp_path, registry, "a.toml") != fingerprint(BASE.replace(old, new, 1), tmp_path, registry, "b.toml")


def test_fingerprint_same_however_the_files_are_split(tmp_path, registry):
    parent = tmp_path / "parent.toml"
    parent.write_text('schema = 1\nextends = "default"\n[brand]\nname = "Acme"\ncompetitors = ["nike", "hoka"]\n')
    (tmp_path / "child.toml").write_text('schema = 1\nextends = "parent.toml"\n'
                                         '[scorers.values.values.green]\nterms = ["recycled", "zero waste"]\n'
                                         '[decision]\nshortlist = 70\n')
    import brandfit.rules.validation

    split = brandfit.rules.validation.load_rules(tmp_path / "child.toml", registry).fingerprint
    assert split == fingerprint(BASE, tmp_path, registry, "flat.toml")


def test_fingerprint_ignores_options_of_disabled_scorers(tmp_path, registry):
    off = BASE + "[scorers.tier]\nenabled = false\n"
    off_tuned = BASE + "[scorers.tier]\nenabled = false\nweight = 5\npreference = { micro = 1 }\n"
    assert fingerprint(off, tmp_path, registry, "a.toml") == fingerprint(off_tuned, tmp_path, registry, "b.toml")
    assert fingerprint(off, tmp_path, registry, "a.toml") != fingerprint(BASE, tmp_path, registry, "c.toml")


def test_engine_reports_the_rules_fingerprint(tmp_path, registry):
    rules = load_rules_text(BASE, tmp_path, registry=registry)
    assert brandfit.engine.batch_engine.Engine(rules, registry).fingerprint == rules.fingerprint
