"""Articles from where a newsroom publishes them: RSS/Atom feeds, sitemaps (and sitemap
indexes), single article URLs, and folders of saved `.html` pages.

`retrieval.ingest.loading` hands every URL input to `url_units` and every `.html` file to
`saved_page`; the pages come back as loader units, so the input memo and the builder treat them
like `.txt` files: a page whose bytes did not change is neither extracted nor embedded again."""

from __future__ import annotations

from collections.abc import Iterator

from retrieval.ingest.loading import Problem
from retrieval.ingest.web.options import WebOptions
from retrieval.ingest.web.pages import PAGE_SUFFIXES, PageUnit, saved_page
from retrieval.ingest.web.session import WebSession
from retrieval.ingest.web.urls import is_url

__all__ = [
    "PAGE_SUFFIXES",
    "PageUnit",
    "WebOptions",
    "WebSession",
    "is_url",
    "saved_page",
    "url_units",
]


def url_units(raw: str, problems: list[Problem], session: WebSession | None) -> Iterator[PageUnit]:
    """The pages behind a URL input, through the build's session (or a throwaway one)."""
    if session is not None:
        yield from session.units(raw, problems)
        return
    with WebSession() as temporary:
        yield from temporary.units(raw, problems)
