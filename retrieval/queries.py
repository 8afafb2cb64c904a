"""What a user typed, checked once for every command: the same rules for Discord and CLI."""

from __future__ import annotations

import re
import unicodedata
from datetime import date

MAX_QUERY_CHARS = 1000


class QueryError(ValueError):
    """Input we refuse, with a message short enough to show a user as is."""


def clean_query(text: str | None, max_chars: int = MAX_QUERY_CHARS) -> str:
    """Strip control characters and spare whitespace; refuse empty and overlong queries."""
    if text is None:
        raise QueryError("Type a question or topic: the query is empty.")
    if len(text) > max_chars * 4:
        raise QueryError(
            f"The query is too long ({len(text):,} characters; at most {max_chars:,})."
        )
    cleaned = "".join(
        " " if unicodedata.category(ch) in {"Cc", "Cf", "Zl", "Zp"} else ch for ch in text
    )
    cleaned = re.sub(r"\s+", " ", cleaned).strip()
    if not cleaned or not any(ch.isalnum() for ch in cleaned):
        raise QueryError("Type a question or topic: the query is empty.")
    if len(cleaned) > max_chars:
        raise QueryError(
            f"The query is too long ({len(cleaned):,} characters; at most {max_chars:,})."
        )
    return cleaned


def parse_day(text: str | date | None, name: str) -> date | None:
    if text is None or text == "":
        return None
    if isinstance(text, date):
        return text
    try:
        return date.fromisoformat(str(text).strip())
    except ValueError:
        raise QueryError(
            f"--{name} must be a date like 2016-10-08, not {str(text)[:40]!r}."
        ) from None


def check_k(k: int | None, default: int = 5, limit: int = 25, name: str = "k") -> int:
    if k is None:
        return default
    if not isinstance(k, int) or isinstance(k, bool) or not 1 <= k <= limit:
        raise QueryError(f"{name} must be a whole number from 1 to {limit}.")
    return k
