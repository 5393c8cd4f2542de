"""Reading JSONL (one creator per line) in blocks, fast path first, careful path on trouble.

Each block of whole lines goes to pyarrow's multi-threaded JSON reader with the creator schema.
If pyarrow rejects the block (a broken line, a "3.3M" where a number belongs), only that block is
read again line by line in Python, so every good line is kept and every bad one is rejected with
its line number. Memory stays flat: one block at a time.
"""

from __future__ import annotations

import json
from collections.abc import Iterator

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.json as pajson

from brandfit.inputs.creator import CREATOR_SCHEMA
from brandfit.inputs.batches import finish_table, rows_to_table, usable_handles
from brandfit.inputs.coercion import RecordProblem, coerce_creator
from brandfit.inputs.opening import InputStream
from brandfit.inputs.rejects import ReadBatch, Reject

BLOCK_BYTES = 16 << 20
_NEWLINE = ord("\n")
_PARSE = pajson.ParseOptions(explicit_schema=CREATOR_SCHEMA, unexpected_field_behavior="ignore")


def _blocks(stream: InputStream, block_bytes: int) -> Iterator[np.ndarray]:
    """Blocks of whole lines, as byte arrays. Each block is read straight into a fresh array (the
    kernel's copy runs with the GIL released) and cut by slicing, never concatenated or copied:
    this runs on the reader thread, and the scoring threads need the GIL more than it does."""
    rest = np.zeros(0, dtype=np.uint8)
    while True:
        buf = np.empty(len(rest) + block_bytes, dtype=np.uint8)
        buf[: len(rest)] = rest
        got = stream.readinto(buf.data[len(rest):]) or 0
        if not got:
            if bytes(rest).strip():
                yield rest if rest[-1] == _NEWLINE else np.append(rest, np.uint8(_NEWLINE))
            return
        data = buf[: len(rest) + got]
        cut = _last_newline(data)
        if cut < 0:
            rest = data
            continue
        yield data[: cut + 1]
        rest = data[cut + 1:]



def _last_newline(data: np.ndarray) -> int:
    """The index of the last newline in ``data``, -1 if none; looks at the tail first, as the
    last line is seldom long."""
    end, step = len(data), 1 << 16
    while end > 0:
        start = max(0, end - step)
        found = data[start:end].tobytes().rfind(b"\n")
        if found >= 0:
            return start + found
        end, step = start, step * 4
    return -1


def numbered_blocks(stream: InputStream, block_bytes: int) -> Iterator[tuple[np.ndarray, int, np.ndarray]]:
    """Each block, the number of its first line and where its newlines are (found once, for the
    line numbers and for the checks of :func:`read_block`)."""
    first_line = 1
    for block in _blocks(stream, block_bytes):
        if first_line == 1 and block[:3].tobytes() == b"\xef\xbb\xbf":
            block = block[3:]
        newlines = _newlines(block)
        yield block, first_line, newlines
        first_line += len(newlines)


def _newlines(data: np.ndarray) -> np.ndarray:
    # numpy compares with the GIL released, where bytes.find would hold it
    return np.flatnonzero(data == _NEWLINE)


def read_jsonl(stream: InputStream, source: str, block_bytes: int = BLOCK_BYTES, read_ahead: int = 2) -> Iterator[ReadBatch]:
    """Batches of the JSONL ``stream``; ``read_ahead`` next blocks are read and parsed in a
    background thread while the caller scores this one (pyarrow and polars both release the GIL,
    so parsing and scoring share the cores; a few blocks in flight keep memory flat)."""
    blocks = numbered_blocks(stream, block_bytes)
    batches = (read_block(block, source, first_line, newlines) for block, first_line, newlines in blocks)
    if not read_ahead:
        yield from batches
        return
    from brandfit.concurrency.work_ahead import computed_ahead

    yield from computed_ahead(batches, read_ahead, "brandfit-read")


# pyarrow parses the sub-blocks of a block on several threads; a creator longer than this is read
# again with one sub-block for the whole block
_SUB_BLOCK = 2 << 20


