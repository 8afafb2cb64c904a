"""Quotations with no cue of their own: the speaker is who the sentence before is about."""

from __future__ import annotations

from retrieval.models import Article
from retrieval.quotes import extract_quotes


def _quotes(*paragraphs: str):
    return extract_quotes(Article(id="t", title="", body="\n\n".join(paragraphs)))


def test_a_quotation_after_reported_speech_is_the_reporters_subject() -> None:
    quotes = _quotes(
        '"Sales were weak," said Amy Stone of Brook Bank. Finance minister Luke Barr put a '
        'brave face on the figures, saying growth was still strong. "The economy is growing '
        'faster than anyone expected."'
    )
    assert quotes[-1].speaker == "Luke Barr"


def test_a_quotation_after_a_pronoun_that_said_something() -> None:
    quotes = _quotes(
        '"The poster is offensive," said the candidate, Tom Field. He said nothing was worse '
        'for a family than being mocked. "It should be withdrawn at once."'
    )
    assert [q.speaker for q in quotes] == ["Tom Field", "Tom Field"]
