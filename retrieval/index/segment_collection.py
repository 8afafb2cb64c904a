"""Several segments' collections searched as one, with the interface of `Collection`.

Items get global ids: segment i's local id j is `offsets[i] + j`. Items of tombstoned articles
(removed, or replaced by a newer segment) stay in their segment's files and are folded into the
`allowed` mask, so no search ever returns them."""

from __future__ import annotations

from collections.abc import Sequence

import bm25s
import numpy as np

from retrieval.index.collection import Collection, Filters, filter_mask
from retrieval.index.dense import DenseIndex
from retrieval.index.lexical import LexicalIndex, _stemmer
from retrieval.storage import Dense


def offsets_of(sizes: Sequence[int]) -> np.ndarray:
    """Start of each part in the global id space, plus the total at the end."""
    return np.concatenate([[0], np.cumsum(sizes, dtype=np.int64)]).astype(np.int64)


def split_ids(offsets: np.ndarray, ids: np.ndarray) -> list[tuple[int, np.ndarray, np.ndarray]]:
    """(part, positions in `ids`, local ids) for each part that `ids` touch."""
    ids = np.asarray(ids, dtype=np.int64)
    parts = np.searchsorted(offsets, ids, side="right") - 1
    out = []
    for part in np.unique(parts):
        where = np.flatnonzero(parts == part)
        out.append((int(part), where, ids[where] - offsets[part]))
    return out


class SegmentedDense:
    """Top-k over every segment's FAISS index, merged by exact cosine."""

    def __init__(self, parts: list[DenseIndex]) -> None:
        self.parts = parts
        self.offsets = offsets_of([p.size for p in parts])

    @property
    def size(self) -> int:
        return int(self.offsets[-1])

    @property
    def largest(self) -> DenseIndex:
        return max(self.parts, key=lambda p: p.size)

    @property
    def index_type(self) -> str:
        return self.largest.index_type

    @property
    def kind(self) -> str:
        return self.largest.kind

    @property
    def exact(self) -> bool:
        return all(p.exact for p in self.parts)

    @property
    def params(self) -> dict[str, int]:
        return self.largest.params

    @property
    def vectors(self) -> np.ndarray:
        """Every float vector in global id order (a copy when there are several segments)."""
        if len(self.parts) == 1:
            return self.parts[0].vectors
        return np.concatenate([np.asarray(p.vectors) for p in self.parts])

    def set_search_effort(self, effort: int) -> None:
        for part in self.parts:
            part.set_search_effort(effort)

    def search(
        self, query: np.ndarray, k: int, allowed: np.ndarray | None = None
    ) -> tuple[np.ndarray, np.ndarray]:
        if len(self.parts) == 1:
            return self.parts[0].search(query, k, allowed)
        found_ids, found_scores = [], []
        for part, start, end in zip(self.parts, self.offsets[:-1], self.offsets[1:], strict=True):
            local = None if allowed is None else allowed[start:end]
            if local is not None:
                if not local.any():
                    continue
                if local.all():
                    local = None  # an untouched segment searches as it would alone
            ids, scores = part.search(query, k, local)
            found_ids.append(ids + start)
            found_scores.append(scores)
        if not found_ids:
            return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.float32)
        ids, scores = np.concatenate(found_ids), np.concatenate(found_scores)
        best = np.argsort(-scores, kind="stable")[:k]
        return ids[best], scores[best]

    def cosine(self, query: np.ndarray, ids: np.ndarray) -> np.ndarray:
        if len(self.parts) == 1:
            return self.parts[0].cosine(query, ids)
        out = np.zeros(len(ids), dtype=np.float32)
        for part, where, local in split_ids(self.offsets, ids):
            out[where] = self.parts[part].cosine(query, local)
        return out


