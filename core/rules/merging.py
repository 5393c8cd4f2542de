"""Merging an `extends` chain: tables deep-merge; scalars and lists replace. Tracks provenance."""

from __future__ import annotations

from typing import Any

import attrs

from brandfit.rules.loading import RuleSource

NOT_INHERITED = ("extends", "schema", "requires")


@attrs.frozen
class Origin:
    """Where a value of the effective rules was written."""

    file: str
    line: int | None


@attrs.frozen
class MergedRules:
    data: dict[str, Any]
    origins: dict[str, Origin]  # dotted key -> where it was last set
    chain: tuple[str, ...]      # file names, root ancestor first
    requires: tuple[tuple[str, str, int | None], ...]  # (requirement, file that asked for it, line)

    def origin(self, key: str) -> Origin:
        """The origin of a key, or of its nearest ancestor that has one."""
        parts = key.replace("[", ".[").split(".")
        while parts:
            found = self.origins.get(".".join(parts))
            if found is not None:
                return found
            parts.pop()
        return Origin(self.chain[-1], None)

    def set_at(self, key: str) -> Origin | None:
        """Where a rule file sets ``key`` (or the list or value holding it), or None: left at its default."""
        parts = key.replace("[", ".[").split(".")
        while parts:
            dotted = ".".join(parts)
            found = self.origins.get(dotted)
            if found is not None:
                # a key under a table that is written, but not the key itself: its default
                return None if dotted != key and isinstance(self._value(parts), dict) else found
            parts.pop()
        return None

    def _value(self, parts: list[str]) -> Any:
        value: Any = self.data
        for part in parts:
            value = value.get(part) if isinstance(value, dict) else None
        return value


def deep_merge(base: dict[str, Any], override: dict[str, Any]) -> dict[str, Any]:
    merged = dict(base)
    for key, value in override.items():
        if isinstance(value, dict) and isinstance(merged.get(key), dict):
            merged[key] = deep_merge(merged[key], value)
        else:
            merged[key] = value
    return merged


def _record_origins(data: dict[str, Any], source: RuleSource, prefix: str, origins: dict[str, Origin]) -> None:
    for key, value in data.items():
        dotted = f"{prefix}.{key}" if prefix else key
        if not isinstance(value, dict):
            # a replaced list or scalar: forget origins of anything that used to live below it
            for stale in [k for k in origins if k.startswith(dotted + ".")]:
                del origins[stale]
        origins[dotted] = Origin(source.name, source.lines.get(dotted))
        if isinstance(value, dict):
            _record_origins(value, source, dotted, origins)


def merge_chain(chain: list[RuleSource]) -> MergedRules:
    data: dict[str, Any] = {}
    origins: dict[str, Origin] = {}
    requires: list[tuple[str, str, int | None]] = []
    for source in chain:
        own = {k: v for k, v in source.data.items() if k not in NOT_INHERITED}
        data = deep_merge(data, own)
        _record_origins(own, source, "", origins)
        reqs = source.data.get("requires", [])
        if isinstance(reqs, list):
            requires.extend((r, source.name, source.lines.get("requires")) for r in reqs)
    last = chain[-1]
    for key in ("schema", "requires"):
        if key in last.data:
            data[key] = last.data[key]
            origins[key] = Origin(last.name, last.lines.get(key))
    return MergedRules(data=data, origins=origins, chain=tuple(s.name for s in chain), requires=tuple(requires))
