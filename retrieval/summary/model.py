"""What a summary is: verbatim, attributed sentences."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field

from retrieval.answers import Citation


@dataclass(frozen=True, kw_only=True)
class SummarySentence(Citation):
    """One published sentence: `article.body[start:end] == text`.

    `display` is `text` with the quote marks it was cut from added back, so quoted words read
    as quoted; `quoted` says at least half the sentence is a quotation, and `speaker` whose
    (from the quote index; None when it names nobody)."""

    text: str
    start: int
    end: int
    display: str = ""
    quoted: bool = False
    speaker: str | None = None

    def __post_init__(self) -> None:
        if not self.display:
            object.__setattr__(self, "display", self.text)

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
