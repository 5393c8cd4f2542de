"""The creator record: its Arrow schema (the batch format) and attrs views for per-creator code.

Counts are float64 so that values parsed from exports ("3.3M") and JSON integers share one type;
null always means "missing", never zero.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any
from collections.abc import Iterable, Iterator

import attrs
import pyarrow as pa


POST_TYPE = pa.struct(
    [
        ("id", pa.string()),
        ("posted_at", pa.timestamp("us", tz="UTC")),
        ("likes", pa.float64()),
        ("comments", pa.float64()),
        ("shares", pa.float64()),
        ("saves", pa.float64()),
        ("views", pa.float64()),
        ("caption", pa.string()),
        ("hashtags", pa.list_(pa.string())),
        ("mentions", pa.list_(pa.string())),
        ("sponsored", pa.bool_()),
        ("url", pa.string()),
    ]
)

CREATOR_SCHEMA = pa.schema(
    [
        ("handle", pa.string()),
        ("platform", pa.string()),
        ("followers", pa.float64()),
        ("following", pa.float64()),
        ("post_count", pa.float64()),
        ("has_profile_picture", pa.bool_()),
        ("authentic_engagement", pa.float64()),
        ("bio", pa.string()),
        ("country", pa.string()),
        ("categories", pa.list_(pa.string())),
        ("fee", pa.float64()),
        ("posts", pa.list_(POST_TYPE)),
    ]
)

CREATOR_FIELDS = tuple(CREATOR_SCHEMA.names)
POST_FIELDS = tuple(f.name for f in POST_TYPE)
# counts travel as float64 columns (an export's average post may hold 123.4 likes); a whole count
# reaches score_creator as an int, so evidence reads "20000", not "20000.0"
_CREATOR_COUNTS = ("followers", "following", "post_count")
_POST_COUNTS = ("likes", "comments", "shares", "saves", "views")


def _whole(value: Any) -> Any:
    return int(value) if isinstance(value, float) and value.is_integer() else value

# Common spellings in exports, mapped to brandfit's platform names.
PLATFORM_ALIASES = {"ig": "instagram", "insta": "instagram", "twitter": "x", "tw": "x", "yt": "youtube", "tt": "tiktok",
                    "fb": "facebook"}


def normalize_platform(value: str | None) -> str | None:
    if value is None:
        return None
    key = value.strip().lower()
    return PLATFORM_ALIASES.get(key, key) or None


def _texts(items: Iterable[str] | None) -> tuple[str, ...]:
    return tuple(items or ())


def _posts(items: Iterable[Post] | None) -> tuple[Post, ...]:
    return tuple(items or ())


@attrs.frozen
class Post:
    """One post, as a per-creator scorer sees it. Whole counts are ints."""

    id: str | None = None
    posted_at: datetime | None = None
    likes: float | None = None
    comments: float | None = None
    shares: float | None = None
    saves: float | None = None
    views: float | None = None
    caption: str | None = None
    hashtags: tuple[str, ...] = attrs.field(default=(), converter=_texts)
    mentions: tuple[str, ...] = attrs.field(default=(), converter=_texts)
    sponsored: bool | None = None
    url: str | None = None


@attrs.frozen
class Creator:
    """One creator, as a per-creator scorer sees it. ``tier`` is filled in by the engine; whole
    counts are ints."""

    handle: str
    platform: str | None = None
    followers: float | None = None
    following: float | None = None
    post_count: float | None = None
    has_profile_picture: bool | None = None
    authentic_engagement: float | None = None
    bio: str | None = None
    country: str | None = None
    categories: tuple[str, ...] = attrs.field(default=(), converter=_texts)
    fee: float | None = None
    posts: tuple[Post, ...] = attrs.field(default=(), converter=_posts)
    tier: str | None = None

    @classmethod
    def from_dict(cls, row: dict[str, Any]) -> Creator:
        posts = tuple(Post(**{k: _whole(p.get(k)) if k in _POST_COUNTS else p.get(k) for k in POST_FIELDS})
                      for p in (row.get("posts") or ()))
        known: dict[str, Any] = {k: _whole(row.get(k)) if k in _CREATOR_COUNTS else row.get(k)
                                 for k in CREATOR_FIELDS if k != "posts"}
        return cls(**known, posts=posts, tier=row.get("tier"))


def creators_from_batch(batch: pa.RecordBatch, fields: tuple[str, ...] | None = None) -> Iterator[Creator]:
    """Convert a batch to :class:`Creator` objects, only with the columns a scorer asked for.

    Converting only what is needed matters: Python objects for every field of every post cost far
    more than the scoring itself (see docs/performance.md).
    """
    wanted = [n for n in batch.schema.names if fields is None or n in fields or n in ("handle", "tier")]
    columns = {n: batch.column(n).to_pylist() for n in wanted}
    for i in range(batch.num_rows):
        yield Creator.from_dict({n: col[i] for n, col in columns.items()})
