"""Lexicon packs (brandfit.rules.lexicons): merged under the rule files, from brandfit or a plugin's
`brandfit_lexicons` hook, with one-line errors for bad packs and bad names."""

from __future__ import annotations

import types
from pathlib import Path

import pytest
from click.testing import CliRunner

import brandfit
from brandfit.cli import main
from brandfit.plugin.host import load_registry
from brandfit.rules.errors import RuleFileError
from brandfit.rules.lexicons import BUILTIN_DIR, read_pack
from brandfit.rules.validation import load_rules

SPANISH = """\
schema = 1
language = "es"
description = "Spanish profanity, for the tests"

[categories.profanity]
sources = ["written for this test"]
unambiguous = ["joder", "puta*"]
ambiguous = ["coño"]
"""


def rules_file(tmp_path: Path, body: str) -> Path:
    path = tmp_path / "rules.toml"
    path.write_text('schema = 1\nextends = "default"\n' + body, encoding="utf-8")
    return path


def spanish_registry(tmp_path: Path, text: str = SPANISH):  # type: ignore[no-untyped-def]
    pack = tmp_path / "acme-es.toml"
    pack.write_text(text, encoding="utf-8")
    plugin = types.SimpleNamespace(brandfit_lexicons=brandfit.hookimpl(lambda: {"acme-es": str(pack)}))
    return load_registry(extra_plugins=[("acme", plugin)])


def test_builtin_packs_cover_every_default_category_in_english_and_vietnamese(registry) -> None:  # type: ignore[no-untyped-def]
    default = load_rules("default", registry).scorer("controversy").options
    for name in ("brandfit-en", "brandfit-vi"):
        data, _ = read_pack(name, BUILTIN_DIR / f"{name}.toml")
        assert set(data["categories"]) == set(default.categories), name
        for group, lists in data["categories"].items():
            assert lists["sources"], (name, group)
            assert lists.get("unambiguous") or lists.get("ambiguous"), (name, group)


def test_a_plugin_pack_is_merged_into_the_categories(tmp_path: Path) -> None:
    registry = spanish_registry(tmp_path)
    rules = load_rules(rules_file(tmp_path, '[scorers.controversy]\nlexicons = ["brandfit-en", "acme-es"]\n'), registry)
    profanity = rules.scorer("controversy").options.categories["profanity"]
    assert profanity.languages["es"].terms == ("joder", "puta*")
    assert profanity.languages["es"].ambiguous == ("coño",)
    assert "fuck*" in profanity.languages["en"].terms
    assert "vi" not in profanity.languages
    # where each list came from, for `rules show`
    assert "acme-es" in rules.origin_of("scorers.controversy.categories.profanity.languages.es.terms")


def test_a_rule_file_replaces_a_packs_list_for_its_language(tmp_path: Path, registry) -> None:  # type: ignore[no-untyped-def]
    path = rules_file(tmp_path, '[scorers.controversy]\nlexicons = ["brandfit-en", "brandfit-vi"]\n'
                                '[scorers.controversy.categories.politics.languages.vi]\nterms = ["bầu cử"]\n')
    politics = load_rules(path, registry).scorer("controversy").options.categories["politics"]
    assert politics.languages["vi"].terms == ("bầu cử",)
    assert "tổng bí thư" not in politics.languages["vi"].terms
    assert politics.languages["vi"].ambiguous  # not set by the file: the pack's


def cli_error(path: Path) -> str:
    result = CliRunner().invoke(main, ["rules", "check", str(path)])
    assert result.exit_code == 3, result.output
    lines = result.stderr.splitlines()
    assert len(lines) == 2 and "Traceback" not in result.output
    return lines[0]


def test_unknown_pack_name_is_one_line_with_a_suggestion(tmp_path: Path) -> None:
    line = cli_error(rules_file(tmp_path, '[scorers.controversy]\nlexicons = ["brandfit-vn"]\n'))
    assert line.endswith("scorers.controversy.lexicons: unknown lexicon 'brandfit-vn' (did you mean 'brandfit-vi'?); "
                         "installed: brandfit-en, brandfit-vi")


@pytest.mark.parametrize("text, expected", [
    (SPANISH.replace('language = "es"', 'language = "Spanish"'), ":2: language: expected an ISO 639 code"),
    (SPANISH.replace('sources = ["written for this test"]\n', ""), "categories.profanity.sources: every term list names its sources"),
    (SPANISH.replace('"puta*"', '"pu*ta"'), ":7: categories.profanity.unambiguous: term 'pu*ta': '*' only at the start or the end"),
    (SPANISH.replace("[categories.profanity]", "[categories.swearing]"),
     "categories.swearing: scorers.controversy.categories has no 'swearing'"),
    (SPANISH.replace('ambiguous = ["coño"]', 'ambigous = ["coño"]'),
     ":8: categories.profanity.ambigous: unknown key; expected unambiguous, ambiguous, sources"),
    (SPANISH + "[", "TOML syntax error"),
])
def test_a_bad_pack_is_one_line_naming_the_pack_and_key(tmp_path: Path, text: str, expected: str) -> None:
    registry = spanish_registry(tmp_path, text)
    with pytest.raises(RuleFileError) as caught:
        load_rules(rules_file(tmp_path, '[scorers.controversy]\nlexicons = ["acme-es"]\n'), registry)
    (error,) = caught.value.errors
    assert str(error).startswith(f"lexicon acme-es ({tmp_path / 'acme-es.toml'})")
    assert expected in str(error), str(error)


def test_bad_terms_in_a_rule_file_are_rules_check_errors(tmp_path: Path) -> None:
    line = cli_error(rules_file(tmp_path, '[scorers.controversy.categories.politics]\nterms = ["ok", "democrat* -republican"]\n'))
    assert line.endswith(":4: scorers.controversy.categories.politics.terms[1]: term 'democrat* -republican': "
                         "the exception 'republican' must be a longer form of 'democrat*'")
    line = cli_error(rules_file(tmp_path, '[scorers.values.values.running]\nterms = ["run ~0 club"]\n'))
    assert "scorers.values.values.running.terms[0]: term 'run ~0 club': '~' takes a number of words from 1 to 20" in line
