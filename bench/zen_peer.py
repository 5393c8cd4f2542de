"""The zen-engine peer (GoRules business rules engine): the same decision as a JDM graph.

zen cannot match terms in text, so every creator's input is **precomputed** in Python before the
timed part (``prepare``): per-group counts of texts hitting each brand value / controversy
category, the number of texts and posts, and the median engagement rate with its basis (the same
code as bench/hand_loop.py). zen then evaluates, per creator, a decision that does everything else:
tier from followers, tier preference, values alignment,
controversy penalties and tolerances, the weighted final score, vetoes, holds and the verdict.
The timed part is reading those inputs (one small JSON per line) and ``decision.evaluate``.
"""

from __future__ import annotations

import json
import multiprocessing
import os
from typing import Any

import hand_loop


def _num(x: float) -> str:
    return repr(float(x))


def decision_graph(plan: hand_loop.Plan) -> dict[str, Any]:
    """One expression node; later expressions read earlier ones as ``$.key``."""
    bands = plan.bands.for_platform(None)
    ladder = "".join(f"followers >= {bands[name]} ? '{name}' : " for name in plan.tier_names)
    pref = "".join(f"$.tier == '{t}' ? {_num(p)} : " for t, p in plan.tier_pref.items())
    v = plan.val
    total_w = sum(x.weight for x in v.values.values()) or 1.0
    share = lambda key: f"min([counts['{key}'] / n_texts / {_num(v.target_share)}, 1])"  # noqa: E731
    align = " + ".join(f"{share('v+' + k)} * {_num(x.weight)}" for k, x in v.values.items()) or "0"
    avoid = " + ".join(f"{share('v-' + k)} * {_num(x.weight)}" for k, x in v.avoid.items()) or "0"
    avoided = " or ".join(f"counts['v-{k}'] > 0" for k in v.avoid) or "false"
    k = plan.con
    penalty = " + ".join(f"counts['c:{c}'] * {_num(k.penalty[sev])}" for c, (sev, _) in plan.categories.items()) or "0"
    # an ambiguous group (tolerance -1, as in hand_loop) is never over tolerance: it holds for review
    sure = {c: tol for c, (_, tol) in plan.categories.items() if tol >= 0}
    over = " or ".join(f"counts['c:{c}'] > {tol}" for c, tol in sure.items()) or "false"
    ambiguous = " or ".join(f"counts['c:{c}'] > 0" for c, (_, tol) in plan.categories.items() if tol < 0) or "false"
    w = plan.weights
    d = plan.decision
    sources = {"tier": "$.tier_score", "engagement": "engagement_score", "values": "$.values_score",
               "controversy": "$.controversy_score", "authenticity": "authenticity_score"}
    parts = [(n, sources[n]) for n in sources if w.get(n, 0) > 0]
    total = sum(w[n] for n, _ in parts)
    have = " + ".join(f"({s} == null ? 0 : {_num(w[n])})" for n, s in parts)
    # every scorer counts, its prior standing in without data
    weighted = " + ".join(f"({s} == null ? {_num(plan.priors[n])} : {s}) * {_num(w[n])}" for n, s in parts)
    flag_facts = {"controversy.over-tolerance": "$.over", "engagement.suspicious": "suspicious", "values.avoid": "$.avoided",
                  "tier.below-nano": "$.tier == 'below_nano'", "authenticity.likely-fake": "likely_fake",
                  "controversy.ambiguous": f"({ambiguous})", **{f"controversy.{c}": f"counts['c:{c}'] > 0" for c in sure}}
    veto = " or ".join(flag_facts.get(f, "false") for f in d.veto) or "false"
    hold = " or ".join(flag_facts.get(f, "false") for f in d.hold) or "false"
    unmet = " or ".join(f"{sources[n]} == null" for n in d.require if n in sources) or "false"
    toward = lambda raw, prior, n, k_: raw if k_ == 0 else f"{_num(prior)} + ({raw} - {_num(prior)}) * {n} / ({n} + {_num(k_)})"  # noqa: E731
    exprs = [
        ("tier", f"followers == null ? null : {ladder}'below_nano'"),
        ("tier_score", f"$.tier == null ? null : {pref}0"),
        ("avoided", f"values_ok and ({avoided})"),
        ("values_raw", f"min([max([({align}) / {_num(total_w)} * 100 - ({avoid}) * {_num(v.avoid_penalty)}, 0]), 100])"),
        ("values_score", f"values_ok ? round({toward('$.values_raw', plan.priors['values'], 'values_posts', v.confidence_posts)}, 1)"
                         " : null"),
        ("over", over),
        ("controversy_raw", f"min([max([100 - ({penalty}), 0]), 100])"),
        ("controversy_score", "has_posts ? round("
                              f"{toward('$.controversy_raw', plan.priors['controversy'], 'controversy_posts', k.confidence_posts)}, 1)"
                              " : null"),
        ("have", have),
        ("final", f"round(({weighted}) / {_num(total)}, 2)"),
        ("coverage", f"round($.have / {_num(total)}, 3)"),
        ("by_score", f"$.final >= {_num(d.shortlist)} ? 'shortlist' : $.final >= {_num(d.review)} ? 'review' : 'reject'"),
        ("verdict", f"{veto} ? 'reject' : "
                    f"(({hold}) or $.coverage < {_num(d.min_coverage)} or {unmet}) and $.by_score == 'shortlist' ? 'review' : $.by_score"),
    ]
    return {
        "nodes": [
            {"id": "in", "type": "inputNode", "name": "creator", "position": {"x": 0, "y": 0}},
            {"id": "decide", "type": "expressionNode", "name": "brandfit", "position": {"x": 300, "y": 0},
             "content": {"expressions": [{"id": f"x{i}", "key": key, "value": value} for i, (key, value) in enumerate(exprs)]}},
            {"id": "out", "type": "outputNode", "name": "verdict", "position": {"x": 600, "y": 0}},
        ],
        "edges": [{"id": "a", "sourceId": "in", "targetId": "decide", "type": "edge"},
                  {"id": "b", "sourceId": "decide", "targetId": "out", "type": "edge"}],
    }


