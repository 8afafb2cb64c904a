"""Encoder backends against PyTorch fp32, in one run on real passages of the benchmark corpora.

For each backend: passages/s encoding ~2,000 real passages (what the build does), the latency of
encoding one query (what `ask` does), the cosine of its vectors with the fp32 ones, and whether
it finds the same nearest passages (recall@5 of its top-5 vs fp32's for ~200 article titles used
as queries). With --retrieval, Recall@5 on the labelled benchmark questions over all ~29k
passages, dense alone and fused with BM25 as `ask` ranks: the default backend is the fastest whose
hybrid Recall@5 stays within 0.01 of fp32. Timings are on a shared 2-core machine: compare rows
within one run only.

    python bench/encoders.py [--passages 2000] [--queries 200] [--backends torch,onnx,...] [--json]
"""

from __future__ import annotations

import argparse
import json
import os
import random
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import numpy as np

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from bench.corpus import OUT, bench_inputs  # noqa: E402
from retrieval.embed.embedding import default_model_path  # noqa: E402
from retrieval.embed.encoders import BACKENDS, BackendUnavailableError, load_encoder  # noqa: E402
from retrieval.index.builder import embedding_text  # noqa: E402
from retrieval.index.lexical import LexicalIndex  # noqa: E402
from retrieval.ingest.chunking import chunk_article  # noqa: E402
from retrieval.ingest.loading import load_articles  # noqa: E402
from retrieval.search.rank import DEFAULT_FUSION, fuse  # noqa: E402

ENCODER_CACHE = OUT / "encoders"
QUESTIONS = REPO / "bench" / "retrieval_questions.jsonl"
NOTE = "timings on a shared 2-core machine (other engineers' jobs run beside it)"


@dataclass
class Corpus:
    texts: list[str]  # what the builder embeds, one per passage, in corpus order
    titles: list[str]
    spans: dict[str, list[tuple[int, int, int]]]  # article id -> (row, start, end) per passage
    bodies: dict[str, str]


def load_corpus() -> Corpus:
    articles = load_articles(bench_inputs()).articles
    corpus = Corpus([], [a.title for a in articles if a.title], {}, {})
    for article in articles:
        corpus.bodies[article.id] = article.body
        for passage in chunk_article(article):
            row = len(corpus.texts)
            corpus.spans.setdefault(article.id, []).append((row, passage.start, passage.end))
            corpus.texts.append(embedding_text(article, passage))
    return corpus


def real_corpus() -> tuple[list[str], list[str]]:
    """(texts the builder embeds for every real passage, article titles) in corpus order."""
    corpus = load_corpus()
    return corpus.texts, corpus.titles


def labelled_questions(corpus: Corpus) -> list[tuple[str, set[int]]]:
    """Answerable benchmark questions with the passage rows holding their evidence."""
    out = []
    for line in QUESTIONS.read_text().splitlines():
        record = json.loads(line)
        if not record["answerable"]:
            continue
        gold: set[int] = set()
        for article_id in [record["article_id"], *record.get("also", [])]:
            start = corpus.bodies.get(article_id, "").find(record["evidence"])
            if start < 0:
                continue
            end = start + len(record["evidence"])
            gold |= {row for row, s, e in corpus.spans[article_id] if s < end and e > start}
        if gold:
            out.append((record["query"], gold))
    return out


def corpus_vectors(backend: str, texts: list[str]) -> np.ndarray:
    """Every real passage encoded by `backend`, cached under bench/out (it takes minutes)."""
    import hashlib

    digest = hashlib.blake2b("\x00".join(texts).encode(), digest_size=8).hexdigest()
    path = OUT / "encoders" / f"corpus-{backend}-{digest}.npy"
    if path.exists():
        return np.load(path)
    vectors = load_encoder(default_model_path(), backend, ENCODER_CACHE).encode(texts)
    path.parent.mkdir(parents=True, exist_ok=True)
    np.save(path, vectors)
    return vectors


def retrieval_recall(backends: list[str]) -> dict[str, dict[str, float]]:
    """Recall@5 on the labelled benchmark questions over the whole real corpus, dense alone and
    fused with BM25 as `ask` ranks (the figure the default-backend rule is about)."""
    corpus = load_corpus()
    texts = corpus.texts
    questions = labelled_questions(corpus)
    lexical = LexicalIndex.build(texts)
    lexical_scores = [lexical.scores(q) for q, _ in questions]
    recall = {}
    for backend in backends:
        passages = corpus_vectors(backend, texts)
        encoder = load_encoder(default_model_path(), backend, ENCODER_CACHE)
        dense = encoder.encode([q for q, _ in questions]) @ passages.T
        fused = np.stack(
            [fuse(d, lex, DEFAULT_FUSION) for d, lex in zip(dense, lexical_scores, strict=True)]
        )
        recall[backend] = {
            "dense": _recall_at_5(dense, questions),
            "hybrid": _recall_at_5(fused, questions),
        }
    return recall


def _recall_at_5(scores: np.ndarray, questions: list[tuple[str, set[int]]]) -> float:
    found = np.argsort(-scores, axis=1)[:, :5]
    hits = [bool(set(row) & gold) for row, (_, gold) in zip(found, questions, strict=True)]
    return round(float(np.mean(hits)), 4)


