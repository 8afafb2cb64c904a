"""One HTML page as a loader unit: its bytes are what the input memo hashes, so a page whose
bytes did not change is not extracted again, and `parse` gives the article."""

from __future__ import annotations

import hashlib
import inspect
from dataclasses import dataclass
from functools import cache
from importlib import metadata

from retrieval.ingest.loading import Problem, Unit, _article, parse_date
from retrieval.ingest.web import charset, extract, is_url, urls
from retrieval.ingest.web.extract import NotAnArticleError, extract_article
from retrieval.models import Article


@cache
def extractor_version() -> bytes:
    """Changes with this package's extraction code or trafilatura's version."""
    code = "".join(inspect.getsource(m) for m in (charset, extract, urls))
    code += inspect.getsource(PageUnit) + metadata.version("trafilatura")
    return hashlib.blake2b(code.encode(), digest_size=8).digest()


def _is_html(content_type: str | None) -> bool:
    kind = (content_type or "text/html").split(";")[0].strip().lower()
    return kind in ("text/html", "application/xhtml+xml", "text/plain", "")


@dataclass(frozen=True)
class PageUnit(Unit):
    """An article page's bytes; `url` is where it was fetched (None: a saved file)."""

    kind: str = "html"
    url: str | None = None
    content_type: str | None = None

    @property
    def key_extra(self) -> bytes:
        """What else the parse depends on, for the input memo's key."""
        return f"web\x00{self.url or ''}\x00{self.content_type or ''}\x00".encode() + (
            extractor_version()
        )

    def problem(self, reason: str) -> Problem:
        return Problem(self.url or str(self.path), None, reason)

    def parse(self, source: str | None = None, url: str | None = None) -> Article:
        if not _is_html(self.content_type):
            raise NotAnArticleError(f"not an HTML page ({self.content_type})")
        page = extract_article(charset.decode_html(bytes(self.raw), self.content_type), self.url)
        canonical = page.canonical_url or ""
        link = urls.normalise(canonical) if is_url(canonical) else self.url
        article = _article(
            urls.article_id(link) if link else self.path.stem,
            page.headline,
            page.raw_body,
            date=parse_date(page.date) if page.date else None,
            source=page.outlet or source,
            url=link or url,
            metadata={"byline": page.byline} if page.byline else {},
        )
        if not article.body:
            raise NotAnArticleError("not an article: no prose left after removing page furniture")
        return article
