"""Articles from where a newsroom publishes them: RSS/Atom feeds, sitemaps (and sitemap
indexes), single article URLs, and folders of saved `.html` pages.

`retrieval.ingest.loading` hands every URL input to `url_units` and every `.html` file to
`saved_page`; the pages come back as loader units, so the input memo and the builder treat them
like `.txt` files: a page whose bytes did not change is neither extracted nor embedded again.

This module imports nothing heavy: trafilatura, httpx and feedparser load only when a build
reads a page or a URL (every CLI command and build process imports the loaders)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from retrieval.ingest.loading import Problem
    from retrieval.ingest.web.pages import PageUnit
    from retrieval.ingest.web.session import WebSession

PAGE_SUFFIXES = (".html", ".htm")


def is_url(text: str) -> bool:
    return str(text).lower().startswith(("http://", "https://"))


def saved_page(path: Path, raw: bytes | None = None) -> PageUnit:
    """A page saved to disk (`raw`: its bytes, read already): its own canonical link (if any)
    gives its id and URL."""
    from retrieval.ingest.web.pages import PageUnit

    return PageUnit(path, None, path.read_bytes() if raw is None else raw)


def url_units(raw: str, problems: list[Problem], session: WebSession | None) -> Iterator[PageUnit]:
    """The pages behind a URL input, through the build's session (or a throwaway one)."""
    from retrieval.ingest.web.session import WebSession

    if session is not None:
        yield from session.units(raw, problems)
        return
    with WebSession() as temporary:
        yield from temporary.units(raw, problems)
