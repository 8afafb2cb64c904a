"""Speakers named after a quotation: long appositives, state abbreviations, narrative between
the quotation and its cue, nouns that spell a cue word, and programme titles in quote marks."""

from __future__ import annotations

import pytest

from retrieval.models import Article
from retrieval.quotes import extract_quotes


def _quotes(*paragraphs: str):
    return extract_quotes(Article(id="t", title="", body="\n\n".join(paragraphs)))


def test_party_and_state_abbreviation_does_not_end_the_cue_clause() -> None:
    (q,) = _quotes('"We will not fund this bridge twice," Sen. Dana Whitlow (R-Fla.) said Monday.')
    assert q.speaker == "Dana Whitlow"


def test_a_capitalised_tweeted_is_still_the_cue() -> None:
    (q,) = _quotes(
        '"Not our ad, but hard to argue with it!" Dana Pike, the head of Forward Ohio, '
        "Tweeted on Friday with a photo of the banner."
    )
    assert q.speaker == "Dana Pike"


def test_comma_set_party_label_after_the_name() -> None:
    (q,) = _quotes('"The bill is dead for this session," Rep. Omar Castell, D-Calif., said.')
    assert q.speaker == "Omar Castell"


def test_name_opening_the_narrative_then_an_appositive_with_commas_inside() -> None:
    (q,) = _quotes(
        '"The plant kept this town alive for fifty years," Mr. Halvorsen, now 74 and living '
        "in Duluth, Minn., said by telephone."
    )
    assert q.speaker == "Mr. Halvorsen"
    assert q.speaker_as_written.startswith("Mr. Halvorsen")


def test_a_cue_word_after_a_determiner_is_a_noun() -> None:
    (q,) = _quotes(
        '"Rural clinics are closing faster than they open," the report concluded on Friday.'
    )
    assert q.speaker == "the report"
    assert q.cue == "concluded"


def test_inverted_cue_after_narrative_and_a_comma() -> None:
    (q,) = _quotes(
        '"Outside money is writing this race," in contrast to the contests of a decade ago, '
        "says Lena Marsh, a political scientist at Wexford College."
    )
    assert q.speaker == "Lena Marsh"


def test_told_after_a_comma_names_the_hearer_not_the_speaker() -> None:
    quotes = _quotes(
        '"Nobody asked us about the route," Farida Noor, who chairs the residents group, '
        "told the Gazette."
    )
    assert [q.speaker for q in quotes] == ["Farida Noor"]


def test_a_programme_title_after_a_possessive_is_not_a_quotation() -> None:
    quotes = _quotes(
        '"The numbers simply do not add up," Governor Ruth Aldana said on ABC\'s "This Week."'
    )
    assert [q.text for q in quotes] == ["The numbers simply do not add up"]


@pytest.mark.parametrize(
    "text",
    [
        '"We are not closing the clinic," Mayor Ada Lin told "Valley Morning Report."',
        '"The fight is not over," Sen. Rob Cale said in an interview with "Capitol Week."',
        '"We will win this county," Jo Park said after she took the stage to "Rise Up Again."',
    ],
)
def test_a_programme_or_song_after_a_preposition_is_not_a_quotation(text: str) -> None:
    assert [q.text for q in _quotes(text)] == [text.split('"')[1].rstrip(",")]


@pytest.mark.parametrize(
    "text",
    [
        '"I loved every minute of it," said Lou Marsh, who starred in "Harbor Lights" and '
        '"Night Shift."',
        '"I loved every minute of it," said Dee Ford, whose firm will publish "River Kings," a '
        "history of the port.",
    ],
)
def test_a_second_title_or_a_published_title_is_not_a_quotation(text: str) -> None:
    assert [q.text for q in _quotes(text)] == ["I loved every minute of it"]


@pytest.mark.parametrize(
    "text",
    [
        '"We train for the worst night," Lt. Ana Cole said. One of her recent reads, "The Long '
        'Watch," by Peter Hale, drove that home.',
        '"We train for the worst night," Lt. Ana Cole said, and the band went on to perform '
        '"Harbor of Light."',
        '"We train for the worst night," Lt. Ana Cole said. She is the founder of '
        '"Rescuers for Ohio 2016."',
    ],
)
def test_a_work_with_its_author_a_performed_song_or_a_dated_name_is_not_a_quotation(
    text: str,
) -> None:
    assert [q.text for q in _quotes(text)] == ["We train for the worst night"]


