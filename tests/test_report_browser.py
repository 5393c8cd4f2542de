"""The report in a real browser (headless Chromium, Debian's package, driven by playwright): it renders
the table, charts and a card with networking cut off, and moving a weight slider re-ranks the table
exactly as `brandfit score` ranks under the rule file the page exports.

Screenshots go to $BRANDFIT_REPORT_SCREENSHOTS when set (docs/report/ is made that way:
`BRANDFIT_REPORT_SCREENSHOTS=docs/report python -P -m pytest -m slow tests/test_report_browser.py`).
"""

from __future__ import annotations

import json
import os
import re
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from brandfit.cli import main

REPO = Path(__file__).resolve().parents[1]
DATASETS = REPO.parent / "shared" / "datasets"
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
# the flags this machine's notes give for Chromium on a closed network
CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update", "--disable-sync"]

pytestmark = [pytest.mark.slow, pytest.mark.skipif(CHROMIUM is None, reason="chromium is not installed (.ci/run installs it)")]
sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed (pip install '.[test]')")


def run(*args):
    result = CliRunner().invoke(main, [str(a) for a in args])
    assert result.exit_code == 0, result.output
    return result


@pytest.fixture(scope="module")
def browser(tmp_path_factory):
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch_persistent_context(
            str(tmp_path_factory.mktemp("chromium-profile")), executable_path=CHROMIUM, headless=True,
            args=CHROMIUM_FLAGS, viewport={"width": 1300, "height": 1000})
        yield browser
        browser.close()


def open_report(browser, path: Path):
    """The report loaded with every request other than the file itself refused and recorded."""
    page = browser.new_page()
    requests: list[str] = []
    errors: list[str] = []

    def refuse(route):
        if route.request.url != path.as_uri():
            requests.append(route.request.url)
            return route.abort()
        return route.continue_()

    page.route("**/*", refuse)
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    page.goto(path.as_uri())
    page.wait_for_selector("#ranked tbody tr.creator")
    return page, requests, errors


def shoot(page, name: str, tmp_path: Path, locator: str, max_height: int = 900) -> None:
    """A screenshot of one element (its first ``max_height`` pixels)."""
    folder = Path(os.environ.get("BRANDFIT_REPORT_SCREENSHOTS") or tmp_path)
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / f"{name}.png"
    element = page.locator(locator).first
    element.scroll_into_view_if_needed()
    box = element.bounding_box()
    assert box and box["height"] > 20
    page.screenshot(path=str(target), full_page=True, clip={
        "x": box["x"] + page.evaluate("scrollX"), "y": box["y"] + page.evaluate("scrollY"),
        "width": box["width"], "height": min(box["height"], max_height)})
    assert target.stat().st_size > 1000


def check_renders(page, requests, errors) -> None:
    """Table, charts and a card are there and visible; nothing was fetched; no script error."""
    rows = page.locator("#ranked tbody tr.creator")
    assert rows.count() == min(50, len(page.evaluate("window.brandfitReport.order()")))
    headers = page.locator("#ranked thead th").all_inner_texts()
    for label in ("creator", "platform", "tier", "followers", "engagement rate", "final", "verdict", "reason"):
        assert label in headers
    charts = page.locator("figure.chart svg")
    assert charts.count() == 3
    for i in range(3):
        box = charts.nth(i).bounding_box()
        assert box and box["width"] > 200 and box["height"] > 100
        assert charts.nth(i).locator("path, circle, rect").count() > 10
    rows.first.click()
    card = page.locator(".card").first
    card.wait_for()
    text = card.inner_text()
    assert "final score" in text and "coverage" in text
    assert requests == [] and errors == []


