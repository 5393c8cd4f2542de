"""Which language each creator writes in: a vectorized screen, then CLD2, then py3langid.

Detection runs once per creator, on a sample of the texts a scorer reads (their first
``SAMPLE_CHARS`` characters, joined), not once per text: per text, even the fastest detector
measured (CLD2, 2.6 microseconds a caption) would cost 3 s for the 1.2M texts of a 100k-creator
run that takes ~3.5 s in all (bench/language_detection.py, docs/validity.md). Per creator:

1. a screen that polars runs over the whole batch at once settles the clear cases:

- **Vietnamese** when the sample has at least ``VI_MIN_MARKS`` letters that only Vietnamese
  writes (``đ ơ ư`` and the vowels with a dot below or a hook above; ``â ê ô ă`` are left out:
  French, Portuguese and Romanian have them);
- **English** when it has no non-ASCII letter and at least ``EN_MIN_WORDS`` English function
  words, making up at least ``EN_MIN_SHARE`` of its words (Indonesian, Spanish or Tagalog written
  in ASCII rarely use "the", "and", "of"...);
- **none** when it has no letter at all (emoji, numbers): nothing to read, nothing missed.

2. CLD2 (pycld2: Google's compact detector, C++, 30x faster than py3langid) where it calls its
   answer reliable;
3. py3langid for the rest (short or mixed samples, where it is the most accurate of the five
   detectors measured on the hand-labelled tests/fixtures/language_sample.tsv).

Both libraries ship their models inside their wheels: nothing is downloaded. Codes are ISO
639-1 (``en``, ``vi``, ``es``...), ``none`` for a sample without a letter.
"""

from __future__ import annotations

import functools
import threading
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import polars as pl

SAMPLE_CHARS = 150
VI_MIN_MARKS = 2
EN_MIN_WORDS = 3
EN_MIN_SHARE = 0.1
EN_MAX_NON_ASCII = 0.05
NO_WORDS = "none"

_VI_ONLY = "đơưạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹ"
# the most frequent English words that carry no topic (function words)
# frequent English function words that other languages written in ASCII do not use as words
# ("a", "me", "so", "in", "is", "was", "will", "of", "we" are words in Spanish, Dutch or German)
_EN_FUNCTION_WORDS = (
    "the", "and", "to", "you", "that", "for", "with", "this", "my", "your", "are", "have", "from",
    "our", "but", "not", "what", "they", "just", "about", "how", "who", "it", "be", "can", "all",
)
_EN_PATTERNS = [f" {w} " for w in _EN_FUNCTION_WORDS]
_lock = threading.Lock()


@functools.cache
def _identifier() -> Any:
    """py3langid's classifier, loaded once (0.5 s: its model is decompressed on first use)."""
    from py3langid.langid import MODEL_DIR, MODEL_FILE, LanguageIdentifier

    return LanguageIdentifier.from_modelpath(MODEL_DIR / MODEL_FILE)


def detect_one(text: str) -> str:
    """py3langid's language for one text; ``none`` when the text has no letter."""
    if not any(ch.isalpha() for ch in text):
        return NO_WORDS
    with _lock:  # the classifier keeps no state per call, but its lazy load must happen once
        ident = _identifier()
    return str(ident.classify(text)[0])


def reliable_cld2(text: str) -> str | None:
    """CLD2's language for one text when it calls the answer reliable, else None."""
    import pycld2

    try:
        reliable, _, found = pycld2.detect(text)
    except pycld2.error:  # invalid UTF-8 (lone surrogates): leave it to py3langid
        return None
    code = found[0][1]
    # CLD2 writes some codes with a region or script ("zh-Hant"); keep the language
    return code.split("-")[0] if reliable and code != "un" else None


def screen(samples: pl.Series) -> pl.Series:
    """Per sample, the language the screen is sure of (``vi``, ``en``, ``none``), else null."""
    import polars as pl

    low = samples.fill_null("").str.to_lowercase()
    frame = pl.DataFrame({"s": low}).select(
        any_letter=pl.col("s").str.contains(r"\p{L}"),
        non_ascii=pl.col("s").str.count_matches(r"[\p{L}&&[^\x00-\x7F]]"),
        vi=pl.col("s").str.count_matches(f"[{_VI_ONLY}]"),
        words=pl.col("s").str.count_matches(" ", literal=True) + 1,
        # one Aho-Corasick pass; padded so that every word has a space on each side
        en=(pl.lit(" ") + pl.col("s").str.replace_all(r"[^\p{L}\p{N}]+", " ") + pl.lit(" "))
        .str.extract_many(_EN_PATTERNS, overlapping=True).list.len(),
    )
    return frame.select(
        pl.when(~pl.col("any_letter")).then(pl.lit(NO_WORDS))
        .when(pl.col("vi") >= VI_MIN_MARKS).then(pl.lit("vi"))
        .when((pl.col("non_ascii") <= EN_MAX_NON_ASCII * pl.col("words")) & (pl.col("en") >= EN_MIN_WORDS)
              & (pl.col("en") >= EN_MIN_SHARE * pl.col("words"))).then(pl.lit("en"))
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
        guessed = [reliable_cld2(t) or detect_one(t) for t in samples.gather(rows).to_list()]
        found = found.scatter(rows, pl.Series(guessed, dtype=pl.String))
    return found


def samples_per_creator(cid: pl.Series, texts: pl.Series, n: int) -> pl.Series:
    """Per creator ``0..n-1``, their texts (``texts[i]`` belongs to creator ``cid[i]``) joined in
    order and cut at ``SAMPLE_CHARS`` characters: what :func:`detect` reads."""
    import polars as pl

    frame = pl.DataFrame({"cid": cid.cast(pl.UInt32), "text": texts.fill_null("").str.slice(0, SAMPLE_CHARS)})
    joined = frame.group_by("cid", maintain_order=True).agg(pl.col("text").str.join(" ").str.slice(0, SAMPLE_CHARS))
    base = pl.DataFrame({"cid": pl.int_range(n, dtype=pl.UInt32, eager=True)})
    return base.join(joined, on="cid", how="left").sort("cid")["text"].fill_null("")