def test_a_quoted_title_is_never_the_speaker() -> None:
    quotes = _quotes(
        'The council’s reply came in a short online ad, "Fair Play," in which pupils use toy '
        'diggers to flatten a model park, chanting "no more parking lots!"'
    )
    assert all(q.speaker != "Fair Play" for q in quotes)


def test_a_noun_phrase_after_said_that_opens_a_clause_is_not_the_speaker() -> None:
    quotes = _quotes(
        'Jo Park, describing "a real shift in the mood of the county," said the governor would '
        "carry it."
    )
    assert [q.speaker for q in quotes] == ["Jo Park"]


def test_now_between_the_speaker_and_the_cue_is_not_part_of_the_name() -> None:
    quotes = _quotes(
        '"The bypass will never be built," Councillor Mia Dunn now says.',
        'Ivo Pell backed the road for years but now said it was "a relic of another decade."',
    )
    assert [(q.speaker, q.speaker_as_written) for q in quotes] == [
        ("Mia Dunn", "Councillor Mia Dunn"),
        ("Ivo Pell", "Ivo Pell"),
    ]


def test_a_capitalised_cue_word_is_part_of_a_name() -> None:
    (q,) = _quotes(
        'Councillor Mae Torres told the Riverside Post, "We were never shown the contract."'
    )
    assert q.speaker == "Mae Torres"


def test_a_cue_word_after_an_article_is_a_noun_before_the_quote() -> None:
    (q,) = _quotes(
        "Hal Greer told the Ledger in a written statement, "
        '"I have not seen the audit and will not comment on it."'
    )
    assert q.speaker == "Hal Greer"


def test_an_opening_participial_phrase_is_skipped_to_find_the_subject() -> None:
    (q,) = _quotes(
        "Appearing before supporters in Hartwell on Monday, Nell Amos said it was too early "
        'to celebrate but added, "I think you can all guess the result."'
    )
    assert q.speaker == "Nell Amos"


def test_an_opening_place_phrase_is_not_a_speaker() -> None:
    quotes = _quotes(
        "Outside the county court, a crowd of tenants gathered with banners, "
        'chanting "No eviction without a hearing."'
    )
    assert all(q.speaker_as_written != "Outside" for q in quotes)


def test_a_capitalised_name_that_spells_an_auxiliary_is_a_speaker() -> None:
    (q,) = _quotes('"The budget is a fantasy from start to finish," Will wrote in his column.')
    assert q.speaker == "Will"


def test_a_name_ending_in_jr_before_an_appositive() -> None:
    (q,) = _quotes(
        '"We will follow the evidence wherever it goes," Arthur P. Lind Jr., the county '
        "prosecutor, said on Thursday."
    )
    assert q.speaker == "Arthur P. Lind Jr."


def test_a_missing_space_after_the_closing_mark() -> None:
    (q,) = _quotes("“The depot will stay open through the winter,”Mayor Lisa Brandt said.")
    assert q.speaker == "Lisa Brandt"


def test_a_sentence_that_opens_with_said_and_the_speaker() -> None:
    (q,) = _quotes('Said Commissioner Dale Ruiz, "Nobody on this board saw the invoice."')
    assert q.speaker == "Dale Ruiz"


def test_reacted_is_a_speech_cue() -> None:
    (q,) = _quotes('"Who exactly asked for this tax?" reacted Senator Ilse Brandt.')
    assert q.speaker == "Ilse Brandt"


def test_a_quotation_paragraph_signed_off_by_a_dash_line() -> None:
    quotes = _quotes(
        "Here is what the candidates said this week.",
        '"I never voted for that bill, not once, not ever."',
        "- Senator Tom Reyes, at a town hall in Dover.",
    )
    assert [(q.text, q.speaker) for q in quotes] == [
        ("I never voted for that bill, not once, not ever.", "Tom Reyes")
    ]


