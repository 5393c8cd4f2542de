"""Parsing the values exports write: "3.3M", "1,234", "1.39%", error cells, dates. Missing is None."""

from __future__ import annotations

import math
import re
from datetime import datetime, timezone
from typing import Any

# Cells spreadsheets and exporters write where there is no value: all mean "missing", never zero.
MISSING_CELLS = frozenset({"", "-", "--", "n/a", "na", "#n/a", "null", "none", "nan", "#valor!", "#value!",
                           "#ref!", "#div/0!", "#num!", "#name?", "#null!", "?", "unknown"})
_SUFFIX = {"k": 1e3, "m": 1e6, "b": 1e9, "t": 1e12}
_NUMBER = re.compile(r"^([+-]?\d+(?:[.,]\d+)*(?:\.\d+)?)\s*([kmbt])?\s*(%)?$", re.IGNORECASE)


class ValueProblem(ValueError):
    """A value that is present but cannot be read as what the field needs."""


def is_missing(value: Any) -> bool:
    if value is None:
        return True
    if isinstance(value, float) and math.isnan(value):
        return True
    return isinstance(value, str) and value.strip().lower() in MISSING_CELLS


def parse_number(value: Any) -> float | None:
    """A count or rate: 12, "1,234", "3.3M", "475.8m", "29.0b", "541.2K", "1.39%" (-> 0.0139)."""
    if is_missing(value):
        return None
    if isinstance(value, bool):
        raise ValueProblem(f"expected a number, got {value!r}")
    if isinstance(value, (int, float)):
        return float(value)
    text = str(value).strip().replace("\u00a0", "").replace(" ", "")
    match = _NUMBER.match(text)
    if not match:
        raise ValueProblem(f"expected a number, got {value!r}")
    digits, suffix, percent = match.groups()
    if suffix or "." in digits:
        digits = digits.replace(",", "")  # "1,234.5" and "3.3M": commas are thousands separators
    elif re.fullmatch(r"[+-]?\d{1,3}(,\d{3})+", digits):
        digits = digits.replace(",", "")
    else:
        digits = digits.replace(",", ".")  # "2,5": a decimal comma
    number = float(digits) * _SUFFIX.get((suffix or "").lower(), 1.0)
    return number / 100.0 if percent else number


def parse_count(value: Any) -> float | None:
    """A count that cannot be negative."""
    number = parse_number(value)
    if number is not None and number < 0:
        raise ValueProblem(f"expected a count >= 0, got {value!r}")
    return number


_DATE_FORMATS = ("%Y-%m-%d %H:%M:%S", "%Y-%m-%d %H:%M", "%Y-%m-%d", "%d/%m/%Y %H:%M", "%d/%m/%Y",
                 "%m/%d/%Y %H:%M", "%m/%d/%Y", "%Y/%m/%d %H:%M:%S", "%Y/%m/%d", "%d.%m.%Y", "%b %d, %Y",
                 "%d %b %Y", "%a %b %d %H:%M:%S %z %Y")


def parse_datetime(value: Any) -> datetime | None:
    """ISO 8601 (with or without zone), Unix seconds or milliseconds, and common day/month forms."""
    if is_missing(value):
        return None
    if isinstance(value, datetime):
        return value if value.tzinfo else value.replace(tzinfo=timezone.utc)
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        seconds = float(value) / (1000.0 if value > 1e11 else 1.0)
        return datetime.fromtimestamp(seconds, tz=timezone.utc)
    text = str(value).strip()
    if re.fullmatch(r"\d{9,13}(\.\d+)?", text):
        return parse_datetime(float(text))
    try:
        parsed = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        for fmt in _DATE_FORMATS:
            try:
                parsed = datetime.strptime(text, fmt)
                break
            except ValueError:
                continue
        else:
            raise ValueProblem(f"expected a date and time, got {value!r}") from None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=timezone.utc)


def parse_bool(value: Any) -> bool | None:
    if is_missing(value):
        return None
    if isinstance(value, bool):
        return value
    text = str(value).strip().lower()
    if text in ("true", "yes", "y", "1", "t", "x", "ad", "sponsored"):
        return True
    if text in ("false", "no", "n", "0", "f"):
        return False
    raise ValueProblem(f"expected true or false, got {value!r}")


def parse_list(value: Any, strip: str = "") -> list[str] | None:
    """A list of words: a JSON list, or text separated by commas, semicolons, pipes or spaces."""
    if is_missing(value):
        return None
    items = value if isinstance(value, list) else re.split(r"[,;|\s]+", str(value))
    out = []
    for item in items:
        if item is None:
            continue
        text = str(item).strip().lstrip(strip) if strip else str(item).strip()
        if text:
            out.append(text)
    return out
