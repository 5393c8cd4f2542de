"""Issue 14, item 13: a scorer registered under `brandfit.scorers` is imported only when a rule file
enables it (or a command lists every scorer), so a slow plugin slows only the runs that use it."""

from __future__ import annotations

import json
import sys
import textwrap
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from brandfit.cli import main
from brandfit.plugin.host import SCORER_GROUP, load_registry
from brandfit.rules.errors import RuleFileError
from brandfit.testing import make_creator, run_scorer
from conftest import load_rules_text
from test_plugin_isolation import CREATORS, fake_dist, run_cli, write_inputs

# Importing the module appends a line to the file LAZY_IMPORT_LOG names (when set): the subprocess
# tests read it; the in-process ones look at sys.modules.
LAZY_SOURCE = '''
import os
import brandfit
from brandfit import Scorer, ScoreResult

if os.environ.get("LAZY_IMPORT_LOG"):
    with open(os.environ["LAZY_IMPORT_LOG"], "a") as log:
        log.write(__name__ + "\\n")

class S(Scorer):
    name = "{name}"
    description = "a scorer registered for lazy loading"

    def score_creator(self, creator):
        return ScoreResult(score=42.0)
'''

USES_IT = '''
schema = 1
extends = "default"

[scorers.{name}]
weight = 1
'''

DOES_NOT = '''
schema = 1
extends = "default"
'''