def test_a_dash_line_of_narrative_is_not_a_sign_off() -> None:
    quotes = _quotes(
        '"The roads were not gritted in time."',
        "- Reyes said the county would review the contract.",
    )
    assert all(q.speaker != "Reyes" for q in quotes)


def test_reader_responses_signed_off_after_the_quotation_on_its_line() -> None:
    quotes = _quotes(
        "We asked readers what they made of the debate.",
        "\u201dThe roads plan is a fantasy. Nobody here believes it.\u201d \u2015 Maria Ochoa",
        "\u201cHe dodged every question on schools.\u201d\u2015 Dev Patel.",
        "\u201cI will vote for him anyway.\u201d \u2015\xa0Lee Grant\xa0",
    )
    assert [(q.text, q.speaker) for q in quotes] == [
        ("The roads plan is a fantasy. Nobody here believes it.", "Maria Ochoa"),
        ("He dodged every question on schools.", "Dev Patel"),
        ("I will vote for him anyway.", "Lee Grant"),
    ]


def test_words_after_the_sign_off_name_make_it_narrative() -> None:
    quotes = _quotes(
        '"The roads were not gritted." \u2015 Reyes resigned over the contract a week later.'
    )
    assert all(q.speaker != "Reyes" for q in quotes)


def test_a_horizontal_bar_sets_off_an_aside_like_an_em_dash() -> None:
    quotes = _quotes(
        "When Ms. Ochoa noted that the mayor had paid no county tax \u2015 as his filings showed "
        "\u2015 Mayor Tom Reyes boasted, \u201cThat makes me careful.\u201d"
    )
    assert [(q.text, q.speaker) for q in quotes] == [("That makes me careful.", "Tom Reyes")]


def test_a_question_then_its_cue_with_a_participle_tail_holding_that() -> None:
    quotes = _quotes(
        "''What does that even mean, he kept the port safe?'' Mr. Ruiz asked, repeating a "
        "charge - that the old mayor ignored the floods - that he made at Monday's debate."
    )
    assert [q.speaker for q in quotes] == ["Mr. Ruiz"]


def test_the_next_sentences_cue_for_its_own_quotation_is_not_taken() -> None:
    quotes = _quotes(
        'Hale replies to Moss with, "Why now? That was on my way to Leeds?" Moss then writes '
        'back, "You look tired."'
    )
    assert [(q.text, q.speaker) for q in quotes] == [
        ("Why now? That was on my way to Leeds?", "Hale"),
        ("You look tired.", "Moss"),
    ]


def test_a_hyphenated_epithet_before_the_name_after_the_quotation() -> None:
    quotes = _quotes(
        "Mayor Lena Ortiz met the press on Friday.",
        '"We did not discuss the budget," an upbeat, ever-cautious Ortiz said.',
        '"We did not discuss that," ever-cautious Ortiz said.',
    )
    assert [q.speaker for q in quotes][-1] == "Lena Ortiz"


def test_came_the_reply_from_names_the_speaker_after_the_quotation() -> None:
    (q,) = _quotes('"Not on my watch," came the sharp reply from Councilwoman Ida Marsh.')
    assert q.speaker_as_written == "Councilwoman Ida Marsh"


def test_came_shouts_from_a_place_names_nobody() -> None:
    assert _quotes('"Not on my watch," came shouts from the back of the hall.') == []


def test_a_quoted_label_inside_the_speaker_phrase_after_a_quotation() -> None:
    (q,) = _quotes(
        '"We have had better meetings than this one," Ohio delegate Al Brent, wearing a straw '
        'hat and "Go Lions" campaign pins, said as the hall emptied.'
    )
    assert q.speaker == "Al Brent"


def test_a_quoted_label_after_an_inverted_cue_is_no_quotation() -> None:
    quotes = _quotes(
        '"We have had better meetings than this one," said Al Brent, an Ohio delegate wearing '
        '"Go Lions" campaign pins.'
    )
    assert [q.text for q in quotes] == ["We have had better meetings than this one"]


def test_a_short_quoted_word_after_said_is_still_his() -> None:
    quotes = _quotes('In a two-minute answer, Mayor Ruiz said "Tax" five times.')
    assert [q.text for q in quotes] == ["Tax"]
