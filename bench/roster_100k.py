"""`brandfit roster` at scale: the integer program over N synthetic scored candidates (default 100,000).

Creators with log-uniform followers (1k-5M), priced by the default (seed) rate card, engagement
rates 0.5-8%, fit 30-100, three platforms, forty audience countries, a few vetoed and held; the
rules' [roster]: 5-60 creators, at most 20% of the budget each, at least 3 on TikTok, at most 5 per
country. Prints the solver's figures; the target is < 30 s on 2 cores (issue 16).

    python bench/roster_100k.py [N] [--budget 25000] [--repeat 3]
"""

from __future__ import annotations

import argparse
import os
import statistics
import time

import numpy as np
import polars as pl


def synthetic(n: int, seed: int = 7) -> pl.DataFrame:
    rng = np.random.default_rng(seed)
    followers = np.exp(rng.uniform(np.log(1_000), np.log(5_000_000), n)).round()
    fee = np.where(followers < 100_000, followers / 1_000 * 5,
                   np.where(followers < 1_000_000, followers / 1_000 * 100, np.maximum(100_000, followers / 1_000 * 0.3)))
    flags = rng.choice([None, "controversy.over-tolerance", "engagement.suspicious"], n, p=[0.94, 0.03, 0.03])
    return pl.DataFrame({
        "handle": [f"c{i}" for i in range(n)],
        "platform": rng.choice(["instagram", "tiktok", "youtube"], n),
        "followers": followers,
        "country": rng.choice([f"country{i}" for i in range(40)], n),
        "tier": np.where(followers < 10_000, "nano",
                         np.where(followers < 100_000, "micro", np.where(followers < 1_000_000, "mid", "mega"))),
        "fee": fee,
        "expected_engagements": followers * rng.uniform(0.005, 0.08, n),
        "final_score": rng.uniform(30, 100, n).round(1),
        "verdict": rng.choice(["shortlist", "review"], n),
        "flags": [[f] if f else [] for f in flags],
    })


RULES = """
schema = 1
extends = "default"
[roster]
min_creators = 5
max_creators = 60
max_share = 0.2
per_country = 5
[roster.platforms.tiktok]
min = 3
"""


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("n", nargs="?", type=int, default=100_000)
    parser.add_argument("--budget", type=float, default=25_000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()

    import tempfile

    from brandfit.plugin.host import load_registry
    from brandfit.roster.picking import pick_roster
    from brandfit.rules.validation import load_rules

    with tempfile.NamedTemporaryFile("w", suffix=".toml", delete=False) as f:
        f.write(RULES)
    rules = load_rules(f.name, load_registry())
    os.unlink(f.name)
    results = synthetic(args.n)
    walls, solver = [], []
    for _ in range(args.repeat):
        start = time.perf_counter()
        roster = pick_roster(results, rules, args.budget)
        walls.append(time.perf_counter() - start)
        solver.append(roster.solution.seconds)
    t = roster.totals
    print(f"candidates read: {args.n:,}; in the program: {roster.candidates:,}; left out: {dict(roster.left_out)}")
    print(f"status {roster.solution.status}, gap {roster.solution.gap:.2e}; roster {t.creators} creators, "
          f"${t.fee:,.0f} of ${args.budget:,.0f}, {t.engagements:,.0f} expected engagements")
    print(f"pick_roster wall: median {statistics.median(walls):.2f} s (runs: {', '.join(f'{w:.2f}' for w in walls)}); "
          f"HiGHS: median {statistics.median(solver):.2f} s; load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")


if __name__ == "__main__":
    main()
