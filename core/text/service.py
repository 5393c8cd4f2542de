"""Text matching as an engine service: scorers declare the text they need, the engine matches it.

A scorer returns a :class:`TextNeed` from ``Scorer.text_need`` (term groups, how many recent
posts, whether the bio counts). The engine keeps one :class:`TextMatcher` per run: every declared
need's groups compiled once and matched in one Aho-Corasick pass per batch, ahead of scoring on
the prepare threads. ``BatchContext.text(need)`` then hands the scorer its :class:`TextMatches`,
the same arrays whether or not evidence is wanted (hits are only added), so ``explain`` and
``score`` cannot disagree.
"""

from __future__ import annotations

import threading
from typing import TYPE_CHECKING
from collections.abc import Iterable, Mapping

import attrs

if TYPE_CHECKING:  # imported where used: `import brandfit` stays light for commands that score nothing
    import polars as pl
    import pyarrow as pa

    from brandfit.text.batch import BatchTexts, MatchPlan
    from brandfit.text.terms import TermSet

Groups = tuple[tuple[str, tuple[str, ...]], ...]


def _groups(value: Mapping[str, Iterable[str]] | Iterable[tuple[str, Iterable[str]]]) -> Groups:
    items = value.items() if isinstance(value, Mapping) else value
    return tuple((str(name), tuple(terms)) for name, terms in items)


@attrs.frozen(cache_hash=True)
class TextNeed:
    """The text one scorer reads: term ``groups`` (name -> terms, in the term syntax of
    docs/rule-files.md), each creator's ``recent_posts`` newest posts (0: all) and, with
    ``include_bio``, the bio as one more text. Equal needs are matched and counted once."""

    groups: Groups = attrs.field(converter=_groups)
    recent_posts: int = 0
    include_bio: bool = True
    #: (group, language) pairs: such a group only counts for creators writing in that language
    #: (brandfit.text.language); groups not listed count for everyone
    languages: tuple[tuple[str, str], ...] = attrs.field(default=(), converter=lambda v: tuple(sorted(dict(v).items())))


@attrs.frozen
class TextMatches:
    """What the engine found for one :class:`TextNeed` in one batch (``cid``: a creator's row).

    ``per_group``: one row per (creator, group) hit: ``cid``, ``group``, ``texts`` (distinct texts
    of the creator hitting the group; a post listed twice under one id counts once).
    ``texts_per_creator``: texts read per creator. ``posts_with_text``: per creator, posts with
    any caption, hashtag or mention, at most ``recent_posts`` (a post standing for an export's
    averages has no text and proves nothing). ``hits``: only when evidence is wanted, one row per
    (creator, item, group, term), in no promised order: ``cid``, ``item`` (post id, ``#n`` or ``bio``),
    ``group``, ``term``, ``text``, ``start``, ``end`` (byte positions in the normalized text).
    """

    per_group: pl.DataFrame
    texts_per_creator: pl.Series
    posts_with_text: pl.Series
    hits: pl.DataFrame | None = None
    #: per creator, the language of their texts, when the need has language-scoped groups
    languages: pl.Series | None = None


class TextMatcher:
    """The run's matching state, shared by the prepare threads: each need's groups compiled once,
    and one automaton for every need declared so far (a need first asked for in a batch joins)."""

    def __init__(self, needs: Iterable[TextNeed] = (), threads: int = 2) -> None:
        self.threads = threads
        self._lock = threading.Lock()
        self._sets: dict[Groups, TermSet] = {}
        self._plans: dict[tuple[int, ...], MatchPlan] = {}
        for need in needs:
            self.terms(need)

    def terms(self, need: TextNeed) -> tuple[TermSet, list[TermSet]]:
        """``need``'s groups compiled, the same TermSet every batch (matches are kept by set), and
        every set the run knows, to be matched in one pass."""
        with self._lock:
            found = self._sets.get(need.groups)
            if found is None:
                from brandfit.text.terms import compile_terms

                found = self._sets[need.groups] = compile_terms(dict(need.groups))
            return found, list(self._sets.values())

    def plan(self, sets: list[TermSet]) -> MatchPlan:
        """One automaton for ``sets``, built once per run."""
        key = tuple(id(s) for s in sets)
        with self._lock:
            found = self._plans.get(key)
            if found is None:
                from brandfit.text.batch import MatchPlan

                found = self._plans[key] = MatchPlan.of(sets)
            return found


class BatchText:
    """One batch's side of the service: its texts built at the first need and matched in one
    pass for every need the run knows; :meth:`matches` per need, kept for the batch."""

    def __init__(self, batch: pa.RecordBatch, matcher: TextMatcher, want_evidence: bool) -> None:
        self._batch = batch
        self._matcher = matcher
        self._want_evidence = want_evidence
        self._texts: BatchTexts | None = None
        self._done: dict[TextNeed, TextMatches] = {}

    def matches(self, need: TextNeed) -> TextMatches:
        if need in self._done:
            return self._done[need]
        import polars as pl

        from brandfit.text.batch import BatchTexts

        texts = self._texts = self._texts or BatchTexts(self._batch)
        terms, every_set = self._matcher.terms(need)
        texts.match(every_set, self._matcher.plan, self._matcher.threads)
        group_language = dict(need.languages)
        per_group, counts = texts.tally(terms, need.recent_posts, need.include_bio, group_language)
        posts = pl.Series("posts", texts.posts_with_text, dtype=pl.UInt32)
        hits = texts.hits(terms, need.recent_posts, need.include_bio, group_language) if self._want_evidence else None
        languages = pl.Series("language", texts.languages(), dtype=pl.String) if group_language else None
        found = self._done[need] = TextMatches(per_group, counts, posts.clip(upper_bound=need.recent_posts or None), hits, languages)
        return found
