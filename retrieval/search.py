"""Hybrid passage search: dense (FAISS) and lexical (BM25) candidates, fused and calibrated."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from retrieval.archive import Archive, Filters
from retrieval.embedding import Embedder
from retrieval.models import Passage

CANDIDATES = 100


@dataclass(frozen=True)
class Fusion:
    """How dense and lexical evidence combine, and when the best hit is not an answer."""

    dense_weight: float = 1.0
    lexical_weight: float = 0.3
    # The best hit must be at least this close in meaning to count as an answer.
    min_dense: float = 0.35
    mode: str = "weighted"  # "weighted", "rrf", "dense" or "lexical"


DEFAULT_FUSION = Fusion()


@dataclass
class Hit:
    passage: Passage
    score: float
    dense: float
    lexical: float


@dataclass
class SearchOutcome:
    hits: list[Hit]
    answered: bool


def _top(scores: np.ndarray, k: int, allowed: np.ndarray | None) -> np.ndarray:
    if allowed is not None:
        scores = np.where(allowed, scores, 0.0)
    positive = np.flatnonzero(scores > 0)
    if len(positive) > k:
        positive = positive[np.argpartition(-scores[positive], k)[:k]]
    return positive


def rank(
    archive: Archive,
    query_vector: np.ndarray,
    query: str,
    k: int,
    filters: Filters | None = None,
    fusion: Fusion = DEFAULT_FUSION,
) -> SearchOutcome:
    allowed = archive.allowed(filters or Filters())
    if allowed is not None and not allowed.any():
        return SearchOutcome([], False)
    lexical_scores = archive.lexical.scores(query)
    lexical_ids = _top(lexical_scores, CANDIDATES, allowed)
    dense_ids, _ = archive.dense.search(query_vector, CANDIDATES, allowed)
    ids = np.unique(np.concatenate([dense_ids, lexical_ids]).astype(np.int64))
    if len(ids) == 0:
        return SearchOutcome([], False)
    dense = archive.dense.cosine(query_vector, ids)
    lexical = lexical_scores[ids]
    fused = _fuse(dense, lexical, fusion)
    order = np.argsort(-fused)[:k]
    passages = archive.store.passages([int(ids[i]) for i in order])
    hits = [
        Hit(passages[int(ids[i])], float(fused[i]), float(dense[i]), float(lexical[i]))
        for i in order
    ]
    return SearchOutcome(hits, bool(hits) and hits[0].dense >= fusion.min_dense)


def _fuse(dense: np.ndarray, lexical: np.ndarray, fusion: Fusion) -> np.ndarray:
    if fusion.mode == "dense":
        return dense
    if fusion.mode == "lexical":
        return lexical
    if fusion.mode == "rrf":
        dense_rank = np.argsort(np.argsort(-dense))
        lexical_rank = np.argsort(np.argsort(-lexical))
        return 1 / (60 + dense_rank) + np.where(lexical > 0, 1 / (60 + lexical_rank), 0)
    top = lexical.max()
    lexical_norm = lexical / top if top > 0 else lexical
    return fusion.dense_weight * dense + fusion.lexical_weight * lexical_norm


def search(
    archive: Archive,
    embedder: Embedder,
    query: str,
    k: int = 5,
    filters: Filters | None = None,
    fusion: Fusion = DEFAULT_FUSION,
) -> SearchOutcome:
    vector = embedder.encode([query])[0]
    return rank(archive, vector, query, k, filters, fusion)
