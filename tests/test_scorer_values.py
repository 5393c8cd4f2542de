"""The `values` scorer: share of texts (recent posts + bio) expressing each brand value; term syntax."""

from __future__ import annotations

import pytest

from conftest import by_handle

# Two values (green weighs 3, sport 1) and one avoid value; target_share 0.5.
VALUES = """
schema = 1
[scorers.values]
target_share = 0.5
confidence_posts = 0    # the share formula alone (confidence: test_confidence_pulls_few_posts_toward_the_prior)
[scorers.values.values.green]
weight = 3
terms = ["recycled", "zero waste"]
[scorers.values.values.sport]
weight = 1
terms = ["marathon"]
[scorers.values.avoid.fast]
weight = 1
terms = ["haul"]
"""


def posts(*captions, hashtags=None):
    out = []
    for i, caption in enumerate(captions, start=1):
        p = {"id": f"p{i}", "caption": caption}
        if hashtags and i - 1 < len(hashtags):
            p["hashtags"] = hashtags[i - 1]
        out.append(p)
    return out


def test_share_over_posts_and_bio(score):
    c = {"handle": "a", "bio": "Zero waste life", "posts": posts("recycled bottle", "hello", "hello", "marathon day")}
    row = score([c], VALUES)[0]
    # 5 texts (4 posts + bio). green: bio + p1 = 2/5 = 0.4 -> 0.4 / 0.5 = 0.8 of the target, x weight 3 = 2.4
    # sport: p4 = 1/5 = 0.2 -> 0.4, x weight 1 = 0.4. alignment (2.4 + 0.4) / (3 + 1) = 0.7 -> 70
    assert row["score_values"] == 70.0
    assert row["reason_values"] == "texts expressing: green 2/5, sport 1/5"


def test_include_bio_false_reads_posts_only(score):
    rules = VALUES.replace("target_share = 0.5", "target_share = 0.5\ninclude_bio = false")
    c = {"handle": "a", "bio": "Zero waste life", "posts": posts("recycled bottle", "hello", "hello", "marathon day")}
    row = score([c], rules)[0]
    # 4 texts. green 1/4 = 0.25 -> 0.5 x 3 = 1.5; sport 1/4 -> 0.5 x 1 = 0.5; (1.5 + 0.5) / 4 = 0.5 -> 50
    assert row["score_values"] == 50.0
    assert row["reason_values"] == "texts expressing: green 1/4, sport 1/4"


def test_share_above_target_is_capped_at_full(score):
    c = {"handle": "a", "posts": posts("recycled", "recycled", "recycled", "recycled")}
    row = score([c], VALUES)[0]
    # green 4/4 = 1.0 -> capped at 1 (not 2) x 3; sport 0 -> 3 / 4 = 0.75 -> 75
    assert row["score_values"] == 75.0


def test_weights_between_values(score):
    rows = by_handle(score([
        {"handle": "green", "posts": posts("recycled", "recycled", "x", "x")},   # green full: 3 / 4 -> 75
        {"handle": "sport", "posts": posts("marathon", "marathon", "x", "x")},   # sport full: 1 / 4 -> 25
        {"handle": "both", "posts": posts("recycled", "marathon", "x", "x")},    # 1/4 each: (0.5x3 + 0.5x1) / 4 -> 50
        {"handle": "nothing", "posts": posts("x", "y", "z")},                    # 0
    ], VALUES))
    assert {h: r["score_values"] for h, r in rows.items()} == {"green": 75.0, "sport": 25.0, "both": 50.0, "nothing": 0.0}
    assert rows["nothing"]["reason_values"] == "no brand value in 3 texts"


