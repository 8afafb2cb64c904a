"""What a fetched document is (feed, sitemap, sitemap index or page) and the article links a feed
or sitemap lists, each with the time the listing says it last changed (None: it does not say)."""

from __future__ import annotations

import calendar
import gzip
import io
import re
from dataclasses import dataclass
from datetime import UTC, datetime

import feedparser
from lxml import etree

from retrieval.ingest.web.urls import normalise

_ROOT = re.compile(rb"<(?!\?|!)(?:[\w.-]+:)?([\w.-]+)")
_XML_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)
MAX_UNZIPPED = 50_000_000  # the sitemap protocol's own limit for one file


@dataclass(frozen=True)
class Link:
    url: str
    modified: float | None  # seconds since the epoch


def unzip(body: bytes) -> bytes:
    """A `.xml.gz` sitemap served as a file rather than with Content-Encoding."""
    if not body.startswith(b"\x1f\x8b"):
        return body
    with gzip.GzipFile(fileobj=io.BytesIO(body)) as handle:
        return handle.read(MAX_UNZIPPED)


def kind(body: bytes, content_type: str | None) -> str:
    """'sitemap', 'sitemapindex', 'feed' or 'page', from the document's root element."""
    head = body[:4096].lstrip()
    for match in _ROOT.finditer(head):
        name = match.group(1).decode("ascii", "replace").lower()
        if name in ("urlset", "sitemapindex"):
            return "sitemap" if name == "urlset" else "sitemapindex"
        if name in ("rss", "feed", "rdf"):
            return "feed"
        break
    return "page"


def feed_links(body: bytes, base: str) -> list[Link]:
    parsed = feedparser.parse(body, response_headers={"content-location": base})
    links: list[Link] = []
    for entry in parsed.entries:
        href = entry.get("link") or next(
            (link.get("href") for link in entry.get("links", []) if link.get("href")), None
        )
        if not href:
            continue
        stamp = entry.get("updated_parsed") or entry.get("published_parsed")
        modified = float(calendar.timegm(stamp)) if stamp else None
        links.append(Link(normalise(href), modified))
    return links


def sitemap_links(body: bytes) -> list[Link]:
    """`<url><loc>` (a sitemap) or `<sitemap><loc>` (an index) with their `<lastmod>`."""
    root = etree.fromstring(unzip(body), _XML_PARSER)
    links: list[Link] = []
    for entry in root:
        if not isinstance(entry.tag, str):
            continue  # a comment or processing instruction
        loc = lastmod = None
        for child in entry:
            if not isinstance(child.tag, str):
                continue
            name = etree.QName(child).localname
            if name == "loc" and child.text:
                loc = child.text.strip()
            elif name == "lastmod" and child.text:
                lastmod = _w3c_time(child.text.strip())
        if loc:
            links.append(Link(normalise(loc), lastmod))
    return links


def _w3c_time(text: str) -> float | None:
    """`2024-03-05`, `2024-03-05T10:00:00Z`, `2024-03-05T10:00+01:00` -> epoch seconds."""
    try:
        moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.timestamp()
