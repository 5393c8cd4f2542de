"""Which ranked creators an output shows (`--verdict shortlist,review`), keeping their rank among all."""

from __future__ import annotations

from typing import Any
from collections.abc import Iterator

import attrs
import polars as pl

from brandfit.engine.verdicts import VERDICT_ORDER
from brandfit.outputs.ranking import held_in_memory


class VerdictChoiceError(ValueError):
    """A `--verdict` list naming something that is not a verdict."""


def parse_verdicts(text: str | None) -> tuple[str, ...] | None:
    """"shortlist,review" -> ("shortlist", "review"); None or "" for every verdict."""
    if not text:
        return None
    chosen = tuple(dict.fromkeys(v.strip().lower() for v in text.split(",") if v.strip()))
    unknown = [v for v in chosen if v not in VERDICT_ORDER]
    if unknown or not chosen:
        raise VerdictChoiceError(f"--verdict: unknown verdict {', '.join(map(repr, unknown)) or repr(text)}; "
                                 f"expected a comma-separated list of {', '.join(VERDICT_ORDER)}")
    return chosen


@attrs.frozen
class VerdictSelection:
    """Ranked results (a DataFrame, or anything with ``chunks()``) narrowed to some verdicts; every
    creator keeps the rank it has among all, so a filtered file still says where each one stands."""

    results: Any
    verdicts: tuple[str, ...]

    def chunks(self) -> Iterator[pl.DataFrame]:
        chunks = [self.results] if isinstance(self.results, pl.DataFrame) else self.results.chunks()
        for chunk in chunks:
            yield chunk.filter(pl.col("verdict").is_in(self.verdicts))

    def in_memory(self) -> bool:
        return held_in_memory(self.results)

    def close(self) -> None:
        if hasattr(self.results, "close"):
            self.results.close()


def select_verdicts(results: Any, verdicts: tuple[str, ...] | None) -> Any:
    """``results`` as they are (every verdict), or narrowed to ``verdicts``."""
    return results if verdicts is None else VerdictSelection(results, verdicts)
