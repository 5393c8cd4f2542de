"""From ranked results to the report's HTML: tallies, the page's creators, their evidence, the charts."""

from __future__ import annotations

from typing import Any
from collections.abc import Callable, Iterable

import polars as pl

from brandfit.report.charts import brand_safety_chart, engagement_chart, scatter_points, score_chart
from brandfit.report.page import render_page
from brandfit.report.page_data import InputSummary, PageLimits, collect, page_data
from brandfit.rules.model import Rules

# the page's creators in, their evidence by index in the page out
EvidenceFor = Callable[[pl.DataFrame], dict[int, dict[str, Any]]]


def build_report(rules: Rules, plugins: str, source: InputSummary, chunks: Iterable[pl.DataFrame],
                 limits: PageLimits, verdicts: tuple[str, ...] | None, evidence_for: EvidenceFor | None,
                 version: str) -> tuple[str, dict[str, Any]]:
    """The page's HTML, and its data (for the summary line and tests)."""
    collector = collect(chunks, limits.rows, verdicts)
    rows = collector.page_rows()
    first = rows.head(limits.evidence)
    evidence = evidence_for(first) if evidence_for is not None and first.height else {}
    data = page_data(rules, plugins, source, collector, evidence, verdicts, version)
    tallies = collector.tallies()
    charts = {"engagement": "", "scores": score_chart(tallies, rules.decision.shortlist, rules.decision.review),
              "brand-safety": brand_safety_chart(tallies)}
    if rows.height and "engagement_rate" in rows.columns:
        points, note = scatter_points(rows, limits.scatter)
        charts["engagement"] = engagement_chart(rules, points, note)
    return render_page(data, charts), data
