"""Issue 14, item 21: map files with bad templates or encodings are one-line errors, never tracebacks."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from brandfit.cli import main

RULES = 'schema = 1\nextends = "default"\n'


def run(*args: str):
    return CliRunner().invoke(main, list(args))


@pytest.fixture
def export(tmp_path):
    path = tmp_path / "export.csv"
    path.write_text("handle,followers\nann,100\n")
    return path


@pytest.mark.parametrize("template, message", [
    ("{row:s}", "{row:s}: unsupported format"),
    ("{file:d}", "{file:d}: unsupported format; placeholders take none"),
    ("{row:{file}}", "{row:{file}}: unsupported format"),
    ("{row:>300000000}", "{row:>300000000}: unsupported format"),
    ("{row!r}", "{row!r}: placeholders take no conversion"),
])
def test_template_formats_are_checked_when_the_map_loads(tmp_path, export, template, message):
    m = tmp_path / "map.toml"
    m.write_text(f'schema = 1\n[creator]\nhandle = {{ template = "{template}" }}\nfollowers = "followers"\n')
    for args in (["inspect", str(export), "--map", str(m)],
                 ["score", str(export), "--map", str(m), "--rules", str(tmp_path / "r.toml"), "-q"]):
        (tmp_path / "r.toml").write_text(RULES)
        result = run(*args)
        assert result.exit_code == 4 and "Traceback" not in result.output, result.output
        [line] = result.output.splitlines()
        assert line.startswith(f"brandfit: error: {m}:3: creator.handle.template: {message}"), line


def test_a_padded_row_template_works(tmp_path, export):
    m = tmp_path / "map.toml"
    m.write_text('schema = 1\n[creator]\nhandle = { template = "acct-{row:03}" }\n')
    result = run("inspect", str(export), "--map", str(m), "--format", "json")
    assert result.exit_code == 0 and "acct-001" in result.output


@pytest.mark.parametrize("encoding", ["rot13", "zlib_codec", "idna", "base64"])
def test_encodings_that_are_not_text_are_refused(tmp_path, export, encoding):
    m = tmp_path / "map.toml"
    m.write_text(f'schema = 1\nencoding = "{encoding}"\n[creator]\nhandle = "handle"\n')
    result = run("inspect", str(export), "--map", str(m))
    assert result.exit_code == 4 and "Traceback" not in result.output, result.output
    assert "encoding: expected a text encoding such as" in result.output


@pytest.mark.parametrize("bom", [False, True])
def test_utf16_reads_with_and_without_a_byte_order_mark(tmp_path, bom):
    data = tmp_path / "export.csv"
    text = "handle,followers\nann,100\n"
    data.write_bytes(text.encode("utf-16") if bom else text.encode("utf-16-le"))
    m = tmp_path / "map.toml"
    m.write_text('schema = 1\nencoding = "utf-16"\n[creator]\nhandle = "handle"\nfollowers = "followers"\n')
    (tmp_path / "r.toml").write_text(RULES)
    result = run("score", str(data), "--map", str(m), "--rules", str(tmp_path / "r.toml"), "-q", "--format", "csv")
    assert result.exit_code == 0, result.output
    assert "\n1,ann,,100," in result.output


# --- 25. CSV: trailing commas, repeated headers ---

def test_a_trailing_comma_adds_no_cell(tmp_path):
    data = tmp_path / "in.csv"
    data.write_text("handle,followers\na,100,\nb,200, \nc,300,x\n")
    (tmp_path / "r.toml").write_text(RULES)
    result = run("score", str(data), "--rules", str(tmp_path / "r.toml"), "-q", "--format", "csv",
                 "--rejects", str(tmp_path / "rej.jsonl"))
    assert result.exit_code == 0, result.output
    assert result.output.strip().endswith("read 3 rows · used 2 rows · rejected 1 rows · scored 2 creators")
    assert "3 cells but the header has 2 columns" in (tmp_path / "rej.jsonl").read_text()


def test_a_repeated_header_is_an_error_naming_both_columns(tmp_path):
    data = tmp_path / "in.csv"
    data.write_text("handle,followers,followers\na,100,200\n")
    (tmp_path / "r.toml").write_text(RULES)
    result = run("score", str(data), "--rules", str(tmp_path / "r.toml"), "-q")
    assert result.exit_code == 4
    assert result.output.splitlines() == [f"brandfit: error: {data}: line 1: the header names 'followers' more than "
                                          "once (columns #1 and #2); rename one, or read the file with --map and pick "
                                          "one with `occurrence`"]
    m = tmp_path / "map.toml"
    m.write_text('schema = 1\n[creator]\nhandle = "handle"\nfollowers = "followers"\n')
    mapped = run("inspect", str(data), "--map", str(m))
    assert mapped.exit_code == 4
    assert f"{data} has a column named 'followers' 2 times (columns #1 and #2)" in mapped.output
    m.write_text('schema = 1\n[creator]\nhandle = "handle"\nfollowers = { column = "followers", occurrence = 2 }\n')
    picked = run("inspect", str(data), "--map", str(m), "--format", "json")
    assert picked.exit_code == 0 and '"200"' in picked.output


# --- 24. schema drift: a header that matches only by case or spacing is named ---

@pytest.mark.parametrize("header, warned", [("instagram name", True), ("Instagram  name", True),
                                             ("Instagram name", False), (" Instagram name\r", False)])
def test_a_header_matched_only_by_case_or_spacing_is_a_warning(tmp_path, header, warned):
    data = tmp_path / "export.csv"
    data.write_text(f'"{header}",followers\nann,100\n', newline="")
    m = tmp_path / "map.toml"
    m.write_text('schema = 1\n[creator]\nhandle = "Instagram name"\nfollowers = "followers"\n')
    (tmp_path / "r.toml").write_text(RULES)
    result = run("score", str(data), "--map", str(m), "--rules", str(tmp_path / "r.toml"), "-q", "--format", "csv")
    assert result.exit_code == 0, result.output
    lines = [line for line in result.stderr.splitlines() if line.startswith("brandfit: warning:")]
    if warned:
        assert lines == [f"brandfit: warning: {m}:3: creator.handle: column 'Instagram name' matched {data}'s header "
                         f"{header.strip()!r} only by case or spacing; check it is the same column, and "
                         "write the header exactly to silence this"]
    else:
        assert lines == []


# --- 23. per-column missing markers ---

def test_a_columns_own_missing_cells_are_missing_not_zero(tmp_path):
    data = tmp_path / "export.csv"
    data.write_text("handle,subs,likes\na,0,0\nb,1000,50\nc,-,7\n")
    m = tmp_path / "map.toml"
    m.write_text('schema = 1\n[creator]\nhandle = "handle"\nfollowers = { column = "subs", missing = ["0", 0] }\n')
    (tmp_path / "r.toml").write_text(RULES)
    result = run("score", str(data), "--map", str(m), "--rules", str(tmp_path / "r.toml"), "-q", "--format", "jsonl")
    assert result.exit_code == 0, result.output
    import json

    rows = {r["handle"]: r for r in map(json.loads, result.stdout.splitlines())}
    assert rows["a"]["followers"] is None and rows["a"]["tier"] is None   # "0" here means not collected
    assert rows["b"]["followers"] == 1000 and rows["c"]["followers"] is None


def test_a_bad_missing_list_is_one_line(tmp_path, export):
    m = tmp_path / "map.toml"
    m.write_text('schema = 1\n[creator]\nhandle = "handle"\nfollowers = { column = "followers", missing = "0" }\n')
    result = run("inspect", str(export), "--map", str(m))
    assert result.exit_code == 4
    assert result.output.splitlines() == [f"brandfit: error: {m}:4: creator.followers.missing: expected a list of cells "
                                          "that mean \"not collected\" here, such as [\"0\", \"-\"], got '0'"]
