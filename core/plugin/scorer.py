"""The scorer contract: the base class every scorer (built-in or third party) subclasses."""

from __future__ import annotations

import functools
import threading
from typing import TYPE_CHECKING, Any, ClassVar, TypeVar
from collections.abc import Callable

import attrs
import pyarrow as pa

from brandfit.inputs.creator import Creator, creators_from_batch
from brandfit.plugin.results import ScoreBatch, ScoreResult
from brandfit.text.service import BatchText, TextMatcher, TextMatches, TextNeed

if TYPE_CHECKING:
    import polars as pl

    from brandfit.rules.model import Brand, TierBands

T = TypeVar("T")


@attrs.frozen
class NoOptions:
    """Options class for a scorer that takes none beyond ``weight`` and ``enabled``."""


@attrs.frozen
class ScorerSetup:
    """What a scorer is built with, once per run: its validated options and the brand context."""

    options: Any
    brand: Brand
    tiers: TierBands
    rule_key: str  # "scorers.<name>", for evidence that points back at the rule file
    #: the score that stands in for this scorer when it has no data ([scorers.<name>] prior);
    #: a scorer whose confidence grows with its evidence pulls thin evidence toward it
    prior: float = 0.0


class BatchContext:
    """Per-batch information the engine hands every scorer.

    ``tiers`` holds each creator's tier name (computed once by the engine from ``[tiers]``);
    ``want_evidence`` is false on runs that only need scores, so scorers may skip building evidence.
    """

    batch: pa.RecordBatch
    tiers: pa.Array
    want_evidence: bool

    def __init__(self, batch: pa.RecordBatch, tiers: pa.Array, want_evidence: bool,
                 text_matcher: TextMatcher | None = None) -> None:
        self.batch = batch
        self.tiers = tiers
        self.want_evidence = want_evidence
        self._text = BatchText(batch, text_matcher or TextMatcher(), want_evidence)
        self._shared: dict[tuple[Any, ...], Any] = {}
        self._shared_lock = threading.Lock()

    def text(self, need: TextNeed) -> TextMatches:
        """The matches of ``need`` in this batch. For the need :meth:`Scorer.text_need` declares,
        the engine has matched it already, with every other scorer's, ahead of scoring."""
        return self._text.matches(need)

    def shared(self, fn: Callable[..., T], *args: Any) -> T:
        """``fn(batch, *args)``, computed once per batch: every scorer that asks with the same
        function and (hashable) arguments gets the same result, so scorers that read the same
        derived arrays (the recent posts' counts, say) do not each compute them. Treat the result
        as read-only: other scorers read it too."""
        key = (fn, *args)
        with self._shared_lock:
            if key in self._shared:
                return self._shared[key]
        value = fn(self.batch, *args)  # outside the lock: a slow computation blocks no other key
        with self._shared_lock:
            return self._shared.setdefault(key, value)

    @property
    def frame(self) -> pl.DataFrame:
        """The batch as a polars DataFrame (with a ``tier`` column), converted once; each access
        gives a new frame over the same columns (no copy), so a scorer that changes its frame in
        place (``insert_column``, ``drop_in_place``) changes nobody else's."""
        return self._frame.clone()

    @functools.cached_property
    def _frame(self) -> pl.DataFrame:
        import polars as pl

        return pl.from_arrow(self.batch.append_column("tier", self.tiers))  # type: ignore[return-value]


class Scorer:
    """Base class of every scorer.

    Subclasses set ``name`` and ``description``, optionally an attrs ``Options`` class (filled from
    the rule file's ``[scorers.<name>]`` table), and implement **one** of:

    - :meth:`score_batch` -- fastest: whole columns at a time;
    - :meth:`score_creator` -- simplest: one :class:`~brandfit.Creator` at a time; the engine adapts
      it to batches, converting only the creator ``fields`` the scorer lists.

    The engine always calls ``score_batch``; the default one calls ``score_creator`` per creator. A
    scorer that defines both is scored by its ``score_batch`` alone.
    """

    name: ClassVar[str] = ""
    description: ClassVar[str] = ""
    Options: ClassVar[type] = NoOptions
    #: creator fields ``score_creator`` reads; None means all (slower)
    fields: ClassVar[tuple[str, ...] | None] = None
    #: plugin API versions this scorer was written for (see docs/plugins/compatibility.md)
    api_version: ClassVar[int] = 1
    setup: ScorerSetup
    options: Any  # setup.options: an instance of Options

    def __init__(self, setup: ScorerSetup) -> None:
        self.setup = setup
        self.options = setup.options

    def score_creator(self, creator: Creator) -> ScoreResult:
        raise NotImplementedError(f"scorer {self.name!r} implements neither score_batch nor score_creator")

    def score_batch(self, batch: pa.RecordBatch, ctx: BatchContext) -> ScoreBatch:
        """Default: adapt :meth:`score_creator`; an exception for one creator stays with that creator."""
        results: list[ScoreResult | None] = []
        errors: list[str | None] = []
        tiers = ctx.tiers.to_pylist()
        for i, creator in enumerate(creators_from_batch(batch, self.fields)):
            try:
                result = self.score_creator(attrs.evolve(creator, tier=tiers[i]))
                if not isinstance(result, ScoreResult):
                    raise TypeError(f"score_creator returned {type(result).__name__}, expected ScoreResult")
            except Exception as exc:  # contained: becomes an error finding for this creator only
                results.append(None)
                errors.append(f"{type(exc).__name__}: {exc}")
            else:
                results.append(result)
                errors.append(None)
        done = [r for r in results if r is not None]
        return ScoreBatch(
            scores=[None if r is None else r.score for r in results],
            missing=[None if r is None else r.missing for r in results],
            reasons=[None if r is None else r.reason for r in results],
            flags=[[] if r is None else [f.code for f in r.flags] for r in results],
            evidence=[[] if r is None else [e.to_dict() for e in r.evidence] for r in results],
            # a metric a creator's result lacks is null there
            metrics={key: [None if r is None else r.metrics.get(key) for r in results]
                     for key in dict.fromkeys(key for r in done for key in r.metrics)},
            errors=errors,
        )

    def text_need(self) -> TextNeed | None:
        """The text this scorer reads, if any: term groups, recent posts, bio (a :class:`TextNeed`).

        Declared once per run (the engine calls it when it is built); every batch is then matched
        for all scorers in one pass ahead of scoring, and ``score_batch`` reads the result with
        ``ctx.text(need)``."""
        return None

    @classmethod
    def flag_codes(cls, options: Any) -> frozenset[str] | None:
        """Every flag code this scorer can raise under ``options``, or None if it does not say.

        Declaring them lets a rule file's ``[decision] veto`` / ``hold`` be checked for typos: a
        misspelled code would otherwise never match, and a veto would silently stop working.
        """
        return None

    @classmethod
    def implements_batch(cls) -> bool:
        """Whether the class defines its own ``score_batch`` (then ``score_creator`` is never called)."""
        return cls.score_batch is not Scorer.score_batch
