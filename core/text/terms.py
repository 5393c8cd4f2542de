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

from brandfit.rules.term_syntax import Pattern, TermError, parse_term

_TERM_SEPARATORS = re.compile(r"[^\w#@*]+", re.UNICODE)


@attrs.frozen
class TermSet:
    """Terms grouped by name (a brand value, a controversy category...), compiled to patterns.

    ``table``: pattern -> group, term, one row per pair of a term's own patterns (a pattern may
    serve several terms). ``parts``: the patterns that only qualify a term's hits (its exceptions,
    the second part of a proximity term), with ``role`` ``except`` or ``near``. ``special``: the
    terms that need more than a pattern match (``distance``, ``exact_case``, ``anchor``: whether an
    exception shares its term's ``start`` or ``end``); empty for plain terms, which cost nothing more.
    """

    patterns: tuple[str, ...]
    table: pl.DataFrame
    parts: pl.DataFrame
    special: pl.DataFrame


def pattern_texts(part: Pattern) -> list[str]:
    """The literal patterns that find one side of a term in normalized text (module docstring)."""
    core = " ".join(w for w in _TERM_SEPARATORS.sub(" ", part.text.lower()).split())
    if not core:
        return []
    left = "" if part.suffix else " "
    right = "" if part.prefix else " "
    if core[0] in "#@":
        return [f"{left}{core}{right}"]
    found = [f"{left}{core}{right}"]
    if not part.suffix:
        # a plain word or phrase also matches as a hashtag: "plant based" finds "#plantbased"
        found.append(f"{left}#{core.replace(' ', '')}{right}")
    return found


_TABLE = {"pattern": pl.String, "group": pl.String, "term": pl.String}


def compile_terms(groups: dict[str, Iterable[str]]) -> TermSet:
    rows: list[tuple[str, str, str]] = []
    parts: list[tuple[str, str, str, str]] = []
    special: list[tuple[str, str, int, str | None, str]] = []
    for group, terms in groups.items():
        for term in terms:
            parsed = parse_term(term)
            rows.extend((p, group, term) for p in pattern_texts(parsed.first))
            parts.extend((p, group, term, "except") for e in parsed.exceptions for p in pattern_texts(e))
            if parsed.second is not None:
                parts.extend((p, group, term, "near") for p in pattern_texts(parsed.second))
            if parsed.exceptions or parsed.second is not None or parsed.exact_case:
                special.append((group, term, parsed.distance, parsed.first.text if parsed.exact_case else None,
                                "end" if parsed.first.suffix else "start"))
    table = pl.DataFrame(rows, schema=_TABLE, orient="row").unique(maintain_order=True)
    part_table = pl.DataFrame(parts, schema={**_TABLE, "role": pl.String}, orient="row").unique(maintain_order=True)
    special_table = pl.DataFrame(special, schema={"group": pl.String, "term": pl.String, "distance": pl.Int64,
                                                  "exact_case": pl.String, "anchor": pl.String}, orient="row").unique(maintain_order=True)
    patterns = tuple(dict.fromkeys([*table["pattern"].to_list(), *part_table["pattern"].to_list()]))
    return TermSet(patterns=patterns, table=table, parts=part_table, special=special_table)


def term_problem(term: str) -> str | None:
    """Why ``term`` is not a term of the term syntax (docs/rule-files.md), or None."""
    try:
        parsed = parse_term(term)
    except TermError as exc:
        return str(exc)
    if not pattern_texts(parsed.first):
        return f"term {term!r}: a term needs a letter or a digit"
    return None


def valid_term_list(instance: Any, attribute: Any, value: tuple[str, ...]) -> None:
    """attrs validator of a list of terms that may be empty (a category whose terms come from
    lexicon packs): each term in the term syntax."""
    from brandfit.rules.options import OptionError

    for i, term in enumerate(value or ()):
        problem = term_problem(term)
        if problem:
            raise OptionError(f"{attribute.name}[{i}]", problem)

