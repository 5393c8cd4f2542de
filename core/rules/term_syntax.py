"""The term syntax of rule files and lexicons, parsed into typed terms, with one-line errors.

A term is a word or phrase, a ``#hashtag`` or an ``@mention``, with ``*`` at its end (a prefix) or
its start (a suffix). On top of that (docs/rule-files.md, "Term syntax"):

- ``democrat* -democratiz*``: exceptions, longer forms of the term that do not count;
- ``guaranteed ~5 profit*``: proximity, both parts within 5 words of each other, in either order;
- ``=KKK``: exact case, for acronyms that are everyday words in lower case.
"""

from __future__ import annotations

import re

import attrs

MAX_DISTANCE = 20
_WORD_CHARS = re.compile(r"[^\W_]|[#@_'*]", re.UNICODE)
_PROXIMITY = re.compile(r"\s~(\S*)\s")


class TermError(ValueError):
    """A term that cannot be matched as written; the message says what was expected."""


@attrs.frozen
class Pattern:
    """One side of a term: its words, and whether it is a prefix, a suffix, a hashtag, a mention."""

    text: str  # as written, without the wildcards ("democrat", "plant based", "#zerowaste")
    prefix: bool = False  # "democrat*": any word starting with it
    suffix: bool = False  # "*coin": any word ending with it

    def __str__(self) -> str:
        return ("*" if self.suffix else "") + self.text + ("*" if self.prefix else "")


@attrs.frozen
class Term:
    """A parsed term: what it matches (``first``, and ``second`` within ``distance`` words), what
    it does not (``exceptions``), and whether case counts (``exact_case``)."""

    source: str
    first: Pattern
    exceptions: tuple[Pattern, ...] = ()
    second: Pattern | None = None
    distance: int = 0
    exact_case: bool = False


def _pattern(raw: str, term: str) -> Pattern:
    text = raw.strip()
    prefix, suffix = text.endswith("*"), text.startswith("*")
    core = text.strip("*").strip()
    if not core or not _WORD_CHARS.search(core.replace("*", "")):
        raise TermError(f"term {term!r}: a term needs a letter or a digit")
    if "*" in core:
        raise TermError(f"term {term!r}: '*' only at the start or the end of a word ({raw.strip()!r})")
    if core[0] in "#@" and len(core.split()[0]) == 1:
        kind = "hashtag" if core[0] == "#" else "mention"
        raise TermError(f"term {term!r}: a {kind} needs a word right after {core[0]!r} ({raw.strip()!r})")
    if suffix and " " in core:
        raise TermError(f"term {term!r}: a '*suffix' is one word ({raw.strip()!r})")
    return Pattern(text=" ".join(core.split()), prefix=prefix, suffix=suffix)


# characters of regular expressions: the term syntax gives them no meaning, so a term holding one
# was most likely written as a pattern ("(a+)+$" would silently match the word "a")
_NOT_TERM_SYNTAX = re.compile(r"[()\[\]{}+?$^|\\]")


def parse_term(term: str) -> Term:
    """``term`` parsed; :class:`TermError` (one line, quoting the term) when it is malformed."""
    if not isinstance(term, str):
        raise TermError(f"term {term!r}: expected text")
    bad = _NOT_TERM_SYNTAX.search(term)
    if bad:
        raise TermError(f"term {term!r}: {bad.group()!r} has no meaning in a term (terms are words, phrases, #hashtags, "
                        "@mentions, prefix* or *suffix, not regular expressions)")
    raw = term.strip()
    exact_case = raw.startswith("=")
    if exact_case:
        raw = raw[1:].strip()
    # exceptions: " -word" after the term (a hyphen inside a word is a separator, as in "e-bike")
    main, *excepted = re.split(r"\s+-(?=\S)", f" {raw} ")
    excepted = [e.strip() for e in excepted]
    distance, second = 0, None
    found = _PROXIMITY.search(f" {main} ")
    if found:
        left, right = f" {main} "[:found.start()], f" {main} "[found.end():]
        if not found.group(1).isdigit() or not 1 <= int(found.group(1)) <= MAX_DISTANCE:
            raise TermError(f"term {term!r}: '~' takes a number of words from 1 to {MAX_DISTANCE} ('guaranteed ~5 profit*')")
        if "~" in right:
            raise TermError(f"term {term!r}: one '~' per term (two parts)")
        distance, main = int(found.group(1)), left
        second = _pattern(right, term)
    elif "~" in main:
        raise TermError(f"term {term!r}: '~N' needs a space on each side ('guaranteed ~5 profit*')")
    first = _pattern(main, term)
    exceptions = tuple(_pattern(e, term) for e in excepted)
    for e in exceptions:
        if second is not None:
            raise TermError(f"term {term!r}: a proximity term takes no exceptions")
        if not (first.prefix or first.suffix):
            raise TermError(f"term {term!r}: exceptions ('-{e}') only make sense after a wildcard term ('democrat* -democratiz*')")
        longer = e.text.startswith(first.text) if first.prefix else e.text.endswith(first.text)
        if not longer or e.text == first.text:
            raise TermError(f"term {term!r}: the exception {str(e)!r} must be a longer form of {str(first)!r}")
    return Term(source=term, first=first, exceptions=exceptions, second=second, distance=distance, exact_case=exact_case)


def check_terms(terms: object, where: str) -> None:
    """Raise :class:`TermError` naming ``where`` (an option key) for the first malformed term."""
    if isinstance(terms, str) or not isinstance(terms, (list, tuple)):
        raise TermError(f"{where}: expected a list of terms")
    for term in terms:
        try:
            parse_term(term)
        except TermError as exc:
            raise TermError(f"{where}: {exc}") from None
