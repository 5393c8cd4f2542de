// The report page: ranked table (sort, filter, pages), a card per creator, and re-weighting with the
// engine's formula (ranking.js). Reads only the JSON in #report-data; makes no network request.
(function () {
  "use strict";
  const data = JSON.parse(document.getElementById("report-data").textContent);
  const R = window.BrandfitRanking;
  const formula = data.formula;
  const c = data.creators;
  const scorers = formula.scorers.map(function (s) { return s.name; });
  const ruleWeights = formula.scorers.map(function (s) { return s.weight; });
  const ruleDecision = { shortlist: formula.shortlist, review: formula.review, min_coverage: formula.min_coverage };
  const VERDICTS = Object.keys(formula.verdict_order);
  const state = {
    weights: ruleWeights.slice(), decision: Object.assign({}, ruleDecision),
    sort: null, asc: true, page: 0, pageSize: 50, open: {},
    filters: { verdict: {}, platform: {}, tier: {} },
  };
  let ranked = null;   // {decided, order} under the current weights
  let position = null; // creator index -> place in `ranked.order`

  function esc(value) {
    return String(value).replace(/[&<>"']/g, function (ch) {
      return { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" }[ch];
    });
  }
  function num(value, digits) {
    return value === null || value === undefined ? "-" : Number(value).toLocaleString("en-US",
      { minimumFractionDigits: digits || 0, maximumFractionDigits: digits || 0 });
  }
  function pct(value) { return value === null || value === undefined ? "-" : (value * 100).toFixed(2) + "%"; }
  function el(id) { return document.getElementById(id); }

  if (!c || !c.handle.length) {
    el("ranking").insertAdjacentHTML("beforeend", '<p class="warning" id="no-creators">No creators to show: ' +
      (data.summary.total ? "none has the chosen verdicts." : "no creator was scored (see the summary's row counts).") + "</p>");
    el("reweight").hidden = true;
    window.brandfitReport = { order: function () { return []; }, toml: function () { return ""; } };
    return;
  }
  const n = c.handle.length;

  function dirty() {
    return state.weights.some(function (w, i) { return w !== ruleWeights[i]; }) ||
      Object.keys(ruleDecision).some(function (k) { return state.decision[k] !== ruleDecision[k]; });
  }

  // scorer indexes heaviest first under the current weights (rule order among equals), as the
  // engine orders the reasons
  function byWeight() {
    return scorers.map(function (_, i) { return i; }).sort(function (a, b) { return state.weights[b] - state.weights[a]; });
  }

  function mainReason(i, heaviest) {
    const own = ranked.decided[i].why;
    if (own) return own;
    for (const k of heaviest) if (c.reasons[i][k]) return c.reasons[i][k];
    return "-";
  }

  function rerank() {
    ranked = R.rerank(formula, state.weights, state.decision, c);
    position = new Array(n);
    ranked.order.forEach(function (idx, place) { position[idx] = place; });
    const counts = {};
    let changed = 0;
    VERDICTS.forEach(function (v) { counts[v] = 0; });
    ranked.decided.forEach(function (d, i) { counts[d.verdict] += 1; if (d.verdict !== c.verdict[i]) changed += 1; });
    el("live-counts").innerHTML = "Now: " + VERDICTS.map(function (v) {
      return '<span class="verdict ' + v + '">' + v + "</span> " + counts[v].toLocaleString("en-US");
    }).join(" &middot; ") + (changed ? " &middot; " + changed.toLocaleString("en-US") + " creators changed verdict" : "");
    const warn = el("threshold-warning");
    warn.hidden = state.decision.review <= state.decision.shortlist;
    warn.textContent = warn.hidden ? "" : "review is above shortlist: a rule file with these thresholds is refused.";
    el("toml").value = toml();
  }

  // ---- table ----
  const columns = [
    { key: "rank", label: "#", num: true, value: function (i) { return position[i]; } },
    { key: "creator", label: "creator", value: function (i) { return c.handle[i]; } },
    { key: "platform", label: "platform", value: function (i) { return c.platform[i] || ""; } },
    { key: "tier", label: "tier", value: function (i) { return c.tier[i] || ""; } },
    { key: "followers", label: "followers", num: true, value: function (i) { return c.followers[i]; } },
    { key: "rate", label: "engagement rate", num: true, value: function (i) { return c.rate[i]; } },
  ].concat(scorers.map(function (s, k) {
    return { key: "score:" + s, label: s + " score", num: true, value: function (i) { return c.scores[i][k]; } };
  })).concat([
    { key: "final", label: "final", num: true, value: function (i) { return ranked.decided[i].final; } },
    { key: "verdict", label: "verdict", value: function (i) { return formula.verdict_order[ranked.decided[i].verdict]; } },
    { key: "reason", label: "reason", value: function (i) { return mainReason(i, byWeight()); } },
  ]);

  function visible() {
    const f = state.filters;
    const rows = ranked.order.filter(function (i) {
      return (!Object.keys(f.verdict).length || f.verdict[ranked.decided[i].verdict]) &&
        (!Object.keys(f.platform).length || f.platform[c.platform[i] || "(none)"]) &&
        (!Object.keys(f.tier).length || f.tier[c.tier[i] || "(none)"]);
    });
    if (state.sort && state.sort !== "rank") {
      const col = columns.find(function (cl) { return cl.key === state.sort; });
      const dir = state.asc ? 1 : -1;
      rows.sort(function (a, b) {
        const va = col.value(a), vb = col.value(b);
        if (va === vb) return position[a] - position[b];
        if (va === null || va === undefined) return 1;
        if (vb === null || vb === undefined) return -1;
        return (va < vb ? -1 : 1) * dir;
      });
    } else if (state.sort === "rank" && !state.asc) rows.reverse();
    return rows;
  }

  function head() {
    el("ranked").querySelector("thead").innerHTML = "<tr>" + columns.map(function (cl) {
      const cls = [cl.num ? "num" : "", state.sort === cl.key ? "sorted" + (state.asc ? " asc" : "") : ""].join(" ");
      return '<th class="' + cls + '" data-key="' + esc(cl.key) + '">' + esc(cl.label) + "</th>";
    }).join("") + "</tr>";
  }

  function row(i, heaviest) {
    const d = ranked.decided[i];
    const moved = dirty() && c.rank[i] !== null ? ' <span class="moved">was ' + c.rank[i] + "</span>" : "";
    const cells = [
      '<td class="num">' + (position[i] + 1) + moved + "</td>",
      "<td>" + esc(c.handle[i]) + "</td>",
      "<td>" + esc(c.platform[i] || "-") + "</td>",
      "<td>" + esc((c.tier[i] || "-").replace("_", " ")) + "</td>",
      '<td class="num">' + num(c.followers[i]) + "</td>",
      '<td class="num">' + pct(c.rate[i]) + "</td>",
    ].concat(scorers.map(function (_, k) {
      const s = c.scores[i][k];
      const failed = s === null && c.errors[i].some(function (e) { return e.indexOf(scorers[k] + ":") === 0; });
      return '<td class="num">' + (failed ? "error" : num(s)) + "</td>";
    })).concat([
      '<td class="num">' + num(d.final, formula.digits.final_score) + "</td>",
      '<td><span class="verdict ' + d.verdict + '">' + d.verdict + "</span></td>",
      '<td class="reason">' + esc(mainReason(i, heaviest)) + "</td>",
    ]);
    let html = '<tr class="creator" data-i="' + i + '">' + cells.join("") + "</tr>";
    if (state.open[i]) html += '<tr class="card-row"><td colspan="' + columns.length + '">' + card(i) + "</td></tr>";
    return html;
  }

  function render() {
    head();
    const rows = visible();
    const pages = Math.max(1, Math.ceil(rows.length / state.pageSize));
    state.page = Math.min(state.page, pages - 1);
    const heaviest = byWeight();
    const start = state.page * state.pageSize;
    el("ranked").querySelector("tbody").innerHTML = rows.slice(start, start + state.pageSize)
      .map(function (i) { return row(i, heaviest); }).join("");
    el("pager").innerHTML = '<button type="button" data-page="-1"' + (state.page ? "" : " disabled") + ">previous</button>" +
      "<span>page " + (state.page + 1) + " of " + pages + " &middot; " + rows.length.toLocaleString("en-US") +
      " creators" + (rows.length < n ? " of " + n.toLocaleString("en-US") : "") + "</span>" +
      '<button type="button" data-page="1"' + (state.page < pages - 1 ? "" : " disabled") + ">next</button>" +
      '<label>rows per page <select id="page-size">' + [25, 50, 100, 500].map(function (s) {
        return "<option" + (s === state.pageSize ? " selected" : "") + ">" + s + "</option>";
      }).join("") + "</select></label>";
  }

  // ---- card ----
  function card(i) {
    const d = ranked.decided[i];
    const heaviest = byWeight();
    let html = '<div class="card" id="card-' + i + '"><h3>' + esc(c.handle[i]) + " (" + esc(c.platform[i] || "no platform") + ")" +
      " &middot; " + num(c.followers[i]) + " followers &middot; tier " + esc(c.tier[i] || "unknown") + "</h3>";
    html += '<p><span class="verdict ' + d.verdict + '">' + d.verdict.toUpperCase() + "</span> &middot; final score " +
      num(d.final, formula.digits.final_score) + " &middot; coverage " + Math.round(d.coverage * 100) + "% of the weight had data" +
      (c.rate[i] !== null ? " &middot; engagement rate " + pct(c.rate[i]) + (c.basis[i] ? " by " + esc(c.basis[i]) : "") : "") + "</p>";
    if (d.why) html += '<p class="why">Override of the score\'s verdict: ' + esc(d.why) + "</p>";
    if (c.override && c.override[i]) html += '<p class="why">Override: ' + esc(c.override[i]) + "</p>";
    html += "<table><tr><th>scorer</th><th>weight</th><th>score</th><th>reason</th></tr>" + heaviest.map(function (k) {
      return "<tr><td>" + esc(scorers[k]) + "</td><td>" + state.weights[k] + "</td><td>" + num(c.scores[i][k], 1) +
        "</td><td>" + esc(c.reasons[i][k] || "-") + "</td></tr>";
    }).join("") + "</table>";
    if (c.flags[i].length) html += "<p>Flags: " + c.flags[i].map(function (f) { return '<span class="flag">' + esc(f) + "</span>"; }).join("") + "</p>";
    if (c.missing[i].length) html += "<p>Missing data: " + esc(c.missing[i].join("; ")) + "</p>";
    if (c.errors[i].length) html += '<p class="warning">Scorer errors: ' + esc(c.errors[i].join("; ")) + "</p>";
    const evidence = c.evidence[String(i)];
    if (evidence && evidence.items.length) {
      html += "<p>Evidence:</p><ul>" + evidence.items.map(function (e) {
        const scorer = scorers[e[0]], message = e[1], post = e[2], rule = e[3];
        const excerpt = post ? evidence.posts[post] : null;
        let item = "<li><b>" + esc(scorer) + "</b>: " + (post ? (post === "bio" ? "bio: " : "post " + esc(post) + ": ") : "") + esc(message);
        if (excerpt && excerpt.text) item += '<br><span class="excerpt">&ldquo;' + esc(excerpt.text) + "&rdquo;</span>";
        if (excerpt && excerpt.link) item += ' <a href="' + esc(excerpt.link) + '" rel="noreferrer noopener" target="_blank">open the post</a>';
        if (rule) item += ' <span class="origin">[' + esc(rule) + (data.origins[rule] ? " @ " + esc(data.origins[rule]) : "") + "]</span>";
        return item + "</li>";
      }).join("") + "</ul>";
    } else {
      html += '<p class="note">' + (data.summary.input.kind === "results"
        ? "No evidence: this report was built from a results file; build it from the input for evidence."
        : "Evidence is kept for the first creators in rank order only (see docs/report.md); brandfit explain shows it for anyone.") + "</p>";
    }
    return html + "</div>";
  }

  // ---- filters ----
  function filters() {
    const groups = { verdict: VERDICTS, platform: [], tier: [] };
    const seen = { platform: {}, tier: {} };
    for (let i = 0; i < n; i++) {
      seen.platform[c.platform[i] || "(none)"] = true;
      seen.tier[c.tier[i] || "(none)"] = true;
    }
    groups.platform = Object.keys(seen.platform).sort();
    groups.tier = ["below_nano", "nano", "micro", "mid", "macro", "mega", "(none)"].filter(function (t) { return seen.tier[t]; });
    el("filters").innerHTML = Object.keys(groups).map(function (g) {
      return "<fieldset><legend>" + g + "</legend>" + groups[g].map(function (v) {
        return '<label><input type="checkbox" data-filter="' + g + '" value="' + esc(v) + '"> ' + esc(v.replace("_", " ")) + "</label>";
      }).join("") + "</fieldset>";
    }).join("");
  }

  // ---- re-weighting ----
  function controls() {
    const top = Math.max.apply(null, [10].concat(ruleWeights.map(function (w) { return Math.ceil(w * 2); })));
    let html = '<div class="group">weights</div>' + scorers.map(function (s, k) {
      return control("weight-" + s, s, 0, top, 0.1, ruleWeights[k]);
    }).join("");
    html += '<div class="group">thresholds</div>' + control("shortlist", "shortlist at", 0, 100, 0.5, ruleDecision.shortlist) +
      control("review", "review at", 0, 100, 0.5, ruleDecision.review) +
      control("min_coverage", "min coverage", 0, 1, 0.01, ruleDecision.min_coverage);
    el("controls").innerHTML = html;
  }
  function control(id, label, min, max, step, value) {
    return '<label>' + esc(label) + ' <input type="range" id="slider-' + esc(id) + '" data-control="' + esc(id) + '" min="' + min +
      '" max="' + max + '" step="' + step + '" value="' + value + '"><input type="number" data-control="' + esc(id) +
      '" min="' + min + '" max="' + max + '" step="' + step + '" value="' + value + '"></label>';
  }
  function setControl(id, value) {
    if (id.indexOf("weight-") === 0) state.weights[scorers.indexOf(id.slice(7))] = value;
    else state.decision[id] = value;
    document.querySelectorAll('[data-control="' + id + '"]').forEach(function (input) {
      if (parseFloat(input.value) !== value) input.value = value;
    });
  }

  function tomlNumber(v) { return Number.isInteger(v) ? String(v) : String(+v.toFixed(6)); }
  function toml() {
    const file = data.rules_file;
    const parent = file.indexOf("builtin:") === 0 ? file.slice(8) : file.split(/[\\/]/).pop();
    const lines = [
      "# Weights and thresholds chosen in the brandfit report for " + (data.summary.brand || parent) + ",",
      "# re-weighting " + file + " (fingerprint " + data.summary.fingerprint + ").",
      "# Save this beside " + parent + " and score with it: brandfit score DATA --rules THIS_FILE.toml",
      "schema = 1",
      'extends = "' + parent.replace(/\\/g, "\\\\").replace(/"/g, '\\"') + '"',
      "",
    ];
    scorers.forEach(function (s, k) { lines.push("[scorers." + s + "]", "weight = " + tomlNumber(state.weights[k]), ""); });
    lines.push("[decision]", "shortlist = " + tomlNumber(state.decision.shortlist), "review = " + tomlNumber(state.decision.review),
      "min_coverage = " + tomlNumber(state.decision.min_coverage));
    return lines.join("\n") + "\n";
  }

  // ---- events ----
  el("controls").addEventListener("input", function (ev) {
    const id = ev.target.getAttribute("data-control");
    const value = parseFloat(ev.target.value);
    if (!id || !isFinite(value) || value < 0) return;
    setControl(id, value);
    rerank();
    render();
  });
  el("reset").addEventListener("click", function () {
    scorers.forEach(function (s, k) { setControl("weight-" + s, ruleWeights[k]); });
    Object.keys(ruleDecision).forEach(function (k) { setControl(k, ruleDecision[k]); });
    rerank();
    render();
  });
  el("download-toml").addEventListener("click", function () {
    const link = document.createElement("a");
    link.href = URL.createObjectURL(new Blob([toml()], { type: "application/toml" }));
    link.download = "reweighted.toml";
    link.click();
  });
  el("filters").addEventListener("change", function (ev) {
    const g = ev.target.getAttribute("data-filter");
    if (!g) return;
    if (ev.target.checked) state.filters[g][ev.target.value] = true;
    else delete state.filters[g][ev.target.value];
    state.page = 0;
    render();
  });
  el("ranked").addEventListener("click", function (ev) {
    const th = ev.target.closest("th");
    if (th) {
      const key = th.getAttribute("data-key");
      state.asc = state.sort === key ? !state.asc : (key === "rank" || key === "creator" || key === "platform" || key === "tier" || key === "verdict");
      state.sort = key;
      render();
      return;
    }
    const tr = ev.target.closest("tr.creator");
    if (tr) {
      const i = +tr.getAttribute("data-i");
      if (state.open[i]) delete state.open[i]; else state.open[i] = true;
      render();
    }
  });
  el("pager").addEventListener("click", function (ev) {
    const step = ev.target.getAttribute("data-page");
    if (step) { state.page += +step; render(); }
  });
  el("pager").addEventListener("change", function (ev) {
    if (ev.target.id === "page-size") { state.pageSize = +ev.target.value; state.page = 0; render(); }
  });

  controls();
  filters();
  rerank();
  render();
  // for tests and for anyone scripting the page: the ranking as it stands
  window.brandfitReport = {
    order: function () { return ranked.order.map(function (i) { return [c.handle[i], c.platform[i], ranked.decided[i].verdict, ranked.decided[i].final]; }); },
    toml: toml,
  };
})();
