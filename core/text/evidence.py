"""What a reviewer checks a hit against: an excerpt of the text as written around it, and the post's link."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import polars as pl

CONTEXT_CHARS = 60
_GAP = r"[\W_]*"


def excerpt(raw: str, matched: str, context: int = CONTEXT_CHARS) -> str:
    """About ``context`` characters of ``raw`` (the text as written) on each side of the first
    place its words read as ``matched`` (the hit in normalized text: lower case, one space between
    words), on one line, with ``…`` where it was cut. Falls back to ``matched`` itself when the
    written text cannot be lined up with it (it always can for texts brandfit normalized)."""
    words = matched.split()
    if not words:
        return ""
    found = re.search(_GAP.join(re.escape(w) for w in words), raw, re.IGNORECASE)
    if found is None:
        return matched.strip()
    start, end = max(0, found.start() - context), min(len(raw), found.end() + context)
    # whole words at the cut, when a space is near
    if start > 0:
        space = raw.find(" ", start, found.start())
        start = space + 1 if 0 <= space < start + 15 else start
    if end < len(raw):
        space = raw.rfind(" ", found.end(), end)
        end = space if space > end - 15 else end
    text = " ".join(raw[start:end].split())
    return ("…" if start > 0 else "") + text + ("…" if end < len(raw) else "")


def quoted_excerpt() -> pl.Expr:
    """For evidence messages: ``: "…excerpt…" <url>`` from a hits frame's ``excerpt`` and ``url``."""
    import polars as pl

    quoted = pl.when(pl.col("excerpt").fill_null("") != "").then(pl.format(': "{}"', pl.col("excerpt"))).otherwise(pl.lit(""))
    link = pl.when(pl.col("url").is_not_null()).then(pl.format(" {}", pl.col("url"))).otherwise(pl.lit(""))
    return quoted + link
