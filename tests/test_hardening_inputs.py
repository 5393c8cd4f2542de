"""Issue 14: one bad row or value is rejected with its line, and never poisons or crashes the run."""

from __future__ import annotations

import json
import re

import pytest

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


# --- 14. a non-finite or absurd count is missing for that row only ---

@pytest.mark.parametrize("followers", ["1e400", "Infinity", '"Infinity"', '"' + "9" * 400 + '"', "1" + "0" * 400])
def test_a_broken_count_is_missing_for_that_row_only(tmp_path, write_rules, followers):
    rules = write_rules(RULES)
    data = tmp_path / "in.jsonl"
    data.write_text(f'{{"handle":"broken","followers":{followers}}}\n{{"handle":"fine","followers":20000}}\n')
    result, rows, rejects = run_score(data, rules, tmp_path)
    assert result.exit_code == 0, result.output
    by = {r["handle"]: r for r in rows}
    assert by["broken"]["followers"] is None and by["broken"]["tier"] is None
    assert by["broken"]["score_tier"] is None and by["broken"]["errors"] == []
    assert by["fine"]["score_tier"] is not None and by["fine"]["tier"] == "micro"


@pytest.mark.parametrize("value", [float("inf"), float("nan"), 1e300])
def test_a_broken_parquet_count_is_missing_for_that_row_only(tmp_path, write_rules, value):
    import pyarrow as pa
    import pyarrow.parquet as pq

    rules = write_rules(RULES)
    data = tmp_path / "in.parquet"
    pq.write_table(pa.table({"handle": ["broken", "fine"], "followers": [value, 20000.0]}), data)
    result, rows, _ = run_score(data, rules, tmp_path)
    assert result.exit_code == 0, result.output
    by = {r["handle"]: r for r in rows}
    assert by["broken"]["followers"] is None and by["broken"]["tier"] is None
    assert by["fine"]["score_tier"] is not None and by["broken"]["errors"] == by["fine"]["errors"] == []


# --- 15. one row never crashes the run ---

def test_rows_that_used_to_crash_the_run_are_scored_or_rejected(tmp_path, write_rules):
    rules = write_rules(RULES)
    data = tmp_path / "in.jsonl"
    huge = "1" + "0" * 400
    data.write_text("\n".join([
        f'{{"handle":"big","followers":{huge}}}',
        f'{{"handle":"when","posts":[{{"id":"p","posted_at":{huge},"likes":3}}]}}',
        '{"handle":"deep","posts":' + "[" * 10000 + "]" * 10000 + "}",
        '{"handle":"[/x]","followers":100}',
        '{"handle":"fine","followers":100}',
    ]) + "\n")
    for fmt in ("table", "jsonl"):
        result = CliRunner().invoke(main, ["score", str(data), "--rules", str(rules), "-q", "--format", fmt,
                                           "--rejects", str(tmp_path / "r.jsonl")])
        assert result.exit_code == 0 and "Traceback" not in result.output, result.output
        assert SUMMARY.search(result.output).groups() == ("5", "4", "1", "4")
        assert "[/x]" in result.output
    [reject] = [json.loads(line) for line in (tmp_path / "r.jsonl").read_text().splitlines()]
    assert (reject["line"], reject["reason"]) == (3, "invalid JSON: nested too deeply")


def test_a_json_file_with_a_byte_that_is_not_utf8_is_a_reject(tmp_path, write_rules):
    rules = write_rules(RULES)
    data = tmp_path / "in.json"
    data.write_bytes(b'[{"handle":"a\xff"}]')
    result, rows, rejects = run_score(data, rules, tmp_path)
    assert result.exit_code == 0, result.output
    assert [r["reason"] for r in rejects] == ["not UTF-8 text (byte 13)"]


# --- 16. data never drives the terminal ---

ESCAPES = "\x1b]0;pwned\x07\x1b[2J"


