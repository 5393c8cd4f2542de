"""Map files: how an export's columns become creator and post fields (docs/map-files.md).

A map file is TOML data, like a rule file: it names columns and says how to read them, and nothing
in it runs code. It is checked twice, each time with every problem reported on one line that names
the map file, the key and what was expected:

- on its own when loaded (:func:`load_map`): known keys, value types, which options suit which field;
- against the input's header when reading starts (:meth:`MapFile.bind`): every column it names
  exists (after trimming spaces, newlines and a byte-order mark, case-insensitively), and the
  ``occurrence`` of a repeated header name exists.

A :class:`BoundMap` then turns one row's cells into a creator's fields and one post.
"""

from __future__ import annotations

import codecs
import json
import re
import difflib
import string
import warnings
import functools
from pathlib import Path
from typing import Any, NamedTuple
from collections.abc import Callable

import attrs
import tomli

from brandfit.inputs.creator import normalize_platform
from brandfit.inputs.opening import InputError
from brandfit.rules.loading import UnreadableSettings, key_lines, read_settings_file
from brandfit.rules.options import did_you_mean
from brandfit.inputs.values import (ValueProblem, as_count, is_missing, parse_bool, parse_count, parse_datetime, parse_number,
                                    parse_tags, parse_text_list)

SCHEMA_VERSION = 1
MAP_FORMATS = ("jsonl", "json", "csv", "tsv", "parquet")
LAYOUTS = ("creators", "posts")
GROUP_ORDERS = ("auto", "contiguous", "any")
TOP_KEYS = ("schema", "format", "layout", "group_by", "group_order", "platform", "delimiter", "encoding",
            "creator", "post")
SPEC_KEYS = ("column", "occurrence", "index", "columns", "template", "value", "format", "split", "scale", "missing")
SOURCE_KEYS = ("column", "index", "columns", "template", "value")
TEMPLATE_FIELDS = ("row", "line", "file")

# What each field holds decides how its cells are parsed and which options it takes.
CREATOR_KINDS = {"handle": "text", "platform": "platform", "followers": "count", "following": "count",
                 "post_count": "count", "has_profile_picture": "bool",
                 "authentic_engagement": "count", "bio": "text",
                 "country": "text", "categories": "list", "fee": "number"}
POST_KINDS = {"id": "text", "posted_at": "datetime", "likes": "count", "comments": "count", "shares": "count",
              "saves": "count", "views": "count", "caption": "text", "hashtags": "hashtags", "mentions": "mentions",
              "sponsored": "bool", "url": "text"}
KIND_NAMES = {"text": "text", "platform": "platform name", "count": "count >= 0 (3.3M, 1,234, 541.2K)",
              "number": "number", "list": "list of names", "datetime": "date and time", "hashtags": "hashtags",
              "mentions": "mentions", "bool": "true/false"}
_NUMERIC = ("count", "number")
_LISTS = ("list", "hashtags", "mentions")
_TEXTUAL = ("text", "platform")


@attrs.frozen
class MapError:
    """One problem in a map file, printed as ``file[:line]: key: message``."""

    file: str
    key: str
    message: str
    line: int | None = None

    def __str__(self) -> str:
        where = self.file if self.line is None else f"{self.file}:{self.line}"
        return f"{where}: {self.key}: {self.message}" if self.key else f"{where}: {self.message}"


class MapFileError(InputError):
    """Every problem found in a map file (or in binding it to an input's header); exit code 4."""

    def __init__(self, errors: list[MapError]) -> None:
        self.errors = errors
        super().__init__("\n".join(str(e) for e in errors))


class MapWarning(UserWarning):
    """A map file that reads, but maybe not as meant (a header matched only by case or spacing)."""


def normalize_header(name: Any) -> str:
    """Header cells compare after trimming spaces, newlines and a BOM, with inner runs of white space
    as one space, case-insensitively: "Engagement average\\r\\n" == "engagement average"."""
    return " ".join(str(name).replace("\ufeff", " ").split()).casefold()


