"""The output for the example data is pinned: `brandfit score examples/creators.jsonl` with every
rules/*.toml, and one `brandfit explain`, must equal the files in tests/fixtures/golden/ byte for byte.

A change that means to change these outputs regenerates them, and the diff goes into the same commit:

    BRANDFIT_UPDATE_GOLDEN=1 python -P -m pytest tests/test_golden_examples.py
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from click.testing import CliRunner

from brandfit.cli import main

ROOT = Path(__file__).resolve().parents[1]
GOLDEN = ROOT / "tests" / "fixtures" / "golden"
# relative, as in the docs: explain quotes the rule file's path as it was given
EXAMPLES = "examples/creators.jsonl"
UPDATE = os.environ.get("BRANDFIT_UPDATE_GOLDEN") == "1"


def check(name: str, text: str) -> None:
    path = GOLDEN / name
    if UPDATE:
        path.write_text(text, encoding="utf-8")
    assert path.exists(), f"{path} is missing: regenerate it (see this module's docstring)"
    assert text == path.read_text(encoding="utf-8"), f"output differs from {path} (see this module's docstring)"


@pytest.mark.parametrize("rules", sorted(p.name for p in (ROOT / "rules").glob("*.toml")))
def test_score_output_is_pinned(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, rules: str) -> None:
    monkeypatch.chdir(ROOT)
    out, rejects = tmp_path / "out.jsonl", tmp_path / "rejects.jsonl"
    result = CliRunner().invoke(main, ["score", EXAMPLES, "--rules", f"rules/{rules}",
                                       "-o", str(out), "--rejects", str(rejects)])
    assert result.exit_code == 0, result.output
    stem = rules.removesuffix(".toml")
    check(f"{stem}.jsonl", out.read_text(encoding="utf-8"))
    check(f"{stem}.rejects.jsonl", rejects.read_text(encoding="utf-8"))


def test_explain_output_is_pinned(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    result = CliRunner().invoke(main, ["explain", EXAMPLES, "trailrunner.jess", "--rules", "rules/eco-running.toml"])
    assert result.exit_code == 0, result.output
    check("explain-trailrunner.jess.txt", result.stdout)
