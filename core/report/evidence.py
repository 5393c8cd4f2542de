"""Evidence for the report's cards: the chosen creators scored again with evidence, and the text of
each post that evidence names (an excerpt), taken from the input as it is read."""

from __future__ import annotations

from typing import Any
from collections.abc import Callable

import polars as pl
import pyarrow as pa
import pyarrow.compute as pc

from brandfit.rules.model import Rules

EXCERPT_CHARS = 240
# post fields a card links to when the input has them (the creator format has none today; a map
# file or a plugin-extended reader may add one)
LINK_FIELDS = ("url", "link", "permalink")


def _key(handles: Any, platforms: Any) -> Any:
    return pc.binary_join_element_wise(pc.fill_null(handles, ""), pc.fill_null(platforms, "\x01"), "\x00")


class EvidenceCapture:
    """A ``select`` for the scoring run (brandfit.cli._run) that keeps only ``wanted`` creators and
    notes the text and link of each of their posts, and their bio."""

    def __init__(self, wanted: list[tuple[str, str | None]]) -> None:
        self.wanted = pa.array([f"{h}\x00{p if p is not None else chr(1)}" for h, p in wanted], pa.string())
        self.excerpts: dict[tuple[str, str | None, str], dict[str, str]] = {}

    def __call__(self, batch: pa.RecordBatch) -> pa.RecordBatch:
        mask = pc.is_in(_key(batch.column("handle"), batch.column("platform")), value_set=self.wanted)
        chosen = batch.filter(pc.fill_null(mask, False))
        if chosen.num_rows:
            self._note(chosen)
        return chosen

    def _note(self, chosen: pa.RecordBatch) -> None:
        names = chosen.schema.names
        handles = chosen.column("handle").to_pylist()
        platforms = chosen.column("platform").to_pylist()
        bios = chosen.column("bio").to_pylist() if "bio" in names else [None] * len(handles)
        posts = chosen.column("posts").to_pylist() if "posts" in names else [None] * len(handles)
        for handle, platform, bio, items in zip(handles, platforms, bios, posts, strict=True):
            if bio:
                self.excerpts[(handle, platform, "bio")] = {"text": _cut(bio)}
            for position, post in enumerate(items or [], start=1):
                name = post.get("id") or f"#{position}"
                found = {"text": _cut(post["caption"])} if post.get("caption") else {}
                link = next((post[f] for f in LINK_FIELDS if post.get(f)), None)
                if link and str(link).startswith(("https://", "http://")):
                    found["link"] = str(link)
                if found:
                    self.excerpts[(handle, platform, name)] = found


def _cut(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= EXCERPT_CHARS else text[:EXCERPT_CHARS - 1].rstrip() + "…"


def evidence_by_row(scored: pl.DataFrame, capture: EvidenceCapture, rules: Rules,
                    index_of: Callable[[str, str | None], int | None]) -> dict[int, dict[str, Any]]:
    """Evidence of each scored creator, by its index in the page, compact because there are many
    items: ``items`` as [scorer index, message, post or null, rule key or null], and ``posts``: the
    excerpt (and link) of each post the items name, once each. :func:`rule_origins` says where each
    rule key was set."""
    scorers = [s.name for s in rules.scorers]
    found: dict[int, dict[str, Any]] = {}
    for row in scored.iter_rows(named=True):
        index = index_of(row["handle"], row["platform"])
        if index is None:
            continue
        items: list[list[Any]] = []
        posts: dict[str, dict[str, str]] = {}
        for k, scorer in enumerate(scorers):
            for e in row.get(f"evidence_{scorer}") or []:
                if not e or not e.get("message"):
                    continue
                post: str | None = e.get("post") or None
                items.append([k, e["message"], post, e.get("rule") or None])
                if post is not None and (excerpt := capture.excerpts.get((row["handle"], row["platform"], post))):
                    posts[post] = excerpt
        found[index] = {"items": items, "posts": posts}
    return found


def rule_origins(evidence: dict[int, dict[str, Any]], rules: Rules) -> dict[str, str]:
    """file:line of every rule key the evidence names."""
    keys = {item[3] for found in evidence.values() for item in found["items"] if item[3]}
    return {key: rules.origin_of(key) for key in sorted(keys)}
