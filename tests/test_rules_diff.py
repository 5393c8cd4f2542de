"""`brandfit rules diff A B DATA`: what a rule change does to a ranking before it ships."""

from __future__ import annotations

import re
from pathlib import Path

from test_cli import cli

REPO = Path(__file__).resolve().parents[1]
EXAMPLES = REPO / "examples" / "creators.jsonl"
ECO = REPO / "rules" / "eco-running.toml"
SPRING = REPO / "rules" / "eco-running-spring-campaign.toml"


def test_same_rules_change_nothing():
    result = cli("rules", "diff", ECO, ECO, EXAMPLES)
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert "(74 creators ranked by both)" in out
    assert "rank correlation (Kendall tau-b): 1.000" in out
    assert "  enter (0): nobody" in out and "  leave (0): nobody" in out
    assert "changed values (0):" in out


def test_campaign_file_against_its_brand_file():
    result = cli("rules", "diff", ECO, SPRING, EXAMPLES)
    assert result.exit_code == 0, result.output
    out = result.stdout
    tau = float(re.search(r"rank correlation \(Kendall tau-b\): (-?[\d.]+)", out).group(1))
    assert -1 <= tau < 1
    changes = out.split("changed values (")[1].splitlines()[1:]
    assert changes and all(re.match(r"  \S+: .* \(.*\) -> .* \(.*\)$", line) for line in changes)
    # every value the campaign file sets is shown with its file and line
    assert any(f"{SPRING}:" in line for line in changes)


def test_a_heavier_scorer_is_named_as_the_mover(write_rules, write_creators):
    creators = [
        {"handle": "big", "platform": "instagram", "followers": 900_000},
        {"handle": "micro", "platform": "instagram", "followers": 20_000,
         "posts": [{"likes": 10, "comments": 1, "caption": "hello"}] * 3},
    ]
    data = write_creators(creators)
    a = write_rules("schema = 1\n[scorers.tier]\nweight = 1\npreference = { micro = 50, macro = 90 }\n", "a.toml")
    b = write_rules("schema = 1\n[scorers.tier]\nweight = 1\npreference = { micro = 95, macro = 90 }\n", "b.toml")
    result = cli("rules", "diff", a, b, data)
    out = result.stdout
    assert "@micro (instagram): rank 2 -> 1, final 50.00 -> 95.00; moved most by tier (+45.0 points)" in out
    assert f"scorers.tier.preference.micro: 50.0 ({a}:4) -> 95.0 ({b}:4)" in out


def test_bad_rule_file_and_bad_data_are_one_line(write_rules, tmp_path):
    bad = write_rules("schema = 2\n", "bad.toml")
    result = cli("rules", "diff", ECO, bad, EXAMPLES)
    assert result.exit_code == 3 and result.stderr.splitlines()[0].startswith(f"brandfit: error: {bad}:1: schema:")
    result = cli("rules", "diff", ECO, SPRING, tmp_path / "missing.jsonl")
    assert result.exit_code == 4 and len(result.stderr.strip().splitlines()) == 1