def test_avoid_penalty(score):
    rows = by_handle(score([
        # green 2/4 = 0.5 -> full (3 / 4 = 75); haul 1/4 = 0.25 -> 0.5 of target x weight 1 x 50 = 25 off -> 50
        {"handle": "a", "posts": posts("recycled", "recycled", "my haul", "x")},
        # nothing on-brand and a haul: 0 - 25 -> clipped at 0
        {"handle": "b", "posts": posts("haul", "x", "y", "z")},
    ], VALUES))
    assert rows["a"]["score_values"] == 50.0
    assert rows["a"]["flags_values"] == ["values.avoid"]
    assert rows["a"]["reason_values"] == "texts expressing: green 2/4; avoid: fast"
    assert rows["b"]["score_values"] == 0.0
    assert rows["b"]["flags_values"] == ["values.avoid"]


def test_avoid_penalty_option(score):
    rules = VALUES.replace("target_share = 0.5", "target_share = 0.5\navoid_penalty = 20")
    row = score([{"handle": "a", "posts": posts("recycled", "recycled", "my haul", "x")}], rules)[0]
    # 75 - 0.5 x 1 x 20 = 65
    assert row["score_values"] == 65.0


def test_no_values_configured_is_no_data(score):
    rules = """
    schema = 1
    [scorers.values]
    confidence_posts = 0
    [scorers.values.avoid.fast]
    terms = ["haul"]
    """
    row = score([{"handle": "a", "bio": "haul", "posts": posts("recycled", "haul", "x", "y")}], rules)[0]
    assert row["score_values"] is None
    assert row["missing_values"] == "no brand values configured ([scorers.values.values])"
    assert row["final_score"] == 0.0  # the prior (0 without extends) stands in
    assert row["coverage"] == 0.0


def test_one_post_is_enough_by_default_a_bio_alone_is_not(score):
    rows = by_handle(score([
        {"handle": "bio_only", "bio": "recycled zero waste"},
        {"handle": "one", "posts": posts("recycled")},
    ], VALUES))
    assert rows["bio_only"]["score_values"] is None
    assert rows["bio_only"]["missing_values"] == "0 recent posts with text (needs 1)"
    # green 1/1 -> fully met -> 3/4 of the value weight -> 75
    assert rows["one"]["score_values"] == 75.0


def test_confidence_pulls_few_posts_toward_the_prior(score):
    # prior 10, confidence_posts 1: score = 10 + (raw - 10) x n / (n + 1)
    rules = VALUES.replace("confidence_posts = 0 ", "prior = 10\nconfidence_posts = 1 ")
    rows = by_handle(score([
        {"handle": "one", "posts": posts("recycled")},                  # raw 75 -> 10 + 65 / 2 = 42.5
        {"handle": "three", "posts": posts("recycled", "x", "y")},      # raw 50 -> 10 + 40 x 3/4 = 40
        {"handle": "nothing", "posts": posts("x")},                     # raw 0 -> 10 - 10 / 2 = 5
    ], rules))
    assert rows["one"]["score_values"] == 42.5
    assert rows["three"]["score_values"] == 40.0
    assert rows["nothing"]["score_values"] == 5.0
    assert rows["one"]["reason_values"].endswith("; confidence 50% (1 posts)")


def test_too_few_posts_is_no_data(score):
    # min_posts 3: a bio alone proves little
    rows = by_handle(score([
        {"handle": "bio_only", "bio": "recycled zero waste"},
        {"handle": "two", "bio": "recycled", "posts": posts("recycled", "recycled")},
        {"handle": "three", "posts": posts("recycled", "x", "y")},
    ], VALUES.replace("target_share = 0.5", "target_share = 0.5\nmin_posts = 3")))
    assert rows["bio_only"]["score_values"] is None
    assert rows["bio_only"]["missing_values"] == "0 recent posts with text (needs 3)"
    assert rows["two"]["score_values"] is None
    assert rows["two"]["missing_values"] == "2 recent posts with text (needs 3)"
    # three posts: green 1/3 = 0.333 -> 0.667 x 3 / 4 = 0.5 -> 50
    assert rows["three"]["score_values"] == 50.0


