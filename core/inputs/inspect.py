"""`brandfit inspect`: how an input's columns are read, and the first creators it makes.

For each mapped field: the column it comes from (header text, occurrence, position), the parser, and
the first values raw -> parsed (with why a value became missing); then the columns nothing reads,
and the first creators as JSON. Without a map file it shows how brandfit's own column names are
recognised. It is the tool for writing and debugging a map file (docs/map-files.md).
"""

from __future__ import annotations

import contextlib
import json
import shutil
import tempfile
from typing import IO, Any
from collections.abc import Iterator

from brandfit.inputs.creator import CREATOR_FIELDS
from brandfit.inputs.opening import choose_format, open_binary
from brandfit.inputs.map_files import KIND_NAMES, CREATOR_KINDS, BoundMap, RowContext, load_map
from brandfit.inputs.rejects import Reject


def inspect_data(path: str, map_path: str | None, fmt: str | None, n: int = 3) -> dict[str, Any]:
    mapfile = load_map(map_path) if map_path else None
    fmt = choose_format(path, fmt or (mapfile.format if mapfile else None))
    with _rereadable(path) as local:
        if mapfile is None:
            data = _inspect_plain(local, fmt, n)
        else:
            data = _inspect_mapped(local, fmt, mapfile, n)
    return data | {"input": path, "format": fmt, "map": map_path}


@contextlib.contextmanager
def _rereadable(path: str) -> Iterator[str]:
    """Standard input is copied to a temporary file so it can be read twice."""
    if path != "-":
        yield path
        return
    with tempfile.TemporaryDirectory(prefix="brandfit-inspect-") as tmp:
        local = f"{tmp}/stdin"
        with open(local, "wb") as out:
            shutil.copyfileobj(open_binary("-"), out)
        yield local


def _show(value: Any) -> Any:
    """A JSON-friendly value: dates as text, whole floats as integers."""
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e18:
        return int(value)
    if isinstance(value, list):
        return [_show(v) for v in value]
    if isinstance(value, dict):
        return {k: _show(v) for k, v in value.items()}
    if value is not None and not isinstance(value, (str, int, float, bool)):
        return str(value)
    return value


def _header_text(name: Any) -> str:
    return " ".join(str(name).split())


def _column_label(header: list[Any], position: int) -> str:
    name = _header_text(header[position])
    same = [i for i, h in enumerate(header) if _header_text(h).casefold() == name.casefold()]
    occurrence = f", occurrence {same.index(position) + 1} of {len(same)}" if len(same) > 1 else ""
    return f"{name!r} (column #{position}{occurrence})"


def _rejects_json(rejects: list[Reject], n: int) -> list[dict[str, Any]]:
    return [{"line": r.line, "reason": r.reason, "raw": r.raw[:300]} for r in rejects[:n]]


def _creator_json(row: dict[str, Any], n: int) -> dict[str, Any]:
    out = {k: v for k, v in row.items() if v is not None and v != []}
    posts = out.get("posts")
    if posts:
        shown = [{k: v for k, v in p.items() if v is not None and v != []} for p in posts[:n]]
        out["posts"] = shown
        if len(posts) > n:
            out["posts_not_shown"] = len(posts) - n
    return _show(out)


def _inspect_mapped(path: str, fmt: str, mapfile: Any, n: int) -> dict[str, Any]:
    from brandfit.inputs.mapped import missing_key, creator_row, file_stem, group_creator, open_rows

    with open_rows(path, fmt, mapfile.delimiter, mapfile.encoding) as rs:
        if rs.header is None:
            return {"layout": mapfile.layout, "header": [], "fields": [], "unmapped": [], "creators": [],
                    "rejects": [], "note": "the input is empty"}
        bound: BoundMap = mapfile.bind(rs.header, rs.source, file_stem(path))
        samples: list[Any] = []
        rejects: list[Reject] = []
        creators: list[dict[str, Any]] = []
        keys: list[str] = []
        groups: dict[str, list[Any]] = {}
        seen: set[str] = set()
        current = None
        adjacent = True
        rows_read = 0
        for item in rs.rows():
            rows_read += 1
            if isinstance(item, Reject):
                if len(rejects) < n:
                    rejects.append(item)
                continue
            if len(samples) < n:
                samples.append(item)
            if mapfile.layout == "creators":
                if len(creators) < n:
                    made = creator_row(bound, item)
                    if isinstance(made, str):
                        if len(rejects) < n:
                            rejects.append(rs.reject(item, made))
                    else:
                        creators.append(made)
                if len(creators) >= n and len(samples) >= n:
                    break  # enough seen (rows_read is only reported for layout = "posts")
                continue
            key = bound.group_key(item.cells)
            if key is None:
                if len(rejects) < n:
                    rejects.append(rs.reject(item, missing_key(bound)))
                continue
            if key != current:
                if key in seen:
                    adjacent = False
                seen.add(key)
                current = key
            if key in groups:
                groups[key].append(item)
            elif len(keys) < n:
                keys.append(key)
                groups[key] = [item]
        for key in keys:
            made = group_creator(bound, key, groups[key])
            if isinstance(made, str):
                rejects.extend(rs.reject(r, made) for r in groups[key][: max(0, n - len(rejects))])
            else:
                creators.append(made)
        fields = []
        for field in bound.fields:
            spec = field.spec
            if spec.has_value:
                source = f"constant {spec.value!r}"
            elif spec.template is not None:
                source = f"template {spec.template!r}"
            else:
                source = ", ".join(_column_label(rs.header, p) for p in field.positions)
            values = []
            for row in samples if not spec.has_value else samples[:1]:
                raw, parsed, problem = field.read(row.cells, RowContext(row.number, row.line))
                values.append({"raw": _show(raw), "value": _show(parsed), "problem": problem})
            fields.append({"field": spec.key, "source": source, "parser": spec.parser_name(), "samples": values})
        used = bound.used_positions()
        data: dict[str, Any] = {
            "layout": mapfile.layout,
            "header": [_header_text(h) for h in rs.header],
            "fields": fields,
            "unmapped": [_column_label(rs.header, i) for i in range(len(rs.header)) if i not in used],
            "creators": [_creator_json(c, n) for c in creators],
            "rejects": _rejects_json(rejects, n),
        }
        if mapfile.layout == "posts":
            data |= {"group_by": bound.describe_group(), "group_order": mapfile.group_order, "rows_read": rows_read,
                     "creators_found": len(seen), "rows_adjacent": adjacent}
        return data


