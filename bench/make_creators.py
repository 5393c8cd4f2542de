"""Deterministic synthetic creators in brandfit's JSONL format, for benchmarks.

    python bench/make_creators.py OUT.jsonl --creators 1000000 [--posts 12] [--seed 7] [--jobs 2]

Each creator has ``--posts`` posts of about 20 words. Brand-value words (from the values of
rules/eco-running.toml), "avoid" words and controversy terms (from the built-in default rule set
and the brand's competitors) are sprinkled in at realistic rates that depend on the creator's
persona (most creators are clean; a few are runners, a few are risky). Every tier and platform
occurs; some metrics, follower counts, dates, hashtags and bios are missing; a few captions carry
emoji and accented letters.

The output depends only on (creators, posts, seed): creators are made in chunks of CHUNK, each
from its own random generator seeded by (seed, chunk number), so the file is the same whatever
``--jobs`` is. Chunks are written in order as they are made, so memory stays small.
"""

from __future__ import annotations

import argparse
import datetime
import json
import multiprocessing
import os
import random
import sys
import time
import tomllib
from pathlib import Path
from collections.abc import Iterator

REPO = Path(__file__).resolve().parent.parent
ENGLISH_LEXICON = REPO / "core" / "rules" / "lexicon_packs" / "brandfit-en.toml"
BRAND_RULES = REPO / "rules" / "eco-running.toml"
CHUNK = 5_000
_EPOCH = datetime.date(2026, 1, 1).toordinal()

FILLER = (
    "the a and to of in for on with my this that is it was so just today we our you your all at be from "
    "have new one day week time life love really good great little big more some about after before "
    "again morning evening weekend friends family home city coffee breakfast lunch dinner food recipe "
    "photo video vlog story update thanks everyone grateful happy feeling tired strong slow fast easy "
    "hard first last next best favourite finally still ever never always back out up down over under "
    "road path park street light rain sun wind cold warm blue green sky view walk ride swim bike gym "
    "training session plan goal progress journey team coach shoes socks kit gear bag bottle water "
    "music podcast book read learn try tried made make build share link bio comment below follow "
    "tips advice routine habit stretch recovery sleep rest eat healthy fresh local market garden "
    "dog cat kids partner mum dad brother sister trip travel beach lake river hill valley town "
    "monday tuesday wednesday thursday friday saturday sunday spring summer autumn winter season"
).split()
EXOTIC = ("café", "naïve", "über", "crème", "jalapeño", "🏃", "🌍", "🔥", "💚", "✨", "🙌", "😂", "⛰️", "🌲")
PLATFORMS = ("instagram", "instagram", "instagram", "tiktok", "tiktok", "youtube", "x", "facebook", "IG", "TikTok")
COUNTRIES = ("GB", "US", "DE", "FR", "ES", "IT", "NL", "SE", "AU", "CA", None)
CATEGORIES = ("running", "fitness", "outdoors", "lifestyle", "food", "travel", "fashion", "tech", "family", "gaming")
# persona: (share of creators, P(value term per post), P(avoid term), P(controversy term))
PERSONAS = (
    ("general", 0.55, 0.06, 0.01, 0.006),
    ("runner", 0.25, 0.45, 0.01, 0.006),
    ("eco", 0.10, 0.40, 0.01, 0.006),
    ("lifestyle", 0.07, 0.08, 0.12, 0.03),
    ("risky", 0.03, 0.05, 0.05, 0.25),
)


def _concrete(term: str, rng: random.Random) -> str:
    """A word a post would contain for a rule term (wildcards filled in)."""
    term = term.strip()
    if term.endswith("*"):
        term = term[:-1] + rng.choice(("", "s", "ing", "er", "ed"))
    if term.startswith("*"):
        term = rng.choice(("trail", "road", "fell", "")) + term[1:]
    return term


def load_vocab() -> dict[str, list[str]]:
    english = tomllib.loads(ENGLISH_LEXICON.read_text(encoding="utf-8"))
    brand = tomllib.loads(BRAND_RULES.read_text(encoding="utf-8"))
    values = [t for v in brand["scorers"]["values"]["values"].values() for t in v["terms"]]
    avoid = [t for v in brand["scorers"]["values"]["avoid"].values() for t in v["terms"]]
    # the default rule set's English terms (its lexicon pack), the unambiguous ones written plainly
    # (no exceptions, proximity or exact case: a post contains the word itself)
    cats = {name: [t for t in c["unambiguous"] if not any(mark in t for mark in (" -", "~", "="))]
            for name, c in english["categories"].items()}
    # light categories (politics, drink, profanity) come up far more often than the floor ones
    light = [t for name in ("politics", "drugs_alcohol_tobacco", "profanity") for t in cats[name]]
    heavy = [t for name, c in cats.items() if name not in ("politics", "drugs_alcohol_tobacco", "profanity")
             for t in c]
    competitors = [c.lstrip("@") for c in brand["brand"]["competitors"]]
    return {"values": values, "avoid": avoid, "light": light, "heavy": heavy, "competitors": competitors}


def _words(rng: random.Random, n: int) -> list[str]:
    return rng.choices(FILLER, k=n)


