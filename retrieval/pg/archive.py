"""The serving build read from PostgreSQL, through the interfaces the embedded index offers.

Per segment, a reader loads what ranking reads for every item of a query (the BM25 index and the
filter arrays, as the embedded segment holds them) and asks the database for the rest: nearest
vectors (pgvector), cosines of candidates, articles, passages and quotes. Ids are global as in
the embedded archive: segment i's local id j is `offsets[i] + j`."""

from __future__ import annotations

import io
import tempfile
import threading
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import psycopg
from psycopg import sql

from retrieval.index.archive import Archive, _live
from retrieval.index.collection import Collection
from retrieval.index.layout import IndexLoadError, Manifest, SegmentEntry
from retrieval.index.lexical import LexicalIndex
from retrieval.index.segment_collection import SegmentedCollection
from retrieval.index.segment_store import SegmentedStore
from retrieval.index.store import ENTITY_COLUMNS
from retrieval.models import Article, Passage, Quote
from retrieval.pg.connect import connect
from retrieval.pg.dense import PgDense
from retrieval.pg.errors import DatabaseError
from retrieval.pg.rows import article_of, quote_of
from retrieval.pg.schema import ITEM_TABLES, check_schema


class Connections:
    """One connection per thread: the bot answers on several worker threads at once."""

    def __init__(self, url: str) -> None:
        self.url = url
        self._local = threading.local()
        self._all: list[psycopg.Connection] = []
        self._lock = threading.Lock()

    def get(self) -> psycopg.Connection:
        conn = getattr(self._local, "conn", None)
        if conn is None or conn.closed or conn.broken:  # a restarted server: connect again
            conn = connect(self.url)
            self._local.conn = conn
            with self._lock:
                self._all.append(conn)
        return conn

    def rows(self, statement, params=None) -> list[tuple]:
        """The rows of one statement; a lost connection is a DatabaseError (the next call
        connects again)."""
        try:
            return self.get().execute(statement, params).fetchall()
        except psycopg.OperationalError as exc:
            raise DatabaseError(
                f"lost the connection to the database ({str(exc).strip()[:200]}); try again"
            ) from None

    def close(self) -> None:
        with self._lock:
            for conn in self._all:
                conn.close()
            self._all.clear()


@dataclass
class Part:
    """What one segment's collection keeps in memory: BM25 and the filter arrays."""

    lexical: LexicalIndex
    meta: dict[str, np.ndarray]


@dataclass
class LoadedSegment:
    entry: SegmentEntry
    segment_id: int
    passages: Part
    quotes: Part


