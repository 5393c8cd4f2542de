"""Each stage of `brandfit score` alone, on one block of a JSONL file: where a batch's time goes.

    python bench/stages.py FILE [--rules RULES] [--repeat N]

Prints, for the first 16 MB block of FILE (the block `brandfit score` reads at a time), the best
of N timings of: parsing it (pyarrow, as the reader does), preparing it (texts built, normalized,
matched: what the prepare threads do) and scoring it with that preparation (what the main thread
does). Wall time on an otherwise idle machine; run it when nothing else does.
"""

from __future__ import annotations

import argparse
import time
from typing import TypeVar
from collections.abc import Callable

T = TypeVar("T")


def best_of(repeat: int, work: Callable[[], T]) -> tuple[float, T]:
    """The shortest of ``repeat`` timings of ``work`` in milliseconds, and its last result."""
    best, result = float("inf"), None
    for _ in range(repeat):
        start = time.perf_counter()
        result = work()
        best = min(best, time.perf_counter() - start)
    return best * 1000, result  # type: ignore[return-value]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("file")
    parser.add_argument("--rules", default="rules/eco-running.toml")
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()

    from brandfit.text.batch import BatchTexts
    from brandfit.run.plan import build_engine
    from brandfit.inputs.jsonl import BLOCK_BYTES, read_block
    from brandfit.plugin.host import load_registry
    from brandfit.rules.validation import load_rules

    with open(args.file, "rb") as f:
        block = f.read(BLOCK_BYTES)
    block = block[: block.rfind(b"\n") + 1]
    registry = load_registry(set())
    engine = build_engine(load_rules(args.rules, registry), registry)

    rows: list[tuple[str, float]] = []
    ms, read = best_of(args.repeat, lambda: read_block(block, args.file, 1))
    batch = read.batch
    rows.append(("parse (pyarrow, 2 threads) and clean-up", ms))
    engine.prepare(batch)  # the first call builds the run's automaton: not a per-batch cost
    ms, _ = best_of(args.repeat, lambda: BatchTexts(batch))
    rows.append(("  prepare: posts and bios gathered", ms))
    ms, _ = best_of(args.repeat, lambda: BatchTexts(batch).texts())
    rows.append(("  prepare: ... and texts built and normalized", ms))
    ms, _ = best_of(args.repeat, lambda: engine.prepare(batch))
    rows.append(("prepare (all of it: texts, matching, tallies)", ms))
    contexts = [engine.prepare(batch) for _ in range(args.repeat)]
    ms, _ = best_of(1, lambda: [engine.score_batch(batch, c) for c in contexts])
    rows.append(("score_batch (prepared; scorers, verdicts, checks)", ms / args.repeat))

    print(f"# one block of {args.file}: {len(block) / 1e6:.1f} MB, {batch.num_rows:,} creators; "
          f"best of {args.repeat}, ms")
    for label, value in rows:
        print(f"{label:52s} {value:8.1f}")


if __name__ == "__main__":
    main()
