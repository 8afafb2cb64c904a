"""A loaded, validated index: what every query runs against."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

import numpy as np

from retrieval import layout
from retrieval.dense import DenseIndex
from retrieval.embedding import Embedder
from retrieval.layout import IndexLoadError, Manifest
from retrieval.lexical import LexicalIndex
from retrieval.store import Store


@dataclass
class Filters:
    source: str | None = None
    since: date | None = None
    until: date | None = None

    @property
    def active(self) -> bool:
        return bool(self.source or self.since or self.until)


class Archive:
    def __init__(
        self,
        folder: Path,
        manifest: Manifest,
        store: Store,
        dense: DenseIndex,
        lexical: LexicalIndex,
        meta: dict[str, np.ndarray],
    ) -> None:
        self.folder = folder
        self.manifest = manifest
        self.store = store
        self.dense = dense
        self.lexical = lexical
        self.source_codes = meta["source_codes"]
        self.date_ordinals = meta["date_ordinals"]
        self.source_names = [str(s) for s in meta["source_names"]]

    @classmethod
    def open(cls, root: Path, embedder: Embedder | None = None) -> Archive:
        """Load the serving build under `root`; raise IndexLoadError naming what is wrong."""
        folder = layout.serving_build(Path(root))
        manifest = Manifest.read(folder)
        if embedder is not None and (
            manifest.model_name != embedder.name or manifest.dimension != embedder.dimension
        ):
            raise IndexLoadError(
                f"{folder / layout.MANIFEST}: built with {manifest.model_name} "
                f"({manifest.dimension} dimensions) but the configured model is {embedder.name} "
                f"({embedder.dimension}): rebuild with `newsbot index build`"
            )
        manifest.check_files(folder)
        try:
            store = Store(folder / "store.sqlite", readonly=True)
            store.count("passages")
        except Exception as exc:
            raise IndexLoadError(f"{folder / 'store.sqlite'}: unreadable ({exc})") from exc
        dense = _load(
            folder / "dense.faiss",
            lambda: DenseIndex.load(folder / "dense.faiss", folder / "vectors.npy"),
        )
        lexical = _load(
            folder / "lexical", lambda: LexicalIndex.load(folder / "lexical", manifest.passages)
        )
        meta = _load(folder / "meta.npz", lambda: dict(np.load(folder / "meta.npz")))
        if dense.size != manifest.passages or len(meta["source_codes"]) != manifest.passages:
            raise IndexLoadError(
                f"{folder / 'dense.faiss'}: holds {dense.size} vectors, the manifest says "
                f"{manifest.passages}: rebuild the index"
            )
        return cls(folder, manifest, store, dense, lexical, meta)

    def close(self) -> None:
        self.store.close()

    def allowed(self, filters: Filters) -> np.ndarray | None:
        """Boolean mask of passages that pass the filters, or None when nothing filters."""
        if not filters.active:
            return None
        mask = np.ones(self.manifest.passages, dtype=bool)
        if filters.source:
            wanted = [
                i
                for i, name in enumerate(self.source_names)
                if name.casefold() == filters.source.casefold()
            ]
            mask &= np.isin(self.source_codes, wanted)
        if filters.since:
            mask &= self.date_ordinals >= filters.since.toordinal()
        if filters.until:
            mask &= (self.date_ordinals <= filters.until.toordinal()) & (self.date_ordinals > 0)
        return mask


def _load(path: Path, loader):
    try:
        return loader()
    except IndexLoadError:
        raise
    except Exception as exc:
        raise IndexLoadError(
            f"{path}: unreadable ({type(exc).__name__}: {exc}): rebuild the index"
        ) from exc
