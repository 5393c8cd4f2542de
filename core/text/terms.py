"""Whole-word term matching over whole batches at once (Aho-Corasick through polars).

Text is lower-cased and every run of characters that is not a letter, digit, ``#``, ``@`` or ``_``
becomes one space, with a space at each end. A term then becomes one or more literal patterns
with spaces as word boundaries (`` vegan ``), so a single multi-pattern pass finds every term of
every group in a post: far faster than one regular expression per term (docs/performance.md).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

import attrs
import polars as pl

_TERM_SEPARATORS = re.compile(r"[^\w#@*]+", re.UNICODE)


@attrs.frozen
class TermSet:
    """Terms grouped by name (a brand value, a controversy category...), compiled to patterns."""

    patterns: tuple[str, ...]
    table: pl.DataFrame  # pattern -> group, term (one row per pair; a pattern may serve several terms)


def term_patterns(term: str) -> list[str]:
    """The literal patterns that find ``term`` in normalized text (see the module docstring)."""
    raw = term.strip().lower()
    prefix_wild = raw.endswith("*")
    suffix_wild = raw.startswith("*")
    core = " ".join(w for w in _TERM_SEPARATORS.sub(" ", raw.strip("*")).split() if w.strip("*"))
    core = core.replace("*", "")
    if not core:
        return []
    left = "" if suffix_wild else " "
    right = "" if prefix_wild else " "
    if core[0] in "#@":
        return [f"{left}{core}{right}"]
    found = [f"{left}{core}{right}"]
    if not suffix_wild:
        # a plain word or phrase also matches as a hashtag: "plant based" finds "#plantbased"
        found.append(f"{left}#{core.replace(' ', '')}{right}")
    return found


def compile_terms(groups: dict[str, Iterable[str]]) -> TermSet:
    rows = [(p, group, term) for group, terms in groups.items() for term in terms for p in term_patterns(term)]
    table = pl.DataFrame(rows, schema={"pattern": pl.String, "group": pl.String, "term": pl.String}, orient="row")
    table = table.unique(maintain_order=True)
    return TermSet(patterns=tuple(dict.fromkeys(table["pattern"].to_list())), table=table)


# characters of regular expressions: the term syntax gives them no meaning, so a term holding one
# was most likely written as a pattern ("(a+)+$" would silently match the word "a")
_NOT_TERM_SYNTAX = re.compile(r"[()\[\]{}+?$^|\\]")


def term_problem(term: str) -> str | None:
    """Why ``term`` is not a term of the term syntax (docs/rule-files.md), or None."""
    bad = _NOT_TERM_SYNTAX.search(term)
    if bad:
        return (f"{term!r}: {bad.group()!r} has no meaning in a term (terms are words, phrases, #hashtags, "
                "@mentions, prefix* or *suffix, not regular expressions)")
    if "*" in term.strip().strip("*"):
        return f"{term!r}: * works only at the start or the end of a term"
    if not term_patterns(term):
        return f"{term!r}: a term needs a letter or a digit"
    return None


def valid_terms(instance: Any, attribute: Any, value: tuple[str, ...]) -> None:
    """attrs validator of a ``terms`` option: at least one term, each in the term syntax."""
    from brandfit.rules.options import OptionError

    if not value:
        raise OptionError(attribute.name, "expected at least one term")
    for i, term in enumerate(value):
        problem = term_problem(term)
        if problem:
            raise OptionError(f"{attribute.name}[{i}]", problem)
