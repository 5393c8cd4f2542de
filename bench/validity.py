"""Every figure of docs/validity.md, measured on the shared data sets through examples/maps.

    python bench/validity.py                 # all of it (about 10 seconds)
    python bench/validity.py --datasets DIR  # the shared data elsewhere (default ../shared/datasets)

Prints, in order: engagement by platform and follower band (the seed articles' figures, the shared
data's medians and brandfit's default curve), how widely the rates spread around the curve (what
``score_75_at`` is set from), then each "Done when" check of issue 11 with its figures and whether
it holds. Creators are counted as `brandfit score` counts them: a repeated handle once. Nothing here
is timed; every number comes from brandfit's own scoring.
"""

from __future__ import annotations

import argparse
import math
import sys
from pathlib import Path

import numpy as np
import polars as pl

REPO = Path(__file__).resolve().parents[1]
RULE_FILES = sorted((REPO / "rules").glob("*.toml"))

# (file under the datasets folder, map under examples/maps)
DATASETS = {
    "instagram-reach": ("instagram-reach/instagram_reach.csv", "instagram-reach.toml"),
    "smi-2022-instagram": ("social-media-influencers-2022/instagram-sep-2022.csv", "social-media-influencers-2022-instagram.toml"),
    "smi-2022-tiktok": ("social-media-influencers-2022/tiktok-sep-2022.csv", "social-media-influencers-2022-tiktok.toml"),
    "smi-2022-youtube": ("social-media-influencers-2022/youtube-sep-2022.csv", "social-media-influencers-2022-youtube.toml"),
    "tiktok-videos-2025": ("tiktok-videos-2025/videos.csv", "tiktok-videos-2025.toml"),
    "top-instagram": ("top-instagram-influencers/top_insta_influencers_data.csv", "top-instagram-influencers.toml"),
}
BANDS = ((0, 1_000), (1_000, 4_000), (4_000, 10_000), (10_000, 100_000), (100_000, 1_000_000),
         (1_000_000, 10_000_000), (10_000_000, math.inf))
# The figures the seed articles publish (../shared/seeds), per follower band, Instagram per follower
SEEDS = {
    (0, 1_000): "Markerly 8% likes + 0.5% comments; Contevo 9.75%",
    (1_000, 4_000): "Contevo 4.5%",
    (4_000, 10_000): "Contevo 2.4% (4k-100k)",
    (10_000, 100_000): "Contevo 2.4% (4k-100k)",
    (100_000, 1_000_000): "Contevo 1.75% (100k+)",
    (1_000_000, 10_000_000): "Contevo 1.75% (100k+)",
    (10_000_000, math.inf): "Markerly 1.6% likes + 0.04% comments; Contevo 1.75%",
}


def score(path: Path, map_path: Path | None, rules_path: Path | str) -> pl.DataFrame:
    """brandfit's ranked results (every internal column) for one input under one rule file, with
    the creators `brandfit score` scores: a handle repeated on the same platform counts once."""
    from brandfit.inputs.sources import read_input
    from brandfit.plugin.host import load_registry
    from brandfit.rules.validation import load_rules
    from brandfit.run.admission import admitted
    from brandfit.run.pipeline import run_scoring
    from brandfit.run.plan import build_engine

    registry = load_registry()
    rules = load_rules(rules_path, registry)
    batches = admitted(read_input(str(path), map_path=str(map_path) if map_path else None), rules.brand, str(path))
    results, _ = run_scoring(batches, build_engine(rules, registry))
    return results


def label(low: float, high: float) -> str:
    def short(x: float) -> str:
        return f"{x / 1e6:g}M" if x >= 1e6 else f"{x / 1e3:g}k" if x >= 1e3 else f"{x:g}"
    return f"{short(low)}-{short(high)}" if math.isfinite(high) else f"{short(low)}+"


def pct(x: float | None) -> str:
    return "-" if x is None or (isinstance(x, float) and math.isnan(x)) else f"{x * 100:.3g}%"


def bands_table(frames: dict[str, pl.DataFrame]) -> None:
    from brandfit.plugin.host import load_registry
    from brandfit.rules.validation import load_rules

    options = load_rules("default", load_registry()).scorer("engagement").options
    print("## Engagement rate by platform, basis and follower band (default rules)\n")
    print("| platform / basis | followers | seed articles | shared data: median rate (n, data set) "
          "| brandfit default curve at that median |")
    print("|---|---|---|---|---|")
    for platform, basis in (("instagram", "followers"), ("tiktok", "views"), ("youtube", "followers")):
        curve = options.curves.get(platform, {}).get(basis)
        for low, high in BANDS:
            found = []
            middle = None
            for name, frame in frames.items():
                inside = frame.filter((pl.col("platform") == platform) & (pl.col("engagement_basis") == basis)
                                      & (pl.col("followers") >= low) & (pl.col("followers") < high)
                                      & pl.col("engagement_rate").is_not_null())
                if inside.height:
                    found.append(f"{pct(inside['engagement_rate'].median())} ({inside.height:,}, {name})")
                    middle = inside["followers"].median() if middle is None else middle
            at = middle if middle else math.sqrt(max(low, 100) * (high if math.isfinite(high) else low * 10))
            default = "-" if curve is None else pct(float(curve.rate_at(np.array([at]))[0]))
            seed = SEEDS.get((low, high), "-") if platform == "instagram" else "-"
            if found or seed != "-":
                print(f"| {platform} / {basis} | {label(low, high)} | {seed} | {'; '.join(found) or 'no data'} | {default} |")
    print()


