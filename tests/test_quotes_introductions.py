"""Speakers introduced outside the usual cue clause: `according to X` after the quotation, a
role-and-name before a colon, a sentence that is only a speaker and a cue, and a newsletter's
`From X:` source line."""

from __future__ import annotations

import pytest

from retrieval.models import Article
from retrieval.quotes import extract_quotes


def _quotes(*paragraphs: str):
    return extract_quotes(Article(id="t", title="", body="\n\n".join(paragraphs)))


def test_according_to_after_the_quotation() -> None:
    (q,) = _quotes('"The county will run out of road salt by February," according to the Herald.')
    assert q.speaker == "Herald"
    assert q.cue == "according to"


def test_according_to_a_document_takes_its_author() -> None:
    (q,) = _quotes(
        '"The defendant shows no remorse for the harm he caused," according to a motion '
        "filed by district attorney Nora Quill."
    )
    assert q.speaker == "Nora Quill"


def test_according_to_a_possessive_is_not_a_speaker() -> None:
    quotes = _quotes('Voters pick "R" or "D," according to their habits, not the candidates.')
    assert quotes == []


def test_role_and_name_in_object_position_before_a_colon() -> None:
    (q,) = _quotes(
        "The late swing toward the mayor does not surprise Democratic pollster Iris Mendel: "
        '"Undecided voters in this city always break for the incumbent."'
    )
    assert q.speaker == "Iris Mendel"


def test_a_name_after_a_preposition_before_a_colon_is_not_a_speaker() -> None:
    quotes = _quotes(
        'The council sent a reply to the Ferris family: "Your request has been denied in full."'
    )
    assert all(q.speaker != "Ferris" for q in quotes)


def test_cue_sentence_introduces_the_next_paragraph() -> None:
    (q,) = _quotes(
        "Omar Haddad, the district's superintendent, said in a statement.",
        '"Every school will reopen on Monday with extra staff on hand."',
    )
    assert q.speaker == "Omar Haddad"


def test_reported_speech_sentence_does_not_introduce_a_quotation() -> None:
    quotes = _quotes(
        "Omar Haddad said the schools would reopen. "
        '"Nobody here has slept for three days," a teacher wrote on a sign.'
    )
    assert [q.speaker for q in quotes] == ["a teacher"]


def test_paragraph_opening_with_a_closing_curly_mark() -> None:
    quotes = _quotes(
        "Mayor Ruth Adair spoke to the council on Monday.",
        "” … we cannot keep patching the same roads,” Adair said.",
    )
    assert [q.speaker for q in quotes] == ["Ruth Adair"]
    assert quotes[0].text.startswith("… we cannot")


def test_quoted_as_saying_and_remembered() -> None:
    a, b = _quotes(
        '"Nobody reads the fine print anymore," Lund is quoted as saying.',
        '"The mill closed the week I was born," remembered Hal Ostrow, a retired machinist.',
    )
    assert a.speaker == "Lund"
    assert b.speaker == "Hal Ostrow"


def test_capitalised_opening_cue_before_a_colon() -> None:
    (q,) = _quotes(
        "Stated Okafor:",
        '"I think this budget will close two clinics before the winter is out."',
    )
    assert q.speaker == "Okafor"


def test_a_source_heading_gives_the_writings_owner() -> None:
    quotes = _quotes(
        'Staff say the former mayor will "campaign hard" for Okafor. From Lorna Vitale\'s '
        'Facebook post: "We cannot let this county slide back into the old ways of doing '
        'business at City Hall."'
    )
    assert [q.speaker for q in quotes if q.text.startswith("We cannot")] == ["Lorna Vitale"]


def test_a_digest_byline_after_a_dash_beats_the_headlines_cue_word() -> None:
    (q,) = _quotes(
        'Forecasters agree - Wendell Osei: "The storm track shifted east overnight, and the '
        'coast should brace for a direct hit by Friday."'
    )
    assert q.speaker == "Wendell Osei"


def test_two_authors_speak_together_and_resolve_to_their_full_names() -> None:
    quotes = _quotes(
        'TURNOUT WAS THE STORY - Priya Raman and Olek Brandt: "Young voters came out in '
        'numbers nobody modelled, and the late deciders broke hard for the challenger."',
        'The suburbs decided it -More from Raman and Brandt: "Our final week of interviews '
        'showed the shift clearly, and it was concentrated in the suburbs around the capital."',
    )
    assert [q.speaker for q in quotes] == ["Priya Raman and Olek Brandt"] * 2


def test_a_party_and_state_label_before_the_colon_is_no_dash_byline() -> None:
    (q,) = _quotes('Sen. Rowan Hale (R-Texas): "We will repeal every word of it next year."')
    assert q.speaker == "Rowan Hale"


@pytest.mark.parametrize(
    ("lead", "speaker"),
    [
        ("Not every survey panel is equal. From the report:", "the report"),
        ("Why turnout fell - More from Dana Reyes:", "Dana Reyes"),
    ],
)
def test_a_newsletter_source_line_names_the_speaker(lead: str, speaker: str) -> None:
    (q,) = _quotes(f'{lead} "Panels that weight by age alone produced the least accurate results."')
    assert q.speaker_as_written == speaker


@pytest.mark.parametrize(
    ("text", "speaker"),
    [
        (
            "The port is busy because, in Harbor Weekly's words, \"it is the busiest place on "
            'the whole coast this year."',
            "Harbor Weekly",
        ),
        (
            'The mayor was, in the words of a senior aide, "the one who holds the keys to the '
            'whole city."',
            "a senior aide",
        ),
    ],
)
def test_in_someones_words_names_the_speaker(text: str, speaker: str) -> None:
    (q,) = _quotes(text)
    assert q.speaker_as_written == speaker
