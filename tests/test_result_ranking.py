"""Ranking through sorted runs on disk gives exactly the in-memory ranking, ties included."""

from __future__ import annotations

import random

import polars as pl
import pytest

from brandfit.outputs.ranking import RankedResults, rank
from brandfit.engine.verdicts import VERDICT_ORDER
from brandfit.outputs.destinations import open_output
from brandfit.outputs.writers import write_results_to


def results_frame(n: int, seed: int = 1) -> pl.DataFrame:
    rng = random.Random(seed)
    return pl.DataFrame([{
        "handle": rng.choice("abcdef") + str(rng.randint(0, 30)),   # duplicates: ties on every key
        "platform": rng.choice(["x", "tiktok", None]),
        "verdict": rng.choice(["shortlist", "review", "reject"]),
        "final_score": rng.choice([None, 0.0, 12.3, 50.0, 70.5, 99.9, 100.0]),
        "coverage": rng.choice([0.0, 0.375, 0.625, 1.0]),
        "score_engagement": rng.choice([None, 0.0, 25.3, 50.0, 100.0]),
        "row": i,
    } for i in range(n)])


def reference_rank(frame: pl.DataFrame, required: tuple[str, ...] = ()) -> pl.DataFrame:
    """The ranking spelled out column by column, to check the single sort key against."""
    order = pl.col("verdict").replace_strict(VERDICT_ORDER, return_dtype=pl.Int8)
    lacking = pl.any_horizontal([pl.col(f"score_{r}").is_null() for r in required] or [pl.lit(False)])
    return frame.with_columns(_order=order, _lacking=lacking).sort(
        ["_order", "_lacking", "final_score", "coverage", "score_engagement", "handle", "platform"],
        descending=[False, False, True, True, True, False, False],
        nulls_last=True, maintain_order=True,
    ).drop("_order", "_lacking").with_row_index("rank", offset=1)


def test_the_rank_key_sorts_as_the_ranking_reads() -> None:
    frame = results_frame(3000)
    assert rank(frame).equals(reference_rank(frame))


def test_with_required_scorers_the_rank_key_sorts_as_the_ranking_reads() -> None:
    frame = results_frame(3000).with_columns(
        score_values=pl.Series([None if i % 3 == 0 else 40.0 + i % 7 for i in range(3000)], dtype=pl.Float64))
    assert rank(frame, ("values", "engagement")).equals(reference_rank(frame, ("values", "engagement")))
    assert rank(frame, ("values", "not_enabled")).equals(reference_rank(frame, ("values",)))


def test_a_creator_without_a_required_score_ranks_below_every_one_with_it_in_its_verdict() -> None:
    frame = pl.DataFrame({
        "handle": ["prior_lifted", "measured", "rejected"], "platform": ["x"] * 3,
        "verdict": ["review", "review", "reject"], "final_score": [69.0, 51.0, 80.0],
        "coverage": [0.6, 1.0, 1.0], "score_engagement": [90.0, 50.0, 50.0],
        "score_values": [None, 42.0, 60.0],
    })
    assert rank(frame)["handle"].to_list() == ["prior_lifted", "measured", "rejected"]
    assert rank(frame, ("values",))["handle"].to_list() == ["measured", "prior_lifted", "rejected"]


def test_ties_on_the_final_score_go_to_coverage_then_engagement_before_the_handle() -> None:
    frame = pl.DataFrame({
        "handle": ["aa", "bb", "cc", "dd"], "platform": ["x"] * 4, "verdict": ["review"] * 4,
        "final_score": [60.0] * 4, "coverage": [0.625, 1.0, 1.0, 1.0], "score_engagement": [90.0, None, 40.0, 55.5],
    })
    assert rank(frame)["handle"].to_list() == ["dd", "cc", "bb", "aa"]
    # without an engagement scorer, the handle breaks what coverage leaves tied
    assert rank(frame.drop("score_engagement"))["handle"].to_list() == ["bb", "cc", "dd", "aa"]


@pytest.mark.parametrize(("spill_rows", "slice_rows"), [(10**9, 16384), (700, 50), (333, 7), (1, 1)])
def test_spilled_ranking_equals_in_memory_ranking(spill_rows: int, slice_rows: int) -> None:
    frame = results_frame(3000).with_columns(score_values=pl.Series([None if i % 5 == 0 else 50.0 for i in range(3000)]))
    expected = reference_rank(frame, ("values",))
    ranked = RankedResults(spill_rows=spill_rows, slice_rows=slice_rows, required=("values",))
    for start in range(0, frame.height, 250):
        ranked.add(frame.slice(start, 250))
    try:
        got = ranked.collect()
    finally:
        ranked.close()
    assert got.columns[0] == "rank"
    assert got.select(expected.columns).equals(expected)


