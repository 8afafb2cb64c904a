"""What `speaker` returns: plain data the CLI, the harness and Discord render.

JSON contract (field names stable, fields may be added): `{"speaker", "speakers_matched":
[{"speaker_id", "name"}], "since", "until", "source", "quotes", "undated", "stories":
[{"story_id", "title", "first_date", "last_date", "outlets", "articles": [{"article_id",
"title", "date", "source", "url"}], "quotes": [{"quote", "speaker", "speaker_id", "article_id",
"title", "date", "source", "url", "paragraph", "start", "end", "context"}]}], "months":
[{"month", "quotes"}], "outlets": [{"source", "quotes", "articles"}], "affiliated_speakers"}`."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import asdict, dataclass, field

from retrieval.answers import Citation
from retrieval.models import Article, Quote


@dataclass(frozen=True, kw_only=True)
class StoryQuote(Citation):
    """One quotation: `quote` is exactly `body[start:end]`; `context` the sentence naming
    the speaker."""

    quote: str
    speaker: str  # as the article gives it
    speaker_id: str | None  # the entity's id across the archive
    start: int
    end: int
    context: str
    canonical_speaker: str | None = None

    @classmethod
    def of(cls, article: Article, quote: Quote) -> StoryQuote:
        """`quote` resolved to its speaker entity (`registry.resolve`)."""
        return cls(
            quote=quote.text,
            speaker=quote.speaker or "",
            speaker_id=quote.speaker_id,
            canonical_speaker=quote.canonical_speaker,
            start=quote.start,
            end=quote.end,
            context=article.body[quote.context_start : quote.context_end],
            **Citation.fields_of(article, quote.paragraph),
        )


@dataclass(frozen=True)
class StoryArticle:
    article_id: str
    title: str
    date: str | None
    source: str | None
    url: str | None


@dataclass
class Story:
    """One article, or near-duplicate articles (a wire story in several outlets, an update)
    that carry the same quotations of the speaker; quotes newest first."""

    story_id: str  # the id of its first article
    title: str
    first_date: str | None
    last_date: str | None
    outlets: list[str]
    articles: list[StoryArticle]
    quotes: list[StoryQuote]


@dataclass(frozen=True)
class MonthCount:
    month: str  # YYYY-MM
    quotes: int


@dataclass(frozen=True)
class OutletCount:
    source: str
    quotes: int
    articles: int


@dataclass(frozen=True)
class MatchedSpeaker:
    speaker_id: str
    name: str


@dataclass
class SpeakerRecord:
    speaker: str  # as typed
    speakers_matched: list[MatchedSpeaker] = field(default_factory=list)
    since: str | None = None
    until: str | None = None
    source: str | None = None
    quotes: int = 0
    undated: int = 0  # quotes in articles without a date (not in `months`)
    stories: list[Story] = field(default_factory=list)
    months: list[MonthCount] = field(default_factory=list)  # oldest first, every month between
    outlets: list[OutletCount] = field(default_factory=list)  # most quotes first
    # Those who speak for a matched speaker ("Spokesman for Jeremy Corbyn"); not in the record.
    affiliated_speakers: list[str] = field(default_factory=list)

    def to_json(self) -> dict:
        return asdict(self)

    def nothing_found(self, who: str, shown: Callable[[str], str] = str) -> str:
        """Why a record of matched speakers is empty, and where their words may be instead;
        `shown` readies an archive name for display (Discord escapes it)."""
        narrowed = self.since or self.until or self.source
        said = f"No quotes from {who} " + (
            "for that period or outlet." if narrowed else "in person in our coverage."
        )
        if not self.affiliated_speakers:
            return said
        names = ", ".join(shown(name) for name in self.affiliated_speakers[:3])
        verb = "speaks" if len(self.affiliated_speakers) == 1 else "speak"
        return f"{said} {names} {verb} for them: ask for that speaker by name."
