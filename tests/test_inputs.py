"""Input readers: JSONL (fast path and line-by-line fallback), JSON, CSV/TSV, gzip; rejects and counts."""

from __future__ import annotations

import csv
import gzip
import io
import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

import brandfit.inputs.jsonl
from brandfit.cli import main
from brandfit.inputs.jsonl import read_jsonl
from brandfit.inputs.sources import InputError, read_input

SUMMARY = re.compile(r"read (\d+) rows · used (\d+) rows · rejected (\d+) rows · scored (\d+) creators")

RULES = 'schema = 1\n[scorers.tier]\n'


def read_all(path, fmt=None):
    """(rows as dicts, rejects, rows_used) over every batch of an input."""
    rows, rejects, used = [], [], 0
    for batch in read_input(str(path), fmt):
        rows.extend(batch.batch.to_pylist())
        rejects.extend(batch.rejects)
        used += batch.rows_used
    return rows, rejects, used


def jsonl_text(*items) -> str:
    """Lines of JSONL; a str item is written as is (blank or broken lines)."""
    return "".join((item if isinstance(item, str) else json.dumps(item)) + "\n" for item in items)


@pytest.fixture
def no_fallback(monkeypatch):
    """Fail the test if the line-by-line fallback is used: the block must go through pyarrow."""

    def refuse(*args, **kwargs):
        raise AssertionError("the line-by-line fallback was used")

    monkeypatch.setattr(brandfit.inputs.jsonl, "_read_lines", refuse)


@pytest.fixture
def fallback_calls(monkeypatch):
    calls = []
    real = brandfit.inputs.jsonl._read_lines

    def spy(block, source, first_line):
        calls.append(first_line)
        return real(block, source, first_line)

    monkeypatch.setattr(brandfit.inputs.jsonl, "_read_lines", spy)
    return calls


def run_score(*args):
    result = CliRunner().invoke(main, ["score", *map(str, args)])
    assert "Traceback" not in result.output
    return result


def summary_counts(stderr: str) -> tuple[int, int, int, int]:
    lines = [line for line in stderr.splitlines() if SUMMARY.fullmatch(line)]
    assert len(lines) == 1, stderr
    n, u, k, m = map(int, SUMMARY.fullmatch(lines[0]).groups())
    assert n == u + k
    return n, u, k, m


# ---- JSONL ------------------------------------------------------------------------------------

def test_jsonl_fast_path(tmp_path, no_fallback):
    path = tmp_path / "c.jsonl"
    path.write_text(jsonl_text(
        {"handle": " @alice ", "platform": "IG", "followers": 1500, "posts": [{"id": "p1", "likes": 10, "comments": 2}]},
        "",
        {"handle": "bob", "platform": "TikTok", "followers": -3, "extra_field": [1, 2]},
        {"handle": "carol", "followers": None},
    ))
    rows, rejects, used = read_all(path)
    assert rejects == []
    assert used == 3
    assert [(r["handle"], r["platform"], r["followers"]) for r in rows] == [
        ("alice", "instagram", 1500.0), ("bob", "tiktok", None), ("carol", None, None)]
    assert rows[0]["posts"][0]["likes"] == 10.0
    assert rows[1]["posts"] is None


BAD_COUNTS = [
    {"handle": "neg", "followers": -1, "following": 5,
     "posts": [{"id": "p1", "likes": -10, "comments": 2, "views": -1}, {"id": "p2", "likes": 3, "shares": -2}]},
    {"handle": "ok", "followers": 7, "posts": [{"id": "p3", "likes": 4, "saves": 0}]},
]


def _counts_seen(rows):
    return [(r["followers"], r["following"], [None if p is None else (p["likes"], p["comments"], p["shares"], p["saves"], p["views"])
                                              for p in r["posts"] or []]) for r in rows]


