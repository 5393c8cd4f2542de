"""Reading exports through a map file: rows in any format -> creators (docs/input-formats.md).

Every format is first turned into a header and a stream of rows (:func:`open_rows`); the map file,
bound to that header, reads each row's cells. Two layouts:

- ``creators``: one row is one creator; the ``[post]`` mappings, if any, make one post standing for
  the creator's average post (id ``"average"``);
- ``posts``: one row is one post; rows are grouped into creators by a key column. When the rows of a
  creator are adjacent (``group_order = "contiguous"``, or ``"auto"`` after a pre-scan finds them
  so), creators are emitted as the key changes: memory holds one creator. Otherwise
  (``"any"``) rows are held in memory up to :data:`SPILL_AFTER_ROWS`, then hash-partitioned by key
  into temporary files and each partition is grouped on its own: memory holds one partition.

Nothing is lost: each data row ends up either in a creator (counted in ``rows_used``) or in the
rejects, with its line number (or row number for JSON arrays and Parquet) and the reason.
"""

from __future__ import annotations

import codecs
import contextlib
import csv
import io
import json
import os
import pickle
import sys
import tempfile
import zlib
from pathlib import Path
from typing import Any, NamedTuple
from collections.abc import Callable, Iterator

import attrs

from brandfit.inputs.creator import CREATOR_FIELDS
from brandfit.inputs.batches import rows_to_table
from brandfit.inputs.opening import InputError, reading
from brandfit.inputs.map_files import BoundMap, MapFile, RowContext
from brandfit.inputs.rejects import ReadBatch, Reject

BATCH_ROWS = 20_000  # creators layout: rows per batch
BATCH_CREATORS = 5_000  # posts layout: a batch closes at this many creators ...
BATCH_POSTS = 50_000  # ... or this many posts
SPILL_AFTER_ROWS = 50_000  # posts layout, any order: rows held in memory before spilling to disk
SPILL_PARTITIONS = 32  # at least this many spill files (more for large inputs: ~32 MB of input each)
MAX_SPILL_PARTITIONS = 256
PROGRESS_ROWS = 20_000  # while spilling, report progress (and rejects) every this many rows
HEADER_SAMPLE = 100  # JSON and JSONL: the header is the keys of the first this many objects
MAX_FIELD_CHARS = 64 << 20

csv.field_size_limit(min(sys.maxsize, MAX_FIELD_CHARS))


class SourceRow(NamedTuple):
    number: int  # data row, from 1 (blank rows are not counted)
    line: int | None  # line of the row in the file (CSV: where it ends); None for JSON arrays and Parquet
    cells: list[Any]


@attrs.define
class RowSource:
    """The header and the rows of one input."""

    source: str
    header: list[Any] | None
    rows: Callable[[], Iterator[SourceRow | Reject]]
    render: Callable[[list[Any]], str]

    def reject(self, row: SourceRow, reason: str) -> Reject:
        if row.line is None:
            reason = f"row {row.number}: {reason}"
        return Reject(self.source, row.line, self.render(row.cells), reason)


def source_name(path: str) -> str:
    return "<stdin>" if path == "-" else path


def file_stem(path: str) -> str:
    return "stdin" if path == "-" else Path(path).name.split(".")[0]


@contextlib.contextmanager
def open_rows(path: str, fmt: str, delimiter: str | None = None, encoding: str = "utf-8") -> Iterator[RowSource]:
    """Header and rows of ``path`` ("-" is standard input) in ``fmt`` (csv, tsv, jsonl, json, parquet)."""
    source = source_name(path)
    if fmt == "parquet":
        from brandfit.inputs.parquet import open_parquet, parquet_batches, parquet_header

        with open_parquet(path) as pf:
            header = parquet_header(pf)

            def parquet_rows() -> Iterator[SourceRow]:
                number = 0
                for batch in parquet_batches(pf, source):
                    columns = [batch.column(i).to_pylist() for i in range(batch.num_columns)]
                    for i in range(batch.num_rows):
                        number += 1
                        yield SourceRow(number, None, [c[i] for c in columns])

            yield RowSource(source, header, parquet_rows, _json_render(header))
        return
    with reading(path, source) as stream:
        if fmt in ("csv", "tsv"):
            yield _csv_source(stream, source, delimiter or ("\t" if fmt == "tsv" else ","), encoding)
        elif fmt == "jsonl":
            yield _jsonl_source(stream, source)
        elif fmt == "json":
            yield _json_source(stream, source)
        else:
            raise InputError(f"{source}: unknown input format {fmt!r}")


