"""Cases found by reviewing real exports and the engine's messages."""

from __future__ import annotations

import pytest

from brandfit.rules.errors import RuleFileError
from brandfit.testing import make_creator, make_post, run_scorer

DEFAULT = 'schema = 1\nextends = "default"\n[scorers.values.values.running]\nterms = ["run*"]\n'


def test_an_export_average_post_without_text_is_not_a_clean_record() -> None:
    # one-row-per-creator exports become one "average" post with counts and no caption
    average = make_creator(followers=20000, posts=[make_post(id="average", likes=500, comments=20)])
    [controversy] = run_scorer("controversy", [average])
    assert controversy.score is None and controversy.missing == "no posts with text to check"
    [values] = run_scorer("values", [average], options={"values": {"running": {"terms": ["run*"]}}})
    assert values.score is None and values.missing == "0 recent posts with text (needs 1)"


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


def test_misspelled_veto_and_hold_codes_are_errors(tmp_path, registry) -> None:
    from brandfit.rules.validation import load_rules

    path = tmp_path / "flags.toml"
    path.write_text('schema = 1\nextends = "default"\n[decision]\n'
                    'veto = ["controversy.over-tolerence", "engagment.suspicious"]\n')
    with pytest.raises(RuleFileError) as caught:
        load_rules(path, registry)
    lines = [str(e) for e in caught.value.errors]
    assert lines[0].startswith(f"{path}:4: decision.veto[0]: scorer 'controversy' never raises flag "
                               "'controversy.over-tolerence' (did you mean 'controversy.over-tolerance'?)")
    assert lines[1] == (f"{path}:4: decision.veto[1]: flag 'engagment.suspicious': no installed scorer named "
                        "'engagment' (did you mean 'engagement'?); flags are '<scorer>.<condition>'")


def test_a_veto_on_a_disabled_scorer_warns(tmp_path, registry) -> None:
    from brandfit.rules.validation import load_rules

    path = tmp_path / "flags.toml"
    path.write_text('schema = 1\nextends = "default"\n[scorers.values]\nenabled = false\n'
                    '[decision]\nhold = ["values.avoid"]\n')
    rules = load_rules(path, registry)
    assert [str(w) for w in rules.warnings] == [
        f"{path}:6: decision.hold[0]: flag 'values.avoid' is never raised: scorer 'values' is not enabled"]


def test_tier_evidence_cites_the_platform_override_that_set_the_band() -> None:
    tiers = {"platforms": {"tiktok": {"micro": 20000}}}
    tok, gram = run_scorer("tier", [make_creator(platform="tiktok", followers=33500),
                                    make_creator(platform="instagram", followers=33500)], tiers=tiers)
    assert tok.evidence[0].rule == "tiers.platforms.tiktok.micro"
    assert "from 20000 followers up" in tok.evidence[0].message
    assert gram.evidence[0].rule == "tiers.micro"


def test_negative_post_counts_are_missing_not_subtracted() -> None:
    # likes -50 is unusable: the post lacks a required component and is left out
    posts = [make_post(likes=-50, comments=5), make_post(likes=100, comments=10)]
    [result] = run_scorer("engagement", [make_creator(followers=1000, posts=posts)])
    assert result.metrics["engagement_rate"] == 0.11  # only the second post: 110 / 1000


def test_distributed_engines_refuse_options_they_would_ignore(tmp_path) -> None:
    from click.testing import CliRunner

    from brandfit.cli import main

    result = CliRunner().invoke(main, ["score", "examples/creators.jsonl", "--rules", "rules/eco-running.toml",
                                       "--engine", "spark", "--map", "m.toml", "--rejects", str(tmp_path / "r")])
    assert result.exit_code == 2
    assert "--engine spark does not support --map, --rejects yet" in result.output
