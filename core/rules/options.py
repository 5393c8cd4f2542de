"""Turn TOML tables into attrs instances, collecting one precise error per bad key.

This is how every option in a rule file is validated, the built-in scorers' and third-party
plugins' alike: the attrs class is the schema (field types, defaults, validators and a ``doc`` in
each field's metadata), and this module checks data against it.
"""

from __future__ import annotations

import difflib
import math
import re
import types
import typing
from typing import Any, Literal, Union

import attrs

from brandfit.rules.errors import RuleError

#: an attrs validator: called with the options instance, the field and the value; raises OptionError
Validator = typing.Callable[[Any, Any, Any], None]


# Bound on any number in a rule file: no weight, count, threshold or band needs more, and sums and
# products of such numbers stay exact in float64 and far from int64 overflow.
MAX_OPTION_NUMBER = 10**15


class OptionError(ValueError):
    """Raise from an options class validator to report a bad value under a precise key.

    ``key`` is relative to the options table (``""`` for the table itself).
    """

    def __init__(self, key: str, message: str, alternatives: tuple[str, ...] = ()) -> None:
        super().__init__(message)
        self.key = key
        self.message = message
        # other keys that may be the one at fault (e.g. two thresholds out of order): the error
        # points at whichever was set last in the extends chain
        self.alternatives = alternatives


def between(low: float, high: float) -> Validator:
    """attrs validator: a number from ``low`` to ``high`` inclusive."""

    def check(instance: Any, attribute: Any, value: Any) -> None:
        if value is not None and not (low <= value <= high):
            raise OptionError(attribute.name, f"expected a number from {low:g} to {high:g}, got {value!r}")

    check.json_schema = {"minimum": low, "maximum": high}  # type: ignore[attr-defined]  # for rule_schema
    return check


def at_least(low: float) -> Validator:
    """attrs validator: a number >= ``low``."""

    def check(instance: Any, attribute: Any, value: Any) -> None:
        if value is not None and value < low:
            raise OptionError(attribute.name, f"expected a number >= {low:g}, got {value!r}")

    check.json_schema = {"minimum": low}  # type: ignore[attr-defined]
    return check


def each_value(validator: Validator) -> Validator:
    """attrs validator for a dict field: apply ``validator`` to every value, naming the inner key."""

    def check(instance: Any, attribute: Any, value: Any) -> None:
        for k, v in (value or {}).items():
            try:
                validator(instance, attribute, v)
            except OptionError as exc:
                raise OptionError(f"{attribute.name}.{k}", exc.message) from None

    check.json_schema_values = getattr(validator, "json_schema", {})  # type: ignore[attr-defined]
    return check


def each_item_in(choices: tuple[str, ...]) -> Validator:
    """attrs validator for a list field: every item is one of ``choices``, naming the bad item's index."""

    def check(instance: Any, attribute: Any, value: Any) -> None:
        for i, item in enumerate(value or ()):
            if item not in choices:
                raise OptionError(f"{attribute.name}[{i}]", f"expected one of {', '.join(choices)}, got {item!r}")

    return check


def check_within(items: tuple[str, ...], name: str, container: tuple[str, ...], container_name: str) -> None:
    """Raise an OptionError for the first of ``items`` (option ``name``) missing from ``container``."""
    for i, item in enumerate(items):
        if item not in container:
            raise OptionError(f"{name}[{i}]", f"{item!r} is {name} but not in {container_name}")


def did_you_mean(word: str, choices: typing.Iterable[str]) -> str:
    close = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return f" (did you mean {close[0]!r}?)" if close else ""


_SCALAR_NAMES: dict[Any, str] = {float: "number", int: "integer", bool: "boolean", str: "string"}


def type_name(tp: Any) -> str:
    origin = typing.get_origin(tp)
    args = typing.get_args(tp)
    if isinstance(tp, type) and tp in _SCALAR_NAMES:  # a plain class: hashable, unlike some type forms
        return _SCALAR_NAMES[tp]
    if origin is Literal:
        return " or ".join(repr(a) for a in args)
    if origin in (list, tuple):
        return f"list of {_plural(type_name(args[0]))}" if args else "list"
    if origin is dict:
        return f"table of {_plural(type_name(args[1]))}"
    if origin in (Union, types.UnionType):
        return " or ".join(type_name(a) for a in args if a is not type(None))
    if attrs.has(tp):
        return "table"
    return getattr(tp, "__name__", str(tp))


