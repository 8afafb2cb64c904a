"""Building from a newsroom's feed and sitemap served on loopback: what is indexed, what is
reported, and what a reload fetches again. No test here touches the internet."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from retrieval.embed.embedding import Embedder
from retrieval.ingest.web.options import WebOptions
from retrieval.service import NewsService, ServiceConfig
from tests.web.site import Route, Site

# Quick on loopback: a slow page times out fast, a retry waits 50 ms.
FAST = WebOptions(requests_per_second=200, timeout_seconds=0.5, retries=1, backoff_seconds=0.05)
FERRY = "127.0.0.1:{port}/news/2024/03/ferry-timetable-cut"
LIBRARY = "127.0.0.1:{port}/news/2024/03/library-sundays"
CAFE = "127.0.0.1:{port}/news/2024/04/cafe-terrace"
FOLLOW_UP = "127.0.0.1:{port}/news/2024/03/ferry-follow-up"


def rss(base: str, paths: list[str]) -> bytes:
    items = "".join(
        f"<item><title>Story {i}</title><link>{base}{path}</link></item>"
        for i, path in enumerate(paths)
    )
    return (
        '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel>'
        f"<title>Harbour Gazette</title><link>{base}/</link>{items}</channel></rss>"
    ).encode()


def sitemap(base: str, paths: list[str]) -> bytes:
    urls = "".join(f"<url><loc>{base}{path}</loc></url>" for path in paths)
    return (
        '<?xml version="1.0" encoding="UTF-8"?>'
        f'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{urls}</urlset>'
    ).encode()


@pytest.fixture()
def site() -> Iterator[Site]:
    with Site() as s:
        s.routes.update(
            {
                "/robots.txt": Route(b"User-agent: *\nDisallow: /private/\n", "text/plain"),
                "/news/2024/03/ferry-timetable-cut": Route(s.fixture("ferry.html")),
                "/news/2024/03/library-sundays": Route(s.fixture("library.html")),
                "/news/2024/04/cafe-terrace": Route(
                    s.fixture("cafe_cp1252.html"), "text/html; charset=iso-8859-1"
                ),
                "/news": Route(s.fixture("section.html")),
                "/go/ferry": Route(status=301, location="/news/2024/03/ferry-timetable-cut"),
                "/slow": Route(
                    s.fixture("ferry.html").replace(b"ferry-timetable-cut", b"ferry-follow-up"),
                    delay=2.0,
                ),
                "/private/draft": Route(s.fixture("library.html")),
            }
        )
        feed = ["/go/ferry", "/news/2024/03/library-sundays", "/news/2024/04/cafe-terrace"]
        feed += ["/gone", "/slow", "/news", "/private/draft"]
        s.routes["/feed.xml"] = Route(rss(s.base, feed), "application/rss+xml")
        yield s


def service(site: Site, root: Path, embedder: Embedder, *inputs: str) -> NewsService:
    urls = [site.base + i for i in inputs] or [site.base + "/feed.xml"]
    config = ServiceConfig(index_dir=root, inputs=urls, web=FAST, build_in="inline")
    return NewsService(config, embedder)


def ids(site: Site, *names: str) -> list[str]:
    port = site.base.rsplit(":", 1)[1]
    return [name.format(port=port) for name in names]


def test_a_feed_build_indexes_its_articles_and_names_each_failing_url(
    site: Site, tmp_path: Path, embedder: Embedder
) -> None:
    news = service(site, tmp_path / "index", embedder)
    report = news.build()

    assert sorted(report.added) == sorted(ids(site, FERRY, LIBRARY, CAFE))
    problems = {p.path.removeprefix(site.base): p.reason for p in report.problems}
    assert problems["/gone"] == "HTTP 404 (not found) (1 try)" or "404" in problems["/gone"]
    assert "timed out" in problems["/slow"]
    assert problems["/news"].startswith("not an article")
    assert "robots.txt" in problems["/private/draft"]
    assert set(problems) == {"/gone", "/slow", "/news", "/private/draft"}
    assert site.requests_to("/private/draft") == []
    assert all(hit.user_agent.startswith("newsbot/") for hit in site.hits)

    store = news.archive.store
    (cafe,) = ids(site, CAFE)
    article = store.article(cafe)
    assert article.title == "Café owner wins fight over harbour terrace"
    assert article.date == "2024-04-02" and article.source == "Harbour Gazette"
    assert "“It was never about the tables — it was about whether" in article.body
    (ferry,) = ids(site, FERRY)
    article = store.article(ferry)
    assert article.url == site.base + "/news/2024/03/ferry-timetable-cut"
    assert article.date == "2024-03-05" and article.metadata == {"byline": "Morag Lindqvist"}
    assert "Sign up for our free newsletter" not in article.body
    assert "Photo: Harbour Gazette" not in article.body and "Related stories" not in article.body
    assert article.body.startswith("The ferry linking Skerrow island to the mainland")
    answer = news.ask("How often will the island ferry sail?")
    assert answer.answered and answer.results[0].article_id == ferry


def test_a_reload_asks_conditionally_and_reembeds_only_the_edited_article(
    site: Site, tmp_path: Path, embedder: Embedder
) -> None:
    news = service(site, tmp_path / "index", embedder)
    first = news.build()
    site.clear_log()
    site.routes["/slow"].delay = 0  # it answers now: a new article
    library = site.routes["/news/2024/03/library-sundays"]
    library.body = library.body.replace(b"more than 3,000 people", b"more than 3,400 people")

    second = news.reload()

    (library_id,) = ids(site, LIBRARY)
    assert second.updated == [library_id] and second.removed == []
    assert second.added == ids(site, FOLLOW_UP)
    assert 0 < second.encoded < first.encoded
    assert "3,400 people" in news.archive.store.article(library_id).body
    (ferry_hit,) = site.requests_to("/news/2024/03/ferry-timetable-cut")
    assert ferry_hit.conditional and ferry_hit.status == 304

    site.clear_log()
    third = news.reload()
    assert third.unchanged and third.encoded == 0
    pages = [h for h in site.hits if h.path.startswith("/news/2024")]
    assert pages and all(h.status == 304 for h in pages)


def test_one_article_through_two_listings_and_articles_stay_after_leaving_the_feed(
    site: Site, tmp_path: Path, embedder: Embedder
) -> None:
    base = site.base
    site.routes["/sitemap.xml"] = Route(
        sitemap(base, ["/news/2024/03/ferry-timetable-cut?utm_source=sitemap"]), "application/xml"
    )
    site.routes["/sitemap-index.xml"] = Route(
        (
            '<?xml version="1.0" encoding="UTF-8"?>'
            '<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
            f"<sitemap><loc>{base}/sitemap.xml</loc></sitemap></sitemapindex>"
        ).encode(),
        "application/xml",
    )
    news = service(site, tmp_path / "index", embedder, "/feed.xml", "/sitemap-index.xml")
    first = news.build()
    assert sorted(first.added) == sorted(ids(site, FERRY, LIBRARY, CAFE))
    assert first.duplicates == []
    assert len(site.requests_to("/news/2024/03/ferry-timetable-cut")) == 1

    # The feed moves on: only the ferry story is listed now, and the café page is down.
    site.routes["/feed.xml"].body = rss(base, ["/go/ferry"])
    site.routes["/news/2024/04/cafe-terrace"].status = 500
    site.clear_log()
    second = news.reload()
    assert second.removed == [] and second.unchanged
    assert site.requests_to("/news/2024/03/library-sundays") == []
    assert site.requests_to("/news/2024/04/cafe-terrace") == []


def test_a_listing_that_fails_keeps_what_it_listed_and_a_gone_page_leaves(
    site: Site, tmp_path: Path, embedder: Embedder
) -> None:
    news = service(site, tmp_path / "index", embedder)
    news.build()
    site.routes["/feed.xml"].status = 500
    second = news.reload()
    assert second.removed == [] and second.unchanged
    assert any(p.path.endswith("/feed.xml") and "HTTP 500" in p.reason for p in second.problems)

    site.routes["/feed.xml"].status = 200
    site.routes["/news/2024/03/library-sundays"].status = 410
    third = news.reload()
    assert third.removed == ids(site, LIBRARY)


def test_a_retried_page_and_a_single_article_url(
    site: Site, tmp_path: Path, embedder: Embedder
) -> None:
    site.routes["/news/2024/03/library-sundays"].fail_first = 1
    news = service(site, tmp_path / "index", embedder, "/news/2024/03/library-sundays")
    report = news.build()
    assert report.added == ids(site, LIBRARY) and report.problems == []
    statuses = [h.status for h in site.requests_to("/news/2024/03/library-sundays")]
    assert statuses == [503, 200]