class SegmentedLexical:
    """BM25 per segment, side by side in the global id space.

    Each segment keeps its own term statistics: a small delta segment scores a term with a
    different IDF than the base would. Fusion gives BM25 a small weight after normalising by
    the best candidate, and compaction folds deltas back into one index (see builder)."""

    def __init__(self, parts: list[LexicalIndex], live: np.ndarray | None = None) -> None:
        self.parts = parts
        self.size = sum(p.size for p in parts)
        self.offsets = offsets_of([p.size for p in parts])
        self.live = live  # False for tombstoned items: their words no longer count
        # Largest first: the segment most likely to mention a name settles absent_names.
        self._by_size = sorted(parts, key=lambda p: -p.size)

    def scores(self, query: str) -> np.ndarray:
        if len(self.parts) == 1:
            return self.parts[0].scores(query)
        # Tokenising costs about as much as scoring a small segment: do it once for all.
        tokens = query_tokens(query)
        out = []
        for part in self.parts:
            known = [t for t in tokens if t in part.bm25.vocab_dict]
            if not known or part.size == 0:
                out.append(np.zeros(part.size, dtype=np.float32))
            else:
                out.append(np.asarray(part.bm25.get_scores(known)[: part.size], dtype=np.float32))
        return np.concatenate(out)

    def document_frequencies(self, terms: list[str]) -> dict[str, int]:
        """Texts containing each term, over all segments (tombstoned ones too, until the next
        compaction: a weight, not an answer, so the drift does not matter)."""
        total = dict.fromkeys(terms, 0)
        for part in self.parts:
            for term, n in part.document_frequencies(terms).items():
                total[term] += n
        return total

    def contains(self, terms: list[str], ids: np.ndarray) -> np.ndarray:
        """`out[t, i]`: whether item `ids[i]` (a global id) contains term `terms[t]`."""
        out = np.zeros((len(terms), len(ids)), dtype=bool)
        for part, where, local in split_ids(self.offsets, np.asarray(ids)):
            out[:, where] = self.parts[part].contains(terms, local)
        return out

    def absent_names(self, query: str) -> list[str]:
        """Names no live item mentions: not in any segment's vocabulary, or only in
        tombstoned (removed or superseded) articles."""
        absent = self._by_size[0].absent_names(query) if self.parts else []
        for part in self._by_size[1:]:
            if not absent:
                break
            elsewhere = set(part.absent_names(query))
            absent = [name for name in absent if name in elsewhere]
        if self.live is None:
            return absent
        # A vocabulary keeps the words of tombstoned articles until compaction: a name the
        # vocabulary knows must still match some live item.
        known = [name for name in self._by_size[0].name_candidates(query) if name not in absent]
        gone = [n for n in known if query_tokens(n) and not (self.scores(n)[self.live] > 0).any()]
        return absent + gone


def query_tokens(query: str) -> list[str]:
    """A query's BM25 terms exactly as `LexicalIndex.scores` finds them (a test holds the two
    together)."""
    return bm25s.tokenize(
        [query], stopwords="en", stemmer=_stemmer(), show_progress=False, return_ids=False
    )[0]


def _merged_codes(
    parts: list[Collection], codes: str, names: str
) -> tuple[np.ndarray, np.ndarray] | None:
    """Per-item codes into one sorted name list for all segments, or None if a part lacks them."""
    if not all(codes in p.meta and names in p.meta for p in parts):
        return None
    everyone = sorted({str(n) for p in parts for n in p.meta[names]})
    index = {name: i for i, name in enumerate(everyone)}
    merged = []
    for part in parts:
        remap = np.array([index[str(n)] for n in part.meta[names]], dtype=np.int32)
        merged.append(remap[part.meta[codes]] if len(remap) else part.meta[codes])
    return np.concatenate(merged).astype(np.int32), np.array(everyone, dtype=str)


class SegmentedCollection:
    """The `Collection` interface (`dense`, `lexical`, `meta`, `size`, `allowed`, source
    names) over several segments; `live` is False for tombstoned items, None when none are."""

    def __init__(
        self, parts: list[Collection], live: np.ndarray | None = None, dense: Dense | None = None
    ) -> None:
        self.parts = parts
        # `dense`: one search over every part's vectors in the global ids (PostgreSQL's).
        self.dense = dense if dense is not None else SegmentedDense([p.dense for p in parts])
        self.lexical = SegmentedLexical([p.lexical for p in parts], live)
        self.live = live
        if len(parts) == 1:
            self.meta = parts[0].meta
        else:
            self.meta = {"date_ordinals": np.concatenate([p.meta["date_ordinals"] for p in parts])}
            for codes, names in (
                ("source_codes", "source_names"),
                ("speaker_codes", "speaker_names"),
            ):
                merged = _merged_codes(parts, codes, names)
                if merged is not None:
                    self.meta[codes], self.meta[names] = merged
        self.source_names = [str(s) for s in self.meta["source_names"]]

    @property
    def size(self) -> int:
        return self.dense.size

    def allowed(self, filters: Filters) -> np.ndarray | None:
        mask = filter_mask(self.meta, self.source_names, self.size, filters)
        if self.live is None:
            return mask
        return self.live.copy() if mask is None else mask & self.live
