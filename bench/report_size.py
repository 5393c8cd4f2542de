"""How big `brandfit report` pages get and how fast they open in headless Chromium.

    python bench/report_size.py --creators 10000 [--creators 100000 ...] [--runs 3] [--keep-dir DIR]

For each count: synthetic creators (bench/make_creators.py, reused from --keep-dir), `brandfit report`
under rules/eco-running.toml with its defaults, then the page opened --runs times in a fresh tab of
Debian's Chromium (playwright; every request other than the file refused). Prints the file size,
how much of it is data / charts / scripts, the time to build it, and the time from navigation until
the table's first row is in the page (median and worst of the runs), against the targets of issue 15:
under 3 s to open and under 15 MB for 10,000 creators.
"""

from __future__ import annotations

import argparse
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
RULES = REPO / "rules" / "eco-running.toml"
CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update", "--disable-sync"]


def creators_file(count: int, folder: Path) -> Path:
    path = folder / f"creators-{count}.jsonl"
    if not path.exists():
        subprocess.run([sys.executable, str(REPO / "bench" / "make_creators.py"), str(path), "--creators", str(count)],
                       check=True)
    return path


def parts(html: str) -> dict[str, int]:
    """Bytes of the page's data, charts and scripts."""
    data = re.search(r'id="report-data">(.*?)</script>', html, re.S)
    charts = sum(len(m) for m in re.findall(r'<figure class="chart".*?</figure>', html, re.S))
    scripts = sum(len(m) for m in re.findall(r"<script>(.*?)</script>", html, re.S))
    return {"data": len(data.group(1).encode()) if data else 0, "charts": charts, "scripts": scripts}


def open_times(report: Path, runs: int, chromium: str) -> list[float]:
    from playwright.sync_api import sync_playwright

    times = []
    with sync_playwright() as p, tempfile.TemporaryDirectory() as profile:
        browser = p.chromium.launch_persistent_context(profile, executable_path=chromium, headless=True,
                                                       args=CHROMIUM_FLAGS, viewport={"width": 1300, "height": 1000})
        for _ in range(runs):
            page = browser.new_page()
            page.route("**/*", lambda route: route.continue_() if route.request.url == report.as_uri() else route.abort())
            start = time.perf_counter()
            page.goto(report.as_uri(), wait_until="commit")
            page.wait_for_selector("#ranked tbody tr.creator", timeout=120_000)
            times.append(time.perf_counter() - start)
            page.close()
        browser.close()
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--creators", type=int, action="append", help="creators (repeatable; default 10000)")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--keep-dir", type=Path, help="keep the generated creators and reports here")
    args = parser.parse_args()
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    if chromium is None:
        sys.exit("chromium is not installed: apt-get install chromium")
    folder = args.keep_dir or Path(tempfile.mkdtemp(prefix="brandfit-report-bench-"))
    folder.mkdir(parents=True, exist_ok=True)
    print(f"{'creators':>9} {'in page':>8} {'size MB':>8} {'data MB':>8} {'charts MB':>9} {'scripts KB':>10} "
          f"{'build s':>8} {'open s (median, worst)':>24}")
    for count in args.creators or [10_000]:
        data = creators_file(count, folder)
        report = folder / f"report-{count}.html"
        start = time.perf_counter()
        subprocess.run(["brandfit", "report", str(data), "--rules", str(RULES), "-o", str(report), "-q"], check=True,
                       capture_output=True)
        build = time.perf_counter() - start
        html = report.read_text(encoding="utf-8")
        sizes = parts(html)
        shown = re.search(r'"shown":(\d+)', html)
        times = open_times(report, args.runs, chromium)
        print(f"{count:>9,} {int(shown.group(1)) if shown else 0:>8,} {report.stat().st_size / 1e6:>8.2f} "
              f"{sizes['data'] / 1e6:>8.2f} {sizes['charts'] / 1e6:>9.2f} {sizes['scripts'] / 1e3:>10.1f} "
              f"{build:>8.1f} {statistics.median(times):>15.2f}, {max(times):.2f}")
    print("targets (issue 15, 10,000 creators): open < 3 s, size < 15 MB")


if __name__ == "__main__":
    main()
