"""The report page's re-weighting (report/template/ranking.js, run here in node) computes exactly what
the engine does: final score, coverage, verdict, the verdict's reason and the rank order."""

from __future__ import annotations

import json
import random
import shutil
import subprocess
from importlib import resources
from pathlib import Path

import polars as pl
import pytest

from brandfit.engine.batch_engine import Engine
from brandfit.engine.verdicts import ScorerWeight, formula_data
from brandfit.inputs.sources import read_input
from brandfit.outputs.columns import public_results
from brandfit.report.page_data import creator_columns, split_reasons
from brandfit.rules.validation import load_rules
from brandfit.run.pipeline import run_scoring

REPO = Path(__file__).resolve().parents[1]
CREATORS = REPO / "examples" / "creators.jsonl"
RULES = REPO / "rules" / "eco-running.toml"
NODE = shutil.which("node")
pytestmark = pytest.mark.skipif(NODE is None, reason="node is not installed: the page's formula runs in JavaScript")

RUNNER = """
const R = require(process.argv[1]);
const job = JSON.parse(require("fs").readFileSync(0, "utf8"));
if (job.round) { console.log(JSON.stringify(job.round.map(([v, d]) => R.roundHalfEven(v, d)))); process.exit(0); }
const out = R.rerank(job.formula, job.weights, job.decision, job.creators);
console.log(JSON.stringify(out.order.map(i => [job.creators.handle[i], job.creators.platform[i], out.decided[i].verdict,
  out.decided[i].final, out.decided[i].coverage, out.decided[i].why])));
"""


def node(job: dict) -> list:
    script = resources.files("brandfit.report") / "template" / "ranking.js"
    done = subprocess.run([NODE, "-e", RUNNER, str(script)], input=json.dumps(job), capture_output=True, text=True,
                          check=True)
    return json.loads(done.stdout)


def scored(rules_path: Path, registry) -> tuple[pl.DataFrame, object]:
    rules = load_rules(str(rules_path), registry)
    engine = Engine(rules, registry)
    results, _ = run_scoring(read_input(str(CREATORS)), engine, compact=lambda df: public_results(df, engine))
    return results, rules


def engine_view(results: pl.DataFrame, scorers: list[str]) -> list:
    own = [split_reasons(reasons, scorers)[0] for reasons in results["reasons"].to_list()]
    return [[h, p, v, f, c, w] for (h, p, v, f, c), w in
            zip(results.select("handle", "platform", "verdict", "final_score", "coverage").rows(), own, strict=True)]


def test_rounding_matches_polars():
    # the final score keeps two decimals: halves at the second (69.995, 87.545) as the engine has them
    values = [67.25, 67.35, 67.45, 0.125, 2.5, 3.5, 1.005, 99.95, 49.95, 0.0005, 0.6665, 87.5, 12.34999,
              69.995, 87.545, 74.165, 33.085, 50.005, 0.285, 99.995, 12.344999]
    digits = [1, 1, 1, 2, 0, 0, 2, 1, 1, 3, 3, 0, 1, 2, 2, 2, 2, 2, 2, 2, 2]
    expected = [pl.Series([v]).round(d)[0] for v, d in zip(values, digits, strict=True)]
    assert node({"round": [[v, d] for v, d in zip(values, digits, strict=True)]}) == expected


WEIGHT_SETS = [
    None,  # the rule file's own
    ({"tier": 0, "engagement": 6, "values": 1, "controversy": 2}, (60, 40, 0.5)),
    ({"tier": 1, "engagement": 0, "values": 0, "controversy": 0}, (70, 50, 0.7)),
    ({"tier": 0.3, "engagement": 2.5, "values": 3, "controversy": 0.1}, (65, 65, 0.9)),
    ({"*": 0}, (70, 50, 0.7)),  # every weight 0
]
# scorers a weight set leaves out keep the rule file's weight, unless it has "*"


def _random_sets(n: int) -> list:
    rng = random.Random(15)
    sets = []
    for _ in range(n):
        weights = {s: rng.choice([0, 0.5, 1, 1.5, 2, 2.5, 3, 4.2, 7])
                   for s in ("tier", "engagement", "values", "controversy", "authenticity", "cost")}
        review = rng.choice([30, 45.5, 50, 62.5])
        sets.append((weights, (rng.choice([review, 70, 80.5, 87.5]), review, rng.choice([0, 0.375, 0.7, 1]))))
    return sets


@pytest.mark.parametrize("chosen", WEIGHT_SETS + _random_sets(8))
def test_the_page_reranks_as_the_engine_scores(chosen, registry, write_rules):
    base, rules = scored(RULES, registry)
    creators = creator_columns(base, [s.name for s in rules.scorers], {})
    if chosen is None:
        weights = [s.weight for s in rules.scorers]
        decision = rules.decision
        expected = base
    else:
        given, (shortlist, review, min_coverage) = chosen
        by_name = {s.name: given.get(s.name, given.get("*", s.weight)) for s in rules.scorers}
        text = f'schema = 1\nextends = "{RULES}"\n' + "".join(
            f"[scorers.{name}]\nweight = {weight}\n" for name, weight in by_name.items()) + \
            f"[decision]\nshortlist = {shortlist}\nreview = {review}\nmin_coverage = {min_coverage}\n"
        expected, new_rules = scored(write_rules(text), registry)
        weights = [by_name[s.name] for s in rules.scorers]
        decision = new_rules.decision
    job = {"formula": formula_data([ScorerWeight(s.name, s.weight, s.prior) for s in rules.scorers], rules.decision),
           "weights": weights,
           "decision": {"shortlist": decision.shortlist, "review": decision.review, "min_coverage": decision.min_coverage},
           "creators": creators}
    assert node(job) == engine_view(expected, [s.name for s in rules.scorers])
