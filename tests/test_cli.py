"""End to end through the `brandfit` command line (click's CliRunner, in process)."""

from __future__ import annotations

import csv
import io
import json
import re
import tomllib
from importlib.metadata import version
from pathlib import Path

import pytest
from click.testing import CliRunner

from brandfit.cli import main
from brandfit.inputs.creator import normalize_platform

REPO = Path(__file__).resolve().parent.parent
BUILTINS = ("tier", "engagement", "values", "controversy", "authenticity")
VERDICTS = {"shortlist", "review", "reject"}
SUMMARY = re.compile(r"read (\d+) rows · used (\d+) rows · rejected (\d+) rows · scored (\d+) creators")
REQUIRED_COLUMNS = ("rank", "handle", "tier", "engagement_rate", "score_tier", "final_score", "verdict", "reasons",
                    "rules_fingerprint")

# extends default.toml: weights tier 1, engagement 2, values 3, controversy 2 (total 8) and
# authenticity 1, which has no data for these creators (no following count)
RULES = """\
schema = 1
extends = "default"

[brand]
name = "Test Brand"
competitors = ["rivalco"]

[scorers.values]
confidence_posts = 0     # the plain share (confidence with few posts: test_scorer_values.py)

[scorers.values.values.green]
terms = ["recycled"]

[scorers.controversy]
confidence_posts = 0
"""


def posts(likes, *captions):
    return [{"id": f"p{i}", "posted_at": f"2024-05-0{i}T10:00:00Z", "likes": likes, "comments": 0, "caption": c}
            for i, c in enumerate(captions, start=1)]


CREATORS = [
    # tier micro 100; engagement 480 / 20,000 = 0.024 = the Instagram curve at 20,000 -> 50; values 3/3
    # -> 100; controversy 100; authenticity unmeasurable: its prior 50 stands in;
    # final (100 + 2 x 50 + 3 x 100 + 2 x 100 + 50) / 9 = 750 / 9 = 83.3 -> shortlist
    {"handle": "alpha", "platform": "instagram", "followers": 20000,
     "posts": posts(480, "recycled bottle", "recycled bag", "recycled shoes")},
    # engagement 720 / 20,000 = 0.036 = 1.5 x the curve -> 65.5; values 0 (measured: no brand value)
    # -> (100 + 131 + 0 + 200 + 50) / 9 = 53.4 -> review
    {"handle": "beta", "platform": "instagram", "followers": 20000, "posts": posts(720, "hello", "hi", "hey")},
    # a post naming a competitor: over tolerance 0 -> vetoed
    {"handle": "gamma", "platform": "instagram", "followers": 20000,
     "posts": posts(480, "rivalco is great", "recycled", "x")},
]


@pytest.fixture
def inputs(write_rules, write_creators):
    return write_creators(CREATORS), write_rules(RULES)


def cli(*args, cwd: Path | None = None):
    result = CliRunner().invoke(main, [str(a) for a in args])
    assert "Traceback" not in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    return result


def check_summary(stderr: str, n: int) -> None:
    match = [SUMMARY.fullmatch(line) for line in stderr.splitlines() if SUMMARY.fullmatch(line)]
    assert len(match) == 1, stderr
    assert tuple(map(int, match[0].groups())) == (n, n, 0, n)


# ---- score --------------------------------------------------------------------------------------

def test_score_csv_to_stdout(inputs):
    creators, rules = inputs
    result = cli("score", creators, "--rules", rules, "--format", "csv")
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    for column in REQUIRED_COLUMNS:
        assert column in rows[0], column
    assert [(r["rank"], r["handle"], r["verdict"]) for r in rows] == [
        ("1", "alpha", "shortlist"), ("2", "beta", "review"), ("3", "gamma", "reject")]
    alpha = rows[0]
    assert float(alpha["final_score"]) == 83.33
    assert (alpha["tier"], float(alpha["score_tier"]), float(alpha["engagement_rate"])) == ("micro", 100.0, 0.024)
    assert float(rows[1]["final_score"]) == 53.44
    assert rows[2]["reasons"].startswith("vetoed: controversy.over-tolerance")
    assert len({r["rules_fingerprint"] for r in rows}) == 1
    v = version("brandfit")
    assert {r["plugins"] for r in rows} == {
        f"tier=brandfit {v}, engagement=brandfit {v}, values=brandfit {v}, controversy=brandfit {v}, "
        f"authenticity=brandfit {v}, cost=brandfit {v}"}
    check_summary(result.stderr, 3)