def test_every_reader_makes_negative_and_nan_counts_missing(tmp_path, no_fallback):
    """The row path (JSON arrays, CSV, fallback lines) and the columnar ones (JSONL blocks,
    Parquet) clean counts alike, so no scorer has to."""
    import math

    import pyarrow as pa
    import pyarrow.parquet as pq

    from brandfit.inputs.batches import rows_to_table
    from brandfit.inputs.coercion import coerce_creator

    expected = [(None, 5.0, [(None, 2.0, None, None, None), (3.0, None, None, None, None)]),
                (7.0, None, [(4.0, None, None, 0.0, None)])]
    jsonl = tmp_path / "c.jsonl"
    jsonl.write_text(jsonl_text(*BAD_COUNTS))
    assert _counts_seen(read_all(jsonl)[0]) == expected
    array = tmp_path / "c.json"
    array.write_text(json.dumps(BAD_COUNTS))
    assert _counts_seen(read_all(array)[0]) == expected
    # Parquet can hold NaN; JSON cannot
    table = pa.Table.from_batches([rows_to_table([coerce_creator(r) for r in BAD_COUNTS])])
    posts = table.column("posts").to_pylist()
    posts[1][0]["likes"], posts[1][0]["comments"] = math.nan, -5.0
    followers = [-1.0, math.nan]
    table = table.set_column(table.schema.get_field_index("posts"), "posts", pa.array(posts, table.schema.field("posts").type))
    table = table.set_column(table.schema.get_field_index("followers"), "followers", pa.array(followers, pa.float64()))
    parquet = tmp_path / "c.parquet"
    pq.write_table(table, parquet)
    nan_expected = [expected[0], (None, None, [(None, None, None, 0.0, None)])]
    assert _counts_seen(read_all(parquet)[0]) == nan_expected


def test_fast_path_missing_handle_rejected_with_its_line(tmp_path, no_fallback):
    path = tmp_path / "c.jsonl"
    lines = [
        {"handle": "a", "followers": 10},        # 1
        "",                                      # 2 (blank: skipped, not counted)
        {"platform": "instagram", "followers": 100},  # 3
        {"handle": "", "followers": 1},          # 4
        {"handle": "   ", "followers": 1},       # 5
        {"handle": None},                        # 6
        {"handle": "b", "followers": 20},        # 7
    ]
    path.write_text(jsonl_text(*lines))
    rows, rejects, used = read_all(path)
    assert [r["handle"] for r in rows] == ["a", "b"]
    assert used == 2
    assert [(r.line, r.reason) for r in rejects] == [(3, "missing handle"), (4, "missing handle"),
                                                      (5, "missing handle"), (6, "missing handle")]
    assert rejects[0].raw == json.dumps(lines[2])
    assert rejects[0].source == str(path)


def test_fast_path_rejects_a_handle_that_is_only_at_sign(tmp_path):
    # docs/creator-format.md: `missing handle`: "no handle, or a blank one, `@` alone ..." in all formats.
    # The line-by-line path rejects it; the pyarrow fast path must too (not score a creator named "").
    path = tmp_path / "c.jsonl"
    path.write_text(jsonl_text({"handle": "a", "followers": 10}, {"handle": "@", "followers": 10},
                               {"handle": " @ ", "followers": 10}))
    rows, rejects, used = read_all(path)
    assert [r["handle"] for r in rows] == ["a"]
    assert [(r.line, r.reason) for r in rejects] == [(2, "missing handle"), (3, "missing handle")]


def test_fallback_path_rejects_a_handle_that_is_only_at_sign(tmp_path, fallback_calls):
    path = tmp_path / "c.jsonl"
    path.write_text(jsonl_text({"handle": "a", "followers": "1k"}, {"handle": "@", "followers": 10}))
    rows, rejects, _ = read_all(path)
    assert fallback_calls == [1]
    assert [r["handle"] for r in rows] == ["a"]
    assert [(r.line, r.reason) for r in rejects] == [(2, "missing handle")]


def test_bad_json_line_rejected_with_line_number_rest_scored(tmp_path, fallback_calls):
    path = tmp_path / "c.jsonl"
    broken = '{"handle": "cut.off", "platform": "instagram", "followers": '
    path.write_text(jsonl_text(
        {"handle": "a", "followers": 10},   # 1
        "",                                 # 2
        {"handle": "b", "followers": 20},   # 3
        broken,                             # 4
        "[1, 2]",                           # 5: JSON, but not an object
        {"handle": "c", "followers": 30},   # 6
    ))
    rows, rejects, used = read_all(path)
    assert fallback_calls == [1]
    assert [r["handle"] for r in rows] == ["a", "b", "c"]
    assert used == 3
    assert [r.line for r in rejects] == [4, 5]
    assert rejects[0].raw == broken
    assert rejects[0].reason == f"invalid JSON: Expecting value at column {len(broken) + 1}"
    assert rejects[1].reason == "expected a JSON object (one creator), got list"


