"""Scoring on a cluster: the same rule file on Dask or Spark, with Arrow batches as the unit of work.

    from brandfit.run.distributed import score_with_dask, score_with_spark

    ranked, counts = score_with_dask("s3://bucket/creators/*.jsonl", "rules/eco-running.toml")
    ranked, counts = score_with_spark(spark, "hdfs:///creators.jsonl", "rules/eco-running.toml")

Both return the ranked public results (the columns ``brandfit score`` writes) and the run counts,
identical to a single-machine run on the same input.

How it works:

- The driver loads the rule file and everything it ``extends`` and validates it once (a bad rule
  file fails here, before any task is sent). The rules then travel **as data**: the parsed TOML of
  every file in the chain (:func:`rules_payload`), a few kilobytes of plain dicts and lists. Each
  worker process rebuilds ``Rules`` and the plugin ``Registry`` from it once and keeps the engine
  for every later task, so the plugins a rule file uses must be installed on the workers (the same
  ``pip install`` as on the driver).
- The input is cut into line-aligned blocks of JSONL (or Parquet files / row groups); each block is
  parsed by pyarrow on the worker and scored by the engine as one Arrow batch. Only results come
  back: one row per creator, none of the posts.
- The driver concatenates the results in input order and ranks them with
  :func:`brandfit.outputs.ranking.rank`, exactly like a local run.

Rejected input rows are counted like a local run; their line numbers are not known on a cluster
(a block does not know how many lines came before it), so ``Reject.line`` is None there.
"""

from __future__ import annotations

import hashlib
import json
from typing import Any, cast
from collections.abc import Iterable, Iterator, Sequence

import attrs

__all__ = ["rules_payload", "score_arrow_batch", "score_with_dask", "score_with_spark", "DEFAULT_BLOCK_BYTES"]

#: JSONL bytes per task: large enough that per-task overhead is small, small enough for many tasks
DEFAULT_BLOCK_BYTES = 64 << 20


# ---- rules as data ------------------------------------------------------------------------------

def rules_payload(rules_path: str, disabled: Sequence[str] = ()) -> dict[str, Any]:
    """The rule file and its ``extends`` chain as plain data, validated here first.

    Raises :class:`brandfit.rules.errors.RuleFileError` for a bad rule file.
    """
    from brandfit.plugin.host import load_registry
    from brandfit.rules.loading import builtin_rulesets, load_chain
    from brandfit.rules.validation import rules_from_chain

    registry = load_registry(disabled)
    chain = load_chain(rules_path, lambda: builtin_rulesets(dict(registry.rulesets)))
    rules = rules_from_chain(chain, registry)
    return {
        "chain": [{"name": s.name, "data": s.data, "lines": s.lines} for s in chain],
        "disabled": list(disabled),
        "fingerprint": rules.fingerprint,
    }


_ENGINES: dict[str, Any] = {}


def _payload_key(payload: dict[str, Any]) -> str:
    return hashlib.sha256(json.dumps(payload, sort_keys=True, default=str).encode()).hexdigest()


def engine_for(payload: dict[str, Any]) -> Any:
    """The engine for ``payload``, built once per worker process."""
    key = _payload_key(payload)
    engine = _ENGINES.get(key)
    if engine is None:
        from brandfit.plugin.host import load_registry
        from brandfit.rules.loading import RuleSource
        from brandfit.rules.validation import rules_from_chain

        registry = load_registry(payload.get("disabled", ()))
        rules = rules_from_chain([RuleSource(name=s["name"], data=s["data"], lines=s["lines"]) for s in payload["chain"]],
                                 registry)
        if rules.fingerprint != payload["fingerprint"]:
            raise RuntimeError(f"rules rebuilt on the worker differ from the driver's (fingerprint {rules.fingerprint} "
                               f"vs {payload['fingerprint']}): are the same plugin versions installed?")
        from brandfit.run.plan import build_engine

        engine = _ENGINES[key] = build_engine(rules, registry)
    return engine


# ---- the unit of work: one Arrow batch ---------------------------------------------------------