def test_score_fingerprint_matches_rules_check(inputs):
    creators, rules = inputs
    check = cli("rules", "check", rules)
    fingerprint = re.search(r"fingerprint ([0-9a-f]{16})", check.stdout).group(1)
    result = cli("score", creators, "--rules", rules, "--format", "jsonl")
    assert {json.loads(line)["rules_fingerprint"] for line in result.stdout.splitlines()} == {fingerprint}


def test_score_jsonl(inputs):
    creators, rules = inputs
    result = cli("score", creators, "--rules", rules, "--format", "jsonl")
    assert result.exit_code == 0
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    assert [r["handle"] for r in rows] == ["alpha", "beta", "gamma"]
    assert all(set(REQUIRED_COLUMNS) <= set(r) for r in rows)
    assert isinstance(rows[0]["reasons"], list)
    assert rows[0]["reasons"][0].startswith("values 100: ")  # reasons by weight: values (3) first
    assert rows[2]["flags"] == ["controversy.over-tolerance", "controversy.competitor"]


def test_score_json(inputs):
    creators, rules = inputs
    result = cli("score", creators, "--rules", rules, "--format", "json")
    assert result.exit_code == 0
    rows = json.loads(result.stdout)
    assert [(r["rank"], r["handle"], r["final_score"]) for r in rows][:2] == [(1, "alpha", 83.33), (2, "beta", 53.44)]


def test_score_table(inputs):
    creators, rules = inputs
    result = cli("score", creators, "--rules", rules, "--format", "table")
    assert result.exit_code == 0
    out = result.stdout
    assert "verdict" in out and "final" in out
    for handle in ("alpha", "beta", "gamma"):
        assert handle in out
    assert out.index("alpha") < out.index("beta") < out.index("gamma")
    assert "83.3" in out


def test_score_table_top(inputs):
    creators, rules = inputs
    result = cli("score", creators, "--rules", rules, "--format", "table", "--top", "1")
    assert "alpha" in result.stdout and "gamma" not in result.stdout
    assert "2 more creators" in result.stdout


@pytest.mark.parametrize("name, fmt", [("out.csv", "csv"), ("out.jsonl", "jsonl"), ("out.json", "json"), ("ranked.txt", "table")])
def test_score_output_file_format_from_extension(inputs, tmp_path, name, fmt):
    creators, rules = inputs
    out = tmp_path / name
    result = cli("score", creators, "--rules", rules, "-o", out)
    assert result.exit_code == 0, result.output
    assert out.exists()
    assert result.stdout == ""
    check_summary(result.stderr, 3)
    text = out.read_text(encoding="utf-8")
    if fmt == "csv":
        header = text.splitlines()[0].split(",")
        assert set(REQUIRED_COLUMNS) <= set(header)
        assert [r["handle"] for r in csv.DictReader(io.StringIO(text))] == ["alpha", "beta", "gamma"]
    elif fmt == "jsonl":
        assert [json.loads(line)["handle"] for line in text.splitlines()] == ["alpha", "beta", "gamma"]
    elif fmt == "json":
        assert [r["handle"] for r in json.loads(text)] == ["alpha", "beta", "gamma"]
    else:
        assert "alpha" in text and "(instagram)" in text
    assert not list(tmp_path.glob(f".{name}.*.part"))


def test_score_explicit_format_beats_extension(inputs, tmp_path):
    creators, rules = inputs
    out = tmp_path / "out.txt"
    assert cli("score", creators, "--rules", rules, "-o", out, "--format", "jsonl").exit_code == 0
    assert json.loads(out.read_text().splitlines()[0])["handle"] == "alpha"


def test_score_parquet(inputs, tmp_path):
    import polars as pl

    creators, rules = inputs
    out = tmp_path / "out.parquet"
    assert cli("score", creators, "--rules", rules, "-o", out).exit_code == 0
    frame = pl.read_parquet(out)
    assert frame["handle"].to_list() == ["alpha", "beta", "gamma"]
    assert set(REQUIRED_COLUMNS) <= set(frame.columns)


