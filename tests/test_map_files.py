"""Map files (docs/map-files.md): every feature, every error message, and the long per-post layout
(contiguous, any order in memory, any order through spill files) with nothing lost."""

from __future__ import annotations

import csv
import gzip
import json
import random
import re
import textwrap
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from click.testing import CliRunner

import brandfit.inputs.mapped
from brandfit.cli import main
from brandfit.inputs.sources import read_input
from brandfit.inputs.map_files import MapFileError, load_map, normalize_header

SUMMARY = re.compile(r"read (\d+) rows · used (\d+) rows · rejected (\d+) rows · scored (\d+) creators")
RULES = "schema = 1\n[scorers.tier]\n[scorers.engagement]\n"


def write(path: Path, text: str, encoding: str = "utf-8") -> Path:
    path.write_text(textwrap.dedent(text).lstrip("\n"), encoding=encoding, newline="")
    return path


def write_map(tmp_path: Path, text: str, name: str = "map.toml") -> Path:
    return write(tmp_path / name, text)


def read_all(path: Path | str, map_path: Path | None, fmt: str | None = None):
    """(creators as dicts, rejects, rows_used) over every batch."""
    rows, rejects, used = [], [], 0
    for batch in read_input(str(path), fmt, str(map_path) if map_path else None):
        rows.extend(batch.batch.to_pylist())
        rejects.extend(batch.rejects)
        used += batch.rows_used
    return rows, rejects, used


def by_handle(rows):
    return {r["handle"]: r for r in rows}


def map_errors(path: Path, data: Path | None = None) -> list[str]:
    """The one-line errors of a bad map file (loading it, and binding it to ``data`` if given)."""
    with pytest.raises(MapFileError) as info:
        if data is None:
            load_map(str(path))
        else:
            read_all(data, path)
    return [str(e) for e in info.value.errors]


def score_cli(*args, input: str | bytes | None = None):
    return CliRunner().invoke(main, ["score", *map(str, args)], input=input)


def summary(stderr: str) -> tuple[int, int, int, int]:
    lines = [line for line in stderr.splitlines() if SUMMARY.fullmatch(line)]
    assert len(lines) == 1, stderr
    return tuple(int(x) for x in SUMMARY.fullmatch(lines[0]).groups())  # type: ignore[union-attr]


@pytest.fixture
def rules(tmp_path: Path) -> Path:
    return write(tmp_path / "rules.toml", RULES)


# --- header matching -------------------------------------------------------------------------------


def test_headers_match_after_trimming_spaces_newlines_and_bom_case_insensitively():
    assert normalize_header("\ufeffRank") == "rank"
    assert normalize_header("Engagement average\r\n") == normalize_header("engagement   AVERAGE")
    assert normalize_header(" Subscribers") == "subscribers"
    assert normalize_header("Authentic engagement\nValues \n") == "authentic engagement values"


def test_bom_embedded_newlines_and_stray_spaces_in_headers(tmp_path):
    data = tmp_path / "export.csv"
    data.write_bytes("\ufeffName ,\"Engagement\naverage\r\n\", Followers\r\nann,1.2K,3.3M\r\n".encode("utf-8"))
    m = write_map(tmp_path, """
        schema = 1
        [creator]
        handle = "name"
        followers = "FOLLOWERS"
        [post]
        likes = "Engagement average"
        """)
    rows, rejects, used = read_all(data, m)
    assert rejects == [] and used == 1
    assert rows[0]["handle"] == "ann" and rows[0]["followers"] == 3_300_000
    assert rows[0]["posts"][0]["likes"] == 1200


def test_duplicate_headers_by_occurrence(tmp_path):
    data = write(tmp_path / "export.csv", """
        name,Subscribers,Subscribers,Likes,Likes
        ann,3.3M,3300001,1.5K,1501
        """)
    m = write_map(tmp_path, """
        schema = 1
        [creator]
        handle = "name"
        followers = { column = "Subscribers", occurrence = 2 }
        [post]
        likes = { column = "likes", occurrence = 1 }
        comments = { column = "Likes", occurrence = 2 }
        """)
    rows, _, _ = read_all(data, m)
    assert rows[0]["followers"] == 3_300_001
    assert rows[0]["posts"][0]["likes"] == 1500 and rows[0]["posts"][0]["comments"] == 1501


# --- every spec form and option ---------------------------------------------------------------------