def _csv_source(stream: Any, source: str, delimiter: str, encoding: str) -> RowSource:
    name = codecs.lookup(encoding).name
    if name == "utf-8":
        encoding = "utf-8-sig"  # drops a byte-order mark
    elif name in ("utf-16", "utf-32"):
        # the generic codecs need a byte-order mark; without one, read little-endian (what Windows
        # and Excel write), as the decoder's own fallback would, instead of failing on the first row
        stream = stream if hasattr(stream, "peek") else io.BufferedReader(stream)
        boms = (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE) if name == "utf-16" else (codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE)
        if not stream.peek(4).startswith(boms):
            encoding = f"{name}-le"
    text = io.TextIOWrapper(stream, encoding=encoding, errors="replace", newline="")
    reader = csv.reader(text, delimiter=delimiter)
    try:
        header = next(reader, None)
    except csv.Error as exc:
        raise InputError(f"{source}: cannot read the header line: {exc}") from None

    def render(cells: list[Any]) -> str:
        out = io.StringIO()
        csv.writer(out, delimiter=delimiter, lineterminator="").writerow(cells)
        return out.getvalue()

    def rows() -> Iterator[SourceRow | Reject]:
        assert header is not None
        width = len(header)
        number = 0
        while True:
            # line numbers are where a row ends, as in the plain CSV reader (docs/creator-format.md)
            try:
                cells = next(reader)
            except StopIteration:
                break
            except csv.Error as exc:
                number += 1
                yield Reject(source, reader.line_num, "", f"unreadable CSV row: {exc}")
                continue
            if not any(c.strip() for c in cells):
                continue  # a blank line or a row of empty cells holds nothing: not a row
            number += 1
            line = reader.line_num
            if len(cells) > width and any(c.strip() for c in cells[width:]):
                yield Reject(source, line, render(cells), f"{len(cells)} cells but the header has {width} columns")
                continue
            yield SourceRow(number, line, cells)
        text.detach()

    return RowSource(source, header, rows, render)


def _json_render(header: list[Any]) -> Callable[[list[Any]], str]:
    def render(cells: list[Any]) -> str:
        return json.dumps(dict(zip(map(str, header), cells, strict=False)), ensure_ascii=False, default=str)[:4000]
    return render


def _keys(records: list[Any]) -> list[str]:
    keys: dict[str, None] = {}
    for record in records:
        if isinstance(record, dict):
            keys.update(dict.fromkeys(record))
    return list(keys)


def _jsonl_source(stream: Any, source: str) -> RowSource:
    lines = enumerate(stream, start=1)
    first: list[tuple[int, bytes, Any]] = []  # (line, raw, parsed or the exception)
    for number, raw in lines:
        if number == 1 and raw.startswith(b"\xef\xbb\xbf"):
            raw = raw[3:]
        if not raw.strip():
            continue
        first.append((number, raw, _load_line(raw)))
        if len(first) >= HEADER_SAMPLE:
            break
    if not first:
        return RowSource(source, None, lambda: iter(()), lambda cells: "")
    header = _keys([parsed for _, _, parsed in first])
    render = _json_render(header)

    def rows() -> Iterator[SourceRow | Reject]:
        def all_lines() -> Iterator[tuple[int, bytes, Any]]:
            yield from first
            for number, raw in lines:
                if raw.strip():
                    yield number, raw, _load_line(raw)

        for count, (number, raw, parsed) in enumerate(all_lines(), start=1):
            if isinstance(parsed, Exception):
                text = raw.decode("utf-8", "replace").rstrip("\r\n")
                yield Reject(source, number, text, str(parsed))
            elif not isinstance(parsed, dict):
                yield Reject(source, number, raw.decode("utf-8", "replace").rstrip("\r\n"),
                             f"expected a JSON object (one row), got {type(parsed).__name__}")
            else:
                yield SourceRow(count, number, [parsed.get(k) for k in header])

    return RowSource(source, header, rows, render)


