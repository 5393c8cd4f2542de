"""The `authenticity` scorer: every signal, missing fields, bad values, and its use in rule files."""

from __future__ import annotations

import json

import pytest

from brandfit.plugins.authenticity import AuthenticityOptions
from brandfit.rules.errors import RuleFileError
from brandfit.testing import make_creator, make_post, run_scorer

from conftest import by_handle

FAKE = "authenticity.likely-fake"


def score(*creators, **options):
    return {r.handle: r for r in run_scorer("authenticity", creators, options)}


def genuine(handle="real", **fields):
    """An account every signal passes: 5,000 followers, 400 following, 120 posts, a picture."""
    return make_creator(handle, **{"followers": 5000, "following": 400, "post_count": 120, "has_profile_picture": True,
                                   **fields})


def rules_of(result):
    return [e.rule for e in result.evidence]


def test_a_genuine_account_scores_100_with_each_measured_signal_as_evidence():
    r = score(genuine())["real"]
    assert (r.score, r.missing, r.flags) == (100.0, None, ())
    assert r.reason == "no sign of a fake account (3 of 5 signals measured)"
    assert rules_of(r) == ["scorers.authenticity.following_ratio", "scorers.authenticity.few_posts",
                           "scorers.authenticity.no_picture_points", "scorers.authenticity.likely_fake_at"]
    assert r.evidence[0].message == "following / (followers + 1) = 0.08, below 6: no points"
    assert r.evidence[1].message == "120 posts, above 3: no points"


@pytest.mark.parametrize("following, points, rule", [
    (6 * 1001 - 1, 0.0, "following_ratio"),     # 5.999: below 6
    (6 * 1001, 50.0, "following_ratio"),        # exactly 6: fires
    (8 * 1001 - 1, 50.0, "following_ratio"),
    (8 * 1001, 100.0, "following_ratio_strong"),  # the strong threshold replaces the moderate one
])
def test_following_ratio_thresholds(following, points, rule):
    r = score(genuine("a", followers=1000, following=following))["a"]
    assert r.score == 100.0 - points
    assert r.evidence[0].rule == f"scorers.authenticity.{rule}"
    assert r.evidence[0].value == pytest.approx(following / 1001)
    assert r.has_flag(FAKE) == (points >= 100)


def test_few_posts_and_no_picture_each_add_points_and_two_signals_flag():
    rows = score(genuine("few", post_count=3), genuine("many", post_count=4),
                 genuine("nopic", has_profile_picture=False), genuine("both", post_count=0, has_profile_picture=False))
    assert [rows[h].score for h in ("few", "many", "nopic", "both")] == [50.0, 100.0, 50.0, 0.0]
    assert "0 posts, at or below 3: +50.0 points" in [e.message for e in rows["both"].evidence]
    assert "no profile picture: +50.0 points" in [e.message for e in rows["both"].evidence]
    assert [h for h, r in rows.items() if r.has_flag(FAKE)] == ["both"]
    assert rows["both"].reason == "likely fake, 100.0 points: 0 posts, no profile picture (3 of 5 signals measured)"


def instagram(handle, followers, likes, **fields):
    return make_creator(handle, followers=followers, following=100,
                        posts=[make_post(likes=likes, comments=0) for _ in range(3)], **fields)


def test_engagement_far_below_the_benchmark_curve():
    # 20,000 followers: micro, benchmark 2.4%; a tenth of it is 0.24% = 48 likes
    rows = score(instagram("low", 20000, 40), instagram("ok", 20000, 60),
                 instagram("tiktok", 20000, 40, platform="tiktok"))
    low = rows["low"]
    assert low.score == 50.0 and not low.has_flag(FAKE)  # never flags alone
    item = next(e for e in low.evidence if e.rule == "scorers.authenticity.low_engagement")
    assert item.value == pytest.approx(40 / 20000 / 0.024)
    assert item.message == "engagement by followers 0.083x the benchmark, below 0.1x: +50.0 points"
    assert rows["ok"].score == 100.0
    # the per-follower benchmark is Instagram's: a TikTok account has no engagement signal
    assert "scorers.authenticity.low_engagement" not in rules_of(rows["tiktok"])
    assert rows["tiktok"].score is None


def test_low_engagement_with_a_second_signal_flags():
    r = score(instagram("pair", 20000, 40, post_count=1))["pair"]
    assert (r.score, r.has_flag(FAKE)) == (0.0, True)


