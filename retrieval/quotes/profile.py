"""Quotations with no cue at all in a piece that is mostly one person's words.

An interview profile quotes its subject sentence after sentence and names them once: `Ann Lee
has seen it all. "I started at 15." "Nobody believed in me."`. A quotation left without any
speaker that is a whole sentence standing on its own goes to the article's main speaker when
that person says at least two thirds of the attributed quotations (and two of them), or, when
nobody is quoted with a cue, to the person the article opens with. Partial quotes and scare
quotes never qualify: they are not whole sentences.
"""

from __future__ import annotations

from collections import Counter

from retrieval.models import Quote
from retrieval.quotes.filters import is_full_sentence
from retrieval.quotes.frames import Sentences
from retrieval.quotes.marks import QuoteSpan

__all__ = ["main_speaker", "stands_alone"]

_SHARE = 2 / 3
_AT_LEAST = 2


def main_speaker(quotes: list[Quote], lead_person: str | None) -> str | None:
    """The person who says most of the article's attributed quotations, if anyone dominates."""
    speakers = Counter(q.speaker for q in quotes if q.speaker)
    if not speakers:
        return lead_person
    name, n = speakers.most_common(1)[0]
    if n >= _AT_LEAST and n >= _SHARE * sum(speakers.values()):
        return name
    return None


def stands_alone(body: str, span: QuoteSpan, sents: Sentences) -> bool:
    """A whole sentence in quote marks, with no narrative of its own sentence around it."""
    if not is_full_sentence(body, span):
        return False
    start, end = sents[sents.index_at(span.open_pos)]
    return not body[start : span.open_pos].strip() and not body[span.close_end : end].strip(
        " .,!?\n"
    )
