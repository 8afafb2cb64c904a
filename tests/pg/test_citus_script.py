"""The Citus distribution script, applied to plain PostgreSQL with stand-ins for Citus's
functions that check what Citus checks: the distribution column exists, every primary key and
unique index includes it, and co-located tables distribute on columns of the same type."""

from __future__ import annotations

import psycopg
import pytest
from typer.testing import CliRunner

from bot.cli import app
from retrieval.pg.citus import DISTRIBUTED, REFERENCE, distribute
from retrieval.pg.errors import DatabaseError
from retrieval.service import NewsService, ServiceConfig
from tests.pg.articles import EXTRA, write_inputs

STAND_INS = """
CREATE TABLE citus_calls (kind text, tbl text, col text, colocate text);
CREATE FUNCTION create_reference_table(t regclass) RETURNS void LANGUAGE sql AS
  $$ INSERT INTO citus_calls VALUES ('reference', t::text, NULL, NULL) $$;
CREATE FUNCTION citus_add_local_table_to_metadata(t regclass) RETURNS void LANGUAGE sql AS
  $$ INSERT INTO citus_calls VALUES ('local', t::text, NULL, NULL) $$;
CREATE FUNCTION create_distributed_table(t regclass, col text, colocate_with text = 'default')
RETURNS void LANGUAGE plpgsql AS $$
DECLARE
  attnum smallint;
  kind oid;
BEGIN
  SELECT a.attnum, a.atttypid INTO attnum, kind FROM pg_attribute a
    WHERE a.attrelid = t AND a.attname = col AND NOT a.attisdropped;
  IF attnum IS NULL THEN
    RAISE EXCEPTION 'column "%" of % does not exist', col, t;
  END IF;
  IF EXISTS (SELECT 1 FROM pg_index i WHERE i.indrelid = t AND i.indisunique
             AND NOT attnum = ANY (i.indkey::smallint[])) THEN
    RAISE EXCEPTION 'a unique index of % lacks the distribution column %', t, col;
  END IF;
  IF colocate_with <> 'default' AND kind IS DISTINCT FROM (
      SELECT a.atttypid FROM citus_calls c JOIN pg_attribute a
        ON a.attrelid = c.tbl::regclass AND a.attname = c.col
      WHERE c.kind = 'distributed' AND c.tbl = colocate_with) THEN
    RAISE EXCEPTION 'cannot co-locate % with %', t, colocate_with;
  END IF;
  INSERT INTO citus_calls VALUES ('distributed', t::text, col, colocate_with);
END $$;
"""


def test_citus_ddl_distributes_articles_passages_and_quotes_by_article(
    tmp_path, embedder, database_url
):
    service = NewsService(
        ServiceConfig(
            tmp_path / "index",
            [write_inputs(tmp_path / "inputs", EXTRA)],
            database_url=database_url,
        ),
        embedder,
    )
    assert "created" in service.storage.init(embedder.dimension)
    with psycopg.connect(database_url, autocommit=True) as conn:
        with pytest.raises(DatabaseError, match="no Citus"):
            distribute(conn)
        conn.execute(STAND_INS)
        distribute(conn)
        calls = conn.execute("SELECT kind, tbl, col, colocate FROM citus_calls").fetchall()
        # The stand-ins refuse what Citus refuses: a key without the distribution column.
        with pytest.raises(psycopg.errors.RaiseException, match="lacks the distribution"):
            conn.execute("SELECT create_distributed_table('newsbot_builds', 'name')")
    distributed = {t: (c, co) for kind, t, c, co in calls if kind == "distributed"}
    assert {t: c for t, (c, _) in distributed.items()} == DISTRIBUTED
    assert distributed["newsbot_quotes"][1] == "newsbot_articles"
    assert {t for kind, t, _, _ in calls if kind == "reference"} == set(REFERENCE)
    assert ("local", "newsbot_files", None, None) in calls
    # The distributed schema still takes builds and answers (a new segment's partitions are
    # attached to the distributed parents).
    service.build()
    assert service.ask("harbour dredging budget").results[0].article_id == "harbour-1"


def test_distribute_prints_the_script_for_psql():
    result = CliRunner().invoke(app, ["db", "distribute", "--print"])
    assert result.exit_code == 0
    assert "create_distributed_table('newsbot_passages', 'article_id'" in result.output