@attrs.frozen
class BlockResult:
    """What a task sends back: the scored rows (Arrow) and the counts of its block."""

    results: Any  # pyarrow.Table, internal result columns (see Engine.score_batch)
    rows_used: int
    rows_rejected: int
    scorer_errors: int


def score_arrow_batch(batch: Any, payload: dict[str, Any]) -> Any:
    """Score one Arrow RecordBatch of creators (creator schema) under ``payload``; an Arrow table."""
    engine = engine_for(payload)
    if batch.num_rows == 0:
        return None
    return engine.score_batch(batch).to_arrow()


def score_jsonl_block(block: bytes, payload: dict[str, Any]) -> BlockResult:
    """Parse one line-aligned block of JSONL and score it (runs on a worker)."""
    from brandfit.inputs.jsonl import read_block

    if block and not block.endswith(b"\n"):
        block += b"\n"
    read = read_block(block, "<block>", 1) if block.strip() else None
    if read is None:
        return BlockResult(None, 0, 0, 0)
    return _scored(read.batch, payload, read.rows_used, len(read.rejects))


def score_parquet_piece(path: str, row_groups: list[int] | None, payload: dict[str, Any],
                        storage_options: dict[str, Any] | None = None) -> BlockResult:
    """Read one Parquet file (or some of its row groups) in the creator schema and score it."""
    import pyarrow.parquet as pq

    from brandfit.inputs.creator import CREATOR_SCHEMA

    filesystem, path = _filesystem(path, storage_options)
    file = pq.ParquetFile(path, filesystem=filesystem) if filesystem is not None else pq.ParquetFile(path)
    wanted = [name for name in CREATOR_SCHEMA.names if name in file.schema_arrow.names]
    table = file.read_row_groups(row_groups, columns=wanted) if row_groups is not None else file.read(columns=wanted)
    return _scored_parquet(table.to_batches(), payload)


def _scored_parquet(batches: Iterable[Any], payload: dict[str, Any]) -> BlockResult:
    """Parquet batches read and cleaned as a local run reads them (rows without a handle rejected,
    text counts coerced row by row), then scored; one BlockResult for them all."""
    import pyarrow as pa

    from brandfit.inputs.parquet import read_parquet_batch

    parts = [read_parquet_batch(batch, "<parquet>", 1) for batch in batches if batch.num_rows]
    used = sum(part.rows_used for part in parts)
    rejected = sum(len(part.rejects) for part in parts)
    kept = [part.batch for part in parts if part.batch.num_rows]
    if not kept:
        return BlockResult(None, used, rejected, 0)
    # the row-by-row fallback and the cast path may differ in chunk layout, never in schema
    batch = pa.Table.from_batches(kept).combine_chunks().to_batches()[0]
    return _scored(batch, payload, used, rejected)


def _scored(batch: Any, payload: dict[str, Any], rows_used: int, rows_rejected: int) -> BlockResult:
    table = score_arrow_batch(batch, payload)
    errors = 0
    if table is not None:
        import pyarrow.compute as pc

        errors = int(pc.sum(pc.list_value_length(table.column("errors"))).as_py() or 0)
    return BlockResult(table, rows_used, rows_rejected, errors)


def _filesystem(path: str, storage_options: dict[str, Any] | None) -> tuple[Any, str]:
    if "://" not in path:
        return None, path
    import fsspec  # object storage: s3fs, gcsfs, adlfs... installed on the workers
    from pyarrow.fs import FSSpecHandler, PyFileSystem

    fs, stripped = fsspec.core.url_to_fs(path, **(storage_options or {}))
    return PyFileSystem(FSSpecHandler(fs)), stripped


# ---- gathering and ranking on the driver --------------------------------------------------------

def finish(parts: Iterable[BlockResult], payload: dict[str, Any]) -> tuple[Any, Any]:
    """Concatenate the results in input order, rank them and select the public columns."""
    import polars as pl

    from brandfit.outputs.columns import public_results
    from brandfit.run.pipeline import RunCounts
    from brandfit.outputs.ranking import rank

    engine = engine_for(payload)
    counts = RunCounts()
    frames = []
    for part in parts:
        counts.rows_used += part.rows_used
        counts.rows_rejected += part.rows_rejected
        counts.rows_read += part.rows_used + part.rows_rejected
        counts.scorer_errors += part.scorer_errors
        if part.results is not None and part.results.num_rows:
            counts.creators_scored += part.results.num_rows
            frames.append(cast(pl.DataFrame, pl.from_arrow(part.results)))
    if not frames:
        return pl.DataFrame(), counts
    ranked = rank(pl.concat(frames, how="diagonal_relaxed"), engine.rules.decision.require)
    return public_results(ranked, engine), counts


