"""The terminal table fits the terminal, labels its columns plainly, and `--verdict` narrows every output."""

from __future__ import annotations

import json

import polars as pl
import pytest
from click.testing import CliRunner

from brandfit.cli import main

from test_cli import CREATORS, RULES


@pytest.fixture
def inputs(write_rules, write_creators):
    return write_creators(CREATORS), write_rules(RULES)


def run(*args, env=None):
    return CliRunner().invoke(main, [str(a) for a in args], env=env)


@pytest.mark.parametrize("columns", [60, 80, 100, 140])
def test_the_table_is_never_wider_than_columns(inputs, columns):
    creators, rules = inputs
    result = run("score", creators, "--rules", rules, env={"COLUMNS": str(columns)})
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert max(len(line) for line in lines) <= columns
    # wide terminals use the width they have: the rule under the header spans it
    assert any(len(line) == columns for line in lines)


def test_at_100_columns_every_column_is_there_with_a_plain_label(inputs):
    creators, rules = inputs
    out = run("score", creators, "--rules", rules, env={"COLUMNS": "100"}).stdout
    header = " ".join(out.splitlines()[:2])
    for label in ("creator", "tier", "followers", "engagement", "rate", "scores", "final", "verdict", "reason"):
        assert label in header
    assert "too narrow" not in out
    assert "20K" in out  # followers, compact


def test_a_veto_cause_leads_the_reason(inputs):
    creators, rules = inputs
    out = run("score", creators, "--rules", rules, env={"COLUMNS": "100"}).stdout
    gamma = out[out.index("gamma"):]
    assert gamma.split("reject", 1)[1].split()[0] == "vetoed:"


def test_a_narrow_terminal_says_which_columns_it_left_out(inputs):
    creators, rules = inputs
    out = run("score", creators, "--rules", rules, env={"COLUMNS": "60"}).stdout
    assert "too narrow for: engagement rate" in out
    assert "alpha" in out and "83.3" in out


@pytest.mark.parametrize("fmt", ["table", "csv", "jsonl", "json", "parquet"])
def test_verdict_narrows_every_format_and_keeps_ranks(inputs, tmp_path, fmt):
    creators, rules = inputs
    out = tmp_path / f"out.{'txt' if fmt == 'table' else fmt}"
    result = run("score", creators, "--rules", rules, "--verdict", "review,reject", "-o", out, "-q")
    assert result.exit_code == 0, result.output
    if fmt == "table":
        text = out.read_text()
        assert "alpha" not in text and "beta" in text and "gamma" in text
        return
    if fmt == "parquet":
        frame = pl.read_parquet(out)
    elif fmt == "csv":
        frame = pl.read_csv(out)
    elif fmt == "json":
        frame = pl.DataFrame(json.loads(out.read_text()))
    else:
        frame = pl.read_ndjson(out)
    assert frame.select("rank", "handle", "verdict").rows() == [(2, "beta", "review"), (3, "gamma", "reject")]


def test_an_unknown_verdict_is_a_one_line_usage_error(inputs):
    creators, rules = inputs
    result = run("score", creators, "--rules", rules, "--verdict", "shortlist,maybe")
    assert result.exit_code == 2
    assert result.stderr.strip().splitlines() == [
        "brandfit: error: --verdict: unknown verdict 'maybe'; expected a comma-separated list of shortlist, review, reject"]
