"""Short quoted words: a partial quote when a cue puts them in someone's mouth, a term when
the copy only names a thing with them."""

from __future__ import annotations

from retrieval.models import Article
from retrieval.quotes import extract_quotes


def _quotes(*paragraphs: str):
    return extract_quotes(Article(id="t", title="", body="\n\n".join(paragraphs)))


def test_a_word_a_cue_puts_right_before_the_marks_is_a_partial_quote() -> None:
    (q,) = _quotes('Local councillor Jo Baines branded the leaflet "tasteless" on Monday.')
    assert q.text == "tasteless"
    assert q.speaker == "Jo Baines"


def test_described_as_a_single_word_is_the_describers() -> None:
    (q,) = _quotes('The bank described its results as "disappointing".')
    assert q.text == "disappointing"
    assert q.speaker == "The bank"


def test_a_so_called_term_is_no_quote() -> None:
    quotes = _quotes(
        'Ministers said the so-called "shared flats" would be built on old railway land.'
    )
    assert quotes == []


def test_a_nickname_after_dubbed_is_no_quote() -> None:
    quotes = _quotes('Mr Reeve, dubbed the "budget hawk" by colleagues, said nothing.')
    assert quotes == []


def test_a_party_name_in_another_language_is_no_quote() -> None:
    quotes = _quotes('The protest was organised by "Partido Verde Unido" and two unions.')
    assert quotes == []


def test_two_names_joined_by_and_speak_together() -> None:
    (q,) = _quotes(
        "Senator Ann Voss and Governor Tom Reyes met on Monday. Voss and Reyes call the "
        'attackers "lone wolves" in every speech.'
    )
    assert q.speaker == "Ann Voss and Tom Reyes"
