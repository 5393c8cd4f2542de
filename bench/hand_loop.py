"""What a user would write instead of brandfit: a per-creator Python loop over the JSONL file.

Same four scores and the same decision under the same effective rules (loaded with brandfit, so the
numbers come from the same files), computed one creator at a time from ``json.loads`` of each line,
with one pyahocorasick automaton for every term of every group. It reads the file streaming, in
``processes`` line-aligned byte ranges in parallel, then ranks like brandfit.

Written to be a fair, decent implementation, not a straw man: one dict lookup per pattern hit,
no per-creator object allocation beyond what json.loads makes. Known simplifications (fine on
bench/make_creators.py files): ``posted_at`` is compared as text (ISO 8601, one time zone), and
counts must already be numbers (no "3.3K" parsing).

    python bench/hand_loop.py creators.jsonl rules/eco-running.toml --processes 2 -o out.tsv
"""

from __future__ import annotations

import json
import math
import multiprocessing
import os
import re
import statistics
import sys
from typing import Any
from collections.abc import Iterator

import ahocorasick

ALIASES = {"ig": "instagram", "insta": "instagram", "twitter": "x", "tw": "x", "yt": "youtube", "tt": "tiktok", "fb": "facebook"}
SEP = re.compile(r"[^\w#@]+")
TERM_SEP = re.compile(r"[^\w#@*]+")
VERDICT_ORDER = {"shortlist": 0, "review": 1, "reject": 2}


def patterns(term: str) -> list[str]:
    # the first part of an exception, proximity or exact-case term (the synthetic posts use plain words)
    term = term.lstrip("=").split(" -")[0].split(" ~")[0]
    raw = term.strip().lower()
    prefix_wild, suffix_wild = raw.endswith("*"), raw.startswith("*")
    core = " ".join(w for w in TERM_SEP.sub(" ", raw.strip("*")).split() if w.strip("*")).replace("*", "")
    if not core:
        return []
    left, right = ("" if suffix_wild else " "), ("" if prefix_wild else " ")
    found = [f"{left}{core}{right}"]
    if core[0] not in "#@" and not suffix_wild:
        found.append(f"{left}#{core.replace(' ', '')}{right}")
    return found


class Plan:
    """The effective rules, flattened into what the loop needs."""

    def __init__(self, rules_path: str) -> None:
        from brandfit.plugin.host import load_registry
        from brandfit.rules.model import TIER_NAMES
        from brandfit.rules.validation import load_rules

        rules = load_rules(rules_path, load_registry())
        self.weights = {s.name: s.weight for s in rules.scorers}
        self.priors = {s.name: s.prior for s in rules.scorers}
        opts = {s.name: s.options for s in rules.scorers}
        self.tier_names = list(reversed(TIER_NAMES))
        self.bands = rules.tiers
        self.tier_pref = opts["tier"].preference
        self.eng = opts["engagement"]
        self.val = opts["values"]
        self.con = opts["controversy"]
        self.auth = opts.get("authenticity")
        self.decision = rules.decision
        groups: dict[str, tuple[str, ...]] = {}
        for name, v in self.val.values.items():
            groups[f"v+{name}"] = v.terms
        for name, v in self.val.avoid.items():
            groups[f"v-{name}"] = v.terms
        self.categories: dict[str, tuple[str, int]] = {}
        lower = {"floor": "high", "high": "medium", "medium": "low", "low": "low"}
        for name, c in self.con.categories.items():
            # the synthetic creators write English: the English terms, unambiguous and ambiguous
            english = c.languages.get("en")
            groups[f"c:{name}"] = tuple(c.terms) + (english.terms if english else ())
            self.categories[name] = (c.severity, c.tolerance)
            ambiguous = tuple(c.ambiguous) + (english.ambiguous if english else ())
            if ambiguous:
                groups[f"c:{name}?"] = ambiguous
                self.categories[f"{name}?"] = (lower[c.severity], -1)
        names = [c.strip().lstrip("#@").lower() for c in rules.brand.competitors if c.strip().lstrip("#@")]
        if names:
            groups["c:competitor"] = tuple(names) + tuple(f"@{c}" for c in names)
            self.categories["competitor"] = (self.con.competitors.severity, self.con.competitors.tolerance)
        self.group_names = list(groups)
        self.automaton = ahocorasick.Automaton()
        by_pattern: dict[str, set[str]] = {}
        for group, terms in groups.items():
            for term in terms:
                for p in patterns(term):
                    by_pattern.setdefault(p, set()).add(group)
        for p, gs in by_pattern.items():
            self.automaton.add_word(p, tuple(sorted(gs)))
        self.automaton.make_automaton()
        self._band_cache: dict[str | None, list[tuple[str, float]]] = {}

    def ladder(self, platform: str | None) -> list[tuple[str, float]]:
        if platform not in self._band_cache:
            b = self.bands.for_platform(platform)
            self._band_cache[platform] = [(name, b[name]) for name in self.tier_names]
        return self._band_cache[platform]


