"""A creator's recent posts: one recency order for every scorer that reads "the N newest posts".

Newest ``posted_at`` first, undated posts after dated ones, then in file order. The text service,
engagement and plugins (``recent_posts``) all take it from here, so they cannot disagree.
"""

from __future__ import annotations

import numpy as np
import polars as pl
import pyarrow as pa

from brandfit.columnar.lists import to_numpy


def recency_order(cid: np.ndarray, posted_at: pa.Array) -> tuple[np.ndarray, np.ndarray]:
    """(order, rank) of posts listed by creator (``cid`` ascending) in file order: ``order``
    sorts them by creator, then newest first; ``rank[i]`` is post i's place among its creator's."""
    undated = to_numpy(posted_at.is_null())
    stamp = pl.Series(posted_at.cast(pa.int64())).fill_null(0).to_numpy()
    # lexsort: the last key sorts first; ~stamp (-stamp - 1) puts the newest first without overflow
    order = np.lexsort((np.arange(len(cid)), ~stamp, undated, cid))
    ranked = cid[order]
    counts = np.bincount(ranked) if len(ranked) else np.zeros(0, dtype=np.int64)
    rank = np.empty(len(order), dtype=np.int64)
    rank[order] = np.arange(len(ranked)) - (np.cumsum(counts) - counts)[ranked]
    return order, rank


def recent_posts(frame: pl.DataFrame, limit: int) -> pl.DataFrame:
    """One row per post of ``frame``'s ``posts`` column with ``cid`` and ``ordinal``, keeping each
    creator's ``limit`` newest (0 keeps all), in :func:`recency_order` when some creator has more."""
    posts = (frame.select(pl.int_range(pl.len(), dtype=pl.UInt32).alias("cid"), "posts").explode("posts")
             .drop_nulls("posts").with_columns(pl.int_range(pl.len(), dtype=pl.UInt32).over("cid").alias("ordinal"))
             .unnest("posts"))
    if limit and posts.height and frame["posts"].list.len().gt(limit).any():
        order, rank = recency_order(posts["cid"].cast(pl.Int64).to_numpy(), posts["posted_at"].to_arrow())
        posts = posts[order[rank[order] < limit]]
    return posts