def test_values_parsed_on_the_fallback_path(tmp_path, fallback_calls):
    path = tmp_path / "c.jsonl"
    path.write_text(jsonl_text(
        {"handle": "big", "platform": "tt", "followers": "3.3M",
         "posts": [{"id": "p1", "likes": "1,234", "comments": "#N/A", "views": "541.2K", "shares": "12"}]},
        {"handle": "small", "followers": "1,234", "following": "#N/A", "fee": "$1,200"},
        {"handle": "no.count", "followers": "#N/A"},
        {"handle": "junk", "followers": "abc", "posts": []},
    ))
    rows, rejects, used = read_all(path)
    assert fallback_calls == [1]
    assert rejects == [] and used == 4
    big, small, no_count, junk = rows
    assert big["followers"] == 3_300_000.0
    assert big["platform"] == "tiktok"
    post = big["posts"][0]
    assert (post["likes"], post["comments"], post["views"], post["shares"]) == (1234.0, None, 541_200.0, 12.0)
    assert small["followers"] == 1234.0 and small["following"] is None
    assert no_count["followers"] is None  # missing, never 0
    assert junk["followers"] is None     # unreadable value: missing, creator kept


def test_parsed_values_are_scored(tmp_path, write_creators, write_rules):
    path = write_creators([{"handle": "big", "followers": "3.3M"}, {"handle": "mid", "followers": "150,000"},
                           {"handle": "none_given", "followers": "#N/A"}])
    rules = write_rules(RULES)
    result = run_score(path, "--rules", rules, "--format", "jsonl")
    assert result.exit_code == 0, result.output
    rows = {r["handle"]: r for r in map(json.loads, result.stdout.splitlines())}
    assert (rows["big"]["tier"], rows["big"]["score_tier"]) == ("mega", 40.0)
    assert (rows["mid"]["tier"], rows["mid"]["score_tier"]) == ("mid", 85.0)
    assert rows["none_given"]["tier"] is None and rows["none_given"]["score_tier"] is None
    assert rows["none_given"]["missing"] == ["tier: follower count missing"]


def test_posts_that_are_not_a_list_reject_the_creator(tmp_path):
    path = tmp_path / "c.jsonl"
    path.write_text(jsonl_text(
        {"handle": "a", "posts": "see attachment"},
        {"handle": "b", "posts": [{"id": "x"}, 5]},
        {"handle": "c", "posts": "[{broken"},
        {"handle": "d", "posts": "n/a"},
    ))
    rows, rejects, _ = read_all(path)
    assert [r["handle"] for r in rows] == ["d"]
    assert rows[0]["posts"] is None
    assert [(r.line, r.reason) for r in rejects] == [
        (1, "posts: expected a list of posts, got str"),
        (2, "posts[1]: expected an object, got int"),
        (3, "posts: invalid JSON (Expecting property name enclosed in double quotes at column 3)"),
    ]


def test_blank_lines_and_line_numbers_across_blocks(tmp_path):
    # small blocks: line numbers must stay the file's own across block boundaries, on both paths
    lines = []
    for i in range(1, 31):
        if i % 7 == 0:
            lines.append("")
        elif i % 11 == 0:
            lines.append('{"handle": "broken", ')
        elif i % 13 == 0:
            lines.append(json.dumps({"followers": 5}))
        else:
            lines.append(json.dumps({"handle": f"c{i}", "followers": i}))
    data = jsonl_text(*lines).encode()
    batches = list(read_jsonl(io.BytesIO(data), "src", block_bytes=100))
    assert len(batches) > 5
    handles = [r["handle"] for b in batches for r in b.batch.to_pylist()]
    rejects = [(r.line, r.reason.split(":")[0]) for b in batches for r in b.rejects]
    expected_handles = [f"c{i}" for i in range(1, 31) if i % 7 and i % 11 and i % 13]
    assert handles == expected_handles
    assert rejects == [(11, "invalid JSON"), (13, "missing handle"), (22, "invalid JSON"), (26, "missing handle")]
    assert sum(b.rows_used for b in batches) == len(expected_handles)


def test_byte_order_mark_is_skipped(tmp_path):
    path = tmp_path / "c.jsonl"
    path.write_bytes(b"\xef\xbb\xbf" + jsonl_text({"handle": "a", "followers": 1}, {"handle": "b"}).encode())
    rows, rejects, _ = read_all(path)
    assert [r["handle"] for r in rows] == ["a", "b"]
    assert rejects == []


