"""Quotations the extractor used to miss: manner-of-speaking cues, coordinated verbs, colon
introductions, short whole-sentence quotes and sentences that follow a question."""

from __future__ import annotations

import pytest

from retrieval.models import Article
from retrieval.quotes import extract_quotes


def _quotes(*paragraphs: str):
    return extract_quotes(Article(id="t", title="", body="\n\n".join(paragraphs)))


def test_a_paragraph_ending_in_a_capitalised_word_is_not_the_first_half_of_a_nickname() -> None:
    (q,) = _quotes(
        "The council met on Tuesday.",
        '"The levy stays where it is," Nadia Okafor told a meeting in Elmstead.',
    )
    assert q.text == "The levy stays where it is"
    assert q.speaker == "Nadia Okafor"


def test_a_nickname_between_first_name_and_surname_is_still_dropped() -> None:
    assert _quotes('Boxer Carl "The Hammer" Voss retired on Monday.') == []


@pytest.mark.parametrize("verb", ["barked", "beamed", "boomed", "sighed"])
def test_manner_of_speaking_verbs_are_cues(verb: str) -> None:
    (q,) = _quotes(f'"Get off my stage," {verb} Tom Reyes as the hall emptied.')
    assert q.speaker == "Tom Reyes"


@pytest.mark.parametrize("verb", ["exhorted", "cracked", "gloated", "questioned"])
def test_more_manner_of_speaking_verbs_are_cues(verb: str) -> None:
    (q,) = _quotes(f'"It is about time we had a mayor who listens," {verb} the host, Jo Hale.')
    assert q.speaker == "Jo Hale"


def test_retaliated_is_a_cue_and_names_the_second_speaker() -> None:
    text = (
        'Council member Ray Ostrow was blunt. "The bridge plan is dead," he claimed.\n\n'
        '"The bridge will open next spring," an irritated Mayor Dana Welk retaliated.'
    )
    speakers = {q.text: q.speaker for q in _quotes(text)}
    assert speakers["The bridge will open next spring"] == "Dana Welk"


def test_started_after_a_quotation_is_a_cue() -> None:
    (q,) = _quotes(
        '"Let us begin with the school budget, which is late again," host Mara Quint started.'
    )
    assert q.speaker == "Mara Quint"


def test_a_singer_is_the_speaker_of_the_lyric_they_sing() -> None:
    (q,) = _quotes('As the band Gray Harbor sang in 1991, "Nobody gets out of this town alive."')
    assert (q.text, q.speaker) == ("Nobody gets out of this town alive.", "Gray Harbor")


def test_a_question_after_a_paragraph_about_someone_else_is_the_questioners() -> None:
    quotes = _quotes(
        "The host pointed out that the mayor once backed the very tax she now opposes.",
        '"What changed her mind so completely?" Lena Ruiz questioned.',
    )
    assert [q.speaker for q in quotes] == ["Lena Ruiz"]


def test_citing_introduces_the_subjects_own_words() -> None:
    (q,) = _quotes(
        'Mayor Ann Lee, citing "the quiet pull of the coast," said the town would keep growing.'
    )
    assert (q.text, q.speaker) == ("the quiet pull of the coast", "Ann Lee")


def test_speaker_after_a_coordinated_verb_is_the_sentence_subject() -> None:
    (q,) = _quotes('Mayor Ines Varga shook her head and said, "Not this year, and not next year."')
    assert q.speaker == "Ines Varga"


def test_speaker_after_but_and_a_cue_is_the_sentence_subject() -> None:
    (q,) = _quotes(
        "Paul Brandt did not name his rivals, but told the crowd, "
        '"our county deserves a lot better than this."'
    )
    assert q.speaker == "Paul Brandt"


def test_a_named_subject_introduces_a_quotation_after_a_colon() -> None:
    (q,) = _quotes('Lena Moss paused, then leaned into the microphone: "We will rebuild the pier."')
    assert q.speaker == "Lena Moss"
    assert q.cue == ":"


def test_a_short_whole_sentence_with_a_cue_is_speech_not_a_scare_quote() -> None:
    (q,) = _quotes('Asked if she would run again, Carla Díaz smiled and said, "Never."')
    assert q.text == "Never."
    assert q.speaker == "Carla Díaz"


def test_a_chant_by_a_quantifier_subject_is_kept() -> None:
    (q,) = _quotes('The hall erupted. Some chanted "Four more years!"')
    assert q.speaker == "Some"


def test_a_reduced_relative_clause_ends_an_inverted_speaker_phrase() -> None:
    (q,) = _quotes(
        '"The money was never the point of the deal," says a lawyer involved in the talks.'
    )
    assert q.speaker == "a lawyer"


def test_a_question_may_take_a_long_cue_sentence_after_it() -> None:
    (q,) = _quotes(
        '"Who signed off on this?" Omar Haddad said of the contract in March, '
        "when the overruns first came to light."
    )
    assert q.speaker == "Omar Haddad"


def test_a_plain_statement_does_not_take_a_long_reported_speech_sentence_after_it() -> None:
    quotes = _quotes(
        'The road reopened. "Cheap." Omar Haddad said the contract, signed in March, '
        "had cost the town more than any other deal that year."
    )
    assert quotes == []


def test_a_standalone_quotation_takes_the_subject_of_the_sentence_before() -> None:
    (q,) = _quotes("Harriet Quon was blunt.", '"We will not pay for a second bridge."')
    assert q.speaker == "Harriet Quon"
    assert q.cue == ""


def test_a_standalone_quotation_after_an_event_sentence_is_not_attributed() -> None:
    assert _quotes("Harriet Quon lost the vote in May.", '"We will not pay for it."') == []


@pytest.mark.parametrize(
    "text",
    [
        '"Will the pool reopen?" asked the girl, who wore a "Save Our Pool" shirt to the meeting.',
        '"It was fun," said Mia Cole, 12, after a "bring your own chair" picnic on the green.',
    ],
)
def test_quoted_words_between_a_determiner_and_their_noun_are_a_label(text: str) -> None:
    assert len(_quotes(text)) == 1


def test_quoted_words_before_an_article_are_still_quoted() -> None:
    quotes = _quotes(
        'Ms. Ray said she waited in a "long, slow line winding out the door" a full day.'
    )
    assert len(quotes) == 1


def test_a_cue_in_a_relative_clause_after_a_name_is_that_names() -> None:
    (q,) = _quotes(
        "The bill won late backing from Rosa Delgado, who declared on the council floor, "
        '"We cannot keep patching roads with promises."'
    )
    assert q.text == "We cannot keep patching roads with promises."
    assert q.speaker == "Rosa Delgado"
    assert q.speaker_as_written == "who"


def test_a_relative_clause_after_a_name_needs_no_comma() -> None:
    (q,) = _quotes(
        "Among the replies was a post from Lena Varga who tweeted, "
        '"The council never listens to the people who elected it."'
    )
    assert q.speaker == "Lena Varga"


def test_a_named_subject_described_before_a_colon_introduces_the_quotation() -> None:
    (q,) = _quotes(
        'In its ruling, the Harbor Zoning Board was curt in its reply: "The permit stands."'
    )
    assert q.speaker_as_written == "the Harbor Zoning Board"


def test_a_described_thing_before_a_colon_is_no_speaker() -> None:
    assert _quotes('The lesson was simple: "Measure twice and cut once, always."') == []
