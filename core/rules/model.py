"""The validated, effective rules of one run, as frozen attrs classes."""

from __future__ import annotations

import hashlib
import json
from typing import Any

import attrs

from brandfit.rules.options import OptionError, at_least, between, each_item_in, unstructure
from brandfit.rules.overrides import Override

TIER_NAMES = ("nano", "micro", "mid", "macro", "mega")
BELOW_NANO = "below_nano"
ALL_TIERS = (BELOW_NANO, *TIER_NAMES)


@attrs.frozen
class Brand:
    name: str = attrs.field(default="", metadata={"doc": "shown in outputs"})
    handles: tuple[str, ...] = attrs.field(default=(), metadata={"doc": "the brand's own accounts"})
    hashtags: tuple[str, ...] = attrs.field(default=(), metadata={"doc": "the brand's own hashtags"})
    competitors: tuple[str, ...] = attrs.field(default=(), metadata={"doc": "competitor names, handles or hashtags"})
    platforms: tuple[str, ...] = attrs.field(
        default=(), converter=lambda v: tuple(_platform(p) for p in v),
        metadata={"doc": "only creators on these platforms are scored (empty: all); the rest are counted as filtered"})
    countries: tuple[str, ...] = attrs.field(
        default=(), metadata={"doc": "only creators whose audience country is one of these are scored (empty: all)"})


def _platform(name: str) -> str:
    # lower-cased here; aliases ("ig", "tt") are resolved where creators are compared with it
    return name.strip().lower()


def _check_bands(bands: dict[str, int], where: str) -> None:
    values = [bands[t] for t in TIER_NAMES]
    for low, high, a, b in zip(values, values[1:], TIER_NAMES, TIER_NAMES[1:], strict=False):
        if not low < high:
            raise OptionError(f"{where}.{b}".lstrip("."), f"tier bands must increase: {a} = {low} is not below {b} = {high}")
    if values[0] < 0:
        raise OptionError(f"{where}.nano".lstrip("."), f"expected a number >= 0, got {values[0]}")


@attrs.frozen
class TierBands:
    """Lowest follower count of each tier, with per-platform overrides."""

    nano: int = attrs.field(default=1_000, metadata={"doc": "lowest follower count of a nano creator"})
    micro: int = attrs.field(default=10_000, metadata={"doc": "lowest follower count of a micro creator"})
    mid: int = attrs.field(default=100_000, metadata={"doc": "lowest follower count of a mid-tier creator"})
    macro: int = attrs.field(default=500_000, metadata={"doc": "lowest follower count of a macro creator"})
    mega: int = attrs.field(default=1_000_000, metadata={"doc": "lowest follower count of a mega creator"})
    platforms: dict[str, dict[str, int]] = attrs.field(factory=dict, metadata={"doc": "per-platform overrides"})

    def __attrs_post_init__(self) -> None:
        _check_bands(self.base(), "")
        for platform, override in self.platforms.items():
            for tier in override:
                if tier not in TIER_NAMES:
                    from brandfit.rules.options import did_you_mean

                    raise OptionError(f"platforms.{platform}.{tier}",
                                      f"unknown tier{did_you_mean(tier, TIER_NAMES)}; expected one of: {', '.join(TIER_NAMES)}")
            _check_bands(self.for_platform(platform), f"platforms.{platform}")

    def base(self) -> dict[str, int]:
        return {t: getattr(self, t) for t in TIER_NAMES}

    def for_platform(self, platform: str | None) -> dict[str, int]:
        return {**self.base(), **self.platforms.get(platform or "", {})}


@attrs.frozen
class Decision:
    shortlist: float = attrs.field(default=70.0, validator=between(0, 100),
                                   metadata={"doc": "final score at or above: shortlist"})
    review: float = attrs.field(default=50.0, validator=between(0, 100),
                                metadata={"doc": "final score at or above: review; below: reject"})
    min_coverage: float = attrs.field(default=0.7, validator=between(0, 1),
                                      metadata={"doc": "share of total weight that must have data, else at most review"})
    veto: tuple[str, ...] = attrs.field(default=("controversy.over-tolerance",),
                                        metadata={"doc": "flag codes that force reject"})
    hold: tuple[str, ...] = attrs.field(default=("engagement.suspicious",),
                                        metadata={"doc": "flag codes that cap the verdict at review"})
    require: tuple[str, ...] = attrs.field(default=(),
                                           metadata={"doc": "scorers that must have data for a shortlist, else at most review"})

    def __attrs_post_init__(self) -> None:
        if self.review > self.shortlist:
            raise OptionError("review", alternatives=("shortlist",),
                              message=f"thresholds out of order: review = {self.review:g} is above shortlist = {self.shortlist:g}")


VERDICTS = ("shortlist", "review", "reject")


