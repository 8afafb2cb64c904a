"""One build's reading of the web: every URL input (feed, sitemap, sitemap index or article page)
becomes page units, fetched only when they may have changed.

A listed page is asked for again (conditionally) unless the listing dates its last change
before our copy was confirmed; a page that once was listed but no longer is comes from the
fetch cache without a request, so articles that scroll off a feed stay in the archive. A
failure is a problem naming the URL; a cached copy still serves when the failure is transient,
and a page the server says is gone (404, 410) leaves the archive."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import httpx
from lxml import etree

from retrieval.ingest.loading import Problem
from retrieval.ingest.web import listings
from retrieval.ingest.web.fetch_cache import CachedPage, FetchCache
from retrieval.ingest.web.fetcher import Fetcher, FetchError
from retrieval.ingest.web.options import WebOptions
from retrieval.ingest.web.pages import PageUnit
from retrieval.ingest.web.urls import article_id, normalise

CACHE_FILE = "web.sqlite"
MAX_INDEX_DEPTH = 2  # a sitemap index may list sitemap indexes once more


class WebSession:
    """Fetches for one build; `cache_dir=None` keeps the fetch cache in memory."""

    def __init__(
        self,
        options: WebOptions = WebOptions(),
        cache_dir: Path | None = None,
        client: httpx.Client | None = None,
    ) -> None:
        self.options = options
        self.cache = FetchCache(cache_dir / CACHE_FILE if cache_dir else None)
        self.fetcher = Fetcher(options, self.cache, client)
        self._given: set[str] = set()  # pages already handed out this build (two feeds, one page)

    def __enter__(self) -> WebSession:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self.fetcher.close()
        self.cache.close()

    @property
    def requests(self) -> int:
        return self.fetcher.requests

    def units(self, raw: str, problems: list[Problem]) -> Iterator[PageUnit]:
        """The article pages behind one URL input, in listing order."""
        start = normalise(raw)
        top = self._get(start, raw, problems)
        if top is None:  # unreachable and never read: what it listed before still serves
            yield from _present(self._listed(start, [], problems))
            return
        body = listings.unzip(top.body)
        kind = listings.kind(body, top.content_type)
        if kind == "page":
            yield from _present([self._unit(top)])
            return
        links = self._links(top.final_url, body, kind, problems, depth=0)
        self.cache.remember(start, [link.url for link in links])
        yield from _present(self._listed(start, links, problems))

    # -- listings ----------------------------------------------------------------------------
    def _links(
        self, url: str, body: bytes, kind: str, problems: list[Problem], depth: int
    ) -> list[listings.Link]:
        try:
            if kind == "feed":
                return listings.feed_links(body, url)
            found = listings.sitemap_links(body)
        except etree.XMLSyntaxError as exc:
            problems.append(Problem(url, None, f"not a readable sitemap ({exc})"))
            return []
        if kind == "sitemap":
            return found
        links: list[listings.Link] = []
        for child in found:  # a sitemap index: each entry is a sitemap
            if depth >= MAX_INDEX_DEPTH:
                problems.append(Problem(child.url, None, "sitemap indexes nested too deep"))
                continue
            page = self._fresh(child) or self._get(child.url, child.url, problems)
            if page is None:
                continue
            inner = listings.unzip(page.body)
            inner_kind = listings.kind(inner, page.content_type)
            if inner_kind in ("sitemap", "sitemapindex"):
                links.extend(self._links(page.final_url, inner, inner_kind, problems, depth + 1))
            else:
                problems.append(Problem(child.url, None, "listed as a sitemap but is not one"))
        return links

    def _listed(
        self, start: str, links: list[listings.Link], problems: list[Problem]
    ) -> Iterator[PageUnit | None]:
        """Units for the pages listed now, then for those listed by earlier builds."""
        budget = self.options.max_new_pages
        deferred = 0
        current = {link.url for link in links}
        earlier = [listings.Link(u, None) for u in self.cache.listed(start) if u not in current]
        seen: set[str] = set()
        for link in [*links, *earlier]:
            if link.url in seen or link.url in self._given:
                continue
            seen.add(link.url)
            cached = self.cache.get(link.url)
            if cached is not None and (link.url not in current or self._unchanged(link, cached)):
                yield self._unit(cached) if cached.ok else None
                continue
            if cached is None:
                if budget <= 0:
                    deferred += 1
                    continue
                budget -= 1
            page = self._get(link.url, link.url, problems)
            yield self._unit(page) if page is not None else None
        if deferred:
            problems.append(
                Problem(
                    start,
                    None,
                    f"{deferred} new pages left for later builds "
                    f"(at most {self.options.max_new_pages} new pages per input per build)",
                )
            )

    # -- pages -------------------------------------------------------------------------------
    @staticmethod
    def _unchanged(link: listings.Link, cached: CachedPage) -> bool:
        """The listing dates the page's last change before our copy was last confirmed."""
        return link.modified is not None and link.modified <= cached.checked_at

    def _fresh(self, link: listings.Link) -> CachedPage | None:
        cached = self.cache.get(link.url)
        ok = cached is not None and cached.ok and self._unchanged(link, cached)
        return cached if ok else None

    def _get(self, url: str, shown: str, problems: list[Problem]) -> CachedPage | None:
        """The page, or the cached copy when the failure is transient; None otherwise."""
        try:
            return self.fetcher.fetch(url)
        except FetchError as exc:
            stale = None if exc.gone else self.cache.get(url)
            if stale is not None and stale.ok:
                problems.append(Problem(shown, None, f"{exc}; the copy fetched before is kept"))
                return stale
            problems.append(Problem(shown, None, str(exc)))
            return None

    def _unit(self, page: CachedPage) -> PageUnit | None:
        final = normalise(page.final_url)
        if final in self._given:
            return None
        self._given.update((final, page.url))
        return PageUnit(
            Path(article_id(final)), None, page.body, url=final, content_type=page.content_type
        )


def _present(units) -> Iterator[PageUnit]:
    return (unit for unit in units if unit is not None)
