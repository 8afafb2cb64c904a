"""FAISS inner-product search over normalised passage vectors."""

from __future__ import annotations

from pathlib import Path

import faiss
import numpy as np


class DenseIndex:
    def __init__(self, index: faiss.Index, vectors: np.ndarray) -> None:
        self.index = index
        self.vectors = vectors  # exact vectors (memory-mapped when loaded), for rescoring

    @property
    def size(self) -> int:
        return int(self.index.ntotal)

    @property
    def index_type(self) -> str:
        return type(self.index).__name__

    @classmethod
    def build(cls, vectors: np.ndarray, dimension: int) -> DenseIndex:
        vectors = np.ascontiguousarray(vectors, dtype=np.float32).reshape(-1, dimension)
        index = faiss.IndexFlatIP(dimension)
        index.add(vectors)
        return cls(index, vectors)

    def save(self, index_path: Path, vectors_path: Path) -> None:
        faiss.write_index(self.index, str(index_path))
        np.save(vectors_path, self.vectors)

    @classmethod
    def load(cls, index_path: Path, vectors_path: Path) -> DenseIndex:
        index = faiss.read_index(str(index_path), faiss.IO_FLAG_MMAP | faiss.IO_FLAG_READ_ONLY)
        vectors = np.load(vectors_path, mmap_mode="r")
        return cls(index, vectors)

    def search(
        self, query: np.ndarray, k: int, allowed: np.ndarray | None = None
    ) -> tuple[np.ndarray, np.ndarray]:
        """Top-k (ids, cosine scores); `allowed` is a boolean mask over passages."""
        k = min(k, self.size)
        if k <= 0:
            return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.float32)
        params = None
        if allowed is not None:
            selector = faiss.IDSelectorBatch(np.flatnonzero(allowed).astype(np.int64))
            params = faiss.SearchParameters(sel=selector)
        scores, ids = self.index.search(query.reshape(1, -1).astype(np.float32), k, params=params)
        keep = ids[0] >= 0
        return ids[0][keep], scores[0][keep]

    def cosine(self, query: np.ndarray, ids: np.ndarray) -> np.ndarray:
        """Exact cosine of `query` with the given passages."""
        if len(ids) == 0:
            return np.zeros(0, dtype=np.float32)
        order = np.argsort(ids)
        rows = np.asarray(self.vectors[ids[order]], dtype=np.float32)
        out = np.empty(len(ids), dtype=np.float32)
        out[order] = rows @ query.astype(np.float32)
        return out
