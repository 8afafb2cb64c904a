"""Copy whose short paragraphs were merged into blocks: a quotation that went on into the next
paragraph keeps that paragraph's opening mark mid-block, with no closing mark before it."""

from __future__ import annotations

from retrieval.models import Article
from retrieval.quotes import extract_quotes


def _article(*paragraphs: str) -> Article:
    return Article(id="t", title="", body="\n\n".join(paragraphs))


def test_reopened_quotation_goes_on_to_its_own_close_and_no_further() -> None:
    a = _article(
        'The coach, Dan Moss, said: "We trained hard all winter. "Nobody expected us to be here, '
        'but here we are." The club was relegated a year ago. "It still hurts," said the '
        "captain, Eve Hart."
    )
    quotes = extract_quotes(a)
    assert [q.text for q in quotes] == [
        'We trained hard all winter. "Nobody expected us to be here, but here we are.',
        "It still hurts",
    ]
    assert [q.speaker for q in quotes] == ["Dan Moss", "Eve Hart"]


def test_reopened_quotation_after_a_cue_is_attributed_by_its_own_cue() -> None:
    a = _article(
        '"We lost the first game," said the manager, Rosa Lind. "Then we won nine in a row. '
        '"People forget that," she added. The league starts in May.'
    )
    quotes = extract_quotes(a)
    assert [q.text for q in quotes] == [
        "We lost the first game",
        'Then we won nine in a row. "People forget that',
    ]
    assert {q.speaker for q in quotes} == {"Rosa Lind"}
    assert quotes[1].cue == "added"


def test_quotation_nested_after_a_colon_is_still_nested() -> None:
    a = _article(
        'The umpire, Joe Kerr, said: "The player told me: "I never touched it." I believed him."'
    )
    (q,) = extract_quotes(a)
    assert q.text.startswith("The player told me:")
    assert q.text.endswith("I believed him.")
    assert q.speaker == "Joe Kerr"


def test_a_quotation_the_copy_never_closed_ends_before_the_next_cue() -> None:
    a = _article(
        'The singer, Marc Dell, said: "The ban is silly. "I was with that label for a year and '
        'they never paid me. He added: "The album will come out in May." The case is in court.'
    )
    quotes = extract_quotes(a)
    assert [q.text for q in quotes] == [
        'The ban is silly. "I was with that label for a year and they never paid me.',
        "The album will come out in May.",
    ]
    assert [q.cue for q in quotes] == ["said:", "added:"]
    assert {q.speaker for q in quotes} == {"Marc Dell"}