def make_creator(rng: random.Random, index: int, posts: int, vocab: dict[str, list[str]]) -> dict:
    r = rng.random()
    for name, share, p_value, p_avoid, p_contro in PERSONAS:  # noqa: B007 (the persona picked is used after the loop)
        r -= share
        if r <= 0:
            break
    # followers: log-uniform 200 .. 5M covers every tier; 1% missing
    followers: int | None = round(10 ** rng.uniform(2.3, 6.7))
    if rng.random() < 0.01:
        followers = None
    platform = rng.choice(PLATFORMS)
    by_views = platform.lower() in ("tiktok", "youtube")
    base_rate = rng.uniform(0.005, 0.08) * (3.0 if rng.random() < 0.02 else 1.0)  # a few implausible ones
    items = []
    day = 330 - rng.randrange(0, 30)
    for p in range(posts):
        n_words = rng.randint(14, 24)
        words = _words(rng, n_words)
        if rng.random() < p_value:
            words[rng.randrange(n_words)] = _concrete(rng.choice(vocab["values"]), rng)
            if rng.random() < 0.3:
                words[rng.randrange(n_words)] = _concrete(rng.choice(vocab["values"]), rng)
        if rng.random() < p_avoid:
            words[rng.randrange(n_words)] = _concrete(rng.choice(vocab["avoid"]), rng)
        if rng.random() < p_contro:
            pool = vocab["heavy"] if rng.random() < 0.15 else vocab["light"]
            words[rng.randrange(n_words)] = _concrete(rng.choice(pool), rng)
        if rng.random() < 0.002:
            words[rng.randrange(n_words)] = rng.choice(vocab["competitors"])
        if rng.random() < 0.15:
            words[rng.randrange(n_words)] = rng.choice(EXOTIC)
        caption = " ".join(words).capitalize() + rng.choice((".", "!", "", " :)", "?!"))
        tags = []
        if rng.random() < 0.7:
            tags = [rng.choice(FILLER) + rng.choice(("", "life", "day", "vibes")) for _ in range(rng.randint(1, 4))]
            if rng.random() < p_value:
                tags.append("#" + _concrete(rng.choice(vocab["values"]), rng).replace(" ", ""))
        mentions = []
        if rng.random() < 0.1:
            mentions = [rng.choice(("stride.eco", "bestie_runs", "coach.amy", "trailcrew"))]
        reach = followers if isinstance(followers, int) else 10_000
        views = round(reach * rng.uniform(0.5, 3.0)) if by_views and rng.random() < 0.9 else None
        interactions = (views if views else reach) * base_rate * rng.uniform(0.5, 1.5)
        day -= rng.randint(1, 6)
        post = {
            "id": f"p{index}_{p}",
            "posted_at": None if rng.random() < 0.02 else
            f"{datetime.date.fromordinal(_EPOCH + day).isoformat()}T{rng.randrange(24):02d}:{rng.randrange(60):02d}:00Z",
            "likes": round(interactions * 0.9),
            "comments": None if rng.random() < 0.03 else round(interactions * 0.05),
            "shares": None if rng.random() < 0.3 else round(interactions * 0.03),
            "saves": None if rng.random() < 0.4 else round(interactions * 0.02),
            "views": views,
            "caption": caption,
            "hashtags": tags,
            "mentions": mentions,
            "sponsored": rng.random() < 0.1,
        }
        if rng.random() < 0.01:
            post["likes"] = None
        # exports leave out what they do not have rather than writing null
        items.append({k: v for k, v in post.items() if v is not None and v != [] and v is not False})
    if posts > 2 and rng.random() < 0.5:  # files are not always newest first
        rng.shuffle(items)
    bio_words = _words(rng, rng.randint(4, 12))
    if name in ("runner", "eco") and rng.random() < 0.6:
        bio_words.append(_concrete(rng.choice(vocab["values"]), rng))
    return {
        "handle": f"creator{index:07d}",
        "platform": platform,
        "followers": followers,
        "following": rng.randrange(50, 3000),
        "bio": None if rng.random() < 0.05 else " ".join(bio_words),
        "country": rng.choice(COUNTRIES),
        "categories": rng.sample(CATEGORIES, k=rng.randint(0, 3)),
        "fee": None if rng.random() < 0.5 else round(rng.uniform(50, 20000), 2),
        "posts": items,
    }


def make_chunk(args: tuple[int, int, int, int, int]) -> bytes:
    chunk, start, stop, posts, seed = args
    rng = random.Random(seed * 1_000_003 + chunk)
    vocab = _VOCAB or load_vocab()
    dumps = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode
    return "".join(dumps(make_creator(rng, i, posts, vocab)) + "\n" for i in range(start, stop)).encode("utf-8")


_VOCAB: dict[str, list[str]] = {}


def _init() -> None:
    _VOCAB.update(load_vocab())


def chunks(creators: int, posts: int, seed: int) -> Iterator[tuple[int, int, int, int, int]]:
    for chunk, start in enumerate(range(0, creators, CHUNK)):
        yield chunk, start, min(start + CHUNK, creators), posts, seed


def write_creators(path: str | os.PathLike[str], creators: int, posts: int = 12, seed: int = 7, jobs: int = 1) -> None:
    tmp = f"{path}.part"
    with open(tmp, "wb") as out:
        if jobs <= 1:
            _init()
            for args in chunks(creators, posts, seed):
                out.write(make_chunk(args))
        else:
            with multiprocessing.get_context("fork").Pool(jobs, initializer=_init) as pool:
                for data in pool.imap(make_chunk, chunks(creators, posts, seed)):
                    out.write(data)
    os.replace(tmp, path)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out")
    parser.add_argument("--creators", type=int, default=100_000)
    parser.add_argument("--posts", type=int, default=12)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    a = parser.parse_args(argv)
    started = time.perf_counter()
    write_creators(a.out, a.creators, a.posts, a.seed, a.jobs)
    took = time.perf_counter() - started
    print(f"wrote {a.creators:,} creators x {a.posts} posts to {a.out} "
          f"({os.path.getsize(a.out) / 1e6:,.0f} MB) in {took:.1f}s", file=sys.stderr)


if __name__ == "__main__":
    main()