def test_escape_sequences_and_markup_in_handles_are_shown_not_obeyed(tmp_path, write_rules):
    rules = write_rules(RULES)
    data = tmp_path / "in.jsonl"
    data.write_text(json.dumps({"handle": ESCAPES, "followers": 100}) + "\n"
                    + json.dumps({"handle": "[link=https://evil.example]trusted.brand[/link]", "followers": 100}) + "\n")
    table = CliRunner().invoke(main, ["score", str(data), "--rules", str(rules), "-q"], env={"COLUMNS": "200"})
    assert table.exit_code == 0, table.output
    assert "\x1b" not in table.output and "\x07" not in table.output
    # the creator column folds at 20 characters: the first 20 of each handle, as written
    assert "\\x1b]0;pwned" in table.output and "[link=https://evil.e" in table.output
    explained = CliRunner().invoke(main, ["explain", str(data), ESCAPES, "--rules", str(rules)])
    assert explained.exit_code == 0, explained.output
    assert "\x1b" not in explained.output and explained.output.startswith("\\x1b]0;pwned")


# --- 22. "4.1M" is an exact count, and counts are integers in every output ---

def test_suffixed_counts_are_exact_integers(tmp_path, write_rules):
    rules = write_rules(RULES)
    data = tmp_path / "in.csv"
    data.write_text("handle,followers\na,4.1M\nb,1.2345K\nc,3.3M\nd,29.0b\n")
    result, rows, _ = run_score(data, rules, tmp_path)
    assert {r["handle"]: r["followers"] for r in rows} == {"a": 4_100_000, "b": 1234, "c": 3_300_000, "d": 29_000_000_000}
    assert all(type(r["followers"]) is int for r in rows)
    csv_out = CliRunner().invoke(main, ["score", str(data), "--rules", str(rules), "-q", "--format", "csv"])
    assert ",4100000," in csv_out.output and "4100000.0" not in csv_out.output


def test_a_jsonl_line_that_is_not_an_object_is_a_reject_not_a_crash(tmp_path, write_rules):
    # pyarrow's JSON reader segfaulted on a block of lines like `null` (found by tests/test_fuzz_cli.py);
    # in a subprocess, so a regression fails this test instead of killing the test run
    import subprocess
    import sys
    from pathlib import Path

    rules = write_rules(RULES)
    data = tmp_path / "in.jsonl"
    data.write_text('null\ntrue\n"1,234"\nnull\n-6.3e+16\n')
    done = subprocess.run([str(Path(sys.executable).parent / "brandfit"), "score", str(data), "--rules", str(rules),
                           "-q", "--format", "csv", "--rejects", str(tmp_path / "r.jsonl")],
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr[-300:]
    assert done.stderr.strip().endswith("read 5 rows · used 0 rows · rejected 5 rows · scored 0 creators")
    reasons = [json.loads(line)["reason"] for line in (tmp_path / "r.jsonl").read_text().splitlines()]
    assert reasons[0] == "expected a JSON object (one creator), got NoneType"


# --- 25. a damaged Parquet page is an error, not altered numbers ---

def _damaged_parquet(path, *, checksums: bool, compression: str) -> None:
    import pyarrow as pa
    import pyarrow.parquet as pq

    table = pa.table({"handle": [f"creator{i}" for i in range(3000)], "followers": list(range(1000, 4000))})
    pq.write_table(table, path, write_page_checksum=checksums, compression=compression)
    followers = pq.ParquetFile(path).metadata.row_group(0).column(1)
    data = bytearray(path.read_bytes())
    data[followers.data_page_offset + 200] ^= 0xFF  # one flipped byte inside the followers data page
    path.write_bytes(bytes(data))


@pytest.mark.parametrize("checksums,compression", [(True, "snappy"), (True, "none"), (False, "none")])
@pytest.mark.parametrize("with_map", [False, True])
def test_a_damaged_parquet_page_is_a_one_line_error(tmp_path, write_rules, checksums, compression, with_map):
    rules = write_rules(RULES)
    data = tmp_path / "in.parquet"
    _damaged_parquet(data, checksums=checksums, compression=compression)
    extra = ()
    if with_map:
        mapping = tmp_path / "map.toml"
        mapping.write_text('schema = 1\nformat = "parquet"\nlayout = "creators"\nplatform = "instagram"\n'
                           '[creator]\nhandle = "handle"\nfollowers = "followers"\n')
        extra = ("--map", str(mapping))
    result, rows, _ = run_score(data, rules, tmp_path, *extra)
    assert result.exit_code != 0 and rows == []
    message = result.output.strip().splitlines()[-1]
    assert message.startswith(f"brandfit: error: {data}: cannot read Parquet data, the file is damaged: "), message
