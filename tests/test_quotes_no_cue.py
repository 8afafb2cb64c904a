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


def test_an_interview_profile_gives_uncued_quotations_to_its_subject() -> None:
    quotes = _quotes(
        'Winger Joe Marsh is ready for his debut. "It is a big week for me," Marsh said. '
        '"I have waited a long time," he added.',
        "The Wasps flanker moved to the club in the summer.",
        '"Missing the first game was hard, but you cannot dwell on it."',
        '"The coach has been fair with me."',
    )
    assert [q.speaker for q in quotes] == ["Joe Marsh"] * 4


def test_uncued_quotations_stay_unattributed_when_several_people_speak() -> None:
    quotes = _quotes(
        '"Sales are weak," said Amy Stone. "Rates must fall," said Ben Ford. '
        '"Prices are high," said Cara Lin.',
        "The market closed lower on Friday.",
        '"Nobody knows what comes next."',
    )
    assert "Nobody knows what comes next." not in [q.text for q in quotes]


def test_a_smile_is_a_cue() -> None:
    (q,) = _quotes('"You can call it a peace dividend," smiles one broker.')
    assert q.speaker == "one broker"
