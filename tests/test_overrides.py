"""Overrides with reasons: applied by score and roster, shown, fingerprinted, checked line by line."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from test_cli import cli

REPO = Path(__file__).resolve().parents[1]
EXAMPLES = REPO / "examples" / "creators.jsonl"

GOOD = """schema = 1

[[override]]
handle = "trailrunner.jess"
action = "exclude"
reason = "worked with a competitor last year"
by = "maria"
date = 2026-11-20

[[override]]
handle = "@Fast.Kicks.Kyle"
platform = "IG"
action = "approve"
reason = "the competitor posts were a paid campaign that ended"
by = "tom"
date = 2026-11-21

[[override]]
handle = "nobody.here"
action = "hold"
reason = "contract pending"
by = "tom"
date = 2026-11-22
"""


def brand_files(tmp_path: Path, overrides: str) -> Path:
    (tmp_path / "brand.overrides.toml").write_text(overrides, encoding="utf-8")
    rules = tmp_path / "brand.toml"
    rules.write_text(f'schema = 1\nextends = "{REPO / "rules" / "eco-running.toml"}"\noverrides = "brand.overrides.toml"\n',
                     encoding="utf-8")
    return rules


def test_score_applies_and_shows_overrides_and_reports_the_unmatched(tmp_path):
    rules = brand_files(tmp_path, GOOD)
    result = cli("score", EXAMPLES, "--rules", rules, "--format", "jsonl")
    assert result.exit_code == 0, result.output
    rows = {r["handle"]: r for r in map(json.loads, result.stdout.splitlines())}
    jess, kyle = rows["trailrunner.jess"], rows["fast.kicks.kyle"]
    assert (jess["verdict"], jess["override"]) == ("reject", "exclude: worked with a competitor last year (maria, 2026-11-20)")
    assert jess["reasons"][0] == "override exclude: worked with a competitor last year (maria, 2026-11-20)"
    # a vetoed creator approved by a person is shortlisted, and the output says who and why
    assert kyle["verdict"] == "shortlist" and kyle["override"].startswith("approve: the competitor posts")
    assert "controversy.over-tolerance" in kyle["flags"]
    assert all(r["override"] is None for h, r in rows.items() if h not in ("trailrunner.jess", "fast.kicks.kyle"))
    assert (f"brandfit: warning: {tmp_path / 'brand.overrides.toml'}:18: override for @nobody.here (hold) matches no "
            f"creator in {EXAMPLES}") in result.stderr


def test_report_applies_overrides_and_reports_the_unmatched(tmp_path):
    rules = brand_files(tmp_path, GOOD)
    page = tmp_path / "report.html"
    result = cli("report", EXAMPLES, "--rules", rules, "-o", page)
    assert result.exit_code == 0, result.output
    assert "worked with a competitor last year" in page.read_text(encoding="utf-8")
    assert (f"brandfit: warning: {tmp_path / 'brand.overrides.toml'}:18: override for @nobody.here (hold) matches no "
            f"creator in {EXAMPLES}") in result.stderr


def test_the_fingerprint_covers_the_overrides(tmp_path):
    rules = brand_files(tmp_path, GOOD)
    before = cli("rules", "check", rules).stdout
    (tmp_path / "brand.overrides.toml").write_text(GOOD.replace("maria", "mario"), encoding="utf-8")
    after = cli("rules", "check", rules).stdout
    plain = cli("rules", "check", REPO / "rules" / "eco-running.toml").stdout
    fingerprints = [line.rsplit(" ", 1)[1] for line in (before, after, plain)]
    assert len(set(fingerprints)) == 3


def test_roster_leaves_out_excluded_and_held_and_takes_the_approved(tmp_path):
    overrides = GOOD.replace('handle = "nobody.here"', 'handle = "greenmile.sam"')
    rules = brand_files(tmp_path, overrides)
    result = cli("roster", EXAMPLES, "--rules", rules, "--budget", "25000", "--format", "json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    picked = {r["handle"] for r in data["roster"]}
    assert "trailrunner.jess" not in picked and "greenmile.sam" not in picked
    assert data["left_out"]["excluded by an override"] == 1 and data["left_out"]["held by an override"] == 1
    assert "fast.kicks.kyle" in picked  # vetoed by the rules, approved by a person


@pytest.mark.parametrize("text, line, message", [
    ("schema = 1\n[[override]]\nhandle = 'a'\naction = 'drop'\nreason = 'r'\nby = 'b'\ndate = 2026-01-01\n", 4,
     "override[0].action: expected one of approve, exclude, hold, got 'drop'"),
    ("schema = 1\n[[override]]\nhandle = 'a'\naction = 'hold'\nreason = 'r'\nby = 'b'\ndate = '2026-01-01'\n", 7,
     "override[0].date: expected a TOML date such as 2026-11-20 (no quotes), got '2026-01-01'"),
    ("schema = 1\n[[override]]\nhandle = 'a'\naction = 'hold'\nreason = 'r'\ndate = 2026-01-01\n", 2,
     "override[0].by: required key is missing: who decided"),
    ("schema = 1\n[[override]]\nhandle = 'a'\naction = 'hold'\nreason = 'r'\nby = 'b'\ndate = 2026-01-01\nwhy = 'x'\n", 8,
     "override[0].why: unknown key"),
    ("schema = 1\n[[override]]\nhandle = 'a'\naction = 'hold'\nreason = 'r'\nby = 'b'\ndate = 2026-01-01\n"
     "[[override]]\nhandle = 'A'\naction = 'approve'\nreason = 'r'\nby = 'b'\ndate = 2026-01-02\n", 8,
     "override[1]: @a already has an override at line 2"),
    ("schema = 1\n[[override]\n", 2, "TOML syntax error"),
])
def test_a_malformed_overrides_file_is_one_line_per_problem(tmp_path, text, line, message):
    rules = brand_files(tmp_path, text)
    for command in (("score", EXAMPLES), ("roster", EXAMPLES, "--budget", "100")):
        result = cli(*command, "--rules", rules)
        assert result.exit_code == 3
        first = result.stderr.splitlines()[0]
        assert first.startswith(f"brandfit: error: {tmp_path / 'brand.overrides.toml'}:{line}:") and message in first, first


def test_a_missing_overrides_file_names_it(tmp_path):
    rules = tmp_path / "r.toml"
    rules.write_text('schema = 1\n[scorers.tier]\noverrides = "gone.toml"\n', encoding="utf-8")
    result = cli("score", EXAMPLES, "--rules", rules)
    # `overrides` under [scorers.tier] is a tier option, not the top-level key: an unknown key
    assert result.exit_code == 3
    rules.write_text('schema = 1\noverrides = "gone.toml"\n[scorers.tier]\n', encoding="utf-8")
    result = cli("score", EXAMPLES, "--rules", rules)
    assert result.exit_code == 3
    assert result.stderr.splitlines()[0] == f"brandfit: error: {tmp_path / 'gone.toml'}: overrides file not found"
