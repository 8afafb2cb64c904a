"""The archive on a real PostgreSQL + pgvector: the same answers as the embedded index, builds
switched atomically, incremental reloads, one writer at a time, and clear errors."""

from __future__ import annotations

import json
import threading
from pathlib import Path

import psycopg
import pytest

from retrieval.embed.embedding import Embedder
from retrieval.index.layout import IndexLoadError
from retrieval.pg.storage import LOCK_KEY
from retrieval.service import NewsService, ReloadBusyError, ServiceConfig
from tests.conftest import SEEDS
from tests.pg.articles import EXTRA, LATE
from tests.pg.articles import write_inputs as _inputs


def _service(
    tmp: Path, inputs: Path, embedder: Embedder, url: str | None, name: str = "index"
) -> NewsService:
    config = ServiceConfig(
        index_dir=tmp / name, inputs=[inputs], database_url=url, database_poll_seconds=0.0
    )
    return NewsService(config, embedder)


QUESTIONS = [
    ("ask", {"query": "What did the spokesman say about Syria?"}),
    ("ask", {"query": "harbour dredging budget", "source": "evening post"}),
    ("ask", {"query": "school pupils", "since": "2023-01-01", "until": "2023-12-31"}),
    ("ask", {"query": "Who is Macron?"}),
    ("who_said", {"query": "bombing in Syria"}),
    ("who_said", {"query": "a penny more"}),
    ("who_said", {"query": "peace", "speaker": "corbyn"}),
    ("summary", {"topic": "Corbyn and Syria"}),
    ("summary", {"article": "harbour-1"}),
]


def _answers(service: NewsService) -> list[dict]:
    out = [getattr(service, name)(**args).to_json() for name, args in QUESTIONS]
    out.append({"speakers": service.speakers(), "sources": service.sources()})
    stats = service.stats().to_json()
    # Where the vectors live differs, by design: what the archive holds does not.
    out.append({k: v for k, v in stats.items() if k not in {"index_bytes", "index_type"}})
    return out


def test_same_answers_as_the_embedded_index(tmp_path, embedder, database_url):
    inputs = _inputs(tmp_path / "inputs", EXTRA)
    on_pg = _service(tmp_path, inputs, embedder, database_url)
    on_pg.storage.hnsw_min = 1  # an HNSW index even on this small segment: the path big ones take
    report = on_pg.build()
    assert report.articles == 3 and report.quotes > 0
    # The writer's working copy is an embedded index of the same build: the same questions
    # must get the same answers, word for word and score for score.
    embedded = _service(tmp_path, inputs, embedder, None)
    assert _answers(on_pg) == _answers(embedded)
    assert on_pg.archive.folder.name == embedded.archive.folder.name
    assert on_pg.stats().index_type == "pgvector hnsw"
    with psycopg.connect(database_url) as conn:
        text = conn.execute(
            "SELECT text FROM newsbot_passage_text WHERE article_id = 'harbour-1' ORDER BY idx"
        ).fetchone()[0]
    assert text.startswith("The harbour dredging contract overran")


def test_another_process_switches_to_a_reload_without_restart(tmp_path, embedder, database_url):
    inputs = _inputs(tmp_path / "inputs", EXTRA)
    writer = _service(tmp_path, inputs, embedder, database_url)
    writer.build()
    # Another bot process: its own (empty) index folder, the same database.
    reader = _service(tmp_path, inputs, embedder, database_url, name="reader-index")
    before = reader.ask("Why is the swing bridge closed?")
    assert all(r.article_id != "bridge-1" for r in before.results)
    first_build = reader.archive.folder.name

    (inputs / "newsroom.jsonl").write_text(
        "".join(json.dumps(a) + "\n" for a in [*EXTRA, LATE]), encoding="utf-8"
    )
    report = writer.reload()
    # Incremental: only the new article's passages and quotes went through the model.
    assert report.added == ["bridge-1"] and not report.compacted
    assert 0 < report.encoded <= 4
    after = reader.ask("Why is the swing bridge closed?")
    assert after.results[0].article_id == "bridge-1"
    assert reader.archive.folder.name != first_build
    assert reader.who_said("safety comes first").results[0].speaker == "Priya Natarajan"

    # A removed article disappears from every process's answers.
    (inputs / "newsroom.jsonl").write_text(json.dumps(LATE) + "\n", encoding="utf-8")
    writer.reload()
    gone = reader.ask("harbour dredging budget")
    assert all(r.article_id != "harbour-1" for r in gone.results)
    assert reader.stats().articles == 2