def groups_in(plan: Plan, text: str) -> set[str]:
    found: set[str] = set()
    for _, gs in plan.automaton.iter(" " + SEP.sub(" ", text.lower()) + " "):
        found.update(gs)
    return found


def post_text(p: dict[str, Any]) -> str:
    tags = " ".join("#" + t.lstrip("#") for t in (p.get("hashtags") or []) if t is not None)
    mentions = " ".join("@" + m.lstrip("@") for m in (p.get("mentions") or []) if m is not None)
    return f"{p.get('caption') or ''} {tags} {mentions}"


def facts(plan: Plan, c: dict[str, Any]) -> dict[str, Any]:
    """What the zen-engine peer is fed: everything but the decision (bench/zen_peer.py)."""
    return score_creator(plan, c, facts_only=True)  # type: ignore[return-value]


def score_creator(plan: Plan, c: dict[str, Any], facts_only: bool = False) -> tuple[str, str | None, float | None, str]:
    handle = str(c["handle"]).strip().lstrip("@")
    platform = c.get("platform")
    if platform is not None:
        platform = platform.strip().lower()
        platform = ALIASES.get(platform, platform) or None
    followers = c.get("followers")
    if followers is not None and followers < 0:
        followers = None
    raw_posts = c.get("posts") or []
    posts = [p for p in raw_posts if p is not None]
    flags: list[str] = []
    scores: dict[str, float | None] = {}

    # tier
    tier = None
    if followers is not None:
        tier = "below_nano"
        for name, floor in plan.ladder(platform):
            if followers >= floor:
                tier = name
                break
    scores["tier"] = None if tier is None else float(plan.tier_pref.get(tier, 0.0))
    if tier == "below_nano":
        flags.append("tier.below-nano")

    # recent posts: newest first, undated last, then file order
    ordered = list(enumerate(posts))
    ordered.sort(key=lambda ip: (ip[1].get("posted_at") is None, _neg(ip[1].get("posted_at")), ip[0]))

    # engagement
    e = plan.eng
    recent = ordered[: e.recent_posts]
    comps, req = e.components, e.required
    complete = [all(p.get(k) is not None for k in req) for _, p in recent]
    use_views = platform in e.by_views and any(ok and (p.get("views") or 0) > 0 for ok, (_, p) in zip(complete, recent, strict=True))
    rates = []
    for ok, (_, p) in zip(complete, recent, strict=True):
        if not ok:
            continue
        denom = (p.get("views") if (p.get("views") or 0) > 0 else None) if use_views else \
            (followers if followers is not None and followers > 0 else None)
        if denom:
            rates.append(sum(p.get(k) or 0 for k in comps) / denom)
    rate = (statistics.median(rates) if e.aggregate == "median" else sum(rates) / len(rates)) if rates else None
    curve = e.curves.get(platform or "", {}).get("views" if use_views else "followers")
    bench = None if curve is None or followers is None or followers <= 0 else _curve_at(curve, followers)
    if not recent or not any(complete) or (not use_views and followers is None) or rate is None or bench is None:
        scores["engagement"] = None
    else:
        ratio = rate / bench
        k_ = math.log(3.0) / math.log(curve.score_75_at or e.score_75_at)
        s = 0.0 if ratio <= 0 else 100.0 / (1.0 + ratio ** -k_)
        multiple = curve.suspicious_multiple or e.suspicious_multiple
        if ratio > multiple:
            s = min(s, e.suspicious_score * multiple / ratio)
            flags.append("engagement.suspicious")
        scores["engagement"] = round1(s)

    # values: recent posts and the bio; each text is matched once for both scorers
    v = plan.val
    bio = c.get("bio")
    matched: dict[int, set[str]] = {}

    def found(i: int, p: dict[str, Any] | None) -> set[str]:
        if i not in matched:
            matched[i] = groups_in(plan, bio if p is None else post_text(p))
        return matched[i]

    bio_ok = v.include_bio and bio is not None and bio.strip() != ""
    n = 0
    if min(len(raw_posts), v.recent_posts) < v.min_posts:
        scores["values"] = None
        value_hits = {}
    else:
        texts = [(_item(p, i), found(i, p)) for i, p in ordered[: v.recent_posts]]
        if bio_ok:
            texts.append(("bio", found(-1, None)))
        value_hits = _hits(texts, "v")
        n = len(texts)
        total_w = sum(x.weight for x in v.values.values()) or 1.0
        align = sum(min(len(value_hits.get(f"v+{k}", ())) / n / v.target_share, 1.0) * x.weight for k, x in v.values.items()) / total_w
        avoid = sum(min(len(value_hits.get(f"v-{k}", ())) / n / v.target_share, 1.0) * x.weight for k, x in v.avoid.items())
        raw = min(max(align * 100.0 - avoid * v.avoid_penalty, 0.0), 100.0)
        scores["values"] = round1(_toward(raw, plan.priors["values"], min(len(raw_posts), v.recent_posts), v.confidence_posts))
        if any(g.startswith("v-") for g in value_hits):
            flags.append("values.avoid")

    # controversy: every post (recent_posts = 0) and the bio
    k = plan.con
    chosen = ordered[: k.recent_posts] if k.recent_posts else ordered
    texts = [(_item(p, i), found(i, p)) for i, p in chosen]
    if k.include_bio and bio_ok:
        texts.append(("bio", found(-1, None)))
    hits = _hits(texts, "c")
    penalty, over, cats = 0.0, False, []
    ambiguous = False
    for group, items in hits.items():
        cat = group[2:]
        severity, tolerance = plan.categories[cat]
        penalty += len(items) * k.penalty[severity]
        if tolerance < 0:  # an ambiguous term: never over tolerance, held for review
            ambiguous = True
            continue
        over = over or len(items) > tolerance
        cats.append(cat)
    scores["controversy"] = None if not raw_posts else \
        round1(_toward(min(max(100.0 - penalty, 0.0), 100.0), plan.priors["controversy"], len(chosen), k.confidence_posts))
    if over:
        flags.append("controversy.over-tolerance")
    flags.extend(f"controversy.{c_}" for c_ in sorted(cats))
    if ambiguous:
        flags.append("controversy.ambiguous")

    # authenticity: the signals it can measure (brandfit.plugins.authenticity)
    a = plan.auth
    if a is not None:
        def count(name: str) -> float | None:
            value = c.get(name)
            return float(value) if isinstance(value, (int, float)) and not isinstance(value, bool) and value >= 0 else None

        fol, following, n_posts = count("followers"), count("following"), count("post_count")
        picture = c.get("has_profile_picture")
        ratio_f = following / (fol + 1) if fol is not None and following is not None else None
        liked = [(p.get("likes") + (p.get("comments") or 0)) / fol for _, p in ordered[:12]
                 if fol and p.get("likes") is not None] if fol else []
        seed = _curve_at(_SEED_CURVE, fol) if fol else None
        low = statistics.median(liked) / seed if liked and seed and platform in a.engagement_platforms else None
        signals = [
            None if ratio_f is None else a.following_ratio_strong_points if ratio_f >= a.following_ratio_strong
            else a.following_ratio_points if ratio_f >= a.following_ratio else 0.0,
            None if n_posts is None else a.few_posts_points if n_posts <= a.few_posts else 0.0,
            None if picture is None else a.no_picture_points if picture in (0, False) else 0.0,
            None if low is None else a.low_engagement_points if low < a.low_engagement else 0.0,
        ]
        measured = [s_ for s_ in signals if s_ is not None]
        points = sum(measured)
        scores["authenticity"] = round1(min(max(100.0 - points, 0.0), 100.0)) if len(measured) >= a.min_signals else None
        if points >= a.likely_fake_at:
            flags.append("authenticity.likely-fake")

    if facts_only:
        counts = {g: 0 for g in plan.group_names}
        counts.update({g: len(items) for g, items in value_hits.items()})
        counts.update({g: len(items) for g, items in hits.items()})
        # the benchmark curve (log-log interpolation) and the authenticity signals are precomputed
        # for zen, as the rates are: its expression language has no logarithm
        return {"handle": handle, "platform": platform, "followers": followers, "use_views": use_views, "rate": rate,
                "n_texts": max(n, 1), "values_ok": scores["values"] is not None, "has_posts": bool(raw_posts),
                "counts": counts, "engagement_score": scores["engagement"], "suspicious": "engagement.suspicious" in flags,
                "authenticity_score": scores.get("authenticity"), "likely_fake": "authenticity.likely-fake" in flags,
                "values_posts": min(len(raw_posts), v.recent_posts), "controversy_posts": len(chosen)}

    # decision
    # every scorer counts, the prior standing in for one without data
    total = sum(w for w in plan.weights.values() if w > 0)
    have = sum(w for n_, w in plan.weights.items() if w > 0 and scores.get(n_) is not None)
    final = round2(sum((scores[n_] if scores.get(n_) is not None else plan.priors[n_]) * w
                       for n_, w in plan.weights.items() if w > 0) / total) if total > 0 else None
    coverage = have / total if total else 0.0
    d = plan.decision
    unmet = any(scores.get(n_) is None for n_ in d.require if n_ in plan.weights)
    if any(f in d.veto for f in flags):
        verdict = "reject"
    elif final is None:
        verdict = "review"
    else:
        verdict = "shortlist" if final >= d.shortlist else "review" if final >= d.review else "reject"
        if (any(f in d.hold for f in flags) or round(coverage, 3) < d.min_coverage or unmet) and verdict == "shortlist":
            verdict = "review"
    return handle, platform, final, verdict


