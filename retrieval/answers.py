"""Results the handlers return and the adapters render: plain data, JSON-ready."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field

from retrieval.models import Article, Passage, Quote


@dataclass(frozen=True, kw_only=True)
class Citation:
    """Where a line was published. `paragraph` counts from 1, as a reader would."""

    article_id: str
    title: str
    date: str | None
    source: str | None
    url: str | None
    paragraph: int

    @staticmethod
    def fields_of(article: Article, paragraph_index: int) -> dict:
        return {
            "article_id": article.id,
            "title": article.title,
            "date": article.date,
            "source": article.source,
            "url": article.url,
            "paragraph": paragraph_index + 1,
        }


@dataclass(frozen=True, kw_only=True)
class PassageResult(Citation):
    text: str
    score: float
    start: int
    end: int
    passage_id: int

    @classmethod
    def of(cls, article: Article, passage: Passage, score: float) -> PassageResult:
        return cls(
            text=passage.text,
            score=round(score, 4),
            start=passage.start,
            end=passage.end,
            passage_id=passage.id,
            **Citation.fields_of(article, passage.paragraph),
        )


@dataclass
class AskAnswer:
    query: str
    answered: bool
    results: list[PassageResult] = field(default_factory=list)
    absent_terms: list[str] = field(default_factory=list)  # names no article ever mentions
    # The kind of answer asked for ("money", "share", "number", "date") that none of the closest
    # passages holds, when that is why there is no answer.
    missing_kind: str | None = None

    def to_json(self) -> dict:
        return asdict(self)


# How `stats` counts articles that name no outlet.
NO_OUTLET = "(no outlet)"


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
    index_dir: str  # the index folder, as configured or given with --index
    build: str = ""  # the serving build's name under index_dir/builds/

    def to_json(self) -> dict:
        return asdict(self)


@dataclass(frozen=True, kw_only=True)
class QuoteResult(Citation):
    quote: str
    speaker: str
    score: float
    context: str  # the sentence that names the speaker, verbatim
    speaker_as_written: str | None
    cue: str | None
    confidence: float
    start: int
    end: int
    # The speaker as an entity of the archive (see retrieval/quotes/registry.py).
    speaker_id: str | None = None
    speaker_kind: str | None = None
    canonical_speaker: str | None = None
    affiliation: str | None = None  # whom the speaker speaks for: "Jeremy Corbyn"
    affiliated: bool = False  # found because the speaker speaks for the --speaker asked for

    @classmethod
    def of(
        cls, article: Article, quote: Quote, score: float, affiliated: bool = False
    ) -> QuoteResult:
        return cls(
            quote=quote.text,
            speaker=quote.speaker or "",
            score=round(score, 4),
            context=article.body[quote.context_start : quote.context_end],
            speaker_as_written=quote.speaker_as_written,
            cue=quote.cue,
            confidence=round(quote.confidence, 3),
            start=quote.start,
            end=quote.end,
            speaker_id=quote.speaker_id,
            speaker_kind=quote.speaker_kind,
            canonical_speaker=quote.canonical_speaker,
            affiliation=quote.affiliation,
            affiliated=affiliated,
            **Citation.fields_of(article, quote.paragraph),
        )


@dataclass
class WhoSaidAnswer:
    query: str
    answered: bool
    results: list[QuoteResult] = field(default_factory=list)
    speaker: str | None = None  # the speaker filter as given
    speakers_matched: list[str] = field(default_factory=list)  # canonical names of entities
    absent_terms: list[str] = field(default_factory=list)
    include_affiliated: bool = False
    # Speakers who speak for a matched entity ("Spokesman for Jeremy Corbyn"): their quotes are
    # among the results only with include_affiliated.
    affiliated_speakers: list[str] = field(default_factory=list)

    def to_json(self) -> dict:
        return asdict(self)

    def affiliated_note(self, how: str) -> str | None:
        """When the speakers asked for are not quoted themselves but others speak for them:
        who those are, and `how` to include them."""
        if self.results or self.include_affiliated or not self.affiliated_speakers:
            return None
        names = ", ".join(self.affiliated_speakers[:3])
        more = len(self.affiliated_speakers) - 3
        names += f" and {more} more" if more > 0 else ""
        return (
            f"No quotes from {' or '.join(self.speakers_matched)} in person; "
            f"{names} speak{'s' if len(self.affiliated_speakers) == 1 else ''} for them: "
            f"{how} to include those quotes."
        )
