"""`brandfit rules show`: the effective rules, each value annotated with where it came from."""

from __future__ import annotations

import json
from typing import Any

from brandfit.rules.model import Rules


def _toml_value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return repr(value)
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(_toml_value(v) for v in value) + "]"
    if isinstance(value, dict):
        return "{ " + ", ".join(f"{_key(k)} = {_toml_value(v)}" for k, v in value.items()) + " }"
    return json.dumps(str(value))


def _key(name: str) -> str:
    return name if name.replace("_", "").replace("-", "").isalnum() else json.dumps(name)


def effective_toml(rules: Rules) -> str:
    """TOML of the effective rules; a comment after each value names its file and line."""
    lines = [f"# effective rules of {rules.chain[-1]} (chain: {' -> '.join(rules.chain)})",
             f"# fingerprint {rules.fingerprint}", "schema = 1"]
    if rules.requires:
        lines.append(f"requires = {_toml_value(list(rules.requires))}  # {rules.origin_of('requires')}")

    def table(path: list[str], data: dict[str, Any]) -> None:
        # every non-empty table gets its own header so each value can carry its own origin
        tables = {k: v for k, v in data.items() if isinstance(v, dict) and v}
        scalars = {k: v for k, v in data.items() if k not in tables}
        lines.append("")
        lines.append(f"[{'.'.join(_key(p) for p in path)}]")
        for k, v in scalars.items():
            if v is None:  # TOML has no null: an unset option shows as a comment
                lines.append(f"# {_key(k)} is not set")
                continue
            origin = rules.origin_of(".".join([*path, k]))
            explicit = rules.origins is not None and ".".join([*path, k]) in rules.origins.origins
            lines.append(f"{_key(k)} = {_toml_value(v)}  # {origin if explicit else 'default'}")
        for k, v in tables.items():
            table([*path, k], v)

    for section, data in rules.effective().items():
        if isinstance(data, dict):
            table([section], data)
    return "\n".join(lines)


def effective_json(rules: Rules) -> str:
    data = rules.effective()
    origins = {}
    if rules.origins is not None:
        origins = {k: f"{o.file}:{o.line}" if o.line else o.file for k, o in rules.origins.origins.items()}
    return json.dumps({"chain": list(rules.chain), "fingerprint": rules.fingerprint, "rules": data, "origins": origins},
                      indent=1, ensure_ascii=False, default=str)