def _seed_curve() -> Any:
    from brandfit.plugins.engagement import SEED_CURVES

    return SEED_CURVES["instagram"]["followers"]


_SEED_CURVE = _seed_curve()


def _curve_at(curve: Any, followers: float) -> float:
    """The benchmark curve at ``followers``: log-log interpolation between anchors, flat beyond."""
    xs, ys = [math.log(f) for f in curve.followers], [math.log(r) for r in curve.rate]
    x = math.log(followers)
    if x <= xs[0]:
        return curve.rate[0]
    if x >= xs[-1]:
        return curve.rate[-1]
    i = next(j for j in range(1, len(xs)) if x <= xs[j])
    return math.exp(ys[i - 1] + (ys[i] - ys[i - 1]) * (x - xs[i - 1]) / (xs[i] - xs[i - 1]))


def _toward(raw: float, prior: float, posts: int, confidence_posts: float) -> float:
    return raw if confidence_posts == 0 else prior + (raw - prior) * posts / (posts + confidence_posts)


def round1(x: float) -> float:
    """Round to one decimal, halves away from zero (as polars does; Python's round() goes to even)."""
    return math.copysign(math.floor(abs(x) * 10.0 + 0.5) / 10.0, x)


def round2(x: float) -> float:
    """Round to two decimals, as the final score keeps them (halves away from zero, as round1)."""
    return math.copysign(math.floor(abs(x) * 100.0 + 0.5) / 100.0, x)


