"""The batch engine: runs every enabled scorer over each batch and combines their results.

Pluggy is only used (in plugin_host) to discover scorers; here scorer objects are called directly,
once per batch, so a run costs one Python call per scorer per batch, not per creator.
"""

from __future__ import annotations


import attrs
import polars as pl
import pyarrow as pa

from brandfit.plugin.host import Registry
from brandfit.rules.model import Rules
from brandfit.plugin.scorer import BatchContext, Scorer, ScorerSetup
from brandfit.engine.score_checks import ScorerColumns, check_batch, whole_batch_error
from brandfit.engine.tier_bands import tier_expr
from brandfit.engine.verdicts import Verdicts

CARRIED_COLUMNS = ("handle", "platform", "followers")


class ScorerFailure(Exception):
    """Raised instead of containing a scorer error when the run asked for errors to be fatal."""


@attrs.frozen
class EngineOptions:
    want_evidence: bool = False   # build evidence columns (explain, JSON outputs)
    fatal_errors: bool = False    # a failing scorer stops the run instead of becoming a finding


class Engine:
    """Scores batches of creators under one set of validated rules."""

    def __init__(self, rules: Rules, registry: Registry, options: EngineOptions = EngineOptions()) -> None:
        self.rules = rules
        self.options = options
        self.scorers: list[tuple[Scorer, float]] = []
        for rule in rules.scorers:
            cls = registry.scorers[rule.name]
            setup = ScorerSetup(options=rule.options, brand=rules.brand, tiers=rules.tiers, rule_key=rule.key)
            self.scorers.append((cls(setup), rule.weight))
        self.fingerprint = rules.fingerprint
        self.plugin_versions = {
            rule.name: f"{registry.owners[rule.name].distribution or registry.owners[rule.name].name}"
                       f" {registry.owners[rule.name].version or '?'}"
            for rule in rules.scorers
        }
        self._tier = tier_expr(rules.tiers)
        self._verdicts = Verdicts([(scorer.name, weight) for scorer, weight in self.scorers], rules.decision)
        self._run_state: dict = {}  # kept across batches for the scorers (BatchContext.run_state)

    @property
    def scorers_in_order(self) -> list[Scorer]:
        return [scorer for scorer, _ in self.scorers]

    @property
    def plugins_label(self) -> str:
        """The plugin versions behind every result, as written in the `plugins` output column."""
        return ", ".join(f"{name}={version}" for name, version in self.plugin_versions.items())

    def prepare(self, batch: pa.RecordBatch) -> BatchContext | None:
        """The batch's context with every scorer's :meth:`Scorer.prepare` done, for
        :meth:`score_batch`; safe to run on another thread while an earlier batch is scored.
        None if anything failed: ``score_batch`` then starts afresh and reports the failure."""
        try:
            ctx = self._context(batch)
            for scorer, _weight in self.scorers:
                scorer.prepare(batch, ctx)
        except (Exception, pl.exceptions.PanicException):
            return None
        return ctx

    def _context(self, batch: pa.RecordBatch) -> BatchContext:
        base = pl.from_arrow(batch.select(list(CARRIED_COLUMNS)))
        assert isinstance(base, pl.DataFrame)
        tiers = base.select(self._tier.alias("tier"))["tier"]
        ctx = BatchContext(batch, tiers.to_arrow(), self.options.want_evidence, self._run_state)
        ctx.cache["engine.carried"] = base.with_columns(tiers)  # the result's first columns
        return ctx

    def score_batch(self, batch: pa.RecordBatch, ctx: BatchContext | None = None) -> pl.DataFrame:
        """Every scorer's results for ``batch``, combined; ``ctx`` from :meth:`prepare` if done."""
        n = batch.num_rows
        ctx = ctx if ctx is not None and ctx.batch is batch else self._context(batch)
        base = ctx.cache["engine.carried"]
        columns: dict[str, ScorerColumns] = {}
        for scorer, _weight in self.scorers:
            columns[scorer.name] = self._run_one(scorer, batch, ctx, n)
        return self._verdicts.combine(base, columns, want_evidence=self.options.want_evidence)

    def _run_one(self, scorer: Scorer, batch: pa.RecordBatch, ctx: BatchContext, n: int) -> ScorerColumns:
        try:
            result = check_batch(scorer.score_batch(batch, ctx), n, self.options.want_evidence)
        except (Exception, pl.exceptions.PanicException) as exc:  # contained: the other scorers' results stand
            # (a polars panic is a BaseException, but it is the scorer's failure, not the run's)
            if self.options.fatal_errors:
                raise ScorerFailure(f"scorer {scorer.name!r} failed: {type(exc).__name__}: {exc}") from exc
            return whole_batch_error(n, f"{type(exc).__name__}: {exc}")
        if self.options.fatal_errors and result.errors.null_count() < n:
            first = result.errors.drop_nulls()[0]
            raise ScorerFailure(f"scorer {scorer.name!r} failed: {first}")
        return result