@attrs.frozen
class ColumnRef:
    """One column: by header name (its ``occurrence``-th appearance) or by 0-based ``index``."""

    name: str | None = None
    # None: the map did not pick one, so a header that repeats the name is an error, not a guess
    occurrence: int | None = None
    index: int | None = None

    def describe(self) -> str:
        if self.name is None:
            return f"column #{self.index}"
        return f"{self.name!r}" + (f" (occurrence {self.occurrence})" if (self.occurrence or 1) > 1 else "")


@attrs.frozen
class FieldSpec:
    """One mapped field, checked against the map file alone."""

    section: str  # "creator" or "post"
    name: str
    kind: str
    columns: tuple[ColumnRef, ...] = ()
    several: bool = False  # `columns = [...]`: several cells into one value
    template: str | None = None
    value: Any = None
    has_value: bool = False
    date_format: str | None = None
    split: str | None = None
    scale: float | None = None
    # this column's own "not collected" cells (0 in a column where 0 means no data), compared trimmed
    missing: tuple[str, ...] = ()

    @property
    def key(self) -> str:
        return f"{self.section}.{self.name}"

    def parser_name(self) -> str:
        text = KIND_NAMES[self.kind]
        if self.date_format:
            text += f" as {self.date_format!r}"
        if self.split is not None:
            text += f" split on {self.split!r}"
        if self.scale is not None:
            text += f" x {self.scale:g}"
        return text


@attrs.frozen
class MapFile:
    path: str
    format: str | None = None
    layout: str = "creators"
    group_by: str | None = None
    group_order: str = "auto"
    delimiter: str | None = None
    encoding: str = "utf-8"
    creator: tuple[FieldSpec, ...] = ()
    post: tuple[FieldSpec, ...] = ()
    lines: dict[str, int] = attrs.field(factory=dict, eq=False, repr=False)

    @property
    def fields(self) -> tuple[FieldSpec, ...]:
        return self.creator + self.post

    def field(self, section: str, name: str) -> FieldSpec | None:
        for spec in self.creator if section == "creator" else self.post:
            if spec.name == name:
                return spec
        return None

    def group_column(self) -> ColumnRef | None:
        """The column that says which creator a post row belongs to (posts layout)."""
        if self.group_by is not None:
            return ColumnRef(name=self.group_by)
        handle = self.field("creator", "handle")
        if handle is not None and len(handle.columns) == 1 and not handle.several:
            return handle.columns[0]
        return None

    def error(self, key: str, message: str) -> MapError:
        return MapError(self.path, key, message, self.lines.get(key))

    def bind(self, header: list[Any], source: str, file_stem: str | None = None) -> BoundMap:
        """Resolve every column against the input's header; raises :class:`MapFileError`."""
        normalized = [normalize_header(h) for h in header]
        errors: list[MapError] = []
        stem = file_stem or Path(source).name.split(".")[0]

        def resolve(ref: ColumnRef, key: str) -> int | None:
            if ref.index is not None:
                if ref.index >= len(header):
                    errors.append(self.error(key, f"index {ref.index} is past the last column of {source} "
                                                  f"(it has {len(header)} columns, numbered from 0)"))
                    return None
                return ref.index
            wanted = normalize_header(ref.name)
            found = [i for i, h in enumerate(normalized) if h == wanted]
            if not found:
                shown = ", ".join(repr(" ".join(str(h).split())) for h in header[:30])
                more = f", ... ({len(header)} in all)" if len(header) > 30 else ""
                originals = {n: " ".join(str(h).split()) for n, h in zip(normalized, header, strict=True) if n}
                close = difflib.get_close_matches(wanted, list(originals), n=1, cutoff=0.6)
                hint = f" (did you mean {originals[close[0]]!r}?)" if close else ""
                errors.append(self.error(key, f"expected a column of {source} named {ref.name!r}{hint}; "
                                              f"its header has: {shown}{more}"))
                return None
            if ref.occurrence is None and len(found) > 1:
                at = " and ".join(f"#{i}" for i in found)
                errors.append(self.error(key, f"{source} has a column named {ref.name!r} {len(found)} times (columns {at}); "
                                              f"pick one: {{ column = {json.dumps(ref.name)}, occurrence = 1 }}"))
                return None
            if (ref.occurrence or 1) > len(found):
                errors.append(self.error(key, f"expected occurrence {ref.occurrence} of column {ref.name!r}, but "
                                              f"{source} has that header {len(found)} time{'s' if len(found) > 1 else ''}"))
                return None
            position = found[(ref.occurrence or 1) - 1]
            # a BOM and spaces or a line break around the name are export noise; case and inner spacing are not
            written, given = str(header[position]).replace("\ufeff", "").strip(), (ref.name or "").strip()
            if written != given:
                # a renamed column can match by case alone (December's "instagram name" holds display
                # names where September's "Instagram name" held handles): say so, every run
                place = self.lines.get(key)
                warnings.warn(MapWarning(f"{self.path}{f':{place}' if place else ''}: {key}: column {ref.name!r} matched "
                                         f"{source}'s header {written!r} only by case or spacing; check it is the same "
                                         f"column, and write the header exactly to silence this"), stacklevel=2)
            return position

        bound = []
        for spec in self.fields:
            positions = tuple(resolve(ref, spec.key) for ref in spec.columns)
            bound.append(BoundField(spec, tuple(p for p in positions if p is not None), stem))
        group_at = None
        if self.layout == "posts":
            ref = self.group_column()
            if ref is not None:
                group_at = resolve(ref, "group_by" if self.group_by is not None else "creator.handle")
        if errors:
            raise MapFileError(errors)
        return BoundMap(self, list(header), tuple(bound), group_at, stem)