def test_little_authentic_engagement():
    # 3 posts of 40 likes and 10 comments: the median post has 50 interactions
    def audited(handle, authentic, **fields):
        return make_creator(handle, followers=2000, following=100, authentic_engagement=authentic,
                            posts=[make_post(likes=40, comments=10) for _ in range(3)], **fields)

    rows = score(audited("low", 24), audited("half", 25), audited("bad", -4), audited("text", "lots"),
                 audited("pair", 24, post_count=0))
    low = rows["low"]
    assert low.score == 50.0 and not low.has_flag(FAKE)  # never flags alone
    item = next(e for e in low.evidence if e.rule == "scorers.authenticity.low_authentic_share")
    assert item.value == pytest.approx(0.48)
    assert item.message == "authentic engagement 0.48 of the posts' engagement, below 0.5: +50.0 points"
    assert "0.48 of the engagement authentic" in low.reason
    assert rows["half"].score == 100.0  # exactly half is not below 0.5
    for bad in ("bad", "text"):
        assert "scorers.authenticity.low_authentic_share" not in rules_of(rows[bad])
    assert rows["pair"].has_flag(FAKE)
    # no posts: nothing to compare the authentic engagement with
    r = score(make_creator("alone", followers=2000, following=100, authentic_engagement=10))["alone"]
    assert "scorers.authenticity.low_authentic_share" not in rules_of(r)


def test_engagement_platforms_and_thresholds_are_options():
    r = score(instagram("tiktok", 20000, 40, platform="tiktok"), engagement_platforms=["tiktok"])["tiktok"]
    assert r.score == 50.0
    r = score(genuine("a", post_count=10), few_posts=10, few_posts_points=30, likely_fake_at=30)["a"]
    assert (r.score, r.has_flag(FAKE)) == (70.0, True)


def test_too_few_measurable_signals_is_missing_never_a_pass():
    rows = score(make_creator("bare", followers=5000),
                 make_creator("one", followers=5000, following=300),
                 make_creator("two", followers=5000, following=300, post_count=40))
    assert rows["bare"].score is None
    assert rows["bare"].missing == ("0 of 5 signals measurable (needs 2): no followers/following, post_count, "
                                    "has_profile_picture, engagement rate, authentic_engagement")
    assert rows["one"].score is None and rows["one"].missing.startswith("1 of 5 signals measurable (needs 2): no post_count")
    assert rows["two"].score == 100.0
    assert score(make_creator("one", followers=5000, following=300), min_signals=1)["one"].score == 100.0


def test_a_strong_ratio_flags_even_when_too_little_is_measured_to_score():
    r = score(make_creator("bot", followers=10, following=4000))["bot"]
    assert r.score is None and r.has_flag(FAKE)
    assert "likely fake" in r.reason


@pytest.mark.parametrize("bad", [-5, "abc", "1e6", True, "#N/A", None])
def test_bad_counts_are_missing(bad):
    rows = score(genuine("p", post_count=bad), genuine("f", following=bad), genuine("g", followers=bad))
    assert "scorers.authenticity.few_posts" not in rules_of(rows["p"])
    assert rows["p"].score == 100.0  # ratio and picture still measured
    assert "scorers.authenticity.following_ratio" not in rules_of(rows["f"])
    assert "scorers.authenticity.following_ratio" not in rules_of(rows["g"])


@pytest.mark.parametrize("value, expected", [
    (True, 1.0), (False, 0.0), (1, 1.0), (0, 0.0), ("yes", 1.0), ("no", 0.0), ("maybe", None), (2, None), (None, None)])
def test_profile_picture_values(value, expected):
    r = score(genuine("a", has_profile_picture=value))["a"]
    item = [e for e in r.evidence if e.rule == "scorers.authenticity.no_picture_points"]
    assert [e.value for e in item] == ([] if expected is None else [expected])


def test_options_are_checked():
    with pytest.raises(RuleFileError, match="following_ratio_strong: expected at least following_ratio = 6"):
        run_scorer("authenticity", [], {"following_ratio_strong": 2})
    with pytest.raises(RuleFileError, match="min_signals"):
        run_scorer("authenticity", [], {"min_signals": 6})
    with pytest.raises(RuleFileError, match="low_engagement"):
        run_scorer("authenticity", [], {"low_engagement": -1})


# ---- through files and rule files ---------------------------------------------------------------

def test_bad_values_in_a_file_are_missing_or_rejected_never_a_traceback(write_rules, write_creators, tmp_path):
    from click.testing import CliRunner

    from brandfit.cli import main

    lines = [
        {"handle": "neg", "platform": "instagram", "followers": 100, "following": -3, "post_count": -1, "has_profile_picture": "x"},
        {"handle": "text", "platform": "instagram", "followers": "many", "following": "lots", "post_count": "some",
         "has_profile_picture": "perhaps"},
        {"handle": "ok", "platform": "instagram", "followers": "1.2k", "following": "15k", "post_count": "0",
         "has_profile_picture": "no"},
        {"following": 5},  # no handle: rejected
    ]
    creators = write_creators(lines)
    rules = write_rules('schema = 1\nextends = "default"\n')
    rejects = tmp_path / "rejects.jsonl"
    result = CliRunner().invoke(main, ["score", str(creators), "--rules", str(rules), "--format", "jsonl",
                                       "--rejects", str(rejects)])
    assert result.exit_code == 0 and "Traceback" not in result.output
    rows = {r["handle"]: r for r in map(json.loads, result.stdout.splitlines())}
    assert rows["neg"]["score_authenticity"] is None
    assert rows["text"]["score_authenticity"] is None
    assert any(m.startswith("authenticity: 0 of 5 signals") for m in rows["text"]["missing"])
    assert rows["ok"]["score_authenticity"] == 0.0 and "authenticity.likely-fake" in rows["ok"]["flags"]
    assert [json.loads(s)["reason"] for s in rejects.read_text().splitlines()] == ["missing handle"]


