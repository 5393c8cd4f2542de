"""Fuzzing the command line (hypothesis): rule files, map files and input records, through the CLI.

Whatever comes in, each run ends with a documented exit code and one-line messages: never a
traceback, never a hang (each example has 60 seconds), and when scoring ran, a summary line
that reconciles (rows read = used + rejected, one result per used row, one reject line per
rejected row). The example counts are bounded and the runs derandomized, so CI is repeatable.
"""

from __future__ import annotations

import json
import re
import signal
import tempfile
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from brandfit.cli import main

pytestmark = pytest.mark.skipif(not hasattr(signal, "SIGALRM"), reason="the per-example time limit needs SIGALRM")

FUZZ = settings(max_examples=40, deadline=None, derandomize=True, database=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
SUMMARY = re.compile(r"^read (\d+) rows · used (\d+) rows · rejected (\d+) rows(?: · filtered (\d+) rows)? · scored (\d+) "
                     r"creators(?: · \d+ duplicate creators rejected)?(?: · \d+ scorer errors)?$")
REPO = Path(__file__).resolve().parent.parent
SMALL_INPUT = "".join((REPO / "examples" / "creators.jsonl").read_text().splitlines(keepends=True)[:4])
BASE_RULES = 'schema = 1\nextends = "default"\n'


def invoke(args: list[str]):
    """Run the CLI in process within 60 seconds; a hang fails the example."""
    def expired(*_):
        raise TimeoutError("a brandfit command took more than 60 s")

    old = signal.signal(signal.SIGALRM, expired)
    signal.alarm(60)
    try:
        result = CliRunner().invoke(main, args)
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, old)
    assert not isinstance(result.exception, TimeoutError), "hang"
    assert result.exit_code in (0, 1, 2, 3, 4, 5, 6), result.output
    assert "Traceback" not in result.output, result.output
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise AssertionError(f"uncaught {type(result.exception).__name__}: {result.exception}") from result.exception
    return result


def reconciled(result, results_path: Path | None = None, rejects_path: Path | None = None) -> tuple[int, ...]:
    """The summary line's counts, checked against each other and against the files written."""
    [line] = [line for line in result.output.splitlines() if line.startswith("read ")]
    read, used, rejected, filtered, scored = (int(n or 0) for n in SUMMARY.match(line).groups())
    assert read == used + rejected + filtered and scored == used, line
    if results_path is not None:
        assert len(results_path.read_text().splitlines()) == scored
    if rejects_path is not None:
        assert len(rejects_path.read_text().splitlines()) == rejected
    return read, used, rejected + filtered, scored


# --- input records ---

odd_text = st.text(st.characters(blacklist_categories=("Cs",), blacklist_characters="\n\r"), max_size=12)
values = st.one_of(
    st.none(), st.booleans(), st.integers(min_value=-(10**400), max_value=10**400),
    st.floats(allow_nan=True, allow_infinity=True), odd_text,
    st.sampled_from(["4.1M", "1,234", "1.234.567", "#N/A", "", "-", "1e400", "Infinity", "NaN", "12%", "[/x]",
                     "\x1b[2J", "@handle", "2024-05-01T10:00:00Z", "3/4/2025", "9" * 400]),
)
post = st.fixed_dictionaries({}, optional={
    "id": values, "posted_at": values, "likes": values, "comments": values, "views": values, "caption": values,
    "hashtags": st.one_of(values, st.lists(values, max_size=3)), "sponsored": values})
creator = st.fixed_dictionaries({"handle": values}, optional={
    "platform": values, "followers": values, "following": values, "bio": values, "fee": values,
    "posts": st.one_of(values, st.lists(st.one_of(post, values), max_size=4))})
line = st.one_of(creator.map(json.dumps), st.one_of(values, st.lists(values, max_size=2)).map(json.dumps), odd_text)


@FUZZ
@given(lines=st.lists(line, max_size=8))
def test_fuzzed_jsonl_records_are_each_scored_or_rejected(lines):
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        data, rules, out, rejects = folder / "in.jsonl", folder / "r.toml", folder / "out.jsonl", folder / "rej.jsonl"
        data.write_text("".join(f"{text}\n" for text in lines), encoding="utf-8")
        rules.write_text(BASE_RULES)
        result = invoke(["score", str(data), "--rules", str(rules), "-o", str(out), "--rejects", str(rejects), "-q"])
        assert result.exit_code == 0, result.output
        read, *_ = reconciled(result, out, rejects)
        assert read == sum(1 for text in lines if text.encode("utf-8").strip())


# --- rule files ---

KEYS = [("scorers.tier", "weight"), ("scorers.engagement", "weight"), ("scorers.values", "recent_posts"),
        ("scorers.values", "target_share"), ("scorers.values.values.x", "terms"), ("scorers.controversy", "recent_posts"),
        ("scorers.controversy.categories.politics", "tolerance"), ("scorers.controversy.categories.y", "terms"),
        ("tiers", "mega"), ("tiers", "nano"), ("decision", "shortlist"), ("decision", "review"), ("decision", "veto"),
        ("decision", "min_coverage"), ("brand", "competitors"), ("scorers.tier.preference", "micro"), ("", "schema")]
