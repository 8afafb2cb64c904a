"""The Citus distribution of the newsbot schema (see docs/scale-out.md).

Articles, passages and quotes are distributed by article id and co-located, so a passage or
quote joins its article on the same worker, and an article's versions (one per segment) live
together. The small control tables are reference tables (a copy on every worker); the BM25
files stay on the coordinator, where readers fetch them once per segment.

`newsbot db distribute` applies `DDL` once, after `newsbot db init` and before the first build;
`--print` shows it for psql."""

from __future__ import annotations

import psycopg

from retrieval.pg.errors import DatabaseError

DISTRIBUTED = {  # table -> distribution column; all co-located with newsbot_articles
    "newsbot_articles": "id",
    "newsbot_passages": "article_id",
    "newsbot_quotes": "article_id",
}
REFERENCE = ("newsbot_schema", "newsbot_segments", "newsbot_builds", "newsbot_serving")

DDL = "\n".join(
    [
        "-- newsbot on Citus: run once, after `newsbot db init`, before the first build.",
        "SELECT create_reference_table(t) FROM unnest(ARRAY[",
        ",\n".join(f"    '{t}'" for t in REFERENCE) + "]::regclass[]) AS t;",
        *(
            f"SELECT create_distributed_table('{table}', '{column}'"
            + (", colocate_with => 'newsbot_articles'" if table != "newsbot_articles" else "")
            + ");"
            for table, column in DISTRIBUTED.items()
        ),
        # Coordinator-local: hundreds of MB of BM25 files a reference table would copy to every
        # worker, read only through the coordinator.
        "SELECT citus_add_local_table_to_metadata('newsbot_files');",
    ]
)


def distribute(conn: psycopg.Connection) -> None:
    """Apply `DDL`; DatabaseError when this database has no Citus."""
    found = conn.execute("SELECT to_regproc('create_distributed_table')").fetchone()[0]
    if found is None:
        raise DatabaseError(
            "this database has no Citus (CREATE EXTENSION citus on a Citus coordinator first); "
            "`newsbot db distribute --print` shows the statements"
        )
    with conn.transaction():
        conn.execute(DDL)
