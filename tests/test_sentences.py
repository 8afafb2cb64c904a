"""Sentence splitting of news copy: boundaries a reader would draw, as verbatim spans."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from retrieval.ingest.sentences import split_sentences

# (text, expected sentences). Written for these tests in the style of news copy.
CASES: list[tuple[str, list[str]]] = [
    (
        "Mr. Jones arrived at No. 10 on Tuesday. He left an hour later.",
        ["Mr. Jones arrived at No. 10 on Tuesday.", "He left an hour later."],
    ),
    (
        "U.S. officials met Sen. Ortiz in Washington. The talks ended early.",
        ["U.S. officials met Sen. Ortiz in Washington.", "The talks ended early."],
    ),
    (
        "Shares rose 2.5% to $14.20. Profits were up 3.1bn.",
        ["Shares rose 2.5% to $14.20.", "Profits were up 3.1bn."],
    ),
    (
        "Sales hit $434m. Analysts had expected less.",
        ["Sales hit $434m.", "Analysts had expected less."],
    ),
    (
        "Output peaked in the 1970s. It has fallen since.",
        ["Output peaked in the 1970s.", "It has fallen since."],
    ),
    (
        "The novel by J. K. Rowling sold well. George W. Bush read it too.",
        ["The novel by J. K. Rowling sold well.", "George W. Bush read it too."],
    ),
    (
        '"We are ready. We have waited long enough," she said. The vote is on Friday.',
        ['"We are ready.', 'We have waited long enough," she said.', "The vote is on Friday."],
    ),
    (
        '"Is this the end?" asked the chairman. Nobody answered.',
        ['"Is this the end?" asked the chairman.', "Nobody answered."],
    ),
    (
        "The firm, Acme Holdings Inc. The deal closed in May.",
        ["The firm, Acme Holdings Inc.", "The deal closed in May."],
    ),
    (
        "He met Dr. Patel at 9 a.m. on Monday. Talks continue.",
        ["He met Dr. Patel at 9 a.m. on Monday.", "Talks continue."],
    ),
    (
        "The vote is on Jan. 5 in St. Louis. Turnout may be low.",
        ["The vote is on Jan. 5 in St. Louis.", "Turnout may be low."],
    ),
    (
        "Asked if he would resign, he said no. Then he left.",
        ["Asked if he would resign, he said no.", "Then he left."],
    ),
    (
        "It was the end of World War I. But the peace did not last.",
        ["It was the end of World War I.", "But the peace did not last."],
    ),
    (
        "Prices fell (again). Traders shrugged!",
        ["Prices fell (again).", "Traders shrugged!"],
    ),
    (
        "Markets slipped... Then they recovered.",
        ["Markets slipped...", "Then they recovered."],
    ),
    (
        "A tank is seen in the ruins of the city\nPA Images\nThousands have fled the fighting.",
        [
            "A tank is seen in the ruins of the city",
            "PA Images",
            "Thousands have fled the fighting.",
        ],
    ),
    (
        "The plan was agreed. - Ministers will meet again in June.",
        ["The plan was agreed.", "- Ministers will meet again in June."],
    ),
]


@pytest.mark.parametrize(("text", "expected"), CASES)
def test_splits_news_copy_as_a_reader_would(text: str, expected: list[str]) -> None:
    assert [text[s:e] for s, e in split_sentences(text)] == expected


def test_sentences_of_separate_paragraphs_never_merge() -> None:
    text = "First paragraph without a full stop\n\nSecond paragraph. It has two sentences."
    assert [text[s:e] for s, e in split_sentences(text)] == [
        "First paragraph without a full stop",
        "Second paragraph.",
        "It has two sentences.",
    ]


def test_empty_and_blank_text_have_no_sentences() -> None:
    assert split_sentences("") == []
    assert split_sentences("  \n\n ") == []


@given(st.text(alphabet=st.sampled_from(list("Ab .!?\"'\n(1)-M$r")), max_size=80))
def test_spans_are_ordered_trimmed_and_cover_all_words(text: str) -> None:
    spans = split_sentences(text)
    previous_end = 0
    for start, end in spans:
        assert previous_end <= start < end <= len(text)
        piece = text[start:end]
        assert piece == piece.strip()
        previous_end = end
    # Nothing but whitespace falls between or around the spans.
    covered = "".join(text[s:e] for s, e in spans)
    assert "".join(covered.split()) == "".join(text.split())
