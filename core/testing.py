"""Helpers that make a scorer plugin's own tests short (opt-in; import them in your tests).

    from brandfit.testing import make_creator, make_post, run_scorer

    def test_flags_low_cadence():
        creator = make_creator(posts=[make_post(posted_at="2026-10-01"), make_post(posted_at="2026-11-20")])
        [result] = run_scorer(CadenceScorer, [creator], options={"min_posts_per_week": 1})
        assert result.score == 0
        assert result.has_flag("cadence.irregular")

``run_scorer`` runs the scorer exactly as ``brandfit score`` does: options are validated from a
plain dict with the same rules and error messages as a rule file's ``[scorers.<name>]`` table,
creators go through the same input coercion, and the engine's batch path is used (so per-creator
scorers are adapted the same way). Errors are raised, not contained, so a test sees them.

With ``pytest_plugins = ["brandfit.testing"]`` in a conftest.py, the same helpers are also
available as the fixture ``brandfit_run``.
"""

from __future__ import annotations

import itertools
from typing import Any
from collections.abc import Iterable, Mapping

import attrs

from brandfit.engine.batch_engine import ScorerFailure
from brandfit.plugin.results import Evidence
from brandfit.rules.errors import RuleFileError

__all__ = [
    "RuleFileError",
    "ScoredCreator",
    "ScorerFailure",
    "assert_evidence",
    "make_creator",
    "make_post",
    "run_scorer",
    "brandfit_run",
]

_ids = itertools.count(1)


def make_post(**fields: Any) -> dict[str, Any]:
    """A post dict with an id; pass any post field (likes, caption, posted_at, hashtags, ...)."""
    return {"id": f"p{next(_ids)}", **fields}


def make_creator(handle: str | None = None, **fields: Any) -> dict[str, Any]:
    """A creator dict; ``handle`` defaults to a unique name, ``platform`` to instagram."""
    return {"handle": handle or f"creator{next(_ids)}", "platform": "instagram", **fields}


@attrs.frozen
class ScoredCreator:
    """One creator's result from one scorer, as a test sees it."""

    handle: str
    tier: str | None
    score: float | None
    missing: str | None
    reason: str | None
    flags: tuple[str, ...]
    evidence: tuple[Evidence, ...]
    error: str | None
    metrics: dict[str, Any]

    def has_flag(self, code: str) -> bool:
        return code in self.flags

    def evidence_for(self, post: str | None = None, term: str | None = None) -> list[Evidence]:
        return [e for e in self.evidence if (post is None or e.post == post) and (term is None or e.term == term)]


def run_scorer(
    scorer: type | str,
    creators: Iterable[Mapping[str, Any]],
    options: Mapping[str, Any] | None = None,
    brand: Mapping[str, Any] | None = None,
    tiers: Mapping[str, Any] | None = None,
    contain_errors: bool = False,
) -> list[ScoredCreator]:
    """Score ``creators`` (dicts in brandfit's creator format) with one scorer and its ``options``.

    ``scorer`` is a Scorer subclass, or the name of an installed scorer. ``brand`` and ``tiers`` are
    the rule file's ``[brand]`` and ``[tiers]`` tables. Raises ``RuleFileError`` for bad options and
    ``ScorerFailure`` when the scorer fails (unless ``contain_errors``: then see ``.error``).
    """
    from brandfit.inputs.batches import rows_to_table
    from brandfit.plugin.host import PluginInfo, Registry, check_scorer_class, load_registry
    from brandfit.inputs.coercion import coerce_creator
    from brandfit.rules.model import Brand, Decision, Rules, ScorerRule, TierBands
    from brandfit.engine.score_checks import PER_SCORER_PREFIXES, RESULT_COLUMNS
    from brandfit.rules.options import Structurer
    from brandfit.run.plan import build_engine

    if isinstance(scorer, str):
        cls = load_registry().with_scorers([scorer]).scorers[scorer]
    else:
        cls = scorer
        problem = check_scorer_class(cls)
        if problem:
            raise TypeError(problem)
    key = f"scorers.{cls.name}"
    s = Structurer(lambda _key: ("<test options>", None))
    parsed_options = s.structure(cls.Options, dict(options or {}), key)
    parsed_brand = s.structure(Brand, dict(brand or {}), "brand")
    parsed_tiers = s.structure(TierBands, dict(tiers or {}), "tiers")
    if s.errors:
        raise RuleFileError(s.errors)
    rules = Rules(brand=parsed_brand, tiers=parsed_tiers, decision=Decision(),
                  scorers=(ScorerRule(name=cls.name, weight=1.0, options=parsed_options, key=key),))
    info = PluginInfo(name=cls.name, module=cls.__module__, distribution=None, version=None, status="ok",
                      scorers=(cls.name,))
    registry = Registry(scorers={cls.name: cls}, owners={cls.name: info}, plugins=(info,), conflicts={}, rulesets={})
    engine = build_engine(rules, registry, want_evidence=True, fatal_errors=not contain_errors)
    batch = rows_to_table([coerce_creator(dict(c)) for c in creators])
    frame = engine.score_batch(batch, engine.prepare(batch))  # prepare too, as `brandfit score` does
    n = cls.name
    metric_columns = [c for c in frame.columns if c not in ("handle", "platform", "followers", "tier")
                      and c not in RESULT_COLUMNS and not c.startswith(PER_SCORER_PREFIXES)]
    out = []
    for row in frame.iter_rows(named=True):
        evidence = tuple(Evidence(**e) for e in (row.get(f"evidence_{n}") or []) if e)
        out.append(ScoredCreator(
            handle=row["handle"], tier=row["tier"], score=row[f"score_{n}"], missing=row[f"missing_{n}"],
            reason=row[f"reason_{n}"], flags=tuple(row[f"flags_{n}"] or ()), evidence=evidence,
            error=row[f"error_{n}"], metrics={c: row[c] for c in metric_columns},
        ))
    return out


def assert_evidence(result: ScoredCreator, *, post: str | None = None, term: str | None = None,
                    contains: str | None = None) -> Evidence:
    """Assert that some evidence item matches; returns it. Fails listing the evidence there is."""
    for e in result.evidence_for(post=post, term=term):
        if contains is None or contains in e.message:
            return e
    shown = "\n  ".join(f"{e.post}: {e.message} [{e.term}]" for e in result.evidence) or "(none)"
    raise AssertionError(f"no evidence with post={post!r} term={term!r} containing {contains!r}; evidence:\n  {shown}")


try:  # the fixture exists only where pytest does; brandfit itself never needs pytest
    import pytest

    @pytest.fixture
    def brandfit_run() -> Any:
        """The :func:`run_scorer` function, as a fixture (``pytest_plugins = ["brandfit.testing"]``)."""
        return run_scorer
except ImportError:  # pragma: no cover
    pass
