"""`brandfit calibrate`: engagement medians and quantiles per platform and follower band, from data.

The rates are the engagement scorer's own (run through the engine under the given rules, with every
other scorer left out), so a curve calibrated here measures what scoring will measure. Each band
with enough creators gives one anchor of a benchmark curve: (median followers, median rate).
"""

from __future__ import annotations

import datetime as dt
import math
from collections import Counter
from typing import Any
from collections.abc import Callable

import attrs
import numpy as np
import polars as pl

from brandfit.benchmarks.curve import Curve
from brandfit.rules.model import Rules

#: band edges in followers: the seed articles' bands (Contevo: 1k, 4k, 100k; Markerly: 10M) and decades
DEFAULT_EDGES: tuple[float, ...] = (1_000, 4_000, 10_000, 100_000, 1_000_000, 10_000_000)
#: creators a band needs before its median becomes an anchor of the curve
DEFAULT_MIN_CREATORS = 20


#: the result columns calibrate reads
COLUMNS = ("platform", "followers", "engagement_rate", "engagement_basis", "missing_engagement")


class CalibrationError(ValueError):
    """A one-line reason the data cannot be calibrated from."""


@attrs.frozen
class Band:
    """One platform, basis and follower band of the data, and the current curve there."""

    platform: str
    basis: str
    low: float
    high: float
    n: int
    followers: float   # median follower count
    q25: float
    median: float
    q75: float
    current: float | None  # the rule file's curve at ``followers`` (None: no curve)

    @property
    def label(self) -> str:
        return f"{_short(self.low)}-{_short(self.high)}" if math.isfinite(self.high) else f"{_short(self.low)}+"


@attrs.frozen
class Calibration:
    source: str
    bands: tuple[Band, ...]
    creators: int        # creators read
    with_rate: int       # creators with an engagement rate and a follower count
    min_creators: int

    def anchored(self) -> dict[tuple[str, str], list[Band]]:
        """The bands with at least ``min_creators`` creators, by (platform, basis)."""
        out: dict[tuple[str, str], list[Band]] = {}
        for band in self.bands:
            if band.n >= self.min_creators:
                out.setdefault((band.platform, band.basis), []).append(band)
        return out


def engagement_only(rules: Rules) -> Rules:
    """``rules`` with the engagement scorer alone (calibrate reads its rates, nothing else)."""
    rule = rules.scorer("engagement")
    if rule is None:
        raise CalibrationError("the rules enable no engagement scorer: calibrate measures its rates")
    return attrs.evolve(rules, scorers=(rule,))


def calibrate(results: pl.DataFrame, rules: Rules, source: str, edges: tuple[float, ...] = DEFAULT_EDGES,
              min_creators: int = DEFAULT_MIN_CREATORS) -> Calibration:
    """Summarize scored ``results`` (columns platform, followers, engagement_rate, engagement_basis,
    missing_engagement) per platform, basis and follower band."""
    if results.height == 0:
        raise CalibrationError(f"{source}: no creators to calibrate from (the input is empty)")
    usable = results.filter(pl.col("engagement_rate").is_not_null() & (pl.col("followers") > 0)
                            & pl.col("platform").is_not_null())
    if usable.height == 0:
        raise CalibrationError(f"{source}: no creator has an engagement rate ({_why(results)}); "
                               "map the likes, comments or views columns (docs/map-files.md)")
    if usable.height < 2:
        raise CalibrationError(f"{source}: only 1 creator has an engagement rate; medians need at least 2")
    rule = rules.scorer("engagement")
    if rule is None:
        raise CalibrationError("the rules enable no engagement scorer: calibrate measures its rates")
    options = rule.options
    bounds = (0.0, *edges, math.inf)
    bands = []
    for (platform, basis), group in sorted(usable.group_by("platform", "engagement_basis"), key=lambda kv: kv[0]):
        followers = group["followers"].to_numpy()
        rates = group["engagement_rate"].to_numpy()
        curve = options.curves.get(platform, {}).get(basis)
        for low, high in zip(bounds, bounds[1:], strict=False):
            inside = (followers >= low) & (followers < high)
            if not inside.any():
                continue
            f, r = followers[inside], rates[inside]
            middle = float(np.median(f))
            q25, median, q75 = (float(v) for v in np.quantile(r, [0.25, 0.5, 0.75]))
            current = float(curve.rate_at(np.array([middle]))[0]) if curve is not None else None
            bands.append(Band(platform, basis, low, high, int(inside.sum()), middle, q25, median, q75, current))
    return Calibration(source, tuple(bands), results.height, usable.height, min_creators)


