"""Which result columns users see, in what order (internal per-scorer columns are folded in)."""

from __future__ import annotations

from typing import TYPE_CHECKING

import polars as pl

from brandfit.columnar.lists import concat_texts

if TYPE_CHECKING:
    from brandfit.engine.batch_engine import Engine

LEADING = ("rank", "handle", "platform", "followers", "tier", "engagement_rate", "engagement_basis", "country")
TRAILING = ("final_score", "coverage", "verdict", "override", "reasons", "flags", "missing", "errors")


def public_results(results: pl.DataFrame, engine: Engine) -> pl.DataFrame:
    """The columns users see of ``engine``'s results, with its rules fingerprint and plugin versions."""
    if results.height == 0 and not results.columns:
        return results
    scorers = [s.name for s in engine.scorers_in_order]
    fingerprint, plugins = engine.fingerprint, engine.plugins_label
    # why each scorer without an error has no score
    missing = concat_texts(results, [
        pl.when(pl.col(f"score_{s}").is_null() & pl.col(f"error_{s}").is_null())
        .then(pl.format("{}: {}", pl.lit(s), pl.col(f"missing_{s}").fill_null("no data"))) for s in scorers
    ])
    added = {
        "missing": pl.lit(missing),
        # the same two values on every row: categorical keeps them one copy each, however many rows
        "rules_fingerprint": pl.lit(fingerprint).cast(pl.Categorical),
        "plugins": pl.lit(plugins).cast(pl.Categorical),
    }
    columns = results.columns + [c for c in added if c not in results.columns]
    extra_metrics = [c for c in columns
                     if not c.startswith(("score_", "missing_", "flags_", "reason_", "error_", "evidence_"))
                     and c not in LEADING and c not in TRAILING and c not in ("rules_fingerprint", "plugins")]
    order = [c for c in LEADING if c in columns] + extra_metrics + [f"score_{s}" for s in scorers] \
        + [c for c in TRAILING if c in columns] + ["rules_fingerprint", "plugins"]
    # a count is a whole number in every output (readers round counts; the cast drops the ".0")
    added["followers"] = pl.col("followers").round(0).cast(pl.Int64)
    # one query: the added columns are computed in the same select that orders them
    return results.select(added[c].alias(c) if c in added else pl.col(c) for c in order)