def test_score_missing_column_lists_scorers_without_data(write_rules, write_creators):
    creators = write_creators([{"handle": "lonely", "platform": "instagram", "followers": 20000}])
    result = cli("score", creators, "--rules", write_rules(RULES), "--format", "jsonl")
    row = json.loads(result.stdout)
    assert row["missing"] == ["engagement: no posts", "values: 0 recent posts with text (needs 1)",
                              "controversy: no posts with text to check",
                              "authenticity: 0 of 5 signals measurable (needs 2): no followers/following, post_count, "
                              "has_profile_picture, engagement rate, authentic_engagement",
                              "cost: no posts: expected engagements unknown"]
    # only tier (weight 1 of 9) has data: the priors stand in for the rest (engagement 0, values 0,
    # controversy 50, authenticity 50): (100 + 0 + 0 + 2 x 50 + 50) / 9 = 27.78, coverage 0.111
    assert (row["final_score"], row["coverage"], row["verdict"]) == (27.78, 0.111, "reject")


def test_score_with_no_creators_writes_an_empty_result(tmp_path, write_rules):
    # docs/cli.md: with no creator scored the output is still written, with no rows, so a stale
    # file from an earlier run is replaced. The run itself succeeds.
    creators = tmp_path / "c.jsonl"
    creators.write_text('{"followers": 1}\n')
    out = tmp_path / "out.csv"
    out.write_text("stale,old\n1,2\n")
    result = cli("score", creators, "--rules", write_rules(RULES), "-o", out)
    assert result.exit_code == 0
    assert "read 1 rows · used 0 rows · rejected 1 rows · scored 0 creators" in result.stderr
    lines = out.read_text().splitlines()
    assert len(lines) == 1 and lines[0].startswith("rank,handle,platform,followers,tier")
    empty = tmp_path / "empty.jsonl"
    empty.write_text("")
    result = cli("score", empty, "--rules", write_rules(RULES), "--format", "json")
    assert result.exit_code == 0
    assert json.loads(result.stdout) == []
    assert "read 0 rows · used 0 rows · rejected 0 rows · scored 0 creators" in result.stderr


# ---- explain ------------------------------------------------------------------------------------

def test_explain_breakdown_with_rule_origins(inputs):
    creators, rules = inputs
    result = cli("explain", creators, "alpha", "--rules", rules)
    assert result.exit_code == 0, result.output
    out = result.stdout
    default = "builtin:default"
    assert out.startswith("alpha (instagram) · 20,000 followers · tier micro\n")
    # authenticity (weight 1 of 9) has no following count to measure: 8 / 9 of the weight had data
    assert "verdict: SHORTLIST   final score: 83.33   coverage: 89% of the weight" in out
    assert "final score = (1 x 100.0 + 2 x 50.0 + 3 x 100.0 + 2 x 100.0 + 1 x 50.0 (prior)) / 9 = 83.33" in out
    # every number is traced to the file and line it came from
    assert re.search(rf"thresholds: shortlist >= 70 \({default}:\d+\), review >= 50 \({default}:\d+\)", out)
    assert re.search(rf"\[values\] weight 3 \({default}:\d+\)", out)
    # each hit quotes the text around it, as written
    assert f"value 'green' expressed by 'recycled': \"recycled bottle\"  [scorers.values.values.green.terms @ {rules}:12]" in out
    assert re.search(rf"benchmark for instagram by followers at 20000 followers: 2.4% \(curve\)  "
                     rf"\[scorers.engagement.curves.instagram.followers @ {default}:\d+\]", out)
    assert f"rules: {default} -> {rules} (fingerprint " in out


def test_explain_competitor_evidence_points_at_brand_competitors(inputs):
    creators, rules = inputs
    result = cli("explain", creators, "gamma", "--rules", rules)
    assert result.exit_code == 0
    assert "verdict: REJECT" in result.stdout
    assert "because: vetoed: controversy.over-tolerance" in result.stdout
    assert f"post p1: competitor term 'rivalco': \"rivalco is great\"  [brand.competitors @ {rules}:6]" in result.stdout