def _neg(stamp: str | None) -> str:
    # newest first with an ascending sort: invert the characters of an ISO time stamp
    return "" if stamp is None else stamp.translate(_INVERT)


_INVERT = str.maketrans("0123456789", "9876543210")


def _item(p: dict[str, Any], ordinal: int) -> str:
    return p.get("id") if p.get("id") is not None else f"#{ordinal + 1}"


def _hits(texts: list[tuple[str, set[str]]], prefix: str) -> dict[str, set[str]]:
    hits: dict[str, set[str]] = {}
    for item, groups in texts:
        for g in groups:
            if g[0] == prefix:
                hits.setdefault(g, set()).add(item)
    return hits


def _lines(path: str, start: int, stop: int) -> Iterator[bytes]:
    with open(path, "rb") as f:
        if start:
            f.seek(start - 1)
            if f.read(1) != b"\n":
                f.readline()
        while f.tell() < stop:
            line = f.readline()
            if not line:
                return
            yield line


def _work(args: tuple[str, str, int, int]) -> list[tuple[str, str | None, float | None, str]]:
    path, rules_path, start, stop = args
    import gc

    gc.disable()  # what a performance-minded user does for a loop that makes short-lived dicts
    plan = Plan(rules_path)
    out = []
    loads = json.loads
    for line in _lines(path, start, stop):
        if line.strip():
            out.append(score_creator(plan, loads(line)))
    return out


