"""Reading JSONL (one creator per line) in blocks, fast path first, careful path on trouble.

Each block of whole lines goes to pyarrow's multi-threaded JSON reader with the creator schema.
If pyarrow rejects the block (a broken line, a "3.3M" where a number belongs), only that block is
read again line by line in Python, so every good line is kept and every bad one is rejected with
its line number. Memory stays flat: one block at a time.
"""

from __future__ import annotations

import io
import json
from typing import BinaryIO, Iterator

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.json as pajson

from brandfit.creator_model import CREATOR_SCHEMA
from brandfit.input_rows import finish_table, rows_to_table, usable_handles
from brandfit.record_coercion import RecordProblem, coerce_creator
from brandfit.rejects import ReadBatch, Reject

BLOCK_BYTES = 16 << 20
_PARSE = pajson.ParseOptions(explicit_schema=CREATOR_SCHEMA, unexpected_field_behavior="ignore")


def _blocks(stream: BinaryIO, block_bytes: int) -> Iterator[bytes]:
    rest = b""
    while True:
        chunk = stream.read(block_bytes)
        if not chunk:
            if rest.strip():
                yield rest if rest.endswith(b"\n") else rest + b"\n"
            return
        data = rest + chunk
        cut = data.rfind(b"\n")
        if cut < 0:
            rest = data
            continue
        yield data[: cut + 1]
        rest = data[cut + 1:]


def _numbered_blocks(stream: BinaryIO, block_bytes: int) -> Iterator[tuple[bytes, int]]:
    first_line = 1
    for block in _blocks(stream, block_bytes):
        lines_in_block = block.count(b"\n")
        if first_line == 1 and block.startswith(b"\xef\xbb\xbf"):
            block = block[3:]
        yield block, first_line
        first_line += lines_in_block


def read_jsonl(stream: BinaryIO, source: str, block_bytes: int = BLOCK_BYTES, read_ahead: bool = True) -> Iterator[ReadBatch]:
    """Batches of the JSONL ``stream``; with ``read_ahead`` the next block is read and parsed in a
    background thread while the caller scores this one (pyarrow and polars both release the GIL,
    so parsing and scoring share the cores; one block in flight keeps memory flat)."""
    blocks = _numbered_blocks(stream, block_bytes)
    if not read_ahead:
        for block, first_line in blocks:
            yield _read_block(block, source, first_line)
        return
    from concurrent.futures import ThreadPoolExecutor

    def next_batch() -> ReadBatch | None:
        item = next(blocks, None)
        return None if item is None else _read_block(item[0], source, item[1])

    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="brandfit-read") as pool:
        pending = pool.submit(next_batch)
        while True:
            batch = pending.result()
            if batch is None:
                return
            pending = pool.submit(next_batch)
            yield batch


# pyarrow parses the sub-blocks of a block on several threads; a creator longer than this is read
# again with one sub-block for the whole block
_SUB_BLOCK = 2 << 20


def _read_block(block: bytes, source: str, first_line: int) -> ReadBatch:
    try:
        try:
            table = pajson.read_json(io.BytesIO(block), parse_options=_PARSE,
                                     read_options=pajson.ReadOptions(block_size=_SUB_BLOCK))
        except pa.ArrowInvalid:
            if len(block) <= _SUB_BLOCK:
                raise
            table = pajson.read_json(io.BytesIO(block), parse_options=_PARSE,
                                     read_options=pajson.ReadOptions(block_size=max(len(block), 1 << 20)))
        # pyarrow's JSON parser lets bytes that are not UTF-8 through; the line path rejects them
        table.validate(full=True)
    except (pa.ArrowInvalid, pa.ArrowNotImplementedError):
        return _read_lines(block, source, first_line)
    ok = usable_handles(table)
    if not pc.all(ok).as_py():
        # rare: find the lines of the rows without a handle (pyarrow skips blank lines)
        line_numbers = [first_line + i for i, line in enumerate(block.split(b"\n")) if line.strip()]
        lines = block.split(b"\n")
        rejects = tuple(
            Reject(source, number, lines[number - first_line].decode("utf-8", "replace"), "missing handle")
            for number, good in zip(line_numbers, ok.to_pylist()) if not good
        )
        table = table.filter(ok)
    else:
        rejects = ()
    return ReadBatch(batch=finish_table(table), rejects=rejects, rows_used=table.num_rows)


def _read_lines(block: bytes, source: str, first_line: int) -> ReadBatch:
    rows, rejects = [], []
    for offset, raw in enumerate(block.split(b"\n")):
        if not raw.strip():
            continue
        number = first_line + offset
        text = raw.decode("utf-8", "replace")
        try:
            record = json.loads(raw)
        except (json.JSONDecodeError, UnicodeDecodeError) as exc:
            reason = f"invalid JSON: {exc.msg} at column {exc.colno}" if isinstance(exc, json.JSONDecodeError) else "not UTF-8 text"
            rejects.append(Reject(source, number, text, reason))
            continue
        try:
            rows.append(coerce_creator(record))
        except RecordProblem as exc:
            rejects.append(Reject(source, number, text, str(exc)))
    return ReadBatch(batch=rows_to_table(rows), rejects=tuple(rejects), rows_used=len(rows))


def read_json_array(stream: BinaryIO, source: str) -> Iterator[ReadBatch]:
    """A JSON array of creators (whole-file format: it has to be parsed at once)."""
    try:
        data = json.load(stream)
    except json.JSONDecodeError as exc:
        yield ReadBatch(batch=rows_to_table([]), rejects=(Reject(source, exc.lineno, "", f"invalid JSON: {exc.msg} at column {exc.colno}"),))
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
