"""Build an index folder from article inputs: load, chunk, embed (cached), index, publish."""

from __future__ import annotations

import hashlib
import shutil
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from retrieval import layout
from retrieval.chunking import chunk_article
from retrieval.collection import FILES as COLLECTION_FILES
from retrieval.collection import Collection, article_meta, speaker_meta
from retrieval.dense import FLAT_MAX
from retrieval.embedding import Embedder
from retrieval.embedding_cache import EmbeddingCache, embed_with_cache
from retrieval.loading import LoadResult, Problem, load_articles
from retrieval.models import Article, Passage, Quote
from retrieval.quotes import extract_quotes
from retrieval.store import Store, article_fingerprint

EMBED_TEXT = "title+passage"

FILES = ["store.sqlite", *COLLECTION_FILES]


def embedding_text(article: Article, passage: Passage) -> str:
    """What the encoder reads for a passage: the headline gives a paragraph its topic."""
    return f"{article.title}\n{passage.text}" if article.title else passage.text


def lexical_text(article: Article, passage: Passage) -> str:
    return embedding_text(article, passage)


def quote_embedding_text(quote: Quote) -> str:
    """A quote is found by what was said and by who said it."""
    return f"{quote.speaker}: {quote.text}"


def quote_lexical_text(article: Article, quote: Quote) -> str:
    return f"{quote.speaker} {article.body[quote.context_start : quote.context_end]} {quote.text}"


def attributed_quotes(
    articles: list[Article], report: BuildReport, reusable: dict[str, list[Quote]] | None = None
) -> list[Quote]:
    """Every quote with a named speaker; one article's extraction failing never stops a build.

    `reusable` holds the quotes of unchanged articles from the previous build."""
    quotes: list[Quote] = []
    reusable = reusable or {}
    for article in articles:
        if article.id in reusable:
            quotes.extend(reusable[article.id])
            continue
        try:
            found = extract_quotes(article)
        except Exception as exc:  # an extractor bug must not cost the newsroom its index
            report.problems.append(Problem(article.id, None, f"quote extraction failed: {exc}"))
            continue
        quotes.extend(q for q in found if q.speaker)
    return quotes


@dataclass
class BuildReport:
    articles: int = 0
    passages: int = 0
    encoded: int = 0  # passages that went through the model; the rest came from the cache
    added: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    duplicates: list[str] = field(default_factory=list)
    dropped_lines: int = 0
    quotes: int = 0
    unchanged: bool = False  # inputs identical to the serving build: nothing was rebuilt
    seconds: float = 0.0
    build_dir: str = ""

    def to_json(self) -> dict:
        return {
            "articles": self.articles,
            "passages": self.passages,
            "quotes": self.quotes,
            "encoded": self.encoded,
            "added": len(self.added),
            "updated": len(self.updated),
            "removed": len(self.removed),
            "skipped": len(self.problems),
            "problems": [str(p) for p in self.problems],
            "duplicates": self.duplicates,
            "dropped_lines": self.dropped_lines,
            "seconds": round(self.seconds, 3),
            "unchanged": self.unchanged,
        }


@dataclass(frozen=True)
class DenseOptions:
    """Which FAISS index to build: "auto" is exact up to `flat_max` items, then approximate."""

    index_type: str = "auto"
    flat_max: int = FLAT_MAX


class BuildError(RuntimeError):
    """The inputs gave nothing to index; the serving index was left untouched."""


ProgressFn = Callable[[int, int], None]


def corpus_fingerprint(articles: Sequence[Article]) -> str:
    digest = hashlib.blake2b(digest_size=16)
    for article in sorted(articles, key=lambda a: a.id):
        digest.update(article_fingerprint(article).encode())
    return digest.hexdigest()


@dataclass
class Previous:
    """What the serving build already holds, so a rebuild redoes only what changed."""

    folder: Path | None = None
    manifest: layout.Manifest | None = None
    fingerprints: dict[str, str] = field(default_factory=dict)
    quotes: dict[str, list[Quote]] = field(default_factory=dict)

    @classmethod
    def read(cls, root: Path) -> Previous:
        try:
            folder = layout.serving_build(root)
            manifest = layout.Manifest.read(folder)
            manifest.check_files(folder)
            store = Store(folder / "store.sqlite", readonly=True)
        except Exception:  # no usable previous build: everything is new
            return cls()
        try:
            return cls(folder, manifest, store.fingerprints(), store.quotes_by_article())
        except Exception:
            return cls()
        finally:
            store.close()

    def serves(self, articles: list[Article], embedder: Embedder, dense: DenseOptions) -> bool:
        """True when the serving build was made from exactly these articles the same way."""
        m = self.manifest
        return (
            m is not None
            and m.fingerprint == corpus_fingerprint(articles)
            and m.model_name == embedder.name
            and m.extra.get("dense") == [dense.index_type, dense.flat_max]
            and m.embed_text == EMBED_TEXT
        )


