"""The term syntax (brandfit.rules.term_syntax): what parses, and the one-line errors for what does not."""

from __future__ import annotations

import pytest

from brandfit.rules.term_syntax import Pattern, TermError, parse_term


def test_plain_wildcard_hashtag_and_mention_terms() -> None:
    assert parse_term("plant based").first == Pattern("plant based")
    assert parse_term("sustainab*").first == Pattern("sustainab", prefix=True)
    assert parse_term("*coin").first == Pattern("coin", suffix=True)
    assert parse_term("#zerowaste").first == Pattern("#zerowaste")
    assert parse_term("@nike").first == Pattern("@nike")


def test_exceptions_proximity_and_exact_case() -> None:
    term = parse_term("democrat* -democratiz* -democratis*")
    assert term.first == Pattern("democrat", prefix=True)
    assert term.exceptions == (Pattern("democratiz", prefix=True), Pattern("democratis", prefix=True))
    term = parse_term("guaranteed ~8 profit*")
    assert (term.first, term.second, term.distance) == (Pattern("guaranteed"), Pattern("profit", prefix=True), 8)
    assert parse_term("=KKK").exact_case and parse_term("=KKK").first == Pattern("KKK")
    # a hyphen inside a word is a separator, not an exception
    assert parse_term("pro-life").exceptions == ()


@pytest.mark.parametrize("term, message", [
    ("de*mocrat", "'*' only at the start or the end of a word"),
    ("*", "a term needs a letter or a digit"),
    ("", "a term needs a letter or a digit"),
    ("guaranteed ~ profit", "'~' takes a number of words from 1 to 20"),
    ("guaranteed ~50 profit", "'~' takes a number of words from 1 to 20"),
    ("a ~3 b ~2 c", "one '~' per term"),
    ("x~3 y", "'~N' needs a space on each side"),
    ("democrat* -republican", "the exception 'republican' must be a longer form of 'democrat*'"),
    ("vegan -vegans", "exceptions ('-vegans') only make sense after a wildcard term"),
    ("# plantbased", "a hashtag needs a word right after '#'"),
    ("*coin flip", "a '*suffix' is one word"),
    ("guaranteed ~5 profit* -profits", "a proximity term takes no exceptions"),
])
def test_malformed_terms_say_what_was_expected(term: str, message: str) -> None:
    with pytest.raises(TermError) as caught:
        parse_term(term)
    assert message in str(caught.value)
    assert "\n" not in str(caught.value)
