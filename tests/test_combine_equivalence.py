"""The fast paths of scoring give exactly what the plain polars formulation gives.

Verdicts.combine (brandfit.engine.verdicts) builds flags, reasons and errors in long form with Arrow offsets
(brandfit.columnar.lists) and takes vetoes and holds from the long form; check_batch takes a polars Series
of the right type as it is. Here each is checked against the straightforward version (polars list
operations, everything through Arrow) on batches made to hit the edge cases: vetoes and holds (two
codes on one creator, in either order), flags repeated within and across scorers, null flag lists and
null flags, scorer errors (per creator and whole batch), invalid and missing scores, zero weights,
low coverage, metrics named like result columns, empty batches.
"""

from __future__ import annotations

import math
import random

import polars as pl
import pyarrow as pa
import pytest

from brandfit.plugin.results import ScoreBatch
from brandfit.columnar.lists import concat_by_row, concat_texts, first_occurrences, lists_by_row, concat_long, spread
from brandfit.rules.model import Decision
from brandfit.engine.score_checks import FLAGS_TYPE, ScorerColumns, as_arrow, check_batch, whole_batch_error
from brandfit.engine.verdicts import FINAL_SCORE_DIGITS, ScorerWeight, Verdicts, weight_shares


def combine(base: pl.DataFrame, columns: dict[str, ScorerColumns], weights: list[tuple[str, float]],
            decision: Decision, want_evidence: bool) -> pl.DataFrame:
    return Verdicts([ScorerWeight(n, w, PRIOR) for n, w in weights], decision).combine(base, columns, want_evidence)


PRIOR = 12.5

CODES = ["a.veto", "b.veto", "a.hold", "b.hold", "a.other", "b.other", None]


def reference_combine(base: pl.DataFrame, columns: dict[str, ScorerColumns], weights: list[tuple[str, float]],
                      decision: Decision, want_evidence: bool) -> pl.DataFrame:
    """combine as first written: polars list operations throughout."""
    parts = {}
    for name, _ in weights:
        c = columns[name]
        parts[f"score_{name}"] = pl.Series(c.scores)
        parts[f"missing_{name}"] = pl.Series(c.missing)
        parts[f"flags_{name}"] = pl.Series(c.flags)
        parts[f"reason_{name}"] = pl.Series(c.reasons)
        parts[f"error_{name}"] = pl.Series(c.errors)
        if want_evidence and c.evidence is not None:
            parts[f"evidence_{name}"] = pl.Series(c.evidence)
        for metric, values in c.metrics.items():
            if metric not in base.columns and metric not in parts:
                parts[metric] = pl.Series(values)
    frame = base.hstack(pl.DataFrame(parts)) if parts else base
    shares = weight_shares([ScorerWeight(n, w) for n, w in weights])
    weighted = [pl.col(f"score_{n}").fill_null(PRIOR) * s for n, s in shares.items()]
    present = [pl.when(pl.col(f"score_{n}").is_not_null()).then(pl.lit(s)).otherwise(0.0) for n, s in shares.items()]
    if weighted:
        final, coverage = pl.sum_horizontal(weighted), pl.sum_horizontal(present)
    else:
        final, coverage = pl.lit(None, dtype=pl.Float64), pl.lit(0.0)
    flags = (pl.concat_list([pl.col(f"flags_{n}").fill_null([]) for n, _ in weights]).list.unique(maintain_order=True)
             if weights else pl.lit([], dtype=pl.List(pl.String)))
    frame = frame.with_columns(final_score=final.round(FINAL_SCORE_DIGITS), coverage=coverage.round(3), flags=flags)
    flags = pl.col("flags")
    vetoed = flags.list.eval(pl.element().is_in(list(decision.veto))).list.any()
    held = flags.list.eval(pl.element().is_in(list(decision.hold))).list.any()
    by_score = (
        pl.when(pl.col("final_score") >= decision.shortlist).then(pl.lit("shortlist"))
        .when(pl.col("final_score") >= decision.review).then(pl.lit("review"))
        .otherwise(pl.lit("reject"))
    )
    capped = pl.when(by_score == "shortlist").then(pl.lit("review")).otherwise(by_score)
    lacking = [name for name in decision.require]
    unmet = pl.concat_str([pl.when(pl.col(f"score_{n}").is_null()).then(pl.lit(n)) for n in lacking], separator=", ",
                          ignore_nulls=True) if lacking else pl.lit("")
    unmet = pl.when(unmet != "").then(unmet)
    verdict = (
        pl.when(vetoed).then(pl.lit("reject"))
        .when(pl.col("final_score").is_null()).then(pl.lit("review"))
        .when(held | (pl.col("coverage") < decision.min_coverage) | unmet.is_not_null()).then(capped)
        .otherwise(by_score)
    )
    def among(codes: tuple[str, ...]) -> pl.Expr:
        return flags.list.eval(pl.element().filter(pl.element().is_in(list(codes)))).list.join(", ")

    percent = (pl.col("coverage") * 100).round(0).cast(pl.Int64)
    why_verdict = (
        pl.when(vetoed).then(pl.format("vetoed: {}", among(decision.veto)))
        .when(pl.col("final_score").is_null()).then(pl.lit("no scorer has weight: needs a human look"))
        .when(pl.col("coverage") == 0).then(pl.lit("no scorer had data: every score is its prior"))
        .when(held & (by_score != "reject")).then(pl.format("held for review: {}", among(decision.hold)))
        .when(unmet.is_not_null() & (by_score == "shortlist")).then(pl.format("no data from {}, required for a shortlist", unmet))
        .when((pl.col("coverage") < decision.min_coverage) & (by_score == "shortlist"))
        .then(pl.format("only {}% of the weight had data", percent))
    )
    per_scorer = []
    for name, _weight in sorted(weights, key=lambda nw: -nw[1]):
        score_txt = pl.col(f"score_{name}").round(0).cast(pl.Int64).cast(pl.String)
        per_scorer.append(
            pl.when(pl.col(f"error_{name}").is_not_null()).then(pl.format("{}: error ({})", pl.lit(name), pl.col(f"error_{name}")))
            .when(pl.col(f"score_{name}").is_null())
            .then(pl.format("{}: no data ({})", pl.lit(name), pl.col(f"missing_{name}").fill_null("no reason given")))
            .when(pl.col(f"reason_{name}").is_null()).then(pl.format("{} {}", pl.lit(name), score_txt))
            .otherwise(pl.format("{} {}: {}", pl.lit(name), score_txt, pl.col(f"reason_{name}")))
        )
    reasons = pl.concat_list([why_verdict, *per_scorer]).list.drop_nulls()
    errors = pl.concat_list([
        pl.when(pl.col(f"error_{n}").is_not_null()).then(pl.format("{}: {}", pl.lit(n), pl.col(f"error_{n}"))) for n, _ in weights
    ]).list.drop_nulls() if weights else pl.lit([], dtype=pl.List(pl.String))
    return frame.with_columns(verdict=verdict, reasons=reasons, errors=errors)


