"""The report as one HTML file: the template (package data) with its styles, scripts, data and charts inline."""

from __future__ import annotations

import json
from html import escape
from importlib import resources
from typing import Any

_PARTS = ("report.html", "report.css", "ranking.js", "report.js")


def template_part(name: str) -> str:
    return (resources.files("brandfit.report") / "template" / name).read_text(encoding="utf-8")


def _script_json(data: Any) -> str:
    # inside <script>, "</" would end the element early; JSON allows "<\/" for it
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"), allow_nan=False).replace("</", "<\\/")


def _count(n: int | None) -> str:
    return "-" if n is None else f"{n:,}"


def summary_html(summary: dict[str, Any]) -> str:
    """The summary block: brand, fingerprint, rule files, input and its counts, verdict counts."""
    source = summary["input"]
    rows = [("brand", escape(summary["brand"] or "(no [brand] name in the rule file)")),
            ("rules", " &rarr; ".join(f"<code>{escape(f)}</code>" for f in summary["chain"])
             + f" &middot; fingerprint <code>{escape(summary['fingerprint'])}</code>")]
    where = f"<code>{escape(source['path'])}</code>"
    if source.get("map_path"):
        where += f" through map <code>{escape(source['map_path'])}</code>"
    if source["kind"] == "results":
        rows.append(("input", f"{where}, a results file written by <code>brandfit score</code>"))
        if source.get("scored_fingerprint"):
            rows.append(("note", f"scored under fingerprint <code>{escape(source['scored_fingerprint'])}</code>, "
                                 "not this rule file's: its scores are shown, re-weighted with this rule file's "
                                 "weights and thresholds"))
    else:
        rows.append(("input", where))
        rows.append(("rows", f"read {_count(source['rows_read'])} &middot; used {_count(source['rows_used'])} "
                             f"&middot; rejected {_count(source['rows_rejected'])}"))
    verdicts = " &middot; ".join(f'<span class="verdict {v}">{v}</span> {n:,}' for v, n in summary["verdicts"].items())
    rows.append(("creators", f"{summary['total']:,} scored: {verdicts}"))
    shown = summary["shown"]
    if summary["verdicts_shown"]:
        rows.append(("shown", f"{shown:,} with verdict {escape(', '.join(summary['verdicts_shown']))}"))
    if shown < summary["total"] and not summary["verdicts_shown"]:
        rows.append(("shown", f"the top {shown:,} of {summary['total']:,} in rank order (charts of scores and "
                              "brand safety count every creator)"))
    rows.append(("made by", f"brandfit {escape(summary['brandfit'])} &middot; {escape(summary['plugins'])}"))
    body = "".join(f"<tr><th>{k}</th><td>{v}</td></tr>" for k, v in rows)
    return f'<table class="summary">{body}</table>'


def render_page(data: dict[str, Any], charts: dict[str, str]) -> str:
    """The whole page. ``charts``: name -> inline SVG (empty when there is nothing to draw)."""
    html, css, ranking_js, report_js = (template_part(p) for p in _PARTS)
    summary = data["summary"]
    title = f"brandfit report: {summary['brand'] or summary['chain'][-1]}"
    figures = "".join(f'<figure class="chart" id="chart-{name}">{svg}</figure>' for name, svg in charts.items() if svg)
    if not figures:
        figures = '<p class="empty">No charts: no creator was scored.</p>'
    replacements = {
        "<!--TITLE-->": escape(title),
        "/*CSS*/": css,
        "<!--SUMMARY-->": summary_html(summary),
        "<!--CHARTS-->": figures,
        "/*DATA*/": _script_json(data),
        "/*RANKING_JS*/": ranking_js,
        "/*REPORT_JS*/": report_js,
    }
    for marker, value in replacements.items():
        head, sep, tail = html.partition(marker)
        if not sep:
            raise ValueError(f"report template lacks {marker}")
        html = head + value + tail
    return html
