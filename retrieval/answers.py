"""Results the handlers return and the adapters render: plain data, JSON-ready."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field

from retrieval.models import Article, Passage


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
