"""Scoring in worker processes gives exactly the single-process results, rejects and counts."""

from __future__ import annotations

import json
from pathlib import Path

import brandfit.inputs.jsonl
from brandfit.engine.batch_engine import Engine
from brandfit.inputs.batches import rows_to_table
from brandfit.inputs.sources import read_input
from brandfit.run.workers import WorkerSetup, stream_scoring_parallel, worker_count
from brandfit.outputs.columns import public_results
from brandfit.rules.validation import load_rules
from brandfit.run.pipeline import RunCounts, run_scoring

ROOT = Path(__file__).resolve().parents[1]
RULES = str(ROOT / "rules" / "eco-running.toml")


def test_workers_match_a_single_process(tmp_path, registry, monkeypatch) -> None:
    lines = (ROOT / "examples" / "creators.jsonl").read_text().splitlines()
    lines.insert(10, "{not json")           # a reject, with its line number
    lines.insert(40, '{"platform": "x"}')   # no handle
    data = tmp_path / "creators.jsonl"
    data.write_text("\n".join(lines) + "\n")
    engine = Engine(load_rules(RULES, registry), registry)
    compact = lambda df: public_results(df, engine)  # noqa: E731

    serial_rejects = tmp_path / "serial.jsonl"
    with serial_rejects.open("w") as out:
        serial, serial_counts = run_scoring(read_input(str(data)), engine, out, compact=compact)

    monkeypatch.setattr(brandfit.inputs.jsonl, "BLOCK_BYTES", 20_000)  # many blocks, several in flight
    parallel_rejects = tmp_path / "parallel.jsonl"
    with parallel_rejects.open("w") as out:
        ranked, counts = stream_scoring_parallel(
            str(data), WorkerSetup(RULES, (), False), workers=2,
            empty=lambda: compact(engine.score_batch(rows_to_table([]))), rejects_out=out)
    try:
        assert ranked.collect().equals(serial)
    finally:
        ranked.close()
    assert counts == serial_counts == RunCounts(rows_read=76, rows_used=74, rows_rejected=2, creators_scored=74)
    assert [json.loads(l)["line"] for l in parallel_rejects.read_text().splitlines()] == [11, 41]
    assert parallel_rejects.read_text() == serial_rejects.read_text()


def test_workers_only_for_jsonl_files_when_asked() -> None:
    assert worker_count("big.jsonl", None, None) == 0
    assert worker_count("big.jsonl", None, 2) == 2
    assert worker_count("big.csv", None, 2) == 0
    assert worker_count("-", "jsonl", 2) == 0
    assert worker_count("big.jsonl.gz", None, 2) == 0
