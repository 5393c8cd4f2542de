"""How well the `authenticity` scorer tells fake accounts from real ones, measured on InstaFake.

    python bench/validate_authenticity.py                  # default rules, cross-validation, exports
    python bench/validate_authenticity.py --repeats 1 --skip-exports

1. Scores ../shared/datasets/instafake with `brandfit score` (the map examples/maps/instafake.toml,
   the built-in default rules) and compares the `authenticity.likely-fake` flag with the label:
   accuracy, balanced accuracy, F1 on fakes, the confusion matrix, and the same without the exact
   duplicate rows.
2. Cross-validates the procedure that chose the default thresholds (`choose_thresholds`: the grid
   search that maximizes accuracy): 5-fold, stratified, re-learned on the training folds of every
   split, so the figure is not fitted to the data it is measured on. Exact duplicates are kept in
   one fold, so a row is never tested against its own copy.
3. Prints the share of creators flagged on the top-instagram-influencers and
   social-media-influencers-2022 exports (through their maps in examples/maps).

Figures and what they mean: docs/validity.md.
"""

from __future__ import annotations

import argparse
import datetime
import itertools
import json
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import NamedTuple

import numpy as np

from brandfit.plugins.authenticity import LIKELY_FAKE, AuthenticityOptions, Features, assess

REPO = Path(__file__).resolve().parent.parent
DATASETS = REPO.parent / "shared" / "datasets"
FILES = (("fakeAccountData.json", 1), ("realAccountData.json", 0))
EXPORTS = (
    ("top-instagram-influencers/top_insta_influencers_data.csv", "top-instagram-influencers"),
    ("social-media-influencers-2022/instagram-sep-2022.csv", "social-media-influencers-2022-instagram"),
    ("social-media-influencers-2022/tiktok-sep-2022.csv", "social-media-influencers-2022-tiktok"),
    ("social-media-influencers-2022/youtube-sep-2022.csv", "social-media-influencers-2022-youtube"),
)
# The grid the threshold procedure searches. Ratios: following / (followers + 1); posts: counts.
RATIO_GRID = (1.0, 1.5, 2.0, 2.5, 3.0, 4.0, 5.0, 6.0, 8.0, 10.0, 15.0, 20.0)
POSTS_GRID = tuple(float(p) for p in range(0, 21))


class Scores(NamedTuple):
    accuracy: float
    balanced: float
    f1: float
    matrix: tuple[int, int, int, int]  # true fake, missed fake, false alarm, true real


def scores(truth: np.ndarray, predicted: np.ndarray) -> Scores:
    tp = int(np.sum(predicted & truth))
    fn = int(np.sum(~predicted & truth))
    fp = int(np.sum(predicted & ~truth))
    tn = int(np.sum(~predicted & ~truth))
    recall = tp / (tp + fn) if tp + fn else 0.0
    specificity = tn / (tn + fp) if tn + fp else 0.0
    precision = tp / (tp + fp) if tp + fp else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return Scores((tp + tn) / len(truth), (recall + specificity) / 2, f1, (tp, fn, fp, tn))


def show(title: str, s: Scores) -> None:
    tp, fn, fp, tn = s.matrix
    print(f"{title}: accuracy {s.accuracy:.3f} · balanced accuracy {s.balanced:.3f} · F1 (fakes) {s.f1:.3f}")
    print("                 flagged  not flagged")
    print(f"    fake     {tp:9d}  {fn:11d}")
    print(f"    real     {fp:9d}  {tn:11d}")


# ---- the data ------------------------------------------------------------------------------------

class Labelled(NamedTuple):
    features: Features
    fake: np.ndarray
    group: np.ndarray  # rows with the same group are exact duplicates


def read_instafake(folder: Path) -> Labelled:
    rows = []
    for name, label in FILES:
        for record in json.loads((folder / name).read_text()):
            if record.get("isFake") != label:
                raise SystemExit(f"{folder / name}: a row labelled isFake={record.get('isFake')!r}, expected {label}")
            rows.append(record)
    followers = np.array([r["userFollowerCount"] for r in rows], dtype=float)
    following = np.array([r["userFollowingCount"] for r in rows], dtype=float)
    features = Features(
        following_ratio=following / (followers + 1),
        post_count=np.array([r["userMediaCount"] for r in rows], dtype=float),
        profile_picture=np.array([r["userHasProfilPic"] for r in rows], dtype=float),
        engagement=np.full(len(rows), np.nan),  # InstaFake has no posts
        authentic_share=np.full(len(rows), np.nan),  # nor an audit tool's authentic engagement
    )
    keys = [json.dumps(r, sort_keys=True) for r in rows]
    first = {key: i for i, key in reversed(list(enumerate(keys)))}
    return Labelled(features, np.array([r["isFake"] == 1 for r in rows]), np.array([first[k] for k in keys]))