def _plural(name: str) -> str:
    head, _, rest = name.partition(" ")
    return f"{head}s {rest}".rstrip() if head in ("list", "table", "number", "integer", "boolean", "string") else name


class Structurer:
    """Checks values against types; errors are collected, not raised, so one run reports them all."""

    def __init__(self, file_of: typing.Callable[[str], tuple[str, int | None]], chain: tuple[str, ...] = ()) -> None:
        # file_of(dotted key) -> (file, line) where that value was set, for error messages;
        # chain: the rule files, root ancestor first, to tell which of two keys was set last
        self.file_of = file_of
        self.chain = chain
        self.errors: list[RuleError] = []
        self.warnings: list[RuleError] = []  # deprecated keys still in use

    def error(self, key: str, message: str) -> None:
        file, line = self.file_of(key)
        self.errors.append(RuleError(file=file, key=key, message=message, line=line))

    def structure_attrs(self, cls: type, data: Any, key: str) -> Any:
        if not isinstance(data, dict):
            self.error(key, f"expected a table, got {describe(data)}")
            return None
        attrs.resolve_types(cls)
        fields = {f.name: f for f in attrs.fields(cls) if f.init}
        for name in data:
            if name not in fields:
                self.error(join(key, name), f"unknown key{did_you_mean(name, fields)}; expected one of: {', '.join(sorted(fields))}")
        kwargs = {}
        before = len(self.errors)  # an unknown key above does not stop the class being made
        for name, field in fields.items():
            if name not in data:
                if field.default is attrs.NOTHING:
                    self.error(join(key, name), f"required key is missing: expected {type_name(field.type)}")
                continue
            if field.metadata.get("deprecated"):
                file, line = self.file_of(join(key, name))
                self.warnings.append(RuleError(file=file, key=join(key, name), line=line,
                                               message=f"deprecated: {field.metadata['deprecated']}"))
            kwargs[name] = self.structure(field.type, data[name], join(key, name))
        if len(self.errors) > before:  # a missing or bad value: the class cannot be made
            return None
        try:
            return cls(**kwargs)
        except OptionError as exc:
            candidates = [exc.key, *exc.alternatives]
            order = {f: i for i, f in enumerate(self.chain)}
            latest = max(candidates, key=lambda k: order.get(self.file_of(join(key, k))[0], -1))
            self.error(join(key, latest) if latest else key, exc.message)
        except (ValueError, TypeError) as exc:
            # attrs' own validators say "'name' must be ...": point at that key
            named = re.match(r"^'(\w+)' (must .*)", str(exc))
            if named:
                self.error(join(key, named.group(1)), named.group(2))
            else:
                self.error(key, str(exc))
        return None

    def structure(self, tp: Any, value: Any, key: str) -> Any:
        origin = typing.get_origin(tp)
        args = typing.get_args(tp)
        if tp is Any:
            return value
        if attrs.has(tp):
            return self.structure_attrs(tp, value, key)
        if origin in (Union, types.UnionType):
            if value is None and type(None) in args:
                return None
            for arg in args:
                if arg is not type(None) and self.matches(arg, value):
                    return self.structure(arg, value, key)
            return self.bad(tp, value, key)
        if origin is Literal:
            if value in args:
                return value
            choices = [str(a) for a in args]
            hint = did_you_mean(str(value), choices) if isinstance(value, str) else ""
            self.error(key, f"expected {type_name(tp)}, got {value!r}{hint}")
            return None
        if origin in (list, tuple):
            if not isinstance(value, list):
                return self.bad(tp, value, key)
            inner = args[0] if args else Any
            return tuple(self.structure(inner, v, f"{key}[{i}]") for i, v in enumerate(value))
        if origin is dict:
            if not isinstance(value, dict):
                return self.bad(tp, value, key)
            inner = args[1] if len(args) > 1 else Any
            return {k: self.structure(inner, v, join(key, k)) for k, v in value.items()}
        if not self.matches(tp, value):
            return self.bad(tp, value, key)
        if tp in (int, float) and isinstance(value, int) and abs(value) > MAX_OPTION_NUMBER:
            # a 400-digit integer would overflow float(); 2**63 overflows the columns scorers compute in
            self.error(key, f"expected a number from -1e15 to 1e15, got one of {len(str(abs(value)))} digits")
            return None
        if tp is float and not math.isfinite(value):
            # TOML allows nan and inf; both would silently defeat every comparison downstream
            self.error(key, f"expected a finite number, got {value!r}")
            return None
        if tp is float and abs(value) > MAX_OPTION_NUMBER:
            self.error(key, f"expected a number from -1e15 to 1e15, got {value!r}")
            return None
        return float(value) if tp is float else value

    @staticmethod
    def matches(tp: Any, value: Any) -> bool:
        if tp is float:
            return isinstance(value, (int, float)) and not isinstance(value, bool)
        if tp is int:
            return isinstance(value, int) and not isinstance(value, bool)
        if tp in (bool, str):
            return isinstance(value, tp)
        origin = typing.get_origin(tp)
        if origin in (list, tuple):
            return isinstance(value, list)
        if origin is dict or attrs.has(tp):
            return isinstance(value, dict)
        if origin is Literal:
            return value in typing.get_args(tp)
        return True

    def bad(self, tp: Any, value: Any, key: str) -> None:
        self.error(key, f"expected {type_name(tp)}, got {describe(value)}")
        return None