# ---------------------------------------------------------------------------------------------------
# loading and checking a map file on its own


# codecs that are text encodings to Python but not encodings of a file's text
_NOT_FILE_ENCODINGS = frozenset({"idna", "punycode", "unicode-escape", "raw-unicode-escape", "unicode_escape",
                                 "raw_unicode_escape"})
# the only format a placeholder takes: a width for {row} and {line}, "05" or "5d" (at most 99 wide,
# so a template cannot make a 300 MB cell per row)
_NUMBER_SPEC = re.compile(r"0?[1-9]?[0-9]?d?")


def _template_spec_problem(template: str) -> str | None:
    """Why a template's placeholders cannot be filled (a conversion, a format spec), or None."""
    for _, name, spec, conversion in string.Formatter().parse(template):
        if name is None:
            continue
        if conversion:
            return f"{{{name}!{conversion}}}: placeholders take no conversion; write {{{name}}}"
        if spec and (name == "file" or not _NUMBER_SPEC.fullmatch(spec)):
            allowed = "none" if name == "file" else "a width such as {row:05}"
            return f"{{{name}:{spec}}}: unsupported format; placeholders take {allowed}"
    return None


def load_map(path: str) -> MapFile:
    try:
        text = read_settings_file(Path(path)).decode("utf-8-sig")
    except FileNotFoundError:
        raise MapFileError([MapError(path, "", "map file not found")]) from None
    except (OSError, UnicodeDecodeError, UnreadableSettings) as exc:
        raise MapFileError([MapError(path, "", f"cannot read map file: {getattr(exc, 'strerror', None) or exc}")]) from None
    return parse_map(text, path)