def subset(data: Labelled, rows: np.ndarray) -> Labelled:
    return Labelled(Features(*(f[rows] for f in data.features)), data.fake[rows], data.group[rows])


# ---- the threshold procedure -----------------------------------------------------------------------

def flagged(features: Features, options: AuthenticityOptions) -> np.ndarray:
    return assess(features, options).points >= options.likely_fake_at


def choose_thresholds(data: Labelled, base: AuthenticityOptions) -> AuthenticityOptions:
    """The thresholds with the best accuracy on ``data`` (ties: the better balanced accuracy, then
    the first in grid order); the points stay as in ``base``."""
    best, best_key = base, (-1.0, -1.0)
    for ratio, strong in itertools.combinations_with_replacement(RATIO_GRID, 2):
        for posts in POSTS_GRID:
            options = AuthenticityOptions(**{**_as_dict(base), "following_ratio": ratio,
                                             "following_ratio_strong": strong, "few_posts": posts})
            s = scores(data.fake, flagged(data.features, options))
            if (s.accuracy, s.balanced) > best_key:
                best, best_key = options, (s.accuracy, s.balanced)
    return best


def _as_dict(options: AuthenticityOptions) -> dict:
    import attrs

    return attrs.asdict(options, recurse=False)


def stratified_folds(data: Labelled, k: int, rng: np.random.Generator) -> np.ndarray:
    """Each row's fold: groups of duplicates dealt round-robin within each label, in random order."""
    fold = np.empty(len(data.fake), dtype=int)
    for label in (True, False):
        groups = np.unique(data.group[data.fake == label])
        rng.shuffle(groups)
        for i, g in enumerate(groups):
            fold[data.group == g] = i % k
    return fold


def cross_validate(data: Labelled, base: AuthenticityOptions, k: int, repeats: int, seed: int) -> None:
    rng = np.random.default_rng(seed)
    per_repeat, chosen = [], []
    for _ in range(repeats):
        fold = stratified_folds(data, k, rng)
        predicted = np.zeros(len(data.fake), dtype=bool)
        for f in range(k):
            options = choose_thresholds(subset(data, np.flatnonzero(fold != f)), base)
            chosen.append((options.following_ratio, options.following_ratio_strong, options.few_posts))
            test = np.flatnonzero(fold == f)
            predicted[test] = flagged(subset(data, test).features, options)
        per_repeat.append(scores(data.fake, predicted))
    print(f"\n{k}-fold stratified cross-validation of the threshold procedure, {repeats} repeat(s), seed {seed}")
    print("(thresholds re-learned on the training folds of every split; duplicates kept in one fold)")
    for name, values in (("accuracy", [s.accuracy for s in per_repeat]), ("balanced accuracy", [s.balanced for s in per_repeat]),
                         ("F1 (fakes)", [s.f1 for s in per_repeat])):
        print(f"  {name:18s} mean {np.mean(values):.3f}  (min {min(values):.3f}, max {max(values):.3f})")
    counts: dict[tuple[float, float, float], int] = {}
    for c in chosen:
        counts[c] = counts.get(c, 0) + 1
    print("  thresholds chosen (following_ratio, following_ratio_strong, few_posts): " + ", ".join(
        f"{r:g}/{s:g}/{p:g} x{n}" for (r, s, p), n in sorted(counts.items(), key=lambda kv: -kv[1])))


# ---- brandfit itself ---------------------------------------------------------------------------------

def brandfit_command() -> str:
    beside = Path(sys.executable).with_name("brandfit")
    found = str(beside) if beside.exists() else shutil.which("brandfit")
    if not found:
        raise SystemExit("brandfit is not installed in this environment: pip install -e .")
    return found


def score_file(path: Path, map_file: Path, rules: Path, out: Path) -> list[dict]:
    run = subprocess.run([brandfit_command(), "score", str(path), "--map", str(map_file), "--rules", str(rules),
                          "-o", str(out), "--quiet"], capture_output=True, text=True)
    if run.returncode != 0:
        raise SystemExit(f"brandfit score {path} failed ({run.returncode}): {run.stderr.strip()}")
    return [json.loads(line) for line in out.read_text().splitlines()]


