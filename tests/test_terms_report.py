"""`brandfit terms`: per term, its hits over an input, veto-causing terms first; JSON; one-line errors."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from brandfit.cli import main

RULES = """\
schema = 1
[brand]
competitors = ["the ordinary"]
[scorers.controversy.categories.scams]
severity = "floor"
terms = ["guaranteed ~8 profit*"]
ambiguous = ["be your own boss"]
[scorers.controversy.categories.politics]
severity = "low"
tolerance = 5
terms = ["democrat* -democratiz*"]
"""

CREATORS = [
    {"handle": "scammer", "posts": [{"id": "s1", "url": "https://example.com/s1",
                                     "caption": "Invest $500 and you are guaranteed of making $4835 back as profit in 14 days. DM me"}]},
    {"handle": "coach", "posts": [{"id": "c1", "caption": "Start today and be your own boss, one small step at a time"}]},
    {"handle": "techie", "posts": [{"id": "t1", "caption": "Smartphones will help democratize AI around the world"}]},
    {"handle": "voter", "posts": [{"id": "v1", "caption": "The democrats and the republicans debated the budget all night long"}]},
    {"handle": "skincare", "posts": [{"id": "k1", "caption": "My routine this week", "mentions": ["theordinary"]},
                                     {"id": "k2", "caption": "Loving the new serum #TheOrdinary so much"}]},
]


def run(tmp_path: Path, *extra: str):
    data = tmp_path / "c.jsonl"
    data.write_text("\n".join(json.dumps(c) for c in CREATORS) + "\n", encoding="utf-8")
    rules = tmp_path / "r.toml"
    rules.write_text(RULES, encoding="utf-8")
    return CliRunner().invoke(main, ["terms", str(data), "--rules", str(rules), *extra])


def test_terms_report_veto_causing_terms_first_with_excerpts_and_links(tmp_path: Path) -> None:
    result = run(tmp_path, "--json")
    assert result.exit_code == 0, result.output
    lines = json.loads(result.stdout)
    vetoes = [line["vetoes"] for line in lines]
    assert vetoes == sorted(vetoes, reverse=True) and vetoes[0] == 1
    first = next(line for line in lines if line["term"] == "guaranteed ~8 profit*")
    assert (first["group"], first["kind"], first["vetoes"]) == ("controversy: scams", "unambiguous", 1)
    assert first["excerpts"][0]["url"] == "https://example.com/s1"
    assert "guaranteed of making $4835 back as profit" in first["excerpts"][0]["excerpt"]
    by_term = {line["term"]: line for line in lines}
    # the ambiguous term is reported but vetoes nobody; "democratize" is an exception
    assert by_term["be your own boss"]["kind"] == "ambiguous" and by_term["be your own boss"]["vetoes"] == 0
    assert [e["handle"] for e in by_term["democrat* -democratiz*"]["excerpts"]] == ["voter"]
    # a competitor's joined handle and hashtag, in the mentions list and in a caption
    competitor = [line for line in lines if line["group"] == "competitor"]
    assert {(e["handle"], e["post"]) for line in competitor for e in line["excerpts"]} == {("skincare", "k1"), ("skincare", "k2")}
    assert {"@theordinary", "#theordinary"} <= {line["term"] for line in competitor}


def test_terms_report_as_text(tmp_path: Path) -> None:
    result = run(tmp_path)
    assert result.exit_code == 0, result.output
    out = result.stdout.splitlines()
    assert "controversy: scams · 'guaranteed ~8 profit*' (unambiguous): 1 texts, 1 creators, vetoed 1; languages en" in out
    scam = out.index("controversy: scams · 'guaranteed ~8 profit*' (unambiguous): 1 texts, 1 creators, vetoed 1; languages en")
    assert out[scam + 1].startswith("    scammer s1: \"Invest $500 and you are guaranteed") and out[scam + 1].endswith(" https://example.com/s1")


def test_terms_bad_input_is_one_line(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["terms", str(tmp_path / "missing.jsonl"), "--rules", str(tmp_path / "r.toml")])
    assert result.exit_code != 0 and "Traceback" not in result.output
    rules = tmp_path / "r.toml"
    rules.write_text(RULES.replace('"democrat* -democratiz*"', '"democrat* -republican"'), encoding="utf-8")
    data = tmp_path / "c.jsonl"
    data.write_text("{}\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["terms", str(data), "--rules", str(rules)])
    assert result.exit_code == 3
    assert result.stderr.splitlines()[0].endswith(
        "scorers.controversy.categories.politics.terms[0]: term 'democrat* -republican': "
        "the exception 'republican' must be a longer form of 'democrat*'")
