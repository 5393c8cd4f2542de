"""Human decisions on single creators: an overrides file (TOML, kept in git next to the brand's
rules) records approve, exclude or hold per creator, with the reason, who decided and when.

    schema = 1
    [[override]]
    handle = "fast.kicks.kyle"
    platform = "instagram"      # optional: every platform of the handle when left out
    action = "exclude"          # approve | exclude | hold
    reason = "worked with a competitor last year"
    by = "maria"
    date = 2026-11-20

A rule file names it with `overrides = "FILE"` (relative to that rule file).
"""

from __future__ import annotations

import datetime
import re
from pathlib import Path
from typing import Any

import attrs
import tomli

from brandfit.rules.errors import RuleError
from brandfit.rules.options import did_you_mean

ACTIONS = ("approve", "exclude", "hold")
KEYS = ("handle", "platform", "action", "reason", "by", "date")
REQUIRED = ("handle", "action", "reason", "by", "date")


@attrs.frozen
class Override:
    handle: str
    platform: str | None
    action: str
    reason: str
    by: str
    date: str     # ISO date
    line: int     # where its [[override]] starts, for messages

    def text(self) -> str:
        """As outputs show it: "exclude: worked with a competitor (maria, 2026-11-20)"."""
        return f"{self.action}: {self.reason} ({self.by}, {self.date})"

    def shown(self) -> str:
        return f"@{self.handle}" + (f" ({self.platform})" if self.platform else "")


_ENTRY = re.compile(r"^\s*\[\[\s*override\s*\]\]\s*(#.*)?$")


def _entry_lines(text: str) -> list[tuple[int, dict[str, int]]]:
    """Per [[override]]: the line of its header and of each key written under it."""
    entries: list[tuple[int, dict[str, int]]] = []
    for number, line in enumerate(text.splitlines(), start=1):
        if _ENTRY.match(line):
            entries.append((number, {}))
        elif entries:
            key = re.match(r"^\s*([A-Za-z_]+)\s*=", line)
            if key:
                entries[-1][1].setdefault(key.group(1), number)
    return entries


def load_overrides(path: Path, shown: str) -> tuple[tuple[Override, ...], list[RuleError]]:
    """The overrides of a file, or one error per problem (file:line: key: what was expected)."""
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except FileNotFoundError:
        return (), [RuleError(shown, "", "overrides file not found")]
    except (OSError, UnicodeDecodeError) as exc:
        return (), [RuleError(shown, "", f"cannot read the overrides file: {getattr(exc, 'strerror', None) or exc}")]
    try:
        data = tomli.loads(text)
    except tomli.TOMLDecodeError as exc:
        return (), [RuleError(shown, "", f"TOML syntax error: {getattr(exc, 'msg', str(exc))}", getattr(exc, "lineno", None))]
    errors: list[RuleError] = []
    for key in data:
        if key not in ("schema", "override"):
            errors.append(RuleError(shown, key, f"unknown top-level key{did_you_mean(key, ('schema', 'override'))}; "
                                    "expected schema and [[override]] tables"))
    if data.get("schema") != 1 or isinstance(data.get("schema"), bool):
        errors.append(RuleError(shown, "schema", "expected `schema = 1` at the top", 1))
    entries = data.get("override", [])
    if not isinstance(entries, list):
        return (), [*errors, RuleError(shown, "override", "expected [[override]] tables")]
    lines = _entry_lines(text)
    overrides: list[Override] = []
    seen: dict[tuple[str, str | None], int | None] = {}
    for i, entry in enumerate(entries):
        header, key_line = lines[i] if i < len(lines) else (None, {})
        found = _one(entry, i, shown, header, key_line, errors)
        if found is None:
            continue
        found_key = (found.handle, found.platform)
        if found_key in seen:
            errors.append(RuleError(shown, f"override[{i}]", f"{found.shown()} already has an override at line {seen[found_key]}",
                                    header))
            continue
        seen[found_key] = header
        overrides.append(found)
    return (tuple(overrides), errors) if not errors else ((), errors)


def _one(entry: Any, i: int, shown: str, header: int | None, key_line: dict[str, int],
         errors: list[RuleError]) -> Override | None:
    where = f"override[{i}]"
    if not isinstance(entry, dict):
        errors.append(RuleError(shown, where, "expected a table", header))
        return None
    before = len(errors)
    for key in entry:
        if key not in KEYS:
            errors.append(RuleError(shown, f"{where}.{key}", f"unknown key{did_you_mean(key, KEYS)}; expected: {', '.join(KEYS)}",
                                    key_line.get(key, header)))
    for key in REQUIRED:
        if key not in entry:
            errors.append(RuleError(shown, f"{where}.{key}", "required key is missing" + (
                ": the date of the decision, e.g. date = 2026-11-20" if key == "date" else
                ": who decided" if key == "by" else ": why, for whoever reads this later" if key == "reason" else ""), header))
    for key in ("handle", "platform", "reason", "by"):
        if key in entry and not (isinstance(entry[key], str) and entry[key].strip()):
            errors.append(RuleError(shown, f"{where}.{key}", f"expected a non-empty string, got {entry[key]!r}",
                                    key_line.get(key, header)))
    action = entry.get("action")
    if "action" in entry and action not in ACTIONS:
        hint = did_you_mean(action, ACTIONS) if isinstance(action, str) else ""
        errors.append(RuleError(shown, f"{where}.action", f"expected one of {', '.join(ACTIONS)}, got {action!r}{hint}",
                                key_line.get("action", header)))
    date = entry.get("date")
    if "date" in entry and not (isinstance(date, datetime.date) and not isinstance(date, datetime.datetime)):
        errors.append(RuleError(shown, f"{where}.date", f"expected a TOML date such as 2026-11-20 (no quotes), got {date!r}",
                                key_line.get("date", header)))
    if len(errors) > before:
        return None
    platform = entry.get("platform")
    assert isinstance(action, str) and isinstance(date, datetime.date)  # checked above
    return Override(handle=entry["handle"].strip().lstrip("@").lower(),
                    platform=platform.strip().lower() if platform else None, action=action,
                    reason=entry["reason"].strip(), by=entry["by"].strip(), date=date.isoformat(), line=header or 0)
