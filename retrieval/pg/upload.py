"""Publishing to PostgreSQL: a segment the local builder wrote goes into its own partitions, then
a build naming its segments becomes the serving one in one transaction.

Vectors go in with binary COPY; a partition past `HNSW_MIN` rows gets an HNSW index built after
loading (a bulk build is far faster than inserting into a live graph); smaller ones are searched
exactly, as the embedded index searches small segments with a flat index."""

from __future__ import annotations

import json
import logging
import math
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict
from pathlib import Path

import numpy as np
import psycopg
from psycopg import sql
from psycopg.types.json import Jsonb

from retrieval.index import layout
from retrieval.index.dense import FLAT_MAX
from retrieval.index.layout import Manifest, SegmentEntry
from retrieval.index.store import Store, article_fingerprint
from retrieval.pg.rows import quote_fields
from retrieval.pg.schema import (
    CHANNEL,
    attach_partitions,
    create_partitions,
    drop_segment,
    partition,
)

logger = logging.getLogger(__name__)

HNSW_MIN = FLAT_MAX
# m 32 / ef_construction 128, not pgvector's 16 / 64: at 1M passages holding many near-duplicates
# (bench/postgres.py's archive: ~35 noisy copies of each real passage) the sparser graph found
# 0.66 of the true top 10 (0.89 at ef_search 1000); this one 0.968 at ef_search 200 and 0.997 at
# 400, at the same ~11 ms p50. The price: a build ~2-3x as long and a larger graph in memory.
HNSW_M = 32
HNSW_EF_CONSTRUCTION = 128
CHUNK = 32 * 2**20  # bytea rows of at most this many bytes
BATCH = 5_000  # store rows read per SQLite query
# Builds whose segments are kept: the serving one and the one before it (a reader still on it
# switches within a poll interval), as the embedded index keeps two.
KEEP_BUILDS = 2
# Files each collection of a segment ships to readers (the dense index is pgvector's).
COLLECTIONS = {"passages": "", "quotes": "quotes/"}


def segment_ids(conn: psycopg.Connection, names: list[str]) -> dict[str, int]:
    """Ids of the finished segments among `names`."""
    rows = conn.execute(
        "SELECT name, id FROM newsbot_segments WHERE ready AND name = ANY(%s)", (names,)
    )
    return dict(rows.fetchall())


def upload_segment(
    conn: psycopg.Connection,
    root: Path,
    entry: SegmentEntry,
    hnsw_min: int = HNSW_MIN,
    timings: dict[str, float] | None = None,
) -> int:
    """Copy the local segment `entry` under index `root` into the database; its id. `timings`,
    when given, gets the seconds each step took (copies, HNSW builds, ANALYZE, attach)."""
    folder = layout.segment_folder(root, entry.name)
    store = Store(folder / "store.sqlite", readonly=True)
    step = _Steps(timings)
    try:
        with conn.transaction():
            segment_id = conn.execute("SELECT nextval('newsbot_segment_ids')").fetchone()[0]
            conn.execute(
                "INSERT INTO newsbot_segments (id, name, articles, passages, quotes) "
                "VALUES (%s, %s, %s, %s, %s)",
                (segment_id, entry.name, entry.articles, entry.passages, entry.quotes),
            )
            create_partitions(conn, segment_id)
            with step("copy_articles"):
                _copy_articles(conn, segment_id, store)
            passage_vectors = np.load(folder / "vectors.npy", mmap_mode="r")
            with step("copy_passages"):
                _copy_passages(conn, segment_id, store, passage_vectors)
            with step("copy_quotes"):
                _copy_quotes(
                    conn,
                    segment_id,
                    store,
                    np.load(folder / "quotes" / "vectors.npy", mmap_mode="r"),
                )
            with step("copy_files"):
                for collection, prefix in COLLECTIONS.items():
                    _copy_files(conn, segment_id, folder / prefix, collection)
            dimension = int(passage_vectors.shape[1])
            for table, rows in (
                ("newsbot_passages", entry.passages),
                ("newsbot_quotes", entry.quotes),
            ):
                if rows >= hnsw_min:
                    with step(f"hnsw_{table.removeprefix('newsbot_')}"):
                        build_hnsw(conn, table, segment_id, rows, dimension)
                with step("analyze"):
                    conn.execute(sql.SQL("ANALYZE {}").format(partition(table, segment_id)))
            with step("attach"):
                attach_partitions(conn, segment_id)
            conn.execute("UPDATE newsbot_segments SET ready = true WHERE id = %s", (segment_id,))
    finally:
        store.close()
    return segment_id