def test_default_rules_hold_a_likely_fake_and_a_brand_file_can_veto_it(score):
    # on-brand posts and normal engagement: a shortlist score, but for the following ratio
    shortlisted = {"handle": "bot", "platform": "instagram", "followers": 20000, "following": 900000,
                   "post_count": 300, "has_profile_picture": True,
                   "posts": [{"id": f"p{i}", "caption": "morning run", "likes": 480, "comments": 10} for i in range(12)]}
    brand = 'schema = 1\nextends = "default"\n[scorers.values.values.running]\nterms = ["run"]\n'
    held = by_handle(score([shortlisted], brand))["bot"]
    assert "authenticity.likely-fake" in held["flags"]
    assert held["verdict"] == "review" and held["reasons"][0].startswith("held for review: authenticity.likely-fake")
    vetoed = by_handle(score([shortlisted], brand + """
        [decision]
        veto = ["controversy.over-tolerance", "authenticity.likely-fake"]
        """))["bot"]
    assert vetoed["verdict"] == "reject" and vetoed["reasons"][0] == "vetoed: authenticity.likely-fake"


def test_a_misspelled_authenticity_flag_in_decision_is_an_error(tmp_path, registry):
    from conftest import load_rules_text

    with pytest.raises(RuleFileError, match="never raises flag 'authenticity.fake'"):
        load_rules_text('schema = 1\nextends = "default"\n[decision]\nveto = ["authenticity.fake"]\n', tmp_path,
                        registry=registry)


# ---- on the labelled InstaFake data (../shared/datasets, skipped when absent) ------------------------

@pytest.fixture(scope="module")
def validation():
    import sys
    from pathlib import Path

    repo = Path(__file__).resolve().parent.parent
    folder = repo.parent / "shared" / "datasets" / "instafake"
    if not (folder / "fakeAccountData.json").exists():
        pytest.skip(f"../shared/datasets not found: {folder} (the shared data sets are not in the repository)")
    sys.path.insert(0, str(repo / "bench"))
    try:
        import validate_authenticity
    finally:
        sys.path.pop(0)
    return validate_authenticity, validate_authenticity.read_instafake(folder), folder


@pytest.mark.slow  # two `brandfit score` subprocesses
def test_instafake_through_its_map_meets_the_targets(validation, tmp_path):
    module, data, folder = validation
    rules = tmp_path / "default.toml"
    rules.write_text('schema = 1\nextends = "default"\n')
    module.default_rules_on_instafake(folder, rules, tmp_path, data)  # raises SystemExit when counts differ
    predicted = module.flagged(data.features, AuthenticityOptions())
    s = module.scores(data.fake, predicted)
    assert s.accuracy >= 0.955 and s.balanced >= 0.91, s


def test_the_default_thresholds_are_what_the_procedure_chooses(validation, registry, tmp_path):
    from conftest import load_rules_text

    module, data, _ = validation
    chosen = module.choose_thresholds(data, AuthenticityOptions())
    default = load_rules_text('schema = 1\nextends = "default"\n', tmp_path, registry=registry).scorer("authenticity").options
    assert default == AuthenticityOptions()  # default.toml states the scorer's own defaults
    assert (chosen.following_ratio, chosen.following_ratio_strong, chosen.few_posts) == (
        default.following_ratio, default.following_ratio_strong, default.few_posts)


def test_folds_keep_duplicates_together_and_are_stratified(validation):
    import numpy as np

    module, data, _ = validation
    fold = module.stratified_folds(data, 5, np.random.default_rng(1))
    for group in np.unique(data.group):
        assert len(set(fold[data.group == group])) == 1
    fakes = np.bincount(fold[data.fake], minlength=5)
    assert fakes.max() - fakes.min() <= 1


def test_negative_counts_are_missing_on_the_fast_jsonl_path_too(tmp_path):
    # every value has its JSON type, so pyarrow reads the block directly (docs/creator-format.md)
    from brandfit.inputs.sources import read_input

    path = tmp_path / "typed.jsonl"
    path.write_text(json.dumps({"handle": "a", "followers": 100, "following": 50, "post_count": -1,
                                "has_profile_picture": False, "authentic_engagement": -2}) + "\n")
    [read] = list(read_input(str(path)))
    row = read.batch.to_pylist()[0]
    assert (row["post_count"], row["authentic_engagement"], row["has_profile_picture"]) == (None, None, False)
