"""`brandfit explain`: one creator's full breakdown, every number traced to its rule and evidence."""

from __future__ import annotations

from typing import IO, Any

from brandfit.engine.verdicts import FINAL_SCORE_DIGITS


def explanation_data(row: dict[str, Any], engine: Any, rules: Any) -> dict[str, Any]:
    scorers = []
    priors = {rule.name: rule.prior for rule in rules.scorers}
    for scorer, weight in engine.scorers:
        name = scorer.name
        evidence = [dict(e, origin=rules.origin_of(e["rule"]) if e.get("rule") else "")
                    for e in (row.get(f"evidence_{name}") or []) if e and e.get("message")]
        scorers.append({
            "scorer": name,
            "weight": weight,
            "weight_origin": rules.origin_of(f"scorers.{name}.weight"),
            "prior": priors.get(name, 0.0),
            "score": row.get(f"score_{name}"),
            "missing": row.get(f"missing_{name}") if row.get(f"score_{name}") is None else None,
            "error": row.get(f"error_{name}"),
            "reason": row.get(f"reason_{name}"),
            "flags": row.get(f"flags_{name}") or [],
            "evidence": evidence,
            "plugin": engine.plugin_versions.get(name),
            # text scorers: the language the creator was read in, and the share left unchecked
            "language": row.get(f"{name}_language"),
            "unchecked": row.get(f"{name}_unchecked"),
        })
    weighted = [s for s in scorers if s["weight"] > 0]
    total = sum(s["weight"] for s in scorers)
    d = rules.decision
    return {
        "handle": row["handle"], "platform": row["platform"], "followers": row["followers"], "tier": row.get("tier"),
        "final_score": row["final_score"], "coverage": row["coverage"], "verdict": row["verdict"],
        "reasons": row["reasons"], "flags": row["flags"], "errors": row["errors"],
        "computation": {
            "formula": "final = sum(weight x score) / sum(weight), each scorer without data counted at its prior",
            "terms": [{"scorer": s["scorer"], "weight": s["weight"], "score": s["score"] if s["score"] is not None else s["prior"],
                       "prior_stands_in": s["score"] is None} for s in weighted],
            "weight_with_data": sum(s["weight"] for s in weighted if s["score"] is not None), "total_weight": total,
        },
        "decision": {
            "shortlist": d.shortlist, "review": d.review, "min_coverage": d.min_coverage,
            "veto": list(d.veto), "hold": list(d.hold), "require": list(d.require),
            "origin": {k: rules.origin_of(f"decision.{k}") for k in ("shortlist", "review", "min_coverage", "veto", "hold", "require")},
        },
        "scorers": scorers,
        "rules_fingerprint": engine.fingerprint,
        "rule_files": list(rules.chain),
    }


def render_explanation(data: dict[str, Any], out: IO[str]) -> None:
    from brandfit.containment.terminal_text import printable_data

    data = printable_data(data)  # handles, captions, terms are data: no control characters reach the terminal
    w = out.write
    followers = "-" if data["followers"] is None else f"{data['followers']:,.0f}"
    w(f"{data['handle']} ({data['platform'] or '?'}) · {followers} followers · tier {data['tier'] or 'unknown'}\n")
    final = "no data" if data["final_score"] is None else f"{data['final_score']:.{FINAL_SCORE_DIGITS}f}"
    w(f"verdict: {data['verdict'].upper()}   final score: {final}   coverage: {data['coverage'] * 100:.0f}% of the weight\n")
    for reason in data["reasons"][:1]:
        if reason.split(" ")[0] not in {s["scorer"] for s in data["scorers"]}:
            w(f"  because: {reason}\n")
    c = data["computation"]
    if c["terms"]:
        parts = " + ".join(f"{t['weight']:g} x {t['score']:.1f}" + (" (prior)" if t["prior_stands_in"] else "") for t in c["terms"])
        w(f"\nfinal score = ({parts}) / {c['total_weight']:g} = {final}\n")
    d = data["decision"]
    w(f"thresholds: shortlist >= {d['shortlist']:g} ({d['origin']['shortlist']}), review >= {d['review']:g} "
      f"({d['origin']['review']}), min coverage {d['min_coverage']:g}\n")
    w(f"veto flags: {', '.join(d['veto']) or 'none'} ({d['origin']['veto']}); "
      f"hold flags: {', '.join(d['hold']) or 'none'} ({d['origin']['hold']})\n")
    if d["require"]:
        w(f"required for a shortlist: {', '.join(d['require'])} ({d['origin']['require']})\n")
    if data["flags"]:
        w(f"flags raised: {', '.join(data['flags'])}\n")
    for s in data["scorers"]:
        if s["error"]:
            head = f"ERROR: {s['error']} (left out of the final score)"
        elif s["score"] is None:
            head = f"no data: {s['missing']}"
        else:
            head = f"{s['score']:.1f}"
        w(f"\n[{s['scorer']}] weight {s['weight']:g} ({s['weight_origin']}) · {s['plugin']}\n  score: {head}\n")
        if s["reason"] and s["score"] is not None:
            w(f"  {s['reason']}\n")
        if s.get("language"):
            unchecked = s.get("unchecked") or 0.0
            w(f"  language checked: {s['language']}; unchecked: {unchecked:.0%}"
              + (" of the groups (no terms in that language)" if unchecked else "") + "\n")
        for e in s["evidence"]:
            where = "bio: " if e.get("post") == "bio" else f"post {e['post']}: " if e.get("post") else ""
            origin = f"  [{e['rule']}" + (f" @ {e['origin']}" if e.get("origin") else "") + "]" if e.get("rule") else ""
            w(f"  - {where}{e['message']}{origin}\n")
    w(f"\nrules: {' -> '.join(data['rule_files'])} (fingerprint {data['rules_fingerprint']})\n")