def test_explain_json(inputs):
    creators, rules = inputs
    result = cli("explain", creators, "@ALPHA", "--rules", rules, "--format", "json")  # case and @ do not matter
    assert result.exit_code == 0
    data = json.loads(result.stdout)
    assert (data["handle"], data["final_score"], data["verdict"]) == ("alpha", 83.33, "shortlist")
    assert data["computation"]["terms"] == [
        {"scorer": "tier", "weight": 1.0, "score": 100.0, "prior_stands_in": False},
        {"scorer": "engagement", "weight": 2.0, "score": 50.0, "prior_stands_in": False},
        {"scorer": "values", "weight": 3.0, "score": 100.0, "prior_stands_in": False},
        {"scorer": "controversy", "weight": 2.0, "score": 100.0, "prior_stands_in": False},
        {"scorer": "authenticity", "weight": 1.0, "score": 50.0, "prior_stands_in": True}]
    assert data["computation"]["weight_with_data"] == 8.0
    assert data["rule_files"] == ["builtin:default", str(rules)]
    values = next(s for s in data["scorers"] if s["scorer"] == "values")
    assert {e["origin"] for e in values["evidence"] if e["term"]} == {f"{rules}:12"}


def test_explain_unknown_handle_exits_1(inputs):
    creators, rules = inputs
    result = cli("explain", creators, "nobody", "--rules", rules)
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr.strip() == f"brandfit: error: no creator 'nobody' in {creators}"


def test_explain_platform_filter(write_rules, write_creators):
    creators = write_creators([{"handle": "dual", "platform": "instagram", "followers": 20000},
                               {"handle": "dual", "platform": "tiktok", "followers": 500}])
    rules = write_rules(RULES)
    result = cli("explain", creators, "dual", "--rules", rules, "--platform", "TikTok")
    assert result.exit_code == 0
    assert result.stdout.startswith("dual (tiktok) · 500 followers · tier below_nano\n")
    assert "dual (instagram)" not in result.stdout
    assert cli("explain", creators, "dual", "--rules", rules, "--platform", "youtube").exit_code == 1


# ---- scorers, plugins, rules schema ---------------------------------------------------------------

def test_scorers_lists_builtins_and_their_options():
    result = cli("scorers")
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    brandfit_version = version("brandfit")
    for name in BUILTINS:
        assert f"{name}  (brandfit {brandfit_version})" in lines, name
    expected_options = [
        "    recent_posts: integer >= 1 (default 12)",
        "    aggregate: 'median' or 'mean' (default 'median')",
        "    score_75_at: number from 1.01 to 100 (default 2.0)",
        "    preference: table of numbers from 0 to 100 (default ",
        "    target_share: number from 0.01 to 1 (default 0.3)",
        "    include_bio: boolean (default true)",
        "    penalty: table of numbers from 0 to 100 (default ",
        "    categories: table of tables (default {})",
    ]
    for option in expected_options:
        assert any(line.startswith(option) for line in lines), option
    assert lines.count("    weight: number >= 0 (default 1)   enabled: boolean (default true)   "
                       "prior: number from 0 to 100 (default 0; the score without data)") >= 5


def test_scorers_expands_nested_tables_with_field_docs_and_ranges():
    # a nested option's fields are what a rule file writes: they need their docs and ranges too
    lines = cli("scorers").stdout.splitlines()
    assert "      categories.<name>.tolerance: integer >= 0 (default 0)  -- posts that may hit this category before it " \
           "is over tolerance" in lines
    assert "      competitors.severity: 'low' or 'medium' or 'high' or 'floor' (default 'medium')  -- severity of a post " \
           "mentioning a competitor" in lines
    assert any(line.startswith("      curves.<name>.<name>.rate: list of numbers  -- ") for line in lines)


def test_scorers_shows_table_defaults_as_data_not_python_reprs():
    # controversy's `competitors` option defaults to a table {severity = "medium", tolerance = 0}
    line = next(s for s in cli("scorers").stdout.splitlines() if s.startswith("    competitors: "))
    assert "CompetitorRule(" not in line
    assert '"severity": "medium"' in line and '"tolerance": 0' in line


def test_plugins_lists_builtins_with_version_and_status():
    result = cli("plugins")
    assert result.exit_code == 0
    rows = {line.split()[0]: line.split() for line in result.stdout.splitlines()[1:] if line.strip()}
    for name in BUILTINS:
        assert rows[name][:5] + rows[name][6:7] == [name, "brandfit", version("brandfit"), "ok", "lazy", name], rows.get(name)
        assert float(rows[name][5]) >= 0  # load seconds: `plugins` imports every scorer