def _load_line(raw: bytes) -> Any:
    try:
        return json.loads(raw)
    except json.JSONDecodeError as exc:
        return ValueError(f"invalid JSON: {exc.msg} at column {exc.colno}")
    except UnicodeDecodeError:
        return ValueError("not UTF-8 text")


def _json_source(stream: Any, source: str) -> RowSource:
    """A JSON array of objects (parsed whole: JSON arrays cannot be streamed with the standard library).

    A top-level object holding exactly one list of objects (``{"data": [...]}``) is read as that list.
    """
    data_bytes = stream.read()
    if not data_bytes.strip():
        return RowSource(source, None, lambda: iter(()), lambda cells: "")
    try:
        data = json.loads(data_bytes)
    except json.JSONDecodeError as exc:
        raise InputError(f"{source}: invalid JSON at line {exc.lineno} column {exc.colno}: {exc.msg}") from None
    except UnicodeDecodeError:
        raise InputError(f"{source}: not UTF-8 text") from None
    if isinstance(data, dict):
        lists = [v for v in data.values() if isinstance(v, list) and v and all(isinstance(i, dict) for i in v)]
        data = lists[0] if len(lists) == 1 else [data]
    if not isinstance(data, list):
        raise InputError(f"{source}: expected a JSON array of objects, got {type(data).__name__}")
    header = _keys(data[:HEADER_SAMPLE])
    render = _json_render(header)

    def rows() -> Iterator[SourceRow | Reject]:
        for number, record in enumerate(data, start=1):
            if isinstance(record, dict):
                yield SourceRow(number, None, [record.get(k) for k in header])
            else:
                yield Reject(source, None, json.dumps(record, ensure_ascii=False, default=str)[:4000],
                             f"row {number}: expected a JSON object, got {type(record).__name__}")

    return RowSource(source, header, rows, render)


# ---------------------------------------------------------------------------------------------------
# reading through a map


def read_mapped(path: str, fmt: str, mapfile: MapFile) -> Iterator[ReadBatch]:
    """Every batch of creators of a mapped input, with its rejects (rows read = used + rejected)."""
    order = mapfile.group_order
    if mapfile.layout == "posts" and order == "auto":
        order = "contiguous" if path != "-" and rows_are_contiguous(path, fmt, mapfile) else "any"
    with open_rows(path, fmt, mapfile.delimiter, mapfile.encoding) as rs:
        if rs.header is None:
            return  # an empty input: nothing read, nothing lost
        bound = mapfile.bind(rs.header, rs.source, file_stem(path))
        if mapfile.layout == "creators":
            yield from creators_layout(rs, bound)
        elif order == "contiguous":
            yield from posts_contiguous(rs, bound)
        else:
            yield from posts_any_order(rs, bound, spill_partitions(path))


def rows_are_contiguous(path: str, fmt: str, mapfile: MapFile) -> bool:
    """The pre-scan of ``group_order = "auto"``: are the rows of each creator adjacent? Reads the key
    column once and keeps only the keys seen (one per creator)."""
    with open_rows(path, fmt, mapfile.delimiter, mapfile.encoding) as rs:
        if rs.header is None:
            return True
        bound = mapfile.bind(rs.header, rs.source, file_stem(path))
        seen: set[str] = set()
        current = None
        for row in rs.rows():
            if isinstance(row, Reject):
                continue
            key = bound.group_key(row.cells)
            if key is None or key == current:
                continue
            if key in seen:
                return False
            seen.add(key)
            current = key
    return True