def _inspect_plain(path: str, fmt: str, n: int) -> dict[str, Any]:
    """No map file: brandfit's own column names (docs/input-formats.md)."""
    from brandfit.inputs.mapped import open_rows
    from brandfit.inputs.sources import read_input
    from brandfit.inputs.coercion import CREATOR_PARSERS
    from brandfit.inputs.values import ValueProblem

    with open_rows(path, fmt) as rs:
        header = rs.header or []
        samples = []
        if rs.header is not None:
            for item in rs.rows():
                if not isinstance(item, Reject):
                    samples.append(item)
                if len(samples) >= n:
                    break
    names = [_header_text(h).lower() for h in header]
    fields, unmapped = [], []
    for i, name in enumerate(names):
        if name in CREATOR_PARSERS:
            values = []
            for row in samples:
                raw = row.cells[i] if i < len(row.cells) else None
                try:
                    parsed, problem = CREATOR_PARSERS[name](raw), None
                    if name == "handle" and parsed is not None:
                        parsed = parsed.strip().lstrip("@") or None  # as inputs.coercion does
                except ValueProblem as exc:
                    parsed, problem = None, str(exc)
                values.append({"raw": _show(raw), "value": _show(parsed), "problem": problem})
            fields.append({"field": f"creator.{name}", "source": _column_label(header, i),
                           "parser": KIND_NAMES[CREATOR_KINDS[name]], "samples": values})
        elif name == "posts":
            fields.append({"field": "creator.posts", "source": _column_label(header, i),
                           "parser": "list of posts (JSON)", "samples": []})
        else:
            unmapped.append(_column_label(header, i))
    creators: list[dict[str, Any]] = []
    rejects: list[Reject] = []
    for read in read_input(path, fmt):
        rejects.extend(read.rejects[: max(0, n - len(rejects))])
        creators.extend(read.batch.to_pylist()[: n - len(creators)])
        if len(creators) >= n:
            break
    note = None
    if "handle" not in names and header:
        note = ("no 'handle' column: without a map file the columns must be brandfit's field names "
                f"({', '.join(CREATOR_FIELDS)}); write a map file (docs/map-files.md)")
    return {
        "layout": "creators",
        "header": [_header_text(h) for h in header],
        "fields": fields,
        "unmapped": unmapped,
        "creators": [_creator_json(c, n) for c in creators],
        "rejects": _rejects_json(rejects, n),
        **({"note": note} if note else {}),
    }


def render_inspect(data: dict[str, Any], out: IO[str]) -> None:
    from brandfit.containment.terminal_text import printable_data

    data = printable_data(data)  # cells are data: no control characters reach the terminal
    w = out.write
    w(f"input    {data['input']} ({data['format']})\n")
    if data.get("map"):
        w(f"map      {data['map']}: layout {data['layout']}")
        if data["layout"] == "posts":
            w(f", rows grouped into creators by {data['group_by']}, group_order {data['group_order']!r}")
        w("\n")
    else:
        w("map      none: columns are read by brandfit's own field names (docs/input-formats.md)\n")
    mapped = len(data["header"]) - len(data["unmapped"])
    w(f"header   {len(data['header'])} columns, {mapped} read, {len(data['unmapped'])} not read\n")
    if data["layout"] == "posts" and data.get("rows_read") is not None:
        order = "adjacent (streamed)" if data["rows_adjacent"] else "not adjacent (grouped in any order)"
        w(f"rows     {data['rows_read']} rows, {data['creators_found']} creators; rows of a creator are {order}\n")
    if data.get("note"):
        w(f"note     {data['note']}\n")
    w("\nfields (first values: raw -> parsed)\n")
    for field in data["fields"]:
        w(f"  {field['field']:<18} <- {field['source']}  [{field['parser']}]\n")
        for sample in field["samples"]:
            shown = "missing" if sample["value"] is None else json.dumps(sample["value"], ensure_ascii=False)
            why = f"  ({sample['problem']})" if sample["problem"] else ""
            w(f"      {json.dumps(sample['raw'], ensure_ascii=False)[:80]} -> {shown[:80]}{why}\n")
    w("\nnot read: " + (", ".join(data["unmapped"]) if data["unmapped"] else "(every column is read)") + "\n")
    if data["rejects"]:
        w("\nfirst rejects\n")
        for r in data["rejects"]:
            w(f"  line {r['line'] if r['line'] is not None else '-'}: {r['reason']}\n")
    w(f"\nfirst {len(data['creators'])} creators (parsed)\n")
    for creator in data["creators"]:
        w(json.dumps(creator, ensure_ascii=False, indent=1) + "\n")
