"""Overrides applied to scored creators: the human decision replaces the verdict, and says so.

approve -> shortlist, exclude -> reject, hold -> at most review. The `override` column shows the
decision ("exclude: worked with a competitor (maria, 2026-11-20)") and the reasons start with it.
Which overrides matched a creator is remembered, so those that match none can be reported.
"""

from __future__ import annotations

import polars as pl

from brandfit.inputs.creator import normalize_platform
from brandfit.rules.overrides import Override


class OverrideMatcher:
    """Applies one run's overrides to each batch of results, and remembers which ones matched."""

    def __init__(self, overrides: tuple[Override, ...]) -> None:
        self.overrides = overrides
        # a platform override wins over a handle-wide one for the same handle
        rows = [(o.handle, normalize_platform(o.platform) if o.platform else None, i)
                for i, o in enumerate(overrides)]
        self._table = pl.DataFrame(rows, schema={"_handle": pl.String, "_platform": pl.String, "_index": pl.Int64},
                                   orient="row")
        self.matched: set[int] = set()

    def apply(self, frame: pl.DataFrame) -> pl.DataFrame:
        if not self.overrides:
            return frame
        keys = frame.select(_handle=pl.col("handle").str.to_lowercase(), _platform=pl.col("platform"),
                            _row=pl.int_range(pl.len()))
        exact = keys.join(self._table.filter(pl.col("_platform").is_not_null()), on=["_handle", "_platform"], how="left")
        wide = keys.join(self._table.filter(pl.col("_platform").is_null()).drop("_platform"), on="_handle", how="left")
        index = exact.sort("_row")["_index"].fill_null(wide.sort("_row")["_index"])
        self.matched.update(int(i) for i in index.drop_nulls().unique())
        texts = [o.text() for o in self.overrides]
        actions = [o.action for o in self.overrides]
        action = index.replace_strict(list(range(len(actions))), actions, default=None, return_dtype=pl.String)
        text = index.replace_strict(list(range(len(texts))), texts, default=None, return_dtype=pl.String)
        verdict = pl.col("verdict")
        return frame.with_columns(
            verdict=pl.when(action == "approve").then(pl.lit("shortlist"))
            .when(action == "exclude").then(pl.lit("reject"))
            .when((action == "hold") & (verdict == "shortlist")).then(pl.lit("review"))
            .otherwise(verdict),
            reasons=pl.when(text.is_not_null()).then(pl.concat_list(pl.format("override {}", pl.lit(text)), pl.col("reasons")))
            .otherwise(pl.col("reasons")),
            override=text,
        )

    def unmatched(self) -> list[Override]:
        return [o for i, o in enumerate(self.overrides) if i not in self.matched]
