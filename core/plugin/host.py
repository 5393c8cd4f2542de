"""Finding and loading plugins: built-in and third-party scorers come through the same door.

Every plugin is a module registered under the ``brandfit`` entry-point group (the built-ins are
listed in brandfit's own pyproject.toml). A plugin that fails to import, or whose hook raises, is
recorded with its name, distribution, version and error, and everything else keeps working.
"""

from __future__ import annotations

import os
import time
from importlib import metadata
from pathlib import Path
from typing import Any
from collections.abc import Iterable

import attrs
import pluggy

from brandfit import PLUGIN_API_VERSION
from brandfit.plugin import hookspecs
from brandfit.plugin.scorer import Scorer
from brandfit.containment.stdout_guard import plugin_code

ENTRY_POINT_GROUP = "brandfit"
DISABLE_ENV = "BRANDFIT_DISABLE_PLUGINS"
# the distribution whose entry points are the built-in scorers: their names are reserved
BUILTIN_DISTRIBUTION = "brandfit"


@attrs.frozen
class PluginInfo:
    name: str                 # entry-point name
    module: str
    distribution: str | None
    version: str | None
    status: str               # "ok", "failed" or "disabled"
    error: str | None = None
    scorers: tuple[str, ...] = ()
    load_seconds: float | None = None  # importing the module and calling its hooks


@attrs.frozen
class Registry:
    """What was found: scorer classes by name, every plugin's status, and name conflicts."""

    scorers: dict[str, type[Scorer]]
    owners: dict[str, PluginInfo]       # scorer name -> plugin that provides it
    plugins: tuple[PluginInfo, ...]
    conflicts: dict[str, tuple[str, ...]]  # scorer name -> plugins that all claim it
    rulesets: dict[str, str]
    lexicons: dict[str, str] = attrs.field(factory=dict)  # pack name -> TOML file

    def warnings(self) -> list[str]:
        lines = [f"plugin {p.name!r} ({p.distribution or 'unknown distribution'} {p.version or ''}".rstrip()
                 + f") failed to load: {p.error}" for p in self.plugins if p.status == "failed"]
        lines += [f"scorer name {name!r} is registered by more than one plugin ({', '.join(owners)}); "
                  "it is unusable until one is removed or disabled" for name, owners in self.conflicts.items()]
        return lines

    def failed_plugin_for(self, scorer_name: str) -> PluginInfo | None:
        """A failed or disabled plugin that probably provided ``scorer_name`` (same entry-point name)."""
        return next((p for p in self.plugins if p.status != "ok" and p.name == scorer_name), None)


def disabled_from_env(environ: dict[str, str] | None = None) -> set[str]:
    raw = (environ if environ is not None else os.environ).get(DISABLE_ENV, "")
    return {part.strip() for part in raw.replace(";", ",").split(",") if part.strip()}


def _entry_points() -> Iterable[metadata.EntryPoint]:
    return sorted(metadata.entry_points(group=ENTRY_POINT_GROUP), key=lambda ep: ep.name)


def _describe_error(exc: BaseException) -> str:
    return f"{type(exc).__name__}: {exc}".splitlines()[0]


def new_plugin_manager() -> pluggy.PluginManager:
    pm = pluggy.PluginManager("brandfit")
    pm.add_hookspecs(hookspecs)
    return pm


def check_scorer_class(obj: Any) -> str | None:
    """Why ``obj`` cannot be used as a scorer class, or None if it can."""
    if not (isinstance(obj, type) and issubclass(obj, Scorer)):
        return f"{obj!r} is not a brandfit.Scorer subclass"
    if not obj.name or not obj.name.replace("_", "").replace("-", "").isalnum():
        return f"{obj.__name__} has no valid `name` (letters, digits, - and _)"
    if not attrs.has(obj.Options):
        return f"{obj.__name__}.Options must be an attrs class"
    if obj.api_version != PLUGIN_API_VERSION:
        return f"{obj.__name__} was written for plugin API {obj.api_version}; this brandfit supports {PLUGIN_API_VERSION}"
    if obj.score_creator is Scorer.score_creator and not obj.implements_batch():
        return f"{obj.__name__} implements neither score_batch nor score_creator"
    from brandfit.rules.options import option_default_problem

    problem = option_default_problem(obj.Options)
    return f"{obj.__name__}.Options: {problem}" if problem else None