class _Steps:
    """Adds each step's seconds to `timings` (a no-op without one)."""

    def __init__(self, timings: dict[str, float] | None) -> None:
        self.timings = timings

    @contextmanager
    def __call__(self, name: str) -> Iterator[None]:
        started = time.perf_counter()
        try:
            yield
        finally:
            if self.timings is not None:
                spent = time.perf_counter() - started
                self.timings[name] = round(self.timings.get(name, 0.0) + spent, 2)


def hnsw_memory_mb(rows: int, dimension: int, m: int = HNSW_M) -> int:
    """What pgvector's in-memory HNSW build of `rows` vectors needs (MB), with a margin: per
    element the vector (4 bytes a dimension + header), its layer-0 neighbour list (2m
    candidates of 16 bytes) and ~256 bytes of element and upper-layer bookkeeping."""
    per_row = 4 * dimension + 8 + 2 * m * 16 + 256
    return max(64, math.ceil(1.25 * rows * per_row / 2**20))


def build_hnsw(
    conn: psycopg.Connection, table: str, segment_id: int, rows: int, dimension: int
) -> None:
    # The graph is built in memory while maintenance_work_mem holds it; past that pgvector
    # finishes on disk, many times slower (and says so in a NOTICE, logged here). So this build
    # gets what its graph needs (a larger server setting is kept): ~3.3 GB for 1M passages.
    server_kb = conn.execute(
        "SELECT setting::bigint FROM pg_settings WHERE name = 'maintenance_work_mem'"
    ).fetchone()[0]
    need_mb = hnsw_memory_mb(rows, dimension)
    if need_mb * 1024 > server_kb:
        conn.execute(
            sql.SQL("SET LOCAL maintenance_work_mem = {}").format(sql.Literal(f"{need_mb}MB"))
        )
    statement = sql.SQL(
        "CREATE INDEX ON {} USING hnsw (embedding vector_ip_ops) "
        "WITH (m = {}, ef_construction = {})"
    ).format(partition(table, segment_id), sql.Literal(HNSW_M), sql.Literal(HNSW_EF_CONSTRUCTION))
    conn.add_notice_handler(_log_notice)
    try:
        conn.execute(statement)
    finally:
        conn.remove_notice_handler(_log_notice)


def _log_notice(notice: psycopg.errors.Diagnostic) -> None:
    logger.warning("PostgreSQL: %s", notice.message_primary)


def _copy_articles(conn: psycopg.Connection, segment_id: int, store: Store) -> None:
    target = sql.SQL(
        "COPY {} (segment_id, id, title, date, source, url, body, metadata, fingerprint) FROM STDIN"
    ).format(partition("newsbot_articles", segment_id))
    with conn.cursor().copy(target) as copy:
        for a in store.articles():
            copy.write_row(
                (
                    segment_id,
                    a.id,
                    a.title,
                    a.date,
                    a.source,
                    a.url,
                    a.body,
                    json.dumps(a.metadata),
                    article_fingerprint(a),
                )
            )


def _copy_passages(
    conn: psycopg.Connection, segment_id: int, store: Store, vectors: np.ndarray
) -> None:
    target = sql.SQL(
        'COPY {} (segment_id, idx, article_id, paragraph, start, "end", embedding) '
        "FROM STDIN WITH (FORMAT BINARY)"
    ).format(partition("newsbot_passages", segment_id))
    rows = store.db.execute('SELECT id, article_id, paragraph, start, "end" FROM passages')
    with conn.cursor().copy(target) as copy:
        copy.set_types(["int4", "int4", "text", "int4", "int4", "int4", "vector"])
        for idx, article_id, paragraph, start, end in rows:
            vector = np.asarray(vectors[idx], dtype=np.float32)
            copy.write_row((segment_id, idx, article_id, paragraph, start, end, vector))


