"""Scoring on real local clusters (Dask LocalCluster with 2 worker processes, Spark local[2]) gives
exactly the results of a single-machine run on the same input."""

from __future__ import annotations

import importlib.util
import os
import sys
from pathlib import Path

import polars as pl
import pytest
from polars.testing import assert_frame_equal

from brandfit.run.plan import build_engine
from brandfit.inputs.sources import read_input
from brandfit.plugin.host import load_registry
from brandfit.outputs.columns import public_results
from brandfit.rules.validation import load_rules
from brandfit.run.pipeline import run_scoring

REPO = Path(__file__).resolve().parent.parent
RULES = REPO / "rules" / "eco-running.toml"

sys.path.insert(0, str(REPO / "bench"))
from make_creators import write_creators  # noqa: E402

sys.path.pop(0)


def _has(module: str) -> bool:
    return importlib.util.find_spec(module) is not None


@pytest.fixture(scope="module")
def creators_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("dist") / "creators.jsonl"
    write_creators(path, 3000, posts=6, seed=11)
    # a broken line and a line without a handle are rejected the same way everywhere
    with path.open("ab") as out:
        out.write(b'{"handle": "broken", "posts": [\n{"platform": "instagram", "followers": 5}\n')
    return path


def local_run(path: Path) -> tuple[pl.DataFrame, object]:
    registry = load_registry()
    rules = load_rules(RULES, registry)
    engine = build_engine(rules, registry, want_evidence=False)
    results, counts = run_scoring(read_input(str(path)), engine)
    return public_results(results, engine), counts


def same(distributed: pl.DataFrame, local: pl.DataFrame) -> None:
    assert distributed.columns == local.columns
    assert_frame_equal(distributed, local.cast(distributed.schema), check_dtypes=False)


@pytest.mark.skipif(not (_has("dask") and _has("distributed")), reason="dask[distributed] not installed (pip install 'brandfit[dask]')")
@pytest.mark.slow
def test_dask_local_cluster_matches_single_machine(creators_file: Path) -> None:
    from distributed import Client, LocalCluster

    from brandfit.run.distributed import score_with_dask

    expected, expected_counts = local_run(creators_file)
    with LocalCluster(n_workers=2, processes=True, threads_per_worker=1, dashboard_address=None) as cluster, \
            Client(cluster) as client:
        # small blocks: many tasks over both workers
        ranked, counts = score_with_dask(str(creators_file), str(RULES), client=client, block_bytes=1 << 20)
    same(ranked, expected)
    assert (counts.rows_read, counts.rows_used, counts.rows_rejected, counts.creators_scored) == \
        (expected_counts.rows_read, expected_counts.rows_used, expected_counts.rows_rejected, expected_counts.creators_scored)
    assert counts.rows_rejected == 2


@pytest.mark.skipif(not _has("pyspark"), reason="pyspark not installed (pip install 'brandfit[spark]')")
@pytest.mark.slow
def test_spark_local_matches_single_machine(creators_file: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import shutil

    if shutil.which("java") is None and not os.environ.get("JAVA_HOME"):
        pytest.skip("Spark needs Java (java on PATH or JAVA_HOME)")
    monkeypatch.setenv("PYSPARK_PYTHON", sys.executable)
    monkeypatch.setenv("PYSPARK_DRIVER_PYTHON", sys.executable)
    from pyspark.sql import SparkSession

    from brandfit.run.distributed import score_with_spark

    expected, expected_counts = local_run(creators_file)
    spark = (SparkSession.builder.master("local[2]").appName("brandfit-test")
             .config("spark.ui.enabled", "false").config("spark.sql.shuffle.partitions", "2")
             .config("spark.sql.files.maxPartitionBytes", str(1 << 20))  # several partitions
             .config("spark.sql.execution.arrow.maxRecordsPerBatch", "700")
             .getOrCreate())
    try:
        ranked, counts = score_with_spark(spark, str(creators_file), str(RULES))
    finally:
        spark.stop()
    same(ranked, expected)
    assert (counts.rows_read, counts.rows_used, counts.rows_rejected, counts.creators_scored) == \
        (expected_counts.rows_read, expected_counts.rows_used, expected_counts.rows_rejected, expected_counts.creators_scored)


def test_rules_travel_as_plain_data() -> None:
    import json

    from brandfit.run.distributed import engine_for, rules_payload

    payload = rules_payload(str(RULES))
    shipped = json.loads(json.dumps(payload))  # nothing but JSON-able data crosses the wire
    engine = engine_for(shipped)
    assert engine.fingerprint == load_rules(RULES, load_registry()).fingerprint
