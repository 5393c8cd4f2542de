"""`brandfit terms`: every term of the rules that hit the data, with its hits, creators, languages
and excerpts, terms that caused vetoes first: so a brand can check its lists before trusting them."""

from __future__ import annotations

import re
from typing import Any

import attrs
import polars as pl

EXCERPTS = 3
_TOLERANCE = re.compile(r"^scorers\.[^.]+\.(?:categories\.(?P<category>[^.]+)|competitors)\.tolerance$")
_QUOTED = re.compile(r': "(.*)"(?: (\S+))?$')
_RULE = re.compile(r"^scorers\.(?P<scorer>[^.]+)\.(?P<table>categories|values|avoid)\.(?P<group>[^.]+)\."
                   r"(?:languages\.(?P<language>[^.]+)\.)?(?P<kind>terms|ambiguous)$")


@attrs.frozen
class TermLine:
    """One term's hits over the whole input."""

    scorer: str
    group: str       # "controversy: hate", "values: running", "avoid: fast_fashion", "competitor"
    term: str
    kind: str        # unambiguous, ambiguous, value, competitor
    language: str | None  # the language list it came from (None: written in the group itself)
    hits: int        # texts
    creators: int
    vetoes: int      # creators vetoed while this term's category was over tolerance
    languages: tuple[str, ...]  # the creators' languages
    excerpts: tuple[dict[str, Any], ...]  # up to three: handle, post, excerpt, url


def hit_rows(results: pl.DataFrame, scorers: list[str]) -> pl.DataFrame:
    """One row per term hit in a scored result frame (with evidence): scorer, group, term, kind,
    list language, handle, post, excerpt, url, the creator's language, and whether this hit's
    category went over tolerance for a creator who was vetoed."""
    rows: list[tuple[Any, ...]] = []
    for row in results.iter_rows(named=True):
        vetoed = row["verdict"] == "reject" and any(str(r).startswith("vetoed") for r in (row.get("reasons") or []))
        for scorer in scorers:
            items = row.get(f"evidence_{scorer}") or []
            over = set()
            for e in items:
                tolerance = _TOLERANCE.match(e.get("rule") or "")
                if tolerance and "-> over tolerance" in (e.get("message") or ""):
                    over.add(tolerance["category"] or "competitors")
            for e in items:
                term = e.get("term")
                rule = e.get("rule") or ""
                if term is None or not (rule.endswith((".terms", ".ambiguous")) or rule == "brand.competitors"):
                    continue
                quoted = _QUOTED.search(e.get("message") or "")
                excerpt, url = (quoted.group(1), quoted.group(2)) if quoted else ("", None)
                if rule == "brand.competitors":
                    group, kind, language, category = "competitor", "competitor", None, "competitors"
                else:
                    parsed = _RULE.match(rule)
                    if parsed is None:
                        continue
                    table = parsed["table"]
                    category = parsed["group"]
                    group = f"{'controversy' if table == 'categories' else table}: {category}"
                    kind = "value" if table in ("values", "avoid") else ("ambiguous" if parsed["kind"] == "ambiguous" else "unambiguous")
                    language = parsed["language"]
                rows.append((scorer, group, term, kind, language, row["handle"], e.get("post"), excerpt, url,
                             row.get(f"{scorer}_language"), bool(vetoed and kind != "ambiguous" and category in over)))
    return pl.DataFrame(rows, orient="row", schema={
        "scorer": pl.String, "group": pl.String, "term": pl.String, "kind": pl.String, "list_language": pl.String,
        "handle": pl.String, "post": pl.String, "excerpt": pl.String, "url": pl.String, "language": pl.String,
        "veto": pl.Boolean})


def term_lines(hits: pl.DataFrame) -> list[TermLine]:
    """Per term, its totals; terms that caused vetoes first, then by hits."""
    lines = []
    keys = ["scorer", "group", "term", "kind", "list_language"]
    for (scorer, group, term, kind, language), part in hits.group_by(keys, maintain_order=True):
        creators = part.select("handle").unique()
        vetoed = part.filter(pl.col("veto")).select("handle").unique()
        examples = part.unique(subset=["handle", "post"], maintain_order=True).head(EXCERPTS)
        lines.append(TermLine(
            scorer=scorer, group=group, term=term, kind=kind, language=language,
            hits=part.select("handle", "post").unique().height, creators=creators.height, vetoes=vetoed.height,
            languages=tuple(sorted({lang for lang in part["language"].to_list() if lang})),
            excerpts=tuple({"handle": h, "post": p, "excerpt": x, "url": u}
                           for h, p, x, u in examples.select("handle", "post", "excerpt", "url").iter_rows()),
        ))
    return sorted(lines, key=lambda line: (-line.vetoes, -line.hits, line.group, line.term))


def render_terms(lines: list[TermLine], out: Any) -> None:
    """The report as text: one block per term."""
    if not lines:
        out.write("no term of the rules hit this input\n")
        return
    for line in lines:
        where = f" [{line.language}]" if line.language else ""
        veto = f", vetoed {line.vetoes}" if line.vetoes else ""
        out.write(f"{line.group} · {line.term!r}{where} ({line.kind}): {line.hits} texts, {line.creators} creators{veto}; "
                  f"languages {', '.join(line.languages) or '-'}\n")
        for example in line.excerpts:
            link = f" {example['url']}" if example["url"] else ""
            out.write(f"    {example['handle']} {example['post']}: \"{example['excerpt']}\"{link}\n")
