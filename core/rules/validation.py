"""From merged rule data to validated :class:`Rules`, with one precise error line per problem."""

from __future__ import annotations

import math

import attrs
from importlib import metadata
from pathlib import Path
from typing import Any, TYPE_CHECKING

from brandfit.rules.errors import RuleError, RuleFileError
from brandfit.rules.lexicons import lexicon_sources
from brandfit.rules.loading import RuleSource, builtin_rulesets, load_chain
from brandfit.rules.merging import MergedRules, merge_chain
from brandfit.rules.model import Brand, Decision, RosterRules, Rules, ScorerRule, TierBands
from brandfit.rules.options import Structurer, describe, did_you_mean
from brandfit.rules.overrides import Override, load_overrides

if TYPE_CHECKING:  # the registry is passed in; rules never load plugins themselves
    from brandfit.plugin.host import Registry

SCHEMA_VERSION = 1
TOP_LEVEL_KEYS = ("schema", "extends", "requires", "brand", "tiers", "scorers", "decision", "roster", "overrides")
COMMON_SCORER_KEYS = ("weight", "enabled", "prior")
# weights are relative: a million to one is more spread than any rule set needs
MIN_WEIGHT, MAX_WEIGHT = 1e-6, 1e6


def load_rules(path: str | Path, registry: Registry) -> Rules:
    """Load, merge and validate a rule file; raises :class:`RuleFileError` listing every problem."""
    return rules_from_chain(load_chain(path, lambda: builtin_rulesets(dict(registry.rulesets))), registry)


def rules_from_chain(chain: list[RuleSource], registry: Registry) -> Rules:
    """The validated rules of a loaded ``extends`` chain, with its lexicon packs merged under it."""
    from brandfit.containment.stdout_guard import plugin_code

    merged = merge_with_lexicons(chain, registry)
    with plugin_code():  # options classes and flag_codes() are plugin code
        return validate_rules(chain, merged, registry)


def merge_with_lexicons(chain: list[RuleSource], registry: Registry) -> MergedRules:
    """The chain merged, with the lexicon packs its scorers name merged under it."""
    merged = merge_chain(chain)
    # lexicon packs go under the rule files, as the first files of the chain: a rule file that
    # sets a language's terms itself replaces the pack's
    packs = lexicon_sources(merged.data, registry.lexicons,
                            lambda key: (merged.origin(key).file, merged.origin(key).line))
    if packs:
        # the chain stays the rule files (each pack's lists name it as their origin), and tables
        # keep the rule files' order (scorers run in it)
        with_packs = merge_chain([*packs, *chain])
        merged = attrs.evolve(with_packs, data=_in_order_of(with_packs.data, merged.data), chain=merged.chain)
    return merged


def _in_order_of(data: Any, order: Any) -> Any:
    """``data`` with every table's keys in ``order``'s order (keys ``order`` lacks come last)."""
    if not isinstance(data, dict) or not isinstance(order, dict):
        return data
    keys = [k for k in order if k in data] + [k for k in data if k not in order]
    return {k: _in_order_of(data[k], order.get(k)) for k in keys}


def validate_rules(chain: list[RuleSource], merged: MergedRules, registry: Registry) -> Rules:
    registry = registry.with_scorers(_enabled_tables(merged.data.get("scorers")))
    errors: list[RuleError] = []

    def file_of(key: str) -> tuple[str, int | None]:
        origin = merged.origin(key)
        return origin.file, origin.line

    for source in chain:
        errors.extend(_check_source(source))

    s = Structurer(file_of, chain=merged.chain)
    data = merged.data
    brand = s.structure(Brand, data.get("brand", {}), "brand")
    tiers = s.structure(TierBands, data.get("tiers", {}), "tiers")
    decision = s.structure(Decision, data.get("decision", {}), "decision")
    roster = s.structure(RosterRules, data.get("roster", {}), "roster")
    scorers = _scorers(s, data.get("scorers", {}), registry)
    if decision is not None and not s.errors:
        _check_flag_codes(s, decision, scorers, registry, set(merged.origins))
        _check_required(s, decision, scorers, set(merged.origins))
    errors.extend(s.errors)
    overrides, overrides_file = _overrides(merged, errors)
    errors.extend(_check_requires(merged, registry))
    if not errors and not scorers:
        errors.append(RuleError(file=merged.chain[-1], key="scorers",
                                message="no scorer is enabled: add a [scorers.<name>] table or extends = \"default\""))
    if errors:
        raise RuleFileError(errors)
    return Rules(brand=brand, tiers=tiers, scorers=tuple(scorers), decision=decision, roster=roster,
                 overrides=overrides, overrides_file=overrides_file,
                 requires=tuple(r for r, _, _ in merged.requires), chain=merged.chain, origins=merged,
                 warnings=tuple(s.warnings))


def _kind(value: Any) -> str:
    if isinstance(value, bool) or (isinstance(value, (int, float)) and abs(value) < 1e6):
        return describe(value)
    return {str: "a string", bool: "a boolean", list: "a list", dict: "a table"}.get(type(value), "a value")


