"""The newsbot schema in PostgreSQL, its version, and the checks that name what is missing.

A segment (see `retrieval.index.segments`) is one partition of each item table, so a new segment
is bulk-loaded and indexed on its own and a pruned one is dropped in one statement. A build is a
manifest (the segments it serves and the articles tombstoned in each); `newsbot_serving` names
the serving build, switched in one transaction."""

from __future__ import annotations

import psycopg
from psycopg import sql

from retrieval.pg.errors import DatabaseError

SCHEMA_VERSION = 1
# Channel a publish notifies; readers also poll the serving build, so a missed notice only
# costs them up to one poll interval.
CHANNEL = "newsbot_serving"

TABLES = (
    "newsbot_schema",
    "newsbot_segments",
    "newsbot_builds",
    "newsbot_serving",
    "newsbot_files",
    "newsbot_articles",
    "newsbot_passages",
    "newsbot_quotes",
)

DDL = """
CREATE TABLE IF NOT EXISTS newsbot_schema (version integer NOT NULL);
CREATE TABLE IF NOT EXISTS newsbot_segments (
    id integer PRIMARY KEY, name text NOT NULL UNIQUE, articles integer NOT NULL,
    passages integer NOT NULL, quotes integer NOT NULL, ready boolean NOT NULL DEFAULT false,
    created_at timestamptz NOT NULL DEFAULT now()
);
CREATE SEQUENCE IF NOT EXISTS newsbot_segment_ids;
CREATE TABLE IF NOT EXISTS newsbot_builds (
    id bigserial PRIMARY KEY, name text NOT NULL, manifest jsonb NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now()
);
CREATE TABLE IF NOT EXISTS newsbot_serving (
    one boolean PRIMARY KEY DEFAULT true CHECK (one), build_id bigint NOT NULL
);
-- A segment's BM25 indexes and filter arrays (bm25s and numpy files), loaded by every reader.
CREATE TABLE IF NOT EXISTS newsbot_files (
    segment_id integer NOT NULL, name text NOT NULL, chunk integer NOT NULL,
    data bytea NOT NULL, PRIMARY KEY (segment_id, name, chunk)
);
CREATE TABLE IF NOT EXISTS newsbot_articles (
    segment_id integer NOT NULL, id text NOT NULL, title text NOT NULL, date text,
    source text, url text, body text NOT NULL, metadata jsonb NOT NULL DEFAULT '{{}}',
    fingerprint text NOT NULL, PRIMARY KEY (segment_id, id)
) PARTITION BY LIST (segment_id);
-- Passage and quote text is never stored twice: it is sliced from the article body by offsets.
CREATE TABLE IF NOT EXISTS newsbot_passages (
    segment_id integer NOT NULL, idx integer NOT NULL, article_id text NOT NULL,
    paragraph integer NOT NULL, start integer NOT NULL, "end" integer NOT NULL,
    embedding vector({dimension}) NOT NULL, PRIMARY KEY (segment_id, article_id, idx)
) PARTITION BY LIST (segment_id);
CREATE INDEX IF NOT EXISTS newsbot_passages_idx ON newsbot_passages (segment_id, idx);
-- Quote fields beyond the ones SQL reads live in `fields`, so a new `Quote` field needs no
-- migration (see retrieval.pg.rows).
CREATE TABLE IF NOT EXISTS newsbot_quotes (
    segment_id integer NOT NULL, idx integer NOT NULL, article_id text NOT NULL,
    start integer NOT NULL, "end" integer NOT NULL, speaker text, fields jsonb NOT NULL,
    embedding vector({dimension}) NOT NULL, PRIMARY KEY (segment_id, article_id, idx)
) PARTITION BY LIST (segment_id);
CREATE INDEX IF NOT EXISTS newsbot_quotes_idx ON newsbot_quotes (segment_id, idx);
CREATE OR REPLACE VIEW newsbot_passage_text AS
    SELECT p.segment_id, p.idx, p.article_id, p.paragraph, p.start, p."end",
           substr(a.body, p.start + 1, p."end" - p.start) AS text
    FROM newsbot_passages p JOIN newsbot_articles a
      ON a.segment_id = p.segment_id AND a.id = p.article_id;
"""