def test_recent_posts_reads_newest_only(score):
    rules = VALUES.replace("target_share = 0.5", "target_share = 0.5\nrecent_posts = 3\ninclude_bio = false")
    c = {"handle": "a", "posts": [
        {"id": "old", "posted_at": "2024-01-01", "caption": "recycled"},
        {"id": "new1", "posted_at": "2024-03-01", "caption": "x"},
        {"id": "new2", "posted_at": "2024-03-02", "caption": "marathon"},
        {"id": "new3", "posted_at": "2024-03-03", "caption": "y"},
    ]}
    row = score([c], rules)[0]
    # the old "recycled" post is not read: sport 1/3 -> 0.667 x 1 / 4 = 0.1667 -> 16.7
    assert row["score_values"] == 16.7
    assert row["reason_values"] == "texts expressing: sport 1/3"


# ---- term syntax -------------------------------------------------------------------------------

def matching_posts(score, term, items, language="en"):
    """Which of ``items`` (a caption, or a dict with caption/hashtags/mentions) the value term,
    written in ``language``, matches."""
    rules = f"""
    schema = 1
    [scorers.values]
    confidence_posts = 0
    terms_language = "{language}"
    include_bio = false
    target_share = 1.0
    [scorers.values.values.v]
    terms = [{term!r}]
    """.replace("'", '"') if '"' not in term else None
    assert rules is not None
    ps = []
    for i, item in enumerate(items):
        p = dict(item) if isinstance(item, dict) else {"caption": item}
        p["id"] = f"p{i}"
        ps.append(p)
    while len(ps) < 3:  # min_posts
        ps.append({"id": f"pad{len(ps)}", "caption": "zzz"})
    row = score([{"handle": "t", "posts": ps}], rules)[0]
    hit = sorted({e["post"] for e in row["evidence_values"] if e["term"] is not None})
    # the score agrees with the evidence: share = hits / posts with target 1.0
    assert row["score_values"] == round(100.0 * len(hit) / len(ps), 1)
    return [f"p{i}" in hit for i in range(len(items))]


@pytest.mark.parametrize("term, text, expected", [
    # prefix*
    ("sustainab*", "Sustainability rocks", True),
    ("sustainab*", "so sustainable", True),
    ("sustainab*", "unsustainable", False),
    ("sustainab*", "love #sustainableliving", True),
    # *suffix
    ("*cycled", "Upcycled jacket", True),
    ("*cycled", "recycled bottle", True),
    ("*cycled", "cycled home", True),
    ("*cycled", "cycledx", False),
    # phrases: adjacent words, punctuation between them is a separator
    ("carbon neutral", "Carbon neutral shipping", True),
    ("carbon neutral", "carbon-neutral shipping", True),
    ("carbon neutral", "carbon,   neutral", True),
    ("carbon neutral", "carbon neutrality", False),
    ("carbon neutral", "neutral carbon", False),
    ("carbon neutral", "carbon is neutral", False),
    ("carbon neutral", "#CarbonNeutral", True),   # a phrase also finds its hashtag
    # #hashtag: only the hashtag
    ("#zerowaste", "zerowaste life", False),
    ("#zerowaste", "zero waste life", False),
    ("#zerowaste", "living #ZeroWaste", True),
    ("#zerowaste", {"caption": "x", "hashtags": ["zerowaste"]}, True),
    ("#zerowaste", {"caption": "x", "hashtags": ["#ZeroWaste"]}, True),
    # a plain term also matches as a hashtag
    ("vegan", "vegan dinner", True),
    ("vegan", "#vegan dinner", True),
    ("vegan", {"caption": "dinner", "hashtags": ["Vegan"]}, True),
    ("vegan", "vegans unite", False),
    ("vegan", "nonvegan", False),
    # whole words only
    ("run", "brunch with friends", False),
    ("run", "running late", False),
    ("run", "a trun", False),
    ("run", "Sunday RUN!", True),
    ("run", "run-club", True),
    ("run", "(run)", True),
    ("run", "run.", True),
    # @mention: only the mention
    ("@nike", "thanks @Nike", True),
    ("@nike", {"caption": "thanks", "mentions": ["nike"]}, True),
    ("@nike", "nike shoes", False),
    ("@nike", "mail info@nike.com", False),
    # case-insensitive
    ("Recycled", "RECYCLED plastic", True),
    ("ZERO waste", "zero WASTE", True),
    # non-ASCII letters are kept as letters
    ("café", "Un CAFÉ à Paris", True),
    ("café", "cafés", False),
    ("ökologisch", "ganz ÖKOLOGISCH!", True),
    ("ökologisch", "unökologisch", False),
    ("nachhaltig*", "Nachhaltigkeit zählt", True),  # German: the term is German too (below)
    ("пробежка", "Утренняя ПРОБЕЖКА", True),
    ("run", "run🏃 today", True),
    ("straße", "Hauptstraße", False),
])
def test_term_syntax(score, term, text, expected):
    # a text is only read with the terms of its own language (or every language's, when its
    # language cannot be told, as for most of these short texts)
    language = "de" if term == "nachhaltig*" else "en"
    assert matching_posts(score, term, [text], language) == [expected]


