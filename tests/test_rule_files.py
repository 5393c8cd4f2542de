"""Rule files: `extends` chains and merging, provenance (`rules show`), and every validation error.

Every error is one line, `file[:line[:column]]: dotted.key: what was expected`, printed by
`brandfit rules check` with exit code 3 and never a traceback.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

import brandfit.rules.loading
import brandfit.rules.validation
from brandfit.cli import main
from brandfit.rules.errors import RuleFileError
from conftest import load_rules_text

DEFAULT_TOML = Path(brandfit.rules.loading.BUILTIN_RULESETS_DIR) / "default.toml"


def default_line(prefix: str) -> int:
    """1-based line of default.toml that starts with ``prefix``."""
    for number, line in enumerate(DEFAULT_TOML.read_text(encoding="utf-8").splitlines(), start=1):
        if line.startswith(prefix):
            return number
    raise AssertionError(f"{prefix!r} not in default.toml")


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def load(path, registry):
    return brandfit.rules.validation.load_rules(path, registry)


def run_cli(*args: str):
    result = CliRunner().invoke(main, list(args))
    assert "Traceback" not in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result


def check_errors(path: Path) -> list[str]:
    """`brandfit rules check PATH`: exit 3, nothing on stdout; returns the error lines (without prefix)."""
    result = run_cli("rules", "check", str(path))
    assert result.exit_code == 3, result.output
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert lines[-1] == "brandfit: rule file format: docs/rule-files.md"
    errors = [line.removeprefix("brandfit: error: ") for line in lines[:-1]]
    assert all(line.startswith("brandfit: error: ") for line in lines[:-1]), lines
    return errors


def single_error(path: Path) -> str:
    errors = check_errors(path)
    assert len(errors) == 1, errors
    return errors[0]


# ---- merging ----------------------------------------------------------------------------------

@pytest.fixture
def chain(tmp_path: Path) -> dict[str, Path]:
    """default -> sub/base/base.toml -> sub/mid.toml -> child.toml, each extends relative to itself."""
    base = write(tmp_path / "sub" / "base" / "base.toml", """\
schema = 1
extends = "default"

[brand]
name = "Base"
competitors = ["nike", "hoka"]

[scorers.engagement]
weight = 4
aggregate = "mean"
""")
    mid = write(tmp_path / "sub" / "mid.toml", """\
schema = 1
extends = "base/base.toml"

[brand]
competitors = ["adidas"]

[scorers.engagement]
score_75_at = 3.0
""")
    child = write(tmp_path / "child.toml", """\
schema = 1
extends = "sub/mid.toml"

[scorers.engagement]
recent_posts = 6

[decision]
shortlist = 80
""")
    return {"base": base, "mid": mid, "child": child}


def test_three_level_chain_deep_merges(chain, registry, tmp_path, monkeypatch):
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)  # extends are relative to each file, not to the working directory
    rules = load(chain["child"], registry)
    assert rules.chain == ("builtin:default", str(chain["base"]), str(chain["mid"]), str(chain["child"]))
    eng = rules.scorer("engagement")
    # tables deep-merge at every depth: each level keeps the keys the next one does not set
    assert eng.weight == 4.0                       # base
    assert eng.options.aggregate == "mean"         # base
    assert eng.options.recent_posts == 6           # child
    assert eng.options.score_75_at == 3.0                               # mid
    assert eng.options.curves["instagram"]["followers"].rate[0] == 0.0975  # default
    assert eng.options.suspicious_multiple == 10.0                      # default
    # scalars replace
    assert rules.decision.shortlist == 80.0
    assert rules.decision.review == 50.0
    assert rules.brand.name == "Base"
    # lists replace (never append)
    assert rules.brand.competitors == ("adidas",)


def test_lists_replace_default_lists(tmp_path, registry):
    path = write(tmp_path / "r.toml", """\