class SegmentRows:
    """One segment's rows, with the interface of the embedded `Store` (local ids)."""

    def __init__(self, pool: Connections, segment_id: int) -> None:
        self.pool = pool
        self.segment_id = segment_id

    def _rows(self, query: str, *params) -> list[tuple]:
        return self.pool.rows(query, (self.segment_id, *params))

    def close(self) -> None:
        pass

    def passages(self, ids: list[int]) -> dict[int, Passage]:
        if not ids:
            return {}
        rows = self._rows(
            'SELECT p.idx, p.article_id, p.paragraph, p.start, p."end" FROM newsbot_passages p '
            "WHERE p.segment_id = %s AND p.idx = ANY(%s)",
            list(ids),
        )
        bodies = self._bodies({row[1] for row in rows})
        return {
            row[0]: Passage(*row, bodies[row[1]][row[3] : row[4]])
            for row in rows
            if row[1] in bodies
        }

    def _bodies(self, article_ids: set[str]) -> dict[str, str]:
        """Article bodies by id, each sent once however many slices are cut from it (substr
        counts characters from the start of the body; a body per quote row repeats it)."""
        if not article_ids:
            return {}
        rows = self._rows(
            "SELECT id, body FROM newsbot_articles WHERE segment_id = %s AND id = ANY(%s)",
            sorted(article_ids),
        )
        return dict(rows)

    def headlines(self, ids: list[int]) -> dict[int, tuple[str, str]]:
        if not ids:
            return {}
        rows = self._rows(
            "SELECT p.idx, a.id, a.title FROM newsbot_passages p JOIN newsbot_articles a "
            "ON a.segment_id = p.segment_id AND a.id = p.article_id "
            "WHERE p.segment_id = %s AND p.idx = ANY(%s)",
            list(ids),
        )
        return {idx: (article_id, title or "") for idx, article_id, title in rows}

    def quotes(self, ids: list[int]) -> dict[int, Quote]:
        if not ids:
            return {}
        rows = self._rows(
            "SELECT q.idx, q.fields, q.article_id FROM newsbot_quotes q "
            "WHERE q.segment_id = %s AND q.idx = ANY(%s)",
            list(ids),
        )
        bodies = self._bodies({article_id for _, _, article_id in rows})
        return {
            idx: quote_of(fields, bodies[article_id])
            for idx, fields, article_id in rows
            if article_id in bodies
        }

    def quotes_in_passages(self, ids: list[int]) -> dict[int, list[int]]:
        if not ids:
            return {}
        rows = self._rows(
            "SELECT p.idx, q.idx FROM newsbot_passages p JOIN newsbot_quotes q "
            "ON q.segment_id = p.segment_id AND q.article_id = p.article_id "
            'AND q.start < p."end" AND q."end" > p.start '
            "WHERE p.segment_id = %s AND p.idx = ANY(%s) ORDER BY q.idx",
            list(ids),
        )
        found: dict[int, list[int]] = {}
        for passage_id, quote_id in rows:
            found.setdefault(passage_id, []).append(quote_id)
        return found

    def article(self, article_id: str) -> Article | None:
        rows = self._rows(
            "SELECT id, title, date, source, url, body, metadata FROM newsbot_articles "
            "WHERE segment_id = %s AND id = %s",
            article_id,
        )
        return article_of(rows[0]) if rows else None

    def article_passages(self, article_id: str) -> list[Passage]:
        ids = [
            row[0]
            for row in self._rows(
                "SELECT idx FROM newsbot_passages WHERE segment_id = %s AND article_id = %s",
                article_id,
            )
        ]
        found = self.passages(ids)
        return [found[i] for i in sorted(found)]

    def articles(self, dead=()) -> list[Article]:
        rows = self._rows(
            "SELECT id, title, date, source, url, body, metadata FROM newsbot_articles "
            "WHERE segment_id = %s AND NOT (id = ANY(%s)) ORDER BY id",
            list(dead),
        )
        return [article_of(row) for row in rows]

    def quotes_by_article(self, dead=()) -> dict[str, list[Quote]]:
        rows = self._rows(
            "SELECT q.fields, q.article_id FROM newsbot_quotes q "
            "WHERE q.segment_id = %s AND NOT (q.article_id = ANY(%s)) ORDER BY q.idx",
            list(dead),
        )
        bodies = self._bodies({article_id for _, article_id in rows})
        grouped: dict[str, list[Quote]] = {}
        for fields, article_id in rows:
            if article_id in bodies:  # as the join with the articles did
                grouped.setdefault(article_id, []).append(quote_of(fields, bodies[article_id]))
        return grouped

    def fingerprints(self, dead=()) -> dict[str, str]:
        rows = self._rows(
            "SELECT id, fingerprint FROM newsbot_articles "
            "WHERE segment_id = %s AND NOT (id = ANY(%s))",
            list(dead),
        )
        return dict(rows)

    def speaker_rows(self, dead=()) -> list[tuple]:
        """As `Store.speaker_rows`: quote counts by speaker entity and written form, the
        entity fields read from each quote's `fields` (NULL for quotes from older rules)."""
        entity = ", ".join(f"fields->>'{name}'" for name in ENTITY_COLUMNS)
        return [
            tuple(row)
            for row in self._rows(
                f"SELECT {entity}, speaker, fields->>'speaker_as_written', count(*) "
                "FROM newsbot_quotes WHERE segment_id = %s AND speaker IS NOT NULL "
                "AND NOT (article_id = ANY(%s)) GROUP BY 1, 2, 3, 4, 5, 6",
                list(dead),
            )
        ]

    def count(self, table: str, dead=()) -> int:
        tables = {
            "articles": ("newsbot_articles", "id"),
            "passages": ("newsbot_passages", "article_id"),
            "quotes": ("newsbot_quotes", "article_id"),
        }
        name, column = tables[table]
        query = sql.SQL("SELECT count(*) FROM {} WHERE segment_id = %s AND NOT ({} = ANY(%s))")
        return self._rows(
            query.format(sql.Identifier(name), sql.Identifier(column)).as_string(), list(dead)
        )[0][0]

    def item_ids(self, table: str, article_ids) -> list[int]:
        name = {"passages": "newsbot_passages", "quotes": "newsbot_quotes"}[table]
        query = sql.SQL(
            "SELECT idx FROM {} WHERE segment_id = %s AND article_id = ANY(%s) ORDER BY idx"
        )
        rows = self._rows(query.format(sql.Identifier(name)).as_string(), list(article_ids))
        return [row[0] for row in rows]

    def sources(self, dead=()) -> dict[str, int]:
        rows = self._rows(
            "SELECT coalesce(source, ''), count(*) FROM newsbot_articles WHERE segment_id = %s "
            "AND NOT (id = ANY(%s)) GROUP BY 1 ORDER BY 2 DESC, 1",
            list(dead),
        )
        return dict(rows)

    def date_range(self, dead=()) -> tuple[str | None, str | None]:
        rows = self._rows(
            "SELECT min(date), max(date) FROM newsbot_articles WHERE segment_id = %s "
            "AND NOT (id = ANY(%s))",
            list(dead),
        )
        return rows[0][0], rows[0][1]