toml_scalar = st.one_of(
    st.integers(min_value=-(10**45), max_value=10**45).map(str),
    st.sampled_from(["0", "1", "-1", "1e308", "1e-320", "9223372036854775808", "inf", "nan", "0.5", "100", "1.0",
                     "true", '""', '"*"', '"(a+)+$"', '"[/v]"', '"vegan"', '"controversy.over-tolerance"']),
    st.floats(allow_nan=False, allow_infinity=False).map(repr),
    odd_text.map(json.dumps),
)
toml_value = st.one_of(toml_scalar, st.lists(toml_scalar, max_size=3).map(lambda items: "[" + ", ".join(items) + "]"))


def rule_text(settings_: dict[tuple[str, str], str]) -> str:
    tables: dict[str, list[str]] = {}
    for (table, key), value in settings_.items():
        tables.setdefault(table, []).append(f"{key} = {value}")
    top = tables.pop("", [])
    text = BASE_RULES if not any(k.startswith("schema") for k in top) else 'extends = "default"\n'
    text += "".join(f"{line}\n" for line in top)
    return text + "".join(f"[{table}]\n" + "".join(f"{line}\n" for line in lines) for table, lines in tables.items())


@FUZZ
@given(settings_=st.dictionaries(st.sampled_from(KEYS), toml_value, max_size=4))
def test_fuzzed_rule_files_are_refused_in_one_line_or_score(settings_):
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        rules, data, out = folder / "r.toml", folder / "in.jsonl", folder / "out.jsonl"
        rules.write_text(rule_text(settings_), encoding="utf-8")
        data.write_text(SMALL_INPUT)
        checked = invoke(["rules", "check", str(rules)])
        assert checked.exit_code in (0, 3)
        if checked.exit_code == 3:
            assert all(line.startswith("brandfit: ") for line in checked.output.splitlines()), checked.output
            return
        scored = invoke(["score", str(data), "--rules", str(rules), "-o", str(out), "-q"])
        assert scored.exit_code == 0, scored.output  # anything `rules check` accepts must score
        reconciled(scored, out)
        assert "error" not in scored.output.lower()


# --- map files ---

SOURCES = st.one_of(
    st.sampled_from(['"handle"', '"followers"', '"missing"', '"HANDLE"', '{ index = 0 }', '{ index = 7 }',
                     '{ template = "a-{row}" }', '{ template = "{row:05}" }', '{ template = "{file}" }',
                     '{ template = "{row:s}" }', '{ template = "{nope}" }', '{ value = "x" }', '{ value = 5 }',
                     '{ column = "followers", scale = 1000 }', '{ column = "followers", scale = 1e400 }',
                     '{ columns = ["handle", "followers"] }']),
    odd_text.map(json.dumps),
)
MAP_FIELDS = ["handle", "followers", "platform", "bio", "fee", "following"]
TOP = st.sampled_from(['', 'format = "csv"\n', 'format = "jsonl"\n', 'encoding = "utf-16"\n', 'encoding = "rot13"\n',
                       'encoding = "cp1252"\n', 'delimiter = ";"\n', 'delimiter = ""\n', 'layout = "posts"\n',
                       'schema = 2\n'])
cell = st.one_of(odd_text, st.sampled_from(["4.1M", "1,234", "#N/A", "", "-", "1e400", "ann", "@bo", "12%"]))


@FUZZ
@given(top=TOP, fields=st.dictionaries(st.sampled_from(MAP_FIELDS), SOURCES, max_size=4),
       rows=st.lists(st.lists(cell, min_size=1, max_size=4), max_size=5))
def test_fuzzed_map_files_and_exports_are_refused_in_one_line_or_reconcile(top, fields, rows):
    import csv
    import io

    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        export, mapping, rules = folder / "export.csv", folder / "map.toml", folder / "r.toml"
        out, rejects = folder / "out.jsonl", folder / "rej.jsonl"
        text = io.StringIO()
        csv.writer(text, lineterminator="\n").writerows([["handle", "followers", "bio"], *rows])
        export.write_text(text.getvalue(), encoding="utf-8")
        mapping.write_text(("schema = 1\n" if "schema" not in top else "") + top + "[creator]\n"
                           + "".join(f"{name} = {source}\n" for name, source in fields.items()), encoding="utf-8")
        rules.write_text(BASE_RULES)
        inspected = invoke(["inspect", str(export), "--map", str(mapping)])
        assert inspected.exit_code in (0, 4)
        scored = invoke(["score", str(export), "--map", str(mapping), "--rules", str(rules), "-o", str(out),
                         "--rejects", str(rejects), "-q"])
        assert scored.exit_code in (0, 4)
        if scored.exit_code == 4:
            assert all(line.startswith("brandfit: ") for line in scored.output.splitlines()), scored.output
            return
        reconciled(scored, out, rejects)
