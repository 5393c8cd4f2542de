// The engine's formula in JavaScript, for re-weighting in the report page: final score, coverage,
// verdict and the verdict's own reason (brandfit/engine/verdicts.py, class Verdicts: priors for
// missing scores, exact shares of the weight, required scorers) and the ranking
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

  // a double as an exact fraction [numerator, denominator] of BigInts, in lowest terms
  function exactFraction(x) {
    if (x === 0) return [0n, 1n];
    let den = 1n, v = x;
    while (!Number.isInteger(v)) { v *= 2; den *= 2n; }  // doubling is exact
    let num = BigInt(v);
    while (den > 1n && num % 2n === 0n) { num /= 2n; den /= 2n; }
    return [num, den];
  }

  // Python's Fraction(x).limit_denominator(maxDen): the closest fraction with a bounded denominator
  function limitDenominator(x, maxDen) {
    const [num, den] = exactFraction(x);
    if (den <= maxDen) return [num, den];
    let p0 = 0n, q0 = 1n, p1 = 1n, q1 = 0n, n = num, d = den;
    for (;;) {
      const a = n / d;
      const q2 = q0 + a * q1;
      if (q2 > maxDen) break;
      [p0, q0, p1, q1] = [p1, q1, p0 + a * p1, q2];
      [n, d] = [d, n - a * d];
    }
    const k = (maxDen - q0) / q1;
    return 2n * d * (q0 + k * q1) <= den ? [p1, q1] : [p0 + k * p1, q0 + k * q1];
  }

  function gcd(a, b) { while (b) [a, b] = [b, a % b]; return a; }

  // a / b as the double nearest to it (as Python's float(Fraction) gives it)
  function toDouble(a, b) {
    const g = gcd(a, b);
    a /= g; b /= g;
    const limit = 2n ** 53n;
    if (a < limit && b < limit) return Number(a) / Number(b);  // both exact: one correctly rounded division
    let shift = 0n;  // keep 64 significant bits of the quotient, then one rounding to a double
    while (a < b * 2n ** 64n) { a *= 2n; shift += 1n; }
    const q = a / b, r = a % b;
    return Number(2n * q + (r > 0n ? 1n : 0n)) / Math.pow(2, Number(shift) + 1);
  }

  // each scorer's share of the weight, exactly as verdicts.weight_shares computes it (null: weight 0)
  function shares(formula, weights) {
    const exact = weights.map(function (w) { return limitDenominator(w, BigInt(formula.max_denominator)); });
    let tn = 0n, td = 1n;
    for (const [n, d] of exact) { tn = tn * d + n * td; td = td * d; const g = gcd(tn, td); tn /= g; td /= g; }
    if (tn === 0n) return null;
    return exact.map(function ([n, d]) { return n === 0n ? null : toDouble(n * td, d * tn); });
  }

  // polars' sum_horizontal adds halves recursively: (a + b) + (c + d)
  function pairwiseSum(values) {
    if (values.length === 1) return values[0];
    const half = Math.floor(values.length / 2);
    return pairwiseSum(values.slice(0, half)) + pairwiseSum(values.slice(half));
  }

  // one creator under `weights` (aligned with formula.scorers) and `decision` ({shortlist, review,
  // min_coverage}); `scores` aligned with formula.scorers (null: no data or an error; the scorer's
  // prior stands in), `flags` the creator's flags in the engine's order
  function decide(formula, weights, decision, scores, flags) {
    const share = shares(formula, weights);
    let final = null, coverage = 0;
    if (share !== null) {
      const weighted = [], present = [];
      for (let i = 0; i < weights.length; i++) {
        if (share[i] === null) continue;
        const s = scores[i];
        const measured = s !== null && s !== undefined;
        weighted.push((measured ? s : formula.scorers[i].prior) * share[i]);
        present.push(measured ? share[i] : 0);
      }
      final = roundHalfEven(pairwiseSum(weighted), formula.digits.final_score);
      coverage = roundHalfEven(pairwiseSum(present), formula.digits.coverage);
    }
    const vetoCodes = flags.filter(function (f) { return formula.veto.indexOf(f) >= 0; });
    const holdCodes = flags.filter(function (f) { return formula.hold.indexOf(f) >= 0; });
    const unmet = (formula.require || []).filter(function (name) {
      const i = formula.scorers.findIndex(function (s) { return s.name === name; });
      return i >= 0 && (scores[i] === null || scores[i] === undefined);
    });
    const byScore = final === null ? "reject"
      : final >= decision.shortlist ? "shortlist" : final >= decision.review ? "review" : "reject";
    const capped = byScore === "shortlist" ? "review" : byScore;
    const lowCoverage = coverage < decision.min_coverage;
    let verdict, why = null;
    if (vetoCodes.length) { verdict = "reject"; why = "vetoed: " + vetoCodes.join(", "); }
    else if (final === null) { verdict = "review"; why = "no scorer has weight: needs a human look"; }
    else {
      verdict = holdCodes.length || lowCoverage || unmet.length ? capped : byScore;
      if (coverage === 0) why = "no scorer had data: every score is its prior";
      else if (holdCodes.length && byScore !== "reject") why = "held for review: " + holdCodes.join(", ");
      else if (unmet.length && byScore === "shortlist") why = "no data from " + unmet.join(", ") + ", required for a shortlist";
      else if (lowCoverage && byScore === "shortlist") {
        why = "only " + roundHalfEven(coverage * 100, 0) + "% of the weight had data";
      }
    }
    return { final: final, coverage: coverage, verdict: verdict, why: why, unmet: unmet.length > 0 };
  }

  // indexes of `decided` (from decide) in rank order: verdict, then those with data from every
  // required scorer before those without, then final score, coverage and engagement score, each
  // high first (none last), then `tiebreak` (each creator's place by handle and platform, from the
  // page data); `scores` as in decide
  function rankOrder(formula, decided, tiebreak, scores) {
    const order = formula.verdict_order;
    const engagement = formula.scorers.findIndex(function (s) { return s.name === "engagement"; });
    function highFirst(a, b) {
      if (a === b) return 0;
      if (a === null || a === undefined) return 1;
      if (b === null || b === undefined) return -1;
      return b - a;
    }
    const idx = decided.map(function (_, i) { return i; });
    idx.sort(function (a, b) {
      const da = decided[a], db = decided[b];
      const va = order[da.verdict], vb = order[db.verdict];
      if (va !== vb) return va - vb;
      if (da.unmet !== db.unmet) return da.unmet ? 1 : -1;
      return highFirst(da.final, db.final) || highFirst(da.coverage, db.coverage)
        || (engagement >= 0 && scores ? highFirst(scores[a][engagement], scores[b][engagement]) : 0)
        || tiebreak[a] - tiebreak[b];
    });
    return idx;
  }

  // every creator of the page data under new weights and thresholds, and their rank order
  function rerank(formula, weights, decision, creators) {
    const n = creators.handle.length;
    const decided = new Array(n);
    for (let i = 0; i < n; i++) decided[i] = decide(formula, weights, decision, creators.scores[i], creators.flags[i]);
    return { decided: decided, order: rankOrder(formula, decided, creators.tiebreak, creators.scores) };
  }

  const api = { roundHalfEven: roundHalfEven, shares: shares, decide: decide, rankOrder: rankOrder, rerank: rerank };
  if (typeof module !== "undefined" && module.exports) module.exports = api;
  else root.BrandfitRanking = api;
})(this);