def parse_map(text: str, path: str) -> MapFile:
    try:
        data = tomli.loads(text)
    except RecursionError:
        raise MapFileError([MapError(path, "", "TOML nested too deeply (tables, arrays or dotted keys)")]) from None
    except tomli.TOMLDecodeError as exc:
        raise MapFileError([MapError(path, "", f"TOML syntax error: {getattr(exc, 'msg', str(exc))}",
                                     getattr(exc, "lineno", None))]) from None
    lines = key_lines(text)
    errors: list[MapError] = []

    def err_under(prefix: str, key: str, message: str) -> None:
        err(f"{prefix}{key}", message)

    def err(key: str, message: str, at: str | None = None) -> None:
        # the line that sets the key, else the closest enclosing table written in the file
        where = at or key
        while where and where not in lines:
            where = where.rpartition(".")[0]
        errors.append(MapError(path, key, message, lines.get(where)))

    for key in data:
        if key not in TOP_KEYS:
            hint = did_you_mean(key, TOP_KEYS)
            if key in CREATOR_KINDS or key in POST_KINDS:
                hint = " (field mappings go under [creator] or [post])"
            err(key, f"unknown key{hint}; expected one of: {', '.join(TOP_KEYS)}")
    schema = data.get("schema")
    if schema is None:
        err("schema", f"required: add `schema = {SCHEMA_VERSION}` at the top of the map file")
    elif schema != SCHEMA_VERSION or isinstance(schema, bool):
        err("schema", f"expected {SCHEMA_VERSION} (the only map file version), got {schema!r}")

    def choice(key: str, choices: tuple[str, ...], default: Any) -> Any:
        value = data.get(key, default)
        if key in data and value not in choices:
            err(key, f"expected one of {', '.join(repr(c) for c in choices)}, got {value!r}")
            return default
        return value

    fmt = choice("format", MAP_FORMATS, None)
    layout = choice("layout", LAYOUTS, "creators")
    group_order = choice("group_order", GROUP_ORDERS, "auto")
    group_by = data.get("group_by")
    if group_by is not None:
        if not isinstance(group_by, str) or not group_by.strip():
            err("group_by", f"expected the name of a column (a string), got {group_by!r}")
            group_by = None
        elif layout != "posts":
            err("group_by", "only used with layout = \"posts\" (one row per post)")
    if "group_order" in data and layout != "posts":
        err("group_order", "only used with layout = \"posts\" (one row per post)")
    delimiter = data.get("delimiter")
    if delimiter is not None and (not isinstance(delimiter, str) or len(delimiter) != 1):
        err("delimiter", f"expected one character, such as \";\" or \"\\t\", got {delimiter!r}")
        delimiter = None
    encoding = data.get("encoding", "utf-8")
    try:
        if not isinstance(encoding, str):
            raise LookupError
        codec = codecs.lookup(encoding)
        # bytes-to-bytes codecs (zlib_codec), str-to-str ones (rot13) and the codecs of domain
        # names and Python literals pass lookup() and then fail on the first row
        if not getattr(codec, "_is_text_encoding", True) or codec.name in _NOT_FILE_ENCODINGS:
            raise LookupError
    except LookupError:
        err("encoding", f"expected a text encoding such as \"utf-8\", \"utf-16\" or \"cp1252\", got {encoding!r}")
        encoding = "utf-8"

    sections: dict[str, list[FieldSpec]] = {"creator": [], "post": []}
    for section, kinds in (("creator", CREATOR_KINDS), ("post", POST_KINDS)):
        table = data.get(section, {})
        if not isinstance(table, dict):
            err(section, f"expected a table ([{section}]) of field = column, got {type(table).__name__}")
            continue
        other, other_kinds = ("post", POST_KINDS) if section == "creator" else ("creator", CREATOR_KINDS)
        for name, raw in table.items():
            key = f"{section}.{name}"
            if name not in kinds:
                if name in other_kinds:
                    err(key, f"{name!r} is a {other} field: put it under [{other}]")
                elif section == "creator" and name == "posts":
                    err(key, "posts are built from the [post] mappings (and layout = \"posts\" for one row per post)")
                else:
                    err(key, f"unknown {section} field{did_you_mean(name, kinds)}; expected one of: {', '.join(kinds)}")
                continue
            spec = _field_spec(section, name, kinds[name], raw, functools.partial(err_under, key))
            if spec is not None:
                sections[section].append(spec)

    platform = data.get("platform")
    if platform is not None:
        if not isinstance(platform, str) or not platform.strip():
            err("platform", f"expected a platform name such as \"instagram\", got {platform!r}")
        elif any(s.name == "platform" for s in sections["creator"]):
            err("platform", "set the platform once: either `platform = ...` at the top or creator.platform")
        else:
            sections["creator"].append(FieldSpec("creator", "platform", "platform", value=platform, has_value=True))

    mapfile = MapFile(path=path, format=fmt, layout=layout, group_by=group_by, group_order=group_order,
                      delimiter=delimiter, encoding=encoding, creator=tuple(sections["creator"]),
                      post=tuple(sections["post"]), lines=lines)
    handle = mapfile.field("creator", "handle")
    creator_data = data.get("creator")
    creator_table = creator_data if isinstance(creator_data, dict) else {}
    handle_written = "handle" in creator_table
    if layout == "creators" and handle is None and not handle_written:
        err("creator.handle", "required: the column holding each creator's handle, or a template such as "
                              "{ template = \"account-{row}\" } when the export has none")
    if layout == "posts" and mapfile.group_column() is None and not (handle_written and handle is None):
        err("group_by", "required with layout = \"posts\" when creator.handle is not one column: the column "
                        "that identifies each post's creator", at="layout")
    if layout == "posts" and handle is not None and handle.template is not None and "{row}" in handle.template:
        err("creator.handle", "a template with {row} gives every post row its own creator; group posts with "
                              "group_by and take the handle from a column")
    if errors:
        raise MapFileError(errors)
    return mapfile


