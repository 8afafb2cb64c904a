"""Keeping the lexical index current: rebuild bm25s, add a bm25s segment, or update SQLite FTS5.

    python bench/lexical_update.py [--sizes 100000,1000000] [--json]

The passages are the benchmark corpora's real passages, chunked and worded as the builder indexes
them (`lexical_text`), replicated to each size (copy i of a passage is the same text; agreement is
compared on the original passage behind each hit). One article's passages are the delta a reload
adds. At each size, in one run:

- bm25s (our `LexicalIndex`): full build over N + the delta (what a rebuild does), build of the
  delta alone as a separate segment, and query latency for the full index and for N + delta
  segment (scores of both, top 100), plus top-10 agreement of the segmented ranking with the
  full rebuild (a small segment has its own IDF, so its scores are not the full index's);
- SQLite FTS5 (porter tokenizer, ranked by bm25()): bulk load of N, insert and delete of the
  delta article (each committed), query latency for the top 100 and for the scores of 100 given
  passages (hybrid search needs the BM25 score of every dense candidate too), and top-10
  agreement with bm25s.

Queries are bench/retrieval_questions.jsonl. Timings are on a shared 2-core machine.
"""

from __future__ import annotations

import argparse
import json
import re
import shutil
import sqlite3
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.corpus import OUT, bench_inputs  # noqa: E402
from retrieval.index.builder import lexical_text  # noqa: E402
from retrieval.index.lexical import LexicalIndex  # noqa: E402
from retrieval.ingest.chunking import chunk_article  # noqa: E402
from retrieval.ingest.loading import load_articles  # noqa: E402

QUESTIONS = Path(__file__).with_name("retrieval_questions.jsonl")
WORK = OUT / "lexical-update"
TOP = 100  # candidates hybrid search takes from the lexical side
ROUNDS = 5  # FTS5 insert/delete rounds (median reported)
# FTS5 answers an OR of common words in seconds at 1M passages: stop timing after this long
# (the figures then cover the first `n` queries).
FTS_BUDGET_S = 90.0