def top_k(queries: np.ndarray, passages: np.ndarray, k: int) -> np.ndarray:
    scores = queries @ passages.T
    return np.argsort(-scores, axis=1)[:, :k]


def measure(backend: str, passages: list[str], queries: list[str], rounds: int) -> dict:
    started = time.perf_counter()
    encoder = load_encoder(default_model_path(), backend, ENCODER_CACHE)
    encoder.encode(passages[:64])  # warm-up: lazy model load, kernel selection
    load_s = time.perf_counter() - started
    # Best of `rounds`: on a shared machine the minimum is the least disturbed figure.
    seconds = min(_timed(lambda: encoder.encode(passages)) for _ in range(rounds))
    vectors = encoder.encode(passages)
    singles = [_timed(lambda q=q: encoder.encode([q])) for q in queries[:100]]
    return {
        "backend": backend,
        "load_s": round(load_s, 2),
        "passages_per_s": round(len(passages) / seconds, 1),
        "query_p50_ms": round(1000 * float(np.median(singles)), 2),
        "vectors": vectors,
        "query_vectors": encoder.encode(queries),
    }


def _timed(fn) -> float:
    started = time.perf_counter()
    fn()
    return time.perf_counter() - started


def main(argv: list[str] | None = None) -> dict:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--passages", type=int, default=2000)
    parser.add_argument("--queries", type=int, default=200)
    parser.add_argument("--backends", default=",".join(BACKENDS))
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--json", action="store_true")
    parser.add_argument(
        "--retrieval",
        action="store_true",
        help="also dense Recall@5 on bench/retrieval_questions.jsonl over all ~29k passages "
        "(encodes the whole corpus once per backend; cached under bench/out/encoders)",
    )
    args = parser.parse_args(argv)

    texts, titles = real_corpus()
    rng = random.Random(13)
    passages = rng.sample(texts, min(args.passages, len(texts)))
    queries = rng.sample(titles, min(args.queries, len(titles)))
    backends = [b for b in args.backends.split(",") if b]
    if "torch" not in backends:
        backends.insert(0, "torch")

    rows: list[dict] = []
    for backend in backends:
        try:
            rows.append(measure(backend, passages, queries, args.rounds))
            print(f"{backend}: {rows[-1]['passages_per_s']} passages/s", file=sys.stderr)
        except BackendUnavailableError as exc:
            rows.append({"backend": backend, "skipped": str(exc)})
    reference = next(r for r in rows if r["backend"] == "torch")
    truth = top_k(reference["query_vectors"], reference["vectors"], 5)
    for row in rows:
        if "skipped" in row:
            continue
        cosines = (row["vectors"] * reference["vectors"]).sum(axis=1)
        found = top_k(row["query_vectors"], row["vectors"], 5)
        overlap = [len(set(a) & set(b)) / 5 for a, b in zip(found, truth, strict=True)]
        row.update(
            speedup=round(row["passages_per_s"] / reference["passages_per_s"], 2),
            cosine_mean=round(float(cosines.mean()), 6),
            cosine_min=round(float(cosines.min()), 6),
            nn_recall_at_5=round(float(np.mean(overlap)), 4),
        )
    for row in rows:
        row.pop("vectors", None)
        row.pop("query_vectors", None)
    if args.retrieval:
        recall = retrieval_recall([r["backend"] for r in rows if "skipped" not in r])
        for row in rows:
            if row["backend"] in recall:
                figures = recall[row["backend"]]
                row["recall_at_5"] = figures["dense"]
                row["hybrid_recall_at_5"] = figures["hybrid"]
                row["hybrid_recall_at_5_delta"] = round(
                    figures["hybrid"] - recall["torch"]["hybrid"], 4
                )
    report = {
        "note": NOTE,
        "passages": len(passages),
        "queries": len(queries),
        "threads": os.cpu_count(),
        "baseline": "torch (sentence-transformers, PyTorch fp32)",
        "backends": rows,
    }
    if args.json:
        print(json.dumps(report))
    else:
        _print_table(report)
    return report


def _print_table(report: dict) -> None:
    print(f"{report['passages']} real passages, {report['queries']} title queries; {NOTE}")
    header = f"{'backend':10} {'pass/s':>8} {'x torch':>8} {'query ms':>9} {'cos mean':>9}"
    print(header + f" {'cos min':>9} {'nn R@5':>7} {'load s':>7}")
    for row in report["backends"]:
        if "skipped" in row:
            print(f"{row['backend']:10} skipped: {row['skipped']}")
            continue
        print(
            f"{row['backend']:10} {row['passages_per_s']:8.1f} {row['speedup']:8.2f}"
            f" {row['query_p50_ms']:9.2f} {row['cosine_mean']:9.6f} {row['cosine_min']:9.6f}"
            f" {row['nn_recall_at_5']:7.3f} {row['load_s']:7.2f}"
            + (
                f"  R@5 dense {row['recall_at_5']:.3f} hybrid {row['hybrid_recall_at_5']:.3f}"
                f" ({row['hybrid_recall_at_5_delta']:+.3f})"
                if "recall_at_5" in row
                else ""
            )
        )


if __name__ == "__main__":
    main()