def test_index_value_template_columns_scale_and_platform(tmp_path):
    data = write(tmp_path / "export.csv", """
        a,b,c,d,e
        x1,12.5,Fashion,Beauty; Lifestyle,first bit
        x2,7,,,
        """)
    m = write_map(tmp_path, """
        schema = 1
        platform = "IG"
        [creator]
        handle = { template = "acct-{file}-{row}-{line}" }
        fee = { index = 1, scale = 100 }
        categories = { columns = ["c", "d"] }
        bio = { columns = ["a", "e"] }
        country = { value = "FR" }
        """)
    rows, rejects, used = read_all(data, m)
    assert rejects == [] and used == 2
    first, second = rows
    assert first["handle"] == "acct-export-1-2" and second["handle"] == "acct-export-2-3"
    assert first["platform"] == "instagram" and first["country"] == "FR"
    assert first["fee"] == 1250
    # several columns: one name per cell (not split at spaces); no split by default
    assert first["categories"] == ["Fashion", "Beauty; Lifestyle"]
    assert first["bio"] == "x1 first bit" and second["bio"] == "x2"
    assert second["categories"] is None


def test_split_and_default_list_parsing(tmp_path):
    data = write(tmp_path / "export.csv", """
        h,cats,tags,tags2,mentions
        ann,"running; trail | Sports with a ball","#run #eco,#zero#waste","run, eco","@nike and @hoka"
        """)
    m = write_map(tmp_path, """
        schema = 1
        [creator]
        handle = "h"
        categories = "cats"
        [post]
        hashtags = { columns = ["tags", "tags2"] }
        mentions = "mentions"
        """)
    rows, _, _ = read_all(data, m)
    assert rows[0]["categories"] == ["running", "trail", "Sports with a ball"]
    post = rows[0]["posts"][0]
    assert post["hashtags"] == ["run", "eco", "zero", "waste"]  # duplicates across columns dropped
    assert post["mentions"] == ["nike", "hoka"]
    m2 = write_map(tmp_path, """
        schema = 1
        [creator]
        handle = "h"
        categories = { column = "cats", split = "|" }
        [post]
        hashtags = { column = "tags", split = "," }
        """, "m2.toml")
    rows, _, _ = read_all(data, m2)
    assert rows[0]["categories"] == ["running; trail", "Sports with a ball"]
    assert rows[0]["posts"][0]["hashtags"] == ["run #eco", "zero#waste"]


def test_date_format_and_common_forms(tmp_path):
    data = write(tmp_path / "p.csv", """
        who,when,when2
        ann,21/05/2025 09:44,2025-05-21 09:44:45
        ann,05/21/2025,May 21 2025
        """)
    m = write_map(tmp_path, """
        schema = 1
        layout = "posts"
        [creator]
        handle = "who"
        [post]
        posted_at = { column = "when", format = "%d/%m/%Y %H:%M" }
        caption = "when2"
        """)
    rows, rejects, used = read_all(data, m)
    assert used == 2 and rejects == []
    posts = rows[0]["posts"]
    assert posts[0]["posted_at"].isoformat() == "2025-05-21T09:44:00+00:00"
    assert posts[1]["posted_at"] is None  # not in the given format: missing, the row is still used
    m2 = write_map(tmp_path, """
        schema = 1
        layout = "posts"
        [creator]
        handle = "who"
        [post]
        posted_at = "when2"
        """, "m2.toml")
    rows, _, _ = read_all(data, m2)
    assert [p["posted_at"].date().isoformat() for p in rows[0]["posts"]] == ["2025-05-21", "2025-05-21"]


@pytest.mark.parametrize("cell, expected", [
    ("3.3M", 3_300_000), ("475.8m", 475_800_000), ("29.0b", 29_000_000_000), ("541.2K", 541_200),
    ("1,234", 1234), ("1.234.567", 1_234_567), ("$1,200", 1200), ("12", 12),
    ("", None), ("#VALOR!", None), ("#N/A", None), ("N/A", None), ("NaN", None), ("abc", None), ("-5", None),
])
def test_count_cells(tmp_path, cell, expected):
    data = tmp_path / "e.csv"
    with data.open("w", newline="", encoding="utf-8") as f:
        csv.writer(f).writerows([["h", "n"], ["ann", cell]])
    m = write_map(tmp_path, 'schema = 1\n[creator]\nhandle = "h"\nfollowers = "n"\n')
    rows, rejects, used = read_all(data, m)
    assert rejects == [] and used == 1  # an unreadable value is missing, never a reject or a zero
    assert rows[0]["followers"] == expected


