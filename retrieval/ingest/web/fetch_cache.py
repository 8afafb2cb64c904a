"""What each URL answered last time, in one SQLite file in the index's cache folder: validators
(ETag, Last-Modified) for conditional requests, the body (compressed) to rebuild from when the
answer is 304 Not Modified, and every article URL each feed or sitemap has ever listed, so an
article that scrolls off a feed stays in the archive."""

from __future__ import annotations

import sqlite3
import zlib
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class CachedPage:
    url: str  # as requested
    final_url: str  # after redirects
    status: int
    etag: str | None
    last_modified: str | None
    content_type: str | None
    body: bytes
    checked_at: float  # when the server last confirmed this body (200 or 304)

    @property
    def ok(self) -> bool:
        return 200 <= self.status < 300

    @property
    def gone(self) -> bool:
        return self.status in (404, 410)


class FetchCache:
    """url -> CachedPage, and listing -> URLs it listed. `path=None` keeps it in memory."""

    def __init__(self, path: Path | None) -> None:
        if path is not None:
            path.parent.mkdir(parents=True, exist_ok=True)
        self.db = sqlite3.connect(str(path) if path else ":memory:")
        self.db.execute("PRAGMA journal_mode=WAL")
        self.db.execute(
            "CREATE TABLE IF NOT EXISTS pages (url TEXT PRIMARY KEY, final_url TEXT NOT NULL, "
            "status INTEGER NOT NULL, etag TEXT, last_modified TEXT, content_type TEXT, "
            "body BLOB NOT NULL, checked_at REAL NOT NULL)"
        )
        self.db.execute(
            "CREATE TABLE IF NOT EXISTS listed (listing TEXT NOT NULL, url TEXT NOT NULL, "
            "PRIMARY KEY (listing, url))"
        )

    def get(self, url: str) -> CachedPage | None:
        row = self.db.execute(
            "SELECT url, final_url, status, etag, last_modified, content_type, body, checked_at "
            "FROM pages WHERE url = ?",
            (url,),
        ).fetchone()
        if row is None:
            return None
        *head, body, checked_at = row
        return CachedPage(*head, zlib.decompress(body), checked_at)

    def put(self, page: CachedPage) -> None:
        self.db.execute(
            "INSERT OR REPLACE INTO pages VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            (
                page.url,
                page.final_url,
                page.status,
                page.etag,
                page.last_modified,
                page.content_type,
                zlib.compress(page.body, 6),
                page.checked_at,
            ),
        )
        self.db.commit()

    def confirm(self, url: str, checked_at: float) -> None:
        """The server answered 304: the stored body is still current."""
        self.db.execute("UPDATE pages SET checked_at = ? WHERE url = ?", (checked_at, url))
        self.db.commit()

    def remember(self, listing: str, urls: Iterable[str]) -> None:
        self.db.executemany(
            "INSERT OR IGNORE INTO listed VALUES (?, ?)", ((listing, u) for u in urls)
        )
        self.db.commit()

    def listed(self, listing: str) -> list[str]:
        """Every URL `listing` has listed, oldest first."""
        rows = self.db.execute(
            "SELECT url FROM listed WHERE listing = ? ORDER BY rowid", (listing,)
        )
        return [url for (url,) in rows]

    def close(self) -> None:
        self.db.close()
