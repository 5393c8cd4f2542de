"""Data made safe for a terminal: control characters shown as escapes, never sent raw.

A handle or caption holding ``ESC ]0;...`` or ``ESC [2J`` would retitle or clear the user's
terminal, and bidirectional overrides can make text read as something else, so every piece of
input data printed to a terminal goes through :func:`printable` (rich markup is kept out
separately, by giving rich Text objects).
"""

from __future__ import annotations

import re
from typing import Any

# C0 and C1 controls, DEL, and the bidirectional embedding, override and isolate characters
_UNSAFE = re.compile("[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def _escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def printable(text: str) -> str:
    """``text`` with every control character as a visible escape (``\\x1b``); newlines too."""
    return _UNSAFE.sub(_escape, text)


def printable_data(value: Any) -> Any:
    """Every string inside ``value`` (dicts, lists, tuples) made :func:`printable`."""
    if isinstance(value, str):
        return printable(value)
    if isinstance(value, dict):
        return {k: printable_data(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return type(value)(printable_data(v) for v in value)
    return value
