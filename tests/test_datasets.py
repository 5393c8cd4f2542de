"""Every shared real data set, scored end to end through its map file: nothing lost.

The data lives outside the repository (../shared/datasets/, see its README); these tests skip, with
the reason, when it is absent. For each data set: rows read = used + rejected (the summary line),
rows read = the data rows in the file (counted here independently), creators scored = output lines
(and, for per-post files, = the distinct creators counted here).
"""

from __future__ import annotations

import csv
import json
import re
from collections import Counter
from pathlib import Path

import pytest
from click.testing import CliRunner

from brandfit.cli import main

REPO = Path(__file__).resolve().parents[1]
DATASETS = REPO.parent / "shared" / "datasets"
MAPS = REPO / "examples" / "maps"
RULES = REPO / "rules" / "eco-running.toml"
SUMMARY = re.compile(r"read (\d+) rows · used (\d+) rows · rejected (\d+) rows · scored (\d+) creators"
                     r"(?: · \d+ duplicate creators rejected)?")

# (data file, map, rows in the file, creators: measured once and checked independently below; the
# 2022 exports repeat creators: 67, 4 and 48 handles come twice, each scored once)
CASES = [
    ("social-media-influencers-2022/instagram-sep-2022.csv", "social-media-influencers-2022-instagram.toml", 1050, 983),
    ("social-media-influencers-2022/tiktok-sep-2022.csv", "social-media-influencers-2022-tiktok.toml", 1000, 996),
    ("social-media-influencers-2022/youtube-sep-2022.csv", "social-media-influencers-2022-youtube.toml", 1047, 999),
    ("top-instagram-influencers/top_insta_influencers_data.csv", "top-instagram-influencers.toml", 200, 200),
    ("tiktok-videos-2025/videos.csv", "tiktok-videos-2025.toml", 10102, 6883),
    ("instagram-reach/instagram_reach.csv", "instagram-reach.toml", 100, 95),
    ("instafake/fakeAccountData.json", "instafake.toml", 200, 200),
    ("instafake/realAccountData.json", "instafake.toml", 994, 994),
]


def data_path(relative: str) -> Path:
    path = DATASETS / relative
    if not path.exists():
        pytest.skip(f"../shared/datasets not found: {path} (the shared data sets are not in the repository)")
    return path


def csv_rows(path: Path) -> list[list[str]]:
    """The data rows of a CSV file, read with the csv module: the header and blank rows left out."""
    with path.open(newline="", encoding="utf-8-sig") as f:
        rows = list(csv.reader(f))
    return [row for row in rows[1:] if any(cell.strip() for cell in row)]


def count_rows(path: Path) -> int:
    if path.suffix == ".json":
        return len(json.loads(path.read_text(encoding="utf-8")))
    return len(csv_rows(path))


def score(data: Path, map_name: str, tmp_path: Path):
    out, rejects = tmp_path / "out.jsonl", tmp_path / "rej.jsonl"
    result = CliRunner().invoke(main, ["score", str(data), "--map", str(MAPS / map_name), "--rules", str(RULES),
                                       "-o", str(out), "--rejects", str(rejects)])
    assert result.exit_code == 0, result.output
    assert "Traceback" not in result.output
    lines = [line for line in result.stderr.splitlines() if SUMMARY.fullmatch(line)]
    assert len(lines) == 1, result.stderr
    counts = tuple(int(x) for x in SUMMARY.fullmatch(lines[0]).groups())  # type: ignore[union-attr]
    results = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    rejected = [json.loads(line) for line in rejects.read_text(encoding="utf-8").splitlines()]
    return counts, results, rejected


@pytest.mark.parametrize("relative, map_name, rows, creators", CASES, ids=[c[0] for c in CASES])
def test_dataset_scores_and_every_row_is_accounted_for(tmp_path, relative, map_name, rows, creators):
    data = data_path(relative)
    (read, used, rejected, scored), results, rejects = score(data, map_name, tmp_path)
    assert read == used + rejected
    assert read == count_rows(data) == rows
    assert scored == len(results) == creators
    assert rejected == len(rejects)
    assert all(r["verdict"] in ("shortlist", "review", "reject") for r in results)


@pytest.mark.parametrize("platform, column", [("instagram", "Instagram name"), ("tiktok", "Tiktoker name"),
                                              ("youtube", "Youtuber")])
def test_repeated_creators_in_the_2022_exports_are_scored_once(tmp_path, platform, column):
    data = data_path(f"social-media-influencers-2022/{platform}-sep-2022.csv")
    header, *rows = csv.reader(data.open(newline="", encoding="utf-8-sig"))
    at = [h.strip() for h in header].index(column)
    handles = [row[at].strip().lstrip("@").lower() for row in rows if any(c.strip() for c in row)]
    (read, used, rejected, scored), results, rejects = score(data, f"social-media-influencers-2022-{platform}.toml", tmp_path)
    assert scored == len(set(handles)) < len(handles) == read
    assert rejected == len(handles) - len(set(handles))
    assert all(r["reason"].startswith("duplicate creator") for r in rejects)
    assert {r["handle"].lower() for r in results} == set(handles)


