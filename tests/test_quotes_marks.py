"""Quote marks: every kind news copy uses, joined and split the way they are printed."""

from __future__ import annotations

from retrieval.models import Article
from retrieval.quotes import extract_quotes


def _article(*paragraphs: str) -> Article:
    return Article(id="t", title="", body="\n\n".join(paragraphs))


def _texts(article: Article) -> list[str]:
    return [q.text for q in extract_quotes(article)]


def test_straight_and_curly_double_quotes() -> None:
    a = _article(
        'The council leader, Ann Webb, said: "We will reopen the library by spring."',
        "“The budget is tight but the promise stands,” Ms Webb added.",
    )
    assert _texts(a) == [
        "We will reopen the library by spring.",
        "The budget is tight but the promise stands",
    ]


def test_offsets_slice_the_body_verbatim() -> None:
    a = _article("“Nobody saw the flood coming,” said the harbour master, Tom Reyes.")
    (q,) = extract_quotes(a)
    assert a.body[q.start : q.end] == q.text
    assert q.paragraph == 0


def test_single_quotes_inside_double_are_part_of_the_quotation() -> None:
    a = _article("“They kept chanting ‘no more cuts’ all night,” said the organiser, Priya Shah.")
    (q,) = extract_quotes(a)
    assert q.text == "They kept chanting ‘no more cuts’ all night"
    assert q.speaker == "Priya Shah"


def test_quote_split_around_the_cue_gives_two_halves_with_one_speaker() -> None:
    a = _article(
        "Councillor Mark Bell was unrepentant. "
        "“The depot was falling down,” he said, “and somebody had to act.”"
    )
    quotes = extract_quotes(a)
    assert [q.text for q in quotes] == ["The depot was falling down", "and somebody had to act."]
    assert {q.speaker for q in quotes} == {"Mark Bell"}


def test_multi_paragraph_quotation_is_one_quote_spanning_paragraphs() -> None:
    a = _article(
        "The union's general secretary, Lena Ortiz, said: \"Our members have waited three years.",
        '"They will not wait another three."',
        "The company declined to comment.",
    )
    (q,) = extract_quotes(a)
    assert q.text.startswith("Our members have waited three years.")
    assert q.text.endswith("They will not wait another three.")
    assert "\n\n" in q.text
    assert a.body[q.start : q.end] == q.text
    assert q.paragraph == 0
    assert q.speaker == "Lena Ortiz"


def test_doubled_apostrophes_are_double_quotes() -> None:
    a = _article("''The numbers simply do not add up,'' said Senator Joan Pike of Ohio.")
    (q,) = extract_quotes(a)
    assert q.text == "The numbers simply do not add up"
    assert q.speaker == "Joan Pike"


def test_apostrophes_do_not_open_quotations() -> None:
    a = _article("The mayor's office said it won't comment on the '90s contracts or Jones' claims.")
    assert extract_quotes(a) == []


def test_unclosed_quote_runs_to_the_paragraph_end_without_raising() -> None:
    a = _article(
        "“We have been ignored for too long, said the tenant, Ray Cole.", "Next paragraph."
    )
    quotes = extract_quotes(a)
    assert all(a.body[q.start : q.end] == q.text for q in quotes)
    assert all("Next paragraph" not in q.text for q in quotes)


def test_doubled_apostrophes_closing_a_quote_within_a_quote() -> None:
    a = _article(
        "''Voters will not accept 'We will look into it,''' said Councillor Priya Raman, "
        "who chairs the transport committee."
    )
    (q,) = extract_quotes(a)
    assert q.text == "Voters will not accept 'We will look into it,'"
    assert q.speaker == "Priya Raman"


def test_an_opening_curly_mark_typed_where_a_closer_belongs() -> None:
    a = _article(
        "The host leaned in. “Will you serve the full term?“ he asked.",
        "“That decision is for the voters, not for me,“ said Senator Joan Whitby.",
    )
    assert _texts(a) == [
        "Will you serve the full term?",
        "That decision is for the voters, not for me",
    ]


def test_an_opening_mark_glued_to_a_word_closes_the_quotation() -> None:
    quotes = extract_quotes(
        _article(
            "He called the strikers “lazy” and “greedy“ while touring the plant. “There is "
            "real anger on the floor,” Mr Hale told reporters."
        )
    )
    found = [(q.text, q.speaker) for q in quotes]
    # "lazy" is a partial quote of an unnamed "He"; "greedy" does not run into the next one.
    assert found[-1] == ("There is real anger on the floor", "Mr Hale")
    assert [t for t, _ in found[:-1]] in (["lazy"], ["lazy", "greedy"])


def test_an_invisible_formatting_character_before_a_mark_is_no_word() -> None:
    # Comments pasted from social media keep a bidi embedding (U+202A) or a zero-width space
    # before a closing-style mark that opens the quotation.
    a = _article(
        "Readers answered within minutes.",
        "\u202a”The bridge should have been fixed years ago,” wrote Dana Holt.",
        "\u200b”Thank you for finally saying it,” posted Lee Moss.",
    )
    assert [(q.text, q.speaker) for q in extract_quotes(a)] == [
        ("The bridge should have been fixed years ago", "Dana Holt"),
        ("Thank you for finally saying it", "Lee Moss"),
    ]


def test_an_inch_mark_after_feet_does_not_close_the_quotation() -> None:
    texts = _texts(
        _article(
            "\u201cI admit it, he is taller than me; he is like 6\u20192\u201d, and I am not,"
            "\u201d "
            "Ana Ruiz said. \u201cBut height is not a plan.\u201d"
        )
    )
    assert texts == [
        "I admit it, he is taller than me; he is like 6\u20192\u201d, and I am not",
        "But height is not a plan.",
    ]