def test_percent_and_scale_on_number(tmp_path):
    data = write(tmp_path / "e.csv", "h,rate,fee\nann,1.39%,2.5\nbob,NaN%,\n")
    # a count is a whole number, rounded after scaling: 1.39% x 10000 = 139 (issue 14, item 22)
    m = write_map(tmp_path, 'schema = 1\n[creator]\nhandle = "h"\nfee = { column = "fee", scale = 1000 }\n'
                            'following = { column = "rate", scale = 10000 }\n')
    rows, _, _ = read_all(data, m)
    assert rows[0]["following"] == 139 and rows[0]["fee"] == 2500
    assert rows[1]["following"] is None and rows[1]["fee"] is None


def test_format_from_map_and_input_format_override(tmp_path):
    data = write(tmp_path / "export.txt", "h\tn\nann\t5\n")
    m = write_map(tmp_path, 'schema = 1\nformat = "tsv"\n[creator]\nhandle = "h"\nfollowers = "n"\n')
    rows, _, _ = read_all(data, m)
    assert rows[0]["followers"] == 5
    semi = write(tmp_path / "semi.txt", "h;n\nann;5\n")
    m2 = write_map(tmp_path, 'schema = 1\nformat = "tsv"\ndelimiter = ";"\n[creator]\nhandle = "h"\nfollowers = "n"\n',
                   "m2.toml")
    rows, _, _ = read_all(semi, m2, fmt="csv")  # --input-format wins over the map's format
    assert rows[0]["followers"] == 5


def test_encoding(tmp_path):
    data = write(tmp_path / "latin.csv", "h,bio\nann,café\n", encoding="cp1252")
    m = write_map(tmp_path, 'schema = 1\nencoding = "cp1252"\n[creator]\nhandle = "h"\nbio = "bio"\n')
    rows, _, _ = read_all(data, m)
    assert rows[0]["bio"] == "café"


def test_json_array_jsonl_parquet_gzip_and_stdin(tmp_path, rules):
    records = [{"User": "ann", "Fans": "3.3M", "extra": 1}, {"User": "bob", "Fans": 10}]
    m = write_map(tmp_path, 'schema = 1\n[creator]\nhandle = "user"\nfollowers = "fans"\n')
    expected = {"ann": 3_300_000, "bob": 10}
    (tmp_path / "a.json").write_text(json.dumps({"data": records}))
    (tmp_path / "a.jsonl").write_text("".join(json.dumps(r) + "\n" for r in records))
    with gzip.open(tmp_path / "a.jsonl.gz", "wt") as f:
        f.write("".join(json.dumps(r) + "\n" for r in records))
    pq.write_table(pa.table({"User": ["ann", "bob"], "Fans": ["3.3M", "10"]}), tmp_path / "a.parquet")
    for name in ("a.json", "a.jsonl", "a.jsonl.gz", "a.parquet"):
        rows, rejects, used = read_all(tmp_path / name, m)
        assert {r["handle"]: r["followers"] for r in rows} == expected, name
        assert rejects == [] and used == 2
    # standard input: the format comes from the map file (or --input-format)
    m_jsonl = write_map(tmp_path, 'schema = 1\nformat = "jsonl"\n[creator]\nhandle = "user"\nfollowers = "fans"\n',
                        "stdin.toml")
    result = score_cli("-", "--map", m_jsonl, "--rules", rules, "-o", tmp_path / "o.jsonl",
                       input=(tmp_path / "a.jsonl").read_text())
    assert result.exit_code == 0, result.output
    assert summary(result.stderr) == (2, 2, 0, 2)
    parquet_bytes = (tmp_path / "a.parquet").read_bytes()
    result = score_cli("-", "--map", m, "--input-format", "parquet", "--rules", rules, "-o", tmp_path / "p.jsonl",
                       input=parquet_bytes)
    assert result.exit_code == 0, result.output
    assert summary(result.stderr) == (2, 2, 0, 2)


def test_parquet_without_map_uses_creator_fields(tmp_path):
    table = pa.table({"handle": ["@ann", "", "bob"], "followers": [10, 20, -3], "platform": ["IG", "tt", None]})
    pq.write_table(table, tmp_path / "c.parquet")
    rows, rejects, used = read_all(tmp_path / "c.parquet", None)
    assert [(r["handle"], r["followers"], r["platform"]) for r in rows] == [("ann", 10, "instagram"), ("bob", None, None)]
    assert used == 2 and [r.reason for r in rejects] == ["row 2: missing handle"]
    # types that need parsing go row by row
    pq.write_table(pa.table({"handle": ["ann"], "followers": ["3.3M"]}), tmp_path / "d.parquet")
    rows, _, _ = read_all(tmp_path / "d.parquet", None)
    assert rows[0]["followers"] == 3_300_000


