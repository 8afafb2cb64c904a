"""`Storage` on PostgreSQL: one database that many processes read and one at a time writes.

A build runs as in the embedded index, into the writer's local working copy (the index folder,
which is also its embedding cache, so unchanged articles are never encoded again); the segments
the new build lists that the database lacks are then uploaded and the build is switched to in
one transaction. A session-level advisory lock, held for the whole build, tells a second writer
(in any process) that a reload is running. Readers check the serving build at most every
`poll_seconds` and open a new one beside the old, sharing unchanged segments."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import psycopg
from pgvector.psycopg import register_vector

from retrieval.index import layout
from retrieval.index.layout import Manifest
from retrieval.pg.archive import PgArchive, open_archive
from retrieval.pg.connect import connect, redact
from retrieval.pg.errors import DatabaseError
from retrieval.pg.schema import check_schema, init_schema, schema_version
from retrieval.pg.upload import HNSW_MIN, prune, publish_build, segment_ids, upload_segment
from retrieval.storage import ReloadBusyError

# pg_try_advisory_lock key: "newsbot" in ASCII, so other applications' locks do not collide.
LOCK_KEY = 0x6E657773626F74


class PgStorage:
    def __init__(
        self, url: str, root: Path, poll_seconds: float = 1.0, hnsw_min: int = HNSW_MIN
    ) -> None:
        self.url = url
        self.root = Path(root)  # the writer's local working copy and embedding cache
        self.poll_seconds = poll_seconds
        self.hnsw_min = hnsw_min
        self._checked = 0.0
        self._poll_lock = threading.Lock()
        self._poll_conn: psycopg.Connection | None = None
        self._writer: psycopg.Connection | None = None
        self.upload_seconds: dict[str, float] = {}  # the last publish's steps, for benchmarks

    def describe(self) -> str:
        return redact(self.url)

    def exists(self) -> bool:
        with connect(self.url, vector=False) as conn:
            if schema_version(conn) is None:
                return False
            check_schema(conn)
            return conn.execute("SELECT 1 FROM newsbot_serving").fetchone() is not None

    def init(self, dimension: int) -> str:
        with connect(self.url, vector=False) as conn:
            return init_schema(conn, dimension)

    def open(self, embedder, serving: PgArchive | None = None) -> PgArchive:
        archive = open_archive(self.url, embedder, serving)
        self._checked = time.monotonic()
        return archive

    def serving_id(self) -> int | None:
        with self._poll_lock:
            try:
                if self._poll_conn is None or self._poll_conn.closed:
                    self._poll_conn = connect(self.url, vector=False)
                row = self._poll_conn.execute("SELECT build_id FROM newsbot_serving").fetchone()
            except (psycopg.Error, DatabaseError):
                self._poll_conn = None
                return None  # unreachable for now: keep serving what is loaded
        return row[0] if row else None

    def moved(self, archive: PgArchive) -> bool:
        now = time.monotonic()
        if now - self._checked < self.poll_seconds:
            return False
        self._checked = now
        current = self.serving_id()
        return current is not None and current != archive.build_id

    @contextmanager
    def writing(self) -> Iterator[None]:
        conn = connect(self.url, vector=False)
        try:
            if schema_version(conn) is not None:
                check_schema(conn)  # an empty database gets the schema when the build publishes
            if not conn.execute("SELECT pg_try_advisory_lock(%s)", (LOCK_KEY,)).fetchone()[0]:
                raise ReloadBusyError(
                    "A reload is already running (in another process on this database); "
                    "try again when it has finished."
                )
            self._writer = connect(self.url, vector=False)  # the build may create the extension
            try:
                yield
            except psycopg.errors.ReadOnlySqlTransaction:
                raise DatabaseError(
                    "this database is a read-only replica: reload through a process whose "
                    "NEWSBOT_DATABASE_URL is the primary"
                ) from None
            finally:
                self._writer.close()
                self._writer = None
                conn.execute("SELECT pg_advisory_unlock(%s)", (LOCK_KEY,))
        finally:
            conn.close()

    def publish(self, report) -> bool:
        """Upload what the local build serves and switch the database to it."""
        conn = self._writer
        if conn is None:
            raise RuntimeError("publish() runs inside writing()")
        folder = layout.serving_build(self.root)
        name = folder.name
        manifest = Manifest.read(folder)
        init_schema(conn, manifest.dimension)
        register_vector(conn)
        row = conn.execute(
            "SELECT b.name FROM newsbot_serving s JOIN newsbot_builds b ON b.id = s.build_id"
        ).fetchone()
        if row is not None and row[0] == name:
            return False  # the database already serves this build
        names = [entry.name for entry in manifest.segments]
        present = segment_ids(conn, names)
        self.upload_seconds = {}
        for entry in manifest.segments:
            if entry.name not in present:
                upload_segment(conn, self.root, entry, self.hnsw_min, self.upload_seconds)
        publish_build(conn, name, manifest)
        prune(conn)
        return True