def _named_files(pm: pluggy.PluginManager, hook: str, infos: dict[str, PluginInfo]) -> dict[str, str]:
    """``{name: path}`` from every plugin's ``hook`` (first plugin wins a name); a plugin whose hook
    raises is marked failed in ``infos``."""
    found: dict[str, str] = {}
    for impl in getattr(pm.hook, hook).get_hookimpls():
        try:
            shipped: Any = impl.function()
            for name, path in (shipped or {}).items():
                found.setdefault(name, str(Path(path)))
        except Exception as exc:
            infos[impl.plugin_name] = attrs.evolve(infos[impl.plugin_name], status="failed",
                                                   error=f"{hook}(): {_describe_error(exc)}")
    return found


def load_registry(disabled: Iterable[str] = (), extra_plugins: Iterable[tuple[str, Any]] = ()) -> Registry:
    """Discover and load every plugin; never raises for a broken plugin, and nothing a plugin
    prints reaches stdout.

    ``extra_plugins`` are (name, module-or-object) pairs registered as if they came from entry
    points: brandfit.testing uses it to run a plugin's scorers without installing the plugin.
    """
    with plugin_code():
        return _load_registry(disabled, extra_plugins)


def _load_registry(disabled: Iterable[str], extra_plugins: Iterable[tuple[str, Any]]) -> Registry:
    disabled = set(disabled) | disabled_from_env()
    pm = new_plugin_manager()
    infos: dict[str, PluginInfo] = {}
    spent: dict[str, float] = {}
    reserved: set[str] = set()  # built-in scorer names, even when disabled: no plugin may take one
    for ep in _entry_points():
        dist = getattr(ep, "dist", None)
        base: dict[str, Any] = dict(name=ep.name, module=ep.value, distribution=dist.name if dist else None,
                    version=dist.version if dist else None)
        if dist is not None and dist.name == BUILTIN_DISTRIBUTION:
            reserved.add(ep.name)
        if ep.name in disabled or (dist and dist.name in disabled):
            infos[ep.name] = PluginInfo(**base, status="disabled")
            continue
        if ep.name in infos:
            infos[ep.name] = attrs.evolve(infos[ep.name], status="failed",
                                          error=f"entry-point name also used by {base['distribution']}")
            continue
        started = time.perf_counter()
        try:
            pm.register(ep.load(), name=ep.name)
        except Exception as exc:  # any import-time failure is the plugin's, not ours
            infos[ep.name] = PluginInfo(**base, status="failed", error=_describe_error(exc),
                                        load_seconds=round(time.perf_counter() - started, 3))
            continue
        spent[ep.name] = time.perf_counter() - started
        infos[ep.name] = PluginInfo(**base, status="ok")
    for name, plugin in extra_plugins:
        pm.register(plugin, name=name)
        infos[name] = PluginInfo(name=name, module=getattr(plugin, "__name__", repr(plugin)),
                                 distribution=None, version=None, status="ok")

    claims: dict[str, list[tuple[str, type[Scorer]]]] = {}
    for impl in pm.hook.brandfit_scorers.get_hookimpls():
        info = infos[impl.plugin_name]
        started = time.perf_counter()
        try:
            returned: Any = impl.function()
            classes: list[type[Scorer]] = list(returned or [])
            problems = [p for p in map(check_scorer_class, classes) if p]
            if problems:
                raise TypeError(problems[0])
        except Exception as exc:
            infos[impl.plugin_name] = attrs.evolve(info, status="failed", error=f"brandfit_scorers(): {_describe_error(exc)}")
            continue
        finally:
            spent[impl.plugin_name] = spent.get(impl.plugin_name, 0.0) + time.perf_counter() - started
        taken = [c.name for c in classes if c.name in reserved and info.distribution != BUILTIN_DISTRIBUTION]
        if taken:
            infos[impl.plugin_name] = attrs.evolve(
                info, status="failed", error=f"scorer name {taken[0]!r} is reserved for brandfit's built-in scorer; "
                                             "give the plugin's scorer another name")
            continue
        infos[impl.plugin_name] = attrs.evolve(info, scorers=tuple(c.name for c in classes))
        for cls in classes:
            claims.setdefault(cls.name, []).append((impl.plugin_name, cls))

    rulesets = _named_files(pm, "brandfit_rulesets", infos)
    lexicons = _named_files(pm, "brandfit_lexicons", infos)

    infos = {name: info if name not in spent else attrs.evolve(info, load_seconds=round(spent[name], 3))
             for name, info in infos.items()}
    scorers, owners, conflicts = {}, {}, {}
    for name, claimants in claims.items():
        if len(claimants) > 1:
            conflicts[name] = tuple(plugin for plugin, _ in claimants)
            continue
        plugin, cls = claimants[0]
        scorers[name] = cls
        owners[name] = infos[plugin]
    return Registry(scorers=scorers, owners=owners, plugins=tuple(infos.values()),
                    conflicts=conflicts, rulesets=rulesets, lexicons=lexicons)