def zen_input(plan: hand_loop.Plan, c: dict[str, Any]) -> dict[str, Any]:
    """Everything zen cannot compute itself: term counts per group, text and post counts, rate."""
    facts = hand_loop.facts(plan, c)
    return facts


def _prepare(args: tuple[str, str, int, int, str]) -> int:
    path, rules, start, stop, out_path = args
    plan = hand_loop.Plan(rules)
    n = 0
    with open(out_path, "w", encoding="utf-8") as out:
        for line in hand_loop._lines(path, start, stop):
            if line.strip():
                out.write(json.dumps(zen_input(plan, json.loads(line)), separators=(",", ":")) + "\n")
                n += 1
    return n


def prepare(path: str, rules: str, out_prefix: str, processes: int = 2) -> list[str]:
    """Write the precomputed zen inputs (untimed), one file per process."""
    size = os.path.getsize(path)
    cuts = [size * i // processes for i in range(processes + 1)]
    outs = [f"{out_prefix}.{i}.jsonl" for i in range(processes)]
    jobs = [(path, rules, cuts[i], cuts[i + 1], outs[i]) for i in range(processes)]
    with multiprocessing.get_context("fork").Pool(processes) as pool:
        pool.map(_prepare, jobs)
    return outs


def _evaluate(args: tuple[str, str]) -> list[tuple[str, str, float | None, str]]:
    path, graph = args
    import gc

    import zen

    gc.disable()
    decision = zen.ZenEngine().create_decision(graph)
    rows = []
    with open(path, "rb") as f:
        for line in f:
            facts = json.loads(line)
            result = decision.evaluate(facts)["result"]
            rows.append((facts["handle"], facts["platform"], result["final"], result["verdict"]))
    return rows


def run(inputs: list[str], rules: str) -> list[tuple[str, str, float | None, str]]:
    """The timed part: evaluate the decision for every precomputed creator, then rank."""
    graph = json.dumps(decision_graph(hand_loop.Plan(rules)))
    with multiprocessing.get_context("fork").Pool(len(inputs)) as pool:
        rows = [r for part in pool.map(_evaluate, [(p, graph) for p in inputs]) for r in part]
    return hand_loop.rank_rows(rows)


def main(argv: list[str] | None = None) -> None:
    import argparse
    import sys

    parser = argparse.ArgumentParser(description="zen-engine peer: evaluate precomputed creators")
    parser.add_argument("inputs", nargs="+", help="files written by prepare() (one per process)")
    parser.add_argument("--rules", required=True)
    parser.add_argument("-o", "--output", required=True)
    a = parser.parse_args(argv)
    rows = run(a.inputs, a.rules)
    hand_loop.write_rows(rows, a.output)
    print(f"evaluated {len(rows)} creators", file=sys.stderr)


if __name__ == "__main__":
    main()
