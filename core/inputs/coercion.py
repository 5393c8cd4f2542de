"""One input record (a dict from JSON or a CSV row) -> a row of the creator schema.

A record is rejected only when it cannot be a creator at all (no handle, posts that are not a
list of objects). A single unreadable value ("abc" followers) becomes missing, so the creator is
still scored on what is usable, with that part reported as missing rather than as zero.
"""

from __future__ import annotations

import json
from typing import Any
from collections.abc import Callable

from brandfit.inputs.creator import normalize_platform
from brandfit.inputs.values import (ValueProblem, is_missing, parse_bool, parse_count, parse_datetime,
                                    parse_number, parse_tags, parse_text_list)


class RecordProblem(ValueError):
    """The record cannot become a creator; the message is the reject reason."""


def _lenient(parse: Callable[[Any], Any], value: Any) -> Any:
    try:
        return parse(value)
    except ValueProblem:
        return None


def _text(value: Any) -> str | None:
    if is_missing(value):
        return None
    return value if isinstance(value, str) else str(value)


POST_PARSERS: dict[str, Callable[[Any], Any]] = {
    "id": _text,
    "posted_at": parse_datetime,
    "likes": parse_count,
    "comments": parse_count,
    "shares": parse_count,
    "saves": parse_count,
    "views": parse_count,
    "caption": _text,
    "hashtags": lambda v: parse_tags(v, "#"),
    "mentions": lambda v: parse_tags(v, "@"),
    "sponsored": parse_bool,
    "url": _text,
}

CREATOR_PARSERS: dict[str, Callable[[Any], Any]] = {
    "handle": _text,
    "platform": lambda v: normalize_platform(_text(v)),
    "followers": parse_count,
    "following": parse_count,
    "post_count": parse_count,
    "has_profile_picture": parse_bool,
    "authentic_engagement": parse_count,
    "bio": _text,
    "country": _text,
    "categories": parse_text_list,
    "fee": parse_number,
}


def coerce_post(post: Any, index: int) -> dict[str, Any]:
    if not isinstance(post, dict):
        raise RecordProblem(f"posts[{index}]: expected an object, got {type(post).__name__}")
    return {name: _lenient(parse, post.get(name)) for name, parse in POST_PARSERS.items()}


def coerce_creator(record: Any) -> dict[str, Any]:
    if not isinstance(record, dict):
        raise RecordProblem(f"expected a JSON object (one creator), got {type(record).__name__}")
    row = {name: _lenient(parse, record.get(name)) for name, parse in CREATOR_PARSERS.items()}
    if row["handle"] is not None:
        row["handle"] = row["handle"].strip().lstrip("@") or None
    if row["handle"] is None:
        raise RecordProblem("missing handle")
    posts = record.get("posts")
    if isinstance(posts, str) and posts.strip().startswith("["):
        try:
            posts = json.loads(posts)
        except json.JSONDecodeError as exc:
            raise RecordProblem(f"posts: invalid JSON ({exc.msg} at column {exc.colno})") from None
    if is_missing(posts):
        row["posts"] = None
    elif isinstance(posts, list):
        row["posts"] = [coerce_post(p, i) for i, p in enumerate(posts)]
    else:
        raise RecordProblem(f"posts: expected a list of posts, got {type(posts).__name__}")
    return row