def random_flags(rng: random.Random) -> list | None:
    roll = rng.random()
    if roll < 0.45:
        return []
    if roll < 0.55:
        return None
    return [rng.choice(CODES) for _ in range(rng.randint(1, 4))]  # repeats and null flags included


def random_batch(rng: random.Random, n: int, as_series: bool, errors: bool, metric: str | None) -> ScoreBatch:
    scores = [rng.choice([None, 0.0, 12.3, 49.95, 50.0, 69.95, 70.0, 88.8, 100.0, math.nan, 140.0, -3.0])
              for _ in range(n)]
    missing = [rng.choice([None, "no posts", ""]) if s is None else None for s in scores]
    reasons = [rng.choice([None, "", "because", "ünïcode ✓"]) for _ in range(n)]
    error_list = [rng.choice([None] * 6 + ["boom", ""]) for _ in range(n)] if errors else None
    flags = [random_flags(rng) for _ in range(n)]
    metrics = {metric: [rng.random() for _ in range(n)]} if metric else {}
    if as_series:
        return ScoreBatch(
            scores=pl.Series(scores, dtype=pl.Float64, nan_to_null=False), missing=pl.Series(missing, dtype=pl.String),
            reasons=pl.Series(reasons, dtype=pl.String), flags=pl.Series(flags, dtype=pl.List(pl.String)),
            errors=None if error_list is None else pl.Series(error_list, dtype=pl.String),
            metrics={k: pl.Series(v) for k, v in metrics.items()},
        )
    return ScoreBatch(scores=scores, missing=missing, reasons=reasons, flags=flags, errors=error_list, metrics=metrics)


