"""The handlers every adapter calls: one method per command, plain results out.

The serving archive is one reference; a reload builds beside it and swaps the reference, so a
query that started on the old archive finishes on it and no query ever waits for a build."""

from __future__ import annotations

import threading
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from functools import cached_property
from pathlib import Path
from typing import Any, TypeVar

from retrieval.answers import NO_OUTLET, AskAnswer, PassageResult, QuoteResult, Stats, WhoSaidAnswer
from retrieval.embed.embedding import Embedder
from retrieval.feedback import FeedbackStore, open_feedback
from retrieval.index import layout
from retrieval.index.archive import Archive
from retrieval.index.build_process import BuildJob, EncoderSpec, build_in_child, compute_threads
from retrieval.index.builder import BuildReport, DenseOptions, ProgressFn, build_index
from retrieval.ingest.web.options import WebOptions
from retrieval.models import Article
from retrieval.queries import QueryError
from retrieval.quote_check.answer import QuoteCheckAnswer
from retrieval.quote_check.check import check_quote
from retrieval.quotes.directory import SpeakerMatch
from retrieval.quotes.registry import SpeakerEntity
from retrieval.quotes.version import extractor_version
from retrieval.requests import (
    AskRequest,
    QuoteCheckRequest,
    Request,
    RequestContext,
    SpeakerRecordRequest,
    SpeakersRequest,
    SummaryRequest,
    WhoSaidRequest,
)
from retrieval.search.quotes import rank_quotes
from retrieval.search.rank import DEFAULT_FUSION, Fusion, rank, search
from retrieval.speaker_record import SpeakerRecord, speaker_record
from retrieval.storage import EmbeddedStorage, ReloadBusyError, Storage, storage_for
from retrieval.summary import Summary, summarize_article, summarize_topic
from retrieval.summary.quoted import stored_quotes

# Passages a topic summary reads sentences from.
TOPIC_PASSAGES = 30
R = TypeVar("R", bound=Request)


def _articles(archive: Archive, ids: list[str]) -> dict[str, Article]:
    """The articles behind a page of results, each read once."""
    return {article_id: archive.store.article(article_id) for article_id in dict.fromkeys(ids)}


def _cited_from_one(summary: Summary) -> Summary:
    """Paragraph numbers count from 1 in every answer, as a reader counts."""
    summary.sentences = [replace(s, paragraph=s.paragraph + 1) for s in summary.sentences]
    return summary


@dataclass
class ServiceConfig:
    index_dir: Path
    inputs: Sequence[str | Path] = ("seeds",)
    source: str | None = None
    url: str | None = None
    fusion: Fusion = DEFAULT_FUSION
    max_query_chars: int = 1000
    dense: DenseOptions = DenseOptions()
    # Where a build runs: "auto" = in a child process while this service serves an archive
    # (queries must not wait on the build's GIL), in this process otherwise (nobody is waiting,
    # so the build gets every core); "process" or "inline" force one.
    build_in: str = "auto"
    build_threads: int = 0  # compute threads of a child build; 0 = all cores but one
    index_fallback: bool = False  # serve the last good build when the serving one is damaged
    follow_links: bool = False  # read links that lead out of an input folder
    web: WebOptions = WebOptions()  # how feed, sitemap and page inputs are fetched
    feedback_salt: str | None = None  # None: generated once, kept beside the feedback store
    # PostgreSQL + pgvector instead of the index folder (which then holds the writer's local
    # working copy and embedding cache); see retrieval.pg.
    database_url: str | None = None
    database_poll_seconds: float = 1.0  # how often a process checks for another's new build


