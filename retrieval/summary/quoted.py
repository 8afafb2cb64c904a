"""Whose words a summary sentence is, and its text with balanced quote marks.

A sentence cut out of a quotation carries only some of its marks: the first sentence of a
quotation opens a mark the sentence never closes, the last closes one it never opened, and a
middle one has none. The cited text stays the exact slice of the body; `display` adds the
missing marks (in the article's own style) so a reader sees where quoted words begin and end,
and `speaker` comes from the quotes stored in the index.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from retrieval.models import Article, Quote
from retrieval.quotes.marks import QUOTE_CHARS, QuoteSpan, find_quote_spans

# A sentence is someone's words when at least this share of its characters lie in a quotation.
QUOTED_SHARE = 0.5
_CLOSING = {"“": "”", "„": "”", "‟": "”", "«": "»", "‘": "’", "‚": "’", "‛": "’", "‹": "›"}
_CLOSING |= {"``": "''", '"': '"', "'": "'", "''": "''", "”": "”", "’": "’", "»": "»"}
_DOUBLE_MARKS = frozenset('"“”„‟«»`')


@dataclass(frozen=True)
class Voice:
    """How a sentence is shown: with balanced marks, and whose words it is if quoted."""

    display: str
    quoted: bool
    speaker: str | None


def _overlap(a_start: int, a_end: int, b_start: int, b_end: int) -> int:
    return max(0, min(a_end, b_end) - max(a_start, b_start))


def _marks(body: str, span: QuoteSpan) -> tuple[str, str]:
    """The opening mark `span` was opened with and the one that closes it."""
    opening = body[span.open_pos : span.inner_start].strip() or '"'
    return opening, _CLOSING.get(opening, opening)


def stored_quotes(store, passage_ids: list[int]) -> list[Quote]:
    """The quotes the index holds in these passages (read through the archive's store)."""
    found = store.quotes_in_passages(passage_ids)
    return list(store.quotes(sorted({q for ids in found.values() for q in ids})).values())


class QuoteVoices:
    """Quotations of one article (marks from its text, speakers from the quote index)."""

    def __init__(self, article: Article, quotes: Iterable[Quote] = ()) -> None:
        self.body = article.body
        self.spans = find_quote_spans(article.body, article.paragraphs())
        self.quotes = [q for q in quotes if q.article_id == article.id]

    def _balanced(self, start: int, end: int) -> str:
        text = self.body[start:end]
        prefix = suffix = ""
        for span in self.spans:
            if span.close_end <= start or span.open_pos >= end:
                continue
            opening, closing = _marks(self.body, span)
            # Begun before the sentence: a continuation paragraph reopens it with a mark of its
            # own; any other sentence inside it needs the opening mark it was cut from.
            family = _DOUBLE_MARKS if span.double else QUOTE_CHARS - _DOUBLE_MARKS
            if span.open_pos < start and text[:1] not in family:
                prefix = opening
            # Closed after the sentence (or never closed): the sentence needs a closing mark.
            if not (span.closed and span.close_end <= end):
                suffix = closing
        return f"{prefix}{text}{suffix}"

    def voice(self, start: int, end: int) -> Voice:
        """How the sentence `body[start:end]` reads in a summary."""
        size = max(1, end - start)
        best: Quote | None = None
        best_share = 0.0
        for quote in self.quotes:
            share = _overlap(start, end, quote.start, quote.end) / size
            if share > best_share:
                best, best_share = quote, share
        attributed = best is not None and best_share >= QUOTED_SHARE
        speaker = (best.speaker or best.speaker_as_written) if attributed and best else None
        # A quotation the index holds no speaker for is still quoted words.
        inside = sum(_overlap(start, end, s.inner_start, s.inner_end) for s in self.spans)
        quoted = attributed or inside / size >= QUOTED_SHARE
        return Voice(self._balanced(start, end), quoted, speaker)
