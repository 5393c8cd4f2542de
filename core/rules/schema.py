"""A JSON Schema of rule files, built from the same attrs classes that validate them.

Editors (VS Code with Even Better TOML / taplo, JetBrains) use it for completion and checking.
Built from the installed scorers, so plugin options appear too.
"""

from __future__ import annotations

import types
import typing
from typing import Any, Literal, TYPE_CHECKING, Union

import attrs

from brandfit.rules.model import Brand, Decision, TierBands
from brandfit.rules.options import unstructure

if TYPE_CHECKING:  # the registry is passed in; rules never load plugins themselves
    from brandfit.plugin.host import Registry


def type_schema(tp: Any) -> dict[str, Any]:
    origin = typing.get_origin(tp)
    args = typing.get_args(tp)
    if tp is bool:
        return {"type": "boolean"}
    if tp is int:
        return {"type": "integer"}
    if tp is float:
        return {"type": "number"}
    if tp is str:
        return {"type": "string"}
    if origin is Literal:
        return {"enum": list(args)}
    if origin in (list, tuple):
        return {"type": "array", "items": type_schema(args[0]) if args else {}}
    if origin is dict:
        return {"type": "object", "additionalProperties": type_schema(args[1]) if len(args) > 1 else {}}
    if origin in (Union, types.UnionType):
        return {"anyOf": [type_schema(a) for a in args if a is not type(None)]}
    if attrs.has(tp):
        return attrs_schema(tp)
    return {}


def _validators(validator: Any) -> list[Any]:
    if validator is None:
        return []
    inner = getattr(validator, "_validators", None)  # attrs combines a list of validators
    return [v for part in inner for v in _validators(part)] if inner is not None else [validator]


def attrs_schema(cls: type, extra: dict[str, Any] | None = None) -> dict[str, Any]:
    """Schema of an options class. Nothing is "required": a file in an `extends` chain may set any
    part of a table and inherit the rest, so required keys are checked after merging."""
    attrs.resolve_types(cls)
    props: dict[str, Any] = dict(extra or {})
    for f in attrs.fields(cls):
        schema = type_schema(f.type)
        for v in _validators(f.validator):
            schema.update(getattr(v, "json_schema", {}))
            if getattr(v, "json_schema_values", None) and isinstance(schema.get("additionalProperties"), dict):
                schema["additionalProperties"].update(v.json_schema_values)
        if f.metadata.get("doc"):
            schema["description"] = f.metadata["doc"]
        if f.default is not attrs.NOTHING:
            default = f.default.factory() if isinstance(f.default, attrs.Factory) else f.default  # type: ignore[arg-type]
            schema["default"] = unstructure(default)
        props[f.name] = schema
    return {"type": "object", "properties": props, "additionalProperties": False}


def rules_json_schema(registry: Registry) -> dict[str, Any]:
    from brandfit.containment.stdout_guard import plugin_code

    with plugin_code():  # option defaults may come from a plugin's factories
        return _rules_json_schema(registry.with_all_scorers())  # the schema names every scorer


def _rules_json_schema(registry: Registry) -> dict[str, Any]:
    common = {"weight": {"type": "number", "minimum": 0, "maximum": 1e6, "default": 1}, "enabled": {"type": "boolean", "default": True},
              "prior": {"type": "number", "minimum": 0, "maximum": 100, "default": 0,
                        "description": "the score that stands in for this scorer in the final score when it has no data"}}
    scorers = {}
    for name, cls in sorted(registry.scorers.items()):
        schema = attrs_schema(cls.Options, extra=common)
        schema["description"] = cls.description
        scorers[name] = schema
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": "brandfit rule file",
        "type": "object",
        "required": ["schema"],
        "additionalProperties": False,
        "properties": {
            "schema": {"const": 1},
            "extends": {"type": "string", "description": "built-in rule set name or path relative to this file"},
            "requires": {"type": "array", "items": {"type": "string"}, "description": "plugin distributions with versions"},
            "brand": attrs_schema(Brand),
            "tiers": attrs_schema(TierBands),
            "scorers": {"type": "object", "properties": scorers, "additionalProperties": False},
            "decision": attrs_schema(Decision),
        },
    }