def spread_table(frames: dict[str, pl.DataFrame]) -> None:
    """How widely each data set's rates spread around the default curve: the quartiles of rate /
    benchmark, and the multiple that puts them at 25 and 75 (sqrt(q75 / q25)), against the
    ``score_75_at`` the default rules use there."""
    from brandfit.plugin.host import load_registry
    from brandfit.rules.validation import load_rules

    options = load_rules("default", load_registry()).scorer("engagement").options
    print("## Spread of rates around the default curve (default rules)\n")
    print("| data set | platform / basis | n | rate / benchmark: q25 | median | q75 | sqrt(q75 / q25) "
          "| score_75_at | engagement score: q25 | median | q75 |")
    print("|---|---|---|---|---|---|---|---|---|---|---|")
    for name, frame in frames.items():
        measured = frame.filter(pl.col("score_engagement").is_not_null())
        for (platform, basis), part in sorted(measured.group_by("platform", "engagement_basis"), key=lambda g: str(g[0])):
            curve = options.curves[platform][basis]
            ratio = part["engagement_rate"].to_numpy() / curve.rate_at(part["followers"].to_numpy().astype(float))
            q25, q50, q75 = np.quantile(ratio, [0.25, 0.5, 0.75])
            s25, s50, s75 = (part["score_engagement"].quantile(q) for q in (0.25, 0.5, 0.75))
            print(f"| {name} | {platform} / {basis} | {part.height:,} | {q25:.3g} | {q50:.3g} | {q75:.3g} | "
                  f"{math.sqrt(q75 / q25):.2f} | {curve.score_75_at or options.score_75_at:g} | {s25:.1f} | {s50:.1f} | {s75:.1f} |")
    print()


# what every scorer reads of a creator, as the results show it: creators equal in all of these
# are scored alike by construction, and tie however many decimals the final score keeps
def _scored_inputs(frame: pl.DataFrame) -> list[str]:
    return ["tier", "engagement_rate", "engagement_basis",
            *[c for c in frame.columns if c.startswith(("score_", "missing_"))]]


def ties(frame: pl.DataFrame) -> str:
    """The largest group of equal final scores counting creators with identical scored inputs once,
    and how the ranking orders tied creators whose inputs differ."""
    distinct = frame.unique(["final_score", *_scored_inputs(frame)])
    group = distinct.group_by("final_score").len().sort(["len", "final_score"], descending=True).row(0)
    share = group[1] / frame.height
    same_key = ["verdict", "final_score", "coverage", "score_engagement"]
    by_handle = distinct.filter(pl.len().over(same_key) > 1).height
    return (f"with identical scored inputs counted once: {group[1]:,} ({share:.2%}, final score {group[0]}): "
            f"{check(share <= 0.02)}; {by_handle:,} creators whose inputs differ are ordered only by handle "
            f"(equal verdict, final score, coverage and engagement score)")


