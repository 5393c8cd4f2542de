"""The parse-only floor: pyarrow's JSON reader over the same file, in the same blocks brandfit
reads (16 MB of whole lines, parsed in 2 MB sub-blocks on every core), and nothing else."""

from __future__ import annotations

import io
import sys

import pyarrow.json as pajson

sys.path.insert(0, __import__("os").path.dirname(__file__))

BLOCK = 16 << 20
SUB_BLOCK = 2 << 20


def main(path: str) -> None:
    from brandfit.inputs.creator import CREATOR_SCHEMA  # the schema only; no brandfit code runs

    parse = pajson.ParseOptions(explicit_schema=CREATOR_SCHEMA, unexpected_field_behavior="ignore")
    read = pajson.ReadOptions(block_size=SUB_BLOCK)
    rows, rest = 0, b""
    with open(path, "rb") as f:
        while True:
            chunk = f.read(BLOCK)
            data = rest + chunk
            if not chunk:
                if data.strip():
                    rows += pajson.read_json(io.BytesIO(data), parse_options=parse, read_options=read).num_rows
                break
            cut = data.rfind(b"\n")
            rest = data[cut + 1:]
            rows += pajson.read_json(io.BytesIO(data[: cut + 1]), parse_options=parse, read_options=read).num_rows
    print(f"parsed {rows} creators", file=sys.stderr)


if __name__ == "__main__":
    main(sys.argv[1])