def run(path: str, rules_path: str, processes: int = 2) -> list[tuple[str, str | None, float | None, str]]:
    """Score every creator of ``path``; ranked rows (handle, platform, final score, verdict)."""
    size = os.path.getsize(path)
    cuts = [size * i // processes for i in range(processes + 1)]
    jobs = [(path, rules_path, cuts[i], cuts[i + 1]) for i in range(processes)]
    if processes == 1:
        rows = _work(jobs[0])
    else:
        with multiprocessing.get_context("fork").Pool(processes) as pool:
            rows = [r for part in pool.map(_work, jobs) for r in part]
    return rank_rows(rows)


def rank_rows(rows: list[tuple[str, str, float | None, str]]) -> list[tuple[str, str, float | None, str]]:
    """brandfit's ranking order: verdict, final score (high first, none last), handle, platform."""
    rows.sort(key=lambda r: (VERDICT_ORDER[r[3]], r[2] is None, -(r[2] or 0.0), r[0], r[1] or "\uffff"))
    return rows


def write_rows(rows: list[tuple[str, str, float | None, str]], path: str) -> None:
    """The peers' output, one TSV line per creator, compared with brandfit's by bench/run.py."""
    with open(path, "w", encoding="utf-8") as out:
        for handle, platform, final, verdict in rows:
            out.write(f"{handle}\t{platform or ''}\t{'' if final is None else final}\t{verdict}\n")


def main(argv: list[str] | None = None) -> None:
    import argparse

    parser = argparse.ArgumentParser(description="per-creator Python loop (the hand-written peer)")
    parser.add_argument("input")
    parser.add_argument("rules")
    parser.add_argument("--processes", type=int, default=2)
    parser.add_argument("-o", "--output", required=True)
    a = parser.parse_args(argv)
    rows = run(a.input, a.rules, a.processes)
    write_rows(rows, a.output)
    print(f"scored {len(rows)} creators", file=sys.stderr)


if __name__ == "__main__":
    main()