def base_frame(n: int) -> pl.DataFrame:
    tiers = pl.Series("tier", ["nano", None, "micro"] * (n // 3) + ["mid"] * (n % 3), dtype=pl.String)
    return pl.DataFrame({"handle": [f"h{i}" for i in range(n)], "platform": ["x"] * n,
                         "followers": [float(i) for i in range(n)]}).hstack([tiers])


DECISIONS = [
    Decision(),  # codes no scorer here raises: nothing vetoed or held
    Decision(veto=("a.veto",), hold=("a.hold",)),
    Decision(veto=("a.veto", "b.veto"), hold=("b.hold", "a.hold"), min_coverage=0.9),
    Decision(veto=(), hold=(), shortlist=50.0, review=50.0, min_coverage=0.0),
    Decision(veto=(), hold=(), shortlist=40.0, review=30.0, min_coverage=0.0, require=("one",)),
    Decision(veto=("a.veto", "b.veto", "a.hold"), hold=("a.other", "b.other", "b.hold"), min_coverage=1.0),
]
WEIGHTS = [
    [("one", 1.0), ("two", 2.0), ("three", 0.5)],
    [("one", 1.0), ("two", 0.0), ("three", 1.0)],   # zero weight: flags count, score does not
    [("one", 0.0), ("two", 0.0)],                    # no weight at all: no final score
    [("one", 3.0)],
    [("one", 1.0), ("two", 1.0), ("three", 1.0), ("four", 1.0)],  # equal weights: rule order for reasons
]


def assert_same(got: pl.DataFrame, expected: pl.DataFrame) -> None:
    assert got.columns == expected.columns
    for column in expected.columns:
        assert got[column].dtype == expected[column].dtype, column
        assert got[column].equals(expected[column], check_names=False), column


@pytest.mark.parametrize("seed", range(6))
@pytest.mark.parametrize("weights", WEIGHTS, ids=lambda w: "-".join(f"{n}{v:g}" for n, v in w))
def test_combine_equals_the_polars_list_formulation(seed: int, weights: list[tuple[str, float]]) -> None:
    rng = random.Random(seed)
    n = rng.choice([1, 7, 300])
    base = base_frame(n)
    columns = {}
    for i, (name, _) in enumerate(weights):
        if rng.random() < 0.15:
            columns[name] = whole_batch_error(n, "RuntimeError: the whole batch failed")
            continue
        metric = rng.choice([None, f"metric_{i}", "flags", "verdict", "tier", "metric_0"])
        raw = random_batch(rng, n, as_series=rng.random() < 0.5, errors=rng.random() < 0.5, metric=metric)
        columns[name] = check_batch(raw, n, want_evidence=False)
    for decision in DECISIONS:
        expected = reference_combine(base, columns, weights, decision, want_evidence=False)
        assert_same(combine(base, columns, weights, decision, want_evidence=False), expected)


def test_combine_of_an_empty_batch() -> None:
    weights = [("one", 1.0), ("two", 2.0)]
    columns = {name: check_batch(ScoreBatch(scores=[], flags=[]), 0, want_evidence=False) for name, _ in weights}
    expected = reference_combine(base_frame(0), columns, weights, Decision(), want_evidence=False)
    assert_same(combine(base_frame(0), columns, weights, Decision(), want_evidence=False), expected)


def test_two_veto_codes_on_one_creator_are_named_in_flag_order() -> None:
    weights = [("one", 1.0), ("two", 1.0)]
    batch = {"one": ScoreBatch(scores=[80.0, 80.0, 80.0], flags=[["b.veto"], ["a.veto"], []]),
             "two": ScoreBatch(scores=[80.0, 80.0, 80.0], flags=[["a.veto", "b.veto"], ["a.veto"], ["a.hold", "b.hold", "a.hold"]])}
    columns = {name: check_batch(raw, 3, want_evidence=False) for name, raw in batch.items()}
    decision = Decision(veto=("a.veto", "b.veto"), hold=("a.hold", "b.hold"))
    got = combine(base_frame(3), columns, weights, decision, want_evidence=False)
    assert got["flags"].to_list() == [["b.veto", "a.veto"], ["a.veto"], ["a.hold", "b.hold"]]
    assert got["verdict"].to_list() == ["reject", "reject", "review"]
    assert [r[0] for r in got["reasons"].to_list()] == ["vetoed: b.veto, a.veto", "vetoed: a.veto", "held for review: a.hold, b.hold"]
    assert_same(got, reference_combine(base_frame(3), columns, weights, decision, want_evidence=False))


@pytest.mark.parametrize("seed", range(8))
def test_check_batch_takes_a_series_as_it_would_come_back_from_arrow(seed: int) -> None:
    rng = random.Random(seed)
    n = rng.choice([1, 5, 200])
    metric = rng.choice([None, "rate"])
    errors = rng.random() < 0.5
    as_lists = random_batch(random.Random(seed), n, as_series=False, errors=errors, metric=metric)
    as_series = random_batch(random.Random(seed), n, as_series=True, errors=errors, metric=metric)
    given_errors = None if as_series.errors is None else as_series.errors.clone()
    fast, general = check_batch(as_series, n, want_evidence=False), check_batch(as_lists, n, want_evidence=False)
    for field in ("scores", "missing", "flags", "reasons", "errors"):
        assert getattr(fast, field).dtype == getattr(general, field).dtype, field
        assert getattr(fast, field).equals(getattr(general, field), check_names=False), field
    assert fast.metrics.keys() == general.metrics.keys()
    for key in fast.metrics:
        assert fast.metrics[key].equals(general.metrics[key], check_names=False)
    if given_errors is not None:  # the scorer's own Series is left as it returned it
        assert as_series.errors.equals(given_errors)


def test_check_batch_messages_for_invalid_scores() -> None:
    scores = pl.Series([1.0, math.nan, 140.0, -0.5, None, 100.0, 101.0, -0.0], nan_to_null=False)
    errors = pl.Series([None, None, "own error", "", None, None, None, None], dtype=pl.String)
    checked = check_batch(ScoreBatch(scores=scores, errors=errors), 8, want_evidence=False)
    assert checked.errors.to_list() == [
        None, "invalid score NaN (expected 0-100 or no data)", "own error",
        "invalid score -0.5 (expected 0-100 or no data)", None, None,
        "invalid score 101 (expected 0-100 or no data)", None,
    ]
    assert checked.scores.to_list() == [1.0, None, None, None, None, 100.0, None, -0.0]


def test_check_batch_converts_other_types_through_arrow() -> None:
    # an Int64 Series or a String flags list is not taken as is: Arrow casts it, as before
    checked = check_batch(ScoreBatch(scores=pl.Series([1, 2]), reasons=pl.Series([1, None]), flags=[("x", "y"), None]),
                          2, want_evidence=False)
    assert checked.scores.dtype == pl.Float64 and checked.scores.to_list() == [1.0, 2.0]
    assert checked.reasons.to_list() == ["1", None]
    assert checked.flags.to_list() == [["x", "y"], None]
    with pytest.raises(ValueError, match="returned 3 scores for 2 creators"):
        check_batch(ScoreBatch(scores=pl.Series([1.0, 2.0, 3.0])), 2, want_evidence=False)


def arrow_lists(values: list, typ: pa.DataType = FLAGS_TYPE) -> pa.Array:
    return as_arrow(values, typ, len(values), "test values")


def test_row_lists_match_polars_list_operations() -> None:
    a = arrow_lists([["x", "y"], None, [], ["x", None, "x"], ["z"]])
    b = arrow_lists([["y"], ["q"], None, [None], []]).slice(0)
    c = arrow_lists([["0"], ["y", "x"], ["1"], ["2"], ["3"], ["4"]]).slice(1)  # sliced: offsets not from 0
    frame = pl.DataFrame({"a": pl.Series(a), "b": pl.Series(b), "c": pl.Series(c)})
    expected = frame.select(pl.concat_list([pl.col(x).fill_null([]) for x in "abc"])).to_series()
    assert pl.Series(concat_by_row([a, b, c], 5)).equals(expected, check_names=False)
    rows, values = concat_long([a, b, c])
    keep = first_occurrences(rows, values)
    unique = pl.Series(lists_by_row(rows[keep], values.take(pl.Series(keep).to_arrow()), 5))
    assert unique.equals(expected.list.unique(maintain_order=True), check_names=False)


def test_concat_texts_matches_concat_list_drop_nulls() -> None:
    frame = pl.DataFrame({"a": ["x", None, "z", None], "b": [None, None, "w", "v"]})
    texts = [pl.col("a"), pl.format("<{}>", pl.col("b")), pl.lit(None, dtype=pl.String)]
    expected = frame.select(pl.concat_list(texts).list.drop_nulls()).to_series()
    assert concat_texts(frame, texts).equals(expected, check_names=False)
    assert concat_texts(frame, []).to_list() == [[], [], [], []]
    assert concat_texts(frame.clear(), texts).to_list() == []


def test_spread_puts_values_at_their_rows() -> None:
    import numpy as np

    values = pl.Series(["a", "b"]).to_arrow()
    assert pl.Series(spread(np.array([1, 3]), values, 5)).to_list() == [None, "a", None, "b", None]
    assert pl.Series(spread(np.array([], dtype=np.int64), values.slice(0, 0), 2)).to_list() == [None, None]


def test_scoring_does_not_load_pandas(tmp_path) -> None:
    # pa.array(...), Array.to_numpy() and Python scalars in pyarrow.compute make pyarrow import
    # pandas (0.2 s or more); the long-form code crosses between numpy and Arrow through polars
    import subprocess
    import sys
    from pathlib import Path

    root = Path(__file__).resolve().parents[1]
    code = (
        "import sys\n"
        "from brandfit.cli import main\n"
        f"sys.argv = ['brandfit', 'score', {str(root / 'examples' / 'creators.jsonl')!r}, '--rules',"
        f" {str(root / 'rules' / 'eco-running.toml')!r}, '-o', {str(tmp_path / 'out.parquet')!r}, '--quiet']\n"
        "try:\n    main()\nexcept SystemExit as exit:\n    assert not exit.code, exit.code\n"
        "assert 'pandas' not in sys.modules, 'pandas was imported'\n"
    )
    subprocess.run([sys.executable, "-P", "-c", code], check=True, capture_output=True, text=True)