@pytest.fixture
def site(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A folder on sys.path for fake distributions; their modules are forgotten afterwards."""
    root = tmp_path / "site"
    root.mkdir()
    monkeypatch.syspath_prepend(str(root))
    before = set(sys.modules)
    yield root
    for name in set(sys.modules) - before:
        if name.startswith("lazy_"):
            del sys.modules[name]


def lazy_dist(root: Path, name: str, source: str | None = None, dist: str | None = None, version: str = "1.0",
              module: str | None = None) -> str:
    """A distribution registering scorer ``name`` under `brandfit.scorers`; returns its module name."""
    module = module or f"lazy_{name}"
    fake_dist(root, dist or f"brandfit-{name.replace('_', '-')}", version, name, module,
              source if source is not None else LAZY_SOURCE.format(name=name), group=SCORER_GROUP, target=f"{module}:S")
    return module


def test_a_scorer_is_known_from_metadata_and_imported_only_when_enabled(site: Path, tmp_path: Path) -> None:
    module = lazy_dist(site, "lazy_slow", dist="brandfit-slow", version="2.1")
    registry = load_registry()
    assert module not in sys.modules
    assert "lazy_slow" in registry.names() and "lazy_slow" not in registry.scorers
    owner = registry.owners["lazy_slow"]
    assert (owner.distribution, owner.version, owner.loading, owner.load_seconds) == ("brandfit-slow", "2.1", "lazy", None)

    rules = load_rules_text(DOES_NOT, tmp_path, registry=registry)
    assert "lazy_slow" not in [s.name for s in rules.scorers]
    assert module not in sys.modules  # the rule file does not use it: never imported

    rules = load_rules_text(USES_IT.format(name="lazy_slow"), tmp_path, registry=registry)
    assert module in sys.modules
    assert rules.scorer("lazy_slow") is not None


def test_commands_that_do_not_use_the_scorer_never_import_it(site: Path, tmp_path: Path) -> None:
    module = lazy_dist(site, "lazy_unused")
    data, rules = write_inputs(tmp_path, "")
    runner = CliRunner()
    for args in (["rules", "check", rules], ["rules", "show", rules], ["score", data, "--rules", rules, "-q", "--format", "csv"],
                 ["explain", data, "ann", "--rules", rules]):
        result = runner.invoke(main, [str(a) for a in args])
        assert result.exit_code == 0, result.output
        assert module not in sys.modules, args
    used = tmp_path / "uses.toml"
    used.write_text(USES_IT.format(name="lazy_unused"))
    result = runner.invoke(main, ["score", str(data), "--rules", str(used), "-q", "--format", "json"])
    assert result.exit_code == 0, result.output
    assert module in sys.modules
    assert [row["score_lazy_unused"] for row in json.loads(result.stdout)] == [42.0] * len(CREATORS)


@pytest.mark.parametrize("command", [["plugins", "--format", "json"], ["scorers"], ["rules", "schema"]])
def test_commands_that_list_every_scorer_import_them_all(site: Path, command: list[str]) -> None:
    module = lazy_dist(site, "lazy_listed")
    result = CliRunner().invoke(main, command)
    assert result.exit_code == 0, result.output
    assert module in sys.modules
    assert "lazy_listed" in result.stdout
    if command[0] == "plugins":
        [info] = [p for p in json.loads(result.stdout) if p["name"] == "lazy_listed"]
        assert (info["status"], info["loading"], info["scorers"]) == ("ok", "lazy", ["lazy_listed"])
        assert info["load_seconds"] is not None  # measured when `plugins` imported it


def test_a_disabled_table_does_not_import_its_scorer(site: Path, tmp_path: Path) -> None:
    module = lazy_dist(site, "lazy_off")
    rules = load_rules_text(USES_IT.format(name="lazy_off") + "enabled = false\n", tmp_path)
    assert "lazy_off" not in [s.name for s in rules.scorers]
    assert module not in sys.modules
    with pytest.raises(RuleFileError, match="scorers.lazy_off.weight: expected a number >= 0"):
        load_rules_text(DOES_NOT + "[scorers.lazy_off]\nenabled = false\nweight = -1\n", tmp_path)


def test_a_scorer_failing_to_import_when_enabled_is_a_one_line_error(site: Path, tmp_path: Path) -> None:
    module = lazy_dist(site, "lazy_broken", source="import does_not_exist_anywhere\n", version="0.3.1")
    registry = load_registry()
    assert registry.warnings() == []  # nothing is imported yet: nothing has failed
    load_rules_text(DOES_NOT, tmp_path, registry=registry)  # a rule file that does not use it is fine
    with pytest.raises(RuleFileError) as raised:
        load_rules_text(USES_IT.format(name="lazy_broken"), tmp_path, registry=registry)
    [error] = raised.value.errors
    assert ("scorers.lazy_broken: scorer 'lazy_broken' is unavailable: plugin 'lazy_broken' (brandfit-lazy-broken 0.3.1) "
            "failed to load: ModuleNotFoundError: No module named 'does_not_exist_anywhere'") in str(error)
    loaded = registry.with_all_scorers()
    [info] = [p for p in loaded.plugins if p.name == "lazy_broken"]
    assert (info.status, info.loading) == ("failed", "lazy") and "does_not_exist_anywhere" in info.error
    assert "lazy_broken" not in loaded.names() and module not in sys.modules
    assert {"tier", "engagement", "values", "controversy", "authenticity", "cost"} <= set(loaded.scorers)
    listing = CliRunner().invoke(main, ["plugins"])
    [row] = [line for line in listing.stdout.splitlines() if line.startswith("lazy_broken ")]
    assert row.split()[1:5] == ["brandfit-lazy-broken", "0.3.1", "failed", "lazy"] and "ModuleNotFoundError" in row


@pytest.mark.parametrize(("source", "expected"), [
    (LAZY_SOURCE.format(name="someone_else"), "the entry point's name must be the scorer's name"),
    (LAZY_SOURCE.format(name="lazy_bad").replace("class S(Scorer):", "import attrs\n\n@attrs.frozen\nclass O:\n"
                                                 "    n: int = 'ten'\n\nclass S(Scorer):\n    Options = O"),
     "S.Options: "),
    ("S = 42\n", "42 is not a brandfit.Scorer subclass"),
])
def test_a_lazy_scorer_is_checked_when_imported(site: Path, tmp_path: Path, source: str, expected: str) -> None:
    lazy_dist(site, "lazy_bad", source=source)
    with pytest.raises(RuleFileError, match="scorer 'lazy_bad' is unavailable: plugin 'lazy_bad' .* failed to load: TypeError: ") as raised:
        load_rules_text(USES_IT.format(name="lazy_bad"), tmp_path)
    assert expected in str(raised.value)


def test_a_lazy_scorer_cannot_take_a_built_in_name(site: Path, tmp_path: Path) -> None:
    module = lazy_dist(site, "engagement", dist="brandfit-impostor", module="lazy_impostor")
    registry = load_registry()
    [impostor] = [p for p in registry.plugins if p.distribution == "brandfit-impostor"]
    assert impostor.status == "failed" and "'engagement' is reserved for brandfit's built-in scorer" in impostor.error
    assert registry.owners["engagement"].distribution == "brandfit" and "engagement" not in registry.conflicts
    rules = load_rules_text(DOES_NOT, tmp_path, registry=registry)
    assert rules.scorer("engagement") is not None
    assert module not in sys.modules  # refused from metadata alone
    listing = json.loads(CliRunner().invoke(main, ["plugins", "--format", "json"]).stdout)
    assert sorted(p["status"] for p in listing if p["name"] == "engagement") == ["failed", "ok"]


def test_two_distributions_claiming_one_lazy_name_conflict_without_import(site: Path, tmp_path: Path) -> None:
    lazy_dist(site, "lazy_twin", dist="brandfit-twin-a", module="lazy_twin_a")
    lazy_dist(site, "lazy_twin", dist="brandfit-twin-b", module="lazy_twin_b")
    registry = load_registry()
    assert registry.conflicts == {"lazy_twin": ("brandfit-twin-a", "brandfit-twin-b")}
    assert "lazy_twin" not in registry.names()
    with pytest.raises(RuleFileError, match=r"scorer 'lazy_twin' is registered by more than one plugin \(brandfit-twin-a, "):
        load_rules_text(USES_IT.format(name="lazy_twin"), tmp_path, registry=registry)
    assert "lazy_twin_a" not in sys.modules and "lazy_twin_b" not in sys.modules


def test_disabling_a_lazy_scorer_by_name_or_distribution(site: Path, tmp_path: Path,
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    lazy_dist(site, "lazy_off2", dist="brandfit-off")
    for registry in (load_registry(["lazy_off2"]), load_registry(["brandfit-off"])):
        assert "lazy_off2" not in registry.names()
        with pytest.raises(RuleFileError, match=r"plugin 'lazy_off2' \(brandfit-off 1.0\) is disabled"):
            load_rules_text(USES_IT.format(name="lazy_off2"), tmp_path, registry=registry)
    monkeypatch.setenv("BRANDFIT_DISABLE_PLUGINS", "lazy_off2")
    assert [p.status for p in load_registry().plugins if p.name == "lazy_off2"] == ["disabled"]


def test_unknown_scorer_suggests_a_lazy_one_without_importing_it(site: Path, tmp_path: Path) -> None:
    module = lazy_dist(site, "lazy_cadence")
    with pytest.raises(RuleFileError, match=r"unknown scorer 'lazy_cadense' \(did you mean 'lazy_cadence'\?\); installed: .*lazy_cadence"):
        load_rules_text(USES_IT.format(name="lazy_cadense"), tmp_path)
    assert module not in sys.modules


def test_testing_helpers_run_a_lazy_scorer_by_name(site: Path) -> None:
    lazy_dist(site, "lazy_helped")
    [result] = run_scorer("lazy_helped", [make_creator()])
    assert result.score == 42.0


@pytest.mark.slow
def test_the_cli_imports_a_lazy_plugin_only_for_rule_files_that_use_it(tmp_path: Path) -> None:
    """The issue's case in a real process: a plugin whose import takes time (here: records itself)."""
    plugin_dir = tmp_path / "site"
    plugin_dir.mkdir()
    module = lazy_dist(plugin_dir, "lazy_cli")
    log = tmp_path / "imports.log"
    env = {"LAZY_IMPORT_LOG": str(log)}
    data, rules = write_inputs(tmp_path, "")
    out = tmp_path / "ranked.csv"
    for args in (["rules", "check", str(rules)], ["score", str(data), "--rules", str(rules), "-o", str(out), "--quiet"]):
        result = run_cli(args, plugin_dir, tmp_path, env)
        assert result.returncode == 0, result.stderr
        assert not log.exists(), args
    uses = tmp_path / "uses.toml"
    uses.write_text(textwrap.dedent(USES_IT.format(name="lazy_cli")))
    result = run_cli(["score", str(data), "--rules", str(uses), "-o", str(out), "--quiet"], plugin_dir, tmp_path, env)
    assert result.returncode == 0, result.stderr
    assert log.read_text().splitlines() == [module]
    table = run_cli(["plugins"], plugin_dir, tmp_path, env).stdout
    [row] = [line for line in table.splitlines() if line.startswith("lazy_cli ")]
    assert row.split()[3:5] == ["ok", "lazy"]
