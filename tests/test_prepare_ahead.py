"""The engine prepares batches (text matched) ahead of scoring on other threads: same results,
failures still reported by the scorer that reads the text."""

from __future__ import annotations

import threading
from pathlib import Path

import polars as pl
import pytest

from brandfit.engine.batch_engine import Engine
from brandfit.run.plan import build_engine
from brandfit.inputs.sources import read_input
from brandfit.plugin.host import load_registry
from brandfit.inputs.rejects import ReadBatch
from brandfit.rules.validation import load_rules
from brandfit.run.pipeline import run_scoring

REPO = Path(__file__).resolve().parent.parent
EXAMPLES = REPO / "examples" / "creators.jsonl"
RULES = REPO / "rules" / "eco-running.toml"


def _batches(size: int) -> list[ReadBatch]:
    """The example creators cut into several batches, so preparation really runs ahead."""
    whole = next(iter(read_input(str(EXAMPLES)))).batch
    return [ReadBatch(batch=whole.slice(i, size), rows_used=min(size, whole.num_rows - i))
            for i in range(0, whole.num_rows, size)]


def _engine() -> Engine:
    registry = load_registry()
    return build_engine(load_rules(RULES, registry), registry)


def test_prepared_run_equals_batch_by_batch_scoring() -> None:
    batches = _batches(10)
    assert len(batches) > 3
    prepared, counts = run_scoring(iter(batches), _engine())
    plain_engine = _engine()
    plain = pl.concat([plain_engine.score_batch(b.batch) for b in batches])
    columns = ["handle", "final_score", "verdict", "reasons", "flags"]
    assert counts.creators_scored == plain.height
    assert prepared.select(columns).sort("handle").equals(plain.select(columns).sort("handle"))


def test_prepare_runs_ahead_on_other_threads(monkeypatch: pytest.MonkeyPatch) -> None:
    engine = _engine()
    threads: list[str] = []
    original = engine.prepare

    def spy(batch):  # type: ignore[no-untyped-def]
        threads.append(threading.current_thread().name)
        return original(batch)

    monkeypatch.setattr(engine, "prepare", spy)
    run_scoring(iter(_batches(20)), engine)
    assert threads and all(name.startswith("brandfit-prepare") for name in threads)


def test_a_failing_text_match_is_met_again_and_reported_by_the_scorer(monkeypatch: pytest.MonkeyPatch) -> None:
    from brandfit.text.batch import BatchTexts

    def broken(*args: object) -> None:
        raise RuntimeError("matching broke")

    monkeypatch.setattr(BatchTexts, "match", broken)
    results, counts = run_scoring(iter(_batches(20)), _engine())
    assert counts.creators_scored == results.height == 74
    for name in ("values", "controversy"):  # the scorers that read text report it; the others stand
        assert results[f"score_{name}"].null_count() == 74
    assert all("values: RuntimeError: matching broke" in e for e in results["errors"].to_list())
    assert results["score_tier"].null_count() < 74


def test_allocator_tuning_applies_on_glibc_and_is_harmless_elsewhere() -> None:
    import ctypes.util
    import platform

    from brandfit.run.memory import tune_allocator

    applied = tune_allocator()
    if platform.system() == "Linux" and platform.libc_ver()[0] == "glibc" and ctypes.util.find_library("c"):
        assert applied is True
    else:
        assert applied in (True, False)
