"""What a slow plugin import costs commands whose rule file does not use the plugin (issue 14, item 13).

    python bench/plugin_import.py [--sleep SECONDS] [--repeat N]

Installs (as importlib.metadata sees an installed package: a module and its dist-info folder, in a
temporary folder put on PYTHONPATH) a plugin whose import sleeps SECONDS, once registered lazily
(`brandfit.scorers` entry point) and once eagerly (a `brandfit` module with `brandfit_scorers()`),
and prints the best of N wall times of `rules check rules/eco-running.toml` and of scoring
examples/creators.jsonl with that rule file, which does not enable the plugin's scorer: with no
plugin, with the lazy one and with the eager one. Run from the repository root.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

SOURCE = '''
import time

import brandfit
from brandfit import Scorer, ScoreResult

time.sleep({sleep})


class SlowScorer(Scorer):
    name = "{name}"
    description = "scores 50 after a slow import"

    def score_creator(self, creator):
        return ScoreResult(score=50.0)


@brandfit.hookimpl
def brandfit_scorers():
    return [SlowScorer]
'''


def install(root: Path, name: str, group: str, target: str, sleep: float) -> Path:
    """A site folder holding plugin ``name`` registered under ``group`` as ``target``."""
    site = root / name
    site.mkdir()
    (site / f"{name}.py").write_text(SOURCE.format(sleep=sleep, name=name))
    info = site / f"{name}-1.0.dist-info"
    info.mkdir()
    (info / "METADATA").write_text(f"Metadata-Version: 2.1\nName: {name}\nVersion: 1.0\n")
    (info / "entry_points.txt").write_text(f"[{group}]\n{name} = {target}\n")
    return site


def best_of(repeat: int, args: list[str], site: Path | None) -> float:
    env = dict(os.environ)
    if site is not None:
        env["PYTHONPATH"] = str(site)
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        subprocess.run([sys.executable, "-P", "-c", "from brandfit.cli import main; main()", *args],
                       env=env, check=True, capture_output=True)
        best = min(best, time.perf_counter() - start)
    return best


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sleep", type=float, default=2.0, help="seconds the plugin's import takes")
    parser.add_argument("--repeat", type=int, default=3)
    options = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        sites = {
            "no plugin": None,
            "lazy plugin": install(root, "slow_lazy", "brandfit.scorers", "slow_lazy:SlowScorer", options.sleep),
            "eager plugin": install(root, "slow_eager", "brandfit", "slow_eager", options.sleep),
        }
        commands = {
            "rules check": ["rules", "check", "rules/eco-running.toml"],
            "score": ["score", "examples/creators.jsonl", "--rules", "rules/eco-running.toml",
                      "-o", str(root / "ranked.csv"), "--quiet"],
        }
        print(f"plugin import sleeps {options.sleep:g} s; best of {options.repeat}, seconds")
        print(f"{'command':<12}" + "".join(f"{label:>14}" for label in sites))
        for command, args in commands.items():
            print(f"{command:<12}" + "".join(f"{best_of(options.repeat, args, site):>14.2f}" for site in sites.values()))


if __name__ == "__main__":
    main()