def _field_spec(section: str, name: str, kind: str, raw: Any, report: Callable[[str, str], None]) -> FieldSpec | None:
    """One `field = ...` entry: a header name, or a table of SPEC_KEYS."""
    problems: list[str] = []  # the keys reported: a field with any problem is not made

    def err(key: str, message: str) -> None:
        problems.append(key)
        report(key, message)

    if isinstance(raw, str):
        if not raw.strip():
            err("", "expected a column name, got an empty string")
            return None
        return FieldSpec(section, name, kind, columns=(ColumnRef(name=raw),))
    if not isinstance(raw, dict):
        err("", f"expected a column name (string) or a table such as {{ column = \"...\" }}, got {_type(raw)}")
        return None
    for k in raw:
        if k not in SPEC_KEYS:
            err(f".{k}", f"unknown option{did_you_mean(k, SPEC_KEYS)}; expected one of: {', '.join(SPEC_KEYS)}")
    sources = [k for k in SOURCE_KEYS if k in raw]
    if len(sources) != 1:
        got = f"got {', '.join(sources)}" if sources else "got none"
        err("", f"expected exactly one of column, index, columns, template, value; {got}")
        return None
    source = sources[0]
    columns: tuple[ColumnRef, ...] = ()
    several = False
    template = None
    value = None
    has_value = False
    if source == "column":
        column = raw["column"]
        occurrence = raw.get("occurrence")
        if not isinstance(column, str) or not column.strip():
            err(".column", f"expected a column name (string), got {_type(column)}")
        if occurrence is not None and (not isinstance(occurrence, int) or isinstance(occurrence, bool) or occurrence < 1):
            err(".occurrence", f"expected a whole number >= 1 (2 = the second column with that name), got {occurrence!r}")
        if not problems:
            columns = (ColumnRef(name=column, occurrence=occurrence),)
    elif "occurrence" in raw:
        err(".occurrence", "only used with `column` (which of several columns with the same name)")
    if source == "index":
        index = raw["index"]
        if not isinstance(index, int) or isinstance(index, bool) or index < 0:
            err(".index", f"expected a column position >= 0 (0 is the first column), got {index!r}")
        else:
            columns = (ColumnRef(index=index),)
    elif source == "columns":
        names = raw["columns"]
        if kind not in _LISTS + ("text",):
            err(".columns", f"several columns make a list or a text; {section}.{name} is a {KIND_NAMES[kind]}: use `column`")
        elif not isinstance(names, list) or not names or not all(isinstance(n, str) and n.strip() for n in names):
            err(".columns", f"expected a non-empty list of column names, got {names!r}")
        else:
            columns = tuple(ColumnRef(name=n) for n in names)
            several = True
    elif source == "template":
        template = raw["template"]
        if kind not in _TEXTUAL:
            err(".template", f"templates make text; {section}.{name} is a {KIND_NAMES[kind]}")
        elif not isinstance(template, str) or not template.strip():
            err(".template", f"expected a text such as \"account-{{row}}\", got {template!r}")
        else:
            try:
                used = [f for _, f, _, _ in string.Formatter().parse(template) if f is not None]
            except ValueError as exc:
                err(".template", f"invalid template ({exc}); placeholders are {{row}}, {{line}}, {{file}}")
            else:
                bad = [f for f in used if f not in TEMPLATE_FIELDS]
                spec = _template_spec_problem(template)
                if spec and not bad:
                    err(".template", spec)
                if bad:
                    err(".template", f"unknown placeholder {{{bad[0]}}}; expected {{row}} (data row number, from 1), "
                                     "{line} (line in the file) or {file} (input file name without extension)")
    elif source == "value":
        value = raw["value"]
        has_value = True
        if isinstance(value, (dict, list)) and kind not in _LISTS:
            err(".value", f"expected a single value for a {KIND_NAMES[kind]}, got {_type(value)}")
    date_format = raw.get("format")
    if date_format is not None:
        if kind != "datetime":
            err(".format", f"only for dates (post.posted_at); {section}.{name} is a {KIND_NAMES[kind]}")
        elif not isinstance(date_format, str) or "%" not in date_format:
            err(".format", f"expected a strptime format such as \"%Y-%m-%d %H:%M:%S\", got {date_format!r}")
    split = raw.get("split")
    if split is not None:
        if kind not in _LISTS:
            err(".split", f"only for lists (categories, hashtags, mentions); {section}.{name} is a {KIND_NAMES[kind]}")
        elif not isinstance(split, str) or not split:
            err(".split", f"expected the separator as a non-empty string such as \",\", got {split!r}")
    scale = raw.get("scale")
    if scale is not None:
        if kind not in _NUMERIC:
            err(".scale", f"only for numbers; {section}.{name} is a {KIND_NAMES[kind]}")
        elif isinstance(scale, bool) or not isinstance(scale, (int, float)) or not scale > 0:
            err(".scale", f"expected a number > 0 to multiply by (1000 when the column is in thousands), got {scale!r}")
    missing = raw.get("missing", [])
    if not (isinstance(missing, list) and all(isinstance(m, (str, int, float)) and not isinstance(m, bool) for m in missing)):
        err(".missing", f"expected a list of cells that mean \"not collected\" here, such as [\"0\", \"-\"], got {missing!r}")
    if problems:
        return None
    return FieldSpec(section, name, kind, columns=columns, several=several, template=template, value=value,
                     has_value=has_value, date_format=date_format, split=split,
                     scale=float(scale) if scale is not None else None,
                     missing=tuple(_missing_marker(m) for m in missing))


