"""A broken plugin never takes a run down: import errors, raising, NaN, bad shapes, name clashes."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from brandfit.plugin.host import load_registry

CREATORS = [
    {"handle": "ann", "platform": "instagram", "followers": 5000, "following": 100,
     "posts": [{"id": "a1", "likes": 200, "comments": 20, "caption": "morning run"}] * 3},
    {"handle": "bob", "platform": "instagram", "followers": 20000, "following": 300,
     "posts": [{"id": "b1", "likes": 400, "comments": 40, "caption": "trail day"}] * 3},
]

SCORER_HEADER = '''
import math
import brandfit
from brandfit import Scorer, ScoreResult, ScoreBatch
'''


def fake_dist(root: Path, dist: str, version: str, entry: str, module: str, source: str,
              group: str = "brandfit", target: str | None = None) -> None:
    """An installed distribution as importlib.metadata sees it: a module and a dist-info folder
    whose entry point ``entry`` in ``group`` points at ``target`` (default: the module)."""
    (root / f"{module}.py").write_text(textwrap.dedent(source))
    info = root / f"{dist.replace('-', '_')}-{version}.dist-info"
    info.mkdir()
    (info / "METADATA").write_text(f"Metadata-Version: 2.1\nName: {dist}\nVersion: {version}\n")
    (info / "entry_points.txt").write_text(f"[{group}]\n{entry} = {target or module}\n")


def scorer_source(name: str, body: str, batch: bool = False) -> str:
    method = ("    def score_batch(self, batch, ctx):\n" if batch else "    def score_creator(self, creator):\n")
    return SCORER_HEADER + textwrap.dedent(f'''
class S(Scorer):
    name = "{name}"
    description = "test scorer"
''') + method + textwrap.indent(textwrap.dedent(body), "        ") + textwrap.dedent('''

@brandfit.hookimpl
def brandfit_scorers():
    return [S]
''')


# every test runs the CLI in a subprocess with plugin packages on its path
pytestmark = pytest.mark.slow


@pytest.fixture
def plugin_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    root = tmp_path / "site"
    root.mkdir()
    monkeypatch.syspath_prepend(str(root))
    return root


def run_cli(args: list[str], plugin_dir: Path, cwd: Path, env_extra: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    env = dict(os.environ, PYTHONPATH=str(plugin_dir), **(env_extra or {}))
    return subprocess.run([sys.executable, "-P", "-c", "from brandfit.cli import main; main()", *args],
                          cwd=cwd, env=env, capture_output=True, text=True)


def write_inputs(tmp_path: Path, scorer_tables: str) -> tuple[Path, Path]:
    data = tmp_path / "creators.jsonl"
    data.write_text("".join(json.dumps(c) + "\n" for c in CREATORS))
    rules = tmp_path / "rules.toml"
    rules.write_text(f'schema = 1\nextends = "default"\n{scorer_tables}\n')
    return data, rules


def test_import_error_is_reported_and_everything_else_works(plugin_dir: Path, tmp_path: Path) -> None:
    fake_dist(plugin_dir, "brandfit-broken", "0.3.1", "broken", "broken_plugin", "import does_not_exist_anywhere\n")
    registry = load_registry()
    [info] = [p for p in registry.plugins if p.name == "broken"]
    assert info.status == "failed"
    assert info.distribution == "brandfit-broken" and info.version == "0.3.1"
    assert "ModuleNotFoundError" in info.error and "does_not_exist_anywhere" in info.error
    assert {"tier", "engagement", "values", "controversy"} <= set(registry.names())

    listing = run_cli(["plugins"], plugin_dir, tmp_path)
    assert listing.returncode == 0
    assert "broken" in listing.stdout and "failed" in listing.stdout and "0.3.1" in listing.stdout

    data, rules = write_inputs(tmp_path, "")
    ok = run_cli(["score", str(data), "--rules", str(rules), "--format", "csv"], plugin_dir, tmp_path)
    assert ok.returncode == 0, ok.stderr
    warning_lines = [s for s in ok.stderr.splitlines() if "warning" in s]
    assert len(warning_lines) == 1 and "brandfit-broken 0.3.1" in warning_lines[0]
    assert "Traceback" not in ok.stderr

    _, needing = write_inputs(tmp_path, "[scorers.broken]\nweight = 1\n")
    bad = run_cli(["score", str(data), "--rules", str(needing)], plugin_dir, tmp_path)
    assert bad.returncode == 3
    assert ("scorers.broken: scorer 'broken' is unavailable: plugin 'broken' (brandfit-broken 0.3.1) "
            "failed to load: ModuleNotFoundError") in bad.stderr
    assert "Traceback" not in bad.stderr


@pytest.mark.parametrize(
    ("body", "batch", "expected_error"),
    [
        ("raise RuntimeError('boom')", False, "RuntimeError: boom"),
        ("return ScoreResult(score=math.nan)", False, "invalid score NaN"),
        ("return ScoreResult(score=140.0)", False, "invalid score 140"),
        ("return 42", False, "TypeError: score_creator returned int, expected ScoreResult"),
        ("return ScoreBatch(scores=[50.0])", True, "returned 1 scores for 2 creators"),
        ("return {'scores': [1, 2]}", True, "score_batch returned dict, expected ScoreBatch"),
        ("return ScoreBatch(scores=['high', 'low'])", True, "invalid score '"),  # per creator (issue 14, item 11)
        ("raise ValueError('whole batch')", True, "ValueError: whole batch"),
    ],
)
def test_runtime_failures_are_contained(plugin_dir: Path, tmp_path: Path, body: str, batch: bool, expected_error: str) -> None:
    fake_dist(plugin_dir, "brandfit-flaky", "1.0", "flaky", "flaky_plugin", scorer_source("flaky", body, batch))
    data, rules = write_inputs(tmp_path, "[scorers.flaky]\nweight = 5\n")
    out = tmp_path / "out.jsonl"
    result = run_cli(["score", str(data), "--rules", str(rules), "-o", str(out)], plugin_dir, tmp_path)
    assert result.returncode == 0, result.stderr
    assert "· 2 scorer errors" in result.stderr
    rows = [json.loads(line) for line in out.read_text().splitlines()]
    assert len(rows) == 2
    for row in rows:
        assert row["score_flaky"] is None
        assert any(expected_error in e for e in row["errors"]), row["errors"]
        assert row["score_tier"] is not None and row["score_engagement"] is not None  # the others stand
        assert any(r.startswith("flaky: error") for r in row["reasons"])
        assert row["final_score"] is not None and row["coverage"] < 1.0  # computed without it, marked

    explained = run_cli(["explain", str(data), "ann", "--rules", str(rules)], plugin_dir, tmp_path)
    assert explained.returncode == 0
    if not body.startswith("return ScoreBatch(scores=["):  # explain scores a batch of one: a 2-list is then the wrong length
        assert "ERROR:" in explained.stdout and expected_error.split(":")[0] in explained.stdout

    fatal = run_cli(["score", str(data), "--rules", str(rules), "--fatal-errors"], plugin_dir, tmp_path)
    assert fatal.returncode == 1
    assert "scorer 'flaky' failed" in fatal.stderr and "Traceback" not in fatal.stderr


def test_one_creator_raising_only_affects_that_creator(plugin_dir: Path, tmp_path: Path) -> None:
    body = "if creator.handle == 'bob':\n    raise KeyError('bob')\nreturn ScoreResult(score=80.0)"
    fake_dist(plugin_dir, "brandfit-picky", "1.0", "picky", "picky_plugin", scorer_source("picky", body))
    data, rules = write_inputs(tmp_path, "[scorers.picky]\nweight = 1\n")
    out = tmp_path / "out.jsonl"
    result = run_cli(["score", str(data), "--rules", str(rules), "-o", str(out)], plugin_dir, tmp_path)
    assert "· 1 scorer errors" in result.stderr
    rows = {r["handle"]: r for r in map(json.loads, out.read_text().splitlines())}
    assert rows["ann"]["score_picky"] == 80.0 and rows["ann"]["errors"] == []
    assert rows["bob"]["score_picky"] is None and rows["bob"]["errors"] == ["picky: KeyError: 'bob'"]


def test_two_plugins_claiming_one_name_is_an_error(plugin_dir: Path, tmp_path: Path) -> None:
    source = scorer_source("twin", "return ScoreResult(score=1.0)")
    fake_dist(plugin_dir, "brandfit-twin-a", "1.0", "twin_a", "twin_a", source)
    fake_dist(plugin_dir, "brandfit-twin-b", "2.0", "twin_b", "twin_b", source)
    registry = load_registry()
    assert registry.conflicts == {"twin": ("twin_a", "twin_b")}
    assert "twin" not in registry.scorers
    data, rules = write_inputs(tmp_path, "[scorers.twin]\nweight = 1\n")
    result = run_cli(["score", str(data), "--rules", str(rules)], plugin_dir, tmp_path)
    assert result.returncode == 3
    assert "scorer 'twin' is registered by more than one plugin (twin_a, twin_b)" in result.stderr


def test_disable_by_env_and_option(plugin_dir: Path, tmp_path: Path) -> None:
    fake_dist(plugin_dir, "brandfit-extra", "1.0", "extra", "extra_plugin", scorer_source("extra", "return ScoreResult(score=1.0)"))
    data, rules = write_inputs(tmp_path, "[scorers.extra]\nweight = 1\n")
    assert run_cli(["score", str(data), "--rules", str(rules), "--format", "csv"], plugin_dir, tmp_path).returncode == 0
    for extra_args, env in (([], {"BRANDFIT_DISABLE_PLUGINS": "extra"}), (["--disable-plugin", "brandfit-extra"], {})):
        result = run_cli(["score", str(data), "--rules", str(rules), *extra_args], plugin_dir, tmp_path, env)
        assert result.returncode == 3
        assert "plugin 'extra' (brandfit-extra 1.0) is disabled" in result.stderr
    listing = run_cli(["plugins"], plugin_dir, tmp_path, {"BRANDFIT_DISABLE_PLUGINS": "extra"})
    assert "disabled" in listing.stdout


def test_rule_file_requires_plugin_versions(plugin_dir: Path, tmp_path: Path) -> None:
    fake_dist(plugin_dir, "brandfit-extra", "1.0", "extra", "extra_plugin", scorer_source("extra", "return ScoreResult(score=1.0)"))
    data, _ = write_inputs(tmp_path, "")
    for requirement, message in (
        ("brandfit-extra>=1.2", "needs brandfit-extra>=1.2, but brandfit-extra 1.0 is installed"),
        ("brandfit-nowhere>=1", "needs plugin package 'brandfit-nowhere' (brandfit-nowhere>=1), which is not installed"),
    ):
        rules = tmp_path / "req.toml"
        rules.write_text(f'schema = 1\nextends = "default"\nrequires = ["{requirement}"]\n')
        result = run_cli(["score", str(data), "--rules", str(rules)], plugin_dir, tmp_path)
        assert result.returncode == 3
        assert f"req.toml:3: requires: {message}" in result.stderr
    rules.write_text('schema = 1\nextends = "default"\nrequires = ["brandfit-extra>=1.0"]\n')
    assert run_cli(["score", str(data), "--rules", str(rules), "--format", "csv"], plugin_dir, tmp_path).returncode == 0


def test_plugin_options_get_the_same_validation(plugin_dir: Path, tmp_path: Path) -> None:
    source = SCORER_HEADER + textwrap.dedent('''
    import attrs
    from brandfit.rules.options import between

    @attrs.frozen
    class Options:
        threshold: float = attrs.field(default=0.5, validator=between(0, 1))

    class S(Scorer):
        name = "opt"
        Options = Options
        def score_creator(self, creator):
            return ScoreResult(score=50.0)

    @brandfit.hookimpl
    def brandfit_scorers():
        return [S]
    ''')
    fake_dist(plugin_dir, "brandfit-opt", "1.0", "opt", "opt_plugin", source)
    data, rules = write_inputs(tmp_path, "[scorers.opt]\nthreshhold = 2\n")
    result = run_cli(["rules", "check", str(rules)], plugin_dir, tmp_path)
    assert result.returncode == 3
    assert "rules.toml:4: scorers.opt.threshhold: unknown key (did you mean 'threshold'?)" in result.stderr
    rules.write_text('schema = 1\nextends = "default"\n[scorers.opt]\nthreshold = 2\n')
    result = run_cli(["rules", "check", str(rules)], plugin_dir, tmp_path)
    assert "rules.toml:4: scorers.opt.threshold: expected a number from 0 to 1, got 2.0" in result.stderr
