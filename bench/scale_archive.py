"""The archives bench/scale.py measures `ask` on: the real ~29k-passage index, and a real
N-passage archive of the real articles replicated under new ids (copy c's headline gets " (c)",
so every passage text is new), built by the project's builder over an embedding cache prefilled
with the real passage embeddings plus noise, so nothing is encoded."""

from __future__ import annotations

import shutil
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import numpy as np

from bench.corpus import bench_inputs
from bench.encoders import ENCODER_CACHE

REPO = Path(__file__).resolve().parents[1]
OUT = REPO / "bench" / "out" / "scale"
# The recommended serving default encodes questions in the ask probe.
QUERY_BACKEND = "onnx"
NOISE = 0.025  # per-dimension std of the replication noise on unit vectors


class QueryEncoder:
    """The Embedder interface the builder and `search` use, over a retrieval.embed.encoders backend.

    Passage texts already encoded by this bench are served from its cache, so building the
    ~29k-passage ask index does not encode them again."""

    def __init__(self, backend: str, known: dict[str, np.ndarray] | None = None) -> None:
        from retrieval.embed.embedding import DEFAULT_MODEL_NAME, default_model_path
        from retrieval.embed.encoders import load_encoder, model_name

        self.encoder = load_encoder(default_model_path(), backend, ENCODER_CACHE)
        self.name = model_name(DEFAULT_MODEL_NAME, backend)
        self.dimension = self.encoder.dimension
        self.known = known or {}
        self.encoded_count = 0

    def encode(self, texts: list[str], show_progress: bool = False) -> np.ndarray:
        missing = [t for t in texts if t not in self.known]
        if missing:
            self.known.update(zip(missing, self.encoder.encode(missing), strict=True))
            self.encoded_count += len(missing)
        if not texts:
            return np.zeros((0, self.dimension), dtype=np.float32)
        return np.stack([self.known[t] for t in texts])


def build_ask_index(backend: str) -> Path:
    """The real ~29k-passage index (store, FAISS, BM25) through the project's builder."""
    from retrieval.index import layout
    from retrieval.index.builder import build_index

    root = OUT / f"ask-index-{backend}"
    try:
        layout.serving_build(root)
        return root
    except layout.IndexLoadError:
        pass
    cached = sorted(OUT.glob(f"real-{backend}-*.npz"))
    known: dict[str, np.ndarray] = {}
    if cached:
        data = np.load(cached[-1])
        known = dict(zip((str(t) for t in data["texts"]), data["passages"], strict=True))
    build_index(bench_inputs(), root, QueryEncoder(backend, known))
    return root


def _quotes(articles: list) -> list:
    """The attributed quotes the builder will find (an extraction failure skips its article)."""
    from retrieval.quotes import extract_quotes

    found = []
    for article in articles:
        try:
            found.extend(q for q in extract_quotes(article) if q.speaker)
        except Exception:
            continue
    return found


PUT_BATCH = 20_000  # cache rows per transaction (one per copy made an hour of commits at 1M)


def _fill(cache, keys: list[bytes], vectors: list[np.ndarray]) -> None:
    """Put the rows the cache lacks (a rerun after a stopped build finds most already there;
    the noise is seeded, so they hold the same vectors)."""
    have = cache.get(keys)
    rows = [(k, v) for k, v in zip(keys, vectors, strict=True) if k not in have]
    if rows:
        cache.put([k for k, _ in rows], np.stack([v for _, v in rows]))


class _QuoteMemo:
    """The builder's quote extraction for copies: a copy's body is its original's and quotes
    depend on the body alone (`article_id` aside), so each body is extracted once and its quotes
    are re-pointed at the copy, as the prefilled cache spares encoding. At 1M passages that is
    ~3k extractions instead of ~120k (35 minutes on this machine)."""

    def __init__(self, extract) -> None:
        self.extract = extract
        self.seen: dict[str, list | Exception] = {}

    def __call__(self, article):
        from dataclasses import replace

        if article.body not in self.seen:
            try:
                self.seen[article.body] = self.extract(article)
            except Exception as exc:  # the builder records it as the article's problem
                self.seen[article.body] = exc
        found = self.seen[article.body]
        if isinstance(found, Exception):
            raise found
        return [replace(q, article_id=article.id) for q in found]

    @classmethod
    @contextmanager
    def installed(cls) -> Iterator[None]:
        from retrieval.index import segments

        original = segments.extract_quotes
        segments.extract_quotes = cls(original)
        try:
            yield
        finally:
            segments.extract_quotes = original


