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


# ---- the engines read odd input exactly as a local run does (issue 14 item 26) -----------------

def _parquet(path: Path, handles: list[object], followers: list[object]) -> Path:
    import pyarrow as pa
    import pyarrow.parquet as pq

    posts = [{"caption": f"trail run {i} recycled shoes", "likes": 40 + i, "comments": 3} for i in range(4)]
    rows = [{"handle": h, "platform": "instagram", "followers": f, "bio": "trail runner", "posts": posts}
            for h, f in zip(handles, followers, strict=True)]
    pq.write_table(pa.Table.from_pylist(rows), path)
    return path


@pytest.fixture(scope="module")
def odd_inputs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    import gzip
    import shutil

    folder = tmp_path_factory.mktemp("odd")
    gz = folder / "creators.jsonl.gz"
    with (REPO / "examples" / "creators.jsonl").open("rb") as src, gzip.open(gz, "wb") as out:
        shutil.copyfileobj(src, out)
    return {
        "gzip": gz,
        # one good handle; blank, "#N/A", "@" and null are rejected
        "handles": _parquet(folder / "handles.parquet", ["@trail.tess", "  ", "#N/A", "@", None],
                            [12000, 8000, 9000, 7000, 6000]),
        # followers stored as text: coerced row by row, "3.3M" read, "lots" missing
        "text_counts": _parquet(folder / "text.parquet", ["a.runner", "b.runner", "c.runner", "d.runner"],
                                ["12000", "3.3M", "lots", None]),
    }


def _counts(counts: object) -> tuple[int, ...]:
    return tuple(getattr(counts, name) for name in ("rows_read", "rows_used", "rows_rejected", "creators_scored"))


def test_local_run_of_odd_inputs_rejects_what_it_should(odd_inputs: dict[str, Path]) -> None:
    # the baseline the engines are held to: not a vacuous one
    assert _counts(local_run(odd_inputs["handles"])[1]) == (5, 1, 4, 1)
    assert _counts(local_run(odd_inputs["text_counts"])[1])[1] == 4
    assert _counts(local_run(odd_inputs["gzip"])[1])[1] > 0


@pytest.mark.skipif(not (_has("dask") and _has("distributed")), reason="dask[distributed] not installed (pip install 'brandfit[dask]')")
@pytest.mark.slow
def test_dask_reads_gzip_and_odd_parquet_like_local(odd_inputs: dict[str, Path]) -> None:
    from distributed import Client, LocalCluster

    from brandfit.run.distributed import score_with_dask

    with LocalCluster(n_workers=2, processes=True, threads_per_worker=1, dashboard_address=None) as cluster, \
            Client(cluster) as client:
        for name, path in odd_inputs.items():
            expected, expected_counts = local_run(path)
            ranked, counts = score_with_dask(str(path), str(RULES), client=client)
            assert _counts(counts) == _counts(expected_counts), name
            same(ranked, expected)


@pytest.mark.skipif(not _has("pyspark"), reason="pyspark not installed (pip install 'brandfit[spark]')")
@pytest.mark.slow
def test_spark_reads_gzip_and_odd_parquet_like_local(odd_inputs: dict[str, Path], monkeypatch: pytest.MonkeyPatch) -> None:
    import shutil

    if shutil.which("java") is None and not os.environ.get("JAVA_HOME"):
        pytest.skip("Spark needs Java (java on PATH or JAVA_HOME)")
    monkeypatch.setenv("PYSPARK_PYTHON", sys.executable)
    monkeypatch.setenv("PYSPARK_DRIVER_PYTHON", sys.executable)
    from pyspark.sql import SparkSession

    from brandfit.run.distributed import score_with_spark

    spark = (SparkSession.builder.master("local[2]").appName("brandfit-test-odd")
             .config("spark.ui.enabled", "false").config("spark.sql.shuffle.partitions", "2").getOrCreate())
    try:
        for name, path in odd_inputs.items():
            expected, expected_counts = local_run(path)
            ranked, counts = score_with_spark(spark, str(path), str(RULES))
            assert _counts(counts) == _counts(expected_counts), name
            same(ranked, expected)
    finally:
        spark.stop()