def test_a_text_in_a_language_without_terms_is_unchecked_not_zero(score):
    rules = VALUES
    captions = ["Hôm nay mình đi chạy bộ ở công viên", "Mình thích tái chế đồ cũ lắm", "Cuối tuần đi leo núi với gia đình"]
    row = score([{"handle": "vi", "posts": posts(*captions)}], rules)[0]
    assert row["score_values"] is None
    assert row["missing_values"].startswith("texts in vi unchecked: no terms in that language for ")
    assert row["values_language"] == "vi" and row["values_unchecked"] == 1.0
    rules += '[scorers.values.values.green.languages.vi]\nterms = ["tái chế"]\n'
    rules += '[scorers.values.values.sport.languages.vi]\nterms = ["chạy bộ"]\n'
    row = score([{"handle": "vi", "posts": posts(*captions)}], rules)[0]
    # the avoid value "fast" has no Vietnamese terms: a third of the values unchecked, said so
    assert row["score_values"] is not None and row["values_unchecked"] == 0.333
    assert "green" in row["reason_values"] and "sport" in row["reason_values"]
    assert row["reason_values"].endswith("; unchecked in vi: fast")


def test_a_text_counts_once_however_many_hits(score):
    # "recycled recycled zero waste" expresses green once: share 1/3, not 3/3
    assert matching_posts(score, "recycled", ["recycled recycled", "x", "y"]) == [True, False, False]
    row = score([{"handle": "a", "posts": posts("recycled recycled zero waste", "x", "y")}], VALUES)[0]
    # green 1/3 -> 0.667 x 3 / 4 = 0.5 -> 50
    assert row["score_values"] == 50.0


def test_adjacent_terms_of_two_values_both_match(score):
    # the word boundary between "recycled" and "marathon" is shared by both patterns
    row = score([{"handle": "a", "posts": posts("recycled marathon", "x", "y", "z")}], VALUES)[0]
    # green 1/4 -> 0.5 x 3 = 1.5; sport 1/4 -> 0.5 x 1 = 0.5; 2 / 4 -> 50
    assert row["score_values"] == 50.0


def test_value_evidence_names_post_term_and_rule(score):
    row = score([{"handle": "a", "posts": posts("x", "recycled", "y")}], VALUES)[0]
    hits = [e for e in row["evidence_values"] if e["term"] is not None]
    assert hits == [{"message": "value 'green' expressed by 'recycled': \"recycled\"", "post": "p2", "term": "recycled",
                     "value": None, "rule": "scorers.values.values.green.terms"}]