def _why(results: pl.DataFrame) -> str:
    reasons = Counter(r for r in results["missing_engagement"].to_list() if r) if "missing_engagement" in results.columns else Counter()
    if not reasons:
        return "no follower counts"
    reason, count = reasons.most_common(1)[0]
    return f"{reason}: {count:,} of {results.height:,} creators"


def render_table(calibration: Calibration, write: Callable[[str], Any]) -> None:
    """The bands as a plain table, next to the current curve."""
    c = calibration
    write(f"{c.source}: {c.with_rate:,} of {c.creators:,} creators have an engagement rate and a follower count\n")
    header = (f"{'platform':<10} {'basis':<9} {'followers':<10} {'n':>6} {'median f.':>10} {'q25':>7} {'median':>7} "
              f"{'q75':>7} {'curve':>7} {'median/curve':>12}")
    write(header + "\n" + "-" * len(header) + "\n")
    for b in c.bands:
        curve = "-" if b.current is None else _pct(b.current)
        ratio = "-" if b.current is None else f"{b.median / b.current:.2f}x"
        mark = "" if b.n >= c.min_creators else f"  (under {c.min_creators}: no anchor)"
        write(f"{b.platform:<10} {b.basis:<9} {b.label:<10} {b.n:>6,} {b.followers:>10,.0f} {_pct(b.q25):>7} "
              f"{_pct(b.median):>7} {_pct(b.q75):>7} {curve:>7} {ratio:>12}{mark}\n")


def toml_fragment(calibration: Calibration, today: dt.date | None = None) -> str:
    """``[scorers.engagement.curves.<platform>.<basis>]`` tables, one anchor per band with enough
    creators, ready to paste into a rule file."""
    c = calibration
    day = (today or dt.date.today()).isoformat()
    lines = [f"# Engagement benchmark curves from {c.source} ({day}, brandfit calibrate): each anchor is a",
             f"# follower band's median follower count and median rate; bands under {c.min_creators} creators are left out."]
    anchored = c.anchored()
    if not anchored:
        lines.append(f"# No band has {c.min_creators} creators: nothing to anchor a curve on (see --min-creators).")
    for (platform, basis), bands in anchored.items():
        Curve(tuple(float(round(b.followers)) for b in bands), tuple(_rate(b.median) for b in bands))  # validates
        lines += ["", f"# {', '.join(f'{b.label}: n = {b.n:,}' for b in bands)}",
                  f"[scorers.engagement.curves.{_key(platform)}.{basis}]",
                  f"followers = [{', '.join(str(round(b.followers)) for b in bands)}]",
                  f"rate = [{', '.join(repr(_rate(b.median)) for b in bands)}]"]
    return "\n".join(lines) + "\n"


def _rate(value: float) -> float:
    """Four significant digits, never 0 (a curve's rates must be above 0)."""
    if value <= 0:
        return 1e-6
    return float(f"{value:.4g}")


def _key(name: str) -> str:
    return name if name.replace("_", "").replace("-", "").isalnum() else f'"{name}"'


def _pct(value: float) -> str:
    percent = value * 100
    return f"{percent:.3g}%" if percent < 1000 else f"{percent:,.0f}%"


def _short(count: float) -> str:
    for unit, size in (("M", 1e6), ("k", 1e3)):
        if count >= size:
            return f"{count / size:g}{unit}"
    return f"{count:g}"
