"""Which creators read from the input go on to be scored: the rule file's brand filters and duplicates.

- ``[brand] platforms`` / ``countries``: a creator outside them is *filtered*: not scored, counted
  in the summary line (rows read = used + rejected + filtered).
- The same handle (without case) on the same platform again: the first is scored, every later one
  is rejected with the reason (in the reject list), whatever its numbers.

Rows, not creators, are counted: a creator made of several input rows (a per-post export) counts
as its posts, one row each.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator

import attrs
import numpy as np
import polars as pl
import pyarrow as pa

from brandfit.inputs.creator import normalize_platform
from brandfit.inputs.rejects import ReadBatch, Reject
from brandfit.rules.model import Brand

DUPLICATE_REASON = "duplicate creator: the same handle and platform came earlier in the input; the first is scored"


def _rows_behind(read: ReadBatch) -> np.ndarray:
    """Input rows behind each creator of the batch: 1 each in a one-row-per-creator input, else its posts."""
    n = read.batch.num_rows
    if read.rows_used == n:
        return np.ones(n, dtype=np.int64)
    posts = pl.Series(read.batch.column("posts")).list.len().fill_null(0).to_numpy()
    return np.maximum(posts, 1).astype(np.int64)


def _mask(values: np.ndarray) -> pa.Array:
    # through polars: pa.array() on numpy imports pandas (0.2 s) wherever it is installed
    return pl.Series(values).to_arrow()


@attrs.define
class Admission:
    """Applied to every batch of one run, in order; remembers the creators already seen."""

    brand: Brand
    source: str
    _seen: np.ndarray = attrs.field(factory=lambda: np.empty(0, dtype=np.uint64))

    def _inside(self, batch: pa.RecordBatch) -> np.ndarray:
        keep = np.ones(batch.num_rows, dtype=bool)
        frame = pl.DataFrame([pl.Series("platform", batch.column("platform")), pl.Series("country", batch.column("country"))])
        if self.brand.platforms:
            wanted = sorted({normalize_platform(p) or p for p in self.brand.platforms})
            keep &= frame["platform"].is_in(wanted).fill_null(False).to_numpy()
        if self.brand.countries:
            wanted = sorted({c.strip().lower() for c in self.brand.countries})
            keep &= frame["country"].str.strip_chars().str.to_lowercase().is_in(wanted).fill_null(False).to_numpy()
        return keep

    def _first(self, batch: pa.RecordBatch) -> np.ndarray:
        """True for each creator not seen before (in earlier batches or earlier in this one)."""
        keys = pl.DataFrame([pl.Series("handle", batch.column("handle")).str.to_lowercase(),
                             pl.Series("platform", batch.column("platform"))]).hash_rows(seed=0).to_numpy()
        at = np.searchsorted(self._seen, keys)
        earlier = (at < len(self._seen)) & (self._seen[np.minimum(at, len(self._seen) - 1)] == keys) if len(self._seen) \
            else np.zeros(len(keys), dtype=bool)
        first = ~earlier & pl.Series(keys).is_first_distinct().to_numpy()
        # the new keys are distinct and unseen: inserted in place, the seen keys stay sorted in one
        # copy per batch (union1d sorted all of them again each batch, quadratic over a long run)
        new = np.sort(keys[first])
        self._seen = np.insert(self._seen, np.searchsorted(self._seen, new), new)
        return first

    def admit(self, read: ReadBatch) -> ReadBatch:
        batch = read.batch
        if batch.num_rows == 0:
            return read
        inside = self._inside(batch)
        first = self._first(batch if inside.all() else batch.filter(_mask(inside))) if inside.any() else np.zeros(0, dtype=bool)
        keep = inside.copy()
        keep[inside] = first
        if keep.all():
            return read
        rows = _rows_behind(read)
        duplicate = inside & ~keep
        rejects = [Reject(source=self.source, line=None, reason=DUPLICATE_REASON,
                          raw=json.dumps({"handle": h, "platform": p, "followers": f}, ensure_ascii=False))
                   for h, p, f in zip(*(batch.column(c).filter(_mask(duplicate)).to_pylist()
                                        for c in ("handle", "platform", "followers")), strict=True)]
        filtered, duplicate_rows = int(rows[~inside].sum()), int(rows[duplicate].sum())
        return attrs.evolve(read, batch=batch.filter(_mask(keep)), rejects=(*read.rejects, *rejects),
                            rows_used=read.rows_used - filtered - duplicate_rows,
                            rows_filtered=read.rows_filtered + filtered, duplicates=read.duplicates + len(rejects),
                            rows_rejected_beyond=read.rows_rejected_beyond + duplicate_rows - len(rejects))


def admitted(batches: Iterable[ReadBatch], brand: Brand, source: str) -> Iterator[ReadBatch]:
    admission = Admission(brand, source)
    for read in batches:
        yield admission.admit(read)
