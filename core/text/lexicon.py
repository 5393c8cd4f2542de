"""Term lists per language, as the text scorers' options hold them, and how they combine."""

from __future__ import annotations

import attrs

from brandfit.text.terms import valid_term_list


@attrs.frozen
class LanguageTerms:
    """One group's terms in one language (``languages.<code>`` of a category or value)."""

    terms: tuple[str, ...] = attrs.field(default=(), validator=valid_term_list, metadata={
        "doc": "unambiguous terms: they count towards tolerances and can veto"})
    ambiguous: tuple[str, ...] = attrs.field(default=(), validator=valid_term_list, metadata={
        "doc": "terms with an innocent everyday use: one severity level less, held for review, never a veto"})
    sources: tuple[str, ...] = attrs.field(default=(), metadata={"doc": "where the terms come from"})


@attrs.frozen
class GroupLexicon:
    """A group's terms by language: ``(unambiguous, ambiguous)`` per language code."""

    by_language: tuple[tuple[str, tuple[str, ...], tuple[str, ...]], ...]

    @property
    def languages(self) -> tuple[str, ...]:
        """The languages with at least one term: texts in any other language are unchecked."""
        return tuple(code for code, sure, unsure in self.by_language if sure or unsure)


def group_lexicon(terms: tuple[str, ...], ambiguous: tuple[str, ...], languages: dict[str, LanguageTerms],
                  terms_language: str) -> GroupLexicon:
    """The terms written directly in a group (``terms``, ``ambiguous``: in ``terms_language``)
    added to those of its ``languages`` tables (rule files and lexicon packs)."""
    found: dict[str, tuple[list[str], list[str]]] = {}
    if terms or ambiguous:
        found[terms_language] = (list(terms), list(ambiguous))
    for code, lists in sorted(languages.items()):
        sure, unsure = found.setdefault(code, ([], []))
        for have, more in ((sure, lists.terms), (unsure, lists.ambiguous)):
            seen = set(have)  # a set: a lexicon pack may hold thousands of terms
            for term in more:
                if term not in seen:
                    seen.add(term)
                    have.append(term)
    return GroupLexicon(tuple((code, tuple(s), tuple(u)) for code, (s, u) in sorted(found.items())))
