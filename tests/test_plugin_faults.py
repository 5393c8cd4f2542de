"""Issue 14, items 6-13: a faulty plugin breaks only its own findings (sqlfluff and flake8 are the models)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from brandfit.plugin.host import load_registry
from test_plugin_isolation import CREATORS, SCORER_HEADER, fake_dist, plugin_dir, run_cli, scorer_source, write_inputs

# every test runs the CLI in a subprocess with plugin packages on its path
pytestmark = pytest.mark.slow

__all__ = ["plugin_dir"]  # the fixture, shared with test_plugin_isolation


def plugin_source(body: str) -> str:
    """A plugin module: SCORER_HEADER, then ``body`` (classes), then a hook returning ``S``."""
    return SCORER_HEADER + textwrap.dedent(body) + textwrap.dedent('''

@brandfit.hookimpl
def brandfit_scorers():
    return [S]
''')


# --- 6. stdout is reserved for results ---

NOISY = plugin_source('''
print("import noise")

class S(Scorer):
    name = "noisy"
    description = "prints everywhere"

    def __init__(self, setup):
        print("init noise")
        super().__init__(setup)

    def score_creator(self, creator):
        print("scoring noise")
        return ScoreResult(score=50.0)

_hook = brandfit.hookimpl
def _noisy(fn):
    def wrapped():
        print("hook noise")
        return fn()
    wrapped.__name__ = fn.__name__
    return wrapped
''').replace("@brandfit.hookimpl\ndef brandfit_scorers():", "@brandfit.hookimpl\n@_noisy\ndef brandfit_scorers():")


@pytest.mark.parametrize("uses_plugin", [False, True])
def test_a_printing_plugin_never_reaches_stdout(plugin_dir: Path, tmp_path: Path, uses_plugin: bool) -> None:
    fake_dist(plugin_dir, "brandfit-noisy", "1.0", "noisy", "noisy_plugin", NOISY)
    data, rules = write_inputs(tmp_path, "[scorers.noisy]\nweight = 1\n" if uses_plugin else "")
    score = run_cli(["score", str(data), "--rules", str(rules), "--format", "json", "-q"], plugin_dir, tmp_path)
    assert score.returncode == 0, score.stderr
    assert sorted(r["handle"] for r in json.loads(score.stdout)) == ["ann", "bob"]
    assert "import noise" in score.stderr
    explain = run_cli(["explain", str(data), "ann", "--rules", str(rules), "--format", "json"], plugin_dir, tmp_path)
    assert json.loads(explain.stdout)["handle"] == "ann"
    listing = run_cli(["plugins", "--format", "json"], plugin_dir, tmp_path)
    assert "noisy" in [p["name"] for p in json.loads(listing.stdout)]
    schema = run_cli(["rules", "schema"], plugin_dir, tmp_path)
    assert "noisy" in json.loads(schema.stdout)["properties"]["scorers"]["properties"]
    if uses_plugin:
        assert "scoring noise" in score.stderr and "init noise" in score.stderr


# --- 8. tracebacks from a plugin's own code ---

def test_an_exception_in_a_scorer_constructor_is_that_scorers_error(plugin_dir: Path, tmp_path: Path) -> None:
    fake_dist(plugin_dir, "brandfit-ctor", "1.0", "ctor", "ctor_plugin", plugin_source('''
class S(Scorer):
    name = "ctor"
    description = "cannot start"

    def __init__(self, setup):
        raise RuntimeError("no licence key")

    def score_creator(self, creator):
        return ScoreResult(score=1.0)
'''))
    data, rules = write_inputs(tmp_path, "[scorers.ctor]\nweight = 1\n")
    out = tmp_path / "out.jsonl"
    result = run_cli(["score", str(data), "--rules", str(rules), "-o", str(out), "-q"], plugin_dir, tmp_path)
    assert result.returncode == 0 and "Traceback" not in result.stderr, result.stderr
    assert "· 2 scorer errors" in result.stderr
    rows = [json.loads(line) for line in out.read_text().splitlines()]
    assert all(r["errors"] == ["ctor: failed to start: RuntimeError: no licence key"] for r in rows)
    assert all(r["score_tier"] is not None for r in rows)  # the other scorers still ran


FLAGGY = plugin_source('''
class S(Scorer):
    name = "flaggy"
    description = "flag_codes raises"

    @classmethod
    def flag_codes(cls, options):
        raise KeyError("oops")

    def score_creator(self, creator):
        return ScoreResult(score=1.0)
''')


@pytest.mark.parametrize("command", ["rules check", "score"])
def test_an_exception_in_flag_codes_is_one_line_naming_the_plugin(plugin_dir: Path, tmp_path: Path, command: str) -> None:
    fake_dist(plugin_dir, "brandfit-flaggy", "1.0", "flaggy", "flaggy_plugin", FLAGGY)
    data, rules = write_inputs(tmp_path, "[scorers.flaggy]\nweight = 1\n[decision]\nveto = [\"flaggy.bad\"]\n")
    score = ["score", str(data), "--rules", str(rules), "-q", "--format", "csv"]
    args = ["rules", "check", str(rules)] if command == "rules check" else score
    result = run_cli(args, plugin_dir, tmp_path)
    assert "Traceback" not in result.stderr
    assert result.returncode == 0, result.stderr
    [line] = [line for line in result.stderr.splitlines() if "flag_codes" in line]
    assert "decision.veto[0]" in line and "plugin 'flaggy' (brandfit-flaggy 1.0)" in line and "KeyError" in line


def test_an_options_set_field_fails_the_plugin_not_rules_schema(plugin_dir: Path, tmp_path: Path) -> None:
    fake_dist(plugin_dir, "brandfit-setty", "1.0", "setty", "setty_plugin", plugin_source('''
import attrs

class S(Scorer):
    name = "setty"
    description = "a set option"

    @attrs.frozen
    class Options:
        words: set[str] = attrs.field(factory=lambda: {"a"})

    def score_creator(self, creator):
        return ScoreResult(score=1.0)
'''))
    [info] = [p for p in load_registry().plugins if p.name == "setty"]
    assert info.status == "failed" and "option 'words' has type set" in info.error
    schema = run_cli(["rules", "schema"], plugin_dir, tmp_path)
    assert schema.returncode == 0 and "Traceback" not in schema.stderr
    assert "setty" not in json.loads(schema.stdout)["properties"]["scorers"]["properties"]


# --- 9. a plugin's bad option defaults are the plugin's fault ---

@pytest.mark.parametrize("fields, expected", [
    ('limit: int = attrs.field(default=500, validator=between(0, 100))', "default of limit: expected a number from 0 to 100, got 500"),
    ('limit: int = "ten"', "default of limit: expected integer, got string 'ten'"),
    ('low: int = 9\n        high: int = 3\n\n        def __attrs_post_init__(self):\n            if self.low > self.high:\n'
     '                raise OptionError("low", "low is above high")', "default of low: low is above high"),
])
def test_bad_option_defaults_fail_the_plugin_when_it_loads(plugin_dir: Path, tmp_path: Path, fields: str, expected: str) -> None:
    module = f"defaults_plugin_{len(fields)}"  # a new module per case: modules stay imported in this process
    fake_dist(plugin_dir, "brandfit-defaults", "1.0", "defaults", module, plugin_source(f'''
import attrs
from brandfit.rules.options import OptionError, between

class S(Scorer):
    name = "defaults"
    description = "bad defaults"

    @attrs.frozen
    class Options:
        {fields}

    def score_creator(self, creator):
        return ScoreResult(score=1.0)
'''))
    [info] = [p for p in load_registry().plugins if p.name == "defaults"]
    assert info.status == "failed"
    assert info.error == f"brandfit_scorers(): TypeError: S.Options: {expected}"
    data, rules = write_inputs(tmp_path, "[scorers.defaults]\nweight = 1\n")
    result = run_cli(["rules", "check", str(rules)], plugin_dir, tmp_path)
    assert result.returncode == 3
    assert "scorer 'defaults' is unavailable: plugin 'defaults' (brandfit-defaults 1.0) failed to load" in result.stderr


# --- 10. a scorer cannot change the data other scorers see ---

def test_a_scorer_mutating_its_frame_changes_nobody_elses_results(plugin_dir: Path, tmp_path: Path) -> None:
    fake_dist(plugin_dir, "brandfit-vandal", "1.0", "vandal", "vandal_plugin", plugin_source('''
import polars as pl

class S(Scorer):
    name = "vandal"
    description = "mutates ctx.frame"

    def score_batch(self, batch, ctx):
        frame = ctx.frame
        frame.drop_in_place("posts")
        frame.insert_column(frame.width, pl.Series("posts", [None] * frame.height, dtype=pl.Null))
        return ScoreBatch(scores=[50.0] * batch.num_rows)
'''))
    data, _ = write_inputs(tmp_path, "")
    clean = tmp_path / "clean.toml"
    clean.write_text("schema = 1\n[scorers.engagement]\nweight = 1\n")
    vandal = tmp_path / "vandal.toml"
    vandal.write_text("schema = 1\n[scorers.vandal]\nweight = 1\n[scorers.engagement]\nweight = 1\n")

    def engagement(rules: Path, command: list[str]) -> list:
        result = run_cli([*command, "--rules", str(rules)], plugin_dir, tmp_path)
        assert result.returncode == 0, result.stderr
        if command[0] == "explain":
            return [s["score"] for s in json.loads(result.stdout)["scorers"] if s["scorer"] == "engagement"]
        return [r["score_engagement"] for r in json.loads(result.stdout) if r["handle"] == "ann"]

    for command in (["score", str(data), "--format", "json", "-q"], ["explain", str(data), "ann", "--format", "json"]):
        assert engagement(vandal, command) == engagement(clean, command) != [None]


# --- 11. score values, creator by creator ---

@pytest.mark.parametrize("scores, expected", [
    ("[True, 40.0]", [None, 40.0]),
    ("['50', 40.0]", [None, 40.0]),
    ("[100.0000001, 40.0]", [None, 40.0]),
])
def test_score_values_are_checked_per_creator(plugin_dir: Path, tmp_path: Path, scores: str, expected: list) -> None:
    fake_dist(plugin_dir, "brandfit-values2", "1.0", "valued", "valued_plugin", plugin_source(f'''
class S(Scorer):
    name = "valued"
    description = "odd score values"

    def score_batch(self, batch, ctx):
        return ScoreBatch(scores={scores})
'''))
    data, rules = write_inputs(tmp_path, "[scorers.valued]\nweight = 1\n")
    out = tmp_path / "out.jsonl"
    result = run_cli(["score", str(data), "--rules", str(rules), "-o", str(out), "-q"], plugin_dir, tmp_path)
    assert result.returncode == 0, result.stderr
    rows = {r["handle"]: r for r in map(json.loads, out.read_text().splitlines())}
    assert [rows["ann"]["score_valued"], rows["bob"]["score_valued"]] == expected
    [error] = rows["ann"]["errors"]
    shown = {"[True, 40.0]": "True", "['50', 40.0]": "'50'", "[100.0000001, 40.0]": "100.0000001"}[scores]
    assert error.startswith(f"valued: invalid score {shown} ")
    assert rows["bob"]["errors"] == []


# --- 12. built-in scorer names are reserved ---

IMPOSTOR = plugin_source('''
class S(Scorer):
    name = "engagement"
    description = "an impostor"

    def score_creator(self, creator):
        return ScoreResult(score=0.0)
''')


@pytest.mark.parametrize("disable", [[], ["--disable-plugin", "engagement"]])
def test_a_plugin_cannot_take_a_built_in_name(plugin_dir: Path, tmp_path: Path, disable: list) -> None:
    fake_dist(plugin_dir, "brandfit-impostor", "1.0", "impostor", "impostor_plugin", IMPOSTOR)
    listing = json.loads(run_cli(["plugins", "--format", "json", *disable], plugin_dir, tmp_path).stdout)
    [info] = [p for p in listing if p["name"] == "impostor"]
    assert info["status"] == "failed" and "'engagement' is reserved for brandfit's built-in scorer" in info["error"]
    data, rules = write_inputs(tmp_path, "")
    result = run_cli(["score", str(data), "--rules", str(rules), "--format", "json", "-q", *disable], plugin_dir, tmp_path)
    if disable:  # the built-in is off, and the name does not pass to the impostor
        assert result.returncode == 3
        assert "scorer 'engagement' is unavailable: plugin 'engagement' (brandfit" in result.stderr
    else:
        assert result.returncode == 0, result.stderr
        rows = json.loads(result.stdout)
        assert all(r["plugins"].startswith("tier=brandfit") and "engagement=brandfit " in r["plugins"] for r in rows)
        assert [r["engagement_rate"] is not None for r in rows] == [True] * len(CREATORS)


# --- 13. load time is reported ---

def test_plugins_reports_each_plugins_load_time(plugin_dir: Path, tmp_path: Path) -> None:
    fake_dist(plugin_dir, "brandfit-sleepy", "1.0", "sleepy", "sleepy_plugin",
              "import time\ntime.sleep(0.3)\n" + scorer_source("sleepy", "return ScoreResult(score=1.0)"))
    [info] = [p for p in load_registry().plugins if p.name == "sleepy"]
    assert 0.3 <= info.load_seconds < 5
    table = run_cli(["plugins"], plugin_dir, tmp_path).stdout
    [row] = [line for line in table.splitlines() if line.startswith("sleepy ")]
    assert " 0.3" in row or " 0.4" in row


# --- 7. a hung scorer has a time limit ---

HANGS = plugin_source('''
import time

class S(Scorer):
    name = "hangs"
    description = "never returns for bob"

    def score_creator(self, creator):
        if creator.handle == "bob":
            time.sleep(3600)
        return ScoreResult(score=10.0)
''')


def run_cli_within(args: list[str], plugin_dir: Path, cwd: Path, seconds: float = 60) -> subprocess.CompletedProcess:
    """run_cli, failing the test instead of hanging it."""
    env = dict(os.environ, PYTHONPATH=str(plugin_dir))
    return subprocess.run([sys.executable, "-P", "-c", "from brandfit.cli import main; main()", *args],
                          cwd=cwd, env=env, capture_output=True, text=True, timeout=seconds)


def test_a_hung_scorer_times_out_and_the_other_scores_come_out(plugin_dir: Path, tmp_path: Path) -> None:
    fake_dist(plugin_dir, "brandfit-hangs", "1.0", "hangs", "hangs_plugin", HANGS)
    data, rules = write_inputs(tmp_path, "[scorers.hangs]\nweight = 1\n")
    out = tmp_path / "out.jsonl"
    # 4 s, not less: on a loaded CI machine a built-in scorer's first call (its lazy imports) must
    # not run out of time too
    result = run_cli_within(["score", str(data), "--rules", str(rules), "-o", str(out), "-q", "--scorer-timeout", "4"],
                     plugin_dir, tmp_path)
    assert result.returncode == 0, result.stderr
    assert "· 2 scorer errors" in result.stderr
    assert "brandfit: warning: scorer 'hangs' timed out: score_batch of a batch of 2 took more than 4 s" in result.stderr
    rows = [json.loads(line) for line in out.read_text().splitlines()]
    assert all(r["score_hangs"] is None and r["errors"][0].startswith("hangs: timed out") for r in rows)
    assert all(r["score_engagement"] is not None and r["final_score"] is not None for r in rows)
    fatal = run_cli_within(["score", str(data), "--rules", str(rules), "-q", "--scorer-timeout", "4", "--fatal-errors"],
                    plugin_dir, tmp_path)
    assert fatal.returncode == 1 and "scorer 'hangs' failed: timed out" in fatal.stderr
