"""The archive on PostgreSQL + pgvector: many bot processes read one database that one writer
publishes builds to (`storage.PgStorage`, selected by NEWSBOT_DATABASE_URL).

`schema` (tables, version, partitions per segment), `connect` (connections with clear errors),
`rows` (model objects to and from rows), `upload` (a locally written segment into the database,
a build switched in one transaction, old segments pruned), `archive` (the serving build read
through the same interfaces as the embedded index: store, dense on pgvector, BM25 as loaded
from the database)."""
