"""FAISS inner-product search over normalised passage vectors, exact or approximate by size.

Below `FLAT_MAX` passages an exact `IndexFlatIP` is fast enough; above it an IVF index with 8-bit
scalar-quantised codes (a quarter of the float size) answers in about a millisecond. Either way
the exact float vectors stay on disk in `vectors.npy`, memory-mapped: approximate candidates are
rescored exactly from them, and `cosine` reads only the rows a query needs.
"""

from __future__ import annotations

import math
import mmap
from pathlib import Path

import faiss
import numpy as np

# Measured with bench/scale.py on this shared 2-core machine (one search thread, k=100): exact
# search takes ~1 ms over 10k passages, ~4 ms over 30k, ~5.5 ms over 50k, ~10.5 ms over 100k,
# while IVF-SQ8 stays at ~2-3 ms from 100k to 1M. The whole `ask` has 20 ms p50 for encoding,
# BM25 and SQLite too, so exact search stops where it gets slower than IVF: about 30k passages.
FLAT_MAX = 30_000
# One OpenMP thread per query: on a busy 2-core machine a 2-thread single-query search waits on
# the other thread's time slice (flat over 10k: 16 ms with 2 threads, 1.1 ms with 1).
SEARCH_THREADS = 1
INDEX_TYPES = ("flat", "ivf-sq8", "ivf-pq", "hnsw-sq8", "hnsw")
# Faiss class name -> our name; the manifest records the class name (`index_type`).
_KINDS = {
    "IndexFlatIP": "flat",
    "IndexIVFScalarQuantizer": "ivf-sq8",
    "IndexIVFPQ": "ivf-pq",
    "IndexHNSWSQ": "hnsw-sq8",
    "IndexHNSWFlat": "hnsw",
}
# Approximate indexes fetch this many times k (at least REFINE_MIN) and keep the exact best k.
REFINE_FACTOR = 2
REFINE_MIN = 40
# A filter that leaves at most this many passages is answered exactly from the float vectors:
# cheaper than probing an index whose lists are mostly filtered out, and never short.
EXACT_SUBSET_MAX = 20_000
# Above this size the float vectors' mapping is released after each read (see `_release`).
RELEASE_BYTES = 256 * 2**20
HNSW_M = 32
PQ_M = 48  # 384 dims / 48 = 8 dims per 8-bit sub-quantiser: 48 bytes a vector


def choose_index_type(n_passages: int, override: str = "auto", flat_max: int = FLAT_MAX) -> str:
    """The index for `n_passages`: exact up to `flat_max`, IVF-SQ8 above, unless overridden."""
    if override != "auto":
        if override not in INDEX_TYPES:
            raise ValueError(f"unknown index type {override!r}; use auto or one of {INDEX_TYPES}")
        return override
    return "flat" if n_passages <= flat_max else "ivf-sq8"


