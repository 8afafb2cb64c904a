"""Plain data objects shared by every part of the library."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Paragraph:
    """One paragraph of a cleaned body: `body[start:end] == text`."""

    index: int
    start: int
    end: int
    text: str


@dataclass
class Article:
    """A published article. `body` is the cleaned body: kept paragraphs joined by a blank line.

    Every offset anywhere in the library (passages, quotes, sentences) indexes into `body`.
    """

    id: str
    title: str
    body: str
    date: str | None = None  # ISO YYYY-MM-DD
    source: str | None = None
    url: str | None = None
    metadata: dict = field(default_factory=dict)
    dropped_lines: list[str] = field(default_factory=list)  # captions, credits, related links

    def paragraphs(self) -> list[Paragraph]:
        out: list[Paragraph] = []
        pos = 0
        for index, text in enumerate(self.body.split("\n\n")):
            out.append(Paragraph(index, pos, pos + len(text), text))
            pos += len(text) + 2
        return out if self.body else []


@dataclass(frozen=True)
class Passage:
    """A retrievable slice of an article: `article.body[start:end] == text`."""

    id: int
    article_id: str
    paragraph: int  # index of the paragraph the passage starts in
    start: int
    end: int
    text: str


@dataclass(frozen=True)
class Quote:
    """A direct quotation: `article.body[start:end] == text` (the words inside the quote marks).

    A quotation that runs over several paragraphs spans them, so `text` then holds the paragraph
    breaks and the continuation paragraphs' opening quote marks exactly as published.
    """

    article_id: str
    text: str
    start: int
    end: int
    paragraph: int
    speaker: str | None  # the fullest name the article gives for the speaker
    speaker_as_written: str | None  # the words the article uses at this quote ("he", "Mr Corbyn")
    cue: str | None  # "said", "add:", "according to", ...
    confidence: float
    context_start: int  # the sentence that names the speaker: body[context_start:context_end]
    context_end: int
    # The speaker as an entity (quotes/entities.py); stored with the quote, merged across
    # articles at query time (quotes/registry.py).
    speaker_id: str | None = None  # slug of canonical_speaker: "jeremy-corbyn"
    speaker_kind: str | None = None  # "person", "organisation" or "description"
    canonical_speaker: str | None = None  # "Jeremy Corbyn", "Spokesman for Jeremy Corbyn"
    affiliation: str | None = None  # whom a described speaker speaks for: "Jeremy Corbyn"
