"""`brandfit inspect`: how each column is read (field, parser, raw -> parsed samples), the columns
left unread, the first rejects and the first parsed creators (docs/map-files.md#debugging-a-map)."""

from __future__ import annotations

import json
import textwrap
from pathlib import Path

from click.testing import CliRunner

from brandfit.cli import main


def write(path: Path, text: str) -> Path:
    path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8", newline="")
    return path


def inspect(*args, input: str | None = None):
    return CliRunner().invoke(main, ["inspect", *map(str, args)], input=input)


EXPORT = """
    S.no,Instagram name,Subscribers,Subscribers,Category_1,Category_2,Engagement average
    1,cristiano,477.9M,477900000.00,Sports with a ball,,6.2M
    2,,1M,1000000,,,1K
    3,kyliejenner,368.1M,#VALOR!,Fashion,Modeling,lots
    4,leomessi,358.6M,358600000.00,,,3.5M
    """
EXPORT_MAP = """
    schema = 1
    platform = "instagram"
    [creator]
    handle = "Instagram name"
    followers = { column = "Subscribers", occurrence = 2 }
    categories = { columns = ["Category_1", "Category_2"] }
    [post]
    likes = "Engagement average"
    """


def test_text_shows_fields_parsers_samples_unread_columns_rejects_and_creators(tmp_path):
    data = write(tmp_path / "export.csv", EXPORT)
    m = write(tmp_path / "map.toml", EXPORT_MAP)
    result = inspect(data, "--map", m)
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert f"input    {data} (csv)" in out
    assert "header   7 columns, 5 read, 2 not read" in out
    assert "  creator.followers  <- 'Subscribers' (column #3, occurrence 2 of 2)  [count >= 0" in out
    assert '      "477900000.00" -> 477900000\n' in out
    assert '      "#VALOR!" -> missing\n' in out
    assert "  creator.categories <- 'Category_1' (column #4), 'Category_2' (column #5)  [list of names]" in out
    assert '      ["Sports with a ball", ""] -> ["Sports with a ball"]' in out
    assert "  creator.platform   <- constant 'instagram'  [platform name]" in out
    assert '      "lots" -> missing  (expected a number, got \'lots\')' in out
    assert "not read: 'S.no' (column #0), 'Subscribers' (column #2, occurrence 1 of 2)" in out
    assert "  line 3: missing handle: column 'Instagram name' is blank" in out
    assert "first 3 creators (parsed)" in out
    creators = out.split("first 3 creators (parsed)\n", 1)[1]
    decoded = []
    decoder = json.JSONDecoder()
    text = creators.strip()
    while text:
        obj, end = decoder.raw_decode(text)
        decoded.append(obj)
        text = text[end:].strip()
    assert [c["handle"] for c in decoded] == ["cristiano", "kyliejenner", "leomessi"]
    assert decoded[0] == {"handle": "cristiano", "platform": "instagram", "followers": 477900000,
                          "categories": ["Sports with a ball"], "posts": [{"id": "average", "likes": 6200000}]}
    assert "followers" not in decoded[1]  # #VALOR!: missing, not zero


def test_n_limits_samples_and_creators(tmp_path):
    data = write(tmp_path / "export.csv", EXPORT)
    m = write(tmp_path / "map.toml", EXPORT_MAP)
    data_json = json.loads(inspect(data, "--map", m, "-n", "1", "--format", "json").stdout)
    assert len(data_json["creators"]) == 1
    assert all(len(f["samples"]) == 1 for f in data_json["fields"])
    assert data_json["map"] == str(m) and data_json["layout"] == "creators" and data_json["format"] == "csv"
    followers = next(f for f in data_json["fields"] if f["field"] == "creator.followers")
    assert followers["samples"] == [{"raw": "477900000.00", "value": 477900000, "problem": None}]


def test_posts_layout_gathers_all_posts_of_the_first_creators(tmp_path):
    data = write(tmp_path / "videos.csv", """
        user,fans,likes,tags,when
        ann,1K,10,"a, b",2025-05-01 10:00:00
        bob,2K,20,c,2025-05-02 10:00:00
        carl,3K,30,,bad date
        ann,,11,d,2025-05-03 10:00:00
        ,9K,1,,
        """)
    m = write(tmp_path / "map.toml", """
        schema = 1
        layout = "posts"
        [creator]
        handle = "user"
        followers = "fans"
        [post]
        likes = "likes"
        hashtags = { column = "tags", split = "," }
        posted_at = "when"
        """)
    result = inspect(data, "--map", m, "-n", "2", "--format", "json")
    assert result.exit_code == 0, result.output
    got = json.loads(result.stdout)
    assert got["rows_read"] == 5 and got["creators_found"] == 3 and got["rows_adjacent"] is False
    assert [c["handle"] for c in got["creators"]] == ["ann", "bob"]
    ann = got["creators"][0]
    assert [p["likes"] for p in ann["posts"]] == [10, 11] and ann["followers"] == 1000
    assert [p["id"] for p in ann["posts"]] == ["line 2", "line 5"]
    assert got["rejects"] == [{"line": 6, "reason": "missing group key: column 'user' (column #0) is blank",
                               "raw": ",9K,1,,"}]
    assert got["unmapped"] == []
    text = inspect(data, "--map", m).stdout
    assert "rows     5 rows, 3 creators; rows of a creator are not adjacent (grouped in any order)" in text
    assert "group_order 'auto'" in text
    assert '      "bad date" -> missing  (expected a date and time, got \'bad date\')' in text


def test_without_a_map_shows_brandfit_columns_and_the_unread_ones(tmp_path):
    data = write(tmp_path / "c.csv", """
        handle,followers,platform,notes
        @trail.tess,"24,500",IG,hello
        pace.paula,812.4K,tt,
        """)
    result = inspect(data, "-n", "2")
    assert result.exit_code == 0, result.output
    assert "map      none: columns are read by brandfit's own field names" in result.stdout
    assert '      "@trail.tess" -> "trail.tess"' in result.stdout
    assert '      "812.4K" -> 812400' in result.stdout
    assert "not read: 'notes' (column #3)" in result.stdout
    no_handle = write(tmp_path / "n.csv", "name,followers\nann,1\n")
    result = inspect(no_handle)
    assert "note     no 'handle' column" in result.stdout and "docs/map-files.md" in result.stdout


def test_standard_input_and_errors(tmp_path):
    m = write(tmp_path / "map.toml", 'schema = 1\nformat = "csv"\n[creator]\nhandle = "name"\n')
    result = inspect("-", "--map", m, input="name\nann\n")
    assert result.exit_code == 0, result.output
    assert '"handle": "ann"' in result.stdout
    result = inspect("-", input="name\nann\n")
    assert result.exit_code == 4
    assert "needs --input-format" in result.stderr
    bad = write(tmp_path / "bad.toml", 'schema = 1\n[creator]\nhandle = "nme"\n')
    data = write(tmp_path / "e.csv", "name\nann\n")
    result = inspect(data, "--map", bad)
    assert result.exit_code == 4 and "Traceback" not in result.output
    assert result.stderr.startswith(f"brandfit: error: {bad}:3: creator.handle: expected a column of {data} named 'nme'")
    result = inspect(tmp_path / "absent.csv")
    assert result.exit_code == 4 and "input file not found" in result.stderr
