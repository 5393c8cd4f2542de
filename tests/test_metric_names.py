"""Metric names are output columns shared by every scorer of a run: a taken name is that scorer's
error for the batch, never a column that silently shadows another (docs/plugins/hooks.md)."""

from __future__ import annotations

import types

import brandfit
from brandfit import ScoreBatch, Scorer
from brandfit.plugin.host import load_registry
from conftest import score_creators


def plugin_with(name: str, metric: str) -> types.SimpleNamespace:
    class MetricScorer(Scorer):
        description = "scores 50 and reports one metric"

        def score_batch(self, batch, ctx):  # type: ignore[no-untyped-def]
            n = batch.num_rows
            return ScoreBatch(scores=[50.0] * n, reasons=["ok"] * n, metrics={metric: [1.0] * n})

    MetricScorer.name = name
    return types.SimpleNamespace(brandfit_scorers=brandfit.hookimpl(lambda: [MetricScorer]))


RULES = """
schema = 1
[scorers.first]
weight = 1
[scorers.second]
weight = 1
"""


def scored(tmp_path, first_metric: str, second_metric: str) -> dict:
    registry = load_registry(extra_plugins=[("first", plugin_with("first", first_metric)),
                                            ("second", plugin_with("second", second_metric))])
    [row] = score_creators([{"handle": "ann", "platform": "instagram"}], RULES, tmp_path, registry=registry)
    return row


def test_distinct_metric_names_are_columns(tmp_path):
    row = scored(tmp_path, "first_rate", "second_rate")
    assert (row["first_rate"], row["second_rate"]) == (1.0, 1.0)
    assert row["error_first"] is None and row["error_second"] is None


def test_a_metric_name_two_scorers_give_is_the_second_ones_error(tmp_path):
    row = scored(tmp_path, "rate", "rate")
    assert row["error_first"] is None and row["score_first"] == 50.0
    assert row["error_second"] == ("metric 'rate' is already scorer 'first''s metric: "
                                   "metric names must be unique across scorers")
    assert row["score_second"] is None


def test_a_metric_may_not_take_a_result_column(tmp_path):
    row = scored(tmp_path, "final_score", "followers")
    assert row["error_first"].startswith("metric 'final_score' is already a result column")
    assert row["error_second"].startswith("metric 'followers' is already an input column")