def _type(value: Any) -> str:
    return {dict: "a table", list: "a list", bool: "a boolean", int: "a number", float: "a number",
            str: "a string"}.get(type(value), type(value).__name__)


# ---------------------------------------------------------------------------------------------------
# a map bound to one input: cells -> values


class RowContext(NamedTuple):
    number: int  # data row, from 1
    line: int | None  # the row's line in the file (None for JSON arrays and Parquet)


def _text(value: Any) -> str | None:
    if is_missing(value):
        return None
    text = value if isinstance(value, str) else str(value)
    text = text.strip()
    return text or None


def _missing_marker(marker: str | int | float) -> str:
    """A `missing` entry as the text of a cell: 0 and "0" alike, 0.0 as "0"."""
    return f"{marker:g}" if isinstance(marker, float) else str(marker).strip()


def _parser(spec: FieldSpec) -> Callable[[Any], Any]:
    """The parser of one cell for a field, with the field's own `missing` cells; raises ValueProblem
    for a value it cannot read."""
    parse = _base_parser(spec)
    if not spec.missing:
        return parse
    markers = frozenset(spec.missing)

    def unless_missing(cell: Any) -> Any:
        text = _missing_marker(cell) if isinstance(cell, (int, float)) and not isinstance(cell, bool) else str(cell).strip()
        return None if cell is not None and text in markers else parse(cell)
    return unless_missing


def _base_parser(spec: FieldSpec) -> Callable[[Any], Any]:
    kind, scale = spec.kind, spec.scale
    if kind == "text":
        return _text
    if kind == "platform":
        return lambda v: normalize_platform(_text(v))
    if kind in _NUMERIC:
        base = parse_count if kind == "count" else parse_number
        if scale is None:
            return base

        def scaled(v: Any) -> float | None:
            number = parse_number(v)
            number = None if number is None else number * scale
            # a count is rounded after scaling: "1.5" x 1000 is 1500, not 2000
            return as_count(number, v) if kind == "count" else number
        return scaled
    if kind == "datetime":
        date_format = spec.date_format
        return lambda v: parse_datetime(v, date_format)
    if kind == "bool":
        return parse_bool
    split = spec.split
    if kind == "list":
        if spec.several and split is None:
            # one name per cell: "Sports with a ball", "Cinema & Actors/actresses"
            return lambda v: v if isinstance(v, list) else ([t] if (t := _text(v)) else None)
        return lambda v: parse_text_list(v, split)
    marker = "#" if kind == "hashtags" else "@"
    return lambda v: parse_tags(v, marker, split)


