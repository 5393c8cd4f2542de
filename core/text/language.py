"""Which language each creator writes in: a vectorized screen, then CLD2, then py3langid.

Detection runs once per creator, on a sample of their texts (the first ``SAMPLE_POSTS`` posts,
or the bio, cut at ``SAMPLE_CHARS`` characters), not once per text: per text, even the fastest
detector measured (CLD2, 2.6 microseconds a caption) would cost 3 s for the 1.2M texts of a
100k-creator run that takes ~3.5 s in all (bench/language_detection.py, docs/validity.md).
Per creator:

1. a screen that polars runs over the whole batch at once settles the clear cases: **none**
   when the sample has no letter (emoji, numbers: nothing to read, nothing missed), and
   **Vietnamese** when it has at least ``VI_MIN_MARKS`` letters that only Vietnamese writes
   (``đ ơ ư`` and the vowels with a dot below or a hook above; ``â ê ô ă`` are left out:
   French, Portuguese and Romanian have them);
2. CLD2 (pycld2: Google's compact detector, C++, 30x faster than py3langid) where the sample has
   at least ``CLD2_MIN_LETTERS`` letters and CLD2 calls its answer reliable;
3. py3langid for the rest (short or mixed samples, where it is the most accurate of the five
   detectors measured on the hand-labelled tests/fixtures/language_sample.tsv), when its
   probability reaches ``MIN_CONFIDENCE``; below, the language is ``und`` (not told): such
   creators are matched against every language's terms (a short caption is read as best we
   can, and reported as ``und``).

Both libraries ship their models inside their wheels: nothing is downloaded. Codes are ISO
639-1 (``en``, ``vi``, ``es``...).
"""

from __future__ import annotations

import functools
import threading
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import polars as pl
    import pyarrow as pa

SAMPLE_CHARS = 150
SAMPLE_POSTS = 2
VI_MIN_MARKS = 2
NO_WORDS = "none"
UNSURE = "und"
# py3langid's probability (normalized over its 97 languages) below which a sample's language is
# not told: short captions ("Look at me": 0.22, "casino casino": 0.15) get "und"
MIN_CONFIDENCE = 0.5
# CLD2 calls "zerowaste life zzz" reliably Polish: below this many letters it is not asked
CLD2_MIN_LETTERS = 40

_VI_ONLY = "đơưạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹ"
_lock = threading.Lock()


@functools.cache
def _identifier() -> Any:
    """py3langid's classifier, loaded once (0.5 s: its model is decompressed on first use)."""
    from py3langid.langid import MODEL_DIR, MODEL_FILE, LanguageIdentifier

    return LanguageIdentifier.from_modelpath(MODEL_DIR / MODEL_FILE, norm_probs=True)


def detect_one(text: str) -> str:
    """py3langid's language for one text; ``none`` when the text has no letter, ``und`` when
    py3langid is not sure (probability below ``MIN_CONFIDENCE``)."""
    if not any(ch.isalpha() for ch in text):
        return NO_WORDS
    with _lock:  # the classifier keeps no state per call, but its lazy load must happen once
        ident = _identifier()
    code, probability = ident.classify(text)
    return str(code) if probability >= MIN_CONFIDENCE else UNSURE


def reliable_cld2(texts: list[str]) -> list[str | None]:
    """CLD2's language for each text where it calls the answer reliable, else None (callers pass
    texts of at least ``CLD2_MIN_LETTERS`` letters). One loop over the batch's texts, since the
    call itself (a few microseconds, the GIL released) is most of the cost."""
    import pycld2

    detect_cld2, error = pycld2.detect, pycld2.error
    found: list[str | None] = []
    for text in texts:
        try:
            # without a tag or entity to skip, CLD2's HTML scan changes nothing: skipping it makes
            # a call ~40% cheaper (with one, "iu >< #viral" hides the hashtags, as it always did)
            reliable, _, best = detect_cld2(text, isPlainText="<" not in text and "&" not in text)
        except error:  # invalid UTF-8 (lone surrogates): leave it to py3langid
            found.append(None)
            continue
        code = best[0][1]
        # CLD2 writes some codes with a region or script ("zh-Hant"); keep the language
        found.append(code.split("-")[0] if reliable and code != "un" else None)
    return found