class PgArchive(Archive):
    """An `Archive` whose store and vectors live in PostgreSQL (build `build_id`)."""

    build_id: int
    loaded: list[LoadedSegment]
    pool: Connections

    def close(self) -> None:
        self.pool.close()


def read_files(conn: psycopg.Connection, segment_id: int, collection: str, folder: Path) -> None:
    """Write a segment collection's files (see upload._copy_files) under `folder`."""
    rows = conn.execute(
        "SELECT name, data FROM newsbot_files WHERE segment_id = %s AND name LIKE %s "
        "ORDER BY name, chunk",
        (segment_id, f"{collection}/%"),
    )
    for name, data in rows:
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        with open(path, "ab") as handle:
            handle.write(data)


def _part(folder: Path, collection: str, size: int) -> Part:
    lexical = LexicalIndex.load(folder / collection / "lexical", size, mmap=False)
    with np.load(io.BytesIO((folder / collection / "meta.npz").read_bytes())) as stored:
        meta = {key: stored[key] for key in stored.files}
    return Part(lexical, meta)


def load_segment(conn: psycopg.Connection, entry: SegmentEntry, segment_id: int) -> LoadedSegment:
    with tempfile.TemporaryDirectory(prefix="newsbot-pg-") as tmp:
        folder = Path(tmp)
        for collection in ("passages", "quotes"):
            read_files(conn, segment_id, collection, folder)
        try:
            passages = _part(folder, "passages", entry.passages)
            quotes = _part(folder, "quotes", entry.quotes)
        except (OSError, ValueError, KeyError) as exc:
            raise IndexLoadError(
                f"segment {entry.name} in the database is incomplete ({exc}): rebuild the index"
            ) from exc
    return LoadedSegment(entry, segment_id, passages, quotes)


def serving_build(conn: psycopg.Connection) -> tuple[int, str, Manifest] | None:
    row = conn.execute(
        "SELECT b.id, b.name, b.manifest FROM newsbot_serving s "
        "JOIN newsbot_builds b ON b.id = s.build_id"
    ).fetchone()
    if row is None:
        return None
    build_id, name, data = row
    data = dict(data)
    data["segments"] = [SegmentEntry(**s) for s in data.get("segments", [])]
    return build_id, name, Manifest(**data)