class BoundField:
    """One field of a map bound to a header: ``value(cells, ctx)`` is its parsed value or None."""

    __slots__ = ("spec", "positions", "file_stem", "parse_one", "value")

    def __init__(self, spec: FieldSpec, positions: tuple[int, ...], file_stem: str) -> None:
        self.spec = spec
        self.positions = positions
        self.file_stem = file_stem
        self.parse_one = _parser(spec)
        if spec.has_value:
            try:
                constant = self.parse(spec.value)
            except ValueProblem:
                constant = None
            self.value: Callable[[list[Any], RowContext], Any] = lambda cells, ctx: constant
        elif len(positions) == 1 and not spec.several:
            at, parse = positions[0], self.parse_one

            def one_cell(cells: list[Any], ctx: RowContext) -> Any:
                try:
                    return parse(cells[at])
                except (ValueProblem, IndexError):
                    return None
            self.value = one_cell
        else:
            self.value = lambda cells, ctx: self.read(cells, ctx)[1]

    def raw(self, cells: list[Any], ctx: RowContext) -> Any:
        spec = self.spec
        if spec.has_value:
            return spec.value
        if spec.template is not None:
            return spec.template.format(row=ctx.number, line=ctx.line if ctx.line is not None else ctx.number,
                                        file=self.file_stem)
        values = [cells[p] if p < len(cells) else None for p in self.positions]
        return values if spec.several else values[0]

    def parse(self, raw: Any) -> Any:
        """The field's value (None when missing); raises ValueProblem for a cell that cannot be read."""
        spec = self.spec
        if not spec.several:
            return self.parse_one(raw)
        if spec.kind == "text":
            parts = [t for t in (_text(v) for v in raw) if t]
            return " ".join(parts) or None
        out: list[str] = []
        for cell in raw:
            for item in self.parse_one(cell) or ():
                if item not in out:
                    out.append(item)
        return out or None

    def read(self, cells: list[Any], ctx: RowContext) -> tuple[Any, Any, str | None]:
        """(raw value, parsed value or None, problem or None): unreadable cells are missing, with why."""
        raw = self.raw(cells, ctx)
        try:
            return raw, self.parse(raw), None
        except ValueProblem as exc:
            return raw, None, str(exc)


_EMPTY_POST = dict.fromkeys(POST_KINDS)


@attrs.frozen
class BoundMap:
    mapfile: MapFile
    header: list[Any]
    fields: tuple[BoundField, ...]
    group_at: int | None
    file_stem: str
    creator_fields: tuple[BoundField, ...] = attrs.field(init=False)
    post_fields: tuple[BoundField, ...] = attrs.field(init=False)

    @creator_fields.default
    def _creators(self) -> tuple[BoundField, ...]:
        return tuple(f for f in self.fields if f.spec.section == "creator")

    @post_fields.default
    def _posts(self) -> tuple[BoundField, ...]:
        return tuple(f for f in self.fields if f.spec.section == "post")

    def used_positions(self) -> set[int]:
        used = {p for f in self.fields for p in f.positions}
        if self.group_at is not None:
            used.add(self.group_at)
        return used

    def group_key(self, cells: list[Any]) -> str | None:
        if self.group_at is None or self.group_at >= len(cells):
            return None
        return _text(cells[self.group_at])

    def creator_values(self, cells: list[Any], ctx: RowContext, known: dict[str, Any] | None = None) -> dict[str, Any]:
        """The creator fields of a row (those already in ``known`` are not read again)."""
        out = {}
        for f in self.creator_fields:
            name = f.spec.name
            if known is None or known.get(name) is None:
                out[name] = f.value(cells, ctx)
        handle = out.get("handle")
        if handle is not None:
            out["handle"] = handle.lstrip("@").strip() or None
        return out

    def post_values(self, cells: list[Any], ctx: RowContext) -> dict[str, Any]:
        post = dict(_EMPTY_POST)
        for f in self.post_fields:
            post[f.spec.name] = f.value(cells, ctx)
        return post

    def describe_group(self) -> str:
        if self.group_at is None:
            return "-"
        return f"{' '.join(str(self.header[self.group_at]).split())!r} (column #{self.group_at})"