def test_queries_keep_answering_while_builds_switch(tmp_path, embedder, database_url):
    inputs = _inputs(tmp_path / "inputs", EXTRA)
    writer = _service(tmp_path, inputs, embedder, database_url)
    writer.build()
    reader = _service(tmp_path, inputs, embedder, database_url, name="reader-index")
    reader.ask("warm up")
    failures: list[BaseException] = []
    answered: list[str] = []
    stop = threading.Event()

    def ask_again() -> None:
        while not stop.is_set():
            try:
                answer = reader.ask("What did the spokesman say about Syria?")
                answered.append(answer.results[0].article_id)
            except BaseException as exc:  # any failure during a switch is what we look for
                failures.append(exc)

    thread = threading.Thread(target=ask_again)
    thread.start()
    try:
        for extra in ([*EXTRA, LATE], EXTRA[:1], [LATE]):
            (inputs / "newsroom.jsonl").write_text(
                "".join(json.dumps(a) + "\n" for a in extra), encoding="utf-8"
            )
            writer.reload()
        writer.build(compact=True)  # every older segment is pruned from the database
    finally:
        stop.set()
        thread.join(timeout=60)
    assert not failures
    assert answered and set(answered) == {"000_b3a66aeb771e6232"}
    with psycopg.connect(database_url) as conn:
        segments = conn.execute("SELECT count(*) FROM newsbot_segments").fetchone()[0]
        builds = conn.execute("SELECT count(*) FROM newsbot_builds").fetchone()[0]
    assert builds == 2 and segments <= 3  # the serving build and the one before it


def test_a_second_writer_is_told_a_reload_is_running(tmp_path, embedder, database_url):
    inputs = _inputs(tmp_path / "inputs", EXTRA)
    writer = _service(tmp_path, inputs, embedder, database_url)
    writer.build()
    with psycopg.connect(database_url, autocommit=True) as other:
        other.execute("SELECT pg_advisory_lock(%s)", (LOCK_KEY,))  # another process reloading
        with pytest.raises(ReloadBusyError, match="already running"):
            writer.reload()
        other.execute("SELECT pg_advisory_unlock(%s)", (LOCK_KEY,))
    assert writer.reload().unchanged


def test_unreachable_database_is_a_clear_error(tmp_path, embedder):
    url = f"postgresql://newsbot:secret@/newsbot?host={tmp_path}/nowhere&port=5432"
    service = _service(tmp_path, SEEDS, embedder, url)
    with pytest.raises(IndexLoadError, match="cannot reach the database") as caught:
        service.ask("anything")
    assert "secret" not in str(caught.value)  # the password is never shown


def test_schema_from_another_version_is_refused(tmp_path, embedder, database_url):
    inputs = _inputs(tmp_path / "inputs", EXTRA)
    _service(tmp_path, inputs, embedder, database_url).build()
    with psycopg.connect(database_url, autocommit=True) as conn:
        conn.execute("UPDATE newsbot_schema SET version = 99")
    fresh = _service(tmp_path, inputs, embedder, database_url, name="other")
    with pytest.raises(IndexLoadError, match="schema version 99"):
        fresh.ask("anything")
    with pytest.raises(IndexLoadError, match="schema version 99"):
        fresh.build()


def test_missing_schema_and_extension_are_named(tmp_path, embedder, database_url):
    service = _service(tmp_path, SEEDS, embedder, database_url)
    assert not service.index_exists()
    with pytest.raises(IndexLoadError, match="`vector` extension is not enabled"):
        service.ask("anything")
    with psycopg.connect(database_url, autocommit=True) as conn:
        conn.execute("CREATE EXTENSION vector")
    with pytest.raises(IndexLoadError, match="no newsbot schema"):
        service.ask("anything")
    assert "created the newsbot schema" in service.storage.init(embedder.dimension)
    assert "already present" in service.storage.init(embedder.dimension)
    with pytest.raises(IndexLoadError, match="serves no build yet"):
        service.ask("anything")


def test_a_restarted_server_costs_one_query_at_most(tmp_path, embedder, database_url, pg_server):
    inputs = _inputs(tmp_path / "inputs", EXTRA)
    service = _service(tmp_path, inputs, embedder, database_url)
    service.build()
    assert service.stats().index_type == "pgvector exact"  # 20-odd passages: no HNSW needed
    before = service.ask("harbour dredging budget").to_json()
    pg_server.restart()
    try:
        service.ask("harbour dredging budget")
    except IndexLoadError as exc:
        assert "lost the connection" in str(exc)
    assert service.ask("harbour dredging budget").to_json() == before
