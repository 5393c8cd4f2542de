"""Language detectors side by side: accuracy on hand-labelled captions, and speed.

    python bench/language_detection.py [--creators 20000]

Accuracy: tests/fixtures/language_sample.tsv (tiktok-videos-2025 and instagram-reach captions,
language labelled by hand; see tests/fixtures/README.md), per text and per creator (each
labelled caption judged by the language found for all of its creator's captions joined, as
brandfit detects). "lexicon split" is what brandfit needs: en / vi / anything else.

Speed: per text on the tiktok captions, and brandfit's per-creator detection (screen, then
py3langid) on synthetic creators from bench/make_creators.py, against pyarrow's JSON parse of the
same file in the same run (the parse floor of bench/run.py). The machine is shared: compare the
ratios, not the microseconds. Detectors that are not installed are skipped with a note.
"""

from __future__ import annotations

import argparse
import csv
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from collections.abc import Callable

REPO = Path(__file__).resolve().parents[1]
DATA = REPO.parent / "shared" / "datasets"
SAMPLE = REPO / "tests" / "fixtures" / "language_sample.tsv"


def _candidates() -> dict[str, Callable[[str], str]]:
    found: dict[str, Callable[[str], str]] = {}
    from brandfit.text import language

    found["brandfit (screen, CLD2, py3langid)"] = lambda t: str(language.detect(_series([t]))[0])
    found["py3langid"] = language.detect_one
    try:
        from lingua import LanguageDetectorBuilder

        lingua = LanguageDetectorBuilder.from_all_languages().build()

        def lingua_one(t: str) -> str:
            r = lingua.detect_language_of(t)
            return r.iso_code_639_1.name.lower() if r else "und"
        found["lingua"] = lingua_one
    except ImportError:
        print("lingua-language-detector not installed: skipped")
    try:
        import pycld2

        def cld2_one(t: str) -> str:
            try:
                code = pycld2.detect(t)[2][0][1]
            except pycld2.error:
                return "und"
            return "und" if code == "un" else code.split("-")[0]
        found["pycld2"] = cld2_one
    except ImportError:
        print("pycld2 not installed: skipped")
    try:
        import langdetect_rs

        found["langdetect-rs"] = lambda t: langdetect_rs.detect_batch([t])[0] or "und"
    except ImportError:
        print("langdetect-rs not installed: skipped")
    return found


def _series(values: list[str]):  # type: ignore[no-untyped-def]
    import polars as pl

    return pl.Series(values, dtype=pl.String)


def _split(code: str) -> str:
    return code if code in ("en", "vi") else "other"


def accuracy(candidates: dict[str, Callable[[str], str]]) -> None:
    import polars as pl

    rows = [r for r in csv.DictReader(SAMPLE.open(encoding="utf-8"), delimiter="\t") if r["language"] not in ("none", "und")]
    creator_text: dict[tuple[str, str], str] = {}
    tiktok = DATA / "tiktok-videos-2025" / "videos.csv"
    reach = DATA / "instagram-reach" / "instagram_reach.csv"
    if tiktok.exists() and reach.exists():
        tt = pl.read_csv(tiktok, infer_schema_length=0)
        joined = dict(tt.group_by("user_name", maintain_order=True).agg(pl.col("vid_caption").fill_null("").str.join(" ")).iter_rows())
        for vid, user in tt.select("vid_id", "user_name").iter_rows():
            creator_text[("tiktok", vid)] = joined[user]
        ig = pl.read_csv(reach, infer_schema_length=0).with_row_index()
        joined = dict(ig.group_by("USERNAME", maintain_order=True).agg(pl.col("Caption").fill_null("").str.join(" ")).iter_rows())
        for i, user in ig.select("index", "USERNAME").iter_rows():
            creator_text[("instagram", str(i))] = joined[user]
    else:
        print(f"{DATA} absent: per-creator accuracy skipped")
    print(f"\naccuracy on {len(rows)} hand-labelled captions with words ({SAMPLE.relative_to(REPO)})")
    print(f"{'detector':32} {'exact':>6} {'lexicon split':>14} {'vi found':>9} {'en found':>9} {'per creator (split)':>20}")
    for name, fn in candidates.items():
        got = [(r["language"], fn(r["caption"])) for r in rows]
        exact = sum(g == p for g, p in got) / len(got)
        split = sum(_split(g) == _split(p) for g, p in got) / len(got)
        vi = [p for g, p in got if g == "vi"]
        en = [p for g, p in got if g == "en"]
        per_creator = "-"
        if creator_text:
            ok = sum(_split(r["language"]) == _split(fn(creator_text[(r["source"], r["id"])])) for r in rows)
            per_creator = f"{ok / len(rows):.3f}"
        print(f"{name:32} {exact:6.3f} {split:14.3f} {vi.count('vi') / len(vi):9.3f} {en.count('en') / len(en):9.3f} {per_creator:>20}")


def speed(candidates: dict[str, Callable[[str], str]], creators: int) -> None:
    import polars as pl
    import pyarrow.json as pj

    from brandfit.text import language

    tiktok = DATA / "tiktok-videos-2025" / "videos.csv"
    if tiktok.exists():
        captions = pl.read_csv(tiktok, infer_schema_length=0)["vid_caption"].fill_null("").to_list()[:2000]
        print(f"\nper text, {len(captions)} tiktok captions")
        for name, fn in candidates.items():
            start = time.perf_counter()
            for c in captions:
                fn(c)
            print(f"{name:32} {(time.perf_counter() - start) / len(captions) * 1e6:8.1f} us/text")
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "creators.jsonl"
        subprocess.run([sys.executable, str(REPO / "bench" / "make_creators.py"), "--creators", str(creators),
                        "--posts", "12", str(path)], check=True, stdout=subprocess.DEVNULL)
        start = time.perf_counter()
        table = pj.read_json(path)
        parse = time.perf_counter() - start
        frame = pl.from_arrow(table.select(["posts"]))
        assert isinstance(frame, pl.DataFrame)
        posts = frame.with_row_index("cid").explode("posts").drop_nulls("posts").select(
            "cid", pl.col("posts").struct.field("caption").fill_null("").alias("text"))
        language.detect_one("warm up")  # the model's one-off load is not per-creator work
        start = time.perf_counter()
        samples = language.samples_per_creator(posts["cid"], posts["text"], table.num_rows)
        sampled = time.perf_counter() - start
        screened = language.screen(samples.str.slice(0, language.SAMPLE_CHARS))
        start = time.perf_counter()
        found = language.detect(samples)
        detected = time.perf_counter() - start
        print(f"\nper creator, {creators} synthetic creators x 12 posts (bench/make_creators.py)")
        print(f"pyarrow JSON parse (the floor's work): {parse:.2f} s")
        print(f"sampling the texts: {sampled:.2f} s ({sampled / parse:.2f}x the parse)")
        print(f"detection: {detected:.2f} s ({detected / parse:.2f}x the parse), {detected / creators * 1e6:.1f} us/creator; "
              f"screen settled {1 - screened.null_count() / creators:.1%}; languages: "
              + ", ".join(f"{k} {v}" for k, v in found.value_counts(sort=True).head(4).iter_rows()))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--creators", type=int, default=20000)
    args = parser.parse_args()
    candidates = _candidates()
    accuracy(candidates)
    speed(candidates, args.creators)


if __name__ == "__main__":
    main()