def _overrides(merged: MergedRules, errors: list[RuleError]) -> tuple[tuple[Override, ...], str | None]:
    """The overrides file the rules name (`overrides = "FILE"`, relative to the rule file that says
    it), loaded; its problems are added to ``errors``, each with the overrides file's line."""
    value = merged.data.get("overrides")
    if value is None:
        return (), None
    origin = merged.origin("overrides")
    if not isinstance(value, str) or not value.strip():
        errors.append(RuleError(origin.file, "overrides", f"expected the path of an overrides file (TOML), got {describe(value)}",
                                origin.line))
        return (), None
    base = Path(origin.file).parent if not origin.file.startswith("builtin:") else Path(".")
    path = Path(value) if Path(value).is_absolute() else base / value
    found, problems = load_overrides(path, str(path))
    errors.extend(problems)
    return found, str(path)


def _check_source(source: RuleSource) -> list[RuleError]:
    errors = []
    line = source.lines.get
    for key in source.data:
        if key not in TOP_LEVEL_KEYS:
            errors.append(RuleError(source.name, key, f"unknown top-level key{did_you_mean(key, TOP_LEVEL_KEYS)}; "
                                    f"expected one of: {', '.join(TOP_LEVEL_KEYS)}", line(key)))
    schema = source.data.get("schema")
    if schema is None:
        errors.append(RuleError(source.name, "schema", f"required key is missing: add `schema = {SCHEMA_VERSION}` at the top"))
    elif schema != SCHEMA_VERSION or type(schema) is not int:
        # the type only, never the value: the file may be one the user never named (an extends
        # target), and its value anything (a pasted token)
        errors.append(RuleError(source.name, "schema", f"expected {SCHEMA_VERSION}, got {_kind(schema)} "
                                "(this brandfit reads rule file schema 1)", line("schema")))
    requires = source.data.get("requires", [])
    if not (isinstance(requires, list) and all(isinstance(r, str) for r in requires)):
        errors.append(RuleError(source.name, "requires", "expected a list of strings such as \"brandfit-cadence>=1.2\"",
                                line("requires")))
    for table in ("brand", "tiers", "scorers", "decision", "roster"):
        if table in source.data and not isinstance(source.data[table], dict):
            errors.append(RuleError(source.name, table, f"expected a table, got {describe(source.data[table])}", line(table)))
    return errors


def _enabled_tables(tables: Any) -> list[str]:
    """The scorers the rules enable (a table not saying ``enabled = false``): only these are
    imported, so a slow plugin costs nothing to rule files that do not use it."""
    if not isinstance(tables, dict):
        return []
    return [name for name, table in tables.items() if not (isinstance(table, dict) and table.get("enabled") is False)]


def _scorers(s: Structurer, tables: Any, registry: Registry) -> list[ScorerRule]:
    if not isinstance(tables, dict):
        return []
    rules = []
    for name, table in tables.items():
        key = f"scorers.{name}"
        if not isinstance(table, dict):
            s.error(key, f"expected a table, got {describe(table)}")
            continue
        if name in registry.conflicts:
            s.error(key, f"scorer {name!r} is registered by more than one plugin ({', '.join(registry.conflicts[name])}); "
                    "uninstall or disable one of them")
            continue
        cls = registry.scorers.get(name)
        if cls is None and name not in registry.lazy:
            failed = registry.failed_plugin_for(name)
            if failed is not None:
                why = "is disabled" if failed.status == "disabled" else f"failed to load: {failed.error}"
                s.error(key, f"scorer {name!r} is unavailable: plugin {failed.name!r} "
                        f"({failed.distribution or '?'} {failed.version or '?'}) {why}")
            else:
                s.error(key, f"unknown scorer {name!r}{did_you_mean(name, registry.names())}; "
                        f"installed: {', '.join(registry.names())} (see `brandfit scorers`)")
            continue
        weight = table.get("weight", 1.0)
        enabled = table.get("enabled", True)
        if not isinstance(enabled, bool):
            s.error(f"{key}.enabled", f"expected boolean, got {describe(enabled)}")
        if not s.matches(float, weight) or not math.isfinite(weight) or weight < 0:
            s.error(f"{key}.weight", f"expected a number >= 0, got {describe(weight)}")
            continue
        if weight > MAX_WEIGHT or 0 < weight < MIN_WEIGHT:
            # 1e308 overflows the weighted sum; 1e-320 makes the coverage share infinite
            s.error(f"{key}.weight", f"expected 0 or a number from {MIN_WEIGHT:g} to {MAX_WEIGHT:g}, got {describe(weight)}")
            continue
        prior = table.get("prior", 0.0)
        if not s.matches(float, prior) or not math.isfinite(prior) or not 0 <= prior <= 100:
            s.error(f"{key}.prior", f"expected a number from 0 to 100 (the score that stands in when the scorer has no data), "
                                    f"got {describe(prior)}")
            continue
        if cls is None:  # registered lazily and `enabled = false`: not imported, its options unchecked
            continue
        options = s.structure(cls.Options, {k: v for k, v in table.items() if k not in COMMON_SCORER_KEYS}, key)
        if options is not None and enabled is True:
            rules.append(ScorerRule(name=name, weight=float(weight), options=options, key=key, prior=float(prior)))
    return rules


