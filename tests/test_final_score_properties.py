"""Properties of the final score, checked on generated batches (hypothesis): missing data never
wins, and scaling every weight changes nothing."""

from __future__ import annotations

import polars as pl
from hypothesis import given, settings, strategies as st

from brandfit.engine.score_checks import check_batch
from brandfit.engine.verdicts import VERDICT_ORDER, ScorerWeight, Verdicts
from brandfit.outputs.ranking import rank
from brandfit.plugin.results import ScoreBatch
from brandfit.rules.model import Decision

NAMES = ("tier", "engagement", "values", "controversy")
score_values = st.one_of(st.none(), st.floats(0, 100, allow_nan=False).map(lambda x: round(x, 1)))
weights = st.lists(st.integers(0, 40).map(lambda w: w / 4), min_size=len(NAMES), max_size=len(NAMES)) \
    .filter(lambda ws: sum(ws) > 0)
priors = st.lists(st.integers(0, 100).map(float), min_size=len(NAMES), max_size=len(NAMES))
decisions = st.builds(
    lambda s, r, c, req: Decision(shortlist=max(s, r), review=min(s, r), min_coverage=c, veto=(), hold=(), require=req),
    st.integers(0, 100).map(float), st.integers(0, 100).map(float), st.sampled_from([0.0, 0.5, 0.7, 1.0]),
    st.lists(st.sampled_from(NAMES), unique=True, max_size=2).map(tuple))


def combine(rows: list[list[float | None]], ws: list[float], ps: list[float], decision: Decision) -> pl.DataFrame:
    n = len(rows)
    base = pl.DataFrame({"handle": [f"c{i}" for i in range(n)], "platform": ["x"] * n, "followers": [1000.0] * n})
    columns = {name: check_batch(ScoreBatch(scores=[row[i] for row in rows], flags=[[] for _ in rows]), n, False)
               for i, name in enumerate(NAMES)}
    verdicts = Verdicts([ScorerWeight(name, w, p) for name, w, p in zip(NAMES, ws, ps, strict=True)], decision)
    return verdicts.combine(base, columns, want_evidence=False)


@settings(max_examples=300, deadline=None)
@given(row=st.lists(score_values, min_size=len(NAMES), max_size=len(NAMES)), ws=weights, ps=priors,
       which=st.integers(0, len(NAMES) - 1), above=st.floats(0, 100, allow_nan=False), decision=decisions)
def test_missing_data_never_lifts_a_creator_above_the_same_creator_measured_at_or_above_the_prior(
        row, ws, ps, which, above, decision):
    measured = list(row)
    measured[which] = round(max(ps[which], above), 1)   # that scorer measured at or above its prior
    missing = list(row)
    missing[which] = None                               # the same creator without that scorer's data
    out = combine([measured, missing], ws, ps, decision)
    with_data, without = out.row(0, named=True), out.row(1, named=True)
    assert without["final_score"] <= with_data["final_score"]
    assert VERDICT_ORDER[without["verdict"]] >= VERDICT_ORDER[with_data["verdict"]]
    ranked = rank(out)
    # ties on every key but the handle could go either way; the missing one is never strictly ahead
    if ranked["handle"][0] == "c1":
        first = ranked.row(0, named=True)
        second = ranked.row(1, named=True)
        assert (first["verdict"], first["final_score"], first["coverage"]) == \
               (second["verdict"], second["final_score"], second["coverage"])


@settings(max_examples=300, deadline=None)
@given(rows=st.lists(st.lists(score_values, min_size=len(NAMES), max_size=len(NAMES)), min_size=1, max_size=6),
       ws=weights, ps=priors, factor=st.sampled_from([0.25, 0.5, 2.0, 3.0, 7.0, 10.0, 1000.0, 0.001]),
       decision=decisions)
def test_multiplying_every_weight_by_a_constant_changes_no_output(rows, ws, ps, factor, decision):
    plain = combine(rows, ws, ps, decision)
    scaled = combine(rows, [w * factor for w in ws], ps, decision)
    assert plain.equals(scaled)
