"""The benchmark's tools are correct (not fast: nothing here is timed).

- bench/make_creators.py writes valid creators in brandfit's format, deterministically;
- bench/hand_loop.py (the hand-written peer) gives brandfit's final scores and verdicts, and
  bench/zen_peer.py's decision graph the hand loop's;
- bench/stages.py times every stage of a batch;
- the byte-level fast path of term matching finds exactly what the regular expression path finds.
"""

from __future__ import annotations

from brandfit.run.plan import build_engine
import json
import sys
from pathlib import Path

import polars as pl
import pytest

from brandfit.inputs.sources import read_input
from brandfit.plugin.host import load_registry
from brandfit.rules.validation import load_rules
from brandfit.run.pipeline import run_scoring

REPO = Path(__file__).resolve().parent.parent
RULES = REPO / "rules" / "eco-running.toml"

sys.path.insert(0, str(REPO / "bench"))
import make_creators  # noqa: E402

sys.path.pop(0)


@pytest.fixture(scope="module")
def creators(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("bench") / "creators.jsonl"
    make_creators.write_creators(path, 600, posts=12, seed=5)
    return path


def test_generator_is_deterministic_and_varied(creators: Path, tmp_path: Path) -> None:
    again = tmp_path / "again.jsonl"
    make_creators.write_creators(again, 600, posts=12, seed=5, jobs=2)
    assert again.read_bytes() == creators.read_bytes()  # same file whatever the number of processes
    rows = [json.loads(line) for line in creators.read_text(encoding="utf-8").splitlines()]
    assert len(rows) == 600 and all(len(r["posts"]) == 12 for r in rows)
    assert {r["platform"].lower() for r in rows} >= {"instagram", "tiktok", "youtube", "x", "facebook"}
    # 1% of follower counts are missing: look at enough creators to see some (600 may show none)
    many = tmp_path / "many.jsonl"
    make_creators.write_creators(many, 3000, posts=1, seed=5)
    assert any(json.loads(line).get("followers") is None for line in many.read_text(encoding="utf-8").splitlines())
    assert any("comments" not in p for r in rows for p in r["posts"])  # some metrics missing
    words = 0
    for r in rows[:50]:
        for p in r["posts"]:
            words += len(p["caption"].split())
    assert 15 <= words / (50 * 12) <= 25  # about 20 words a post


def test_generator_creators_score_in_every_verdict_and_tier(creators: Path) -> None:
    registry = load_registry()
    engine = build_engine(load_rules(RULES, registry), registry)
    results, counts = run_scoring(read_input(str(creators)), engine)
    assert counts.rows_rejected == 0 and counts.creators_scored == 600
    assert set(results["verdict"]) == {"shortlist", "review", "reject"}
    assert set(results["tier"].drop_nulls()) == {"below_nano", "nano", "micro", "mid", "macro", "mega"}
    flags = set(results["flags"].explode().drop_nulls())
    assert "controversy.over-tolerance" in flags and "values.avoid" in flags


def test_hand_loop_agrees_with_brandfit(creators: Path) -> None:
    pytest.importorskip("ahocorasick", reason="pyahocorasick not installed (pip install 'brandfit[bench]')")
    sys.path.insert(0, str(REPO / "bench"))
    try:
        import hand_loop
    finally:
        sys.path.pop(0)
    registry = load_registry()
    engine = build_engine(load_rules(RULES, registry), registry)
    results, _ = run_scoring(read_input(str(creators)), engine)
    hand = pl.DataFrame(hand_loop.run(str(creators), str(RULES), processes=1),
                        schema=["handle", "platform", "hand_final", "hand_verdict"], orient="row")
    assert hand["handle"].to_list() != []
    joined = results.join(hand, on="handle")
    assert joined.height == 600
    differ = joined.filter(
        (pl.col("verdict") != pl.col("hand_verdict"))
        | pl.col("final_score").is_null().xor(pl.col("hand_final").is_null())
        | ((pl.col("final_score") - pl.col("hand_final")).abs() > 0.1 + 1e-9)
    )
    assert differ.height == 0, differ.head(5)


def test_zen_peer_agrees_with_the_hand_loop(creators: Path, tmp_path: Path) -> None:
    """The zen-engine graph makes the hand loop's decision (else its timing compares unlike work):
    an ambiguous controversy term holds for review, it never counts as over tolerance."""
    pytest.importorskip("ahocorasick", reason="pyahocorasick not installed (pip install 'brandfit[bench]')")
    pytest.importorskip("zen", reason="zen-engine not installed (pip install 'brandfit[bench]')")
    sys.path.insert(0, str(REPO / "bench"))
    try:
        import hand_loop
        import zen_peer
    finally:
        sys.path.pop(0)
    inputs = zen_peer.prepare(str(creators), str(RULES), str(tmp_path / "zen-input"), processes=1)
    zen = pl.DataFrame(zen_peer.run(inputs, str(RULES)), schema=["handle", "platform", "final", "verdict"], orient="row")
    hand = pl.DataFrame(hand_loop.run(str(creators), str(RULES), processes=1),
                        schema=["handle", "platform", "hand_final", "hand_verdict"], orient="row")
    joined = zen.join(hand, on="handle")
    assert joined.height == 600
    assert set(joined["hand_verdict"]) == {"shortlist", "review", "reject"}
    differ = joined.filter((pl.col("verdict") != pl.col("hand_verdict"))
                           | ((pl.col("final") - pl.col("hand_final")).abs() > 0.1 + 1e-9))
    assert differ.height == 0, differ.head(5)


TEXTS = [
    "", " ", "Plain words only", "Recycled, zero-waste  shoes!!", "#ZeroWaste @Nike  nike", "trail_running ultra",
    "ÜBER café — naïve… recycling/upcycling 🏃run🏃", "İstanbul marathon", "a\nb\tc  runner's high",
    "hoka-one-one; 5k, 10k, half marathon", "   leading and trailing   ", "plastic free\u00a0planet", "x² ½ Ⅻ",
]


def test_fast_text_path_matches_the_regex_path() -> None:
    import text_oracle as oracle
    from brandfit.text import terms as tm
    from brandfit.text.batch import normalize_texts

    rules = load_rules(RULES, load_registry())
    values = rules.scorer("values").options
    groups = {f"+{k}": v.terms for k, v in values.values.items()} | {f"-{k}": v.terms for k, v in values.avoid.items()}
    terms = tm.compile_terms(groups)
    texts = pl.DataFrame({"cid": pl.Series(range(len(TEXTS)), dtype=pl.UInt32), "item": [f"p{i}" for i in range(len(TEXTS))],
                          "text": TEXTS})
    slow = oracle.find_terms(texts, terms).sort("cid", "group", "term")
    padded = pl.select((" " + pl.lit(texts["text"]) + " ").str.to_lowercase()).to_series()
    fast_text = normalize_texts(padded)
    regex_text = texts.select(oracle.normalized(pl.col("text"))).to_series()
    squeeze = lambda s: s.str.replace_all(" +", " ")  # noqa: E731  (ends may keep a double space)
    assert squeeze(fast_text).to_list() == squeeze(regex_text).to_list()
    assert slow.height > 5


def test_fast_path_scores_equal_the_evidence_path(creators: Path, tmp_path: Path) -> None:
    """`score` (no evidence: shared normalized texts, one matching pass) and `explain` (evidence:
    one regex normalization and one polars pass per scorer) must give the same results."""
    odd = tmp_path / "odd.jsonl"
    rows = [{"handle": f"odd{i}", "platform": "tiktok", "followers": 5000, "bio": text,
             "posts": [{"id": "same", "caption": text, "hashtags": ["ZeroWaste"], "likes": 10, "comments": 1},
                       None, {"id": "same", "caption": TEXTS[-i]}, {"caption": "beer wine vodka", "posted_at": "2026-01-01T00:00:00Z"}]}
            for i, text in enumerate(TEXTS, start=1)]
    odd.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    registry = load_registry()
    rules = load_rules(RULES, registry)
    for path in (creators, odd):
        fast, _ = run_scoring(read_input(str(path)), build_engine(rules, registry, want_evidence=False))
        slow, _ = run_scoring(read_input(str(path)), build_engine(rules, registry, want_evidence=True))
        columns = [c for c in fast.columns if not c.startswith("evidence_")]
        assert fast.select(columns).equals(slow.select(columns))


def test_stage_timer_reports_every_stage(creators: Path) -> None:
    import subprocess

    out = subprocess.run([sys.executable, str(REPO / "bench" / "stages.py"), str(creators), "--rules", str(RULES),
                          "--repeat", "1"], capture_output=True, text=True, check=True).stdout
    assert "600 creators" in out.splitlines()[0]
    timings = {line[:52].strip(): float(line[52:]) for line in out.splitlines()[1:]}
    assert list(timings) == ["parse (pyarrow, 2 threads) and clean-up", "prepare: posts and bios gathered",
                             "prepare: ... and texts built and normalized",
                             "prepare (all of it: texts, matching, tallies)",
                             "score_batch (prepared; scorers, verdicts, checks)"]
    assert all(ms > 0 for ms in timings.values())