def init_schema(conn: psycopg.Connection, dimension: int) -> str:
    """Create the `vector` extension and the tables (idempotent); what was done, in words."""
    _require_vector(conn)
    version = schema_version(conn)
    if version is not None:
        _check_version(version)
        return f"newsbot schema {version} already present"
    with conn.transaction():
        conn.execute(DDL.format(dimension=int(dimension)))
        conn.execute("INSERT INTO newsbot_schema VALUES (%s)", (SCHEMA_VERSION,))
    return f"created the newsbot schema (version {SCHEMA_VERSION}, {dimension}-d vectors)"


def _require_vector(conn: psycopg.Connection) -> None:
    installed = conn.execute("SELECT 1 FROM pg_extension WHERE extname = 'vector'").fetchone()
    if installed:
        return
    available = conn.execute(
        "SELECT 1 FROM pg_available_extensions WHERE name = 'vector'"
    ).fetchone()
    if not available:
        raise DatabaseError(
            "the PostgreSQL server has no `vector` extension: install pgvector on it "
            "(e.g. the postgresql-NN-pgvector package), then run `newsbot db init`"
        )
    try:
        with conn.transaction():
            conn.execute("CREATE EXTENSION IF NOT EXISTS vector")
    except psycopg.errors.InsufficientPrivilege as exc:
        raise DatabaseError(
            "the `vector` extension is not enabled in this database and this user may not "
            "create it: ask an administrator to run CREATE EXTENSION vector"
        ) from exc


def schema_version(conn: psycopg.Connection) -> int | None:
    """The newsbot schema version in this database, or None when there is none."""
    if conn.execute("SELECT to_regclass('newsbot_schema')").fetchone()[0] is None:
        return None
    row = conn.execute("SELECT max(version) FROM newsbot_schema").fetchone()
    return row[0] if row and row[0] is not None else None


def _check_version(version: int) -> None:
    if version != SCHEMA_VERSION:
        raise DatabaseError(
            f"the database holds newsbot schema version {version}, this newsbot reads version "
            f"{SCHEMA_VERSION}: use a newsbot of that version, or a new database "
            "(`newsbot db init`, then `newsbot index build`)"
        )


def check_schema(conn: psycopg.Connection) -> None:
    """Raise DatabaseError naming what is missing before anything reads the schema."""
    version = schema_version(conn)
    if version is None:
        raise DatabaseError(
            "no newsbot schema in this database: run `newsbot db init`, then `newsbot index build`"
        )
    _check_version(version)


def partition(table: str, segment_id: int) -> sql.Identifier:
    return sql.Identifier(f"{table}_s{int(segment_id)}")


ITEM_TABLES = ("newsbot_articles", "newsbot_passages", "newsbot_quotes")


def create_partitions(conn: psycopg.Connection, segment_id: int) -> None:
    """A segment's tables, standalone until `attach_partitions`: creating a partition in place
    would lock the parent against every reader until the upload commits."""
    for table in ITEM_TABLES:
        conn.execute(
            sql.SQL("CREATE TABLE {} (LIKE {} INCLUDING ALL, CHECK (segment_id = {}))").format(
                partition(table, segment_id), sql.Identifier(table), sql.Literal(segment_id)
            )
        )


def attach_partitions(conn: psycopg.Connection, segment_id: int) -> None:
    """Attach a loaded segment: readers of the parents are not blocked (SHARE UPDATE
    EXCLUSIVE), and the CHECK constraint spares the scan that validates the rows."""
    for table in ITEM_TABLES:
        conn.execute(
            sql.SQL("ALTER TABLE {} ATTACH PARTITION {} FOR VALUES IN ({})").format(
                sql.Identifier(table), partition(table, segment_id), sql.Literal(segment_id)
            )
        )


def drop_segment(conn: psycopg.Connection, segment_id: int) -> None:
    """Detach concurrently (waits for queries that use the partition, blocks none), then drop:
    a plain DROP would lock parent and partition in the opposite order to a reader's query."""
    for table in ITEM_TABLES:
        attached = conn.execute(
            "SELECT 1 FROM pg_inherits WHERE inhrelid = to_regclass(%s)",
            (f"{table}_s{int(segment_id)}",),
        ).fetchone()
        if attached:
            conn.execute(
                sql.SQL("ALTER TABLE {} DETACH PARTITION {} CONCURRENTLY").format(
                    sql.Identifier(table), partition(table, segment_id)
                )
            )
        conn.execute(sql.SQL("DROP TABLE IF EXISTS {}").format(partition(table, segment_id)))
    conn.execute("DELETE FROM newsbot_files WHERE segment_id = %s", (segment_id,))
    conn.execute("DELETE FROM newsbot_segments WHERE id = %s", (segment_id,))
