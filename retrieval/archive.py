"""A loaded, validated index: what every query runs against."""

from __future__ import annotations

from pathlib import Path

from retrieval import layout
from retrieval.collection import Collection, Filters
from retrieval.embedding import Embedder
from retrieval.layout import IndexLoadError, Manifest
from retrieval.store import Store

__all__ = ["Archive", "Filters"]


class Archive:
    def __init__(
        self,
        folder: Path,
        manifest: Manifest,
        store: Store,
        passages: Collection,
        quotes: Collection | None = None,
    ) -> None:
        self.folder = folder
        self.manifest = manifest
        self.store = store
        self.passages = passages
        self.quotes = quotes

    @property
    def source_names(self) -> list[str]:
        return self.passages.source_names

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
        passages = Collection.load(folder, manifest.passages)
        quotes = None
        if (folder / "quotes").is_dir():
            quotes = Collection.load(folder / "quotes", manifest.quotes)
        return cls(folder, manifest, store, passages, quotes)

    def close(self) -> None:
        self.store.close()
