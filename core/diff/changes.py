"""The effective values that differ between two rule sets, each with the file:line that set it."""

from __future__ import annotations

from typing import Any

import attrs

from brandfit.rules.model import Rules


@attrs.frozen
class ValueChange:
    key: str
    before: Any      # None where the key does not exist in the first rules
    after: Any
    before_at: str   # "file:line" (or "default")
    after_at: str


def _flat(data: Any, prefix: str = "") -> dict[str, Any]:
    if isinstance(data, dict) and data:
        out: dict[str, Any] = {}
        for key, value in data.items():
            out.update(_flat(value, f"{prefix}.{key}" if prefix else str(key)))
        return out
    return {prefix: data}


def _where(rules: Rules, key: str) -> str:
    explicit = rules.origins is not None and any(
        k in rules.origins.origins for k in (key, *(key.rsplit(".", i)[0] for i in range(1, key.count(".") + 1))))
    return rules.origin_of(key) if explicit else "default"


def changed_values(a: Rules, b: Rules) -> list[ValueChange]:
    """Every dotted key of the effective rules whose value differs (or exists in one only)."""
    flat_a, flat_b = _flat(a.effective()), _flat(b.effective())
    changes = []
    for key in sorted(set(flat_a) | set(flat_b)):
        if flat_a.get(key) != flat_b.get(key):
            changes.append(ValueChange(key, flat_a.get(key), flat_b.get(key),
                                       _where(a, key) if key in flat_a else "-", _where(b, key) if key in flat_b else "-"))
    return changes
