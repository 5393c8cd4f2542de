"""Shared fixtures for the brandfit test suite.

Always import ``brandfit`` (the installed package), never ``core``: run the suite with
``python -P -m pytest`` so the repository root is not on sys.path.
"""

from __future__ import annotations

import json
import textwrap
from pathlib import Path
from typing import Any
from collections.abc import Callable

import pytest

import brandfit.engine.batch_engine
import brandfit.inputs.batches
import brandfit.plugin.host
import brandfit.inputs.coercion
from brandfit.run.plan import build_engine
import brandfit.rules.validation

# Most scorer tests use rule files without `extends`: only the scorers the test names run, each with
# its own option defaults (docs/rule-files.md: "A rule file with no extends stands alone").


@pytest.fixture(scope="session")
def registry() -> brandfit.plugin.host.Registry:
    return brandfit.plugin.host.load_registry()


@pytest.fixture
def write_rules(tmp_path: Path) -> Callable[..., Path]:
    """write_rules(text, name="rules.toml") -> path of a rule file holding the dedented text."""

    def write(text: str, name: str = "rules.toml") -> Path:
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
        return path

    return write


@pytest.fixture
def write_creators(tmp_path: Path) -> Callable[..., Path]:
    """write_creators(list_of_dicts, name="creators.jsonl") -> path of a JSONL file, one dict a line."""

    def write(creators: list[dict[str, Any]], name: str = "creators.jsonl") -> Path:
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("".join(json.dumps(c, ensure_ascii=False) + "\n" for c in creators), encoding="utf-8")
        return path

    return write


def load_rules_text(rules_text: str, tmp_path: Path, name: str = "rules.toml", registry: Any = None):
    path = tmp_path / name
    path.write_text(textwrap.dedent(rules_text).lstrip("\n"), encoding="utf-8")
    return brandfit.rules.validation.load_rules(path, registry or brandfit.plugin.host.load_registry())


def score_creators(creators: list[dict[str, Any]], rules_text: str, tmp_path: Path,
                   want_evidence: bool = True, registry: Any = None) -> list[dict[str, Any]]:
    """Score ``creators`` (input-style dicts) under ``rules_text``; one result dict per creator, in order."""
    reg = registry or brandfit.plugin.host.load_registry()
    rules = load_rules_text(rules_text, tmp_path, registry=reg)
    engine = build_engine(rules, reg, want_evidence=want_evidence)
    batch = brandfit.inputs.batches.rows_to_table([brandfit.inputs.coercion.coerce_creator(c) for c in creators])
    return engine.score_batch(batch).to_dicts()


@pytest.fixture
def score(tmp_path: Path, registry: Any) -> Callable[..., list[dict[str, Any]]]:
    """score(creators, rules_text, want_evidence=True) -> list of result rows (tmp_path bound)."""

    def run(creators: list[dict[str, Any]], rules_text: str, want_evidence: bool = True) -> list[dict[str, Any]]:
        return score_creators(creators, rules_text, tmp_path, want_evidence=want_evidence, registry=registry)

    return run


def by_handle(rows: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    return {r["handle"]: r for r in rows}
