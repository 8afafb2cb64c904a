"""Nearest vectors in PostgreSQL + pgvector, with the interface of the embedded `DenseIndex`.

Ids are global over the serving segments' partitions (segment i's local id j is
`offsets[i] + j`); scores are cosines (inner products of unit vectors)."""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
from psycopg import sql

from retrieval.index.dense import REFINE_FACTOR, REFINE_MIN
from retrieval.index.segment_collection import offsets_of, split_ids

if TYPE_CHECKING:
    from retrieval.pg.archive import Connections

# A filter that leaves at most this many items is answered exactly, ranked in the database. At
# 1M passages (bench/postgres.py, outlet + date filter leaving 25,865, 2 shared cores at load
# ~10) that took 263 / 325 ms p50 / p99 with recall@10 1.0, while fetching ever more HNSW
# neighbours and keeping the allowed ones took 962 / 5,209 ms for recall 0.61; the embedded
# index's 20,000 would send that filter down the slow path.
EXACT_SUBSET_MAX = 50_000


class PgDense:
    """Top-k by cosine (inner product of unit vectors) over the serving segments' partitions.

    Without a filter, one ORDER BY ... LIMIT over the partitions (HNSW where a partition has
    one, an exact scan where it is small). A filter that leaves at most `exact_subset_max` items
    is answered exactly from those rows by primary key; a looser one fetches more neighbours and
    keeps the allowed ones, as the embedded index does."""

    def __init__(self, pool: Connections, table: str, segments: list[tuple[int, int]]) -> None:
        self.pool = pool
        self.table = table
        self.segment_ids = [segment_id for segment_id, _ in segments]
        self.offsets = offsets_of([size for _, size in segments])
        self.exact_subset_max = EXACT_SUBSET_MAX

    @property
    def size(self) -> int:
        return int(self.offsets[-1])

    def _global(self, rows: list[tuple[int, int, float]]) -> tuple[np.ndarray, np.ndarray]:
        start = {s: int(self.offsets[i]) for i, s in enumerate(self.segment_ids)}
        ids = np.array([start[s] + idx for s, idx, _ in rows], dtype=np.int64)
        scores = np.array([score for _, _, score in rows], dtype=np.float32)
        return ids, scores

    def nearest(self, query: np.ndarray, limit: int) -> tuple[np.ndarray, np.ndarray]:
        """The `limit` nearest items of every serving segment, best first."""
        statement = sql.SQL(
            "SELECT segment_id, idx, -(embedding <#> %(q)s) FROM {} WHERE segment_id IN ({}) "
            "ORDER BY embedding <#> %(q)s LIMIT %(k)s"
        ).format(sql.Identifier(self.table), sql.SQL(", ").join(map(sql.Literal, self.segment_ids)))
        vector = np.asarray(query, dtype=np.float32).reshape(-1)
        return self._global(self.pool.rows(statement, {"q": vector, "k": int(limit)}))

    def search(
        self, query: np.ndarray, k: int, allowed: np.ndarray | None = None
    ) -> tuple[np.ndarray, np.ndarray]:
        k = min(k, self.size)
        if k <= 0:
            return _empty()
        if allowed is None:
            return self.nearest(query, k)
        count = int(np.count_nonzero(allowed))
        wanted = min(k, count)
        if wanted == 0:
            return _empty()
        if count <= self.exact_subset_max:
            return self._best(query, np.flatnonzero(allowed), wanted)
        fetch = max(wanted * REFINE_FACTOR, REFINE_MIN)
        while True:
            ids, scores = self.nearest(query, fetch)
            keep = allowed[ids]
            if keep.sum() >= wanted or fetch >= self.size:
                break
            fetch *= 4  # the filter dropped most neighbours: look further
        if keep.sum() < wanted:
            return self._best(query, np.flatnonzero(allowed), wanted)
        return ids[keep][:wanted], scores[keep][:wanted]

    def _scored(self, query: np.ndarray, ids: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Exact cosines of `ids`, in an order of the database's choosing."""
        vector = np.asarray(query, dtype=np.float32).reshape(-1)
        statement = sql.SQL(
            "SELECT segment_id, idx, -(embedding <#> %s) FROM {} "
            "WHERE segment_id = %s AND idx = ANY(%s)"
        ).format(sql.Identifier(self.table))
        rows = []
        for part, _, local in split_ids(self.offsets, np.asarray(ids, dtype=np.int64)):
            segment = self.segment_ids[part]
            rows += self.pool.rows(statement, (vector, segment, local.tolist()))
        return self._global(rows)

    def _best(self, query: np.ndarray, ids: np.ndarray, k: int) -> tuple[np.ndarray, np.ndarray]:
        """Exact top-k of `ids`, ranked in the database: k rows a segment come back, not one per
        id. The subquery fences the ORDER BY off the HNSW index, which would walk the graph in
        search of these ids."""
        vector = np.asarray(query, dtype=np.float32).reshape(-1)
        statement = sql.SQL(
            "SELECT segment_id, idx, score FROM (SELECT segment_id, idx, -(embedding <#> %s) "
            "AS score FROM {} WHERE segment_id = %s AND idx = ANY(%s) OFFSET 0) allowed "
            "ORDER BY score DESC, idx LIMIT %s"
        ).format(sql.Identifier(self.table))
        rows = []
        for part, _, local in split_ids(self.offsets, np.asarray(ids, dtype=np.int64)):
            segment = self.segment_ids[part]
            rows += self.pool.rows(statement, (vector, segment, local.tolist(), int(k)))
        found, scores = self._global(rows)
        order = np.lexsort((found, -scores))[:k]
        return found[order], scores[order]

    def cosine(self, query: np.ndarray, ids: np.ndarray) -> np.ndarray:
        out = np.zeros(len(ids), dtype=np.float32)
        if len(ids) == 0:
            return out
        found, scores = self._scored(query, ids)
        position = {int(i): s for i, s in zip(found, scores, strict=True)}
        return np.array([position.get(int(i), 0.0) for i in ids], dtype=np.float32)


def _empty() -> tuple[np.ndarray, np.ndarray]:
    return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.float32)
