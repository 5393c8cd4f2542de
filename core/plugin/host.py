"""Finding and loading plugins: built-in and third-party scorers come through the same door.

Plugins register under two entry-point groups (docs/plugins/hooks.md, "Registering a scorer"):

- ``brandfit.scorers``: one scorer per entry point, named by the scorer's name and pointing at its
  class (``cadence = "brandfit_cadence.scorers:CadenceScorer"``). Every such scorer's name,
  distribution and version come from package metadata alone; its module is imported only when a
  rule file enables the scorer, or when a command lists every scorer (:meth:`Registry.with_scorers`).
  brandfit's own scorers are registered this way, in its pyproject.toml.
- ``brandfit``: modules implementing hooks (hookspecs.py), imported when the host starts. Their
  ``brandfit_scorers()`` still registers scorers, eagerly, for plugins written before the lazy group.

A plugin that fails to import, or whose hook raises, is recorded with its name, distribution,
version and error, and everything else keeps working.
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

ENTRY_POINT_GROUP = "brandfit"         # hook modules: imported when the host starts
SCORER_GROUP = "brandfit.scorers"      # one scorer class each, imported when a rule file enables it
DISABLE_ENV = "BRANDFIT_DISABLE_PLUGINS"
# the distribution whose entry points are the built-in scorers: their names are reserved
BUILTIN_DISTRIBUTION = "brandfit"
EAGER, LAZY = "eager", "lazy"


@attrs.frozen
class PluginInfo:
    name: str                 # entry-point name (for a `brandfit.scorers` entry, the scorer's name)
    module: str               # the entry point's value: "module" or "module:Class"
    distribution: str | None
    version: str | None
    status: str               # "ok", "failed" or "disabled"
    error: str | None = None
    scorers: tuple[str, ...] = ()
    load_seconds: float | None = None  # importing the module and calling its hooks; None: not imported
    loading: str = EAGER      # EAGER: imported when the host starts; LAZY: when its scorer is first needed


@attrs.frozen
class LazyScorer:
    """A scorer registered under ``brandfit.scorers``: known from metadata, not imported yet."""

    name: str
    target: str               # "module:Class"
    plugin: PluginInfo

    def load(self) -> Any:
        return metadata.EntryPoint(name=self.name, value=self.target, group=SCORER_GROUP).load()


@attrs.frozen
class Registry:
    """What was found: scorer classes by name, every plugin's status, and name conflicts.

    ``scorers`` holds the imported scorer classes; ``lazy`` the scorers registered for lazy loading
    and not imported yet. :meth:`with_scorers` imports some of them, :meth:`names` lists both."""

    scorers: dict[str, type[Scorer]]
    owners: dict[str, PluginInfo]       # scorer name -> plugin that provides it (imported or not)
    plugins: tuple[PluginInfo, ...]
    conflicts: dict[str, tuple[str, ...]]  # scorer name -> plugins that all claim it
    rulesets: dict[str, str]
    lexicons: dict[str, str] = attrs.field(factory=dict)  # pack name -> TOML file
    lazy: dict[str, LazyScorer] = attrs.field(factory=dict)  # scorer name -> not imported yet

    def warnings(self) -> list[str]:
        lines = [f"plugin {p.name!r} ({p.distribution or 'unknown distribution'} {p.version or ''}".rstrip()
                 + f") failed to load: {p.error}" for p in self.plugins if p.status == "failed"]
        lines += [f"scorer name {name!r} is registered by more than one plugin ({', '.join(owners)}); "
                  "it is unusable until one is removed or disabled" for name, owners in self.conflicts.items()]
        return lines

    def failed_plugin_for(self, scorer_name: str) -> PluginInfo | None:
        """A failed or disabled plugin that probably provided ``scorer_name`` (same entry-point name)."""
        return next((p for p in self.plugins if p.status != "ok" and p.name == scorer_name), None)

    def names(self) -> list[str]:
        """Every usable scorer name, imported or not, sorted."""
        return sorted({*self.scorers, *self.lazy})

    def with_scorers(self, names: Iterable[str]) -> Registry:
        """This registry with the lazily registered scorers among ``names`` imported: each one that
        imports and passes :func:`check_scorer_class` moves to ``scorers``; one that fails leaves
        ``names()`` and its plugin becomes ``failed`` with the reason. Names already imported, or
        unknown, are left alone. Python keeps the modules it imported, so a scorer imported once
        (by the rule file's validation) costs nothing when the engine asks for it again."""
        wanted = [self.lazy[name] for name in dict.fromkeys(names) if name in self.lazy]
        if not wanted:
            return self
        with plugin_code():
            loaded = [(entry, *_import_scorer(entry)) for entry in wanted]
        scorers, owners, lazy = dict(self.scorers), dict(self.owners), dict(self.lazy)
        updated: dict[PluginInfo, PluginInfo] = {}
        for entry, cls, info in loaded:
            del lazy[entry.name]
            updated[entry.plugin] = info
            if cls is None:
                owners.pop(entry.name, None)
            else:
                scorers[entry.name] = cls
                owners[entry.name] = info
        return attrs.evolve(self, scorers=scorers, owners=owners, lazy=lazy,
                            plugins=tuple(updated.get(p, p) for p in self.plugins))

    def with_all_scorers(self) -> Registry:
        """Every scorer imported: for commands that list them all (`plugins`, `scorers`, `rules schema`)."""
        return self.with_scorers(list(self.lazy))


def _import_scorer(entry: LazyScorer) -> tuple[type[Scorer] | None, PluginInfo]:
    """The scorer class of ``entry`` and its plugin's info after the import (timed), or None and a
    ``failed`` info with the reason."""
    started = time.perf_counter()
    try:
        cls = entry.load()
        problem = check_scorer_class(cls)
        if problem is None and cls.name != entry.name:
            problem = (f"entry point {entry.name!r} = {entry.target!r} is a scorer named {cls.name!r}; "
                       "the entry point's name must be the scorer's name")
        if problem:
            raise TypeError(problem)
    except Exception as exc:  # any import-time failure is the plugin's, not ours
        return None, attrs.evolve(entry.plugin, status="failed", error=_describe_error(exc), scorers=(),
                                  load_seconds=round(time.perf_counter() - started, 3))
    return cls, attrs.evolve(entry.plugin, load_seconds=round(time.perf_counter() - started, 3))


def disabled_from_env(environ: dict[str, str] | None = None) -> set[str]:
    raw = (environ if environ is not None else os.environ).get(DISABLE_ENV, "")
    return {part.strip() for part in raw.replace(";", ",").split(",") if part.strip()}


def _entry_points(group: str) -> Iterable[metadata.EntryPoint]:
    return sorted(metadata.entry_points(group=group), key=lambda ep: ep.name)


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
    """Discover every plugin: import the ``brandfit`` group's hook modules and call their hooks, and
    note the ``brandfit.scorers`` group's scorers without importing them (see
    :meth:`Registry.with_scorers`). Never raises for a broken plugin, and nothing a plugin prints
    reaches stdout.

    ``extra_plugins`` are (name, module-or-object) pairs registered as if they came from the
    ``brandfit`` group: brandfit.testing uses it to run a plugin's scorers without installing it.
    """
    with plugin_code():
        return _load_registry(disabled, extra_plugins)


def _distribution(ep: metadata.EntryPoint) -> dict[str, Any]:
    dist = getattr(ep, "dist", None)
    return dict(name=ep.name, module=ep.value, distribution=dist.name if dist else None,
                version=dist.version if dist else None)


def _is_disabled(base: dict[str, Any], disabled: set[str]) -> bool:
    return base["name"] in disabled or (base["distribution"] is not None and base["distribution"] in disabled)


def _load_registry(disabled: Iterable[str], extra_plugins: Iterable[tuple[str, Any]]) -> Registry:
    disabled = set(disabled) | disabled_from_env()
    pm = new_plugin_manager()
    infos: dict[str, PluginInfo] = {}
    spent: dict[str, float] = {}
    reserved: set[str] = set()  # built-in scorer names, even when disabled: no plugin may take one
    for ep in _entry_points(ENTRY_POINT_GROUP):
        base = _distribution(ep)
        if base["distribution"] == BUILTIN_DISTRIBUTION:
            reserved.add(ep.name)
        if _is_disabled(base, disabled):
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

    # the lazy group: names, distributions and versions from metadata; nothing is imported here
    lazy_infos: list[PluginInfo] = []
    lazy_entries: list[LazyScorer] = []
    for ep in _entry_points(SCORER_GROUP):
        base = _distribution(ep)
        if base["distribution"] == BUILTIN_DISTRIBUTION:
            reserved.add(ep.name)
        info = PluginInfo(**base, status="disabled" if _is_disabled(base, disabled) else "ok",
                          scorers=(ep.name,), loading=LAZY)
        lazy_infos.append(info)
        if info.status == "ok":
            lazy_entries.append(LazyScorer(name=ep.name, target=ep.value, plugin=info))

    claims: dict[str, list[tuple[str, type[Scorer] | LazyScorer]]] = {}
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
            infos[impl.plugin_name] = attrs.evolve(info, status="failed", error=_reserved(taken[0]))
            continue
        infos[impl.plugin_name] = attrs.evolve(info, scorers=tuple(c.name for c in classes))
        for cls in classes:
            claims.setdefault(cls.name, []).append((impl.plugin_name, cls))
    for entry in lazy_entries:
        if entry.name in reserved and entry.plugin.distribution != BUILTIN_DISTRIBUTION:
            refused = attrs.evolve(entry.plugin, status="failed", error=_reserved(entry.name), scorers=())
            lazy_infos[lazy_infos.index(entry.plugin)] = refused
            continue
        # lazy entries share their plugin's name with the scorer: the distribution tells them apart
        claims.setdefault(entry.name, []).append((entry.plugin.distribution or entry.target, entry))

    rulesets = _named_files(pm, "brandfit_rulesets", infos)
    lexicons = _named_files(pm, "brandfit_lexicons", infos)

    infos = {name: info if name not in spent else attrs.evolve(info, load_seconds=round(spent[name], 3))
             for name, info in infos.items()}
    scorers: dict[str, type[Scorer]] = {}
    owners: dict[str, PluginInfo] = {}
    lazy: dict[str, LazyScorer] = {}
    conflicts: dict[str, tuple[str, ...]] = {}
    for name, claimants in claims.items():
        if len(claimants) > 1:
            conflicts[name] = tuple(plugin for plugin, _ in claimants)
            continue
        plugin, found = claimants[0]
        if isinstance(found, LazyScorer):
            lazy[name] = found
            owners[name] = found.plugin
        else:
            scorers[name] = found
            owners[name] = infos[plugin]
    plugins = sorted([*infos.values(), *lazy_infos], key=lambda p: (p.name, p.loading))
    return Registry(scorers=scorers, owners=owners, plugins=tuple(plugins), conflicts=conflicts,
                    rulesets=rulesets, lexicons=lexicons, lazy=lazy)


def _reserved(name: str) -> str:
    return f"scorer name {name!r} is reserved for brandfit's built-in scorer; give the plugin's scorer another name"
