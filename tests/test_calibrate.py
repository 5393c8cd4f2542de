"""`brandfit calibrate`: band medians next to the current curve, a TOML fragment that loads as
rules, and one-line errors for data it cannot calibrate from."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest
from click.testing import CliRunner

from brandfit.cli import main

DATASETS = Path(__file__).resolve().parents[1].parent / "shared" / "datasets"


def cli(*args: str):
    return CliRunner().invoke(main, [str(a) for a in args])


def creator(i: int, followers: int, likes: float, platform: str = "instagram", views: float | None = None) -> dict:
    post = {"id": "p1", "likes": likes, "comments": 0}
    if views is not None:
        post["views"] = views
    return {"handle": f"c{i}", "platform": platform, "followers": followers, "posts": [post]}


def test_medians_per_band_next_to_the_curve_and_a_fragment_that_loads(write_creators, write_rules, tmp_path):
    # 30 Instagram creators at 2,000 followers (rates 1%..3.9%) and 30 at 50,000 (0.5%..1.95%)
    creators = [creator(i, 2000, 20 + 2 * i) for i in range(30)] + [creator(100 + i, 50000, 250 + 25 * i) for i in range(30)]
    creators.append(creator(999, 20000, 100, platform="facebook"))  # one facebook creator: a band, but no anchor
    out = tmp_path / "curves.toml"
    result = cli("calibrate", write_creators(creators), "-o", out)
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0].endswith("61 of 61 creators have an engagement rate and a follower count")
    band = next(line for line in lines if line.startswith("instagram") and "1k-4k" in line)
    # median of 1.0%..3.9% in 0.1% steps: 2.45%; the default curve at 2,000 followers: 4.5%
    assert band.split()[3:9] == ["30", "2,000", "1.73%", "2.45%", "3.17%", "4.5%"]
    assert band.split()[9] == "0.54x"
    assert "(under 20: no anchor)" in next(line for line in lines if line.startswith("facebook"))
    fragment = tomllib.loads(out.read_text())
    curve = fragment["scorers"]["engagement"]["curves"]["instagram"]["followers"]
    assert curve == {"followers": [2000, 50000], "rate": [0.0245, 0.01225]}
    assert "facebook" not in fragment["scorers"]["engagement"]["curves"]
    # pasted into a rule file, the fragment is valid and moves the benchmark onto the data
    rules = write_rules('schema = 1\nextends = "default"\n' + out.read_text())
    assert cli("rules", "check", rules).exit_code == 0
    scored = cli("calibrate", write_creators(creators), "--rules", rules)
    assert next(line for line in scored.stdout.splitlines() if line.startswith("instagram") and "1k-4k" in line).split()[9] == "1.00x"


def test_fragment_goes_to_standard_output_without_o(write_creators):
    creators = [creator(i, 500 + i, 10 + i, platform="tiktok", views=200 + i) for i in range(25)]
    result = cli("calibrate", write_creators(creators), "--min-creators", "5")
    assert result.exit_code == 0, result.output
    assert "[scorers.engagement.curves.tiktok.views]" in result.stdout


@pytest.mark.parametrize("creators, message", [
    ([], "no creators to calibrate from (the input is empty)"),
    ([{"handle": "a", "platform": "instagram", "followers": 100}, {"handle": "b", "platform": "instagram", "followers": 10}],
     "no creator has an engagement rate (no posts: 2 of 2 creators); map the likes, comments or views columns"),
    ([creator(1, 1000, 50)], "only 1 creator has an engagement rate; medians need at least 2"),
])
def test_data_it_cannot_calibrate_from_is_one_line_and_exit_4(write_creators, creators, message):
    path = write_creators(creators)
    result = cli("calibrate", path)
    assert result.exit_code == 4
    errors = [line for line in result.stderr.splitlines() if line.startswith("brandfit: error:")]
    assert errors == [f"brandfit: error: {path}: {message}" + ("" if "map the" not in message else " (docs/map-files.md)")]
    assert "Traceback" not in result.output


def test_an_empty_file_and_bad_bands_are_one_line_errors(tmp_path, write_creators):
    empty = tmp_path / "empty.csv"
    empty.write_text("")
    result = cli("calibrate", empty)
    assert result.exit_code != 0 and "Traceback" not in result.output
    assert len([line for line in result.stderr.splitlines() if line.startswith("brandfit: error:")]) == 1
    bad = cli("calibrate", write_creators([creator(1, 1000, 50)]), "--bands", "1000,500")
    assert bad.exit_code == 2 and "--bands: expected increasing follower counts above 0" in bad.stderr


def test_rules_without_engagement_are_an_error(write_creators, write_rules):
    rules = write_rules("schema = 1\n[scorers.tier]\n")
    result = cli("calibrate", write_creators([creator(1, 1000, 50)]), "--rules", rules)
    assert result.exit_code == 4
    assert "the rules enable no engagement scorer: calibrate measures its rates" in result.stderr


def test_on_the_shared_tiktok_data_the_default_curve_is_the_data(tmp_path):
    data = DATASETS / "tiktok-videos-2025" / "videos.csv"
    if not data.exists():
        pytest.skip(f"shared data set not found at {data}")
    maps = Path(__file__).resolve().parents[1] / "examples" / "maps" / "tiktok-videos-2025.toml"
    result = cli("calibrate", data, "--map", maps, "-q")
    assert result.exit_code == 0, result.output
    views = [line for line in result.stdout.splitlines() if line.startswith("tiktok     views")]
    assert len(views) == 7 and all(line.split()[-1] == "1.00x" or line.split()[-1] == "0.99x" for line in views)
