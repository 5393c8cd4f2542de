"""Issue 14, item 27: help and listings say everything, and the README's outputs stay out of git."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

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
