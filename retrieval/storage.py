"""The storage seam: what search, quotes, summaries and the service read, and where builds go.

Two implementations: the embedded index (`retrieval.index`: FAISS + bm25s + SQLite segments on
local disk, the default) and PostgreSQL + pgvector (`retrieval.pg`, when a database URL is set).
Both serve the same segments: the PostgreSQL writer builds a segment exactly as the embedded
index does, in a local working copy, then uploads it, so both rank with the same BM25 statistics,
filters and ids; only where vectors, articles and quotes are read from differs.

Search code keeps its call shapes (`archive.passages.dense.search(...)`, ...): these protocols
name them so an implementation knows what to provide."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

import numpy as np

if TYPE_CHECKING:
    from retrieval.embed.embedding import Embedder
    from retrieval.index.archive import Archive
    from retrieval.index.builder import BuildReport
    from retrieval.index.collection import Filters
    from retrieval.index.layout import Manifest
    from retrieval.models import Article, Passage, Quote
    from retrieval.quotes.directory import SpeakerDirectory


class ReloadBusyError(RuntimeError):
    """A reload is already running (in this process, or, on PostgreSQL, in another)."""


class Dense(Protocol):
    """Nearest neighbours by cosine over a collection's vectors, in the collection's ids."""

    size: int

    def search(
        self, query: np.ndarray, k: int, allowed: np.ndarray | None = None
    ) -> tuple[np.ndarray, np.ndarray]: ...

    def cosine(self, query: np.ndarray, ids: np.ndarray) -> np.ndarray: ...


class Lexical(Protocol):
    """BM25 over a collection's texts (`LexicalIndex`, `SegmentedLexical`)."""

    size: int

    def scores(self, query: str) -> np.ndarray: ...

    def absent_names(self, query: str) -> list[str]: ...

    def document_frequencies(self, terms: list[str]) -> dict[str, int]: ...

    def contains(self, terms: list[str], ids: np.ndarray) -> np.ndarray: ...


class Searchable(Protocol):
    """One searchable set (passages, or quotes): ids 0..size-1 shared by every part."""

    dense: Dense
    lexical: Lexical
    meta: dict[str, np.ndarray]  # source_codes, date_ordinals (+ speaker_codes): filters
    source_names: list[str]

    @property
    def size(self) -> int: ...

    def allowed(self, filters: Filters) -> np.ndarray | None: ...


class ArticleStore(Protocol):
    """Articles, passages and quotes by id, and the archive-wide counts `stats` shows."""

    def passages(self, ids: list[int]) -> dict[int, Passage]: ...

    def headlines(self, ids: list[int]) -> dict[int, tuple[str, str]]: ...

    def quotes(self, ids: list[int]) -> dict[int, Quote]: ...

    def quotes_in_passages(self, ids: list[int]) -> dict[int, list[int]]: ...

    def article(self, article_id: str) -> Article | None: ...

    def speaker_rows(self) -> list[tuple]: ...

    def sources(self) -> dict[str, int]: ...

    def date_range(self) -> tuple[str | None, str | None]: ...

    def close(self) -> None: ...


class ServingArchive(Protocol):
    """What every query runs against (`retrieval.index.archive.Archive` and `PgArchive`)."""

    folder: Path  # its name identifies the build in `stats`
    manifest: Manifest
    store: ArticleStore
    passages: Searchable
    quotes: Searchable | None

    @property
    def speakers(self) -> SpeakerDirectory: ...

    @property
    def source_names(self) -> list[str]: ...

    def close(self) -> None: ...


class Storage(Protocol):
    """Where builds are published and the serving archive is opened from."""

    def exists(self) -> bool: ...

    def open(self, embedder: Embedder, serving: Archive | None = None) -> Archive: ...

    def moved(self, archive: Archive) -> bool:
        """Whether another process switched the serving build since `archive` was opened."""
        ...

    def writing(self) -> Any:
        """A context held for a whole build: refuses a second writer (ReloadBusyError)."""
        ...

    def publish(self, report: BuildReport) -> bool:
        """Serve what the local build just wrote; False when the serving build is unchanged."""
        ...

    def describe(self) -> str: ...


class EmbeddedStorage:
    """The index folder on local disk (the default): builds publish themselves atomically."""

    def __init__(self, root: Path, fallback: bool = False) -> None:
        self.root = Path(root)
        self.fallback = fallback  # serve the last good build when the serving one is damaged

    def exists(self) -> bool:
        from retrieval.index import layout

        try:
            layout.serving_build(self.root)
            return True
        except layout.IndexLoadError:
            return False

    def open(self, embedder: Embedder, serving: Archive | None = None) -> Archive:
        from retrieval.index.archive import Archive, open_serving

        if serving is None:
            return open_serving(self.root, embedder, fallback=self.fallback)
        return Archive.open(self.root, embedder, serving=serving)

    def moved(self, archive: Archive) -> bool:
        return False

    @contextmanager
    def writing(self) -> Iterator[None]:
        yield

    def publish(self, report: BuildReport) -> bool:
        return not report.unchanged

    def describe(self) -> str:
        return str(self.root)


def storage_for(index_dir: Path, database_url: str | None = None, **options: Any) -> Storage:
    """PostgreSQL when a database URL is given (the index folder is then the writer's local
    working copy and embedding cache), else the embedded index folder."""
    if not database_url:
        return EmbeddedStorage(index_dir, fallback=options.get("fallback", False))
    from retrieval.pg.storage import PgStorage

    options.pop("fallback", None)  # the database keeps no damaged builds to fall back from
    return PgStorage(database_url, Path(index_dir), **options)