def describe(value: Any) -> str:
    if isinstance(value, bool):
        return f"boolean {str(value).lower()}"
    if isinstance(value, int) and abs(value) > MAX_OPTION_NUMBER:
        return f"a number of {len(str(abs(value)))} digits"
    if isinstance(value, (int, float)):
        return f"number {value!r}"
    if isinstance(value, str):
        return f"string {value!r}"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a table"
    return type(value).__name__


def join(key: str, name: str) -> str:
    return f"{key}.{name}" if key else name


def unstructure(value: Any) -> Any:
    """attrs instance -> plain TOML-like data (for `rules show` and fingerprints)."""
    if attrs.has(type(value)):
        return {f.name: unstructure(getattr(value, f.name)) for f in attrs.fields(type(value))}
    if isinstance(value, dict):
        return {k: unstructure(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [unstructure(v) for v in value]
    return value


def unsupported_type(tp: Any) -> str | None:
    """The part of an option type a rule file cannot hold (TOML has no sets, bytes or objects), or None."""
    origin = typing.get_origin(tp)
    args = typing.get_args(tp)
    if tp in (Any, bool, int, float, str) or attrs.has(tp) or origin is Literal:
        return None
    if origin in (list, tuple, dict, Union, types.UnionType):
        inner = [a for a in args if a is not type(None) and a is not Ellipsis]
        if origin is dict and inner and inner[0] is not str:
            return f"{type_name(tp)} with {getattr(inner[0], '__name__', inner[0])} keys"
        return next((found for a in (inner[1:] if origin is dict else inner) if (found := unsupported_type(a))), None)
    return getattr(tp, "__name__", None) or str(tp)


def option_default_problem(cls: type) -> str | None:
    """Why an options class cannot serve rule files, or None: a field type TOML cannot hold, or a
    default its own types and validators reject. Checked when the plugin loads, so the plugin is
    reported as failed instead of a user's rule file being blamed for a value it never set."""
    try:
        attrs.resolve_types(cls)
        fields = [f for f in attrs.fields(cls) if f.init]
    except Exception as exc:  # a plugin's annotations that do not resolve are the plugin's fault
        return f"{type(exc).__name__}: {exc}".splitlines()[0]
    for f in fields:
        bad = unsupported_type(f.type)
        if bad:
            return f"option {f.name!r} has type {bad}, which a rule file cannot hold (use list, tuple, dict[str, ...], " \
                   "str, int, float, bool or Literal)"
    check = Structurer(lambda key: ("default", None))
    defaults: dict[str, Any] = {}
    try:
        for f in fields:
            if f.default is attrs.NOTHING:
                continue
            default = f.default.factory() if isinstance(f.default, attrs.Factory) else f.default  # type: ignore[arg-type]
            defaults[f.name] = unstructure(default)
        if len(defaults) == len(fields):
            check.structure_attrs(cls, defaults, "")
        else:  # required options: each default on its own (the whole class needs the user's values)
            for f in fields:
                if f.name in defaults:
                    check.structure(f.type, defaults[f.name], f.name)
    except Exception as exc:
        return f"its defaults raise {type(exc).__name__}: {exc}".splitlines()[0]
    if check.errors:
        error = check.errors[0]
        return f"default of {error.key or 'the options'}: {error.message}"
    return None