def real_passages() -> tuple[list[str], list[str]]:
    """(every passage's lexical text, one typical article's passage texts as the delta)."""
    texts: list[str] = []
    by_article: list[list[str]] = []
    for article in load_articles(bench_inputs()).articles:
        passages = chunk_article(article, first_id=len(texts))
        by_article.append([lexical_text(article, p) for p in passages])
        texts.extend(by_article[-1])
    sizes = sorted(len(p) for p in by_article)
    median = sizes[len(sizes) // 2]
    delta = next(p for p in by_article if len(p) == median)
    return texts, [f"Bench delta: {t}" for t in delta]  # new wording: not a copy of its source


def _ms(seconds: list[float]) -> dict[str, float]:
    ms = 1000 * np.asarray(seconds)
    p50, p99 = np.percentile(ms, [50, 99])
    return {"p50_ms": round(float(p50), 2), "p99_ms": round(float(p99), 2), "n": len(ms)}


def _top(scores: np.ndarray, k: int) -> np.ndarray:
    positive = np.flatnonzero(scores > 0)
    if len(positive) > k:
        positive = positive[np.argpartition(-scores[positive], k)[:k]]
    return positive[np.argsort(-scores[positive], kind="stable")]


def _agreement(a: list[np.ndarray], b: list[np.ndarray], source_of) -> float:
    """Mean overlap of the original passages behind two rankings' top 10."""
    overlaps = []
    for x, y in zip(a, b, strict=True):
        sx, sy = {source_of(i) for i in x[:10]}, {source_of(i) for i in y[:10]}
        if sx or sy:
            overlaps.append(len(sx & sy) / max(len(sx), len(sy)))
    return round(float(np.mean(overlaps)), 3)


def bench_bm25s(
    texts: list[str], delta: list[str], queries: list[str], base: int
) -> tuple[dict, list]:
    started = time.perf_counter()
    full = LexicalIndex.build(texts + delta)
    rebuild_s = time.perf_counter() - started
    started = time.perf_counter()
    segment = LexicalIndex.build(delta)
    delta_s = time.perf_counter() - started
    main = LexicalIndex.build(texts)  # the serving segment the delta is added to

    full_seconds, full_top = [], []
    for query in queries:
        began = time.perf_counter()
        full_top.append(_top(full.scores(query), TOP))
        full_seconds.append(time.perf_counter() - began)
    seg_seconds, seg_top = [], []
    for query in queries:
        began = time.perf_counter()
        scores = np.concatenate([main.scores(query), segment.scores(query)])
        seg_top.append(_top(scores, TOP))
        seg_seconds.append(time.perf_counter() - began)
    n = len(texts)
    delta_hits_full = sum(int(np.any(t[:10] >= n)) for t in full_top)
    delta_hits_seg = sum(int(np.any(t[:10] >= n)) for t in seg_top)
    # Copies of a passage tie exactly: compare the real passages behind the hits.
    same = _agreement(full_top, seg_top, lambda i: int(i) % base if i < n else -1 - int(i))
    del full, main, segment
    return {
        "full_rebuild_s": round(rebuild_s, 2),
        "delta_segment_build_ms": round(1000 * delta_s, 2),
        "query": _ms(full_seconds),
        "query_with_delta_segment": _ms(seg_seconds),
        "segmented_top10_agreement_with_rebuild": same,
        "queries_with_delta_in_top10": {"rebuild": delta_hits_full, "segmented": delta_hits_seg},
    }, full_top


def _fts_query(query: str) -> str:
    """Every query word, quoted (FTS5 syntax characters lose their meaning), any may match."""
    words = [w for w in re.findall(r"\w+", query.lower()) if w not in _stopwords()]
    return " OR ".join(f'"{w}"' for w in words)


def _stopwords() -> set[str]:
    from bm25s.stopwords import STOPWORDS_EN

    return set(STOPWORDS_EN)


def bench_fts5(texts: list[str], delta: list[str], queries: list[str], folder: Path) -> tuple:
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    db = sqlite3.connect(folder / "fts.sqlite")
    db.execute("PRAGMA journal_mode=WAL")
    db.execute("CREATE VIRTUAL TABLE fts USING fts5(body, tokenize='porter unicode61')")
    started = time.perf_counter()
    db.executemany("INSERT INTO fts(rowid, body) VALUES (?, ?)", enumerate(texts))
    db.commit()
    load_s = time.perf_counter() - started
    started = time.perf_counter()
    db.execute("INSERT INTO fts(fts) VALUES ('optimize')")  # one b-tree: the fastest queries
    db.commit()
    optimize_s = time.perf_counter() - started

    inserts, deletes = [], []
    rows = [(len(texts) + i, t) for i, t in enumerate(delta)]
    for _ in range(ROUNDS):
        began = time.perf_counter()
        db.executemany("INSERT INTO fts(rowid, body) VALUES (?, ?)", rows)
        db.commit()
        inserts.append(time.perf_counter() - began)
        began = time.perf_counter()
        db.executemany("DELETE FROM fts WHERE rowid = ?", [(r,) for r, _ in rows])
        db.commit()
        deletes.append(time.perf_counter() - began)
    db.executemany("INSERT INTO fts(rowid, body) VALUES (?, ?)", rows)
    db.commit()

    seconds, tops, given_seconds = [], [], []
    candidates = np.random.default_rng(3).choice(len(texts), TOP, replace=False).tolist()
    marks = ",".join("?" * TOP)
    budget = time.perf_counter() + FTS_BUDGET_S
    for query in queries:
        if time.perf_counter() > budget:
            break
        expression = _fts_query(query)
        began = time.perf_counter()
        found = db.execute(
            "SELECT rowid FROM fts WHERE fts MATCH ? ORDER BY rank LIMIT ?", (expression, TOP)
        ).fetchall()
        seconds.append(time.perf_counter() - began)
        tops.append(np.array([r[0] for r in found], dtype=np.int64))
        began = time.perf_counter()
        db.execute(
            f"SELECT rowid, bm25(fts) FROM fts WHERE fts MATCH ? AND rowid IN ({marks})",
            (expression, *candidates),
        ).fetchall()
        given_seconds.append(time.perf_counter() - began)
    db.close()
    size_mb = sum(p.stat().st_size for p in folder.iterdir()) / 2**20
    shutil.rmtree(folder, ignore_errors=True)
    return {
        "bulk_load_s": round(load_s, 2),
        "optimize_s": round(optimize_s, 2),
        "article_insert_ms": round(1000 * float(np.median(inserts)), 2),
        "article_delete_ms": round(1000 * float(np.median(deletes)), 2),
        "query_top100": _ms(seconds),
        "query_scores_of_100_given": _ms(given_seconds),
        "db_mb": round(size_mb, 1),
    }, tops


def run(sizes: list[int]) -> dict:
    base, delta = real_passages()
    queries = [json.loads(line)["query"] for line in QUESTIONS.read_text().splitlines()]
    report: dict = {
        "real_passages": len(base),
        "delta_passages": len(delta),
        "queries": len(queries),
        "sizes": {},
    }
    for n in sizes:
        texts = [base[i % len(base)] for i in range(n)]
        bm25, bm25_top = bench_bm25s(texts, delta, queries, len(base))
        fts, fts_top = bench_fts5(texts, delta, queries, WORK / f"n{n}")

        def source(i: int, n: int = n) -> int:
            return int(i) % len(base) if i < n else -1 - int(i)

        fts["top10_agreement_with_bm25s"] = _agreement(bm25_top[: len(fts_top)], fts_top, source)
        report["sizes"][str(n)] = {"bm25s": bm25, "fts5": fts}
    report["note"] = (
        f"{len(base)} real passages of the benchmark corpora replicated to each size; the delta "
        f"is one article ({len(delta)} passages). p50/p99 over "
        f"{len(queries)} queries. Timings on a shared 2-core machine."
    )
    return report


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="100000,1000000")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    report = run([int(s) for s in args.sizes.split(",")])
    if args.json:
        print(json.dumps(report))
        return
    print(report.pop("note"))
    print(json.dumps(report, indent=2))


if __name__ == "__main__":
    main()