def test_plugins_json():
    result = cli("plugins", "--format", "json")
    data = {p["name"]: p for p in json.loads(result.stdout)}
    for name in BUILTINS:
        assert (data[name]["status"], data[name]["distribution"], data[name]["scorers"]) == ("ok", "brandfit", [name])
        assert data[name]["module"].startswith(f"brandfit.plugins.{name}:")
        assert data[name]["loading"] == "lazy" and data[name]["load_seconds"] >= 0


def test_rules_schema_is_json_with_scorer_options():
    result = cli("rules", "schema")
    assert result.exit_code == 0
    schema = json.loads(result.stdout)
    assert schema["required"] == ["schema"]
    assert schema["properties"]["schema"] == {"const": 1}
    scorers = schema["properties"]["scorers"]["properties"]
    for name in BUILTINS:
        assert scorers[name]["properties"]["weight"]["minimum"] == 0
        assert scorers[name]["properties"]["enabled"]["type"] == "boolean"
    eng = scorers["engagement"]["properties"]
    assert eng["aggregate"]["enum"] == ["median", "mean"]
    assert eng["recent_posts"] == {"type": "integer", "minimum": 1, "description": eng["recent_posts"]["description"], "default": 12}
    assert eng["curves"]["type"] == "object"
    assert scorers["values"]["properties"]["prior"]["maximum"] == 100
    # nothing is required: a child file may set part of a value and inherit its terms
    assert "required" not in scorers["values"]["properties"]["values"]["additionalProperties"]
    assert "terms" in scorers["values"]["properties"]["values"]["additionalProperties"]["properties"]
    severity = scorers["controversy"]["properties"]["categories"]["additionalProperties"]["properties"]["severity"]
    assert severity["enum"] == ["low", "medium", "high", "floor"]


def test_rules_schema_accepts_every_key_of_default_toml():
    schema = json.loads(cli("rules", "schema").stdout)
    default = tomllib.loads((REPO / "core" / "rules" / "rulesets" / "default.toml").read_text(encoding="utf-8"))

    def walk(data, node, path):
        if "properties" in node:
            for key, value in data.items():
                assert key in node["properties"] or node.get("additionalProperties") not in (False, None), path + [key]
                child = node["properties"].get(key) or node.get("additionalProperties")
                if isinstance(value, dict) and isinstance(child, dict):
                    walk(value, child, path + [key])
        elif isinstance(node.get("additionalProperties"), dict):
            for key, value in data.items():
                if isinstance(value, dict):
                    walk(value, node["additionalProperties"], path + [key])

    walk(default, schema, [])


# ---- the example data -------------------------------------------------------------------------------

EXAMPLE_INPUT = REPO / "examples" / "creators.jsonl"


@pytest.mark.parametrize("rules_name", ["eco-running.toml", "family-snacks.toml"])
def test_examples_score_structurally(tmp_path, rules_name):
    rules = REPO / "rules" / rules_name
    if not EXAMPLE_INPUT.exists() or not rules.exists():
        pytest.skip(f"needs {EXAMPLE_INPUT.relative_to(REPO)} and {rules.relative_to(REPO)}")
    rejects = tmp_path / "rejects.jsonl"
    result = cli("score", EXAMPLE_INPUT, "--rules", rules, "--format", "jsonl", "--rejects", rejects)
    assert result.exit_code == 0, result.output
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    read = [json.loads(line) for line in EXAMPLE_INPUT.read_text(encoding="utf-8").splitlines() if line.strip()]
    rejected_lines = {r["line"] for r in map(json.loads, rejects.read_text().splitlines())}
    n, u, k, m = map(int, next(SUMMARY.fullmatch(s) for s in result.stderr.splitlines() if SUMMARY.fullmatch(s)).groups())
    assert n == u + k == len(read)
    assert k == len(rejected_lines)
    assert m == len(rows)
    # every creator appears exactly once
    keys = [(r["handle"], r["platform"]) for r in rows]
    assert len(keys) == len(set(keys))
    expected = {(c["handle"].strip().lstrip("@"), normalize_platform(c.get("platform")))
                for i, c in enumerate(read, start=1) if i not in rejected_lines}
    assert set(keys) == expected
    assert {r["verdict"] for r in rows} <= VERDICTS
    assert [r["rank"] for r in rows] == list(range(1, len(rows) + 1))
    assert all(r["final_score"] is None or 0 <= r["final_score"] <= 100 for r in rows)