def test_json_array_input(tmp_path):
    path = tmp_path / "c.json"
    path.write_text(json.dumps([{"handle": "a", "followers": "2k"}, {"followers": 3}, {"handle": "b"}]))
    rows, rejects, used = read_all(path)
    assert [(r["handle"], r["followers"]) for r in rows] == [("a", 2000.0), ("b", None)]
    assert used == 2
    assert [(r.line, r.reason) for r in rejects] == [(None, "item 1: missing handle")]


# ---- CSV / TSV --------------------------------------------------------------------------------

def test_csv_documented_columns_and_posts_cell(tmp_path):
    path = tmp_path / "c.csv"
    path.write_text(
        "handle,platform,followers,categories,posts\n"
        '@trail.tess,IG,"24,500",running;outdoors,"[{""id"":""tt1"",""likes"":820,""comments"":41,'
        '""caption"":""Long run on the ridge""}]"\n'
        "pace.paula,tt,812.4K,running|lifestyle,\n",
        encoding="utf-8")
    rows, rejects, used = read_all(path)
    assert rejects == [] and used == 2
    tess, paula = rows
    assert (tess["handle"], tess["platform"], tess["followers"]) == ("trail.tess", "instagram", 24500.0)
    assert tess["categories"] == ["running", "outdoors"]
    assert len(tess["posts"]) == 1
    assert (tess["posts"][0]["id"], tess["posts"][0]["likes"], tess["posts"][0]["comments"]) == ("tt1", 820.0, 41.0)
    assert tess["posts"][0]["caption"] == "Long run on the ridge"
    assert (paula["handle"], paula["platform"], paula["followers"]) == ("pace.paula", "tiktok", 812_400.0)
    assert paula["categories"] == ["running", "lifestyle"]
    assert paula["posts"] is None