def test_empty_input_reads_nothing(tmp_path):
    (tmp_path / "e.csv").write_text("")
    m = write_map(tmp_path, 'schema = 1\n[creator]\nhandle = "h"\n')
    assert read_all(tmp_path / "e.csv", m) == ([], [], 0)


# --- aggregate exports: the average post ------------------------------------------------------------


def test_aggregate_export_makes_one_average_post(tmp_path, rules):
    data = write(tmp_path / "agg.csv", """
        name,subs,avg likes,avg comments
        ann,10K,450,50
        bob,20K,,
        """)
    m = write_map(tmp_path, """
        schema = 1
        platform = "instagram"
        [creator]
        handle = "name"
        followers = "subs"
        [post]
        likes = "avg likes"
        comments = "avg comments"
        """)
    rows, _, _ = read_all(data, m)
    ann, bob = rows
    assert [p["id"] for p in ann["posts"]] == ["average"]
    assert bob["posts"] is None  # no post value at all: no post
    result = score_cli(data, "--map", m, "--rules", rules, "-o", tmp_path / "o.jsonl")
    assert result.exit_code == 0, result.output
    out = by_handle([json.loads(line) for line in (tmp_path / "o.jsonl").read_text().splitlines()])
    assert out["ann"]["engagement_rate"] == pytest.approx((450 + 50) / 10_000)
    assert out["bob"]["engagement_rate"] is None


# --- the long per-post layout -------------------------------------------------------------------------

POSTS_MAP = """
    schema = 1
    layout = "posts"
    group_by = "user"
    group_order = "{order}"
    platform = "tiktok"
    [creator]
    handle = "user"
    followers = "fans"
    [post]
    id = "vid"
    likes = "likes"
    comments = "comments"
    caption = "caption"
    hashtags = {{ column = "tags", split = "," }}
    """


def _long_rows(n_creators: int = 40, seed: int = 7) -> list[list[str]]:
    rng = random.Random(seed)
    rows = []
    for c in range(n_creators):
        for p in range(rng.randint(1, 6)):
            fans = "" if (p == 0 and c % 5 == 0) else f"{c + 1}.5K"  # some rows lack the follower count
            rows.append([f"user{c}", fans, f"v{c}-{p}", str(rng.randint(0, 900)), str(rng.randint(0, 50)),
                         f"post {p} of user{c}", "run, eco"])
    return rows