def screen(samples: pl.Series) -> pl.Series:
    """Per sample, the language the screen is sure of (``vi``, ``none``), else null."""
    import polars as pl

    frame = pl.DataFrame({"s": samples.fill_null("")}).select(
        any_letter=pl.col("s").str.contains(r"\p{L}"),
        vi=pl.col("s").str.to_lowercase().str.count_matches(f"[{_VI_ONLY}]"),
    )
    return frame.select(
        pl.when(~pl.col("any_letter")).then(pl.lit(NO_WORDS))
        .when(pl.col("vi") >= VI_MIN_MARKS).then(pl.lit("vi"))
        .otherwise(pl.lit(None, dtype=pl.String))
    ).to_series().rename("language")


def detect(samples: pl.Series) -> pl.Series:
    """Per sample (one per creator), its language: the screen where it is sure, else CLD2 where
    reliable, else py3langid."""
    import polars as pl

    samples = samples.fill_null("").str.slice(0, SAMPLE_CHARS)
    found = screen(samples)
    unsure = found.is_null()
    if unsure.any():
        rows = unsure.arg_true()
        texts = samples.gather(rows)
        as_text = texts.to_list()
        # letters = characters - non-letters: the same count, at half the cost of matching each letter
        long = (texts.str.len_chars() - texts.str.count_matches(r"\P{L}") >= CLD2_MIN_LETTERS).to_list()
        cld2 = iter(reliable_cld2([text for text, enough in zip(as_text, long, strict=True) if enough]))
        guessed = [(next(cld2) if enough else None) or detect_one(text) for text, enough in zip(as_text, long, strict=True)]
        found = found.scatter(rows, pl.Series(guessed, dtype=pl.String))
    return found


def samples_per_creator(cid: pl.Series, texts: pl.Series | pa.Array, n: int) -> pl.Series:
    """Per creator ``0..n-1``, what :func:`detect` reads: their first ``SAMPLE_POSTS`` texts
    (``texts[i]`` belongs to creator ``cid[i]``; a creator's texts in order, posts before the
    bio) joined and cut at ``SAMPLE_CHARS`` characters."""
    import numpy as np
    import polars as pl

    from brandfit.columnar.lists import to_arrow

    ids = cid.cast(pl.Int64).to_numpy()
    # texts are grouped per creator in two runs (posts, then bios): keep each creator's first few
    order = np.argsort(ids, kind="stable")
    sorted_ids = ids[order]
    rank = np.arange(len(order)) - np.searchsorted(sorted_ids, sorted_ids)
    keep = order[rank < SAMPLE_POSTS]  # by creator, each creator's texts in order
    counts = np.bincount(ids[keep], minlength=n)
    start = np.cumsum(counts) - counts
    if isinstance(texts, pl.Series):
        picked = texts.gather(pl.Series(keep, dtype=pl.UInt32))
    else:  # Arrow: only the texts sampled become polars strings
        picked = pl.Series(texts.take(to_arrow(keep)))
    picked = picked.fill_null("").str.slice(0, SAMPLE_CHARS)
    # the k-th text of each creator that has one, side by side: joined row-wise, never grouped
    # (a null index gathers a null: a creator with fewer texts)
    columns = [picked.gather(pl.Series(np.where(counts > k, start + k, 0), dtype=pl.UInt32)
                             .scatter(np.flatnonzero(counts <= k), None)) for k in range(SAMPLE_POSTS)]
    return pl.select(pl.concat_str([pl.lit(c) for c in columns], separator=" ", ignore_nulls=True)
                     .str.slice(0, SAMPLE_CHARS).fill_null("")).to_series()
