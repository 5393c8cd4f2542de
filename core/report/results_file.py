"""Reading back a results file written by `brandfit score` (JSONL, JSON, CSV or Parquet) for a report."""

from __future__ import annotations

import json
from pathlib import Path

import polars as pl

from brandfit.rules.model import Rules

# the columns that tell a results file from a creator input, and that a report needs
MARKERS = ("verdict", "final_score", "rules_fingerprint")
NEEDED = ("rank", "handle", "platform", "final_score", "coverage", "verdict", "reasons", "flags")
LIST_COLUMNS = ("reasons", "flags", "missing", "errors")
_FORMATS = {".jsonl": "jsonl", ".ndjson": "jsonl", ".json": "json", ".csv": "csv", ".parquet": "parquet", ".pq": "parquet"}


class ResultsFileError(Exception):
    """A results file that cannot be read or lacks what a report needs; the message is one line."""


def _format(path: str, explicit: str | None) -> str | None:
    return explicit or _FORMATS.get(Path(path).suffix.lower())


def results_columns(path: str, explicit_format: str | None = None) -> list[str] | None:
    """The column names of ``path`` if it is a results file written by `brandfit score`, else None
    (a creator input, or a format a results file is never in). An empty file is an error: it holds
    neither creators nor results."""
    fmt = _format(path, explicit_format)
    if fmt is None or path == "-" or not Path(path).is_file():
        return None
    if Path(path).stat().st_size == 0:
        raise ResultsFileError(f"{path}: the file is empty: no creators and no results to report")
    try:
        if fmt == "parquet":
            import pyarrow.parquet as pq

            columns = pq.read_schema(path).names
        elif fmt == "csv":
            with open(path, encoding="utf-8-sig", newline="") as f:
                columns = f.readline().rstrip("\r\n").split(",")
        else:
            with open(path, encoding="utf-8") as f:
                head = f.read(65_536 if fmt == "jsonl" else 1 << 20)
            first = head.split("\n", 1)[0] if fmt == "jsonl" else head.lstrip().lstrip("[").lstrip()
            columns = list(json.JSONDecoder().raw_decode(first)[0]) if first.startswith("{") else []
    except (OSError, UnicodeDecodeError, ValueError, IndexError):
        return None  # not a results file we can read: let the input readers report on it
    return columns if all(m in columns for m in MARKERS) else None


def read_results(path: str, columns: list[str], rules: Rules, explicit_format: str | None = None) -> pl.DataFrame:
    """The results file ranked as written, with list columns as lists (CSV joins them with " | ")."""
    scorers = [s.name for s in rules.scorers]
    lacking = [c for c in (*NEEDED, *(f"score_{s}" for s in scorers)) if c not in columns]
    if lacking:
        raise ResultsFileError(f"{path}: a results file without column(s) {', '.join(lacking)}; "
                               f"expected the output of `brandfit score` under {rules.chain[-1] if rules.chain else 'the rule file'}")
    fmt = _format(path, explicit_format)
    try:
        if fmt == "parquet":
            frame = pl.read_parquet(path)
        elif fmt == "csv":
            frame = pl.read_csv(path, infer_schema_length=None)
        elif fmt == "json":
            frame = pl.read_json(path) if Path(path).read_text(encoding="utf-8").strip() != "[]" else pl.DataFrame()
        else:
            frame = pl.read_ndjson(path, infer_schema_length=None)
    except (OSError, pl.exceptions.PolarsError, ValueError) as exc:
        raise ResultsFileError(f"{path}: cannot read it as {fmt}: {str(exc).splitlines()[0]}") from exc
    if frame.height == 0:
        return frame
    fixes = []
    for column in LIST_COLUMNS:
        if column in frame.columns and frame.schema[column] == pl.String:
            fixes.append(pl.col(column).fill_null("").str.split(" | ").list.eval(pl.element().filter(pl.element() != "")))
        elif column in frame.columns and frame.schema[column] == pl.Null:
            fixes.append(pl.col(column).cast(pl.List(pl.String)))
    for column in ("handle", "platform", "tier", "verdict", "engagement_basis"):
        if column in frame.columns and frame.schema[column] != pl.String:
            fixes.append(pl.col(column).cast(pl.String))
    return frame.with_columns(fixes).sort("rank", maintain_order=True)


def scored_fingerprint(frame: pl.DataFrame) -> str | None:
    if frame.height == 0 or "rules_fingerprint" not in frame.columns:
        return None
    return str(frame["rules_fingerprint"][0])