def _write_long(path: Path, rows: list[list[str]]) -> Path:
    with path.open("w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(["user", "fans", "vid", "likes", "comments", "caption", "tags"])
        w.writerows(rows)
    return path


def _canonical(rows):
    """handle -> (followers, platform, posts sorted by id): what a creator is, whatever the row order."""
    assert len({r["handle"] for r in rows}) == len(rows), "a creator was split in two"
    return {r["handle"]: (r["followers"], r["platform"],
                          sorted((p["id"], p["likes"], p["comments"], p["caption"], tuple(p["hashtags"]))
                                 for p in r["posts"]))
            for r in rows}


def test_posts_grouped_identically_sorted_or_shuffled_in_memory_or_spilled(tmp_path, monkeypatch):
    rows = _long_rows()
    sorted_file = _write_long(tmp_path / "sorted.csv", rows)
    shuffled = rows[:]
    random.Random(3).shuffle(shuffled)
    shuffled_file = _write_long(tmp_path / "shuffled.csv", shuffled)
    maps = {order: write_map(tmp_path, POSTS_MAP.format(order=order), f"{order}.toml")
            for order in ("contiguous", "any", "auto")}

    reference, rejects, used = read_all(sorted_file, maps["contiguous"])
    assert rejects == [] and used == len(rows) and len(reference) == 40
    want = _canonical(reference)
    assert want["user0"][0] == 1500.0 and want["user0"][1] == "tiktok"
    for data, order in ((sorted_file, "any"), (sorted_file, "auto"), (shuffled_file, "any"), (shuffled_file, "auto")):
        got, rejects, used = read_all(data, maps[order])
        assert rejects == [] and used == len(rows), (data, order)
        assert _canonical(got) == want, (data, order)

    # the spill path: a tiny threshold and few partitions give the same creators; files cleaned up
    spills: list[str] = []
    real_spill = brandfit.inputs.mapped._Spill

    class RecordingSpill(real_spill):  # type: ignore[misc, valid-type]
        def __init__(self, partitions: int) -> None:
            super().__init__(partitions)
            spills.append(self.dir.name)
            assert len(self.paths) == 3

    monkeypatch.setattr(brandfit.inputs.mapped, "_Spill", RecordingSpill)
    monkeypatch.setattr(brandfit.inputs.mapped, "SPILL_AFTER_ROWS", 5)
    monkeypatch.setattr(brandfit.inputs.mapped, "SPILL_PARTITIONS", 3)
    monkeypatch.setattr(brandfit.inputs.mapped, "PROGRESS_ROWS", 7)
    for data in (shuffled_file, sorted_file):
        spilled, rejects, used = read_all(data, maps["any"])
        assert rejects == [] and used == len(rows)
        assert _canonical(spilled) == want
    assert len(spills) == 2 and not any(Path(d).exists() for d in spills)


def test_spill_keeps_rejects_and_counts(tmp_path, monkeypatch, rules):
    rows = _long_rows(12)
    rows.insert(7, ["", "1K", "orphan", "1", "1", "no key", ""])
    data = _write_long(tmp_path / "p.csv", rows)
    monkeypatch.setattr(brandfit.inputs.mapped, "SPILL_AFTER_ROWS", 3)
    monkeypatch.setattr(brandfit.inputs.mapped, "PROGRESS_ROWS", 4)
    m = write_map(tmp_path, POSTS_MAP.format(order="any"))
    result = score_cli(data, "--map", m, "--rules", rules, "-o", tmp_path / "o.jsonl", "--rejects", tmp_path / "r.jsonl")
    assert result.exit_code == 0, result.output
    assert summary(result.stderr) == (len(rows), len(rows) - 1, 1, 12)
    assert len((tmp_path / "o.jsonl").read_text().splitlines()) == 12
    assert [json.loads(line)["line"] for line in (tmp_path / "r.jsonl").read_text().splitlines()] == [9]


def test_posts_followers_first_present_and_file_order_of_posts(tmp_path):
    data = _write_long(tmp_path / "p.csv", [
        ["ann", "", "a1", "1", "1", "x", ""], ["bob", "5K", "b1", "2", "2", "y", ""],
        ["ann", "2K", "a2", "3", "3", "z", ""], ["ann", "9K", "a3", "4", "4", "w", ""],
    ])
    m = write_map(tmp_path, POSTS_MAP.format(order="any"))
    rows, rejects, used = read_all(data, m)
    ann = by_handle(rows)["ann"]
    assert ann["followers"] == 2000 and [p["id"] for p in ann["posts"]] == ["a1", "a2", "a3"]
    assert used == 4 and rejects == []


def test_contiguous_promise_broken_rejects_the_later_rows(tmp_path):
    data = _write_long(tmp_path / "p.csv", [
        ["ann", "1K", "a1", "1", "1", "", ""], ["bob", "1K", "b1", "1", "1", "", ""],
        ["ann", "1K", "a2", "1", "1", "", ""],
    ])
    m = write_map(tmp_path, POSTS_MAP.format(order="contiguous"))
    rows, rejects, used = read_all(data, m)
    assert sorted(r["handle"] for r in rows) == ["ann", "bob"] and used == 2
    assert [r.line for r in rejects] == [4]
    assert "must be adjacent" in rejects[0].reason
    # auto notices and groups in any order
    rows, rejects, used = read_all(data, write_map(tmp_path, POSTS_MAP.format(order="auto"), "auto.toml"))
    assert rejects == [] and used == 3 and len(by_handle(rows)["ann"]["posts"]) == 2


def test_posts_without_key_or_handle_are_rejected_with_lines(tmp_path):
    data = write(tmp_path / "p.csv", """
        key,name,likes
        k1,ann,1
        ,ann,2
        k2,,3
        k2,,4
        k1,,5
        """)
    m = write_map(tmp_path, """
        schema = 1
        layout = "posts"
        group_by = "key"
        [creator]
        handle = "name"
        [post]
        likes = "likes"
        """)
    rows, rejects, used = read_all(data, m)
    assert [(r["handle"], [p["likes"] for p in r["posts"]]) for r in rows] == [("ann", [1, 5])]
    assert [p["id"] for p in rows[0]["posts"]] == ["line 2", "line 6"]
    assert used == 2
    assert [(r.line, r.reason) for r in rejects] == [
        (3, "missing group key: column 'key' (column #0) is blank"),
        (4, "missing handle: column 'name' is blank in every row of 'k2'"),
        (5, "missing handle: column 'name' is blank in every row of 'k2'"),
    ]


def test_group_key_alone_is_the_handle(tmp_path):
    data = write(tmp_path / "p.csv", "acct,likes\n@ann,1\n@ann,2\n")
    m = write_map(tmp_path, 'schema = 1\nlayout = "posts"\ngroup_by = "acct"\n[post]\nlikes = "likes"\n')
    rows, _, used = read_all(data, m)
    assert [r["handle"] for r in rows] == ["ann"] and used == 2


# --- a corrupted file: rejects with line numbers, an honest summary, the rest scored -------------------


def test_corrupted_csv_export(tmp_path, rules):
    data = write(tmp_path / "bad.csv", """
        name,subs,avg likes
        ann,10K,100
        ,5K,3
        bob,lots,#VALOR!
        carl,1K,10,extra,cells
        "dan
        smith",2K,20
        #N/A,1K,1
        eve,1K,1,,
        """)
    m = write_map(tmp_path, 'schema = 1\n[creator]\nhandle = "name"\nfollowers = "subs"\n[post]\nlikes = "avg likes"\n')
    result = score_cli(data, "--map", m, "--rules", rules, "-o", tmp_path / "o.jsonl", "--rejects", tmp_path / "rej.jsonl")
    assert result.exit_code == 0, result.output
    assert "Traceback" not in result.output
    assert summary(result.stderr) == (7, 4, 3, 4)
    rejects = [json.loads(line) for line in (tmp_path / "rej.jsonl").read_text().splitlines()]
    assert [(r["line"], r["reason"]) for r in rejects] == [
        (3, "missing handle: column 'name' is blank"),
        (5, "5 cells but the header has 3 columns"),
        (8, "missing handle: column 'name' is blank"),
    ]
    assert rejects[1]["raw"] == "carl,1K,10,extra,cells"
    out = by_handle([json.loads(line) for line in (tmp_path / "o.jsonl").read_text().splitlines()])
    assert set(out) == {"ann", "bob", "dan\nsmith", "eve"}
    assert out["bob"]["followers"] is None  # "lots": missing, the creator is still scored
    # --strict turns rejects into a failing exit code, after writing everything
    result = score_cli(data, "--map", m, "--rules", rules, "-o", tmp_path / "o2.jsonl", "--strict")
    assert result.exit_code == 1 and summary(result.stderr) == (7, 4, 3, 4)


def test_corrupted_jsonl_export(tmp_path, rules):
    lines = [
        json.dumps({"u": "ann", "f": "1.5K"}),
        "{not json",
        "",
        json.dumps(["a", "list"]),
        json.dumps({"u": None, "f": 3}),
        json.dumps({"u": "bob", "f": {"odd": "type"}}),
    ]
    data = tmp_path / "bad.jsonl"
    data.write_text("\n".join(lines) + "\n")
    m = write_map(tmp_path, 'schema = 1\n[creator]\nhandle = "u"\nfollowers = "f"\n')
    result = score_cli(data, "--map", m, "--rules", rules, "-o", tmp_path / "o.jsonl", "--rejects", tmp_path / "rej.jsonl")
    assert result.exit_code == 0, result.output
    assert summary(result.stderr) == (5, 2, 3, 2)
    rejects = [json.loads(line) for line in (tmp_path / "rej.jsonl").read_text().splitlines()]
    assert [r["line"] for r in rejects] == [2, 4, 5]
    assert rejects[0]["reason"].startswith("invalid JSON")
    assert rejects[1]["reason"] == "expected a JSON object (one row), got list"
    assert rejects[2]["reason"] == "missing handle: column 'u' is blank"


# --- errors in map files: one line each, file, key and what was expected ------------------------------


@pytest.mark.parametrize("text, expected", [
    ('layuot = "posts"\n[creator]\nhandle = "h"\n', "map.toml:2: layuot: unknown key (did you mean 'layout'?)"),
    ('followers = "x"\n[creator]\nhandle = "h"\n', "map.toml:2: followers: unknown key (field mappings go under [creator] or [post])"),
    ('format = "xlsx"\n[creator]\nhandle = "h"\n',
     "map.toml:2: format: expected one of 'jsonl', 'json', 'csv', 'tsv', 'parquet', got 'xlsx'"),
    ('layout = "wide"\n[creator]\nhandle = "h"\n', "map.toml:2: layout: expected one of 'creators', 'posts', got 'wide'"),
    ('layout = "posts"\ngroup_order = "sorted"\n[creator]\nhandle = "h"\n',
     "map.toml:3: group_order: expected one of 'auto', 'contiguous', 'any', got 'sorted'"),
    ('group_by = "h"\n[creator]\nhandle = "h"\n', 'map.toml:2: group_by: only used with layout = "posts" (one row per post)'),
    ('delimiter = ";;"\n[creator]\nhandle = "h"\n', "map.toml:2: delimiter: expected one character"),
    ('encoding = "klingon"\n[creator]\nhandle = "h"\n', "map.toml:2: encoding: expected a text encoding"),
    ('platform = 3\n[creator]\nhandle = "h"\n', "map.toml:2: platform: expected a platform name"),
    ('platform = "ig"\n[creator]\nhandle = "h"\nplatform = "p"\n', "map.toml:2: platform: set the platform once"),
    ('[creator]\nfolowers = "f"\nhandle = "h"\n', "map.toml:3: creator.folowers: unknown creator field (did you mean 'followers'?)"),
    ('[creator]\nhandle = "h"\nlikes = "l"\n', "map.toml:4: creator.likes: 'likes' is a post field: put it under [post]"),
    ('[creator]\nhandle = "h"\n[post]\nfollowers = "f"\n',
     "map.toml:5: post.followers: 'followers' is a creator field: put it under [creator]"),
    ('[creator]\nhandle = "h"\nposts = "p"\n', "map.toml:4: creator.posts: posts are built from the [post] mappings"),
    ('[creator]\nhandle = 3\n', "map.toml:3: creator.handle: expected a column name (string) or a table"),
    ('[creator]\nhandle = ""\n', "map.toml:3: creator.handle: expected a column name, got an empty string"),
    ('[creator]\nhandle = { colum = "h" }\n', "map.toml:3: creator.handle.colum: unknown option (did you mean 'column'?)"),
    ('[creator]\nhandle = { column = "h", index = 1 }\n',
     "creator.handle: expected exactly one of column, index, columns, template, value; got column, index"),
    ('[creator]\nhandle = { split = "," }\n', "creator.handle: expected exactly one of column, index, columns, template, value; got none"),
    ('[creator]\nhandle = "h"\nfollowers = { column = "f", occurrence = 0 }\n',
     "creator.followers.occurrence: expected a whole number >= 1"),
    ('[creator]\nhandle = "h"\nfollowers = { index = 2, occurrence = 2 }\n', "creator.followers.occurrence: only used with `column`"),
    ('[creator]\nhandle = "h"\nfollowers = { index = -1 }\n', "creator.followers.index: expected a column position >= 0"),
    ('[creator]\nhandle = "h"\nfollowers = { columns = ["a", "b"] }\n', "creator.followers.columns: several columns make a list or a text"),
    ('[creator]\nhandle = "h"\ncategories = { columns = [] }\n', "creator.categories.columns: expected a non-empty list of column names"),
    ('[creator]\nhandle = "h"\nfollowers = { template = "{row}" }\n', "creator.followers.template: templates make text"),
    ('[creator]\nhandle = { template = "a-{rows}" }\n', "creator.handle.template: unknown placeholder {rows}"),
    ('[creator]\nhandle = { template = "a-{" }\n', "creator.handle.template: invalid template"),
    ('[creator]\nhandle = "h"\nfollowers = { value = [1] }\n', "creator.followers.value: expected a single value"),
    ('[creator]\nhandle = "h"\n[post]\nlikes = { column = "l", format = "%d" }\n', "post.likes.format: only for dates"),
    ('[creator]\nhandle = "h"\n[post]\nposted_at = { column = "t", format = "dd/mm" }\n',
     "post.posted_at.format: expected a strptime format"),
    ('[creator]\nhandle = "h"\nfollowers = { column = "f", split = "," }\n', "creator.followers.split: only for lists"),
    ('[creator]\nhandle = "h"\n[post]\nhashtags = { column = "t", split = "" }\n',
     "post.hashtags.split: expected the separator as a non-empty string"),
    ('[creator]\nhandle = { column = "h", scale = 2 }\n', "creator.handle.scale: only for numbers"),
    ('[creator]\nhandle = "h"\nfollowers = { column = "f", scale = 0 }\n', "creator.followers.scale: expected a number > 0"),
    ('[creator]\nfollowers = "f"\n', "map.toml:2: creator.handle: required"),
    ('platform = "ig"\n', "map.toml: creator.handle: required: the column holding each creator's handle"),
    ('creator = 3\n', "map.toml:2: creator: expected a table"),
    ('layout = "posts"\n[creator]\nhandle = { template = "x" }\n', 'map.toml:2: group_by: required with layout = "posts"'),
    ('layout = "posts"\ngroup_by = "g"\n[creator]\nhandle = { template = "a-{row}" }\n',
     "creator.handle: a template with {row} gives every post row its own creator"),
])
def test_map_file_errors(tmp_path, text, expected):
    path = write_map(tmp_path, "schema = 1\n" + text)
    errors = map_errors(path)
    if expected.startswith("map.toml"):  # the whole line, from the start: file[:line]: key: message
        assert any(e.startswith(f"{tmp_path}/{expected}") for e in errors), errors
    else:
        assert any(f": {expected}" in e for e in errors), errors
    assert all("\n" not in e for e in errors)


def test_schema_is_required_and_checked(tmp_path):
    assert map_errors(write_map(tmp_path, '[creator]\nhandle = "h"\n')) == [
        f"{tmp_path / 'map.toml'}: schema: required: add `schema = 1` at the top of the map file"]
    assert map_errors(write_map(tmp_path, 'schema = 2\n[creator]\nhandle = "h"\n'))[0].endswith(
        "schema: expected 1 (the only map file version), got 2")


def test_toml_syntax_and_missing_map_file(tmp_path):
    errors = map_errors(write_map(tmp_path, "schema = 1\n[creator\n"))
    assert errors[0].startswith(f"{tmp_path / 'map.toml'}:2: TOML syntax error: ")
    assert map_errors(tmp_path / "absent.toml") == [f"{tmp_path / 'absent.toml'}: map file not found"]


def test_every_problem_is_reported_at_once(tmp_path):
    errors = map_errors(write_map(tmp_path, 'schema = 1\nlayuot = 1\n[creator]\nhandle = "h"\nfolowers = "f"\n'))
    assert len(errors) == 2


def test_binding_errors_name_the_column_and_the_header(tmp_path):
    data = write(tmp_path / "e.csv", "Instagram name,Subscribers,Subscribers\nann,1,2\n")
    m = write_map(tmp_path, """
        schema = 1
        [creator]
        handle = "Instagram nme"
        followers = { column = "Subscribers", occurrence = 3 }
        following = { index = 9 }
        """)
    errors = map_errors(m, data)
    assert errors == [
        f"{m}:3: creator.handle: expected a column of {data} named 'Instagram nme' (did you mean 'Instagram name'?); "
        "its header has: 'Instagram name', 'Subscribers', 'Subscribers'",
        f"{m}:4: creator.followers: expected occurrence 3 of column 'Subscribers', but {data} has that header 2 times",
        f"{m}:5: creator.following: index 9 is past the last column of {data} (it has 3 columns, numbered from 0)",
    ]
    m2 = write_map(tmp_path, 'schema = 1\nlayout = "posts"\ngroup_by = "who"\n[post]\nlikes = "Subscribers"\n', "m2.toml")
    # (likes = "Subscribers" is an error too now: that name is in the header twice; issue 14, item 25)
    assert any(e.startswith(f"{m2}:3: group_by: expected a column of {data} named 'who'") for e in map_errors(m2, data))


def test_cli_map_errors_exit_4_one_line_each_no_traceback(tmp_path, rules):
    data = write(tmp_path / "e.csv", "name\nann\n")
    bad = write_map(tmp_path, 'schema = 1\nlayuot = 1\n[creator]\nhandle = "nme"\n')
    result = score_cli(data, "--map", bad, "--rules", rules, "--rejects", tmp_path / "rej.jsonl")
    assert result.exit_code == 4
    assert result.stderr.splitlines() == [
        f"brandfit: error: {bad}:2: layuot: unknown key (did you mean 'layout'?); expected one of: schema, format, "
        "layout, group_by, group_order, platform, delimiter, encoding, creator, post"]
    assert not (tmp_path / "rej.jsonl").exists()
    unbound = write_map(tmp_path, 'schema = 1\n[creator]\nhandle = "nme"\nfollowers = "subs"\n', "m2.toml")
    result = score_cli(data, "--map", unbound, "--rules", rules)
    assert result.exit_code == 4 and "Traceback" not in result.output
    lines = result.stderr.splitlines()
    assert len(lines) == 2 and all(line.startswith(f"brandfit: error: {unbound}:") for line in lines)
    assert "creator.handle: expected a column" in lines[0] and "creator.followers: expected a column" in lines[1]


def test_explain_accepts_a_map(tmp_path, rules):
    data = write(tmp_path / "e.csv", "Name,Subs\nann,10K\n")
    m = write_map(tmp_path, 'schema = 1\n[creator]\nhandle = "name"\nfollowers = "subs"\n')
    result = CliRunner().invoke(main, ["explain", str(data), "ann", "--map", str(m), "--rules", str(rules),
                                       "--format", "json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["handle"] == "ann"
