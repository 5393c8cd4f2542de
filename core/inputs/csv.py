"""Reading CSV/TSV with one creator per row, under brandfit's documented column names.

Columns: handle, platform, followers, following, post_count, has_profile_picture,
authentic_engagement, bio, country, categories (separated by ``;``, ``|`` or ``,``), fee, and
optionally posts (a JSON array of posts in one cell). Exports with other column names are read through a map file (docs/input-formats.md).
"""

from __future__ import annotations

import csv
import io
import sys
from collections.abc import Iterator

from brandfit.inputs.creator import CREATOR_FIELDS
from brandfit.inputs.batches import rows_to_table
from brandfit.inputs.coercion import RecordProblem, coerce_creator
from brandfit.inputs.opening import InputError, InputStream
from brandfit.inputs.rejects import ReadBatch, Reject

BATCH_ROWS = 20_000

csv.field_size_limit(min(sys.maxsize, 64 << 20))  # long captions or JSON posts cells: not a crash


def read_csv(stream: InputStream, source: str, delimiter: str = ",", batch_rows: int = BATCH_ROWS) -> Iterator[ReadBatch]:
    text = io.TextIOWrapper(stream, encoding="utf-8-sig", errors="replace", newline="")
    reader = csv.reader(text, delimiter=delimiter)
    try:
        header = [h.strip().lower() for h in next(reader)]
    except StopIteration:
        return
    repeated = sorted({h for h in header if h and header.count(h) > 1})
    if repeated:
        at = " and ".join(f"#{i}" for i, h in enumerate(header) if h == repeated[0])
        raise InputError(f"{source}: line 1: the header names {repeated[0]!r} more than once (columns {at}); "
                         "rename one, or read the file with --map and pick one with `occurrence`")
    if "handle" not in header:
        yield ReadBatch(batch=rows_to_table([]), rejects=(Reject(source, 1, delimiter.join(header),
                        f"no 'handle' column; expected columns named {', '.join(CREATOR_FIELDS)} "
                        "(use --map for other exports)"),))
        for row in reader:  # nothing is lost: every data row is accounted for
            yield ReadBatch(batch=rows_to_table([]), rejects=(Reject(source, reader.line_num, delimiter.join(row), "no 'handle' column"),))
        return
    rows, rejects = [], []
    while True:
        try:
            cells = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:  # e.g. a cell over the size limit: that row is rejected, reading goes on
            rejects.append(Reject(source, reader.line_num, "", f"unreadable CSV row: {exc}"))
            continue
        if not any(c.strip() for c in cells):
            continue
        line = reader.line_num
        raw = delimiter.join(cells)
        if len(cells) > len(header):
            if any(c.strip() for c in cells[len(header):]):
                rejects.append(Reject(source, line, raw, f"{len(cells)} cells but the header has {len(header)} columns"))
                continue
            cells = cells[:len(header)]  # a trailing comma ("a,100,") adds only empty cells
        record = dict(zip(header, cells, strict=False))  # a short row leaves the last fields missing
        try:
            rows.append(coerce_creator(record))
        except RecordProblem as exc:
            rejects.append(Reject(source, line, raw, str(exc)))
        if len(rows) + len(rejects) >= batch_rows:
            yield ReadBatch(batch=rows_to_table(rows), rejects=tuple(rejects), rows_used=len(rows))
            rows, rejects = [], []
    yield ReadBatch(batch=rows_to_table(rows), rejects=tuple(rejects), rows_used=len(rows))
