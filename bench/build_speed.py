"""Index build throughput beside raw `model.encode` on the same texts; `ask` and summary latency.

    python bench/build_speed.py [--articles N] [--json]

The build runs with an empty embedding cache, so every passage is encoded; the raw encode then
encodes the very same texts in the same process. Their ratio is the pipeline's efficiency.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.corpus import OUT, bench_inputs  # noqa: E402
from retrieval.embed.embedding import Embedder  # noqa: E402
from retrieval.index.builder import build_index, embedding_text, quote_embedding_text  # noqa: E402
from retrieval.ingest.chunking import chunk_article  # noqa: E402
from retrieval.ingest.loading import LoadResult, load_articles  # noqa: E402
from retrieval.quotes import extract_quotes  # noqa: E402
from retrieval.service import NewsService, ServiceConfig  # noqa: E402

QUESTIONS = Path(__file__).with_name("retrieval_questions.jsonl")


def texts_of(loaded: LoadResult) -> list[str]:
    texts = [embedding_text(a, p) for a in loaded.articles for p in chunk_article(a)]
    texts += [
        quote_embedding_text(q) for a in loaded.articles for q in extract_quotes(a) if q.speaker
    ]
    return texts


def _timed(call, items) -> list[float]:
    """Milliseconds each call took."""
    out = []
    for item in items:
        started = time.perf_counter()
        call(item)
        out.append(1000 * (time.perf_counter() - started))
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=400, help="articles to build from")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()

    loaded = load_articles(bench_inputs())
    loaded.articles = loaded.articles[: args.articles]
    embedder = Embedder()
    embedder.encode(["warm up"])
    with tempfile.TemporaryDirectory() as tmp:
        started = time.perf_counter()
        report = build_index([], Path(tmp) / "index", embedder, loaded=loaded)
        build_s = time.perf_counter() - started
    texts = texts_of(loaded)
    started = time.perf_counter()
    embedder.model.encode(texts, batch_size=embedder.batch_size, normalize_embeddings=True)
    encode_s = time.perf_counter() - started

    service = NewsService(ServiceConfig(index_dir=OUT / "eval-index"), embedder)
    queries = [json.loads(line)["query"] for line in QUESTIONS.read_text().splitlines()]
    service.ask(queries[0])
    latencies = _timed(service.ask, queries * 3)
    topic_ms = _timed(lambda q: service.summary(topic=q), queries)
    article_ids = [a.id for a in loaded.articles[:100]]
    article_ms = _timed(lambda a: service.summary(article=a), article_ids)
    result = {
        "articles": report.articles,
        "texts_embedded": report.encoded,
        "build_s": round(build_s, 2),
        "build_texts_per_s": round(report.encoded / build_s, 1),
        "raw_encode_s": round(encode_s, 2),
        "raw_texts_per_s": round(len(texts) / encode_s, 1),
        "pipeline_vs_raw": round((report.encoded / build_s) / (len(texts) / encode_s), 3),
        "ask_index_passages": service.archive.manifest.passages,
        "ask_p50_ms": round(float(np.percentile(latencies, 50)), 1),
        "ask_p99_ms": round(float(np.percentile(latencies, 99)), 1),
        "topic_summary_p50_ms": round(float(np.percentile(topic_ms, 50)), 1),
        "topic_summary_p99_ms": round(float(np.percentile(topic_ms, 99)), 1),
        "article_summary_p50_ms": round(float(np.percentile(article_ms, 50)), 1),
    }
    if args.json:
        print(json.dumps(result))
    else:
        for key, value in result.items():
            print(f"{key:20} {value}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
