"""One searchable set of texts (passages, or quotes): dense and lexical indexes plus the
per-item arrays that filters read, all aligned on the same ids 0..n-1."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

import numpy as np

from retrieval.index.dense import FLAT_MAX, DenseIndex
from retrieval.index.layout import REBUILD, IndexLoadError
from retrieval.index.lexical import LexicalIndex
from retrieval.ingest.loading import date_ordinal
from retrieval.models import Article, Quote

FILES = ["dense.faiss", "vectors.npy", "lexical", "meta.npz"]
_PLACEHOLDER = "newsbotplaceholder"


@dataclass
class Filters:
    source: str | None = None
    since: date | None = None
    until: date | None = None
    speaker_codes: list[int] | None = None  # quotes only: any of these speakers

    @property
    def active(self) -> bool:
        return bool(self.source or self.since or self.until or self.speaker_codes is not None)


def article_meta(owners: list[Article]) -> dict[str, np.ndarray]:
    """Source and date arrays for items owned by `owners` (one article per item)."""
    sources = sorted({a.source or "" for a in owners})
    code = {name: i for i, name in enumerate(sources)}
    return {
        "source_codes": np.array([code[a.source or ""] for a in owners], dtype=np.int32),
        "date_ordinals": np.array([date_ordinal(a.date) for a in owners], dtype=np.int32),
        "source_names": np.array(sources, dtype=str),
    }


def speaker_meta(quotes: list[Quote]) -> dict[str, np.ndarray]:
    """Speaker codes per quote, so a speaker filter is one array comparison. The names are the
    article-level speaker ids; the archive's `SpeakerRegistry` maps them to entities."""
    keys = [q.speaker_id or q.speaker or "" for q in quotes]
    names = sorted(set(keys))
    code = {name: i for i, name in enumerate(names)}
    return {
        "speaker_codes": np.array([code[key] for key in keys], dtype=np.int32),
        "speaker_names": np.array(names, dtype=str),
    }


class Collection:
    def __init__(self, dense: DenseIndex, lexical: LexicalIndex, meta: dict[str, np.ndarray]):
        self.dense = dense
        self.lexical = lexical
        self.meta = meta
        self.source_names = [str(s) for s in meta["source_names"]]

    @property
    def size(self) -> int:
        return self.dense.size

    @classmethod
    def build(
        cls,
        vectors: np.ndarray,
        dimension: int,
        lexical_texts: list[str],
        meta: dict[str, np.ndarray],
        index_type: str = "auto",
        flat_max: int = FLAT_MAX,
    ) -> Collection:
        dense = DenseIndex.build(vectors, dimension, index_type=index_type, flat_max=flat_max)
        if lexical_texts:
            lexical = LexicalIndex.build(lexical_texts)
        else:
            # bm25s cannot index nothing (LexicalIndex's "" placeholder has no tokens either):
            # one placeholder word gives a valid index that scores zero items.
            lexical = LexicalIndex(LexicalIndex.build([_PLACEHOLDER]).bm25, 0)
        return cls(dense, lexical, meta)

    def save(self, folder: Path) -> None:
        folder.mkdir(parents=True, exist_ok=True)
        self.dense.save(folder / "dense.faiss", folder / "vectors.npy")
        self.lexical.save(folder / "lexical")
        np.savez(folder / "meta.npz", **self.meta)

    @classmethod
    def load(cls, folder: Path, size: int) -> Collection:
        """Load from `folder`; IndexLoadError names the file that is unreadable or wrong."""
        dense = _part(
            folder / "dense.faiss",
            lambda: DenseIndex.load(folder / "dense.faiss", folder / "vectors.npy"),
        )
        lexical = _part(folder / "lexical", lambda: LexicalIndex.load(folder / "lexical", size))
        meta = _part(folder / "meta.npz", lambda: _read_meta(folder / "meta.npz"))
        if dense.size != size or len(meta["source_codes"]) != size:
            raise IndexLoadError(
                f"{folder / 'dense.faiss'}: holds {dense.size} items where "
                f"the manifest says {size}: {REBUILD}"
            )
        return cls(dense, lexical, meta)

    def allowed(self, filters: Filters) -> np.ndarray | None:
        """Boolean mask of items that pass the filters, or None when nothing filters."""
        return filter_mask(self.meta, self.source_names, self.size, filters)


def filter_mask(
    meta: dict[str, np.ndarray], source_names: list[str], size: int, filters: Filters
) -> np.ndarray | None:
    """Boolean mask of the `size` items described by `meta` that pass the filters, or None
    when nothing filters."""
    if not filters.active:
        return None
    mask = np.ones(size, dtype=bool)
    if filters.source:
        wanted = [
            i for i, name in enumerate(source_names) if name.casefold() == filters.source.casefold()
        ]
        mask &= np.isin(meta["source_codes"], wanted)
    dates = meta["date_ordinals"]
    if filters.since:
        mask &= dates >= filters.since.toordinal()
    if filters.until:
        mask &= (dates <= filters.until.toordinal()) & (dates > 0)
    if filters.speaker_codes is not None:
        mask &= np.isin(meta["speaker_codes"], filters.speaker_codes)
    return mask


def _read_meta(path: Path) -> dict[str, np.ndarray]:
    with np.load(path) as stored:
        return {key: stored[key] for key in stored.files}


def _part(path: Path, loader):
    try:
        return loader()
    except Exception as exc:
        raise IndexLoadError(
            f"{path}: unreadable ({type(exc).__name__}: {str(exc)[:200]}): {REBUILD}"
        ) from exc
