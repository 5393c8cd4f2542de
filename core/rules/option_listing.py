"""`brandfit scorers`: a scorer's options as lines, nested tables expanded, each with its type,
range, default and doc, read off the same JSON Schema that `rules schema` writes, so the listing
and the schema cannot disagree."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any


def option_lines(schema: dict[str, Any], prefix: str = "") -> Iterator[str]:
    """One line per option of an object schema (``attrs_schema``), then its nested options indented
    under it: ``<name>`` stands for a key the user picks, ``[]`` for each item of a list."""
    for name, prop in schema.get("properties", {}).items():
        yield from _lines(prefix + name, prop, depth=0)


def _lines(path: str, prop: dict[str, Any], depth: int) -> Iterator[str]:
    text = f"{'  ' * depth}{path}: {type_text(prop)}"
    if "default" in prop:
        text += f" (default {_value(prop['default'])})"
    elif depth == 0:
        text += " (required)"
    if prop.get("description"):
        text += f"  -- {prop['description']}"
    yield text
    for sub_path, sub in _nested(path, prop):
        for name, inner in sub.get("properties", {}).items():
            yield from _lines(f"{sub_path}.{name}", inner, depth + 1)


def _nested(path: str, prop: dict[str, Any]) -> Iterator[tuple[str, dict[str, Any]]]:
    """The object schemas inside ``prop`` with the path their options are written under."""
    if "properties" in prop:
        yield path, prop
    values = prop.get("additionalProperties")
    if isinstance(values, dict) and values:
        yield from _nested(f"{path}.<name>", values)
    items = prop.get("items")
    if isinstance(items, dict) and items:
        yield from _nested(f"{path}[]", items)


def type_text(prop: dict[str, Any]) -> str:
    """A schema's type in words, with its range: ``number from 0 to 100``, ``table of integers >= 0``."""
    if "enum" in prop:
        return " or ".join(repr(v) for v in prop["enum"])
    if "anyOf" in prop:
        return " or ".join(type_text(p) for p in prop["anyOf"])
    kind = prop.get("type")
    if kind == "array":
        return "list of " + _plural(type_text(prop.get("items") or {}))
    if kind == "object":
        values = prop.get("additionalProperties")
        if "properties" in prop or not isinstance(values, dict) or not values:
            return "table"
        return "table of " + _plural(type_text(values))
    words = {"integer": "integer", "number": "number", "string": "string", "boolean": "boolean"}.get(str(kind), "value")
    return words + _range(prop)


def _range(prop: dict[str, Any]) -> str:
    low, high = prop.get("minimum"), prop.get("maximum")
    if low is not None and high is not None:
        return f" from {low:g} to {high:g}"
    if low is not None:
        return f" >= {low:g}"
    if high is not None:
        return f" <= {high:g}"
    return ""


def _plural(text: str) -> str:
    head, _, rest = text.partition(" ")
    if head in ("list", "table", "integer", "number", "string", "boolean", "value"):
        return f"{head}s{' ' + rest if rest else ''}"
    return text  # an enum: "'a' or 'b'"


def _value(value: Any) -> str:
    return repr(value) if isinstance(value, str) else json.dumps(value, default=str)
