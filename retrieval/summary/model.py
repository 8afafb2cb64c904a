"""What a summary is: verbatim, attributed sentences."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field

from retrieval.answers import Citation


@dataclass(frozen=True, kw_only=True)
class SummarySentence(Citation):
    """One published sentence: `article.body[start:end] == text`."""

    text: str
    start: int
    end: int

    def to_json(self) -> dict:
        return asdict(self)


@dataclass
class Summary:
    """An article summary (`article_id` set) or a topic summary (`query` set)."""

    query: str | None
    article_id: str | None
    answered: bool
    sentences: list[SummarySentence] = field(default_factory=list)

    def to_json(self) -> dict:
        head = {"query": self.query} if self.query is not None else {"article_id": self.article_id}
        return {
            **head,
            "answered": self.answered,
            "sentences": [s.to_json() for s in self.sentences],
        }