def move_and_compare(page, tmp_path: Path, data: list[str], rules: Path, slider: str, value: str) -> list:
    """Move a slider; the page's order must equal `brandfit score` under the rule file it exports."""
    before = page.evaluate("window.brandfitReport.order()")
    page.locator(f"#slider-{slider}").fill(value)
    after = page.evaluate("window.brandfitReport.order()")
    assert page.locator(f'input[type=number][data-control="{slider}"]').input_value() == value
    assert after != before, "the slider moved nothing"
    exported = page.locator("#toml").input_value()
    assert exported == page.evaluate("window.brandfitReport.toml()")
    # the export extends the report's rule file by name, saved beside it; here it extends it by path
    text = re.sub(r'^extends = ".*"$', f'extends = "{rules.resolve()}"', exported, flags=re.M)
    chosen = tmp_path / "chosen.toml"
    chosen.write_text(text, encoding="utf-8")
    out = tmp_path / "rescored.jsonl"
    run("score", *data, "--rules", chosen, "-o", out, "-q")
    scored = [json.loads(line) for line in out.read_text().splitlines()]
    assert after == [[r["handle"], r["platform"], r["verdict"], r["final_score"]] for r in scored]
    # and the table shows that order
    shown = page.locator("#ranked tbody tr.creator td:nth-child(2)").all_inner_texts()
    assert shown == [r["handle"] for r in scored[:len(shown)]]
    return after


def test_examples_report_in_chromium(browser, tmp_path, monkeypatch):
    monkeypatch.chdir(REPO)  # paths as a user in the repository writes them, in the page and its screenshots
    rules = Path("rules") / "eco-running.toml"
    data = [Path("examples") / "creators.jsonl"]
    report = tmp_path / "report.html"
    run("report", *data, "--rules", rules, "-o", report, "-q")
    page, requests, errors = open_report(browser, report)
    check_renders(page, requests, errors)
    shoot(page, "card", tmp_path, "#ranking", max_height=1100)
    page.locator("#ranked tbody tr.creator").first.click()  # close the card again
    shoot(page, "summary", tmp_path, "#summary")
    shoot(page, "engagement", tmp_path, "#chart-engagement")
    shoot(page, "scores", tmp_path, "#chart-scores")
    shoot(page, "brand-safety", tmp_path, "#chart-brand-safety")
    after = move_and_compare(page, tmp_path, data, rules, "weight-engagement", "6")
    assert "was " in page.locator("#ranked tbody").inner_text()
    shoot(page, "reweight", tmp_path, "#reweight")
    shoot(page, "table", tmp_path, "#ranking", max_height=700)
    # a threshold too, on top of the weight
    move_and_compare(page, tmp_path, data, rules, "shortlist", "80")
    assert after != page.evaluate("window.brandfitReport.order()")
    # filters: only rejects on tiktok
    page.locator('input[data-filter="verdict"][value="reject"]').check()
    page.locator('input[data-filter="platform"][value="tiktok"]').check()
    platforms = page.locator("#ranked tbody tr.creator td:nth-child(3)").all_inner_texts()
    verdicts = page.locator("#ranked tbody tr.creator td:nth-last-child(2)").all_inner_texts()
    assert platforms and set(platforms) == {"tiktok"} and set(verdicts) == {"reject"}
    assert errors == []
    page.close()


@pytest.mark.skipif(not (DATASETS / "tiktok-videos-2025" / "videos.csv").exists(),
                    reason="shared data set tiktok-videos-2025 not found at ../shared/datasets")
def test_shared_dataset_report_in_chromium(browser, tmp_path):
    rules = REPO / "rules" / "family-snacks.toml"
    data = [DATASETS / "tiktok-videos-2025" / "videos.csv", "--map", REPO / "examples" / "maps" / "tiktok-videos-2025.toml"]
    report = tmp_path / "tiktok.html"
    run("report", *data, "--rules", rules, "-o", report, "-q", "--evidence", "100")
    page, requests, errors = open_report(browser, report)
    check_renders(page, requests, errors)
    # the map reads each video's url: the card links to the posts its evidence names
    assert page.locator(".card a[href^='https://www.tiktok.com/']").count() > 0
    move_and_compare(page, tmp_path, data, rules, "weight-values", "0.5")
    page.close()


def test_an_empty_report_says_so_in_chromium(browser, tmp_path):
    creators = tmp_path / "none.jsonl"
    creators.write_text('{"handle": ""}\n')
    report = tmp_path / "empty.html"
    run("report", creators, "--rules", REPO / "rules" / "eco-running.toml", "-o", report, "-q")
    page = browser.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.goto(report.as_uri())
    assert "No creators to show" in page.locator("#no-creators").inner_text()
    assert "rejected 1" in page.locator("#summary").inner_text()
    assert errors == []
    page.close()
