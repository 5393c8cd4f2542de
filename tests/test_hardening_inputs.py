"""Issue 14: one bad row or value is rejected with its line, and never poisons or crashes the run."""

from __future__ import annotations

import json
import re

from click.testing import CliRunner

from brandfit.cli import main

RULES = """\
schema = 1
extends = "default"
"""
SUMMARY = re.compile(r"read (\d+) rows · used (\d+) rows · rejected (\d+) rows · scored (\d+) creators")


def run_score(input_path, rules_path, tmp_path, *extra):
    rejects = tmp_path / "rejects.jsonl"
    result = CliRunner().invoke(main, ["score", str(input_path), "--rules", str(rules_path), "-o",
                                       str(tmp_path / "out.jsonl"), "--rejects", str(rejects), "-q", *extra])
    assert "Traceback" not in result.output
    out = tmp_path / "out.jsonl"
    rows = [json.loads(line) for line in out.read_text().splitlines()] if out.exists() else []
    found = [json.loads(line) for line in rejects.read_text().splitlines()] if rejects.exists() else []
    return result, rows, found


# --- 5. the JSONL fast path: one object per line ---

def test_two_objects_on_one_line_are_a_reject_with_that_line(tmp_path, write_rules):
    rules = write_rules(RULES)
    data = tmp_path / "in.jsonl"
    data.write_text('{"handle":"a"} {"handle":"b"}\n{"handle":""}\n{"handle":"c","followers":50}\n')
    result, rows, rejects = run_score(data, rules, tmp_path)
    assert result.exit_code == 0, result.output
    assert SUMMARY.search(result.output).groups() == ("3", "1", "2", "1")
    assert [r["handle"] for r in rows] == ["c"]
    assert [(r["line"], r["reason"]) for r in rejects] == [(1, "invalid JSON: Extra data at column 16"),
                                                          (2, "missing handle")]


def test_blank_and_space_lines_still_take_the_fast_path_line_numbers(tmp_path, write_rules):
    rules = write_rules(RULES)
    data = tmp_path / "in.jsonl"
    data.write_text('{"handle":"a"}\n\n   \n\r\n{"handle":""}\n{"handle":"c"}\n')
    result, rows, rejects = run_score(data, rules, tmp_path)
    assert SUMMARY.search(result.output).groups() == ("3", "2", "1", "2")
    assert [(r["line"], r["reason"]) for r in rejects] == [(5, "missing handle")]