schema = 1
extends = "default"
[scorers.controversy.categories.politics]
terms = ["ballot"]
[scorers.engagement]
by_views = []
""")
    rules = load(path, registry)
    politics = rules.scorer("controversy").options.categories["politics"]
    assert politics.terms == ("ballot",)
    assert politics.tolerance == 5          # from default.toml, not replaced
    assert politics.severity == "low"
    assert rules.scorer("engagement").options.by_views == ()


def test_builtin_default_by_name_and_prefix(tmp_path, registry):
    a = load(write(tmp_path / "a.toml", 'schema = 1\nextends = "default"\n'), registry)
    b = load(write(tmp_path / "b.toml", 'schema = 1\nextends = "builtin:default"\n'), registry)
    assert a.chain[0] == "builtin:default" and b.chain[0] == "builtin:default"
    assert [s.name for s in a.scorers] == ["tier", "engagement", "values", "controversy", "authenticity", "cost"]
    assert {s.name: s.weight for s in a.scorers} == {"tier": 1.0, "engagement": 2.0, "values": 3.0, "controversy": 2.0,
                                                     "authenticity": 1.0, "cost": 0.0}
    assert a.fingerprint == b.fingerprint


def test_extends_a_sibling_file_by_relative_path(tmp_path, registry, monkeypatch):
    write(tmp_path / "rules" / "parent.toml", 'schema = 1\n[scorers.tier]\nweight = 7\n')
    child = write(tmp_path / "rules" / "campaign" / "child.toml", 'schema = 1\nextends = "../parent.toml"\n')
    monkeypatch.chdir(tmp_path)
    rules = load(child, registry)
    assert rules.scorer("tier").weight == 7.0


def test_file_without_extends_stands_alone(tmp_path, registry):
    rules = load(write(tmp_path / "r.toml", "schema = 1\n[scorers.tier]\n"), registry)
    assert [s.name for s in rules.scorers] == ["tier"]
    assert rules.chain == (str(tmp_path / "r.toml"),)
    # the scorer's own option defaults still apply
    assert rules.scorer("tier").options.preference["micro"] == 100.0


def test_requires_of_every_file_in_the_chain_are_checked(tmp_path):
    parent = write(tmp_path / "parent.toml", 'schema = 1\nextends = "default"\nrequires = ["pytest>=999"]\n')
    child = write(tmp_path / "child.toml", 'schema = 1\nextends = "parent.toml"\n')
    error = single_error(child)
    assert re.match(rf"{re.escape(str(parent))}(:3)?: requires: needs pytest>=999, but pytest ", error), error


def test_schema_is_not_inherited(tmp_path):
    write(tmp_path / "parent.toml", 'schema = 1\nextends = "default"\n')
    child = write(tmp_path / "child.toml", 'extends = "parent.toml"\n')
    assert single_error(child) == f"{child}: schema: required key is missing: add `schema = 1` at the top"


def test_error_in_parent_points_at_parent_file(tmp_path):
    parent = write(tmp_path / "parent.toml", 'schema = 1\nextends = "default"\n\n[scorers.tier]\nweight = "high"\n')
    child = write(tmp_path / "child.toml", 'schema = 1\nextends = "parent.toml"\n')
    assert single_error(child) == f"{parent}:5: scorers.tier.weight: expected a number >= 0, got string 'high'"


def test_child_fixes_parent_value(tmp_path, registry):
    # validation runs on the merged rules: a child can override a bad-looking combination
    write(tmp_path / "parent.toml", 'schema = 1\n[scorers.tier]\n[decision]\nreview = 60\nshortlist = 65\n')
    child = write(tmp_path / "child.toml", 'schema = 1\nextends = "parent.toml"\n[decision]\nshortlist = 90\n')
    rules = load(child, registry)
    assert (rules.decision.review, rules.decision.shortlist) == (60.0, 90.0)


# ---- provenance: `brandfit rules show` ------------------------------------------------------------

def test_rules_show_names_file_and_line_of_each_value(chain):
    result = run_cli("rules", "show", str(chain["child"]))
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    child, mid, base = chain["child"], chain["mid"], chain["base"]
    expected = [
        f'name = "Base"  # {base}:5',
        f'competitors = ["adidas"]  # {mid}:5',
        f"handles = []  # builtin:default:{default_line('handles = []')}",
        f"weight = 4.0  # {base}:9",
        f"recent_posts = 6  # {child}:5",
        f'aggregate = "mean"  # {base}:10',
        f"score_75_at = 3.0  # {mid}:8",
        f"suspicious_multiple = 10.0  # builtin:default:{default_line('suspicious_multiple = 10.0')}",
        f"shortlist = 80.0  # {child}:8",
        f"review = 50.0  # builtin:default:{default_line('review = 50')}",
    ]
    for line in expected:
        assert line in lines, line
    assert lines[0] == (f"# effective rules of {child} (chain: builtin:default -> {base} -> {mid} -> {child})")


def test_rules_show_inline_table_values_have_their_line(tmp_path):
    path = write(tmp_path / "r.toml", 'schema = 1\n\n[scorers.tier]\npreference = { micro = 90, mid = 55 }\n')
    result = run_cli("rules", "show", str(path))
    assert result.exit_code == 0
    assert f"micro = 90.0  # {path}:4" in result.stdout.splitlines()
    assert f"mid = 55.0  # {path}:4" in result.stdout.splitlines()


def test_rules_show_json_origins(chain):
    result = run_cli("rules", "show", str(chain["child"]), "--format", "json")
    assert result.exit_code == 0
    data = json.loads(result.stdout)
    assert data["chain"] == ["builtin:default", str(chain["base"]), str(chain["mid"]), str(chain["child"])]
    assert data["origins"]["scorers.engagement.recent_posts"] == f"{chain['child']}:5"
    assert data["origins"]["scorers.engagement.aggregate"] == f"{chain['base']}:10"
    assert data["origins"]["brand.competitors"] == f"{chain['mid']}:5"
    assert data["rules"]["scorers"]["engagement"]["recent_posts"] == 6
    assert re.fullmatch(r"[0-9a-f]{16}", data["fingerprint"])


def test_rules_show_bad_file_exits_3(tmp_path):
    path = write(tmp_path / "r.toml", "schema = 2\n")
    result = run_cli("rules", "show", str(path))
    assert result.exit_code == 3
    assert result.stdout == ""


# ---- validation errors, one line each -----------------------------------------------------------

def test_good_file_checks_ok(tmp_path):
    path = write(tmp_path / "good.toml", 'schema = 1\nextends = "default"\n')
    result = run_cli("rules", "check", str(path))
    assert result.exit_code == 0
    assert re.fullmatch(rf"{re.escape(str(path))}: ok \(6 scorers, fingerprint [0-9a-f]{{16}}\)\n", result.stdout)


def test_unknown_top_level_key_with_did_you_mean(tmp_path):
    path = write(tmp_path / "r.toml", 'schema = 1\nextends = "default"\nscorer = 1\n')
    assert single_error(path) == (
        f"{path}:3: scorer: unknown top-level key (did you mean 'scorers'?); "
        "expected one of: schema, extends, requires, brand, tiers, scorers, decision, roster, overrides")


def test_unknown_scorer_option_with_did_you_mean(tmp_path):
    path = write(tmp_path / "r.toml", 'schema = 1\nextends = "default"\n[scorers.engagement]\nagregate = "mean"\n')
    error = single_error(path)
    assert error.startswith(f"{path}:4: scorers.engagement.agregate: unknown key (did you mean 'aggregate'?); expected one of: ")
    assert "score_75_at" in error


def test_wrong_type(tmp_path):
    path = write(tmp_path / "r.toml", 'schema = 1\nextends = "default"\n[scorers.tier]\nweight = "high"\n')
    assert single_error(path) == f"{path}:4: scorers.tier.weight: expected a number >= 0, got string 'high'"


def test_negative_weight(tmp_path):
    path = write(tmp_path / "r.toml", 'schema = 1\nextends = "default"\n[scorers.tier]\nweight = -1\n')
    assert single_error(path) == f"{path}:4: scorers.tier.weight: expected a number >= 0, got number -1"


@pytest.mark.parametrize("value", ["nan", "inf"])
def test_non_finite_weight_is_refused(tmp_path, value):
    # TOML allows nan and inf; neither is a usable weight (inf makes every final score NaN, and a NaN
    # final score passes `>= shortlist` in polars, so a below-nano creator would be shortlisted)
    path = write(tmp_path / "r.toml", f'schema = 1\n[scorers.tier]\nweight = {value}\n[scorers.engagement]\n')
    error = single_error(path)
    assert error.startswith(f"{path}:3: scorers.tier.weight: expected a number >= 0")


@pytest.mark.parametrize("body, key", [
    ("[scorers.engagement]\nsuspicious_multiple = nan\n", "scorers.engagement.suspicious_multiple"),
    ('[scorers.values.values.green]\nterms = ["a"]\nweight = inf\n', "scorers.values.values.green.weight"),
], ids=["suspicious_multiple-nan", "value-weight-inf"])
def test_non_finite_option_values_are_refused(tmp_path, body, key):
    # `nan` passes every `value < low` check (at_least), so a NaN threshold silently disables the check
    path = write(tmp_path / "r.toml", "schema = 1\n" + body)
    error = single_error(path)
    assert re.match(rf"{re.escape(str(path))}:\d+: {re.escape(key)}: expected ", error), error


def test_wrong_type_for_enabled(tmp_path):
    path = write(tmp_path / "r.toml", 'schema = 1\nextends = "default"\n[scorers.tier]\nenabled = "no"\n')
    assert single_error(path) == f"{path}:4: scorers.tier.enabled: expected boolean, got string 'no'"


def test_thresholds_out_of_order(tmp_path):
    path = write(tmp_path / "r.toml", 'schema = 1\nextends = "default"\n[decision]\nreview = 80\nshortlist = 60\n')
    assert single_error(path) == f"{path}:4: decision.review: thresholds out of order: review = 80 is above shortlist = 60"


def test_threshold_out_of_range(tmp_path):
    path = write(tmp_path / "r.toml", 'schema = 1\nextends = "default"\n[decision]\nshortlist = 150\n')
    assert single_error(path) == f"{path}:4: decision.shortlist: expected a number from 0 to 100, got 150.0"


def test_tier_bands_not_increasing(tmp_path):
    path = write(tmp_path / "r.toml", 'schema = 1\nextends = "default"\n[tiers]\nmicro = 500\n')
    assert single_error(path) == f"{path}:4: tiers.micro: tier bands must increase: nano = 1000 is not below micro = 500"


def test_platform_tier_bands_not_increasing(tmp_path):
    path = write(tmp_path / "r.toml", 'schema = 1\nextends = "default"\n[tiers.platforms.tiktok]\nmicro = 500000\n')
    error = single_error(path)
    assert error.startswith(f"{path}:")
    assert "tiers.platforms.tiktok" in error
    assert error.endswith("tier bands must increase: micro = 500000 is not below mid = 100000")


def test_unknown_tier_in_preference(tmp_path):
    path = write(tmp_path / "r.toml", 'schema = 1\n[scorers.tier]\npreference = { micro = 100, gigantic = 5 }\n')
    assert single_error(path) == (f"{path}:3: scorers.tier.preference.gigantic: unknown tier; "
                                  "expected one of: below_nano, nano, micro, mid, macro, mega")


@pytest.mark.parametrize("body, expected", [
    ('[scorers.engagement]\ncomponents = ["likes", "views"]\n',
     "3: scorers.engagement.components[1]: expected one of likes, comments, shares, saves, got 'views'"),
    ('[scorers.values.values.green]\nterms = "recycled"\n',
     "3: scorers.values.values.green.terms: expected list of strings, got string 'recycled'"),
    ('[scorers.values.values.green]\nterms = ["a", 3]\n',
     "3: scorers.values.values.green.terms[1]: expected string, got number 3"),
    ("[scorers.engagement.curves.instagram.followers]\nfollowers = [1000]\nrate = [2.4]\n",
     "4: scorers.engagement.curves.instagram.followers.rate[0]: expected a rate of at most 1 (2.4% is 0.024), got 2.4"),
    ("[tiers]\nmicro = 10000.5\n[scorers.tier]\n", "3: tiers.micro: expected integer, got number 10000.5"),
    ("[tiers]\nnano = -5\nmicro = 10\n[scorers.tier]\n", "3: tiers.nano: expected a number >= 0, got -5"),
    ("[scorers.values]\ntarget_share = 0\n",
     "3: scorers.values.target_share: expected a number from 0.01 to 1, got 0.0"),
], ids=["component", "terms-not-list", "term-not-string", "benchmark-percent", "band-float", "band-negative",
        "target-share-zero"])
def test_option_errors_name_key_and_expectation(tmp_path, body, expected):
    path = write(tmp_path / "r.toml", "schema = 1\n" + body)
    assert single_error(path) == f"{path}:{expected}"


def test_unknown_scorer_with_did_you_mean(tmp_path):
    path = write(tmp_path / "r.toml", 'schema = 1\nextends = "default"\n[scorers.engagment]\nweight = 1\n')
    error = single_error(path)
    assert error.startswith(f"{path}:3: scorers.engagment: unknown scorer 'engagment' (did you mean 'engagement'?); installed: ")
    assert "controversy, cost, engagement" in error and "tier, values" in error


def test_literal_option_with_did_you_mean(tmp_path):
    path = write(tmp_path / "r.toml",
                 'schema = 1\n[scorers.controversy.categories.x]\nterms = ["a"]\nseverity = "hgih"\n')
    assert single_error(path) == (f"{path}:4: scorers.controversy.categories.x.severity: "
                                  "expected 'low' or 'medium' or 'high' or 'floor', got 'hgih' (did you mean 'high'?)")


def test_missing_required_option(tmp_path):
    path = write(tmp_path / "r.toml", 'schema = 1\n[scorers.values.values.green]\nweight = 2\n')
    assert single_error(path) == (f"{path}:2: scorers.values.values.green.terms: "
                                  "expected at least one term (or languages.<code>.terms)")


def test_reserved_competitor_category(tmp_path):
    path = write(tmp_path / "r.toml", 'schema = 1\n[scorers.controversy.categories.competitor]\nterms = ["x"]\n')
    assert single_error(path) == (f"{path}:2: scorers.controversy.categories.competitor: "
                                  "reserved: set competitor names in [brand] competitors")


def test_table_expected(tmp_path):
    path = write(tmp_path / "r.toml", 'schema = 1\nextends = "default"\nbrand = "Acme"\n')
    errors = check_errors(path)
    assert f"{path}:3: brand: expected a table, got string 'Acme'" in errors


def test_no_scorer_enabled(tmp_path):
    path = write(tmp_path / "r.toml", 'schema = 1\n[scorers.tier]\nenabled = false\n')
    assert single_error(path) == (f"{path}: scorers: no scorer is enabled: "
                                  'add a [scorers.<name>] table or extends = "default"')


def test_several_errors_are_all_reported(tmp_path):
    path = write(tmp_path / "r.toml",
                 'schema = 1\nscorer = 1\n[scorers.tier]\nweight = "high"\n[decision]\nreview = 90\n')
    errors = check_errors(path)
    assert sorted(errors) == sorted([
        f"{path}:2: scorer: unknown top-level key (did you mean 'scorers'?); "
        "expected one of: schema, extends, requires, brand, tiers, scorers, decision, roster, overrides",
        f"{path}:4: scorers.tier.weight: expected a number >= 0, got string 'high'",
        f"{path}:6: decision.review: thresholds out of order: review = 90 is above shortlist = 70",
    ])


def test_extends_cycle(tmp_path):
    a = write(tmp_path / "a.toml", 'schema = 1\nextends = "b.toml"\n')
    b = write(tmp_path / "b.toml", 'schema = 1\nextends = "a.toml"\n')
    assert single_error(a) == f"{b}:2: extends: extends cycle: {a} -> {b} -> {a}"


def test_file_extending_itself_is_a_cycle(tmp_path):
    a = write(tmp_path / "a.toml", 'schema = 1\n\nextends = "./a.toml"\n')
    error = single_error(a)
    assert error.startswith(f"{a}:3: extends: extends cycle: {a} -> ")


def make_chain(tmp_path: Path, files: int) -> Path:
    """f1.toml -> f2.toml -> ... -> f<files>.toml (the last one stands alone)."""
    for i in range(1, files + 1):
        parent = f'extends = "f{i + 1}.toml"\n' if i < files else "[scorers.tier]\n"
        write(tmp_path / f"f{i}.toml", f"schema = 1\n{parent}")
    return tmp_path / "f1.toml"


def test_extends_chain_of_8_files_is_allowed(tmp_path, registry):
    rules = load(make_chain(tmp_path, 8), registry)
    assert len(rules.chain) == 8


def test_extends_chain_deeper_than_8(tmp_path):
    top = make_chain(tmp_path, 9)
    assert single_error(top) == f"{tmp_path / 'f8.toml'}:2: extends: extends chain deeper than 8 files"


def test_missing_extended_file(tmp_path):
    path = write(tmp_path / "r.toml", 'schema = 1\nextends = "nothere.toml"\n')
    assert single_error(path) == f"{path}:2: extends: extended file not found: {tmp_path / 'nothere.toml'}"


def test_missing_rule_file(tmp_path):
    path = tmp_path / "absent.toml"
    assert single_error(path) == f"{path}: rule file not found"


@pytest.mark.parametrize("url", ["https://example.com/rules.toml", "http://x/r.toml", "file:///etc/rules.toml"])
def test_url_in_extends_refused(tmp_path, url):
    path = write(tmp_path / "r.toml", f'schema = 1\nextends = "{url}"\n')
    assert single_error(path) == f"{path}:2: extends: {url!r}: only local files can be extended, not URLs"


def test_unknown_builtin_ruleset_with_did_you_mean(tmp_path):
    path = write(tmp_path / "r.toml", 'schema = 1\nextends = "defualt"\n')
    error = single_error(path)
    assert error.startswith(f"{path}:2: extends: unknown built-in rule set 'defualt' (did you mean 'default'?); known: ")


@pytest.mark.parametrize("text, line", [
    ('schema = 1\nextends = "default"\n[decision\nreview = 80\n', 3),
    ("schema = 1\n\nx = = 3\n", 3),
    ('schema = 1\nname = "unterminated\n', 2),
], ids=["unclosed-header", "double-equals", "unterminated-string"])
def test_toml_syntax_error_with_line_and_column(tmp_path, text, line):
    path = write(tmp_path / "r.toml", text)
    error = single_error(path)
    assert re.fullmatch(rf"{re.escape(str(path))}:{line}:\d+: TOML syntax error: \S.*", error), error


def test_missing_schema(tmp_path):
    path = write(tmp_path / "r.toml", 'extends = "default"\n')
    assert single_error(path) == f"{path}: schema: required key is missing: add `schema = 1` at the top"


# a string is never quoted: the file may be one the user never named (issue 14, item 20)
@pytest.mark.parametrize("value, shown", [("2", "number 2"), ("true", "boolean true"), ('"1"', "a string")])
def test_wrong_schema_version(tmp_path, value, shown):
    path = write(tmp_path / "r.toml", f'extends = "default"\nschema = {value}\n')
    assert single_error(path) == f"{path}:2: schema: expected 1, got {shown} (this brandfit reads rule file schema 1)"


def test_requires_package_not_installed(tmp_path):
    path = write(tmp_path / "r.toml", 'schema = 1\nextends = "default"\nrequires = ["brandfit-nonexistent>=1.0"]\n')
    error = single_error(path)
    # (the line number is checked on its own in test_requires_error_names_its_line)
    assert re.sub(r"^(.*?\.toml)(:3)?:", r"\1:", error) == (
        f"{path}: requires: needs plugin package 'brandfit-nonexistent' "
        "(brandfit-nonexistent>=1.0), which is not installed: pip install 'brandfit-nonexistent>=1.0'")


def test_requires_wrong_version(tmp_path):
    from importlib.metadata import version

    path = write(tmp_path / "r.toml", 'schema = 1\nextends = "default"\nrequires = ["pytest>=999"]\n')
    error = single_error(path)
    assert re.sub(r"^(.*?\.toml)(:3)?:", r"\1:", error) == (
        f"{path}: requires: needs pytest>=999, but pytest {version('pytest')} is installed")


def test_requires_error_names_its_line(tmp_path):
    # every other error about a key written in the file carries file:line (README: "file:line: key:
    # what was expected"); `requires` is on line 3 here
    path = write(tmp_path / "r.toml", 'schema = 1\nextends = "default"\nrequires = ["pytest>=999"]\n')
    assert single_error(path).startswith(f"{path}:3: requires: ")


def test_requires_satisfied(tmp_path, registry):
    rules = load(write(tmp_path / "r.toml", 'schema = 1\nextends = "default"\nrequires = ["pytest>=1", "brandfit"]\n'),
                 registry)
    assert rules.requires == ("pytest>=1", "brandfit")


def test_load_rules_raises_rule_file_error_with_every_error(tmp_path, registry):
    path = write(tmp_path / "r.toml", 'schema = 2\nbogus = 1\n[scorers.tier]\n')
    with pytest.raises(RuleFileError) as info:
        load(path, registry)
    keys = sorted(e.key for e in info.value.errors)
    assert keys == ["bogus", "schema"]
    assert all(str(e).startswith(f"{path}:") and "\n" not in str(e) for e in info.value.errors)


def test_score_with_bad_rules_exits_3_without_traceback(tmp_path):
    rules = write(tmp_path / "r.toml", 'schema = 1\nextends = "default"\n[decision]\nreview = 90\nshortlist = 80\n')
    creators = write(tmp_path / "c.jsonl", '{"handle": "a", "followers": 100}\n')
    result = run_cli("score", str(creators), "--rules", str(rules))
    assert result.exit_code == 3
    assert result.stdout == ""
    assert f"brandfit: error: {rules}:4: decision.review: thresholds out of order" in result.stderr


def test_check_several_files_reports_each(tmp_path):
    good = write(tmp_path / "good.toml", 'schema = 1\nextends = "default"\n')
    bad = write(tmp_path / "bad.toml", "schema = 3\n")
    result = run_cli("rules", "check", str(good), str(bad))
    assert result.exit_code == 3
    assert result.stdout.startswith(f"{good}: ok (6 scorers")
    assert f"brandfit: error: {bad}:1: schema: expected 1, got number 3" in result.stderr


def test_origin_of_an_option_left_at_its_default_says_default(tmp_path, registry):
    # explain and the report quote this after each evidence item's rule key: a key no rule file
    # sets is its scorer's default, not the line of the table header above it
    rules = load_rules_text("""
        schema = 1
        [scorers.engagement]
        weight = 2
        recent_posts = 6
        [scorers.cost]
        weight = 0
        rate_card = { instagram = [{ from_followers = 0, per_thousand = 5 }] }
        """, tmp_path, registry=registry)
    assert rules.origin_of("scorers.engagement.recent_posts") == f"{tmp_path / 'rules.toml'}:4"
    assert rules.origin_of("scorers.engagement.full_score_at") == "default"
    assert rules.origin_of("decision.shortlist") == "default"
    assert rules.origin_of("scorers.cost.rate_card.instagram[0]") == f"{tmp_path / 'rules.toml'}:7"
    assert rules.origin_of("fee (input)") == ""  # not a rule key at all