def ivf_lists(n: int) -> int:
    """Inverted lists for n vectors: ~2 sqrt(n) as a power of two, >= 39 training points each."""
    lists = 2 ** round(math.log2(max(2 * math.sqrt(n), 1)))
    return max(1, min(lists, n // 39))


def default_nprobe(nlist: int) -> int:
    # 1/16 of the lists: recall@10 vs exact 0.974 at 100k (1/64: 0.91) in bench/scale.py.
    return max(8, nlist // 16)


def _train_sample(vectors: np.ndarray, nlist: int, seed: int = 1234) -> np.ndarray:
    # 64 points a centroid is plenty for k-means and keeps training to seconds at 1M.
    limit = min(len(vectors), 64 * nlist)
    if limit == len(vectors):
        return vectors
    rows = np.sort(np.random.default_rng(seed).choice(len(vectors), limit, replace=False))
    return np.ascontiguousarray(vectors[rows])


def _new_index(kind: str, vectors: np.ndarray, dimension: int) -> faiss.Index:
    ip = faiss.METRIC_INNER_PRODUCT
    if kind == "flat":
        return faiss.IndexFlatIP(dimension)
    if kind == "hnsw":
        return faiss.IndexHNSWFlat(dimension, HNSW_M, ip)
    if kind == "hnsw-sq8":
        return faiss.IndexHNSWSQ(dimension, faiss.ScalarQuantizer.QT_8bit, HNSW_M, ip)
    nlist = ivf_lists(len(vectors))
    quantizer = faiss.IndexFlatIP(dimension)
    if kind == "ivf-sq8":
        index = faiss.IndexIVFScalarQuantizer(
            quantizer, dimension, nlist, faiss.ScalarQuantizer.QT_8bit, ip
        )
    elif kind == "ivf-pq":
        index = faiss.IndexIVFPQ(quantizer, dimension, nlist, PQ_M, 8, ip)
    else:
        raise ValueError(kind)
    index.own_fields = True
    quantizer.this.disown()  # the IVF index frees its quantizer
    index.cp.niter = 12  # k-means converges well before faiss' default 25 on sentence vectors
    index.nprobe = default_nprobe(nlist)
    return index


class DenseIndex:
    def __init__(self, index: faiss.Index, vectors: np.ndarray) -> None:
        self.index = index
        self.vectors = vectors  # exact vectors (memory-mapped when loaded), for rescoring
        self.exact_subset_max = EXACT_SUBSET_MAX

    @property
    def size(self) -> int:
        return int(self.index.ntotal)

    @property
    def index_type(self) -> str:
        """The FAISS class, as the manifest records it (e.g. IndexFlatIP)."""
        return type(self.index).__name__

    @property
    def kind(self) -> str:
        """The settings name of this index type: flat, ivf-sq8, ..."""
        return _KINDS.get(self.index_type, self.index_type)

    @property
    def exact(self) -> bool:
        return self.kind == "flat"

    @property
    def params(self) -> dict[str, int]:
        """Search parameters, for the manifest and benchmarks."""
        ivf = self._ivf()
        if ivf is not None:
            return {"nlist": int(ivf.nlist), "nprobe": int(ivf.nprobe)}
        if isinstance(self.index, faiss.IndexHNSW):
            return {"M": HNSW_M, "ef_search": int(self.index.hnsw.efSearch)}
        return {}

    def _ivf(self) -> faiss.IndexIVF | None:
        try:
            return faiss.extract_index_ivf(self.index)
        except RuntimeError:
            return None

    @classmethod
    def build(
        cls,
        vectors: np.ndarray,
        dimension: int,
        index_type: str = "auto",
        flat_max: int = FLAT_MAX,
    ) -> DenseIndex:
        """Index `vectors`; `index_type` "auto" picks by size (see `choose_index_type`)."""
        vectors = np.ascontiguousarray(vectors, dtype=np.float32).reshape(-1, dimension)
        kind = choose_index_type(len(vectors), index_type, flat_max)
        if kind != "flat" and len(vectors) < 2:
            kind = "flat"  # nothing to train on
        index = _new_index(kind, vectors, dimension)
        if not index.is_trained:
            ivf = cls(index, vectors)._ivf()
            # HNSW-SQ only learns value ranges: 1,024 "lists" worth of sample is ample.
            index.train(_train_sample(vectors, ivf.nlist if ivf is not None else 1024))
        if isinstance(index, faiss.IndexHNSW):
            index.hnsw.efConstruction = 80
            index.hnsw.efSearch = 64
        index.add(vectors)
        return cls(index, vectors)

    def set_search_effort(self, effort: int) -> None:
        """nprobe (IVF) or efSearch (HNSW): higher is slower and closer to exact."""
        ivf = self._ivf()
        if ivf is not None:
            ivf.nprobe = int(effort)
        elif isinstance(self.index, faiss.IndexHNSW):
            self.index.hnsw.efSearch = int(effort)

    def save(self, index_path: Path, vectors_path: Path) -> None:
        faiss.write_index(self.index, str(index_path))
        np.save(vectors_path, self.vectors)

    @classmethod
    def load(cls, index_path: Path, vectors_path: Path) -> DenseIndex:
        # MMAP maps IVF lists and flat codes from the file instead of reading them into memory;
        # pages come in as queries touch them, so loading is fast whatever the size.
        index = faiss.read_index(str(index_path), faiss.IO_FLAG_MMAP | faiss.IO_FLAG_READ_ONLY)
        vectors = np.load(vectors_path, mmap_mode="r")
        _advise_random(vectors)
        return cls(index, vectors)

    def search(
        self, query: np.ndarray, k: int, allowed: np.ndarray | None = None
    ) -> tuple[np.ndarray, np.ndarray]:
        """Top-k (ids, cosine scores); `allowed` is a boolean mask over passages.

        With a filter, as many results come back as there are allowed passages (up to k)."""
        k = min(k, self.size)
        if k <= 0:
            return _empty()
        query = np.ascontiguousarray(query, dtype=np.float32).reshape(1, -1)
        wanted = k
        if allowed is not None:
            count = int(np.count_nonzero(allowed))
            wanted = min(k, count)
            if wanted == 0:
                return _empty()
            if not self.exact and count <= self.exact_subset_max:
                return self._exact_subset(query[0], np.flatnonzero(allowed), wanted)
        if self.exact:
            return self._faiss_search(query, wanted, allowed)
        fetch = min(self.size, max(wanted * REFINE_FACTOR, REFINE_MIN))
        params = self.params
        effort = params.get("nprobe") or params.get("ef_search") or 0
        widened = None
        if allowed is not None and effort:
            widened = effort = self._filtered_effort(effort, count)
        ids, _ = self._faiss_search(query, fetch, allowed, widened)
        # A filter can empty most probed lists; probe wider before settling for fewer results.
        while len(ids) < wanted and effort and effort < self._max_effort():
            effort = min(effort * 4, self._max_effort())
            ids, _ = self._faiss_search(query, fetch, allowed, effort)
        if len(ids) < wanted:
            subset = np.arange(self.size) if allowed is None else np.flatnonzero(allowed)
            return self._exact_subset(query[0], subset, wanted)
        scores = self.cosine(query[0], ids)
        best = np.argsort(-scores, kind="stable")[:wanted]
        return ids[best], scores[best]

    def _filtered_effort(self, effort: int, allowed_count: int) -> int:
        """As many allowed passages scanned as an unfiltered search scans passages: the lists
        probed grow as the filter narrows (FAISS computes distances only for allowed ids, so
        the extra lists cost little). On the 1M benchmark archive a filter keeping 2.6% found
        0.72 of the exact top 10 at the usual nprobe, all of it this way (dense p50 3 -> 18 ms);
        one keeping 12%: 0.85 -> 1.00 (3 -> 14 ms)."""
        fraction = max(allowed_count / max(self.size, 1), 1e-6)
        return min(self._max_effort(), math.ceil(effort / fraction))

    def _max_effort(self) -> int:
        ivf = self._ivf()
        return int(ivf.nlist) if ivf is not None else max(self.size, 1)

    def _faiss_search(
        self, query: np.ndarray, k: int, allowed: np.ndarray | None, effort: int | None = None
    ) -> tuple[np.ndarray, np.ndarray]:
        params = None
        bitmap = None
        if allowed is not None or effort is not None:
            selector = None
            if allowed is not None:
                # A bitmap test per candidate is O(1); keep `bitmap` alive through the search.
                bitmap = np.packbits(allowed.astype(bool), bitorder="little")
                selector = faiss.IDSelectorBitmap(len(allowed), faiss.swig_ptr(bitmap))
            params = self._params(selector, effort)
        # Per calling thread in OpenMP, so a build running in another thread keeps its cores.
        faiss.omp_set_num_threads(SEARCH_THREADS)
        scores, ids = self.index.search(query, k, params=params)
        del bitmap
        keep = ids[0] >= 0
        return ids[0][keep], scores[0][keep]

    def _params(self, selector, effort: int | None) -> faiss.SearchParameters:
        ivf = self._ivf()
        if ivf is not None:
            params = faiss.SearchParametersIVF()
            params.nprobe = int(effort or ivf.nprobe)
        elif isinstance(self.index, faiss.IndexHNSW):
            params = faiss.SearchParametersHNSW()
            params.efSearch = int(effort or self.index.hnsw.efSearch)
        else:
            params = faiss.SearchParameters()
        if selector is not None:
            params.sel = selector
        return params

    def _exact_subset(
        self, query: np.ndarray, ids: np.ndarray, k: int
    ) -> tuple[np.ndarray, np.ndarray]:
        """Exact top-k among `ids`, read from the float vectors in blocks."""
        best_ids, best_scores = _empty()
        for start in range(0, len(ids), 65_536):
            block = ids[start : start + 65_536]
            scores = np.asarray(self.vectors[block], dtype=np.float32) @ query
            _release(self.vectors)
            best_ids = np.concatenate([best_ids, block])
            best_scores = np.concatenate([best_scores, scores])
            if len(best_ids) > k:
                top = np.argpartition(-best_scores, k - 1)[:k]
                best_ids, best_scores = best_ids[top], best_scores[top]
        order = np.argsort(-best_scores, kind="stable")[:k]
        return best_ids[order].astype(np.int64), best_scores[order]

    def cosine(self, query: np.ndarray, ids: np.ndarray) -> np.ndarray:
        """Exact cosine of `query` with the given passages."""
        if len(ids) == 0:
            return np.zeros(0, dtype=np.float32)
        # Sorted reads walk the memory-mapped file forwards.
        order = np.argsort(ids)
        rows = np.asarray(self.vectors[ids[order]], dtype=np.float32)
        _release(self.vectors)
        out = np.empty(len(ids), dtype=np.float32)
        out[order] = rows @ np.asarray(query, dtype=np.float32).reshape(-1)
        return out


def _advise_random(vectors: np.ndarray) -> None:
    """Rescoring reads ~200 scattered rows a query: don't read ahead 128 KB around each one."""
    handle = getattr(vectors, "_mmap", None)
    if handle is not None and hasattr(mmap, "MADV_RANDOM"):
        handle.madvise(mmap.MADV_RANDOM)


def _release(vectors: np.ndarray) -> None:
    """Unmap the rows just read (they stay in the page cache). The kernel maps ~64 KB of cached
    neighbours around every row touched, so at 1M passages resident memory grew ~10 MB a query
    (900 MB after 50 queries); dropping the mapping costs ~0.3 ms and keeps it flat."""
    handle = getattr(vectors, "_mmap", None)
    if handle is not None and vectors.nbytes > RELEASE_BYTES and hasattr(mmap, "MADV_DONTNEED"):
        handle.madvise(mmap.MADV_DONTNEED)


def _empty() -> tuple[np.ndarray, np.ndarray]:
    return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.float32)
