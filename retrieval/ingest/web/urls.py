"""URLs as newsbot keeps them: normalised (no tracking parameters, no fragment), and an article id
read from the canonical one, so a page reached through two feeds is one article."""

from __future__ import annotations

import contextlib
import hashlib
from urllib.parse import urlsplit, urlunsplit

from courlan import normalize_url

MAX_ID_CHARS = 160


def normalise(url: str) -> str:
    """Lower-case scheme and host, sorted query without utm_*/fbclid-style trackers, no
    fragment. A URL courlan cannot read is returned as it was, less its fragment."""
    url = url.strip()
    with contextlib.suppress(ValueError, AttributeError):
        url = normalize_url(url)
    parts = urlsplit(url)
    return urlunsplit((parts.scheme, parts.netloc, parts.path or "/", parts.query, ""))


def host(url: str) -> str:
    return (urlsplit(url).hostname or "").lower()


def origin(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


def article_id(url: str) -> str:
    """`post.example/news/2024/budget` for `https://www.post.example/news/2024/budget/`:
    readable in answers, the same whichever link led to the page."""
    parts = urlsplit(normalise(url))
    name = (parts.hostname or "").removeprefix("www.")
    if parts.port:
        name += f":{parts.port}"
    path = parts.path.rstrip("/")
    text = name + path + (f"?{parts.query}" if parts.query else "")
    if len(text) <= MAX_ID_CHARS:
        return text
    digest = hashlib.blake2b(text.encode(), digest_size=6).hexdigest()
    return f"{text[: MAX_ID_CHARS - 13]}~{digest}"
