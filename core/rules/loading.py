"""Reading rule files: TOML parsing, `extends` chains, and where each key was written.

Rule files are data: this module only reads local TOML files. It never imports or runs anything a
rule file names.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any
from collections.abc import Callable

import attrs
import tomli

from brandfit.rules.errors import RuleError, RuleFileError

MAX_EXTENDS_DEPTH = 8
# The largest rule or map file read: the built-in rule set is about 10 KB, so 1 MB is a hundred
# times any real one, and /dev/zero or a huge file ends in an error instead of filling memory.
MAX_SETTINGS_BYTES = 1 << 20
BUILTIN_RULESETS_DIR = Path(__file__).parent / "rulesets"


@attrs.frozen
class RuleSource:
    """One parsed rule file: its data and the line each dotted key was set on."""

    name: str  # path as the user gave it (or "builtin:<name>")
    data: dict[str, Any]
    lines: dict[str, int]


def toml_files_by_name(folder: Path, extra: dict[str, str] | None = None) -> dict[str, Path]:
    """Every ``*.toml`` of ``folder`` by its stem, then each of ``extra`` (plugins') whose name is free."""
    found = {p.stem: p for p in folder.glob("*.toml")}
    return found | {name: Path(path) for name, path in (extra or {}).items() if name not in found}


def builtin_rulesets(extra: dict[str, str] | None = None) -> dict[str, Path]:
    return toml_files_by_name(BUILTIN_RULESETS_DIR, extra)


# Every pattern here is linear in the line's length: each quantifier is followed by a character it
# cannot match, so nothing backtracks (the old header pattern, with \s* on both sides of a lazy
# group, took 31 s on a 3 KB file holding a "[" and a long run of spaces).
_HEADER = re.compile(r"^[ \t]*\[\[?([^\]\n]*)\]")
_BARE_OR_QUOTED = r"""(?:[A-Za-z0-9_-]+|"[^"\n]*"|'[^'\n]*')"""
_ASSIGN = re.compile(rf"^[ \t]*({_BARE_OR_QUOTED}(?:[ \t]*\.[ \t]*{_BARE_OR_QUOTED})*)[ \t]*=")
_INLINE_KEY = re.compile(r"""[{,][ \t]*([A-Za-z0-9_-]+|"[^"\n]*")[ \t]*=""")
_MULTILINE_QUOTES = ('"""', "'''")


def _split_key(raw: str) -> list[str]:
    parts = re.findall(r"""[A-Za-z0-9_-]+|"[^"]*"|'[^']*'""", raw)
    return [p.strip("\"'") for p in parts]


def key_lines(text: str) -> dict[str, int]:
    """Map dotted keys to the 1-based line that sets them (headers, assignments, inline tables).

    A light line scanner rather than a TOML parser: it only needs to be right for well-formed files
    (tomli has already accepted the text), and only for pointing humans at the right line. Lines
    inside a multi-line string are text, not keys.
    """
    lines: dict[str, int] = {}
    table: list[str] = []
    open_quote = ""
    for number, line in enumerate(text.splitlines(), start=1):
        if open_quote:
            if line.count(open_quote) % 2:
                open_quote = ""
            continue
        header = _HEADER.match(line)
        if header and "=" not in line.split("]")[0]:
            table = _split_key(header.group(1))
            lines.setdefault(".".join(table), number)
            continue
        assign = _ASSIGN.match(line)
        if assign:
            key = table + _split_key(assign.group(1))
            lines.setdefault(".".join(key), number)
            rest = line[assign.end():]
            if rest.lstrip().startswith("{"):
                for inner in _INLINE_KEY.finditer(rest):
                    lines.setdefault(".".join(key + [inner.group(1).strip('"')]), number)
            for quote in _MULTILINE_QUOTES:
                if rest.count(quote) % 2:
                    open_quote = quote
                    break
    return lines


class UnreadableSettings(ValueError):
    """A rule or map file that is not a regular file of bounded size; the message says which."""


def read_settings_file(path: Path) -> bytes:
    """The bytes of a rule or map file: a regular file (a FIFO would hang the read, a device never
    end), of at most MAX_SETTINGS_BYTES. Raises FileNotFoundError, OSError or UnreadableSettings."""
    import os
    import stat

    info = os.stat(path)  # stat, unlike open, does not wait for a FIFO's writer
    if not stat.S_ISREG(info.st_mode):
        raise UnreadableSettings("not a regular file")
    if info.st_size > MAX_SETTINGS_BYTES:
        raise UnreadableSettings(f"larger than {MAX_SETTINGS_BYTES >> 20} MB ({info.st_size} bytes)")
    with open(path, "rb") as handle:
        data = handle.read(MAX_SETTINGS_BYTES + 1)
    if len(data) > MAX_SETTINGS_BYTES:
        raise UnreadableSettings(f"larger than {MAX_SETTINGS_BYTES >> 20} MB")
    return data


def parse_rule_text(text: str, name: str) -> RuleSource:
    try:
        data = tomli.loads(text)
    except RecursionError:
        raise RuleFileError([RuleError(file=name, key="", message="TOML nested too deeply (tables, arrays or dotted keys)")]) from None
    except tomli.TOMLDecodeError as exc:
        message = getattr(exc, "msg", str(exc))
        raise RuleFileError(
            [RuleError(file=name, key="", message=f"TOML syntax error: {message}",
                       line=getattr(exc, "lineno", None), column=getattr(exc, "colno", None))]
        ) from None
    return RuleSource(name=name, data=data, lines=key_lines(text))


def read_rule_file(path: Path, shown_as: str) -> RuleSource:
    try:
        raw = read_settings_file(path)
    except FileNotFoundError:
        raise RuleFileError([RuleError(file=shown_as, key="", message="rule file not found")]) from None
    except UnreadableSettings as exc:
        raise RuleFileError([RuleError(file=shown_as, key="", message=f"cannot read rule file: {exc}")]) from None
    except OSError as exc:
        raise RuleFileError([RuleError(file=shown_as, key="", message=f"cannot read rule file: {exc.strerror}")]) from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise RuleFileError([RuleError(file=shown_as, key="", message=f"not UTF-8 text (byte {exc.start})")]) from None
    return parse_rule_text(text, shown_as)


def load_chain(
    target: str | Path,
    rulesets: Callable[[], dict[str, Path]] = builtin_rulesets,
) -> list[RuleSource]:
    """Load a rule file and everything it extends; returns root ancestor first, the file last."""
    chain: list[RuleSource] = []
    seen: list[str] = []
    current: tuple[Path, str] | None = resolve_extends(str(target), None, "", rulesets, top=True)
    while current is not None:
        path, shown = current
        identity = str(path.resolve()) if path.exists() else str(path)
        if identity in seen:
            cycle = " -> ".join([s.name for s in chain] + [shown])
            raise RuleFileError([RuleError(file=chain[-1].name, key="extends", message=f"extends cycle: {cycle}",
                                           line=chain[-1].lines.get("extends"))])
        if len(chain) >= MAX_EXTENDS_DEPTH:
            raise RuleFileError([RuleError(file=chain[-1].name, key="extends",
                                           message=f"extends chain deeper than {MAX_EXTENDS_DEPTH} files",
                                           line=chain[-1].lines.get("extends"))])
        seen.append(identity)
        source = read_rule_file(path, shown)
        chain.append(source)
        parent = source.data.get("extends")
        if parent is None:
            break
        if not isinstance(parent, str) or not parent:
            raise RuleFileError([RuleError(file=shown, key="extends", line=source.lines.get("extends"),
                                           message="expected a rule set name or a path (string)")])
        current = resolve_extends(parent, path, shown, rulesets, top=False, lines=source.lines)
    chain.reverse()
    return chain


def is_path_like(value: str) -> bool:
    return value.endswith(".toml") or "/" in value or "\\" in value or value.startswith(".")


def resolve_extends(value: str, base: Path | None, shown: str,
                    rulesets: Callable[[], dict[str, Path]], top: bool,
                    lines: dict[str, int] | None = None) -> tuple[Path, str]:
    line = (lines or {}).get("extends")
    if "://" in value:
        raise RuleFileError([RuleError(file=shown, key="extends", line=line,
                                       message=f"{value!r}: only local files can be extended, not URLs")])
    name = value.removeprefix("builtin:")
    if value.startswith("builtin:") or not is_path_like(value):
        known = rulesets()
        if name in known:
            return known[name], f"builtin:{name}"
        if top and Path(value).exists():
            return Path(value), value
        from brandfit.rules.options import did_you_mean

        raise RuleFileError([RuleError(file=shown or value, key="extends" if shown else "", line=line,
                                       message=f"unknown built-in rule set {name!r}{did_you_mean(name, known)}; "
                                       f"known: {', '.join(sorted(known))} (paths must end in .toml)")])
    path = Path(value)
    if base is not None and not path.is_absolute():
        path = base.parent / path
    if not path.exists():
        raise RuleFileError([RuleError(file=shown or value, key="extends" if shown else "", line=line,
                                       message=f"extended file not found: {path}" if shown else "rule file not found")])
    return path, str(path) if shown else value
