"""Results the handlers return and the adapters render: plain data, JSON-ready."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field

from retrieval.models import Article, Passage, Quote


@dataclass
class Citation:
    """Where a line was published. `paragraph` counts from 1, as a reader would."""

    article_id: str
    title: str
    date: str | None
    source: str | None
    url: str | None
    paragraph: int

    @classmethod
    def of(cls, article: Article, paragraph_index: int) -> Citation:
        return cls(
            article.id,
            article.title,
            article.date,
            article.source,
            article.url,
            paragraph_index + 1,
        )


@dataclass
class PassageResult:
    text: str
    article_id: str
    title: str
    date: str | None
    source: str | None
    url: str | None
    paragraph: int
    score: float
    start: int
    end: int
    passage_id: int

    @classmethod
    def of(cls, article: Article, passage: Passage, score: float) -> PassageResult:
        cite = Citation.of(article, passage.paragraph)
        return cls(
            passage.text,
            cite.article_id,
            cite.title,
            cite.date,
            cite.source,
            cite.url,
            cite.paragraph,
            round(score, 4),
            passage.start,
            passage.end,
            passage.id,
        )


@dataclass
class AskAnswer:
    query: str
    answered: bool
    results: list[PassageResult] = field(default_factory=list)
    absent_terms: list[str] = field(default_factory=list)  # names no article ever mentions

    def to_json(self) -> dict:
        return asdict(self)


@dataclass
class Stats:
    articles: int
    passages: int
    quotes: int
    sources: dict[str, int]
    first_date: str | None
    last_date: str | None
    model: str
    index_type: str
    index_bytes: int
    built_at: str
    index_dir: str

    def to_json(self) -> dict:
        return asdict(self)


@dataclass
class QuoteResult:
    quote: str
    speaker: str
    article_id: str
    title: str
    date: str | None
    source: str | None
    url: str | None
    paragraph: int
    score: float
    context: str  # the sentence that names the speaker, verbatim
    speaker_as_written: str | None
    cue: str | None
    confidence: float
    start: int
    end: int

    @classmethod
    def of(cls, article: Article, quote: Quote, score: float) -> QuoteResult:
        cite = Citation.of(article, quote.paragraph)
        return cls(
            quote.text,
            quote.speaker or "",
            cite.article_id,
            cite.title,
            cite.date,
            cite.source,
            cite.url,
            cite.paragraph,
            round(score, 4),
            article.body[quote.context_start : quote.context_end],
            quote.speaker_as_written,
            quote.cue,
            round(quote.confidence, 3),
            quote.start,
            quote.end,
        )


@dataclass
class WhoSaidAnswer:
    query: str
    answered: bool
    results: list[QuoteResult] = field(default_factory=list)
    speaker: str | None = None  # the speaker filter as given
    speakers_matched: list[str] = field(default_factory=list)
    absent_terms: list[str] = field(default_factory=list)

    def to_json(self) -> dict:
        return asdict(self)
