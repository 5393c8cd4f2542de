"""Lexicon packs (per-language term lists for a scorer's categories): reading them, with one-line
errors, and turning them into rule data merged under the rule files.

A pack is a TOML file in one language (docs/rule-files.md, "Lexicons"):

    schema = 1
    language = "es"
    description = "Spanish brand-safety terms"

    [categories.profanity]
    sources = ["where the terms come from"]
    unambiguous = ["joder", "puta*"]
    ambiguous = ["coño"]

A scorer's ``lexicons = ["brandfit-en", "acme-es"]`` option names the packs it reads. Loading the
rules merges each pack *under* the rule files, as if it were the first file of the ``extends``
chain: ``[categories.profanity]`` of a Spanish pack becomes
``scorers.<scorer>.categories.profanity.languages.es`` with ``terms`` (the unambiguous ones),
``ambiguous`` and ``sources``. A rule file that sets that table itself replaces the pack's lists.
Packs ship with brandfit (``lexicon_packs/``) or come from plugins (the ``brandfit_lexicons`` hook).
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import tomli

from brandfit.rules.errors import RuleError, RuleFileError
from brandfit.rules.loading import RuleSource, key_lines, toml_files_by_name
from brandfit.rules.options import did_you_mean
from brandfit.rules.term_syntax import TermError, check_terms

BUILTIN_DIR = Path(__file__).parent / "lexicon_packs"
PACK_KEYS = ("schema", "language", "description")
LIST_KEYS = ("unambiguous", "ambiguous", "sources")
_LANGUAGE = re.compile(r"^[a-z]{2,3}$")


def builtin_packs(extra: dict[str, str] | None = None) -> dict[str, Path]:
    """Every pack by name: brandfit's own (``brandfit-en``...), then plugins' (brandfit's win)."""
    return toml_files_by_name(BUILTIN_DIR, extra)


def read_pack(name: str, path: Path) -> tuple[dict[str, Any], dict[str, int]]:
    """The pack's data and the line of each key; :class:`RuleFileError` when it is malformed."""
    shown = f"lexicon {name} ({path})"

    def fail(key: str, message: str, line: int | None = None) -> RuleFileError:
        return RuleFileError([RuleError(shown, key, message, line)])

    try:
        text = path.read_bytes().decode("utf-8-sig")
        data = tomli.loads(text)
    except OSError as exc:
        raise fail("", f"cannot read the lexicon: {exc.strerror}") from None
    except UnicodeDecodeError as exc:
        raise fail("", f"not UTF-8 text (byte {exc.start})") from None
    except tomli.TOMLDecodeError as exc:
        raise fail("", f"TOML syntax error: {getattr(exc, 'msg', exc)}", getattr(exc, "lineno", None)) from None
    lines = key_lines(text)
    if data.get("schema") != 1 or isinstance(data.get("schema"), bool):
        raise fail("schema", "expected `schema = 1`", lines.get("schema"))
    language = data.get("language")
    if not isinstance(language, str) or not _LANGUAGE.match(language):
        raise fail("language", "expected an ISO 639 code in lower case, such as \"es\"", lines.get("language"))
    for key, table in data.items():
        if key in PACK_KEYS:
            continue
        if not isinstance(table, dict) or not all(isinstance(v, dict) for v in table.values()):
            raise fail(key, "expected tables of terms, such as [categories.profanity]", lines.get(key))
        for group, lists in table.items():
            where = f"{key}.{group}"
            unknown = [k for k in lists if k not in LIST_KEYS]
            if unknown:
                raise fail(f"{where}.{unknown[0]}", f"unknown key; expected {', '.join(LIST_KEYS)}", lines.get(f"{where}.{unknown[0]}"))
            sources = lists.get("sources")
            if not (isinstance(sources, list) and sources and all(isinstance(s, str) and s.strip() for s in sources)):
                raise fail(f"{where}.sources", "every term list names its sources: a non-empty list of texts",
                           lines.get(f"{where}.sources") or lines.get(where))
            if "unambiguous" not in lists and "ambiguous" not in lists:
                raise fail(where, "expected `unambiguous` or `ambiguous` terms", lines.get(where))
            for kind in ("unambiguous", "ambiguous"):
                if kind in lists:
                    try:
                        check_terms(lists[kind], kind)
                    except TermError as exc:
                        raise fail(f"{where}.{kind}", str(exc).removeprefix(f"{kind}: "), lines.get(f"{where}.{kind}")) from None
    return data, lines


def pack_source(name: str, path: Path, scorer: str, known: dict[str, Any]) -> RuleSource:
    """The pack as a rule source under ``scorers.<scorer>``, for merging under the rule files.

    ``known``: the scorer's merged rule table; a pack group the rules do not have (a category
    they never define) is an error, not a new category with made-up severities."""
    data, lines = read_pack(name, path)
    language = data["language"]
    shown = f"lexicon {name} ({path})"
    rules: dict[str, Any] = {}
    rule_lines: dict[str, int] = {}
    for key, table in data.items():
        if key in PACK_KEYS:
            continue
        for group, lists in table.items():
            if group not in (known.get(key) or {}):
                raise RuleFileError([RuleError(shown, f"{key}.{group}",
                                               f"scorers.{scorer}.{key} has no {group!r}; this pack's groups must be defined by the rules",
                                               lines.get(f"{key}.{group}"))])
            target = {"terms": lists.get("unambiguous", []), "ambiguous": lists.get("ambiguous", []),
                      "sources": lists["sources"]}
            rules.setdefault(key, {}).setdefault(group, {}).setdefault("languages", {})[language] = target
            base = f"scorers.{scorer}.{key}.{group}.languages.{language}"
            for own, theirs in (("unambiguous", "terms"), ("ambiguous", "ambiguous"), ("sources", "sources")):
                line = lines.get(f"{key}.{group}.{own}") or lines.get(f"{key}.{group}")
                if line is not None:
                    rule_lines[f"{base}.{theirs}"] = line
    return RuleSource(name=shown, data={"scorers": {scorer: rules}}, lines=rule_lines)


def lexicon_sources(merged: dict[str, Any], lexicon_files: dict[str, str], file_of: Any) -> list[RuleSource]:
    """The packs named by every scorer's ``lexicons`` option, as rule sources (see the module).

    ``file_of(key)``: (file, line) that set a key, for errors about the ``lexicons`` option."""
    known = builtin_packs(lexicon_files)
    sources: list[RuleSource] = []
    for scorer, table in (merged.get("scorers") or {}).items():
        if not isinstance(table, dict) or "lexicons" not in table:
            continue
        names = table["lexicons"]
        key = f"scorers.{scorer}.lexicons"
        file, line = file_of(key)
        if not (isinstance(names, list) and all(isinstance(n, str) for n in names)):
            raise RuleFileError([RuleError(file, key, 'expected a list of lexicon names, such as ["brandfit-en", "brandfit-vi"]', line)])
        for name in names:
            if name not in known:
                raise RuleFileError([RuleError(file, key, f"unknown lexicon {name!r}{did_you_mean(name, known)}; "
                                                          f"installed: {', '.join(sorted(known))}", line)])
            sources.append(pack_source(name, known[name], scorer, table))
    return sources
