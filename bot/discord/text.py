"""Discord-safe text: markdown and mention escaping, and cuts that never break a limit.

Every string an article or a user supplied goes through `fit` (escaped) or `cut` (plain, for
places Discord shows without markdown: footers, choice names). Limits count code points, as
Discord and discord.py do."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date
from urllib.parse import quote, urlsplit

ELLIPSIS = "…"

# Discord's documented limits.
CONTENT = 2000
TITLE = 256
DESCRIPTION = 4096
FIELD_NAME = 256
FIELD_VALUE = 1024
FOOTER = 2048
AUTHOR = 256
EMBED_TOTAL = 6000
EMBEDS_PER_MESSAGE = 10
CHOICES = 25
CHOICE_NAME = 100
CHOICE_VALUE = 100
CUSTOM_ID = 100

# Prefer a word boundary unless it would throw away more than this share of the room.
_WORD_SLACK = 0.25

# One pass, so an escape is never itself escaped. Inline markers anywhere; `<` and `[` also
# stop mentions, channel links, timestamps and masked links from forming.
_INLINE = re.compile(r"([\\*_~|`<>\[\]])")
# Headings, subtext, lists and numbered lists only form at the start of a line.
_LINE_MARK = re.compile(r"^([ \t]*)([#+-])", re.MULTILINE)
_NUMBERED = re.compile(r"^([ \t]*\d+)\.(?=\s)", re.MULTILINE)
# A zero-width space after "@" keeps @everyone and @here from reading as mentions.
_BROADCAST = re.compile(r"@(everyone|here)")


def escape(text: str) -> str:
    """Render `text` literally in Discord: no formatting, no mentions, no masked links."""
    text = _INLINE.sub(r"\\\1", text)
    text = _LINE_MARK.sub(r"\1\\\2", text)
    text = _NUMBERED.sub(r"\1\\.", text)
    return _BROADCAST.sub("@\u200b\\1", text)


def _plain(text: str) -> str:
    return text


def _word_cut(text: str, end: int) -> int:
    """Move `end` back to the last whitespace, unless that loses too much of the text."""
    if end >= len(text) or text[end].isspace():
        return end
    space = max(text.rfind(" ", 0, end), text.rfind("\n", 0, end))
    if space > 0 and space >= end * (1 - _WORD_SLACK):
        return space
    return end


def _fit(text: str, limit: int, render: Callable[[str], str]) -> str:
    whole = render(text)
    if len(whole) <= limit:
        return whole
    if limit < len(ELLIPSIS):
        return ""
    room = limit - len(ELLIPSIS)
    # Escaping grows text unevenly, so find the longest raw prefix whose rendering fits.
    lo, hi = 0, min(len(text), room)
    while lo < hi:
        mid = (lo + hi + 1) // 2
        if len(render(text[:mid])) <= room:
            lo = mid
        else:
            hi = mid - 1
    end = _word_cut(text, lo)
    while True:
        # Re-rendering a shorter prefix can in rare cases grow (a pattern completes), so check.
        out = render(text[:end].rstrip())
        if len(out) <= room:
            return out + ELLIPSIS
        end -= 1


def fit(text: str | None, limit: int) -> str:
    """Escaped `text`, cut at a word boundary with an ellipsis so the result is <= `limit`."""
    return _fit(text or "", limit, escape)


def cut(text: str | None, limit: int) -> str:
    """Like `fit`, without escaping: for footers and choices, which show text as is."""
    return _fit(text or "", limit, _plain)


def nonblank(text: str, fallback: str = "-") -> str:
    """Discord rejects blank field values and names."""
    return text if text.strip() else fallback


def safe_url(url: str | None, limit: int = 512) -> str | None:
    """An http(s) URL fit for an embed or a masked link, or None: a bad URL would fail the
    whole message with a 400, so anything doubtful is dropped rather than sent."""
    if not url:
        return None
    url = url.strip()
    try:
        parts = urlsplit(url)
    except ValueError:
        return None
    if parts.scheme not in {"http", "https"} or not parts.netloc:
        return None
    # Parentheses and spaces would end a masked link early.
    url = quote(url, safe=":/?#@!$&'*+,;=%~-._")
    url = url.replace("(", "%28").replace(")", "%29")
    return url if len(url) <= limit else None


def link(label: str, url: str | None, limit: int) -> str:
    """`label` (escaped) as a masked link to `url` when there is one, within `limit`."""
    target = safe_url(url)
    if target is None:
        return fit(label, limit)
    room = limit - len(target) - 4  # "[", "](", ")"
    if room < 20:
        return fit(label, limit)
    return f"[{fit(label, room)}]({target})"


def human_date(value: str | None) -> str | None:
    if not value:
        return None
    try:
        day = date.fromisoformat(value[:10])
    except ValueError:
        return value
    return f"{day.day} {day:%B %Y}"
