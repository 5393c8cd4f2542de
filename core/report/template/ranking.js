// The engine's formula in JavaScript, for re-weighting in the report page: final score, coverage,
// verdict and the verdict's own reason (brandfit/engine/verdicts.py, class Verdicts) and the ranking
// (brandfit/outputs/ranking.py, rank_key). Driven only by the data formula_data() emits, so new
// weights or thresholds need no change here; a change to the engine's formula needs one, and
// tests/test_report_formula.py (node) and tests/test_report_browser.py (Chromium) fail until it has it.
(function (root) {
  "use strict";

  // polars' round(): half to even, on value x 10^digits
  function roundHalfEven(value, digits) {
    const scale = Math.pow(10, digits);
    const x = value * scale;
    let r = Math.round(x);
    if (Math.abs(x % 1) === 0.5) r = 2 * Math.round(x / 2);
    return r / scale;
  }

  // one creator under `weights` (aligned with formula.scorers) and `decision` ({shortlist, review,
  // min_coverage}); `scores` aligned with formula.scorers (null: no data or an error), `flags` the
  // creator's flags in the engine's order
  function decide(formula, weights, decision, scores, flags) {
    let total = 0, weighted = 0, have = 0, anyWeight = false;
    for (let i = 0; i < weights.length; i++) {
      const w = weights[i];
      total += w;
      if (w > 0) {
        anyWeight = true;
        const s = scores[i];
        if (s !== null && s !== undefined) { weighted += s * w; have += w; }
      }
    }
    let final = null, coverage = 0;
    if (anyWeight) {
      final = have > 0 ? roundHalfEven(weighted / have, formula.digits.final_score) : null;
      coverage = roundHalfEven(have / total, formula.digits.coverage);
    }
    const vetoCodes = flags.filter(function (f) { return formula.veto.indexOf(f) >= 0; });
    const holdCodes = flags.filter(function (f) { return formula.hold.indexOf(f) >= 0; });
    const byScore = final === null ? "reject"
      : final >= decision.shortlist ? "shortlist" : final >= decision.review ? "review" : "reject";
    const capped = byScore === "shortlist" ? "review" : byScore;
    const lowCoverage = coverage < decision.min_coverage;
    let verdict, why = null;
    if (vetoCodes.length) { verdict = "reject"; why = "vetoed: " + vetoCodes.join(", "); }
    else if (final === null) { verdict = "review"; why = "no scorer had data: needs a human look"; }
    else {
      verdict = holdCodes.length || lowCoverage ? capped : byScore;
      if (holdCodes.length && byScore !== "reject") why = "held for review: " + holdCodes.join(", ");
      else if (lowCoverage && byScore === "shortlist") {
        why = "only " + roundHalfEven(coverage * 100, 0) + "% of the weight had data";
      }
    }
    return { final: final, coverage: coverage, verdict: verdict, why: why };
  }

  // indexes of `decided` (from decide) in rank order: verdict, final score high first (none last),
  // then `tiebreak` (each creator's place by handle and platform, from the page data)
  function rankOrder(formula, decided, tiebreak) {
    const order = formula.verdict_order;
    const idx = decided.map(function (_, i) { return i; });
    idx.sort(function (a, b) {
      const da = decided[a], db = decided[b];
      const va = order[da.verdict], vb = order[db.verdict];
      if (va !== vb) return va - vb;
      if (da.final !== db.final) {
        if (da.final === null) return 1;
        if (db.final === null) return -1;
        return db.final - da.final;
      }
      return tiebreak[a] - tiebreak[b];
    });
    return idx;
  }

  // every creator of the page data under new weights and thresholds, and their rank order
  function rerank(formula, weights, decision, creators) {
    const n = creators.handle.length;
    const decided = new Array(n);
    for (let i = 0; i < n; i++) decided[i] = decide(formula, weights, decision, creators.scores[i], creators.flags[i]);
    return { decided: decided, order: rankOrder(formula, decided, creators.tiebreak) };
  }

  const api = { roundHalfEven: roundHalfEven, decide: decide, rankOrder: rankOrder, rerank: rerank };
  if (typeof module !== "undefined" && module.exports) module.exports = api;
  else root.BrandfitRanking = api;
})(this);
