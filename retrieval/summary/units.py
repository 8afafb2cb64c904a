"""The sentences of an article that may appear in a summary."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from retrieval.ingest.sentences import split_sentences
from retrieval.models import Article, Quote
from retrieval.summary.model import SummarySentence
from retrieval.summary.quoted import QuoteVoices

MIN_WORDS = 4
MIN_LETTERS = 15
# A sentence of prose ends with terminal punctuation, perhaps inside quotes or brackets.
# Captions, credits and related-story headlines do not, which is what keeps them out.
_TERMINAL = re.compile(r"[.!?…][\"'”’)\]]*\s*[\"'”’]?$")
# Lines that are furniture even when punctuated ("Read more: ...", "Photo: Reuters.").
_FURNITURE = re.compile(
    r"^(?:read more|related|see also|more on this|photo(?:graph)?|picture|image|video|"
    r"copyright|©|follow us|sign up|click here|advertisement)\b",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Unit:
    """A candidate sentence: its place in the article and its verbatim text."""

    article: Article
    paragraph: int
    start: int
    end: int
    position: int  # index among the article's candidate sentences

    @property
    def text(self) -> str:
        return self.article.body[self.start : self.end]

    def cite(self, voices: QuoteVoices | None = None) -> SummarySentence:
        """The sentence, cited; `voices` (of this unit's article) say whose words it is."""
        a = self.article
        voice = (voices or QuoteVoices(a)).voice(self.start, self.end)
        return SummarySentence(
            text=self.text,
            article_id=a.id,
            title=a.title,
            date=a.date,
            source=a.source,
            url=a.url,
            paragraph=self.paragraph,
            start=self.start,
            end=self.end,
            display=voice.display,
            quoted=voice.quoted,
            speaker=voice.speaker,
        )


def cite_units(units: list[Unit], quotes: Sequence[Quote] = ()) -> list[SummarySentence]:
    """Cite `units`, each with whose words it is among `quotes` (the index's, of any article)."""
    voices: dict[str, QuoteVoices] = {}
    for unit in units:
        if unit.article.id not in voices:
            voices[unit.article.id] = QuoteVoices(unit.article, quotes)
    return [u.cite(voices[u.article.id]) for u in units]


def is_prose(text: str) -> bool:
    """Whether `text` reads as a sentence of prose rather than a fragment or furniture."""
    if len(text.split()) < MIN_WORDS or sum(c.isalpha() for c in text) < MIN_LETTERS:
        return False
    if not any(c.islower() for c in text):
        return False
    return bool(_TERMINAL.search(text)) and not _FURNITURE.match(text.lstrip("\"'“‘-–— "))


def article_units(article: Article, within: tuple[int, int] | None = None) -> list[Unit]:
    """The prose sentences of `article` in order; only those overlapping `within` when given.

    A sentence that a passage cuts into is kept whole: it is still verbatim and reads complete.
    """
    units: list[Unit] = []
    position = 0
    for paragraph in article.paragraphs():
        for s, e in split_sentences(paragraph.text):
            start, end = paragraph.start + s, paragraph.start + e
            text = article.body[start:end]
            if not is_prose(text):
                continue
            if within is None or (start < within[1] and end > within[0]):
                units.append(Unit(article, paragraph.index, start, end, position))
            position += 1
    return units
