"""A segment: an immutable store + passage collection + quote collection for a set of articles,
written once under `<root>/segments/<name>/` and shared by every build that lists it."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from retrieval.embed.embedding import Embedder
from retrieval.index.build_errors import writing
from retrieval.index.checksums import checksums
from retrieval.index.collection import FILES as COLLECTION_FILES
from retrieval.index.collection import Collection, article_meta, speaker_meta
from retrieval.index.dense import FLAT_MAX
from retrieval.index.embedding_cache import EmbeddingCache, embed_with_cache
from retrieval.index.layout import (
    REBUILD,
    SEGMENTS,
    IndexLoadError,
    SegmentEntry,
    file_sizes,
    segment_folder,
)
from retrieval.index.store import Store
from retrieval.ingest.chunking import chunk_article
from retrieval.ingest.loading import Problem
from retrieval.models import Article, Passage, Quote
from retrieval.quotes import extract_quotes

EMBED_TEXT = "title+passage"
FILES = ["store.sqlite", *COLLECTION_FILES, *(f"quotes/{name}" for name in COLLECTION_FILES)]


def embedding_text(article: Article, passage: Passage) -> str:
    """What the encoder reads for a passage: the headline gives a paragraph its topic."""
    return f"{article.title}\n{passage.text}" if article.title else passage.text


def lexical_text(article: Article, passage: Passage) -> str:
    return embedding_text(article, passage)


def quote_embedding_text(quote: Quote) -> str:
    """A quote is found by what was said and by who said it."""
    return f"{quote.speaker}: {quote.text}"


# Words of the speaker's sentence kept on each side of a quote for BM25: a "sentence" with no
# full stop can be a whole paragraph, and thousands of quotes in it each indexing all of it made
# the build quadratic (10,000 quote marks in one paragraph: minutes).
CONTEXT_CHARS = 300


def quote_lexical_text(article: Article, quote: Quote) -> str:
    start = max(quote.context_start, quote.start - CONTEXT_CHARS)
    end = min(quote.context_end, quote.end + CONTEXT_CHARS)
    return f"{quote.speaker} {article.body[start:end]} {quote.text}"


def attributed_quotes(
    articles: list[Article], problems: list[Problem], reusable: dict[str, list[Quote]]
) -> list[Quote]:
    """Every quote with a named speaker; one article's extraction failing never stops a build.

    `reusable` holds the quotes of unchanged articles from the previous build."""
    quotes: list[Quote] = []
    for article in articles:
        if article.id in reusable:
            quotes.extend(reusable[article.id])
            continue
        try:
            found = extract_quotes(article)
        except Exception as exc:  # an extractor bug must not cost the newsroom its index
            problems.append(Problem(article.id, None, f"quote extraction failed: {exc}"))
            continue
        quotes.extend(q for q in found if q.speaker)
    return quotes


@dataclass(frozen=True)
class DenseOptions:
    """Which FAISS index to build: "auto" is exact up to `flat_max` items, then approximate."""

    index_type: str = "auto"
    flat_max: int = FLAT_MAX


@dataclass
class Written:
    """A finished segment: its entry for the manifest, file sizes, and what it cost."""

    entry: SegmentEntry
    files: dict[str, int]  # path under the index root -> bytes
    checksums: dict[str, str] = field(default_factory=dict)  # every file -> sha256
    encoded: int = 0
    dropped_lines: int = 0
    problems: list[Problem] = field(default_factory=list)


def write_segment(
    folder: Path,
    articles: list[Article],
    embedder: Embedder,
    cache: EmbeddingCache,
    dense: DenseOptions,
    reusable_quotes: dict[str, list[Quote]],
    progress: Callable[[int, int], None] | None = None,
) -> Written:
    """Chunk, extract quotes, embed (cached) and index `articles` into `folder`."""
    problems: list[Problem] = []
    passages: list[Passage] = []
    owners: list[Article] = []
    for article in articles:
        chunked = chunk_article(article, first_id=len(passages))
        passages.extend(chunked)
        owners.extend([article] * len(chunked))
    quotes = attributed_quotes(articles, problems, reusable_quotes)
    by_id = {a.id: a for a in articles}
    quote_owners = [by_id[q.article_id] for q in quotes]

    texts = [embedding_text(a, p) for a, p in zip(owners, passages, strict=True)]
    texts += [quote_embedding_text(q) for q in quotes]
    vectors, encoded = embed_with_cache(texts, embedder, cache, progress)

    with writing(folder / "store.sqlite"):
        store = Store(folder / "store.sqlite")
        try:
            store.add_articles(articles)
            store.add_passages(passages)
            store.add_quotes(quotes)
            store.commit()
        finally:
            store.close()

    quote_collection = Collection.build(
        vectors[len(passages) :],
        embedder.dimension,
        [quote_lexical_text(a, q) for a, q in zip(quote_owners, quotes, strict=True)],
        {**article_meta(quote_owners), **speaker_meta(quotes)},
        dense.index_type,
        dense.flat_max,
    )
    with writing(folder / "quotes"):
        quote_collection.save(folder / "quotes")
    collection = Collection.build(
        vectors[: len(passages)],
        embedder.dimension,
        [lexical_text(a, p) for a, p in zip(owners, passages, strict=True)],
        article_meta(owners),
        dense.index_type,
        dense.flat_max,
    )
    with writing(folder):
        collection.save(folder)
    name = folder.name.removesuffix(".partial")
    entry = SegmentEntry(
        name, len(articles), len(passages), len(quotes), collection.dense.index_type
    )
    files = {f"{SEGMENTS}/{name}/{k}": v for k, v in file_sizes(folder, FILES).items()}
    sums = {f"{SEGMENTS}/{name}/{k}": v for k, v in checksums(folder, FILES).items()}
    dropped = sum(len(a.dropped_lines) for a in articles)
    return Written(entry, files, sums, encoded, dropped, problems)


@dataclass
class OpenSegment:
    """A segment loaded for serving, with the local ids of its tombstoned items."""

    entry: SegmentEntry
    store: Store
    passages: Collection
    quotes: Collection
    dead: frozenset[str]  # tombstoned article ids
    dead_passages: np.ndarray
    dead_quotes: np.ndarray

    def close(self) -> None:
        self.store.close()


def open_segment(
    root: Path,
    entry: SegmentEntry,
    dead: frozenset[str],
    loaded: OpenSegment | None = None,
) -> OpenSegment:
    """Load a segment; IndexLoadError names the file that is unreadable or wrong.

    Segments never change once written, so the collections of `loaded` (the same segment
    already serving) are shared rather than read again; only the store connection and the
    tombstones, which a newer build may have added to, are fresh."""
    folder = segment_folder(root, entry.name)
    try:
        store = Store(folder / "store.sqlite", readonly=True)
        store.count("passages")
        dead_passages = np.array(store.item_ids("passages", dead), dtype=np.int64)
        dead_quotes = np.array(store.item_ids("quotes", dead), dtype=np.int64)
    except Exception as exc:
        raise IndexLoadError(f"{folder / 'store.sqlite'}: unreadable ({exc}): {REBUILD}") from exc
    if loaded is not None and _same_files(loaded.entry, entry):
        passages, quotes = loaded.passages, loaded.quotes
    else:
        passages = Collection.load(folder, entry.passages)
        quotes = Collection.load(folder / "quotes", entry.quotes)
    return OpenSegment(entry, store, passages, quotes, dead, dead_passages, dead_quotes)


def _same_files(a: SegmentEntry, b: SegmentEntry) -> bool:
    """The same segment on disk (its tombstone counts may differ between builds)."""
    return (a.name, a.passages, a.quotes, a.index_type) == (
        b.name,
        b.passages,
        b.quotes,
        b.index_type,
    )