def _diff(report: BuildReport, previous: dict[str, str], articles: list[Article]) -> None:
    current = {a.id: article_fingerprint(a) for a in articles}
    report.added = [i for i in current if i not in previous]
    report.updated = [i for i in current if i in previous and previous[i] != current[i]]
    report.removed = [i for i in previous if i not in current]


def build_index(
    inputs: Sequence[str | Path],
    root: Path,
    embedder: Embedder,
    source: str | None = None,
    url: str | None = None,
    progress: ProgressFn | None = None,
    loaded: LoadResult | None = None,
    dense: DenseOptions = DenseOptions(),
) -> BuildReport:
    """Build a new index under `root` from `inputs` and make it the serving one."""
    started = time.perf_counter()
    loaded = loaded or load_articles(inputs, source=source, url=url)
    report = BuildReport(problems=loaded.problems, duplicates=loaded.duplicates)
    articles = loaded.articles
    if not articles:
        raise BuildError(
            "no articles to index"
            + (
                f" ({len(loaded.problems)} inputs skipped: {loaded.problems[0]})"
                if loaded.problems
                else ""
            )
        )
    root.mkdir(parents=True, exist_ok=True)
    previous = Previous.read(root)
    _diff(report, previous.fingerprints, articles)
    if previous.serves(articles, embedder, dense):
        # Nothing changed since the serving build: keep serving it rather than rebuild.
        report.articles, report.passages = len(articles), previous.manifest.passages
        report.quotes, report.unchanged = previous.manifest.quotes, True
        report.seconds = time.perf_counter() - started
        report.build_dir = str(previous.folder)
        return report
    reusable = {
        article_id: quotes
        for article_id, quotes in previous.quotes.items()
        if article_id not in report.updated
    }
    partial = layout.new_build_folder(root)
    try:
        _write_build(partial, root, articles, embedder, report, progress, dense, reusable)
    except BaseException:
        shutil.rmtree(partial, ignore_errors=True)
        raise
    report.seconds = time.perf_counter() - started
    report.build_dir = str(layout.publish(root, partial))
    return report


def _write_build(
    folder: Path,
    root: Path,
    articles: list[Article],
    embedder: Embedder,
    report: BuildReport,
    progress: ProgressFn | None,
    dense: DenseOptions,
    reusable_quotes: dict[str, list[Quote]],
) -> None:
    started = time.perf_counter()
    passages: list[Passage] = []
    owners: list[Article] = []
    for article in articles:
        chunked = chunk_article(article, first_id=len(passages))
        passages.extend(chunked)
        owners.extend([article] * len(chunked))
        report.dropped_lines += len(article.dropped_lines)
    report.articles, report.passages = len(articles), len(passages)

    quotes = attributed_quotes(articles, report, reusable_quotes)
    by_id = {a.id: a for a in articles}
    quote_owners = [by_id[q.article_id] for q in quotes]
    report.quotes = len(quotes)

    cache = EmbeddingCache(root / "cache" / f"{embedder.name}.sqlite", embedder.dimension)
    try:
        texts = [embedding_text(a, p) for a, p in zip(owners, passages, strict=True)]
        texts += [quote_embedding_text(q) for q in quotes]
        vectors, report.encoded = embed_with_cache(texts, embedder, cache, progress)
    finally:
        cache.close()

    store = Store(folder / "store.sqlite")
    store.add_articles(articles)
    store.add_passages(passages)
    store.add_quotes(quotes)
    store.commit()
    store.close()

    Collection.build(
        vectors[len(passages) :],
        embedder.dimension,
        [quote_lexical_text(a, q) for a, q in zip(quote_owners, quotes, strict=True)],
        {**article_meta(quote_owners), **speaker_meta(quotes)},
        dense.index_type,
        dense.flat_max,
    ).save(folder / "quotes")
    vectors = vectors[: len(passages)]

    collection = Collection.build(
        vectors,
        embedder.dimension,
        [lexical_text(a, p) for a, p in zip(owners, passages, strict=True)],
        article_meta(owners),
        dense.index_type,
        dense.flat_max,
    )
    collection.save(folder)

    manifest = layout.Manifest(
        model_name=embedder.name,
        dimension=embedder.dimension,
        articles=len(articles),
        passages=len(passages),
        fingerprint=corpus_fingerprint(articles),
        built_at=time.strftime("%Y-%m-%dT%H:%M:%S%z"),
        build_seconds=round(time.perf_counter() - started, 3),
        index_type=collection.dense.index_type,
        embed_text=EMBED_TEXT,
        extra={"dense": [dense.index_type, dense.flat_max]},
        files=layout.file_sizes(folder, FILES + [f"quotes/{name}" for name in COLLECTION_FILES]),
        quotes=len(quotes),
    )
    manifest.write(folder)