def check(ok: bool) -> str:
    return "holds" if ok else "FAILS"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--datasets", default=str(REPO.parent / "shared" / "datasets"))
    a = parser.parse_args()
    root = Path(a.datasets)
    if not root.is_dir():
        print(f"validity: no shared data sets at {root}", file=sys.stderr)
        return 2
    maps = REPO / "examples" / "maps"
    runs: dict[tuple[str, str], pl.DataFrame] = {}
    for name, (file, map_name) in DATASETS.items():
        for rules in RULE_FILES:
            runs[name, rules.stem] = score(root / file, maps / map_name, rules)
    examples = {rules.stem: score(REPO / "examples" / "creators.jsonl", None, rules) for rules in RULE_FILES}
    default_runs = {name: score(root / file, maps / map_name, "default") for name, (file, map_name) in DATASETS.items()}

    bands_table(default_runs)
    spread_table(default_runs)
    print("## Done-when checks (issue 11), with each rules/*.toml\n")

    print("### examples/creators.jsonl: no creator below min_coverage in the top 10")
    from brandfit.plugin.host import load_registry
    from brandfit.rules.validation import load_rules

    registry = load_registry()
    for stem, frame in examples.items():
        rules = load_rules(REPO / "rules" / f"{stem}.toml", registry)
        low = frame.head(10).filter(pl.col("coverage") < rules.decision.min_coverage)
        print(f"- {stem}: {low.height} of the top 10 below min_coverage {rules.decision.min_coverage:g} "
              f"({', '.join(low['handle'].to_list()) or 'none'}): {check(low.height == 0)}")
    print()

    print("### tiktok-videos-2025: the top 50 have every required scorer measured")
    for rules_path in RULE_FILES:
        rules = load_rules(rules_path, registry)
        top = runs["tiktok-videos-2025", rules_path.stem].head(50)
        lacking = top.filter(pl.any_horizontal([pl.col(f"score_{n}").is_null() for n in rules.decision.require])) \
            if rules.decision.require else top.clear()
        shortlisted = int((top["verdict"] == "shortlist").sum())
        print(f"- {rules_path.stem}: require = {list(rules.decision.require)}; {lacking.height} of the top 50 lack one "
              f"({shortlisted} of them shortlisted): {check(lacking.height == 0)}")
    print()

    print("### tiktok-videos-2025: engagement score against followers and by tier")
    for stem in [r.stem for r in RULE_FILES]:
        frame = runs["tiktok-videos-2025", stem].filter(pl.col("score_engagement").is_not_null())
        rho = frame.select(pl.corr("followers", "score_engagement", method="spearman")).item()
        tiers = frame.group_by("tier").agg(pl.len().alias("n"), pl.col("score_engagement").median().alias("median")) \
            .drop_nulls("tier").sort("median")
        by_tier = ", ".join(f"{t} {m:.1f} (n {n:,})" for t, n, m in tiers.select("tier", "n", "median").iter_rows())
        inside = bool(tiers["median"].is_between(35, 65).all())
        print(f"- {stem}: Spearman(followers, engagement score) = {rho:+.3f}: {check(abs(rho) <= 0.1)}; "
              f"median by tier: {by_tier}: {check(inside)}")
    print()

    print("### No final-score value shared by more than 2% of the creators (data sets with engagement data)")
    for (name, stem), frame in runs.items():
        if frame["score_engagement"].is_not_null().sum() == 0:
            print(f"- {name} / {stem}: no engagement data")
            continue
        top = frame.group_by("final_score").len().sort(["len", "final_score"], descending=True).row(0)
        share = top[1] / frame.height
        identical = frame.filter(pl.col("final_score") == top[0]).unique(_scored_inputs(frame)).height == 1
        print(f"- {name} / {stem}: {frame.height:,} creators, most common final score {top[0]} held by {top[1]:,} "
              f"({share:.2%}{', all with identical scored inputs' if identical and top[1] > 1 else ''}): "
              f"{check(share <= 0.02)}; {ties(frame)}")
    print()

    print("### top-instagram-influencers: at most 5% flagged suspicious")
    for stem in [r.stem for r in RULE_FILES]:
        frame = runs["top-instagram", stem]
        flagged = int(frame["flags"].list.contains("engagement.suspicious").sum())
        measured = int(frame["score_engagement"].is_not_null().sum())
        print(f"- {stem}: {flagged} of {frame.height} ({flagged / frame.height:.1%}; engagement measured for {measured}): "
              f"{check(flagged / frame.height <= 0.05)}")
    frame = default_runs["smi-2022-instagram"]
    flagged = int(frame["flags"].list.contains("engagement.suspicious").sum())
    print(f"- (also) social-media-influencers-2022 Instagram, default rules: {flagged} of {frame.height} "
          f"({flagged / frame.height:.1%}) flagged suspicious")
    print()

    print("### social-media-influencers-2022 YouTube: missing or per-subscriber, and not 93% below 50")
    for stem in [r.stem for r in RULE_FILES]:
        frame = runs["smi-2022-youtube", stem]
        bases = frame.group_by("engagement_basis").len().sort("engagement_basis", nulls_last=True)
        scored = frame.filter(pl.col("score_engagement").is_not_null())
        below = float((scored["score_engagement"] < 50).mean()) if scored.height else float("nan")
        per_sub = bool(frame.filter(pl.col("score_engagement").is_not_null())["engagement_basis"].eq("followers").all())
        print(f"- {stem}: bases {dict(bases.iter_rows())}; {scored.height:,} scored, all per subscriber: {per_sub}; "
              f"{below:.1%} below 50, median {scored['score_engagement'].median():.1f}: {check(per_sub and below < 0.93)}")
    print()
    print("Property tests (hypothesis): tests/test_final_score_properties.py; calibrate: tests/test_calibrate.py;")
    print("bench/run.py at 100k: docs/performance.md and docs/validity.md.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
