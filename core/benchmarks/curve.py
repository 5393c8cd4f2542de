"""A benchmark curve: the expected engagement rate as a function of follower count.

Anchor points (follower count, rate) are joined by straight lines in log-log space, so a curve
has no cliffs at tier edges and a doubling of followers moves the benchmark by the same factor
anywhere between two anchors. Below the first anchor and above the last the curve is flat: no
data says how it goes on there.
"""

from __future__ import annotations

from typing import NamedTuple

import attrs
import numpy as np

from brandfit.rules.options import OptionError

BASES = ("followers", "views")


def _anchors(instance: Curve, attribute: attrs.Attribute, value: tuple[float, ...]) -> None:
    for i, x in enumerate(value):
        if not x > 0:
            raise OptionError(f"{attribute.name}[{i}]", f"expected a number above 0, got {x!r}")


@attrs.frozen
class Curve:
    """Anchor points of one benchmark curve: ``rate[i]`` is the expected rate at ``followers[i]``."""

    followers: tuple[float, ...] = attrs.field(validator=_anchors, metadata={"doc": "follower counts of the anchor points, increasing"})
    rate: tuple[float, ...] = attrs.field(validator=_anchors, metadata={"doc": "expected rate at each anchor (fraction: 2.4% is 0.024)"})
    suspicious_multiple: float | None = attrs.field(
        default=None, metadata={"doc": "rate / this curve above which engagement is implausible (default: the scorer's)"})
    score_75_at: float | None = attrs.field(
        default=None, metadata={"doc": "rate / this curve that scores 75, for rates that spread wider or narrower "
                                       "around their curve than the scorer's default assumes (default: the scorer's)"})

    def __attrs_post_init__(self) -> None:
        if not self.followers:
            raise OptionError("followers", "expected at least one anchor point")
        if len(self.rate) != len(self.followers):
            raise OptionError("rate", alternatives=("followers",),
                              message=f"expected one rate per follower count: {len(self.rate)} rates for "
                                      f"{len(self.followers)} follower counts")
        for i, (low, high) in enumerate(zip(self.followers, self.followers[1:], strict=False)):
            if not low < high:
                raise OptionError(f"followers[{i + 1}]", f"follower counts must increase: {high:g} is not above {low:g}")
        if self.suspicious_multiple is not None and self.suspicious_multiple < 1:
            raise OptionError("suspicious_multiple", f"expected a number >= 1, got {self.suspicious_multiple!r}")
        if self.score_75_at is not None and not 1.01 <= self.score_75_at <= 100:
            raise OptionError("score_75_at", f"expected a number from 1.01 to 100, got {self.score_75_at!r}")
        for i, r in enumerate(self.rate):
            if r > 1:
                raise OptionError(f"rate[{i}]", f"expected a rate of at most 1 (2.4% is 0.024), got {r!r}")

    def rate_at(self, followers: np.ndarray) -> np.ndarray:
        """The expected rate at each follower count (NaN where the count is NaN or not above 0)."""
        counts = np.asarray(followers, dtype=np.float64)
        with np.errstate(divide="ignore", invalid="ignore"):
            x = np.log(np.where(counts > 0, counts, np.nan))
        y = np.interp(x, np.log(self.followers), np.log(self.rate))
        return np.where(np.isnan(x), np.nan, np.exp(y))


def expected_rates(curves: dict[str, dict[str, Curve]], platform: np.ndarray, basis: np.ndarray,
                   followers: np.ndarray) -> np.ndarray:
    """The benchmark of each creator from ``curves[platform][basis]``: NaN where there is no such
    curve (or no follower count). ``platform`` and ``basis`` are arrays of str or None."""
    return curve_values(curves, platform, basis, followers, default_multiple=np.nan).benchmark


class CurveValues(NamedTuple):
    """Per creator: the benchmark and the two settings a curve may override."""

    benchmark: np.ndarray    # NaN where there is no curve (or no follower count)
    multiple: np.ndarray     # suspicious multiple: the curve's, else the default given
    score_75_at: np.ndarray  # the curve's score_75_at, else the default given


def curve_values(curves: dict[str, dict[str, Curve]], platform: np.ndarray, basis: np.ndarray,
                 followers: np.ndarray, default_multiple: float, default_score_75_at: float = np.nan) -> CurveValues:
    """Each creator's benchmark (as :func:`expected_rates`), suspicious multiple and score_75_at
    (its curve's, else the defaults given)."""
    out = np.full(len(followers), np.nan)
    multiple = np.full(len(followers), default_multiple)
    score_75_at = np.full(len(followers), default_score_75_at)
    for name, by_basis in curves.items():
        on_platform = platform == name
        for kind, curve in by_basis.items():
            rows = np.flatnonzero(on_platform & (basis == kind))
            if len(rows):
                out[rows] = curve.rate_at(np.asarray(followers, dtype=np.float64)[rows])
                if curve.suspicious_multiple is not None:
                    multiple[rows] = curve.suspicious_multiple
                if curve.score_75_at is not None:
                    score_75_at[rows] = curve.score_75_at
    return CurveValues(out, multiple, score_75_at)