def build_full_archive(n: int) -> Path:
    """A real archive of ~`n` passages (see the module docstring), built once and kept."""
    from dataclasses import replace

    from retrieval.embed.embedding import Embedder
    from retrieval.index import layout
    from retrieval.index.builder import build_index, embedding_text, quote_embedding_text
    from retrieval.index.embedding_cache import EmbeddingCache, content_key
    from retrieval.ingest.chunking import chunk_article
    from retrieval.ingest.loading import LoadResult, load_articles

    root = OUT / f"ask-archive-{n}"
    try:
        if layout.Manifest.read(layout.serving_build(root)).passages >= n:
            return root
    except layout.IndexLoadError:
        pass
    embedder = Embedder(backend=QUERY_BACKEND, cache_dir=ENCODER_CACHE)
    base = load_articles(bench_inputs()).articles
    chunks = [chunk_article(a) for a in base]
    texts = [embedding_text(a, p) for a, ps in zip(base, chunks, strict=True) for p in ps]
    # The eval index's cache holds the real vectors of these passages and of their quotes.
    real = REPO / "bench" / "out" / "eval-index" / "cache" / f"{embedder.name}.sqlite"
    (root / "cache").mkdir(parents=True, exist_ok=True)
    cache_path = root / "cache" / real.name
    if not cache_path.exists() and real.exists():
        shutil.copyfile(real, cache_path)
    cache = EmbeddingCache(cache_path, embedder.dimension)
    keys = [content_key(embedder.name, t) for t in texts]
    found = cache.get(keys)
    missing = [t for t, k in zip(texts, keys, strict=True) if k not in found]
    if missing:  # only when the eval index was never built: encode the real passages once
        cache.put([content_key(embedder.name, t) for t in missing], embedder.encode(missing))
        found = cache.get(keys)
    vectors = np.stack([found[k] for k in keys])
    # Copies share their quotes' texts: one cached vector each serves every copy.
    quotes = sorted({quote_embedding_text(q) for q in _quotes(base)})
    quote_keys = [content_key(embedder.name, t) for t in quotes]
    have = cache.get(quote_keys)
    missing = [t for t, k in zip(quotes, quote_keys, strict=True) if k not in have]
    if missing:
        cache.put([content_key(embedder.name, t) for t in missing], embedder.encode(missing))
    articles, total, rng = list(base), len(texts), np.random.default_rng(7)
    pending: tuple[list[bytes], list[np.ndarray]] = ([], [])
    copy = 1
    while total < n:
        start = 0
        for article, passages in zip(base, chunks, strict=True):
            rows = slice(start, start + len(passages))
            start += len(passages)
            if total >= n:
                break
            twin = replace(article, id=f"{article.id}~{copy}", title=f"{article.title} ({copy})")
            noisy = vectors[rows] + rng.normal(0, NOISE, (len(passages), vectors.shape[1]))
            noisy /= np.linalg.norm(noisy, axis=1, keepdims=True)
            pending[0].extend(content_key(embedder.name, embedding_text(twin, p)) for p in passages)
            pending[1].extend(noisy.astype(np.float32))
            if len(pending[0]) >= PUT_BATCH:
                _fill(cache, *pending)
                pending = ([], [])
            articles.append(twin)
            total += len(passages)
        copy += 1
    _fill(cache, *pending)
    cache.close()
    with _QuoteMemo.installed():
        report = build_index([], root, embedder, loaded=LoadResult(articles=articles))
    if report.encoded:
        print(f"warning: {report.encoded} texts were encoded", file=sys.stderr)
    return root