def _is_parquet(path: str) -> bool:
    return path.lower().rstrip("/").endswith((".parquet", ".pq")) or path.lower().endswith("/")


# ---- Dask ---------------------------------------------------------------------------------------

def score_with_dask(input: str, rules_path: str, client: Any = None, *, block_bytes: int = DEFAULT_BLOCK_BYTES,
                    disabled: Sequence[str] = (), storage_options: dict[str, Any] | None = None,
                    scheduler: str | None = None) -> tuple[Any, Any]:
    """Score ``input`` (JSONL, or Parquet files in the creator schema; local paths, globs or
    fsspec URLs such as ``s3://bucket/creators/*.jsonl``) on Dask; returns (ranked public results,
    RunCounts).

    ``client``: a ``distributed.Client``; if None, one is made for ``scheduler`` (an address such
    as ``tcp://10.0.0.5:8786``), or a local cluster with one worker process per core.
    """
    import dask
    from dask.bytes import read_bytes

    payload = rules_payload(rules_path, disabled)
    own_client: Any = None
    if client is None:
        from distributed import Client, LocalCluster

        own_client = client = Client(scheduler or LocalCluster(processes=True, threads_per_worker=1))
    try:
        if _is_parquet(input):
            tasks = [dask.delayed(score_parquet_piece)(path, groups, payload, storage_options)
                     for path, groups in _parquet_pieces(input, storage_options)]
        else:
            # gzip cannot be cut into blocks: a compressed file is one task, decompressed on its worker
            compressed = input.lower().endswith(".gz")
            _, blocks = read_bytes(input, delimiter=b"\n", blocksize=None if compressed else block_bytes, sample=False,
                                   compression="infer" if compressed else None, **(storage_options or {}))
            tasks = [dask.delayed(score_jsonl_block)(block, payload) for file_blocks in blocks for block in file_blocks]
        futures = client.compute(tasks)
        parts = client.gather(futures)
        return finish(parts, payload)
    finally:
        if own_client is not None:
            own_cluster = getattr(own_client, "cluster", None)
            own_client.close()
            if own_cluster is not None and not scheduler:
                own_cluster.close()


def _parquet_pieces(input: str, storage_options: dict[str, Any] | None) -> list[tuple[str, list[int] | None]]:
    """One task per Parquet file (files are the natural unit; big row groups could be split)."""
    import fsspec

    fs, _ = fsspec.core.url_to_fs(input, **(storage_options or {}))
    if fs.isdir(input):
        paths = sorted(p for p in fs.find(input) if p.endswith((".parquet", ".pq")))
    else:
        paths = sorted(fs.glob(input)) or [input]
    protocol = input.split("://", 1)[0] + "://" if "://" in input else ""
    return [(protocol + p if protocol and "://" not in p else p, None) for p in paths]


# ---- Spark --------------------------------------------------------------------------------------

