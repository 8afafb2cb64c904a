"""Checks for one value a user typed, the same for every command and adapter.

Each check takes whatever arrived (a CLI option, a field of a JSON line, a Discord option) and
returns the clean value or raises `QueryError` with a message short enough to show as is.
`retrieval.requests` composes them into one model per command."""

from __future__ import annotations

import re
import unicodedata
from datetime import date, datetime
from typing import Any

MAX_QUERY_CHARS = 1000
MAX_NAME_CHARS = 300  # an outlet, a speaker, an article id: longer is a mistake, not a name

# Control, format, separator and surrogate characters: never part of what anyone meant, and a
# lone surrogate cannot even be printed back.
_BLANKED = {"Cc", "Cf", "Zl", "Zp", "Cs"}


class QueryError(ValueError):
    """Input we refuse, with a message short enough to show a user as is."""


def shown(value: Any, limit: int = 40) -> str:
    """`value` as it would read in an error message: short, quoted, on one line."""
    text = repr(value)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _text(value: Any, name: str) -> str:
    if not isinstance(value, str):
        raise QueryError(f"{name} must be text, not {shown(value)}.")
    return value


def _clean(text: str) -> str:
    blanked = "".join(" " if unicodedata.category(ch) in _BLANKED else ch for ch in text)
    return re.sub(r"\s+", " ", blanked).strip()


def clean_query(value: Any, max_chars: int = MAX_QUERY_CHARS, name: str = "query") -> str:
    """Strip control characters and spare whitespace; refuse empty, overlong and wordless
    queries (only symbols or emoji: nothing a search could match)."""
    if value is None:
        raise QueryError("Type a question or topic: the query is empty.")
    text = _text(value, name)
    if len(text) > max_chars * 4:  # refused before cleaning costs anything
        raise QueryError(
            f"The query is too long ({len(text):,} characters; at most {max_chars:,})."
        )
    cleaned = _clean(text)
    if not cleaned:
        raise QueryError("Type a question or topic: the query is empty.")
    if not any(ch.isalnum() for ch in cleaned):
        raise QueryError(
            f"The query {shown(cleaned)} has no words to search: type a question or topic."
        )
    if len(cleaned) > max_chars:
        raise QueryError(
            f"The query is too long ({len(cleaned):,} characters; at most {max_chars:,})."
        )
    return cleaned


def clean_name(value: Any, name: str, max_chars: int = MAX_NAME_CHARS) -> str | None:
    """An optional short text (outlet, speaker, article id): None when blank."""
    if value is None:
        return None
    text = _text(value, name)
    cleaned = _clean(text) if len(text) <= max_chars * 4 else text
    if len(cleaned) > max_chars:
        raise QueryError(f"{name} is too long ({len(text):,} characters; at most {max_chars}).")
    return cleaned or None


def parse_day(value: Any, name: str) -> date | None:
    """A day as YYYY-MM-DD (or a date); None when not given."""
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, str):
        try:
            return date.fromisoformat(value.strip())
        except ValueError:
            pass
    raise QueryError(f"{name} must be a date like 2016-10-08, not {shown(value)}.")


def check_k(value: Any, default: int | None = 5, limit: int = 25, name: str = "k") -> int | None:
    """A whole number from 1 to `limit`; `default` when not given. True, 2.5 and "3" are not."""
    if value is None:
        return default
    if not isinstance(value, int) or isinstance(value, bool) or not 1 <= value <= limit:
        raise QueryError(f"{name} must be a whole number from 1 to {limit:,}, not {shown(value)}.")
    return value


def check_flag(value: Any, name: str, default: bool = False) -> bool:
    """A yes/no option: true or false (null: `default`). 1, "yes" and "false" are not."""
    if value is None:
        return default
    if not isinstance(value, bool):
        raise QueryError(f"{name} must be true or false, not {shown(value)}.")
    return value
