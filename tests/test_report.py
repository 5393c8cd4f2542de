"""`brandfit report`: one self-contained HTML file from an input or a results file; bad input is one line."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from brandfit.cli import main
from brandfit.report.page_data import split_reasons

from test_cli import CREATORS, RULES

REPO = Path(__file__).resolve().parents[1]


def run(*args):
    return CliRunner().invoke(main, [str(a) for a in args])


def page_data(html: str) -> dict:
    found = re.search(r'<script type="application/json" id="report-data">(.*?)</script>', html, re.S)
    return json.loads(found.group(1))


@pytest.fixture
def inputs(write_rules, write_creators):
    return write_creators(CREATORS), write_rules(RULES)


def test_the_report_is_one_offline_file(inputs, tmp_path):
    creators, rules = inputs
    out = tmp_path / "report.html"
    result = run("report", creators, "--rules", rules, "-o", out, "-q")
    assert result.exit_code == 0, result.output
    assert result.stderr.strip() == (f"read 3 rows · used 3 rows · rejected 0 rows · scored 3 creators · {out}: "
                                     "3 creators in the page")
    html = out.read_text(encoding="utf-8")
    # nothing is fetched: no external script, style, image or font, and the page forbids fetching
    assert not re.search(r'<(script|link|img|iframe)[^>]+(src|href)=', html)
    assert "url(http" not in html and "@import" not in html
    assert "default-src 'none'" in html
    assert html.count("<svg") >= 2  # scores and brand safety (engagement too where rates exist)
    data = page_data(html)
    assert data["summary"]["brand"] == "Test Brand"
    assert data["summary"]["chain"] == ["builtin:default", str(rules)]
    assert data["summary"]["verdicts"] == {"shortlist": 1, "review": 1, "reject": 1}
    assert data["summary"]["input"]["rows_read"] == 3
    c = data["creators"]
    assert c["handle"] == ["alpha", "beta", "gamma"]
    assert c["why"] == [None, None, "vetoed: controversy.over-tolerance"]
    assert data["formula"]["scorers"][:4] == [{"name": "tier", "weight": 1.0, "prior": 20.0},
                                             {"name": "engagement", "weight": 2.0, "prior": 0.0},
                                             {"name": "values", "weight": 3.0, "prior": 0.0},
                                             {"name": "controversy", "weight": 2.0, "prior": 50.0}]
    assert c["scores"][0][:4] == [100.0, 50.0, 100.0, 100.0]
    # the vetoed creator's card carries its evidence, with the post's text
    evidence = c["evidence"]["2"]
    hit = next(item for item in evidence["items"] if item[2] and "competitor" in item[1])
    assert evidence["posts"][hit[2]]["text"] == "rivalco is great"
    assert (hit[3], data["origins"][hit[3]]) == ("brand.competitors", f"{rules}:6")
    # both scripts are inline: the formula, and the page that uses it
    assert "root.BrandfitRanking = api" in html and "window.brandfitReport = {" in html


def test_cards_link_to_posts_that_have_a_url(tmp_path, write_rules, write_creators):
    creator = dict(CREATORS[2])
    creator["posts"] = [dict(p, url=f"https://example.com/p/{p['id']}") for p in creator["posts"]]
    creator["posts"][1]["url"] = "javascript:alert(1)"  # never a link
    out = tmp_path / "r.html"
    assert run("report", write_creators([creator]), "--rules", write_rules(RULES), "-o", out, "-q").exit_code == 0
    posts = page_data(out.read_text())["creators"]["evidence"]["0"]["posts"]
    assert posts["p1"] == {"text": "rivalco is great", "link": "https://example.com/p/p1"}
    assert posts["p2"] == {"text": "recycled"}


@pytest.mark.parametrize("suffix", ["jsonl", "csv", "json", "parquet"])
def test_a_results_file_written_by_score_makes_the_same_table(inputs, tmp_path, suffix):
    creators, rules = inputs
    direct = tmp_path / "direct.html"
    assert run("report", creators, "--rules", rules, "-o", direct, "-q").exit_code == 0
    results = tmp_path / f"results.{suffix}"
    assert run("score", creators, "--rules", rules, "-o", results, "-q").exit_code == 0
    out = tmp_path / "from-results.html"
    result = run("report", results, "--rules", rules, "-o", out)
    assert result.exit_code == 0, result.output
    assert "from a results file" in result.stderr
    a, b = page_data(direct.read_text()), page_data(out.read_text())
    for key in ("handle", "platform", "scores", "final", "coverage", "verdict", "why", "reasons", "flags", "tiebreak"):
        assert a["creators"][key] == b["creators"][key], key
    assert b["creators"]["evidence"] == {}
    assert b["summary"]["input"]["kind"] == "results"


def test_results_scored_under_other_rules_are_shown_with_a_warning(inputs, tmp_path, write_rules):
    creators, rules = inputs
    results = tmp_path / "results.jsonl"
    run("score", creators, "--rules", rules, "-o", results, "-q")
    other = write_rules(RULES + "\n[decision]\nshortlist = 90\n", name="other.toml")
    result = run("report", results, "--rules", other, "-o", tmp_path / "r.html")
    assert result.exit_code == 0
    assert "brandfit: warning: " in result.stderr and "was scored under rules fingerprint" in result.stderr


def test_verdict_narrows_the_page_but_not_the_counts(inputs, tmp_path):
    creators, rules = inputs
    out = tmp_path / "r.html"
    assert run("report", creators, "--rules", rules, "--verdict", "shortlist,review", "-o", out, "-q").exit_code == 0
    data = page_data(out.read_text())
    assert data["creators"]["handle"] == ["alpha", "beta"]
    assert data["summary"]["verdicts"]["reject"] == 1 and data["summary"]["verdicts_shown"] == ["shortlist", "review"]


def test_rows_keeps_the_top_of_the_ranking_and_says_so(inputs, tmp_path):
    creators, rules = inputs
    out = tmp_path / "r.html"
    assert run("report", creators, "--rules", rules, "--rows", "1", "--evidence", "0", "-o", out, "-q").exit_code == 0
    html = out.read_text()
    data = page_data(html)
    assert data["creators"]["handle"] == ["alpha"] and data["creators"]["evidence"] == {}
    assert data["summary"]["total"] == 3 and "the top 1 of 3" in html


def test_an_empty_results_file_is_a_one_line_error(inputs, tmp_path):
    _, rules = inputs
    empty = tmp_path / "results.jsonl"
    empty.write_text("")
    result = run("report", empty, "--rules", rules, "-o", tmp_path / "r.html")
    assert result.exit_code == 4
    assert result.stderr.splitlines() == [f"brandfit: error: {empty}: the file is empty: no creators and no results to report"]
    assert not (tmp_path / "r.html").exists()


def test_a_results_file_without_a_scorer_column_is_a_one_line_error(inputs, tmp_path):
    creators, rules = inputs
    results = tmp_path / "results.jsonl"
    run("score", creators, "--rules", rules, "-o", results, "-q")
    rows = [json.loads(line) for line in results.read_text().splitlines()]
    results.write_text("".join(json.dumps({k: v for k, v in r.items() if k != "score_values"}) + "\n" for r in rows))
    result = run("report", results, "--rules", rules, "-o", tmp_path / "r.html")
    assert result.exit_code == 4
    assert len(result.stderr.splitlines()) == 1 and "without column(s) score_values" in result.stderr


def test_a_missing_rule_file_is_an_error_not_a_traceback(inputs, tmp_path):
    creators, _ = inputs
    result = run("report", creators, "--rules", tmp_path / "nope.toml", "-o", tmp_path / "r.html")
    assert result.exit_code == 3
    assert result.stderr.startswith(f"brandfit: error: {tmp_path / 'nope.toml'}: rule file not found")
    assert result.exception is None or isinstance(result.exception, SystemExit)


@pytest.mark.parametrize("source", ["input", "results"])
def test_zero_creators_make_an_empty_report_that_says_so(inputs, tmp_path, write_creators, source):
    _, rules = inputs
    data_file = write_creators([{"handle": ""}], name="none.jsonl")
    if source == "results":
        csv_results = tmp_path / "none.csv"  # a CSV results file keeps its header with no rows
        assert run("score", data_file, "--rules", rules, "-o", csv_results, "-q").exit_code == 0
        data_file = csv_results
    out = tmp_path / "r.html"
    result = run("report", data_file, "--rules", rules, "-o", out, "-q")
    assert result.exit_code == 0, result.output
    assert "0 creators in the page" in result.stderr
    html = out.read_text()
    data = page_data(html)
    assert data["creators"] is None and data["summary"]["total"] == 0
    assert "No charts: no creator was scored." in html


def test_split_reasons_tells_the_verdicts_reason_from_the_scorers():
    own, per = split_reasons(["vetoed: controversy.over-tolerance", "values 100: texts", "engagement: no data (no posts)",
                              "engagement_extra 3: x"], ["values", "engagement", "engagement_extra"])
    assert own == "vetoed: controversy.over-tolerance"
    assert per == {"values": "values 100: texts", "engagement": "engagement: no data (no posts)",
                   "engagement_extra": "engagement_extra 3: x"}


def test_the_engagement_chart_draws_the_rule_files_curve(registry):
    from brandfit.report.charts import benchmark_curve
    from brandfit.rules.validation import load_rules

    rules = load_rules(str(REPO / "rules" / "eco-running.toml"), registry)
    curve = benchmark_curve(rules, "instagram", "followers", 1000, 100_000)
    # the ends, and the anchors between them (default.toml: 2,000 -> 4.5%, 20,000 -> 2.4%)
    assert [p["followers"] for p in curve] == [1000, 2000, 20000, 100_000]
    at = {p["followers"]: p for p in curve}
    assert at[20000]["benchmark"] == pytest.approx(2.4)
    assert at[20000]["scores_75"] == pytest.approx(4.8) and at[20000]["scores_25"] == pytest.approx(1.2)
    assert at[20000]["implausible"] == pytest.approx(24.0)
    assert at[2000]["benchmark"] == pytest.approx(4.5)
    # no per-follower curve for TikTok: no line rather than another platform's
    assert benchmark_curve(rules, "tiktok", "followers", 1000, 100_000) == []
    assert benchmark_curve(rules, "tiktok", "views", 1000, 100_000)
