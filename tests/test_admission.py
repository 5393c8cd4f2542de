"""Brand filters ([brand] platforms, countries) and duplicate creators: counted, never silently dropped."""

from __future__ import annotations

import json
import re

from test_cli import cli

SUMMARY = re.compile(r"read (\d+) rows · used (\d+) rows · rejected (\d+) rows(?: · filtered (\d+) rows)? · scored (\d+) creators")

CREATORS = [
    {"handle": "a", "platform": "instagram", "followers": 1000, "country": "US"},
    {"handle": "b", "platform": "tiktok", "followers": 2000, "country": "us "},
    {"handle": "c", "platform": "x", "followers": 3000, "country": "GB"},
    {"handle": "d", "platform": "instagram", "followers": 4000},
]


def counts(stderr: str) -> tuple[int, ...]:
    match = SUMMARY.search(stderr)
    assert match, stderr
    return tuple(int(g or 0) for g in match.groups())


def test_platform_and_country_filters_count_what_they_leave_out(write_rules, write_creators):
    rules = write_rules('schema = 1\n[scorers.tier]\n[brand]\nplatforms = ["IG", "tiktok"]\ncountries = ["US"]\n')
    result = cli("score", write_creators(CREATORS), "--rules", rules, "--format", "jsonl")
    assert result.exit_code == 0, result.output
    assert [json.loads(line)["handle"] for line in result.stdout.splitlines()] == ["a", "b"]
    read, used, rejected, filtered, scored = counts(result.stderr)
    # c is on x, d has no country: both filtered; read = used + rejected + filtered
    assert (read, used, rejected, filtered, scored) == (4, 2, 0, 2, 2)


def test_no_filters_no_filtered_count(write_rules, write_creators):
    result = cli("score", write_creators(CREATORS), "--rules", write_rules("schema = 1\n[scorers.tier]\n"), "--format", "jsonl")
    assert "filtered" not in result.stderr and counts(result.stderr) == (4, 4, 0, 0, 4)


def test_a_repeated_creator_is_scored_once_and_the_repeat_rejected(write_rules, write_creators, tmp_path):
    creators = [{"handle": "twice", "platform": "instagram", "followers": 1000},
                {"handle": "other", "platform": "instagram", "followers": 5000},
                {"handle": "@Twice", "platform": "IG", "followers": 99000},
                {"handle": "twice", "platform": "tiktok", "followers": 7000}]
    rejects = tmp_path / "rejects.jsonl"
    result = cli("score", write_creators(creators), "--rules", write_rules("schema = 1\n[scorers.tier]\n"),
                 "--format", "jsonl", "--rejects", rejects)
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    # the first is kept with its numbers; the same handle on another platform is another account
    assert sorted((r["handle"], r["platform"], r["followers"]) for r in rows) == [
        ("other", "instagram", 5000.0), ("twice", "instagram", 1000.0), ("twice", "tiktok", 7000.0)]
    assert counts(result.stderr) == (4, 3, 1, 0, 3)
    assert "· 1 duplicate creators rejected" in result.stderr
    (reject,) = [json.loads(line) for line in rejects.read_text().splitlines()]
    assert reject["reason"].startswith("duplicate creator: the same handle and platform came earlier")
    assert json.loads(reject["raw"]) == {"handle": "Twice", "platform": "instagram", "followers": 99000.0}


def test_repeats_across_batches_are_found(write_rules, write_creators):
    creators = [{"handle": f"c{i % 3000}", "platform": "instagram", "followers": 1000 + i} for i in range(12_000)]
    result = cli("score", write_creators(creators), "--rules", write_rules("schema = 1\n[scorers.tier]\n"), "--format", "csv")
    assert counts(result.stderr) == (12000, 3000, 9000, 0, 3000)


def test_bad_filter_is_one_line(write_rules, write_creators):
    rules = write_rules('schema = 1\n[scorers.tier]\n[brand]\ncountries = "US"\n')
    result = cli("score", write_creators(CREATORS), "--rules", rules)
    assert result.exit_code == 3
    assert result.stderr.splitlines()[0] == f"brandfit: error: {rules}:4: brand.countries: expected list of strings, got string 'US'"


def test_first_sightings_over_many_batches_match_a_set() -> None:
    """Admission remembers every creator across batches (kept sorted, inserted per batch)."""
    import numpy as np

    from brandfit.inputs.batches import rows_to_table
    from brandfit.rules.model import Brand
    from brandfit.run.admission import Admission

    rng = np.random.default_rng(7)
    admission, seen = Admission(Brand(), "x"), set()
    for _ in range(30):
        handles = [f"H{int(h)}" for h in rng.integers(0, 400, size=int(rng.integers(1, 60)))]
        rows = [{"handle": h, "platform": str(rng.choice(["instagram", "tiktok"]))} for h in handles]
        got = admission._first(rows_to_table(rows)).tolist()
        expected = []
        for row in rows:
            key = (row["handle"].lower(), row["platform"])
            expected.append(key not in seen)
            seen.add(key)
        assert got == expected
    assert bool(np.all(np.diff(admission._seen.astype(np.float64)) >= 0)) and len(admission._seen) == len(seen)
