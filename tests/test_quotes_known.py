"""Quotations with no cue of their own, attributed to a person the article already quotes
with a strong cue (a known speaker), only when the sentence before names that one person."""

from __future__ import annotations

from retrieval.models import Article
from retrieval.quotes import extract_quotes

_INTRO = '"The harbour levy is a tax on every fisherman," Marta Quinlan said on Monday.'


def _quotes(*paragraphs: str):
    return extract_quotes(Article(id="t", title="", body="\n\n".join(paragraphs)))


def _of(quotes, fragment: str):
    found = [q for q in quotes if fragment in q.text]
    return found[0] if found else None


def test_quotation_paragraph_after_a_long_cue_sentence_of_a_known_speaker() -> None:
    quotes = _quotes(
        _INTRO,
        '"The breakwater can wait," Quinlan told the council on Tuesday when she was asked '
        "whether the crews would pay the levy at all.",
        '"Nobody here was asked what they thought of it."',
    )
    q = _of(quotes, "Nobody here")
    assert q is not None
    assert q.speaker == "Marta Quinlan"
    assert q.speaker_as_written == "Quinlan"
    assert q.confidence < _of(quotes, "breakwater").confidence


def test_quotation_paragraph_after_a_sentence_naming_the_known_speaker() -> None:
    quotes = _quotes(
        _INTRO,
        "Officials expect the levy to raise about two million a year for the new breakwater.",
        "Quinlan spent most of the afternoon on the quay, talking to crews before the vote.",
        '"Nobody here was asked what they thought of it."',
    )
    q = _of(quotes, "Nobody here")
    assert q is not None
    assert q.speaker == "Marta Quinlan"


def test_a_person_never_quoted_with_a_cue_is_not_a_known_speaker() -> None:
    quotes = _quotes(
        _INTRO,
        "Officials expect the levy to raise about two million a year for the new breakwater.",
        "Desmond Harrow spent most of the afternoon on the quay, talking to crews.",
        '"Nobody here was asked what they thought of it."',
    )
    assert _of(quotes, "Nobody here") is None


def test_two_known_speakers_in_the_introduction_leave_it_unattributed() -> None:
    quotes = _quotes(
        _INTRO,
        '"The breakwater cannot wait another winter," Owen Tarrant said.',
        "The council voted the levy through anyway.",
        "Quinlan and Tarrant left the chamber together after the vote.",
        '"Nobody here was asked what they thought of it."',
    )
    assert _of(quotes, "Nobody here") is None


def test_a_known_speaker_in_object_position_is_not_the_speaker() -> None:
    quotes = _quotes(
        _INTRO,
        "The council voted the levy through anyway.",
        "A harbour official spent most of the afternoon on the quay with Quinlan.",
        '"Nobody here was asked what they thought of it."',
    )
    assert _of(quotes, "Nobody here") is None


def test_a_possessive_mention_is_not_the_speaker() -> None:
    quotes = _quotes(
        _INTRO,
        "The council voted the levy through anyway.",
        "Quinlan's lawyers filed papers within the hour.",
        '"Nobody here was asked what they thought of it."',
    )
    assert _of(quotes, "Nobody here") is None


def test_a_scare_quote_in_mid_sentence_stays_unattributed() -> None:
    quotes = _quotes(
        _INTRO,
        "The council voted the levy through anyway.",
        'Quinlan has campaigned against the so-called "harbour grab" since spring.',
    )
    assert _of(quotes, "harbour grab") is None


def test_words_a_cue_puts_right_before_the_marks_are_a_partial_quote() -> None:
    # `what she calls "..."` quotes her words: BBC copy counts such partial quotes.
    quotes = _quotes(
        _INTRO,
        "The council voted the levy through anyway.",
        'Quinlan has campaigned against what she calls a "harbour grab" since spring.',
    )
    assert _of(quotes, "harbour grab").speaker == "Marta Quinlan"
