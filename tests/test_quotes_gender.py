"""A "he" or "she" never resolves to someone the article's own pronouns give the other sex."""

from __future__ import annotations

from retrieval.models import Article
from retrieval.quotes import extract_quotes


def _quotes(*paragraphs: str):
    return extract_quotes(Article(id="t", title="", body="\n\n".join(paragraphs)))


def test_she_is_not_the_man_named_just_before() -> None:
    *_, q = _quotes(
        "Mark Dunmore said he would not seek another term on the council.",
        "Dunmore told reporters he was tired of the fights over the port budget.",
        'A neighbor who has known him for years was not surprised. "He gave it all he had," '
        "she said.",
    )
    assert q.speaker_as_written == "she"
    assert q.speaker is None


def test_she_skips_the_man_to_the_woman_the_article_calls_she() -> None:
    *_, q = _quotes(
        "Rita Okafor said she would run again for the county seat.",
        "Okafor said her campaign would open three new offices in the spring.",
        "Tom Baines said he was not surprised by the announcement.",
        "Baines said he would back her in the primary.",
        '"We are ready for this fight," she said.',
    )
    assert q.speaker == "Rita Okafor"


def test_he_is_not_the_woman_the_next_sentence_calls_she() -> None:
    *_, q = _quotes(
        "Lena Marsh will testify before the committee on Tuesday. She has been under fire "
        "for weeks.",
        "Marsh said her office had followed the rules.",
        '"Nobody is above the law," he said.',
    )
    assert q.speaker is None


def test_a_titled_surname_is_not_the_man_of_that_surname_when_the_title_says_woman() -> None:
    *_, q = _quotes(
        "Paul Rowan said he would sell the farm this fall. Paul Rowan said he had no choice.",
        '"We have been here for forty years," Mrs. Rowan said.',
    )
    assert q.speaker == "Mrs. Rowan"