def test_tiktok_videos_grouped_by_user(tmp_path):
    data = data_path("tiktok-videos-2025/videos.csv")
    (read, used, rejected, scored), results, _ = score(data, "tiktok-videos-2025.toml", tmp_path)
    with data.open(newline="", encoding="utf-8") as f:
        per_user = Counter(row["user_name"].strip() for row in csv.DictReader(f))
    assert (read, used, rejected) == (10102, 10102, 0)  # every video is one of a creator's posts
    assert scored == len(per_user) == 6883
    assert {r["handle"] for r in results} == set(per_user)
    assert all(r["platform"] == "tiktok" for r in results)
    # the follower counts ("304.9K") are read, and engagement is measured by views on TikTok
    by_handle = {r["handle"]: r for r in results}
    assert by_handle["lenguyentravi"]["followers"] == 304_900
    assert sum(r["engagement_basis"] == "views" for r in results) > 6000


def test_instagram_reach_posts_grouped_by_username(tmp_path):
    data = data_path("instagram-reach/instagram_reach.csv")
    (read, used, rejected, scored), results, _ = score(data, "instagram-reach.toml", tmp_path)
    assert (read, used, rejected, scored) == (100, 100, 0, 95)
    users = {row[1].strip() for row in csv_rows(data)}
    assert {r["handle"] for r in results} == users


def test_aggregate_exports_read_their_numbers(tmp_path):
    data = data_path("social-media-influencers-2022/tiktok-sep-2022.csv")
    _, results, _ = score(data, "social-media-influencers-2022-tiktok.toml", tmp_path)
    khaby = next(r for r in results if r["handle"] == "khaby.lame")
    assert khaby["followers"] == 149_200_000
    # one average video: (2.3M likes + 15.2K comments + 8.7K shares) / 17.3M views
    assert khaby["engagement_basis"] == "views"
    assert khaby["engagement_rate"] == pytest.approx((2_300_000 + 15_200 + 8_700) / 17_300_000)

    data = data_path("top-instagram-influencers/top_insta_influencers_data.csv")
    _, results, _ = score(data, "top-instagram-influencers.toml", tmp_path)
    cristiano = next(r for r in results if r["handle"] == "cristiano")
    assert cristiano["followers"] == 475_800_000 and cristiano["platform"] == "instagram"


def test_instafake_handles_are_generated_from_the_file_and_row(tmp_path):
    data = data_path("instafake/fakeAccountData.json")
    _, results, _ = score(data, "instafake.toml", tmp_path)
    handles = {r["handle"] for r in results}
    assert handles == {f"fakeAccountData-{i}" for i in range(1, 201)}
    first = json.loads(data.read_text())[0]
    assert next(r for r in results if r["handle"] == "fakeAccountData-1")["followers"] == first["userFollowerCount"]


def test_tiktok_map_reads_each_videos_url():
    from brandfit.inputs.sources import read_input

    data = data_path("tiktok-videos-2025/videos.csv")
    batches = list(read_input(str(data), map_path=str(MAPS / "tiktok-videos-2025.toml")))
    posts = [p for b in batches for c in b.batch.column("posts").to_pylist() for p in c or ()]
    assert len(posts) == 10102
    assert all(p["url"].startswith("https://www.tiktok.com/@") and p["url"].endswith(f"/video/{p['id']}") for p in posts)


def test_youtube_2022_zero_likes_are_not_collected_but_zero_comments_count(tmp_path):
    # the map reads "Avg. likes" = 0 as missing (channels of 10M+ subscribers with hidden likes) and
    # keeps "Avg Comments" = 0 (kids' channels, where YouTube turns comments off)
    data = data_path("social-media-influencers-2022/youtube-sep-2022.csv")
    header, *rows = csv.reader(data.open(newline="", encoding="utf-8-sig"))
    likes_at = [i for i, h in enumerate(header) if h.strip() == "Avg. likes"][1]
    handle_at = header.index("Youtuber")
    no_likes = {row[handle_at].strip().lower() for row in rows if row[likes_at].strip() == "0"}
    _, results, _ = score(data, "social-media-influencers-2022-youtube.toml", tmp_path)
    by_handle = {r["handle"].lower(): r for r in results}
    assert len(no_likes) == 61 and {"shakira", "youtube", "fernanfloo"} <= no_likes
    for handle in no_likes:
        assert by_handle[handle]["score_engagement"] is None
        assert "engagement: no recent post has likes" in by_handle[handle]["missing"]
    cocomelon = by_handle["checkgate"]  # 64,800 likes and 0 comments a video
    assert cocomelon["score_engagement"] is not None
    assert cocomelon["engagement_rate"] == pytest.approx(64_800 / 142_500_000)
    measured = [r for r in results if r["score_engagement"] is not None]
    assert len(measured) == len(results) - 61
