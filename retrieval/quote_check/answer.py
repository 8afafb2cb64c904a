"""What `quote-check` returns: plain data that the CLI, the harness and Discord render.

JSON contract (field names stable, fields may be added): `{"query", "speaker", "verdict",
"matches": [{"quote", "speaker", "speaker_id", "article_id", "title", "date", "source", "url",
"paragraph", "start", "end", "similarity", "diff": [{"op", "ours", "theirs"}], ...}], ...}`."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field

from retrieval.answers import Citation
from retrieval.models import Article, Quote
from retrieval.quote_check.align import DiffOp

EXACT, ALTERED, PARAPHRASE, NOT_FOUND = "exact", "altered", "paraphrase", "not_found"
VERDICTS = (EXACT, ALTERED, PARAPHRASE, NOT_FOUND)


@dataclass(frozen=True, kw_only=True)
class QuoteCheckMatch(Citation):
    """A quotation we published that the pasted words match. `quote` is exactly
    `body[start:end]` (the words inside the quote marks); `excerpt` the stretch of it the
    pasted words line up with (`body[excerpt_start:excerpt_end]`)."""

    quote: str
    speaker: str  # as the article gives it ("A spokesman for Mr Corbyn")
    speaker_id: str | None  # the speaker entity's id across the archive
    start: int
    end: int
    verdict: str  # this match's own verdict
    similarity: float  # exact/altered: share of words in common; paraphrase: cosine
    shared_terms: float = 0.0  # paraphrase: share of the words' rarer terms it holds
    diff: list[DiffOp] = field(default_factory=list)
    excerpt: str = ""
    excerpt_start: int = 0
    excerpt_end: int = 0
    context: str = ""  # the sentence that names the speaker, verbatim
    speaker_named: bool | None = None  # with --speaker: whether that name is this speaker
    canonical_speaker: str | None = None  # the entity's one name ("Spokesman for Jeremy Corbyn")
    speaker_kind: str | None = None  # person, organisation or description

    @classmethod
    def of(
        cls, article: Article, quote: Quote, speaker_id: str | None, **found: object
    ) -> QuoteCheckMatch:
        return cls(
            quote=quote.text,
            speaker=quote.speaker or "",
            speaker_id=speaker_id,
            start=quote.start,
            end=quote.end,
            context=article.body[quote.context_start : quote.context_end],
            canonical_speaker=quote.canonical_speaker,
            speaker_kind=quote.speaker_kind,
            **found,
            **Citation.fields_of(article, quote.paragraph),
        )


@dataclass(frozen=True, kw_only=True)
class NarrativeMatch(Citation):
    """Words we published outside any quotation: `text` is exactly `body[start:end]`."""

    text: str
    start: int
    end: int
    similarity: float
    diff: list[DiffOp] = field(default_factory=list)

    @property
    def exact(self) -> bool:
        """The words as we ran them (any left out only at the user's ellipsis)."""
        return all(d.op == "equal" or d.elided for d in self.diff)


@dataclass
class QuoteCheckAnswer:
    query: str
    speaker: str | None  # the speaker as the user gave it
    verdict: str
    matches: list[QuoteCheckMatch] = field(default_factory=list)
    # With --speaker, when the best match's speaker is someone else: who we attributed it to.
    attributed_to: list[str] = field(default_factory=list)
    speaker_confirmed: bool | None = None  # None without --speaker
    narrative: list[NarrativeMatch] = field(default_factory=list)

    @property
    def wrong_speaker(self) -> bool:
        return self.speaker_confirmed is False and bool(self.matches)

    @property
    def note(self) -> str | None:
        """One plain sentence on the speaker or on narrative words, when there is one to say."""
        if self.wrong_speaker:
            if self.attributed_to:
                names = " and ".join(self.attributed_to[:3])
                return f"We attributed these words to {names}, not {self.speaker}."
            return (
                f"We published these words without naming who said them, not as {self.speaker}'s."
            )
        if self.verdict == NOT_FOUND and self.narrative:
            return (
                "We never quoted these words: they ran in our own reporting (narrative), "
                "outside any quotation."
            )
        return None

    def to_json(self) -> dict:
        payload = asdict(self)
        payload["wrong_speaker"] = self.wrong_speaker
        payload["note"] = self.note
        return payload
