"""Who a "what did X say" question asks about, whose words a passage holds, and the kind of
answer (a number, a date) a question wants."""

from __future__ import annotations

import pytest

from retrieval.search.answer_kind import holds_kind, wanted_kind
from retrieval.search.speech import (
    Speaker,
    asked_speaker,
    is_group,
    reports_speech,
    same_name,
    speaks_as,
    speaks_for,
    without_asking,
)


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("What did Corbyn's spokesman say in response?", Speaker("spokesman", "Corbyn")),
        ("What did a spokesman for Mr Corbyn say?", Speaker("spokesman", "Mr Corbyn")),
        ("What did Corbyn say about Syria?", Speaker("Corbyn")),
        ("How did Peter Kenyon respond to the Robben reports?", Speaker("Peter Kenyon")),
        ("What does Richard Jeffrey of Bridgewell think about rates?", Speaker("Richard Jeffrey")),
        ("What did David Frost of the British Chambers of Commerce say?", Speaker("David Frost")),
        ("What did Sophos's Graham Cluley say about spam?", Speaker("Graham Cluley", "Sophos")),
        ("What did the IAAF spokesman say about the hearing?", Speaker("spokesman", "IAAF")),
        ("What was Charles Kennedy's line on the terror laws?", Speaker("Charles Kennedy")),
    ],
)
def test_the_speaker_a_question_asks_about(query: str, expected: Speaker) -> None:
    assert asked_speaker(query) == expected


@pytest.mark.parametrize(
    "query",
    [
        "How many people signed the letter?",
        "Which campaign group published the open letter?",
        "How did the market react to the rate cut?",
        "Syria",
        "Why did Citadel pull Howard Stern off the air?",
    ],
)
def test_questions_that_ask_for_no_ones_words(query: str) -> None:
    assert asked_speaker(query) is None


def test_names_match_forgivingly_but_not_other_people() -> None:
    assert same_name("Corbyn", "Jeremy Corbyn")
    assert same_name("Jeremy Corbyn", "Mr Corbyn")
    assert same_name("Jeremy Corbin", "Jeremy Corbyn")
    assert not same_name("Eric Trump", "Donald Trump")
    assert not same_name("Corbyn", "Jeremy Hunt")


def test_a_spokesman_for_corbyn_is_not_corbyn_but_speaks_for_him() -> None:
    corbyn = asked_speaker("What did Corbyn say?")
    spokesman = asked_speaker("What did Corbyn's spokesman say?")
    assert corbyn is not None and spokesman is not None
    assert speaks_as(corbyn, "Jeremy Corbyn") and speaks_as(corbyn, "Mr Corbyn")
    assert not speaks_as(corbyn, "A spokesman for Mr Corbyn")
    assert speaks_for(corbyn, "A spokesman for Mr Corbyn")
    assert speaks_as(spokesman, "A spokesman for Mr Corbyn")
    assert speaks_as(spokesman, "a spokeswoman for Jeremy Corbyn")
    assert not speaks_as(spokesman, "Jeremy Corbyn")
    # The letter's signatories write *to* Corbyn: neither his words nor on his behalf.
    assert not speaks_as(corbyn, "Left-wing supporters of Jeremy Corbyn")
    assert not speaks_for(corbyn, "Left-wing supporters of Jeremy Corbyn")


def test_reported_speech_names_the_speaker_as_subject() -> None:
    jeffrey = Speaker("Richard Jeffrey")
    assert reports_speech(jeffrey, "However, Mr Jeffrey said he believed the slowdown was brief.")
    assert reports_speech(jeffrey, '"We are not out of the woods," said Mr Jeffrey.')
    assert reports_speech(jeffrey, "Jeffrey also warned that rates would rise.")
    assert not reports_speech(jeffrey, "Analysts said Mr Jeffrey was wrong.")
    assert reports_speech(jeffrey, "''It will take time,'' said Mr. Jeffrey, an economist.")
    corbyn = Speaker("Corbyn")
    assert not reports_speech(corbyn, "Supporters of Jeremy Corbyn have called on the leader.")
    spokesman = Speaker("spokesman", "Corbyn")
    assert reports_speech(spokesman, 'A spokesman for Mr Corbyn said: "Jeremy has been clear."')
    assert not reports_speech(spokesman, 'A spokesman for Mrs May said: "No comment."')


def test_a_document_or_group_is_a_speaker_and_generic_verbs_are_not_content() -> None:
    letter = asked_speaker("What did the letter ask Corbyn to do?")
    assert letter == Speaker("letter") and is_group(letter)
    assert without_asking("What did Corbyn say about Syria?") == "What did Corbyn about Syria?"
    # A particular speech act is what the passage repeats: "We ask that you condemn ..."
    assert "ask" in without_asking("What did the letter ask Corbyn to do?")


@pytest.mark.parametrize(
    ("query", "kind", "holds", "lacks"),
    [
        ("How many people signed the letter?", "number", "More than 70 people", "Many signed."),
        ("When did Nintendo launch the GameBoy?", "date", "launched in 1989", "It launched."),
        ("What share of the vote did Caprice get?", "number", "just 5% of the vote", "a few"),
        ("Who scored for Rangers?", None, "", ""),
    ],
)
def test_the_kind_of_answer_a_question_wants(query, kind, holds, lacks) -> None:
    assert wanted_kind(query) == kind
    if kind:
        assert holds_kind(holds, kind) and not holds_kind(lacks, kind)