def default_rules_on_instafake(folder: Path, rules: Path, work: Path, data: Labelled) -> None:
    flags = []
    for name, _ in FILES:
        rows = score_file(folder / name, REPO / "examples" / "maps" / "instafake.toml", rules, work / f"{name}.jsonl")
        # the handle holds the row number ("fakeAccountData-17"): put the results back in file order
        rows.sort(key=lambda r: int(r["handle"].rsplit("-", 1)[1]))
        flags += [LIKELY_FAKE in (r["flags"] or ()) for r in rows]
    predicted = np.array(flags)
    if len(predicted) != len(data.fake):
        raise SystemExit(f"brandfit scored {len(predicted)} InstaFake accounts, the files hold {len(data.fake)}")
    print(f"InstaFake ({folder}): {int(data.fake.sum())} fake, {int((~data.fake).sum())} real accounts; "
          f"{len(data.fake) - len(np.unique(data.group))} rows are exact duplicates of another")
    show("\nbrandfit score, default rules", scores(data.fake, predicted))
    unique = np.unique(data.group, return_index=True)[1]
    show("\nthe same without the duplicate rows", scores(data.fake[unique], predicted[unique]))
    same = np.array_equal(predicted, flagged(data.features, AuthenticityOptions()))
    print(f"\n`assess` with the scorer's option defaults flags the same accounts as `brandfit score`: {'yes' if same else 'NO'}")
    print("\nwhere each signal fires (share of fakes / share of real accounts):")
    signals = assess(data.features, AuthenticityOptions()).signals
    o = AuthenticityOptions()
    for title, fired in ((f"following ratio >= {o.following_ratio:g}", data.features.following_ratio >= o.following_ratio),
                         (f"following ratio >= {o.following_ratio_strong:g}", data.features.following_ratio >= o.following_ratio_strong),
                         (f"post count <= {o.few_posts:g}", signals.post_count > 0),
                         ("no profile picture", signals.profile_picture > 0)):
        print(f"  {title:26s} {fired[data.fake].mean():6.1%} / {fired[~data.fake].mean():6.1%}")


def exports(rules: Path, work: Path) -> None:
    print(f"\nflagged on the shared exports (default rules, {datetime.date.today().isoformat()}):")
    for relative, map_name in EXPORTS:
        path = DATASETS / relative
        if not path.exists():
            print(f"  {relative}: not found, skipped")
            continue
        rows = score_file(path, REPO / "examples" / "maps" / f"{map_name}.toml", rules, work / f"{map_name}.jsonl")
        flagged_rows = [r for r in rows if LIKELY_FAKE in (r["flags"] or ())]
        scored = [r for r in rows if r["score_authenticity"] is not None]
        print(f"  {relative}: {len(flagged_rows)} of {len(rows)} flagged ({len(flagged_rows) / len(rows):.1%}); "
              f"{len(scored)} with a score, {len(rows) - len(scored)} with no data"
              + (f"; below 100: {sum(r['score_authenticity'] < 100 for r in scored)}" if scored else ""))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=DATASETS / "instafake", help="folder with the InstaFake JSON files")
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument("--repeats", type=int, default=5, help="cross-validation repeats, each with new folds")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--skip-exports", action="store_true", help="leave out the flagged shares of the exports")
    args = parser.parse_args()
    if not (args.data / FILES[0][0]).exists():
        raise SystemExit(f"{args.data}: no InstaFake files ({FILES[0][0]}, {FILES[1][0]}); pass --data FOLDER")
    data = read_instafake(args.data)
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        rules = work / "default.toml"
        rules.write_text('schema = 1\nextends = "default"\n')
        default_rules_on_instafake(args.data, rules, work, data)
        procedure = choose_thresholds(data, AuthenticityOptions())
        print(f"\nthe procedure on all of InstaFake chooses following_ratio {procedure.following_ratio:g}, "
              f"following_ratio_strong {procedure.following_ratio_strong:g}, few_posts {procedure.few_posts:g}")
        cross_validate(data, AuthenticityOptions(), args.folds, args.repeats, args.seed)
        if not args.skip_exports:
            exports(rules, work)


if __name__ == "__main__":
    main()