def score_with_spark(spark: Any, input: str, rules_path: str, *, disabled: Sequence[str] = (),
                     partitions: int | None = None) -> tuple[Any, Any]:
    """Score ``input`` (JSONL as text lines, or Parquet in the creator schema) with Spark's
    ``DataFrame.mapInArrow``: each Arrow batch of lines is parsed and scored by the engine on the
    executor. Returns (ranked public results, RunCounts), gathered on the driver.

    The executors' Python needs brandfit and the plugins the rules use (``PYSPARK_PYTHON``).
    """
    import pyarrow as pa

    payload = rules_payload(rules_path, disabled)
    result_schema = _result_arrow_schema(payload)
    counts_schema = pa.schema([("rows_used", pa.int64()), ("rows_rejected", pa.int64())])
    out_schema = pa.schema(list(result_schema) + [pa.field("_block_counts", pa.struct(list(counts_schema)))])
    from pyspark.sql.pandas.types import from_arrow_schema

    spark_schema = from_arrow_schema(out_schema)

    if _is_parquet(input):
        frame = spark.read.parquet(input)

        def run(batches: Iterator[Any]) -> Iterator[Any]:
            for batch in batches:
                yield from _spark_out(_scored_parquet([batch], payload), out_schema)
    else:
        frame = spark.read.text(input)

        def run(batches: Iterator[Any]) -> Iterator[Any]:
            for batch in batches:
                lines = batch.column(0).to_pylist()
                block = "\n".join(line for line in lines if line is not None).encode("utf-8") + b"\n"
                yield from _spark_out(score_jsonl_block(block, payload), out_schema)

    if partitions:
        frame = frame.coalesce(partitions)
    scored = frame.mapInArrow(run, spark_schema)
    table = scored.toArrow() if hasattr(scored, "toArrow") else pa.Table.from_pandas(scored.toPandas())
    block_counts = table.column("_block_counts").combine_chunks()
    table = table.drop(["_block_counts"])
    return _finish_spark(table, block_counts, payload)


def _spark_out(part: BlockResult, out_schema: Any) -> Iterator[Any]:
    """The rows of a block plus one counts-only row (all result columns null) carrying its counts."""
    import pyarrow as pa

    fields = list(out_schema)
    if part.results is not None and part.results.num_rows:
        table = part.results
        columns = [table.column(f.name).cast(f.type) if f.name in table.column_names else pa.nulls(table.num_rows, f.type)
                   for f in fields[:-1]]
        columns.append(pa.nulls(table.num_rows, fields[-1].type))
        yield from pa.Table.from_arrays(columns, schema=out_schema).to_batches()
    marker = [pa.nulls(1, f.type) for f in fields[:-1]]
    marker.append(pa.array([{"rows_used": part.rows_used, "rows_rejected": part.rows_rejected}], fields[-1].type))
    yield pa.RecordBatch.from_arrays(marker, schema=out_schema)


def _finish_spark(table: Any, block_counts: Any, payload: dict[str, Any]) -> tuple[Any, Any]:
    import pyarrow.compute as pc

    is_marker = pc.is_valid(block_counts)
    used = int(pc.sum(pc.struct_field(block_counts, "rows_used")).as_py() or 0)
    rejected = int(pc.sum(pc.struct_field(block_counts, "rows_rejected")).as_py() or 0)
    rows = table.filter(pc.invert(is_marker))
    errors = int(pc.sum(pc.list_value_length(rows.column("errors"))).as_py() or 0) if rows.num_rows else 0
    part = BlockResult(rows if rows.num_rows else None, used, rejected, errors)
    return finish([part], payload)


def _result_arrow_schema(payload: dict[str, Any]) -> Any:
    """The Arrow schema of the engine's result rows for these rules (from scoring one creator),
    with plain string and list types, as Spark wants them."""
    import pyarrow as pa

    from brandfit.inputs.batches import rows_to_table
    from brandfit.inputs.coercion import coerce_creator

    sample = rows_to_table([coerce_creator({"handle": "schema-probe", "platform": "instagram", "followers": 1000,
                                            "posts": [{"caption": "probe", "likes": 1, "comments": 1}]})])
    table = score_arrow_batch(sample, payload)
    return pa.schema([pa.field(f.name, _plain(f.type)) for f in table.schema])


def _plain(typ: Any) -> Any:
    import pyarrow as pa

    if pa.types.is_large_string(typ) or pa.types.is_string_view(typ) or pa.types.is_string(typ):
        return pa.string()
    if pa.types.is_large_list(typ) or pa.types.is_list(typ) or pa.types.is_list_view(typ) or pa.types.is_large_list_view(typ):
        return pa.list_(_plain(typ.value_type))
    if pa.types.is_struct(typ):
        return pa.struct([pa.field(f.name, _plain(f.type)) for f in typ])
    if pa.types.is_unsigned_integer(typ):
        return pa.int64()
    if pa.types.is_dictionary(typ):
        return _plain(typ.value_type)
    return typ
