"""The pieces of web reading on their own: ids from URLs, charsets, feeds and sitemaps, robots.txt,
the per-host rate, saved pages, and `index build --input URL` from the command line."""

from __future__ import annotations

import gzip
import json
import os
import subprocess
import sys
import time
from pathlib import Path

from retrieval.ingest.loading import load_articles
from retrieval.ingest.web.charset import decode_html
from retrieval.ingest.web.listings import feed_links, kind, sitemap_links
from retrieval.ingest.web.options import WebOptions
from retrieval.ingest.web.rate import HostRate
from retrieval.ingest.web.session import WebSession
from retrieval.ingest.web.urls import article_id, normalise
from tests.conftest import REPO
from tests.web.site import FIXTURES, Route, Site


def test_one_article_id_whichever_link_led_to_it() -> None:
    variants = [
        "https://www.Gazette.example/news/ferry/?utm_source=rss&utm_medium=feed",
        "https://gazette.example/news/ferry#comments",
        "HTTPS://GAZETTE.EXAMPLE/news/ferry?fbclid=abc",
    ]
    assert {article_id(v) for v in variants} == {"gazette.example/news/ferry"}
    assert article_id("https://gazette.example/story?id=42") == "gazette.example/story?id=42"
    assert normalise("https://gazette.example/a?b=2&a=1#x") == "https://gazette.example/a?a=1&b=2"
    long = article_id("https://gazette.example/" + "word-" * 100)
    assert len(long) <= 160 and long != article_id("https://gazette.example/" + "word-" * 101)


def test_charsets_from_the_header_the_page_or_a_guess() -> None:
    text = "“Café” — déjà vu"
    cp1252 = f"<html><body><p>{text}</p></body></html>".encode("cp1252")
    assert text in decode_html(cp1252, "text/html; charset=ISO-8859-1")  # the browser's reading
    declared = f'<html><head><meta charset="windows-1252"></head><p>{text}</p>'.encode("cp1252")
    assert text in decode_html(declared, "text/html")
    assert text in decode_html(f"<p>{text}</p>".encode(), None)
    assert text in decode_html(cp1252, None)  # undeclared: guessed


def test_feeds_and_sitemaps_give_their_links_with_dates() -> None:
    atom = b"""<?xml version="1.0" encoding="utf-8"?>
    <feed xmlns="http://www.w3.org/2005/Atom"><title>Gazette</title>
    <entry><title>A</title><link href="https://gazette.example/a?utm_source=atom"/>
    <updated>2024-03-05T10:00:00Z</updated></entry>
    <entry><title>B</title><link rel="alternate" href="https://gazette.example/b"/></entry>
    </feed>"""
    assert kind(atom, "application/atom+xml") == "feed"
    (a, b) = feed_links(atom, "https://gazette.example/atom")
    assert (a.url, a.modified) == ("https://gazette.example/a", 1709632800.0)
    assert (b.url, b.modified) == ("https://gazette.example/b", None)

    urlset = b"""<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
    <url><loc> https://gazette.example/a </loc><lastmod>2024-03-05</lastmod></url>
    <!-- a comment --><url><loc>https://gazette.example/b</loc></url></urlset>"""
    zipped = gzip.compress(urlset)
    assert kind(urlset, "application/xml") == "sitemap"
    links = sitemap_links(zipped)
    assert [link.url for link in links] == [
        "https://gazette.example/a",
        "https://gazette.example/b",
    ]
    assert links[0].modified == 1709596800.0
    assert kind(b"<!DOCTYPE html><html><body>x</body></html>", "text/html") == "page"


def test_a_host_is_asked_at_most_n_times_a_second() -> None:
    rate = HostRate()
    started = time.monotonic()
    for _ in range(4):
        rate.wait("gazette.example", 0.1)
    rate.wait("other.example", 0.1)  # another host does not wait for this one
    elapsed = time.monotonic() - started
    assert 0.3 <= elapsed < 1.0


