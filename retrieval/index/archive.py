"""A loaded, validated index: what every query runs against.

The serving build lists segments (see `layout`); the archive reads them as one store and two
collections (passages, quotes) with global ids, tombstoned articles left out. Opening checks
file sizes and, for files changed since they were last verified, their checksums.

When the serving build is damaged and an older complete build still opens, `open_serving`
names it and the command that serves it, or (with `fallback`) serves it and logs why."""

from __future__ import annotations

import logging
from functools import cached_property
from pathlib import Path

import numpy as np

from retrieval.embed.embedding import Embedder
from retrieval.index import layout
from retrieval.index.checksums import OPEN_BUDGET, Verified, mismatches
from retrieval.index.collection import Filters
from retrieval.index.layout import IndexLoadError, Manifest
from retrieval.index.segment_collection import SegmentedCollection
from retrieval.index.segment_store import SegmentedStore
from retrieval.index.segments import OpenSegment, open_segment
from retrieval.quotes.directory import SpeakerDirectory
from retrieval.quotes.registry import SpeakerRegistry

__all__ = ["Archive", "Filters", "open_serving"]
log = logging.getLogger("newsbot.index")


class Archive:
    def __init__(
        self,
        folder: Path,
        manifest: Manifest,
        store: SegmentedStore,
        passages: SegmentedCollection,
        quotes: SegmentedCollection | None = None,
        segments: list[OpenSegment] | None = None,
    ) -> None:
        self.folder = folder
        self.segments = segments or []
        self.manifest = manifest
        self.store = store
        self.passages = passages
        self.quotes = quotes

    @property
    def source_names(self) -> list[str]:
        return self.passages.source_names

    @cached_property
    def speaker_registry(self) -> SpeakerRegistry:
        """Every live quote's speaker entity, merged across articles (built once per archive)."""
        return SpeakerRegistry(self.store.speaker_rows())

    @cached_property
    def speakers(self) -> SpeakerDirectory:
        """The quote collection's speakers, indexed for `--speaker` (codes = meta codes)."""
        names = self.quotes.meta["speaker_names"] if self.quotes is not None else []
        return SpeakerDirectory([str(name) for name in names], self.speaker_registry)

    @classmethod
    def open(
        cls, root: Path, embedder: Embedder | None = None, serving: Archive | None = None
    ) -> Archive:
        """Load the serving build under `root`; raise IndexLoadError naming what is wrong.

        Segments that `serving` (the archive in use) already holds are shared, not read again:
        a reload then loads only its delta, and queries meanwhile barely wait for the GIL."""
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
        root = layout.index_root(folder)
        manifest.check_files(root)
        damaged = mismatches(root, manifest.checksums, Verified(root), OPEN_BUDGET)
        if damaged:
            raise IndexLoadError(damaged[0])
        segments: list[OpenSegment] = []
        held = {s.entry.name: s for s in serving.segments} if serving is not None else {}
        try:
            for entry in manifest.segments:
                dead = frozenset(manifest.tombstones.get(entry.name, ()))
                segments.append(open_segment(root, entry, dead, held.get(entry.name)))
        except BaseException:
            for segment in segments:
                segment.close()
            raise
        store = SegmentedStore(
            [s.store for s in segments],
            [s.entry.passages for s in segments],
            [s.entry.quotes for s in segments],
            [s.dead for s in segments],
        )
        passages = SegmentedCollection(
            [s.passages for s in segments],
            _live([(s.entry.passages, s.dead_passages) for s in segments]),
        )
        quotes = SegmentedCollection(
            [s.quotes for s in segments], _live([(s.entry.quotes, s.dead_quotes) for s in segments])
        )
        return cls(folder, manifest, store, passages, quotes, segments)

    def close(self) -> None:
        self.store.close()


def _live(parts: list[tuple[int, np.ndarray]]) -> np.ndarray | None:
    """A mask that is False for tombstoned items, or None when nothing is tombstoned."""
    if not any(len(dead) for _, dead in parts):
        return None
    masks = []
    for size, dead in parts:
        mask = np.ones(size, dtype=bool)
        mask[dead] = False
        masks.append(mask)
    return np.concatenate(masks)


def open_serving(
    root: Path,
    embedder: Embedder | None = None,
    serving: Archive | None = None,
    fallback: bool = False,
) -> Archive:
    """The serving build under `root`. When it is damaged and an older complete build opens:
    with `fallback`, that build (and a logged warning); otherwise an IndexLoadError that names
    it and how to serve it."""
    try:
        return Archive.open(root, embedder, serving)
    except IndexLoadError as exc:
        good = last_good_build(Path(root), embedder)
        if good is None:
            raise
        name, built = good.folder.name, good.manifest.built_at
        if fallback:
            log.warning(
                "the serving build is damaged (%s); serving the last good build, %s (built %s), "
                "until `newsbot index build` repairs it",
                exc,
                name,
                built,
            )
            return good
        good.close()
        raise IndexLoadError(
            f"{exc}. The last good build, {name} (built {built}), still opens: "
            "`newsbot index rollback` serves it, or set NEWSBOT_INDEX_FALLBACK=true"
        ) from exc


def last_good_build(root: Path, embedder: Embedder | None = None) -> Archive | None:
    """The newest complete build other than the one `CURRENT` names that opens, or None."""
    try:
        current = (root / layout.CURRENT).read_text().strip()
    except (OSError, UnicodeDecodeError):
        current = None
    for build in layout.finished_builds(root):
        if build.name == current:
            continue
        try:
            return Archive.open(build, embedder)
        except (IndexLoadError, OSError):
            continue
    return None
