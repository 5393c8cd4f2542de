"""Parsing the values exports write: "3.3M", "1,234", "1.39%", error cells, dates. Missing is None."""

from __future__ import annotations

import math
import re
from datetime import UTC, datetime
from decimal import Decimal, InvalidOperation
from typing import Any

# Cells spreadsheets and exporters write where there is no value: all mean "missing", never zero.
MISSING_CELLS = frozenset({"", "-", "--", "n/a", "na", "#n/a", "null", "none", "nan", "#valor!", "#value!",
                           "#ref!", "#div/0!", "#num!", "#name?", "#null!", "?", "unknown"})
_PLAIN_NUMBER = re.compile(r"[+-]?\d+(?:\.\d+)?")
_SUFFIX = {"k": 3, "m": 6, "b": 9, "t": 12}  # powers of ten
# No real account or post has 10^12 (a trillion) followers, likes or views: over 100 times the
# world's population. A larger count is a broken cell (1e400, a 400-digit string), not data.
MAX_COUNT = 10.0**12
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
    """A count or rate: 12, "1,234", "1.234.567", "2,5", "3.3M", "475.8m", "29.0b", "541.2K", "$1,200",
    "1.39%" (-> 0.0139). Spreadsheet error cells and "NaN%" are missing."""
    if type(value) is str and len(value) < 300 and _PLAIN_NUMBER.fullmatch(value):
        number = float(value)  # the common case, first
        if math.isfinite(number):
            return number
    if is_missing(value):
        return None
    if isinstance(value, bool):
        raise ValueProblem(f"expected a number, got {value!r}")
    if isinstance(value, (int, float)):
        try:
            number = float(value)
        except OverflowError:  # an int of hundreds of digits
            raise ValueProblem(f"expected a number, got one of {len(str(abs(value)))} digits") from None
        if not math.isfinite(number):
            raise ValueProblem(f"expected a finite number, got {value!r}")
        return number
    text = str(value).strip()
    for space in ("\u00a0", "\u202f", "\u2009", " ", "'"):
        text = text.replace(space, "")
    text = text.lstrip("$€£¥₫")
    if is_missing(text) or is_missing(text.rstrip("%")):
        return None
    match = _NUMBER.match(text)
    if not match:
        raise ValueProblem(f"expected a number, got {value!r}")
    digits, suffix, percent = match.groups()
    if "," in digits and "." in digits:
        # the separator that comes last is the decimal one: "1,234.5" and "1.234,5"
        thousands = "," if digits.rfind(".") > digits.rfind(",") else "."
        digits = digits.replace(thousands, "").replace(",", ".")
    elif "," in digits:
        # "1,234" and "12,345,678": thousands; "2,5" and "3,3M": a decimal comma
        digits = digits.replace(",", "") if re.fullmatch(r"[+-]?\d{1,3}(,\d{3})+", digits) else digits.replace(",", ".")
    elif digits.count(".") > 1:
        if not re.fullmatch(r"[+-]?\d{1,3}(\.\d{3})+", digits):
            raise ValueProblem(f"expected a number, got {value!r}")
        digits = digits.replace(".", "")  # "1.234.567": dots as thousands separators
    try:
        # decimal, so "4.1M" is exactly 4100000 (4.1 x 1e6 in floats is 4099999.9999999995)
        exact = Decimal(digits).scaleb(_SUFFIX.get((suffix or "").lower(), 0))
        number = float(exact / 100 if percent else exact)
    except (InvalidOperation, ValueError):
        raise ValueProblem(f"expected a number, got {value!r}") from None
    if not math.isfinite(number):
        raise ValueProblem(f"expected a finite number, got {str(value)[:40]!r}")
    return number


def parse_count(value: Any) -> float | None:
    """A count: a whole number from 0 to MAX_COUNT ("1.2345K" rounds to 1234)."""
    return as_count(parse_number(value), value)


def as_count(number: float | None, given: Any) -> float | None:
    """``number`` (read from ``given``) as a count, rounded to a whole number; after any scaling."""
    if number is None:
        return None
    if number < 0:
        raise ValueProblem(f"expected a count >= 0, got {given!r}")
    if number > MAX_COUNT:
        raise ValueProblem(f"expected a count up to {MAX_COUNT:.0e}, got {str(given)[:40]!r}")
    return float(round(number))