def test_robots_txt_that_cannot_be_read_stops_fetching_from_that_site(tmp_path: Path) -> None:
    with Site() as site:
        site.routes["/robots.txt"] = Route(b"down", "text/plain", status=503)
        site.routes["/a"] = Route(site.fixture("ferry.html"))
        problems: list = []
        options = WebOptions(requests_per_second=100, retries=0, timeout_seconds=2)
        with WebSession(options, tmp_path) as session:
            units = list(session.units(site.base + "/a", problems))
        assert units == [] and site.requests_to("/a") == []
        assert "robots.txt could not be read" in problems[0].reason


def test_a_folder_of_saved_pages_loads_like_a_folder_of_text(tmp_path: Path) -> None:
    folder = tmp_path / "saved"
    folder.mkdir()
    for page in FIXTURES.glob("*.html"):
        raw = page.read_bytes().replace(b"{base}", b"https://gazette.example")
        (folder / page.name).write_bytes(raw)
    (folder / "note.txt").write_text("A note\n\nThe harbour office opens at nine on weekdays.")
    result = load_articles([folder])
    ids = sorted(a.id for a in result.articles)
    assert ids == [
        "gazette.example/news/2024/03/ferry-timetable-cut",
        "gazette.example/news/2024/03/library-sundays",
        "gazette.example/news/2024/04/cafe-terrace",
        "note",
    ]
    assert [(Path(p.path).name, p.reason.split(":")[0]) for p in result.problems] == [
        ("section.html", "not an article")
    ]
    cafe = next(a for a in result.articles if a.id.endswith("cafe-terrace"))
    assert "Renée Dubois" in cafe.body  # windows-1252, declared by the page itself


def test_index_build_takes_a_feed_url_from_the_command_line(tmp_path: Path) -> None:
    with Site() as site:
        site.routes["/news/ferry"] = Route(site.fixture("ferry.html"))
        site.routes["/feed.xml"] = Route(
            (
                f'<?xml version="1.0"?><rss version="2.0"><channel><title>G</title>'
                f"<item><link>{site.base}/news/ferry</link></item></channel></rss>"
            ).encode(),
            "application/rss+xml",
        )
        saved = tmp_path / "saved"
        saved.mkdir()
        library = (FIXTURES / "library.html").read_bytes()
        (saved / "library.html").write_bytes(library.replace(b"{base}", b"https://gazette.example"))
        env = {
            **os.environ,
            "NEWSBOT_INDEX_DIR": str(tmp_path / "index"),
            "NEWSBOT_WEB_REQUESTS_PER_SECOND": "50",
        }
        build = subprocess.run(
            [sys.executable, "-m", "bot", "index", "build", "--json"]
            + ["--input", site.base + "/feed.xml", "--input", str(saved)],
            capture_output=True,
            text=True,
            env=env,
            cwd=REPO,
            timeout=300,
        )
    assert build.returncode == 0, build.stderr
    report = json.loads(build.stdout)
    port = site.base.rsplit(":", 1)[1]
    assert report["added_ids"] == [
        f"127.0.0.1:{port}/news/2024/03/ferry-timetable-cut",
        "gazette.example/news/2024/03/library-sundays",
    ]
    assert report["skipped"] == 0


def test_a_big_listing_is_read_over_several_builds(tmp_path: Path) -> None:
    with Site() as site:
        paths = [f"/news/{n}" for n in ("ferry", "library", "cafe")]
        pages = ("ferry.html", "library.html", "cafe_cp1252.html")
        for path, name in zip(paths, pages, strict=True):
            site.routes[path] = Route(site.fixture(name))
        items = "".join(f"<url><loc>{site.base}{p}</loc></url>" for p in paths)
        site.routes["/sitemap.xml"] = Route(
            f'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{items}</urlset>'.encode(),
            "application/xml",
        )
        options = WebOptions(requests_per_second=100, max_new_pages=2)
        problems: list = []
        with WebSession(options, tmp_path) as session:
            first = [u.url for u in session.units(site.base + "/sitemap.xml", problems)]
        assert first == [site.base + p for p in paths[:2]]
        assert problems[0].reason.startswith("1 new pages left for later builds")
        problems.clear()
        with WebSession(options, tmp_path) as session:
            second = [u.url for u in session.units(site.base + "/sitemap.xml", problems)]
        assert second == [site.base + p for p in paths] and problems == []
