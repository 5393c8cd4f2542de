"""The batch engine: runs every enabled scorer over each batch and combines their results.

Pluggy is only used (in plugin.host) to discover scorers; here scorer objects are called directly,
once per batch, so a run costs one Python call per scorer per batch, not per creator.
"""

from __future__ import annotations


import attrs
import polars as pl
import pyarrow as pa

from brandfit.plugin.host import Registry
from brandfit.rules.model import Rules
from brandfit.plugin.results import ScoreBatch
from brandfit.plugin.scorer import BatchContext, Scorer, ScorerSetup
from brandfit.containment.stdout_guard import plugin_code
from brandfit.containment.time_limit import DEFAULT_SCORER_SECONDS, LimitedCalls, TimeLimitExceeded
from brandfit.engine.score_checks import ScorerColumns, check_batch, metric_clash, whole_batch_error
from brandfit.engine.tier_bands import tier_expr
from brandfit.engine.overrides import OverrideMatcher
from brandfit.engine.verdicts import ScorerWeight, Verdicts
from brandfit.text.service import TextMatcher

CARRIED_COLUMNS = ("handle", "platform", "followers", "country")


class ScorerFailure(Exception):
    """Raised instead of containing a scorer error when the run asked for errors to be fatal."""


class _UnstartedScorer(Scorer):
    """Stands in for a scorer whose constructor raised: its creators get that error as a finding,
    and every other scorer still runs."""

    def __init__(self, name: str, setup: ScorerSetup, message: str) -> None:
        super().__init__(setup)
        self.name = name  # type: ignore[misc]
        self.message = message

    def score_batch(self, batch: pa.RecordBatch, ctx: BatchContext) -> ScoreBatch:
        n = batch.num_rows
        return ScoreBatch(scores=[None] * n, errors=[self.message] * n)


@attrs.frozen
class EngineOptions:
    want_evidence: bool = False   # build evidence columns (explain, brandfit.testing)
    fatal_errors: bool = False    # a failing scorer stops the run instead of becoming a finding
    # seconds a scorer's score_batch may take on one batch; None: no limit
    scorer_seconds: float | None = DEFAULT_SCORER_SECONDS
    match_threads: int = 2        # threads matching one big batch's texts (brandfit.run.plan decides)


@attrs.frozen
class PreparedBatch:
    """A batch made ready for scoring: the scorers' context (text matched) and the result's first
    columns (handle, platform, followers, tier)."""

    context: BatchContext
    carried: pl.DataFrame


