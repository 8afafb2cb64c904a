"""Embeddings cached by content (model name + exact text), so unchanged passages are never
encoded twice across builds."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from pathlib import Path

import numpy as np

from retrieval.embed.embedding import Embedder
from retrieval.index.build_errors import writing
from retrieval.index.cache_db import open_cache_db

# Texts per encode call: large enough that the encoder's length sorting keeps padding low.
BATCH = 2048


def content_key(model_name: str, text: str) -> bytes:
    return hashlib.blake2b(f"{model_name}\x00{text}".encode(), digest_size=16).digest()


class EmbeddingCache:
    """key -> vector in one SQLite file; `renewed` when an unreadable file was started afresh."""

    def __init__(self, path: Path, dimension: int) -> None:
        self.dimension = dimension
        self.path = path
        self.db, self.renewed = open_cache_db(
            path, "CREATE TABLE IF NOT EXISTS vectors (key BLOB PRIMARY KEY, vector BLOB)"
        )

    def close(self) -> None:
        self.db.close()

    def get(self, keys: list[bytes]) -> dict[bytes, np.ndarray]:
        found: dict[bytes, np.ndarray] = {}
        for i in range(0, len(keys), 900):  # SQLite's bound-parameter limit
            chunk = keys[i : i + 900]
            marks = ",".join("?" * len(chunk))
            for key, blob in self.db.execute(
                f"SELECT key, vector FROM vectors WHERE key IN ({marks})", chunk
            ):
                found[key] = np.frombuffer(blob, dtype=np.float32)
        return found

    def put(self, keys: list[bytes], vectors: np.ndarray) -> None:
        with writing(self.path):
            self._put(keys, vectors)

    def _put(self, keys: list[bytes], vectors: np.ndarray) -> None:
        self.db.executemany(
            "INSERT OR REPLACE INTO vectors VALUES (?, ?)",
            (
                (k, np.ascontiguousarray(v, dtype=np.float32).tobytes())
                for k, v in zip(keys, vectors, strict=True)
            ),
        )
        self.db.commit()


def embed_with_cache(
    texts: list[str],
    embedder: Embedder,
    cache: EmbeddingCache | None,
    progress: Callable[[int, int], None] | None = None,
) -> tuple[np.ndarray, int]:
    """Vectors for `texts` in order, and how many had to be encoded (the rest came from cache)."""
    dimension = embedder.dimension
    out = np.zeros((len(texts), dimension), dtype=np.float32)
    keys = [content_key(embedder.name, t) for t in texts]
    cached = cache.get(keys) if cache else {}
    missing = [i for i, key in enumerate(keys) if key not in cached]
    for i, key in enumerate(keys):
        if key in cached:
            out[i] = cached[key]
    done = len(texts) - len(missing)
    if progress:
        progress(done, len(texts))
    for start in range(0, len(missing), BATCH):
        batch = missing[start : start + BATCH]
        vectors = embedder.encode([texts[i] for i in batch])
        out[batch] = vectors
        if cache:
            cache.put([keys[i] for i in batch], vectors)
        done += len(batch)
        if progress:
            progress(done, len(texts))
    return out, len(missing)