@attrs.frozen
class CountRange:
    """How many creators of one kind (platform, tier) a roster holds: from ``min`` to ``max``."""

    min: int = attrs.field(default=0, validator=at_least(0), metadata={"doc": "at least this many"})
    max: int | None = attrs.field(default=None, validator=at_least(0), metadata={"doc": "at most this many (unset: no limit)"})

    def __attrs_post_init__(self) -> None:
        if self.max is not None and self.max < self.min:
            raise OptionError("max", alternatives=("min",), message=f"max = {self.max} is below min = {self.min}")


def _known_tier_names(instance: object, attribute: attrs.Attribute, value: dict[str, CountRange]) -> None:
    for tier in value:
        if tier not in ALL_TIERS:
            raise OptionError(f"{attribute.name}.{tier}", f"unknown tier; expected one of: {', '.join(ALL_TIERS)}")


@attrs.frozen
class RosterRules:
    """What `brandfit roster` may pick: how many creators, how much of the budget each, the mix."""

    min_creators: int = attrs.field(default=1, validator=at_least(0), metadata={"doc": "at least this many creators"})
    max_creators: int | None = attrs.field(default=None, validator=at_least(1),
                                           metadata={"doc": "at most this many creators (unset: no limit)"})
    max_share: float = attrs.field(default=1.0, validator=between(0.0001, 1),
                                   metadata={"doc": "the largest share of the budget one creator may take (0-1)"})
    platforms: dict[str, CountRange] = attrs.field(
        factory=dict, converter=lambda v: {_platform(k): r for k, r in v.items()},
        metadata={"doc": "platform -> {min, max} creators on it"})
    tiers: dict[str, CountRange] = attrs.field(factory=dict, validator=_known_tier_names,
                                               metadata={"doc": "tier -> {min, max} creators of it"})
    per_country: int | None = attrs.field(default=None, validator=at_least(1),
                                          metadata={"doc": "at most this many creators per audience country (unset: no limit)"})
    verdicts: tuple[str, ...] = attrs.field(default=("shortlist", "review"), validator=each_item_in(VERDICTS),
                                            metadata={"doc": "verdicts a creator may have to be picked (vetoed and held never are)"})

    def __attrs_post_init__(self) -> None:
        if self.max_creators is not None and self.max_creators < self.min_creators:
            raise OptionError("max_creators", alternatives=("min_creators",),
                              message=f"max_creators = {self.max_creators} is below min_creators = {self.min_creators}")


@attrs.frozen
class ScorerRule:
    """One enabled scorer: its weight and validated options."""

    name: str
    weight: float = attrs.field(validator=at_least(0))
    options: Any
    key: str  # "scorers.<name>"
    prior: float = attrs.field(default=0.0, validator=between(0, 100))  # stands in for the score without data


@attrs.frozen
class Rules:
    brand: Brand
    tiers: TierBands
    scorers: tuple[ScorerRule, ...]
    decision: Decision
    roster: RosterRules = RosterRules()
    overrides: tuple[Override, ...] = ()   # human decisions on single creators (brandfit.rules.overrides)
    overrides_file: str | None = None
    requires: tuple[str, ...] = ()
    chain: tuple[str, ...] = ()
    # dotted key -> Origin(file, line) of every value, for `rules show` and `explain`
    origins: Any = attrs.field(default=None, eq=False, repr=False)
    # deprecated keys in use (RuleError items), printed as warnings
    warnings: tuple[Any, ...] = attrs.field(default=(), eq=False, repr=False)

    def origin_of(self, key: str) -> str:
        """"file:line" where a rule file sets ``key`` (or the list holding it), "default" where none
        does, or "" if unknown."""
        if self.origins is None or key.partition(".")[0] not in attrs.fields_dict(Rules):
            return ""  # not a rule-file key
        origin = self.origins.set_at(key)
        if origin is None:
            return "default"
        return f"{origin.file}:{origin.line}" if origin.line else origin.file

    def effective(self) -> dict[str, Any]:
        """The effective rules as plain data: what `rules show` prints and the fingerprint hashes."""
        return {
            "schema": 1,
            "brand": unstructure(self.brand),
            "tiers": unstructure(self.tiers),
            "scorers": {s.name: {"weight": s.weight, "prior": s.prior, **unstructure(s.options)} for s in self.scorers},
            "decision": unstructure(self.decision),
            "roster": unstructure(self.roster),
            # only when there are overrides: rules without them keep the fingerprint they had
            **({"overrides": {"file": self.overrides_file,
                              "entries": [{k: v for k, v in attrs.asdict(o).items() if k != "line" and v is not None}
                                          for o in self.overrides]}}
               if self.overrides_file is not None else {}),
            **({"requires": list(self.requires)} if self.requires else {}),
        }

    @property
    def fingerprint(self) -> str:
        canonical = json.dumps(self.effective(), sort_keys=True, separators=(",", ":"), default=str)
        return hashlib.sha256(canonical.encode()).hexdigest()[:16]

    def scorer(self, name: str) -> ScorerRule | None:
        return next((s for s in self.scorers if s.name == name), None)