_DATE_FORMATS = ("%Y-%m-%d %H:%M:%S", "%Y-%m-%d %H:%M", "%Y-%m-%d", "%d/%m/%Y %H:%M:%S", "%d/%m/%Y %H:%M",
                 "%d/%m/%Y", "%m/%d/%Y %H:%M:%S", "%m/%d/%Y %H:%M", "%m/%d/%Y %I:%M:%S %p", "%m/%d/%Y %I:%M %p",
                 "%m/%d/%Y", "%Y/%m/%d %H:%M:%S", "%Y/%m/%d %H:%M", "%Y/%m/%d", "%d.%m.%Y %H:%M:%S",
                 "%d.%m.%Y %H:%M", "%d.%m.%Y", "%d-%m-%Y %H:%M:%S", "%d-%m-%Y", "%b %d, %Y %I:%M %p",
                 "%b %d, %Y %H:%M", "%b %d, %Y", "%B %d, %Y", "%b %d %Y", "%B %d %Y", "%d %b %Y %H:%M", "%d %b %Y", "%d %B %Y",
                 "%a %b %d %H:%M:%S %z %Y", "%a, %d %b %Y %H:%M:%S %z")


def parse_datetime(value: Any, fmt: str | None = None) -> datetime | None:
    """ISO 8601 (with or without zone), Unix seconds or milliseconds, and common day/month forms
    (day first when ambiguous: "03/04/2025" is 3 April). With ``fmt`` (a strptime format), only that
    format is accepted. A time without a zone is taken as UTC."""
    if is_missing(value):
        return None
    if isinstance(value, datetime):
        return value if value.tzinfo else value.replace(tzinfo=UTC)
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        try:
            seconds = float(value) / (1000.0 if abs(value) > 1e11 else 1.0)
            return datetime.fromtimestamp(seconds, tz=UTC)
        except (OverflowError, OSError, ValueError):
            raise ValueProblem(f"expected a date and time, got {value!r}") from None
    text = " ".join(str(value).split())
    if fmt is not None:
        try:
            parsed = datetime.strptime(text, fmt)
        except ValueError:
            raise ValueProblem(f"expected a date and time like {fmt!r}, got {value!r}") from None
        return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)
    if re.fullmatch(r"\d{9,13}(\.\d+)?", text):
        return parse_datetime(float(text))
    try:
        parsed = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        for candidate in _DATE_FORMATS:
            try:
                parsed = datetime.strptime(text, candidate)
                break
            except ValueError:
                continue
        else:
            raise ValueProblem(f"expected a date and time, got {value!r}") from None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


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


_TAG_TOKENS = {"#": re.compile(r"[^,;|\s#]+"), "@": re.compile(r"[^,;|\s@]+")}
_MARKED_TOKENS = {"#": re.compile(r"#([^,;|\s#]+)"), "@": re.compile(r"@([^,;|\s@]+)")}
_TAG_PUNCTUATION = ".,;:!?\"'()[]{}"


def parse_tags(value: Any, marker: str = "#", split: str | None = None) -> list[str] | None:
    """Hashtags (``marker`` "#") or mentions ("@") without their marker: "#a #b", "a, b", "#a#b",
    a JSON list. Text that uses the marker keeps only marked words ("#run and #eco": run, eco);
    text without it is split at commas, semicolons, pipes and spaces. With ``split``, only that
    separator splits (then markers are stripped)."""
    if is_missing(value):
        return None
    if isinstance(value, list):
        items = [str(v).strip().lstrip(marker) for v in value if v is not None]
    elif split is not None:
        items = [item.strip().lstrip(marker) for item in str(value).split(split)]
    else:
        # "#run #eco", "#a#b", "run, eco"; when markers are used, words without one are not tags
        text = str(value)
        table = _MARKED_TOKENS if marker in text else _TAG_TOKENS
        items = table.get(marker, table["#"]).findall(text)
    return [t for t in (item.strip().strip(_TAG_PUNCTUATION) for item in items) if t]


def parse_text_list(value: Any, split: str | None = None) -> list[str] | None:
    """Several words or names in one cell: a JSON list, or text split on ``split`` (default: any of
    ``;``, ``|`` and ``,``; spaces do not split, so "Sports with a ball" stays one category)."""
    if is_missing(value):
        return None
    if isinstance(value, list):
        items = [str(v) for v in value if v is not None]
    elif split is not None:
        items = str(value).split(split)
    else:
        items = re.split(r"[;|,]", str(value))
    return [item.strip() for item in items if not is_missing(item)]
