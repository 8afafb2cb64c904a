"""The article and passage store: one SQLite file. Passage text is never stored twice: it is
always sliced from the article body it came from, so what we quote is what was published."""

from __future__ import annotations

import hashlib
import json
import sqlite3
from collections.abc import Collection, Iterable
from functools import cached_property
from pathlib import Path

from retrieval.models import Article, Passage, Quote

_SCHEMA = """
CREATE TABLE IF NOT EXISTS articles (
    id TEXT PRIMARY KEY, title TEXT NOT NULL, date TEXT, source TEXT, url TEXT,
    body TEXT NOT NULL, metadata TEXT NOT NULL DEFAULT '{}', fingerprint TEXT NOT NULL DEFAULT ''
);
CREATE TABLE IF NOT EXISTS passages (
    id INTEGER PRIMARY KEY, article_id TEXT NOT NULL, paragraph INTEGER NOT NULL,
    start INTEGER NOT NULL, end INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS passages_article ON passages(article_id);
CREATE TABLE IF NOT EXISTS quotes (
    id INTEGER PRIMARY KEY, article_id TEXT NOT NULL, start INTEGER NOT NULL,
    end INTEGER NOT NULL, paragraph INTEGER NOT NULL, speaker TEXT, speaker_as_written TEXT,
    cue TEXT, confidence REAL NOT NULL, context_start INTEGER NOT NULL,
    context_end INTEGER NOT NULL, speaker_id TEXT, speaker_kind TEXT, canonical_speaker TEXT,
    affiliation TEXT
);
CREATE INDEX IF NOT EXISTS quotes_speaker ON quotes(speaker);
CREATE INDEX IF NOT EXISTS quotes_article ON quotes(article_id);
"""

# Rows of articles tombstoned in this store (removed, or superseded by a newer segment) are
# left out by every whole-store query: `dead` is passed as one JSON array parameter.
_LIVE = "NOT IN (SELECT value FROM json_each(?))"

# The speaker-entity columns (`Quote.speaker_id` ...), stored as each article resolved them;
# `speaker_rows` groups them for the archive's `SpeakerRegistry`. Stores written before they
# existed read them as NULL.
ENTITY_COLUMNS = ("speaker_id", "speaker_kind", "canonical_speaker", "affiliation")
# The quote's words are sliced from the article body in Python, not with SQLite's substr: that
# counts characters from the start of the body on every call, so the quotes of one 1 MB
# article took seconds to read (speaker record of 13,845 quotes: 4.2 s of 4.8).
_QUOTE_COLUMNS = (
    "q.article_id, NULL, q.start, q.end, q.paragraph, "
    "q.speaker, q.speaker_as_written, q.cue, q.confidence, q.context_start, q.context_end, "
    + ", ".join(f"q.{c}" for c in ENTITY_COLUMNS)
)
_NO_ENTITY_COLUMNS = _QUOTE_COLUMNS.replace(
    ", ".join(f"q.{c}" for c in ENTITY_COLUMNS), ", ".join(["NULL"] * len(ENTITY_COLUMNS))
)