class NewsService:
    def __init__(self, config: ServiceConfig, embedder: Embedder | None = None) -> None:
        self.config = config
        self.embedder = embedder or Embedder()
        self._archive: Archive | None = None
        self._reload_lock = threading.Lock()
        self._load_lock = threading.Lock()
        self.last_reload: BuildReport | None = None
        self.storage: Storage = storage_for(
            config.index_dir,
            config.database_url,
            poll_seconds=config.database_poll_seconds,
            fallback=config.index_fallback,
        )

    # -- the serving archive -------------------------------------------------------------
    @property
    def archive(self) -> Archive:
        if self._archive is None:
            with self._load_lock:
                if self._archive is None:
                    self._archive = self.storage.open(self.embedder)
        elif self.storage.moved(self._archive) and self._load_lock.acquire(blocking=False):
            # Another process published a build: switch to it; queries meanwhile keep the old.
            try:
                self._archive = self.storage.open(self.embedder, serving=self._archive)
            except layout.IndexLoadError:
                pass  # the new build cannot be read here: keep answering from the old one
            finally:
                self._load_lock.release()
        return self._archive

    @cached_property
    def feedback(self) -> FeedbackStore:
        """Ratings of answers, beside the builds (they outlive reloads): in the index root, or in
        the database when the archive is on PostgreSQL."""
        config = self.config
        return open_feedback(Path(config.index_dir), config.feedback_salt, config.database_url)

    def index_exists(self) -> bool:
        return self.storage.exists()

    def build(
        self,
        inputs: Sequence[str | Path] | None = None,
        progress: ProgressFn | None = None,
        compact: bool = False,
    ) -> BuildReport:
        """Build from `inputs` (default: the configured ones) and serve the result.

        `compact` rewrites every live article into one segment instead of adding a delta."""
        if not self._reload_lock.acquire(blocking=False):
            raise ReloadBusyError("A reload is already running; try again when it has finished.")
        try:
            with self.storage.writing():
                report = self._build(inputs or self.config.inputs, progress, compact)
                changed = self.storage.publish(report)
            self.last_reload = report
            if not changed and self._archive is not None:
                return report  # the serving archive is already this build
            fresh = self._open_built(report)
            old, self._archive = self._archive, fresh
            del old  # queries still holding it finish on it; SQLite closes when it is freed
            return report
        finally:
            self._reload_lock.release()

    reload = build

    def _open_built(self, report: BuildReport) -> Archive:
        """The archive just built; if it fails to open, the build that served stays serving,
        on disk too (a bot never swaps to a build it cannot read)."""
        serving = self._archive
        try:
            return self.storage.open(self.embedder, serving=serving)
        except layout.IndexLoadError as exc:
            if serving is None or not isinstance(self.storage, EmbeddedStorage):
                raise
            layout.point_current(layout.index_root(serving.folder), serving.folder.name)
            raise layout.IndexLoadError(
                f"the new build does not open ({exc}); still serving {serving.folder.name}"
            ) from exc

    def _build(
        self, inputs: Sequence[str | Path], progress: ProgressFn | None, compact: bool
    ) -> BuildReport:
        config = self.config
        spec = EncoderSpec.of(self.embedder) if self.builds_in_child else None
        if spec is None:
            return build_index(
                inputs,
                Path(config.index_dir),
                self.embedder,
                source=config.source,
                url=config.url,
                progress=progress,
                dense=config.dense,
                compact=compact,
                follow_links=config.follow_links,
                web=config.web,
            )
        job = BuildJob(
            tuple(str(i) for i in inputs),  # the child starts in this working directory
            str(config.index_dir),
            spec,
            config.source,
            config.url,
            config.dense,
            compute_threads(config.build_threads),
            compact=compact,
            follow_links=config.follow_links,
            web=config.web,
        )
        return build_in_child(job, progress)

    @property
    def builds_in_child(self) -> bool:
        """Whether the next build runs in a child process (see `ServiceConfig.build_in`)."""
        where = self.config.build_in
        if where not in ("auto", "process", "inline"):
            raise ValueError(f"build_in must be auto, process or inline, not {where!r}")
        # The CLI's `index build` has loaded no archive: it builds here, on every core. A
        # serving bot (`newsbot run` loads the archive before it connects) builds in a child.
        return where == "process" or (where == "auto" and self._archive is not None)

    @property
    def reloading(self) -> bool:
        return self._reload_lock.locked()

    # -- commands ------------------------------------------------------------------------
    def check(self, model: type[R], fields: Mapping[str, Any], load: bool = True) -> R:
        """`fields` checked as a `model` request (see `retrieval.requests`), outlets against
        the serving archive's when it is open or `load` may open it: QueryError if wrong."""
        sources = self.sources() if load or self._archive is not None else None
        return model.parse(fields, RequestContext(self.config.max_query_chars, sources))

    def answer(self, request: Request) -> Any:
        """What the handler `request` is for answers to it."""
        return getattr(self, request.handler)(**request.arguments())

    def ask(
        self,
        query: str,
        k: int | None = 5,
        source: str | None = None,
        since: str | None = None,
        until: str | None = None,
    ) -> AskAnswer:
        fields = {"query": query, "k": k, "source": source, "since": since, "until": until}
        request = self.check(AskRequest, fields)
        text, archive = request.query, self.archive
        outcome = search(
            archive, self.embedder, text, request.k, request.filters, self.config.fusion
        )
        articles = _articles(archive, [hit.passage.article_id for hit in outcome.hits])
        results = [
            PassageResult.of(articles[hit.passage.article_id], hit.passage, hit.score)
            for hit in outcome.hits
        ]
        return AskAnswer(text, outcome.answered, results, outcome.absent, outcome.missing_kind)

    def quotes_outdated(self) -> bool:
        """Whether the serving quotes were found by other extraction rules than this version's
        (an index built before an upgrade): a reload or `index build` renews them."""
        return self.archive.manifest.extra.get("quotes") != extractor_version()

    def who_said(
        self,
        query: str,
        speaker: str | None = None,
        k: int | None = 5,
        since: str | None = None,
        until: str | None = None,
        source: str | None = None,
        include_affiliated: bool = False,
    ) -> WhoSaidAnswer:
        """Quotes matching a topic, paraphrase or fragment, optionally from one speaker (an
        entity: "Corbyn" is Jeremy Corbyn, not his spokesman); `include_affiliated` adds the
        quotes of those who speak for that speaker, marked `affiliated`."""
        fields = {"query": query, "speaker": speaker, "k": k, "source": source}
        request = self.check(
            WhoSaidRequest,
            {**fields, "since": since, "until": until, "include_affiliated": include_affiliated},
        )
        text, speaker, archive = request.query, request.speaker, self.archive
        include_affiliated = request.include_affiliated
        quotes = archive.quotes
        filters = request.filters
        match = SpeakerMatch()
        if speaker:
            match = archive.speakers.match(speaker, include_affiliated)
            filters.speaker_codes = match.codes
        matched = [e.name for e in match.entities]
        speaking_for = [e.name for e in match.affiliated]
        if quotes is None or quotes.size == 0:
            return WhoSaidAnswer(
                text, False, [], speaker, matched, [], include_affiliated, speaking_for
            )
        vector = self.embedder.encode([text])[0]
        outcome = rank_quotes(archive, vector, text, request.k, filters, self.config.fusion)
        ranked = outcome.ranked
        found = {
            i: archive.speaker_registry.resolve(q)
            for i, q in archive.store.quotes(ranked.ids).items()
        }
        articles = _articles(archive, [q.article_id for q in found.values()])
        affiliated_ids = {e.id for e in match.affiliated}
        results = [
            QuoteResult.of(
                articles[found[i].article_id],
                found[i],
                score,
                affiliated=found[i].speaker_id in affiliated_ids,
            )
            for i, score in zip(ranked.ids, ranked.scores, strict=True)
        ]
        return WhoSaidAnswer(
            text,
            outcome.answered,
            results,
            speaker,
            matched,
            ranked.absent,
            include_affiliated,
            speaking_for,
        )

    def quote_check(
        self, words: str | None, speaker: str | None = None, k: int | None = 5
    ) -> QuoteCheckAnswer:
        """Whether and how our coverage carried a quotation: exact, altered (with the word
        diff), paraphrase or not found; with `speaker`, whether we attributed it to them."""
        request = self.check(QuoteCheckRequest, {"words": words, "speaker": speaker, "k": k})
        archive = self.archive
        return check_quote(archive, self.embedder, request.words, request.speaker, request.k)

    def speaker_record(
        self,
        name: str | None,
        since: str | None = None,
        until: str | None = None,
        source: str | None = None,
    ) -> SpeakerRecord:
        """Everything one speaker said in our coverage, newest first, grouped by story, with
        quotes per month and the outlets that carried them."""
        fields = {"name": name, "since": since, "until": until, "source": source}
        request = self.check(SpeakerRecordRequest, fields)
        return speaker_record(
            self.archive, request.name, request.since, request.until, request.source
        )

    def summary(
        self,
        topic: str | None = None,
        article: str | None = None,
        sentences: int | None = None,
        since: str | None = None,
        until: str | None = None,
        source: str | None = None,
    ) -> Summary:
        """An extractive summary of one article, or of a topic across the archive."""
        fields = {"topic": topic, "article": article, "sentences": sentences, "source": source}
        request = self.check(SummaryRequest, {**fields, "since": since, "until": until})
        archive, sentences = self.archive, request.sentences
        if request.article:
            found = archive.store.article(request.article)
            if found is None:
                raise QueryError(f"No article with id {request.article[:80]!r} in the archive.")
            passages = [p.id for p in archive.store.article_passages(found.id)]
            quotes = stored_quotes(archive.store, passages)
            return _cited_from_one(summarize_article(found, self.embedder, sentences, quotes))
        text, filters = request.topic or "", request.filters
        vector = self.embedder.encode([text])[0]
        outcome = rank(archive, vector, text, TOPIC_PASSAGES, filters, self.config.fusion)
        if outcome.absent:
            return Summary(query=text, article_id=None, answered=False)
        articles = _articles(archive, [hit.passage.article_id for hit in outcome.hits])
        candidates = [
            (articles[hit.passage.article_id], hit.passage, hit.score) for hit in outcome.hits
        ]
        quotes = stored_quotes(archive.store, [hit.passage.id for hit in outcome.hits])
        summary = summarize_topic(text, vector, candidates, self.embedder, sentences, quotes=quotes)
        return _cited_from_one(summary)

    def speakers(self, prefix: str = "", limit: int = 25) -> list[tuple[str, int]]:
        """Known speakers (canonical names) with their quote counts, best matches first."""
        return [(e.name, e.quotes) for e in self.speaker_entities(prefix, limit)]

    def speaker_entities(self, prefix: str = "", limit: int = 25) -> list[SpeakerEntity]:
        """Known speaker entities, most quoted first; with `prefix`, those with a name or alias
        word starting with it, then those the forgiving `--speaker` match finds (typos)."""
        request = self.check(SpeakersRequest, {"prefix": prefix, "limit": limit})
        prefix, limit = request.prefix, request.limit
        archive = self.archive
        if not prefix:
            return archive.speaker_registry.listing()[:limit]
        starts = archive.speakers.starting(prefix)
        seen = {e.id for e in starts}
        fuzzy = [e for e in archive.speakers.match(prefix).entities if e.id not in seen]
        return (starts + fuzzy)[:limit]

    def stats(self) -> Stats:
        archive = self.archive
        first, last = archive.store.date_range()
        manifest = archive.manifest
        return Stats(
            articles=manifest.articles,
            passages=manifest.passages,
            quotes=manifest.quotes,
            sources={name or NO_OUTLET: n for name, n in archive.store.sources().items()},
            first_date=first,
            last_date=last,
            model=manifest.model_name,
            index_type=manifest.index_type,
            index_bytes=sum(manifest.files.values()),
            built_at=manifest.built_at,
            index_dir=str(self.config.index_dir),
            build=archive.folder.name,
        )

    def sources(self) -> list[str]:
        return [s for s in self.archive.source_names if s]
