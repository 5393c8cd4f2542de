"""The console script's quick exit (brandfit.run.process_exit): nothing a run writes or a plugin
registers is lost by skipping the interpreter's teardown."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from brandfit.run.process_exit import exit_code

REPO = Path(__file__).resolve().parents[1]
EXAMPLES = REPO / "examples" / "creators.jsonl"
RULES = REPO / "rules" / "eco-running.toml"


def console(args: list[str], before: str = "", **kwargs: object) -> subprocess.CompletedProcess[str]:
    """``brandfit ARGS`` through the console script's own entry point, in a fresh interpreter."""
    code = f"import sys\n{before}\nsys.argv = ['brandfit', *{args!r}]\nfrom brandfit.cli import console\nconsole()\n"
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=REPO, **kwargs)  # type: ignore[call-overload]


@pytest.mark.parametrize(("code", "expected"), [(None, 0), (0, 0), (3, 3), ("stopped", 1)])
def test_exit_codes_are_the_interpreters(code: object, expected: int) -> None:
    assert exit_code(code) == expected


def test_every_output_line_is_written_before_the_exit() -> None:
    done = console(["score", str(EXAMPLES), "--rules", str(RULES), "--format", "jsonl"])
    assert done.returncode == 0, done.stderr
    rows = [json.loads(line) for line in done.stdout.splitlines()]
    assert len(rows) == 74 and rows[-1]["rank"] == 74
    assert "scored 74 creators" in done.stderr


def test_a_plugins_atexit_handler_still_runs_and_the_exit_code_stays() -> None:
    before = "import atexit\natexit.register(lambda: print('plugin handler ran', flush=True))"
    done = console(["score", str(EXAMPLES), "--rules", "no-such-rules.toml"], before)
    assert done.returncode == 3
    assert "plugin handler ran" in done.stdout
    assert "rule file not found" in done.stderr


def test_the_installed_script_is_the_quick_exit() -> None:
    from importlib.metadata import entry_points

    (script,) = [e for e in entry_points(group="console_scripts") if e.name == "brandfit"]
    assert script.value == "brandfit.cli:console"
