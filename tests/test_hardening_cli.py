"""Issue 14, item 27: help and listings say everything, and the README's outputs stay out of git."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner

from brandfit.cli import main

REPO = Path(__file__).resolve().parent.parent


def test_help_lists_each_command_with_its_whole_first_sentence():
    result = CliRunner().invoke(main, ["--help"], env={"COLUMNS": "80"})
    text = " ".join(result.output.split())
    assert "..." not in result.output.split("Commands:")[1]
    assert "Show the full breakdown for one creator: every number, its rule and its evidence." in text
    assert "List every installed scorer with its options, defaults and documentation." in text


def test_scorers_shows_whole_defaults():
    result = CliRunner().invoke(main, ["scorers"])
    [line] = [line for line in result.output.splitlines() if line.startswith("    preference:")]
    default = line.split("(default ", 1)[1].split(")  --")[0]
    assert json.loads(default)["mega"] == 40.0


def test_the_readme_outputs_are_ignored_by_git(tmp_path):
    names = ["ranked.csv", "ranked.parquet", "rejects.jsonl", "brandfit-rules.schema.json"]
    done = subprocess.run(["git", "check-ignore", "--no-index", *names], cwd=REPO, capture_output=True, text=True)
    assert sorted(done.stdout.split()) == sorted(names)


@pytest.mark.slow
def test_an_unreachable_dask_scheduler_is_one_line(tmp_path):
    import os
    import sys

    env = dict(os.environ, DASK_DISTRIBUTED__COMM__TIMEOUTS__CONNECT="3s")
    done = subprocess.run([str(Path(sys.executable).parent / "brandfit"), "score", str(REPO / "examples" / "creators.jsonl"),
                           "--rules", str(REPO / "rules" / "eco-running.toml"), "--engine", "dask",
                           "--dask-scheduler", "tcp://127.0.0.1:9", "-q", "--format", "csv"],
                          capture_output=True, text=True, timeout=120, env=env)
    assert done.returncode == 2 and "Traceback" not in done.stderr, done.stderr[-800:]
    assert done.stderr.splitlines() == ["brandfit: error: --dask-scheduler tcp://127.0.0.1:9: cannot reach the Dask "
                                        "scheduler (Timed out trying to connect to tcp://127.0.0.1:9 after 3 s)"]


@pytest.mark.slow
def test_a_missing_filesystem_package_is_named_not_the_extra(tmp_path):
    pytest.importorskip("dask")
    try:
        import s3fs  # noqa: F401
        pytest.skip("s3fs is installed here")
    except ImportError:
        pass
    result = CliRunner().invoke(main, ["score", "s3://bucket/creators.jsonl", "--rules", str(REPO / "rules" / "eco-running.toml"),
                                       "--engine", "dask", "-q", "--format", "csv"])
    assert result.exit_code == 2
    assert result.output.splitlines() == ["brandfit: error: --engine dask: reading s3://bucket/creators.jsonl: "
                                          "Install s3fs to access S3"]
