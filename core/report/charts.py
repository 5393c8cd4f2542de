"""The report's charts: Vega-Lite specs built with altair, rendered to inline SVG by vl-convert.

Rendered when the report is built, so the page needs no script to show them and no network: the
SVG is part of the HTML file. They show the rule file's weights (the page's re-weighting moves the
table, not these pictures; the page says so).
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np
import polars as pl

from brandfit.report.page_data import SCORE_BIN, Tallies
from brandfit.rules.model import Rules

VERDICT_COLOURS = {"shortlist": "#2e7d32", "review": "#e0a800", "reject": "#c62828"}


def _verdict_colour(alt: Any, title: str = "verdict") -> Any:
    return alt.Color("verdict:N", title=title, sort=list(VERDICT_COLOURS),
                     scale=alt.Scale(domain=list(VERDICT_COLOURS), range=list(VERDICT_COLOURS.values())))


def _svg(chart: Any, datasets: dict[str, list[dict[str, Any]]] | None = None) -> str:
    """``chart`` as SVG; ``datasets`` are its named data (``alt.Data(name=...)``), added to the spec
    after altair has checked it: checking thousands of rows against the schema takes seconds."""
    import vl_convert

    spec = chart.to_dict()
    if datasets:
        spec["datasets"] = {**spec.get("datasets", {}), **datasets}
    svg = vl_convert.vegalite_to_svg(spec)
    # the XML declaration is not allowed inside HTML
    return svg[svg.index("<svg"):] if "<svg" in svg else svg


def benchmark_curve(rules: Rules, platform: str | None, basis: str, low: float, high: float) -> list[dict[str, Any]]:
    """The engagement scorer's benchmark curve for ``platform`` and ``basis`` between ``low`` and
    ``high`` followers, in percent: at the ends and at each anchor between them (the curve is
    straight between anchors on log-log axes), with the rates that score 25 and 75 and the rate
    flagged as implausible. Empty when the rule file has no engagement scorer or no such curve."""
    rule = rules.scorer("engagement")
    if rule is None:
        return []
    options = rule.options
    curve = options.curves.get(platform or "", {}).get(basis)
    if curve is None:
        return []
    counts = sorted({low, high, *(f for f in curve.followers if low < f < high)})
    multiple = curve.suspicious_multiple or options.suspicious_multiple
    k = curve.score_75_at or options.score_75_at  # the benchmark scores 50, k times it 75, 1/k times it 25
    return [{"followers": x, "benchmark": r * 100, "scores_25": r * 100 / k, "scores_75": r * 100 * k,
             "implausible": r * 100 * multiple} for x, r in zip(counts, curve.rate_at(np.array(counts)), strict=True)]


def engagement_chart(rules: Rules, points: pl.DataFrame, note: str) -> str:
    """Engagement rate against followers (log-log), one panel per platform, creators coloured by
    verdict, over the rule file's benchmark curve: the line is the benchmark (it scores 50), the band
    runs from the rate that scores 25 to the one that scores 75, the dashed line is where engagement
    is flagged as implausible."""
    import altair as alt

    points = points.filter(pl.col("engagement_rate").is_not_null() & (pl.col("engagement_rate") > 0)
                           & pl.col("followers").is_not_null() & (pl.col("followers") > 0))
    if points.height == 0:
        return ""
    panels = []
    datasets: dict[str, list[dict[str, Any]]] = {}
    for platform in sorted(points["platform"].fill_null("(none)").unique().to_list()):
        mine = points.filter(pl.col("platform").fill_null("(none)") == platform)
        bases = mine["engagement_basis"].drop_nulls().mode().sort().to_list()
        basis = str(bases[0]) if bases else "followers"
        data = mine.select("handle", "followers", "verdict", "final_score",
                           rate=pl.col("engagement_rate") * 100).to_dicts()
        x = alt.X("followers:Q", scale=alt.Scale(type="log"), title="followers (log)")
        y = alt.Y("rate:Q", scale=alt.Scale(type="log"), title=f"engagement rate by {basis}, % (log)")
        layers = []
        counts = mine["followers"].cast(pl.Float64)
        low = float(counts.min() or 1) / 2  # type: ignore[arg-type]
        high = float(counts.max() or 1) * 2  # type: ignore[arg-type]
        curve = benchmark_curve(rules, None if platform == "(none)" else platform, basis, low, high)
        if curve:
            bench = alt.Chart(alt.Data(values=curve))
            layers += [
                bench.mark_area(opacity=0.15, color="#607d8b").encode(
                    x=alt.X("followers:Q", scale=alt.Scale(type="log")), y=alt.Y("scores_25:Q"), y2="scores_75:Q"),
                bench.mark_line(color="#455a64").encode(x="followers:Q", y="benchmark:Q"),
                bench.mark_line(color="#455a64", strokeDash=[4, 3]).encode(x="followers:Q", y="implausible:Q"),
            ]
        datasets[f"creators-{len(datasets)}"] = data
        layers.append(alt.Chart(alt.Data(name=f"creators-{len(datasets) - 1}")).mark_circle(size=28, opacity=0.75).encode(
            x=x, y=y, color=_verdict_colour(alt), tooltip=["handle:N", "followers:Q", "rate:Q", "verdict:N"]))
        panels.append(alt.layer(*layers).properties(width=300, height=220, title=f"{platform} ({mine.height})"))
    chart = alt.concat(*panels, columns=2).properties(
        title=alt.TitleParams("Engagement rate against followers", subtitle=[
            "line: the rule file's benchmark curve (scores 50); band: from the rate that scores 25 to the one that scores 75;",
            "dashed: flagged as implausible; no line: the rule file has no curve for that platform and basis", note]))
    return _svg(chart, datasets)


def score_chart(tallies: Tallies, shortlist: float, review: float) -> str:
    """How many creators got each final score, by verdict, with the shortlist and review thresholds."""
    import altair as alt

    if not tallies.score_bins:
        return ""
    bars = alt.Chart(alt.Data(values=tallies.score_bins)).mark_bar().encode(
        x=alt.X("bin:Q", bin=alt.Bin(step=SCORE_BIN, extent=[0, 100]), title="final score"),
        y=alt.Y("creators:Q", stack="zero", title="creators", axis=alt.Axis(tickMinStep=1, format="d")),
        color=_verdict_colour(alt), order=alt.Order("verdict:N"))
    thresholds = [{"score": shortlist, "label": f"shortlist >= {shortlist:g}"},
                  {"score": review, "label": f"review >= {review:g}"}]
    rules_ = alt.Chart(alt.Data(values=thresholds))
    layers = [bars, rules_.mark_rule(color="#212121", strokeDash=[5, 3]).encode(x="score:Q"),
              rules_.mark_text(align="left", dx=4, dy=-6, baseline="top", color="#212121").encode(
                  x="score:Q", y=alt.value(0), text="label:N")]
    note = f"{tallies.no_final_score} creators without a final score (no scorer had data) are not shown" \
        if tallies.no_final_score else "every creator has a final score"
    chart = alt.layer(*layers).properties(width=620, height=220, title=alt.TitleParams(
        "Final scores", subtitle=[f"{tallies.total:,} creators, bars of {SCORE_BIN} points; {note}"]))
    return _svg(chart)


def brand_safety_chart(tallies: Tallies) -> str:
    """Creators hitting each brand-safety category (controversy flags), by verdict."""
    import altair as alt

    if not tallies.brand_safety:
        return ""
    per_category: dict[str, int] = {}
    for item in tallies.brand_safety:
        per_category[item["category"]] = per_category.get(item["category"], 0) + item["creators"]
    order = sorted(per_category, key=lambda c: (-per_category[c], c))
    chart = alt.Chart(alt.Data(values=tallies.brand_safety)).mark_bar().encode(
        y=alt.Y("category:N", sort=order, title=None),
        x=alt.X("creators:Q", stack="zero", title="creators with a hit", axis=alt.Axis(tickMinStep=1, format="d")),
        color=_verdict_colour(alt), order=alt.Order("verdict:N"),
    ).properties(width=560, height=max(60, 22 * len(order)), title=alt.TitleParams(
        "Brand-safety hits by category",
        subtitle=["creators whose posts or bio hit each category (controversy scorer); "
                  "over tolerance vetoes them when the rule file says so"]))
    return _svg(chart)


def scatter_points(rows: pl.DataFrame, limit: int) -> tuple[pl.DataFrame, str]:
    """At most ``limit`` creators of the page for the engagement chart (every k-th past that), and a
    note saying which."""
    if rows.height <= limit:
        return rows, f"{rows.height:,} creators"
    step = math.ceil(rows.height / limit)
    return rows.gather_every(step), f"every {step}th of the {rows.height:,} creators in this page"