def test_results_spill_by_their_size_in_memory() -> None:
    frame = results_frame(1000)
    part = frame.slice(0, 100).estimated_size()
    ranked = RankedResults(spill_bytes=int(part * 2.5), slice_rows=64)
    for start in range(0, 1000, 100):
        ranked.add(frame.slice(start, 100))
    try:
        assert len(ranked._runs) == 3  # noqa: SLF001 - a run at every third 100-row part
        got = ranked.collect()
        expected = reference_rank(frame)
        assert got.select(expected.columns).equals(expected)
    finally:
        ranked.close()


def test_spill_files_are_removed_on_close() -> None:
    ranked = RankedResults(spill_rows=10, slice_rows=5)
    for start in range(0, 100, 20):
        ranked.add(results_frame(100).slice(start, 20))
    directory = ranked._dir.name  # noqa: SLF001 - checking the clean-up itself
    assert len(ranked._runs) == 5
    assert [c.height for c in ranked.chunks()] and sum(c.height for c in ranked.chunks()) == 100
    ranked.close()
    import os

    assert not os.path.exists(directory)


def test_scoring_with_spilled_runs_equals_scoring_in_memory(registry) -> None:
    from pathlib import Path

    from brandfit.engine.batch_engine import Engine
    from brandfit.inputs.sources import read_input
    from brandfit.rules.validation import load_rules
    from brandfit.run.pipeline import run_scoring, stream_scoring

    root = Path(__file__).resolve().parents[1]
    engine = Engine(load_rules(root / "rules" / "eco-running.toml", registry), registry)
    examples = str(root / "examples" / "creators.jsonl")
    in_memory, _ = run_scoring(read_input(examples), engine)
    streamed, counts = stream_scoring(read_input(examples), engine, spill_rows=5)
    try:
        assert streamed._runs  # noqa: SLF001 - it did spill
        assert streamed.collect().equals(in_memory)
    finally:
        streamed.close()
    assert counts.creators_scored == in_memory.height == 74


def write_file(results: RankedResults, path: str, fmt: str) -> None:
    """As `brandfit score -o PATH` writes (cli._open_outputs, then write_results_to)."""
    out = open_output(path, binary=fmt == "parquet")
    write_results_to(results, out.stream, fmt)
    out.commit()


@pytest.mark.parametrize("fmt", ["parquet", "jsonl", "csv"])
def test_written_file_holds_the_spilled_ranking_in_large_row_groups(tmp_path, fmt: str) -> None:
    import pyarrow.parquet as pq

    frame = results_frame(3000)
    expected = reference_rank(frame)
    ranked = RankedResults(spill_rows=700, slice_rows=50)  # many small merged chunks
    for start in range(0, frame.height, 250):
        ranked.add(frame.slice(start, 250))
    path = tmp_path / f"out.{fmt}"
    try:
        write_file(ranked, str(path), fmt)
    finally:
        ranked.close()
    read = {"parquet": pl.read_parquet, "jsonl": pl.read_ndjson, "csv": pl.read_csv}[fmt](path)
    assert read.select(expected.columns).equals(expected.cast(read.select(expected.columns).schema))
    if fmt == "parquet":
        assert pq.ParquetFile(path).num_row_groups == 1  # the 60 merged chunks, gathered


@pytest.mark.parametrize("spill_rows", [None, 700])
def test_parquet_is_the_same_written_at_once_or_merged_from_spilled_runs(tmp_path, spill_rows: int | None) -> None:
    import pyarrow.parquet as pq

    from brandfit.outputs.ranking import RANKING

    frame = results_frame(3000)
    expected = reference_rank(frame)
    ranked = RankedResults(spill_rows=spill_rows, slice_rows=50)
    for start in range(0, frame.height, 250):
        ranked.add(frame.slice(start, 250))
    assert ranked.in_memory() is (spill_rows is None)
    path = tmp_path / "out.parquet"
    try:
        write_file(ranked, str(path), "parquet")
    finally:
        ranked.close()
    read = pl.read_parquet(path)
    assert read.select(expected.columns).equals(expected.cast(read.select(expected.columns).schema))
    assert read.schema["rank"] == pl.UInt32
    # the ranking in words, in the file's key-value metadata either way (docs/cli.md)
    assert pq.read_metadata(path).metadata[b"brandfit.ranking"] == RANKING.encode()


def test_no_creators_still_write_a_parquet_file_with_columns(tmp_path) -> None:
    ranked = RankedResults()
    ranked.add(results_frame(5).clear())
    path = tmp_path / "empty.parquet"
    try:
        write_file(ranked, str(path), "parquet")
    finally:
        ranked.close()
    assert pl.read_parquet(path).columns == ["rank", *results_frame(5).columns]