def test_csv_all_columns_any_order_and_case(tmp_path):
    path = tmp_path / "c.csv"
    with path.open("w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow([" Bio ", "FOLLOWERS", "handle", "following", "country", "fee", "platform", "extra"])
        w.writerow(["Trail runner", "3.3M", "jess", "612", "US", "450", "instagram", "ignored"])
    rows, rejects, _ = read_all(path)
    assert rejects == []
    row = rows[0]
    assert (row["handle"], row["bio"], row["followers"], row["following"], row["country"], row["fee"]) == (
        "jess", "Trail runner", 3_300_000.0, 612.0, "US", 450.0)


def test_csv_rejects_with_line_numbers(tmp_path):
    path = tmp_path / "c.csv"
    path.write_text(
        "handle,platform,followers\n"   # 1
        "a,instagram,100\n"             # 2
        ",instagram,5\n"                # 3: missing handle
        "\n"                            # 4: empty row, skipped
        "#N/A,instagram,5\n"            # 5: missing-cell handle
        "b,instagram,1,234\n"           # 6: 4 cells, 3 columns
        "c,tiktok\n",                   # 7: fewer cells: the rest is missing
        encoding="utf-8")
    rows, rejects, used = read_all(path)
    assert [(r["handle"], r["followers"]) for r in rows] == [("a", 100.0), ("c", None)]
    assert used == 2
    assert [(r.line, r.raw, r.reason) for r in rejects] == [
        (3, ",instagram,5", "missing handle"),
        (5, "#N/A,instagram,5", "missing handle"),
        (6, "b,instagram,1,234", "4 cells but the header has 3 columns"),
    ]


def test_csv_without_handle_column(tmp_path):
    path = tmp_path / "c.csv"
    path.write_text("name,followers\na,1\nb,2\n", encoding="utf-8")
    rows, rejects, used = read_all(path)
    assert rows == [] and used == 0
    assert [r.line for r in rejects] == [1, 2, 3]
    assert rejects[0].reason.startswith("no 'handle' column; expected columns named handle, platform, ")
    assert rejects[1].reason == "no 'handle' column"


def test_tsv(tmp_path):
    path = tmp_path / "c.tsv"
    path.write_text("handle\tfollowers\tbio\na\t1,234\thello, world\n", encoding="utf-8")
    rows, rejects, _ = read_all(path)
    assert rejects == []
    assert (rows[0]["handle"], rows[0]["followers"], rows[0]["bio"]) == ("a", 1234.0, "hello, world")


# ---- gzip -------------------------------------------------------------------------------------

def test_gzip_jsonl(tmp_path):
    path = tmp_path / "c.jsonl.gz"
    path.write_bytes(gzip.compress(jsonl_text({"handle": "a", "followers": 10}, "{oops",
                                              {"handle": "b", "followers": "2k"}).encode()))
    rows, rejects, used = read_all(path)
    assert [(r["handle"], r["followers"]) for r in rows] == [("a", 10.0), ("b", 2000.0)]
    assert [r.line for r in rejects] == [2]


def test_gzip_recognised_from_first_bytes(tmp_path):
    path = tmp_path / "c.csv"  # compressed, but no .gz
    path.write_bytes(gzip.compress(b"handle,followers\na,5\n"))
    rows, rejects, _ = read_all(path)
    assert [(r["handle"], r["followers"]) for r in rows] == [("a", 5.0)]


def test_gzip_through_the_cli(tmp_path, write_rules):
    path = tmp_path / "c.jsonl.gz"
    path.write_bytes(gzip.compress(jsonl_text({"handle": "a", "followers": 20000}).encode()))
    result = run_score(path, "--rules", write_rules(RULES), "--format", "csv")
    assert result.exit_code == 0, result.output
    assert summary_counts(result.stderr) == (1, 1, 0, 1)
    assert result.stdout.splitlines()[1].startswith("1,a,")


# ---- summary line, rejects file, --strict -------------------------------------------------------

MIXED_LINES = [
    {"handle": "a", "platform": "instagram", "followers": 20000},   # 1
    "",                                                           # 2
    {"handle": "", "platform": "instagram", "followers": 5000},    # 3 rejected
    {"handle": "b", "followers": "3.3M"},                          # 4
    '{"handle": "cut.off", "followers": ',                         # 5 rejected
    {"handle": "c", "followers": "#N/A"},                          # 6
    {"handle": "d", "posts": "see attachment"},                    # 7 rejected
]


def test_summary_line_counts(tmp_path, write_rules):
    path = tmp_path / "c.jsonl"
    path.write_text(jsonl_text(*MIXED_LINES))
    result = run_score(path, "--rules", write_rules(RULES), "--format", "jsonl")
    assert result.exit_code == 0, result.output
    # 6 non-blank lines read = 3 used + 3 rejected; 3 creators scored
    assert summary_counts(result.stderr) == (6, 3, 3, 3)
    assert "read 6 rows · used 3 rows · rejected 3 rows · scored 3 creators" in result.stderr.splitlines()
    assert len(result.stdout.splitlines()) == 3


def test_rejects_file_content(tmp_path, write_rules, monkeypatch):
    monkeypatch.chdir(tmp_path)
    Path("c.jsonl").write_text(jsonl_text(*MIXED_LINES))
    write_rules(RULES)
    result = run_score("c.jsonl", "--rules", "rules.toml", "--rejects", "rejects.jsonl", "-o", "out.csv")
    assert result.exit_code == 0, result.output
    records = [json.loads(line) for line in Path("rejects.jsonl").read_text().splitlines()]
    assert records == [
        {"source": "c.jsonl", "line": 3, "raw": json.dumps(MIXED_LINES[2]), "reason": "missing handle"},
        {"source": "c.jsonl", "line": 5, "raw": MIXED_LINES[4], "reason": "invalid JSON: Expecting value at column 36"},
        {"source": "c.jsonl", "line": 7, "raw": json.dumps(MIXED_LINES[6]), "reason": "posts: expected a list of posts, got str"},
    ]
    assert not list(tmp_path.glob(".*.part"))  # no temporary files left behind


def test_rejects_file_created_empty_when_nothing_rejected(tmp_path, write_rules):
    path = tmp_path / "c.jsonl"
    path.write_text(jsonl_text({"handle": "a", "followers": 1}))
    rejects = tmp_path / "rejects.jsonl"
    result = run_score(path, "--rules", write_rules(RULES), "--rejects", rejects, "--format", "csv")
    assert result.exit_code == 0
    assert rejects.read_text() == ""


def test_strict_exits_1_on_any_reject(tmp_path, write_rules):
    path = tmp_path / "c.jsonl"
    path.write_text(jsonl_text(*MIXED_LINES))
    rules = write_rules(RULES)
    result = run_score(path, "--rules", rules, "--strict", "--format", "csv")
    assert result.exit_code == 1
    # the run still completes: results written, summary printed, then the check fails
    assert len(result.stdout.splitlines()) == 1 + 3
    assert summary_counts(result.stderr) == (6, 3, 3, 3)
    assert "brandfit: error: 3 rows rejected (allowed: 0)" in result.stderr


def test_strict_passes_without_rejects(tmp_path, write_rules):
    path = tmp_path / "c.jsonl"
    path.write_text(jsonl_text({"handle": "a", "followers": 1}, {"handle": "b", "followers": "2k"}))
    result = run_score(path, "--rules", write_rules(RULES), "--strict", "--format", "csv")
    assert result.exit_code == 0
    assert summary_counts(result.stderr) == (2, 2, 0, 2)


@pytest.mark.parametrize("limit, code", [(2, 1), (3, 0)])
def test_max_rejects(tmp_path, write_rules, limit, code):
    path = tmp_path / "c.jsonl"
    path.write_text(jsonl_text(*MIXED_LINES))
    result = run_score(path, "--rules", write_rules(RULES), "--max-rejects", limit, "--format", "csv")
    assert result.exit_code == code


def test_csv_summary_counts(tmp_path, write_rules):
    path = tmp_path / "c.csv"
    path.write_text("handle,followers\na,1\n,2\n\nb,3\n", encoding="utf-8")
    result = run_score(path, "--rules", write_rules(RULES), "--format", "csv")
    assert result.exit_code == 0
    assert summary_counts(result.stderr) == (3, 2, 1, 2)


# ---- unreadable inputs --------------------------------------------------------------------------

def test_missing_input_file_exits_4(tmp_path, write_rules):
    result = run_score(tmp_path / "absent.jsonl", "--rules", write_rules(RULES))
    assert result.exit_code == 4
    assert result.stderr.strip() == f"brandfit: error: {tmp_path / 'absent.jsonl'}: input file not found"


def test_unknown_extension_exits_4(tmp_path, write_rules):
    path = tmp_path / "creators.txt"
    path.write_text('{"handle": "a"}\n')
    result = run_score(path, "--rules", write_rules(RULES))
    assert result.exit_code == 4
    assert result.stderr.startswith(f"brandfit: error: {path}: cannot tell the format from the extension; use --input-format ")
    assert len(result.stderr.strip().splitlines()) == 1


def test_input_format_option_overrides_extension(tmp_path, write_rules):
    path = tmp_path / "creators.txt"
    path.write_text('{"handle": "a", "followers": 20000}\n')
    result = run_score(path, "--rules", write_rules(RULES), "--input-format", "jsonl", "--format", "csv")
    assert result.exit_code == 0
    assert summary_counts(result.stderr) == (1, 1, 0, 1)


def test_read_input_unknown_extension_raises_input_error(tmp_path):
    with pytest.raises(InputError):
        list(read_input(str(tmp_path / "x.xyz")))


class _Trickle(io.RawIOBase):
    """A stream that hands out at most 7 bytes per read, as a pipe may."""

    def __init__(self, data: bytes) -> None:
        self._data, self._at = data, 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:  # type: ignore[no-untyped-def, override]
        piece = self._data[self._at:self._at + 7]
        buffer[: len(piece)] = piece
        self._at += len(piece)
        return len(piece)


@pytest.mark.parametrize("make_stream", [io.BytesIO, _Trickle], ids=["buffered", "short reads"])
def test_lines_longer_than_a_block_and_no_final_newline(make_stream):
    long_bio = "word " * 200  # one line is ten blocks long
    data = jsonl_text({"handle": "a", "bio": long_bio}, "", {"handle": "b"}, '{"handle": ').encode()
    data += jsonl_text({"handle": "c", "followers": 3}).encode().rstrip(b"\n")
    batches = list(read_jsonl(make_stream(data), "src", block_bytes=100))
    rows = [r for b in batches for r in b.batch.to_pylist()]
    assert [r["handle"] for r in rows] == ["a", "b", "c"]
    assert rows[0]["bio"] == long_bio
    assert [(r.line, r.reason.split(":")[0]) for b in batches for r in b.rejects] == [(4, "invalid JSON")]


def test_post_url_is_read_on_both_jsonl_paths(tmp_path, fallback_calls):
    path = tmp_path / "c.jsonl"
    path.write_text(jsonl_text(
        {"handle": "alice", "posts": [{"id": "p1", "url": "https://example.com/p/1"}, {"id": "p2"}]},
        {"handle": "bob", "followers": "1.2K", "posts": [{"id": "q1", "url": 17}]},  # a number is kept as text
    ))
    rows, rejects, _ = read_all(path)
    assert rejects == []
    assert [p["url"] for p in rows[0]["posts"]] == ["https://example.com/p/1", None]
    assert rows[1]["posts"][0]["url"] == "17"