def _check_flag_codes(s: Structurer, decision: Decision, scorers: list[ScorerRule], registry: Registry,
                      written: set[str]) -> None:
    """A veto or hold code must be one some scorer can raise, or the rule silently does nothing.

    ``written``: the keys some rule file sets (a built-in default for a scorer the file does not
    enable is not worth a warning)."""
    enabled = {rule.name: rule for rule in scorers}
    for list_name in ("veto", "hold"):
        for i, code in enumerate(getattr(decision, list_name)):
            key = f"decision.{list_name}[{i}]"
            scorer_name = code.split(".", 1)[0]
            if scorer_name not in registry.names() and scorer_name not in registry.conflicts:
                if registry.failed_plugin_for(scorer_name) is None:
                    s.error(key, f"flag {code!r}: no installed scorer named {scorer_name!r}"
                                 f"{did_you_mean(scorer_name, registry.names())}; flags are '<scorer>.<condition>'")
                continue
            if scorer_name not in enabled:
                if f"decision.{list_name}" not in written:
                    continue
                file, line = s.file_of(key)
                s.warnings.append(RuleError(file, key, f"flag {code!r} is never raised: scorer {scorer_name!r} is not enabled", line))
                continue
            try:
                known = registry.scorers[scorer_name].flag_codes(enabled[scorer_name].options)
                if known is not None:
                    known = frozenset(str(k) for k in known)
            except Exception as exc:  # the plugin's fault: say so, and do not block the rule file
                owner = registry.owners.get(scorer_name)
                plugin = f"plugin {owner.name!r} ({owner.distribution or '?'} {owner.version or '?'})" if owner else "its plugin"
                file, line = s.file_of(key)
                s.warnings.append(RuleError(file, key, f"flag {code!r} not checked: scorer {scorer_name!r} of {plugin} "
                                            f"failed in flag_codes(): {type(exc).__name__}: {exc}".splitlines()[0], line))
                continue
            if known is not None and code not in known:
                s.error(key, f"scorer {scorer_name!r} never raises flag {code!r}{did_you_mean(code, known)}; "
                             f"it raises: {', '.join(sorted(known))}")


def _check_required(s: Structurer, decision: Decision, scorers: list[ScorerRule], written: set[str]) -> None:
    """A scorer ``[decision] require`` names that is not enabled is a warning (a rule file that turns
    it off with ``enabled = false`` has said it wants no such guard); one no plugin provides at all
    is an error. A weight of 0 keeps a scorer enabled, so no weight can switch the guard off."""
    enabled = [rule.name for rule in scorers]
    for i, name in enumerate(decision.require):
        if name in enabled:
            continue
        key = f"decision.require[{i}]"
        if not any(k == f"scorers.{name}" or k.startswith(f"scorers.{name}.") for k in written):
            s.error(key, f"no scorer named {name!r}{did_you_mean(name, enabled)}; enabled: {', '.join(enabled)}")
        elif "decision.require" in written and not _builtin_only(s, "decision.require"):
            file, line = s.file_of(key)
            s.warnings.append(RuleError(file, key, f"scorer {name!r} is required but not enabled: the requirement is left out", line))


def _builtin_only(s: Structurer, key: str) -> bool:
    return s.file_of(key)[0].startswith("builtin:")


def _check_requires(merged: MergedRules, registry: Registry) -> list[RuleError]:
    if not merged.requires:
        return []
    from packaging.requirements import InvalidRequirement, Requirement  # 25 ms to import: only when needed

    errors = []
    for text, file, line in merged.requires:
        if not isinstance(text, str):
            continue
        try:
            req = Requirement(text)
        except InvalidRequirement as exc:
            errors.append(RuleError(file, "requires", f"{text!r} is not a valid requirement: {exc}", line))
            continue
        try:
            installed = metadata.version(req.name)
        except metadata.PackageNotFoundError:
            errors.append(RuleError(file, "requires", f"needs plugin package {req.name!r} ({text}), which is not installed: "
                                    f"pip install '{text}'", line))
            continue
        if req.specifier and not req.specifier.contains(installed, prereleases=True):
            errors.append(RuleError(file, "requires", f"needs {text}, but {req.name} {installed} is installed", line))
            continue
        for plugin in registry.plugins:
            if plugin.distribution and _same_dist(plugin.distribution, req.name) and plugin.status != "ok":
                why = "is disabled" if plugin.status == "disabled" else f"failed to load: {plugin.error}"
                errors.append(RuleError(file, "requires", f"needs {req.name}, whose plugin {plugin.name!r} {why}", line))
    return errors


def _same_dist(a: str, b: str) -> bool:
    norm = lambda s: s.lower().replace("_", "-").replace(".", "-")  # noqa: E731 (PEP 503 normalization)
    return norm(a) == norm(b)