def open_archive(url: str, embedder=None, serving: PgArchive | None = None) -> PgArchive:
    """The serving build; segments `serving` already loaded are shared, not read again, and
    so are its connections (a switch opens none)."""
    shared = serving is not None and serving.pool.url == url
    pool = serving.pool if shared else Connections(url)
    try:
        conn = pool.get()
        check_schema(conn)
        found = serving_build(conn)
        if found is None:
            raise IndexLoadError(
                "the database serves no build yet: run `newsbot index build` (with "
                "NEWSBOT_DATABASE_URL set)"
            )
        build_id, name, manifest = found
        if embedder is not None and (
            manifest.model_name != embedder.name or manifest.dimension != embedder.dimension
        ):
            raise IndexLoadError(
                f"the database's build {name} was made with {manifest.model_name} "
                f"({manifest.dimension} dimensions) but the configured model is {embedder.name} "
                f"({embedder.dimension}): rebuild with `newsbot index build`"
            )
        names = [entry.name for entry in manifest.segments]
        ids = dict(
            conn.execute(
                "SELECT name, id FROM newsbot_segments WHERE ready AND name = ANY(%s)", (names,)
            ).fetchall()
        )
        missing = [n for n in names if n not in ids]
        if missing:
            raise IndexLoadError(
                f"the database's build {name} lists segment {missing[0]}, which is missing: "
                "rebuild with `newsbot index build`"
            )
        held = {s.entry.name: s for s in serving.loaded} if serving is not None else {}
        loaded = []
        for entry in manifest.segments:
            before = held.get(entry.name)
            if before is not None and before.segment_id == ids[entry.name]:
                shared = LoadedSegment(entry, before.segment_id, before.passages, before.quotes)
                loaded.append(shared)
            else:
                loaded.append(load_segment(conn, entry, ids[entry.name]))
        manifest.files = {"postgresql": _bytes(conn, [s.segment_id for s in loaded])}
        manifest.index_type = _index_type(conn, loaded)
        return _assemble(pool, build_id, name, manifest, loaded)
    except BaseException:
        if not shared:
            pool.close()
        raise


def _index_type(conn: psycopg.Connection, loaded: list[LoadedSegment]) -> str:
    """pgvector's index on the largest segment: HNSW, or none (searched exactly)."""
    largest = max(loaded, key=lambda s: s.entry.passages)
    hnsw = conn.execute(
        "SELECT 1 FROM pg_indexes WHERE tablename = %s AND indexdef ILIKE '%%using hnsw%%'",
        (f"newsbot_passages_s{largest.segment_id}",),
    ).fetchone()
    return "pgvector hnsw" if hnsw else "pgvector exact"


def _bytes(conn: psycopg.Connection, segment_ids: list[int]) -> int:
    """What the serving segments take in the database: tables, indexes, BM25 files."""
    tables = [f"{t}_s{i}" for i in segment_ids for t in ITEM_TABLES]
    row = conn.execute(
        "SELECT coalesce(sum(pg_total_relation_size(to_regclass(t))), 0) FROM unnest(%s::text[]) t",
        (tables,),
    ).fetchone()
    files = conn.execute(
        "SELECT coalesce(sum(length(data)), 0) FROM newsbot_files WHERE segment_id = ANY(%s)",
        (segment_ids,),
    ).fetchone()
    return int(row[0]) + int(files[0])


def _assemble(
    pool: Connections, build_id: int, name: str, manifest: Manifest, loaded: list[LoadedSegment]
) -> PgArchive:
    dead = [frozenset(manifest.tombstones.get(s.entry.name, ())) for s in loaded]
    rows = [SegmentRows(pool, s.segment_id) for s in loaded]
    dead_passages = [
        np.array(r.item_ids("passages", d), np.int64) for r, d in zip(rows, dead, strict=True)
    ]
    dead_quotes = [
        np.array(r.item_ids("quotes", d), np.int64) for r, d in zip(rows, dead, strict=True)
    ]
    store = SegmentedStore(
        rows, [s.entry.passages for s in loaded], [s.entry.quotes for s in loaded], dead
    )
    collections = {}
    for kind, table, sizes, gone in (
        ("passages", "newsbot_passages", [s.entry.passages for s in loaded], dead_passages),
        ("quotes", "newsbot_quotes", [s.entry.quotes for s in loaded], dead_quotes),
    ):
        parts: list[Collection] = [getattr(s, kind) for s in loaded]  # type: ignore[misc]
        dense = PgDense(
            pool, table, [(s.segment_id, n) for s, n in zip(loaded, sizes, strict=True)]
        )
        live = _live(list(zip(sizes, gone, strict=True)))
        collections[kind] = SegmentedCollection(parts, live, dense=dense)
    archive = PgArchive(
        Path("postgresql") / name, manifest, store, collections["passages"], collections["quotes"]
    )
    archive.build_id, archive.loaded, archive.pool = build_id, loaded, pool
    return archive