def _copy_quotes(
    conn: psycopg.Connection, segment_id: int, store: Store, vectors: np.ndarray
) -> None:
    target = sql.SQL(
        'COPY {} (segment_id, idx, article_id, start, "end", speaker, fields, embedding) '
        "FROM STDIN WITH (FORMAT BINARY)"
    ).format(partition("newsbot_quotes", segment_id))
    count = store.db.execute("SELECT count(*) FROM quotes").fetchone()[0]
    with conn.cursor().copy(target) as copy:
        copy.set_types(["int4", "int4", "text", "int4", "int4", "text", "jsonb", "vector"])
        for first in range(0, count, BATCH):
            found = store.quotes(list(range(first, min(first + BATCH, count))))
            for idx in sorted(found):
                q = found[idx]
                vector = np.asarray(vectors[idx], dtype=np.float32)
                copy.write_row(
                    (
                        segment_id,
                        idx,
                        q.article_id,
                        q.start,
                        q.end,
                        q.speaker,
                        Jsonb(quote_fields(q)),
                        vector,
                    )
                )


def _copy_files(conn: psycopg.Connection, segment_id: int, folder: Path, collection: str) -> None:
    """The collection's BM25 index and filter arrays, as the embedded segment holds them."""
    paths = sorted((folder / "lexical").iterdir()) + [folder / "meta.npz"]
    with conn.cursor().copy(
        "COPY newsbot_files (segment_id, name, chunk, data) FROM STDIN WITH (FORMAT BINARY)"
    ) as copy:
        copy.set_types(["int4", "text", "int4", "bytea"])
        for path in paths:
            name = f"{collection}/{path.relative_to(folder)}"
            data = path.read_bytes()
            for chunk, start in enumerate(range(0, max(len(data), 1), CHUNK)):
                copy.write_row((segment_id, name, chunk, data[start : start + CHUNK]))


def publish_build(conn: psycopg.Connection, name: str, manifest: Manifest) -> int:
    """Make `manifest` (whose segments are all uploaded) the serving build, atomically."""
    record = asdict(manifest)
    record["files"] = {}  # local paths mean nothing to another machine
    with conn.transaction():
        build_id = conn.execute(
            "INSERT INTO newsbot_builds (name, manifest) VALUES (%s, %s) RETURNING id",
            (name, json.dumps(record)),
        ).fetchone()[0]
        conn.execute(
            "INSERT INTO newsbot_serving (one, build_id) VALUES (true, %s) "
            "ON CONFLICT (one) DO UPDATE SET build_id = excluded.build_id",
            (build_id,),
        )
        conn.execute(sql.SQL("NOTIFY {}, {}").format(sql.Identifier(CHANNEL), str(build_id)))
    return build_id


def prune(conn: psycopg.Connection, keep: int = KEEP_BUILDS, stale_s: float = 3600) -> list[int]:
    """Drop builds past the last `keep` and the segments no kept build lists, plus unfinished
    segments older than `stale_s` (a crashed upload's); the segment ids dropped."""
    with conn.transaction():
        kept = conn.execute(
            "SELECT id, manifest FROM newsbot_builds WHERE id >= coalesce(("
            "SELECT id FROM newsbot_builds ORDER BY id DESC OFFSET %s LIMIT 1), 0) "
            "OR id = (SELECT build_id FROM newsbot_serving)",
            (keep - 1,),
        ).fetchall()
        listed = {s["name"] for _, m in kept for s in m["segments"]}
        conn.execute("DELETE FROM newsbot_builds WHERE NOT (id = ANY(%s))", ([i for i, _ in kept],))
        cutoff = time.time() - stale_s
        gone = [
            segment_id
            for segment_id, name, ready, created in conn.execute(
                "SELECT id, name, ready, extract(epoch FROM created_at) FROM newsbot_segments"
            ).fetchall()
            if name not in listed and (ready or created < cutoff)
        ]
    for segment_id in gone:  # outside the transaction: a concurrent detach must be
        drop_segment(conn, segment_id)
    return gone
