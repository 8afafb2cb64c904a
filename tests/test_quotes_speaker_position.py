"""Where the speaker sits around a cue: inverted after a descriptor, in object position
(quoted by someone else), as the agent of a passive, and behind an organisation it belongs to."""

from __future__ import annotations

from retrieval.models import Article
from retrieval.quotes import extract_quotes


def _quotes(*paragraphs: str):
    return extract_quotes(Article(id="t", title="", body="\n\n".join(paragraphs)))


def test_descriptor_between_verb_and_name() -> None:
    (q,) = _quotes('"It was a shock to lose in straight sets," said fourth seed Andre Varga.')
    assert q.speaker == "Andre Varga"


def test_the_one_a_paper_quotes_speaks_not_the_paper() -> None:
    first, second = _quotes(
        "The Harbour Times reported that the ferry company was for sale.",
        'The newspaper quoted Mr Tully as saying: "We have had three offers this month." '
        '"None of them is serious," the paper quoted Mr Tully as saying.',
    )
    assert first.speaker == second.speaker == "Mr Tully"


def test_a_source_a_paper_quotes_is_the_speaker() -> None:
    (q,) = _quotes(
        '"The money will go into the plant, not to the owners," the newspaper quotes a '
        "source close to the buyer."
    )
    assert q.speaker == "a source close to the buyer"


def test_quoted_as_saying_in_the_passive_is_the_subjects_own_words() -> None:
    (q,) = _quotes('Mayor Ann Webb was quoted as saying: "The bridge will open in June."')
    assert q.speaker == "Ann Webb"


def test_agent_of_a_passive_cue_after_the_quotation() -> None:
    (q,) = _quotes(
        'The young winger was described as "the finest prospect in a decade" by visiting scouts.'
    )
    assert q.speaker == "visiting scouts"


def test_agent_of_a_passive_cue_before_the_quotation() -> None:
    (q,) = _quotes(
        "His doubts were echoed by the playwright Sir Ralph Mead, who called the cuts "
        '"a disgrace for a country that lives off its theatres".'
    )
    assert q.speaker == "Ralph Mead"


def test_a_club_before_a_role_is_not_the_speaker() -> None:
    (q,) = _quotes(
        "Northfield United director of football Pablo Reyes, who joined from Spain in May, "
        'said: "We will not sell our best player."'
    )
    assert q.speaker == "Pablo Reyes"


def test_a_role_and_name_before_a_colon_introduce_the_quotation() -> None:
    (q,) = _quotes('- Harbour Town boss Danny Frew: "We gave away two soft goals today."')
    assert q.speaker == "Danny Frew"


def test_a_bare_plural_role_after_the_cue_speaks_with_its_firm() -> None:
    (q,) = _quotes(
        '"Delays like this are rare," wrote analysts from Parker Lowe in a note to clients.'
    )
    assert q.speaker == "analysts from Parker Lowe"


def test_an_academic_title_resolves_to_the_full_name() -> None:
    first, second = _quotes(
        '"Robots must learn manners," said Professor Anna Kovac, who leads the project. '
        '"It will take twenty years," Professor Kovac told reporters.'
    )
    assert first.speaker == second.speaker == "Anna Kovac"


def test_one_passive_agent_for_two_quoted_words() -> None:
    quotes = _quotes(
        'Her remarks have been described as "reckless" and "shameful" by the Civil Liberties '
        "Forum (CLF)."
    )
    assert [q.speaker for q in quotes] == ["Civil Liberties Forum (CLF)"] * 2


def test_a_seat_after_a_place_is_a_description_of_the_person() -> None:
    quotes = _quotes(
        "Home Office minister Jane Holt said innocent people would be stopped. "
        '"The threat comes from a small group," the Salford MP told the committee.'
    )
    assert quotes[-1].speaker == "Jane Holt, the Salford MP"


def test_a_capitalised_role_opening_the_sentence_is_not_part_of_the_name() -> None:
    (q,) = _quotes('Rocker Ben Stone mocked his friend as "the biggest ego in rock".')
    assert q.speaker == "Ben Stone"


def test_according_to_after_the_quotation_names_the_speaker() -> None:
    (q,) = _quotes('"Prices will keep rising," according to Dan Price, an analyst at Brook Bank.')
    assert q.speaker == "Dan Price"