class Engine:
    """Scores batches of creators under one set of validated rules."""

    def __init__(self, rules: Rules, registry: Registry, options: EngineOptions = EngineOptions()) -> None:
        self.rules = rules
        self.options = options
        self.scorers: list[tuple[Scorer, float]] = []
        # rules validated against this registry imported their scorers already; this finds them
        registry = registry.with_scorers(rule.name for rule in rules.scorers)
        for rule in rules.scorers:
            cls = registry.scorers[rule.name]
            setup = ScorerSetup(options=rule.options, brand=rules.brand, tiers=rules.tiers, rule_key=rule.key, prior=rule.prior)
            try:
                with plugin_code():
                    scorer = cls(setup)
                    scorer.text_need()  # plugin code too: a scorer it fails for cannot start either
            except Exception as exc:  # the plugin's fault: only its own findings suffer
                scorer = _UnstartedScorer(rule.name, setup, f"failed to start: {type(exc).__name__}: {exc}".splitlines()[0])
            self.scorers.append((scorer, rule.weight))
        self.fingerprint = rules.fingerprint
        self.plugin_versions = {
            rule.name: f"{registry.owners[rule.name].distribution or registry.owners[rule.name].name}"
                       f" {registry.owners[rule.name].version or '?'}"
            for rule in rules.scorers
        }
        self._tier = tier_expr(rules.tiers)
        self._verdicts = Verdicts([ScorerWeight(rule.name, rule.weight, rule.prior) for rule in rules.scorers], rules.decision)
        #: the rules' overrides; remembers which matched a creator (``overrides.unmatched()``)
        self.overrides = OverrideMatcher(rules.overrides)
        self._text_needs = tuple(dict.fromkeys(need for scorer, _ in self.scorers if (need := scorer.text_need()) is not None))
        self._text = TextMatcher(self._text_needs, threads=options.match_threads)
        # scorers that ran out of time, with the message their later creators get: they are not
        # called again (their hung call may still be running)
        self.timed_out: dict[str, str] = {}
        self._calls = LimitedCalls()

    @property
    def scorers_in_order(self) -> list[Scorer]:
        return [scorer for scorer, _ in self.scorers]

    @property
    def plugins_label(self) -> str:
        """The plugin versions behind every result, as written in the `plugins` output column."""
        return ", ".join(f"{name}={version}" for name, version in self.plugin_versions.items())

    def prepare(self, batch: pa.RecordBatch) -> PreparedBatch | None:
        """The batch's context with every scorer's declared text matched, for :meth:`score_batch`;
        safe to run on another thread while an earlier batch is scored. None if anything failed:
        ``score_batch`` then starts afresh and the scorer that reads the text reports the failure."""
        try:
            prepared = self._context(batch)
            for need in self._text_needs:
                prepared.context.text(need)
        except (Exception, pl.exceptions.PanicException):
            return None
        return prepared

    def _context(self, batch: pa.RecordBatch) -> PreparedBatch:
        base = pl.from_arrow(batch.select(list(CARRIED_COLUMNS)))
        assert isinstance(base, pl.DataFrame)
        tiers = base.select(self._tier.alias("tier"))["tier"]
        ctx = BatchContext(batch, tiers.to_arrow(), self.options.want_evidence, self._text)
        return PreparedBatch(context=ctx, carried=base.with_columns(tiers))

    def score_batch(self, batch: pa.RecordBatch, prepared: PreparedBatch | None = None) -> pl.DataFrame:
        """Every scorer's results for ``batch``, combined; ``prepared`` from :meth:`prepare` if done."""
        n = batch.num_rows
        prepared = prepared if prepared is not None and prepared.context.batch is batch else self._context(batch)
        ctx = prepared.context
        columns: dict[str, ScorerColumns] = {}
        taken = dict.fromkeys(prepared.carried.columns, "an input column")
        for scorer, _weight in self.scorers:
            result = self._run_one(scorer, batch, ctx, n)
            clash = metric_clash(result.metrics, taken)
            if clash is not None:
                if self.options.fatal_errors:
                    raise ScorerFailure(f"scorer {scorer.name!r} failed: {clash}")
                result = whole_batch_error(n, clash)
            taken.update(dict.fromkeys(result.metrics, f"scorer {scorer.name!r}'s metric"))
            columns[scorer.name] = result
        return self.overrides.apply(self._verdicts.combine(prepared.carried, columns, want_evidence=self.options.want_evidence))

    def _run_one(self, scorer: Scorer, batch: pa.RecordBatch, ctx: BatchContext, n: int) -> ScorerColumns:
        if scorer.name in self.timed_out:
            return self._timed_out(scorer, n)
        limit = self.options.scorer_seconds
        try:
            returned = self._calls.call(scorer.score_batch, (batch, ctx), limit)
            result = check_batch(returned, n, self.options.want_evidence)
        except TimeLimitExceeded:
            self.timed_out[scorer.name] = (f"timed out: score_batch of a batch of {n} took more than {limit:g} s "
                                           "(--scorer-timeout); not called again this run")
            return self._timed_out(scorer, n)
        except (Exception, pl.exceptions.PanicException) as exc:  # contained: the other scorers' results stand
            # (a polars panic is a BaseException, but it is the scorer's failure, not the run's)
            if self.options.fatal_errors:
                raise ScorerFailure(f"scorer {scorer.name!r} failed: {type(exc).__name__}: {exc}") from exc
            return whole_batch_error(n, f"{type(exc).__name__}: {exc}")
        if self.options.fatal_errors and result.errors.null_count() < n:
            first = result.errors.drop_nulls()[0]
            raise ScorerFailure(f"scorer {scorer.name!r} failed: {first}")
        return result

    def _timed_out(self, scorer: Scorer, n: int) -> ScorerColumns:
        if self.options.fatal_errors:
            raise ScorerFailure(f"scorer {scorer.name!r} failed: {self.timed_out[scorer.name]}")
        return whole_batch_error(n, self.timed_out[scorer.name])