def spill_partitions(path: str) -> int:
    size = 0
    if path != "-":
        with contextlib.suppress(OSError):
            size = os.path.getsize(path) * (4 if path.endswith(".gz") else 1)
    return max(SPILL_PARTITIONS, min(MAX_SPILL_PARTITIONS, size // (32 << 20)))


def handle_problem(bound: BoundMap) -> str:
    spec = bound.mapfile.field("creator", "handle")
    if spec is None:
        return "missing handle"
    positions = next(f.positions for f in bound.fields if f.spec.key == spec.key)
    if positions:
        names = ", ".join(repr(" ".join(str(bound.header[p]).split())) for p in positions)
        return f"missing handle: column {names} is blank"
    return "missing handle"


def creator_row(bound: BoundMap, row: SourceRow) -> dict[str, Any] | str:
    """One row of the creators layout -> a creator row, or the reason it cannot be one."""
    ctx = RowContext(row.number, row.line)
    values = bound.creator_values(row.cells, ctx)
    if values.get("handle") is None:
        return handle_problem(bound)
    out = dict.fromkeys(CREATOR_FIELDS)
    out.update(values)
    if bound.post_fields:
        post = bound.post_values(row.cells, ctx)
        if any(v is not None for v in post.values()):
            if post["id"] is None:
                post["id"] = "average"
            out["posts"] = [post]
    return out


def creators_layout(rs: RowSource, bound: BoundMap, batch_rows: int | None = None) -> Iterator[ReadBatch]:
    batch_rows = batch_rows or BATCH_ROWS
    rows: list[dict[str, Any]] = []
    rejects: list[Reject] = []
    for item in rs.rows():
        if isinstance(item, Reject):
            rejects.append(item)
        else:
            made = creator_row(bound, item)
            if isinstance(made, str):
                rejects.append(rs.reject(item, made))
            else:
                rows.append(made)
        if len(rows) + len(rejects) >= batch_rows:
            yield ReadBatch(batch=rows_to_table(rows), rejects=tuple(rejects), rows_used=len(rows))
            rows, rejects = [], []
    yield ReadBatch(batch=rows_to_table(rows), rejects=tuple(rejects), rows_used=len(rows))


def group_creator(bound: BoundMap, key: str, rows: list[SourceRow]) -> dict[str, Any] | str:
    """The post rows of one creator -> a creator row (creator fields: the first value present, in
    file order), or the reason none can be made."""
    merged: dict[str, Any] = {}
    posts = []
    for row in rows:
        ctx = RowContext(row.number, row.line)
        for name, value in bound.creator_values(row.cells, ctx, merged).items():
            if value is not None:
                merged[name] = value
        post = bound.post_values(row.cells, ctx)
        if post["id"] is None:
            post["id"] = f"line {row.line}" if row.line is not None else f"row {row.number}"
        posts.append(post)
    if bound.mapfile.field("creator", "handle") is None:
        merged["handle"] = key.lstrip("@").strip() or None
    if merged.get("handle") is None:
        return f"{handle_problem(bound)} in every row of {key!r}"
    out = dict.fromkeys(CREATOR_FIELDS)
    out.update(merged)
    out["posts"] = posts
    return out


@attrs.define
class _Batcher:
    """Collects creators made from post rows into batches (rows_used counts their post rows)."""

    rs: RowSource
    bound: BoundMap
    rows: list[dict[str, Any]] = attrs.Factory(list)
    rejects: list[Reject] = attrs.Factory(list)
    used: int = 0
    posts: int = 0

    def group(self, key: str, group_rows: list[SourceRow], problem: str | None = None) -> None:
        made = problem or group_creator(self.bound, key, group_rows)
        if isinstance(made, str):
            self.rejects.extend(self.rs.reject(r, made) for r in group_rows)
            return
        self.rows.append(made)
        self.used += len(group_rows)
        self.posts += len(group_rows)

    def full(self) -> bool:
        return len(self.rows) >= BATCH_CREATORS or self.posts >= BATCH_POSTS or len(self.rejects) >= BATCH_ROWS

    def take(self) -> ReadBatch:
        out = ReadBatch(batch=rows_to_table(self.rows), rejects=tuple(self.rejects), rows_used=self.used)
        self.rows, self.rejects, self.used, self.posts = [], [], 0, 0
        return out


def missing_key(bound: BoundMap) -> str:
    return f"missing group key: column {bound.describe_group()} is blank"


def posts_contiguous(rs: RowSource, bound: BoundMap) -> Iterator[ReadBatch]:
    """Post rows whose creators' rows are adjacent: each creator is emitted when the key changes.

    A key that comes back after other keys breaks the promise: those later rows are rejected (they
    would otherwise make a second creator with the same handle). Only the keys are remembered.
    """
    out = _Batcher(rs, bound)
    seen: set[str] = set()
    current: str | None = None
    group: list[SourceRow] = []
    repeated = False
    repeat_reason = ("rows for this creator appeared earlier in the file, not next to these; with "
                     "group_order = \"contiguous\" the rows of a creator must be adjacent (use \"auto\" or \"any\")")
    for item in rs.rows():
        key = None if isinstance(item, Reject) else bound.group_key(item.cells)
        if key is None or isinstance(item, Reject):
            out.rejects.append(item if isinstance(item, Reject) else rs.reject(item, missing_key(bound)))
            if out.full():
                yield out.take()
            continue
        if key != current:
            if group:
                out.group(current, group, repeat_reason if repeated else None)  # type: ignore[arg-type]
            current, group = key, []
            repeated = key in seen
            seen.add(key)
        group.append(item)
        if out.full():
            yield out.take()  # the creator being read is in `group`, not in the batch
    if group:
        out.group(current, group, repeat_reason if repeated else None)  # type: ignore[arg-type]
    yield out.take()


class _Spill:
    """Post rows hash-partitioned by key into temporary files (pickled chunks), read back one
    partition at a time. The directory is private to this run and removed when done."""

    CHUNK = 1_000

    def __init__(self, partitions: int) -> None:
        self.dir = tempfile.TemporaryDirectory(prefix="brandfit-spill-")
        self.paths = [os.path.join(self.dir.name, f"part-{i:03d}.pickle") for i in range(partitions)]
        self.files = [open(p, "wb") for p in self.paths]
        self.pending: list[list[tuple[str, int, int | None, list[Any]]]] = [[] for _ in self.paths]

    def add(self, key: str, row: SourceRow) -> None:
        i = zlib.crc32(key.encode("utf-8", "surrogatepass")) % len(self.files)
        pending = self.pending[i]
        pending.append((key, row.number, row.line, row.cells))
        if len(pending) >= self.CHUNK:
            pickle.dump(pending, self.files[i], protocol=pickle.HIGHEST_PROTOCOL)
            pending.clear()

    def partitions(self) -> Iterator[dict[str, list[SourceRow]]]:
        for i, pending in enumerate(self.pending):
            if pending:
                pickle.dump(pending, self.files[i], protocol=pickle.HIGHEST_PROTOCOL)
            self.files[i].close()
        self.pending = []
        for path in self.paths:
            groups: dict[str, list[SourceRow]] = {}
            with open(path, "rb") as stream:
                while True:
                    try:
                        chunk = pickle.load(stream)
                    except EOFError:
                        break
                    for key, number, line, cells in chunk:
                        groups.setdefault(key, []).append(SourceRow(number, line, cells))
            os.unlink(path)
            yield groups

    def close(self) -> None:
        for f in self.files:
            f.close()
        self.dir.cleanup()


def posts_any_order(rs: RowSource, bound: BoundMap, partitions: int | None = None,
                    spill_after: int | None = None) -> Iterator[ReadBatch]:
    """Post rows in any order: grouped in memory up to ``spill_after`` rows, else through spill files."""
    spill_after = SPILL_AFTER_ROWS if spill_after is None else spill_after
    partitions = partitions or SPILL_PARTITIONS
    out = _Batcher(rs, bound)
    groups: dict[str, list[SourceRow]] = {}
    held = 0
    spill: _Spill | None = None
    try:
        for n, item in enumerate(rs.rows(), start=1):
            if isinstance(item, Reject):
                out.rejects.append(item)
            else:
                key = bound.group_key(item.cells)
                if key is None:
                    out.rejects.append(rs.reject(item, missing_key(bound)))
                elif spill is not None:
                    spill.add(key, item)
                else:
                    groups.setdefault(key, []).append(item)
                    held += 1
                    if held > spill_after:
                        spill = _Spill(partitions)
                        for k, rows in groups.items():
                            for row in rows:
                                spill.add(k, row)
                        groups, held = {}, 0
            if n % PROGRESS_ROWS == 0:
                yield out.take()  # no creators yet: lets the progress bar move, passes rejects on
        parts: Iterator[dict[str, list[SourceRow]]] = spill.partitions() if spill is not None else iter([groups])
        for part in parts:
            for key, rows in part.items():
                out.group(key, rows)
                if out.full():
                    yield out.take()
        yield out.take()
    finally:
        if spill is not None:
            spill.close()