class Store:
    def __init__(self, path: Path, readonly: bool = False) -> None:
        self.path = path
        if readonly:
            uri = f"file:{path}?mode=ro"
            self.db = sqlite3.connect(uri, uri=True, check_same_thread=False)
        else:
            self.db = sqlite3.connect(path, check_same_thread=False)
            self.db.executescript(_SCHEMA)

    def close(self) -> None:
        self.db.close()

    @cached_property
    def _quote_columns(self) -> str:
        """The quote columns this store holds (one written before speaker entities has none)."""
        names = {row[1] for row in self.db.execute("PRAGMA table_info(quotes)")}
        return _QUOTE_COLUMNS if set(ENTITY_COLUMNS) <= names else _NO_ENTITY_COLUMNS

    def add_articles(self, articles: Iterable[Article]) -> None:
        self.db.executemany(
            "INSERT OR REPLACE INTO articles VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            (
                (
                    a.id,
                    a.title,
                    a.date,
                    a.source,
                    a.url,
                    a.body,
                    json.dumps(a.metadata),
                    article_fingerprint(a),
                )
                for a in articles
            ),
        )

    def add_passages(self, passages: Iterable[Passage]) -> None:
        self.db.executemany(
            "INSERT INTO passages VALUES (?, ?, ?, ?, ?)",
            ((p.id, p.article_id, p.paragraph, p.start, p.end) for p in passages),
        )

    def add_quotes(self, quotes: Iterable[Quote]) -> None:
        """Store quotes numbered 0.. in the order given (the quote collection's ids)."""
        self.db.executemany(
            "INSERT INTO quotes VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                (
                    i,
                    q.article_id,
                    q.start,
                    q.end,
                    q.paragraph,
                    q.speaker,
                    q.speaker_as_written,
                    q.cue,
                    q.confidence,
                    q.context_start,
                    q.context_end,
                    *(getattr(q, c) for c in ENTITY_COLUMNS),
                )
                for i, q in enumerate(quotes)
            ),
        )

    def _rows_for(self, sql: str, ids: list[int]) -> list[tuple]:
        """Rows of `sql`, whose `{ids}` stands for the placeholders of `ids`; none for none."""
        if not ids:
            return []
        return self.db.execute(sql.format(ids=",".join("?" * len(ids))), ids).fetchall()

    def quotes(self, ids: list[int]) -> dict[int, Quote]:
        rows = self._rows_for(
            f"SELECT q.id, {self._quote_columns} FROM quotes q "
            "JOIN articles a ON a.id = q.article_id WHERE q.id IN ({ids})",
            ids,
        )
        bodies = self._bodies({row[1] for row in rows})
        return {row[0]: _quote(row, bodies[row[1]]) for row in rows}

    def _bodies(self, article_ids: Collection[str]) -> dict[str, str]:
        """Article bodies by id, each read once however many slices are cut from it."""
        if not article_ids:
            return {}
        ids = sorted(article_ids)
        query = "SELECT id, body FROM articles WHERE id IN ({ids})"
        return dict(self.db.execute(query.format(ids=",".join("?" * len(ids))), ids))

    def quotes_in_passages(self, ids: list[int]) -> dict[int, list[int]]:
        """The ids of the quotes that overlap each passage, by passage id."""
        rows = self._rows_for(
            "SELECT p.id, q.id FROM passages p JOIN quotes q ON q.article_id = p.article_id "
            "AND q.start < p.end AND q.end > p.start WHERE p.id IN ({ids}) ORDER BY q.id",
            ids,
        )
        found: dict[int, list[int]] = {}
        for passage_id, quote_id in rows:
            found.setdefault(passage_id, []).append(quote_id)
        return found

    def quotes_by_article(self, dead: Collection[str] = ()) -> dict[str, list[Quote]]:
        """Every stored quote of a live article, grouped by article, in stored order."""
        rows = self.db.execute(
            f"SELECT q.id, {self._quote_columns} FROM quotes q "
            f"JOIN articles a ON a.id = q.article_id WHERE q.article_id {_LIVE} ORDER BY q.id",
            (_json(dead),),
        )
        grouped: dict[str, list[Quote]] = {}
        body: tuple[str, str] = ("", "")  # (article id, body): quotes come article by article
        for row in rows:
            if body[0] != row[1]:
                body = (row[1], self._bodies([row[1]]).get(row[1], ""))
            grouped.setdefault(row[1], []).append(_quote(row, body[1]))
        return grouped

    def speaker_rows(self, dead: Collection[str] = ()) -> list[tuple]:
        """Quote counts grouped by speaker entity and written form, for `SpeakerRegistry`:
        (speaker_id, speaker_kind, canonical_speaker, affiliation, speaker, as written, n)."""
        columns = ", ".join(ENTITY_COLUMNS)
        if self._quote_columns is _NO_ENTITY_COLUMNS:
            columns = ", ".join(["NULL"] * len(ENTITY_COLUMNS))
        return self.db.execute(
            f"SELECT {columns}, speaker, speaker_as_written, count(*) FROM quotes "
            f"WHERE speaker IS NOT NULL AND article_id {_LIVE} GROUP BY 1, 2, 3, 4, 5, 6",
            (_json(dead),),
        ).fetchall()

    def commit(self) -> None:
        self.db.commit()

    def article(self, article_id: str) -> Article | None:
        row = self.db.execute(
            "SELECT id, title, date, source, url, body, metadata FROM articles WHERE id = ?",
            (article_id,),
        ).fetchone()
        return _article(row) if row else None

    def headlines(self, ids: list[int]) -> dict[int, tuple[str, str]]:
        """(article id, headline) of each passage id, without reading any article body."""
        rows = self._rows_for(
            "SELECT p.id, a.id, a.title FROM passages p JOIN articles a ON a.id = p.article_id "
            "WHERE p.id IN ({ids})",
            ids,
        )
        return {row[0]: (row[1], row[2] or "") for row in rows}

    def articles(self, dead: Collection[str] = ()) -> Iterable[Article]:
        cursor = self.db.execute(
            "SELECT id, title, date, source, url, body, metadata FROM articles "
            f"WHERE id {_LIVE} ORDER BY rowid",
            (_json(dead),),
        )
        return (_article(row) for row in cursor)

    def passages(self, ids: list[int]) -> dict[int, Passage]:
        """Passages by id, with their text sliced from the stored body."""
        rows = self._rows_for(
            "SELECT p.id, p.article_id, p.paragraph, p.start, p.end "
            "FROM passages p JOIN articles a ON a.id = p.article_id WHERE p.id IN ({ids})",
            ids,
        )
        bodies = self._bodies({row[1] for row in rows})
        return {row[0]: Passage(*row, bodies[row[1]][row[3] : row[4]]) for row in rows}

    def article_passages(self, article_id: str) -> list[Passage]:
        """The passages of one article, in order."""
        rows = self.db.execute(
            "SELECT id FROM passages WHERE article_id = ? ORDER BY id", (article_id,)
        )
        found = self.passages([row[0] for row in rows])
        return [found[i] for i in sorted(found)]

    def fingerprints(self, dead: Collection[str] = ()) -> dict[str, str]:
        query = f"SELECT id, fingerprint FROM articles WHERE id {_LIVE}"
        return dict(self.db.execute(query, (_json(dead),)))

    def count(self, table: str, dead: Collection[str] = ()) -> int:
        assert table in {"articles", "passages", "quotes"}
        column = "id" if table == "articles" else "article_id"
        return self.db.execute(
            f"SELECT count(*) FROM {table} WHERE {column} {_LIVE}", (_json(dead),)
        ).fetchone()[0]

    def item_ids(self, table: str, article_ids: Collection[str]) -> list[int]:
        """Ids of the passages or quotes of `article_ids`, ascending."""
        assert table in {"passages", "quotes"}
        rows = self.db.execute(
            f"SELECT id FROM {table} WHERE article_id IN (SELECT value FROM json_each(?)) "
            "ORDER BY id",
            (_json(article_ids),),
        )
        return [row[0] for row in rows]

    def sources(self, dead: Collection[str] = ()) -> dict[str, int]:
        rows = self.db.execute(
            f"SELECT coalesce(source, ''), count(*) FROM articles WHERE id {_LIVE} "
            "GROUP BY 1 ORDER BY 2 DESC",
            (_json(dead),),
        )
        return {name: n for name, n in rows}

    def date_range(self, dead: Collection[str] = ()) -> tuple[str | None, str | None]:
        return tuple(
            self.db.execute(
                f"SELECT min(date), max(date) FROM articles WHERE id {_LIVE}", (_json(dead),)
            ).fetchone()
        )


def _json(ids: Collection[str]) -> str:
    return json.dumps(list(ids))


def article_fingerprint(article: Article) -> str:
    """Changes whenever anything we would show or index about the article changes."""
    parts = [
        article.id,
        article.title,
        article.date or "",
        article.source or "",
        article.url or "",
        article.body,
        json.dumps(article.metadata, sort_keys=True),
    ]
    return hashlib.blake2b("\x1f".join(parts).encode(), digest_size=16).hexdigest()


def _article(row: tuple) -> Article:
    id_, title, date, source, url, body, metadata = row
    return Article(
        id=id_,
        title=title,
        body=body,
        date=date,
        source=source,
        url=url,
        metadata=json.loads(metadata),
    )


def _quote(row: tuple, body: str) -> Quote:
    """A quote from a row of `_QUOTE_COLUMNS` after its id, its words cut from `body`."""
    article_id, _, start, end, *rest = row[1:]
    return Quote(article_id, body[start:end], start, end, *rest)