def read_block(block: bytes | np.ndarray, source: str, first_line: int, newlines: np.ndarray | None = None) -> ReadBatch:
    """One block of whole lines (any bytes-like object) parsed into a batch and its rejects;
    ``newlines``: where the block's newlines are, if known."""
    data = np.frombuffer(block, dtype=np.uint8) if isinstance(block, (bytes, bytearray, memoryview)) else block
    newlines = _newlines(data) if newlines is None else newlines
    if not _objects_only(data, newlines):
        # pyarrow 26 crashes the process (segfault) on a block of lines such as `null`, and needs
        # one object per line anyway: anything else is read, and rejected, line by line
        return _read_lines(bytes(block), source, first_line)
    # a BufferReader hands pyarrow the bytes without a copy and without calling back into Python
    buffer = pa.py_buffer(block)
    try:
        try:
            table = pajson.read_json(pa.BufferReader(buffer), parse_options=_PARSE,
                                     read_options=pajson.ReadOptions(block_size=_SUB_BLOCK))
        except pa.ArrowInvalid:
            if len(block) <= _SUB_BLOCK:
                raise
            table = pajson.read_json(pa.BufferReader(buffer), parse_options=_PARSE,
                                     read_options=pajson.ReadOptions(block_size=max(len(block), 1 << 20)))
        # pyarrow's JSON parser lets bytes that are not UTF-8 through; the line path rejects them
        table.validate(full=True)
    except (pa.ArrowInvalid, pa.ArrowNotImplementedError):
        return _read_lines(bytes(block), source, first_line)
    if not _one_row_per_line(data, newlines, table.num_rows):
        # pyarrow reads `{...} {...}` on one line as two rows: the line path rejects such a line
        # with its number, and keeps every other line's number right
        return _read_lines(bytes(block), source, first_line)
    ok = usable_handles(table)
    if not pc.all(ok).as_py():
        # rare: find the lines of the rows without a handle (pyarrow skips blank lines)
        lines = bytes(block).split(b"\n")
        line_numbers = [first_line + i for i, line in enumerate(lines) if line.strip()]
        rejects = tuple(
            Reject(source, number, lines[number - first_line].decode("utf-8", "replace"), "missing handle")
            for number, good in zip(line_numbers, ok.to_pylist(), strict=False) if not good
        )
        table = table.filter(ok)
    else:
        rejects = ()
    return ReadBatch(batch=finish_table(table), rejects=rejects, rows_used=table.num_rows)


_LINE_STARTS_OK = np.zeros(256, dtype=bool)
_LINE_STARTS_OK[[ord("{"), ord("\n"), ord("\r")]] = True


def _objects_only(data: np.ndarray, newlines: np.ndarray) -> bool:
    """Whether every line of the block ``data`` starts with "{" (or is empty): what the fast path can take."""
    if not len(data):
        return True
    starts = newlines[newlines < len(data) - 1] + 1
    return bool(_LINE_STARTS_OK[data[0]]) and bool(_LINE_STARTS_OK[data[starts]].all())


def _one_row_per_line(data: np.ndarray, newlines: np.ndarray, rows: int) -> bool:
    """Whether ``rows`` is the number of lines of the block ``data`` that hold something (pyarrow
    skips blank lines, and reads `{...} {...}` on one line as two rows)."""
    if not len(data):
        return rows == 0
    # lines minus empty lines (a newline right after another, or first), from the positions alone
    empty = int(np.count_nonzero(np.diff(newlines) == 1)) + int(len(newlines) > 0 and newlines[0] == 0)
    if len(newlines) + (0 if data[-1] == _NEWLINE else 1) - empty == rows:
        return True
    # lines of spaces or a lone "\r" are blank too: count exactly (rare)
    return rows == sum(1 for line in data.tobytes().split(b"\n") if line.strip())


def _read_lines(block: bytes, source: str, first_line: int) -> ReadBatch:
    rows, rejects = [], []
    for offset, raw in enumerate(block.split(b"\n")):
        if not raw.strip():
            continue
        number = first_line + offset
        text = raw.decode("utf-8", "replace")
        try:
            record = json.loads(raw)
        except (json.JSONDecodeError, UnicodeDecodeError, RecursionError) as exc:
            rejects.append(Reject(source, number, text, _json_problem(exc)))
            continue
        try:
            rows.append(coerce_creator(record))
        except RecordProblem as exc:
            rejects.append(Reject(source, number, text, str(exc)))
    return ReadBatch(batch=rows_to_table(rows), rejects=tuple(rejects), rows_used=len(rows))


def _json_problem(exc: Exception) -> str:
    """The reject reason for text json cannot read."""
    if isinstance(exc, json.JSONDecodeError):
        return f"invalid JSON: {exc.msg} at column {exc.colno}"
    if isinstance(exc, UnicodeDecodeError):
        return f"not UTF-8 text (byte {exc.start})"
    return "invalid JSON: nested too deeply"


def read_json_array(stream: InputStream, source: str) -> Iterator[ReadBatch]:
    """A JSON array of creators (whole-file format: it has to be parsed at once)."""
    try:
        data = json.load(stream)
    except (json.JSONDecodeError, UnicodeDecodeError, RecursionError) as exc:
        line = exc.lineno if isinstance(exc, json.JSONDecodeError) else None
        yield ReadBatch(batch=rows_to_table([]), rejects=(Reject(source, line, "", _json_problem(exc)),))
        return
    if isinstance(data, dict):
        data = data.get("creators", [data])
    if not isinstance(data, list):
        yield ReadBatch(batch=rows_to_table([]), rejects=(Reject(source, 1, "", "expected a JSON array of creators"),))
        return
    rows, rejects = [], []
    for index, record in enumerate(data):
        try:
            rows.append(coerce_creator(record))
        except RecordProblem as exc:
            rejects.append(Reject(source, None, json.dumps(record, ensure_ascii=False)[:2000], f"item {index}: {exc}"))
        if len(rows) >= 50_000:
            yield ReadBatch(batch=rows_to_table(rows), rejects=tuple(rejects), rows_used=len(rows))
            rows, rejects = [], []
    yield ReadBatch(batch=rows_to_table(rows), rejects=tuple(rejects), rows_used=len(rows))
