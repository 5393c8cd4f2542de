"""Precision of the default lexicons' vetoes and recall per category, on hand-labelled shared data.

    python bench/text_precision.py [--rules RULES]

Scores instagram-reach and tiktok-videos-2025 (../shared/datasets, through examples/maps) with
the rules (default: the built-in `default` rule set) and evidence, then compares every
controversy hit with the hand labels of tests/fixtures (see tests/fixtures/README.md):

- controversy_sample.tsv: every text the default lexicons flagged when it was drawn, labelled per
  category (1: the text is about that category; 0: it is not);
- controversy_random_sample.tsv: 160 texts the lexicons did not flag, drawn at random from
  tiktok-videos-2025 and read for every category (recall).

Printed per category: flagged texts, of which unambiguous (they count towards tolerances: the
vetoes) and their precision, ambiguous ones and their precision, the vetoes of creators (category
over tolerance) backed by enough true texts, and recall: the share of labelled true texts flagged,
and the rate of missed true texts in the random sample, scaled to the whole data set.
Flagged texts without a label (a lexicon changed since the sample was drawn) are counted apart.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
DATA = REPO.parent / "shared" / "datasets"
FIXTURES = REPO / "tests" / "fixtures"
SETS = (("instagram", "instagram-reach/instagram_reach.csv", "instagram-reach.toml"),
        ("tiktok", "tiktok-videos-2025/videos.csv", "tiktok-videos-2025.toml"))


def flagged(rules_path: str):  # type: ignore[no-untyped-def]
    """(controversy hits, vetoed (source, handle, category) with the category's tolerance, texts per source)."""
    import polars as pl

    from brandfit.engine.batch_engine import Engine, EngineOptions
    from brandfit.inputs.sources import read_input
    from brandfit.plugin.host import load_registry
    from brandfit.rules.validation import load_rules
    from brandfit.run.pipeline import run_scoring
    from brandfit.run.term_report import hit_rows

    registry = load_registry()
    rules = load_rules(rules_path, registry)
    engine = Engine(rules, registry, EngineOptions(want_evidence=True))
    tolerance = {name: c.tolerance for name, c in rules.scorer("controversy").options.categories.items()}
    hits, vetoes, texts = [], [], {}
    for source, data, map_name in SETS:
        results, counts = run_scoring(read_input(str(DATA / data), None, str(REPO / "examples" / "maps" / map_name)), engine, None)
        texts[source] = counts.rows_used
        found = hit_rows(results, ["controversy"]).filter(pl.col("group") != "competitor")
        hits.append(found.with_columns(source=pl.lit(source), category=pl.col("group").str.replace("controversy: ", "")))
        for row in found.filter(pl.col("veto")).select("handle", "group").unique().iter_rows():
            category = row[1].replace("controversy: ", "")
            vetoes.append((source, row[0], category, tolerance[category]))
    veto_frame = pl.DataFrame(vetoes, orient="row", schema={"source": pl.String, "handle": pl.String, "category": pl.String,
                                                             "tolerance": pl.Int64})
    return pl.concat(hits), veto_frame, texts


def report(rules_path: str) -> None:
    import polars as pl

    labels = pl.read_csv(FIXTURES / "controversy_sample.tsv", separator="\t", infer_schema_length=0)
    labels = labels.with_columns(pl.col("label").cast(pl.Int64))
    random = pl.read_csv(FIXTURES / "controversy_random_sample.tsv", separator="\t", infer_schema_length=0)
    random = random.with_columns(pl.col("categories").fill_null(""))
    hits, vetoes, texts = flagged(rules_path)
    # one row per flagged (text, category, kind): a text hit by several terms counts once
    per_text = hits.group_by("source", "handle", "post", "category", "kind").agg(pl.col("veto").any())
    joined = per_text.join(labels.select("source", "handle", "post", "category", "label"),
                           on=["source", "handle", "post", "category"], how="left")
    unlabelled = joined.filter(pl.col("label").is_null()).height
    sure = joined.filter(pl.col("kind") == "unambiguous")
    unsure = joined.filter(pl.col("kind") == "ambiguous").join(sure.select("source", "handle", "post", "category"),
                                                                 on=["source", "handle", "post", "category"], how="anti")
    true_per_creator = labels.filter(pl.col("label") == 1).group_by("source", "handle", "category").len("true_texts")
    backed = vetoes.join(true_per_creator, on=["source", "handle", "category"], how="left").with_columns(
        ok=pl.col("true_texts").fill_null(0) > pl.col("tolerance"))
    flagged_texts = labels.select("source", "handle", "post").unique().height
    print(f"rules: {rules_path}; labelled sample: {labels.height} (text, category) pairs on {flagged_texts} flagged texts, "
          f"{random.height} random unflagged texts; flagged now without a label: {unlabelled}")
    print(f"{'category':24} {'unambiguous':>12} {'precision':>9} {'ambiguous':>10} {'precision':>9} {'vetoes':>7} {'backed':>7} "
          f"{'recall(sample)':>15} {'missed/random':>14} {'recall(est.)':>13}")
    n_unflagged = sum(texts.values()) - flagged_texts
    for category in sorted(set(labels["category"].to_list()) | set(joined["category"].to_list())):
        s = sure.filter((pl.col("category") == category) & pl.col("label").is_not_null())
        u = unsure.filter((pl.col("category") == category) & pl.col("label").is_not_null())
        v = backed.filter(pl.col("category") == category)
        true = labels.filter((pl.col("category") == category) & (pl.col("label") == 1))
        caught = true.join(sure.filter(pl.col("category") == category).select("source", "handle", "post"),
                           on=["source", "handle", "post"], how="semi").height
        missed = random.filter(pl.col("categories").str.contains(category, literal=True)).height
        estimate = caught / (caught + missed / random.height * n_unflagged) if caught + missed else None
        print(f"{category:24} {s.height:12} {_share(s['label'].sum(), s.height):>9} {u.height:10} {_share(u['label'].sum(), u.height):>9} "
              f"{v.height:7} {int(v['ok'].sum()):7} {_share(caught, true.height):>15} {missed:>6}/{random.height:<7} "
              f"{'-' if estimate is None else f'{estimate:.0%}':>13}")
    s_all = sure.filter(pl.col("label").is_not_null())
    print(f"\nunambiguous hits (they alone can veto): {s_all['label'].sum()} true of {s_all.height} = "
          f"{_share(s_all['label'].sum(), s_all.height)} precision")
    print(f"vetoes (creator, category over tolerance): {backed.height}, backed by enough true texts: {int(backed['ok'].sum())} = "
          f"{_share(int(backed['ok'].sum()), backed.height)}")


def _share(part: int, whole: int) -> str:
    return f"{part / whole:.0%}" if whole else "-"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rules", help="rule file (default: the built-in default rule set)")
    args = parser.parse_args()
    if not DATA.exists():
        sys.exit(f"{DATA} not found: the shared data sets are needed")
    if args.rules:
        report(args.rules)
        return
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "default.toml"
        path.write_text('schema = 1\nextends = "default"\n', encoding="utf-8")
        report(str(path))


if __name__ == "__main__":
    main()
