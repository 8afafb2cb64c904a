"""Forgiving speaker matching for `who-said --speaker`."""

from __future__ import annotations

import pytest

from retrieval.quotes import speaker_key, speaker_matches
from retrieval.quotes.directory import SpeakerDirectory


@pytest.mark.parametrize(
    "query", ["Mr Corbyn", "corbyn", "Jeremy Corbyn", "Jermy Corbin", "CORBYN"]
)
def test_titles_case_surnames_and_typos_match(query: str) -> None:
    assert speaker_matches(query, "Jeremy Corbyn")


@pytest.mark.parametrize("query", ["Eric Trump", "Corbett", "Jo", ""])
def test_other_people_do_not_match(query: str) -> None:
    assert not speaker_matches(query, "Donald Trump") or query == ""
    assert not speaker_matches(query, "Jeremy Corbyn")


def test_no_speaker_matches_nothing() -> None:
    assert not speaker_matches("Corbyn", None)


def test_speaker_key_normalises() -> None:
    assert speaker_key("Sen. Ted Cruz") == speaker_key("ted  CRUZ") == "ted cruz"
    assert speaker_key("Mr. José Núñez") == "jose nunez"


NAMES = ["Jeremy Corbyn", "Rush Limbaugh", "George W. Bush", "Jeb Bush", "Donald Trump", ""]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("corbyn", ["Jeremy Corbyn"]),
        ("Mr Corbyn", ["Jeremy Corbyn"]),
        ("Jermy Corbyn", ["Jeremy Corbyn"]),  # a typo in a word no speaker has
        ("Bush", ["George W. Bush", "Jeb Bush"]),  # a word a speaker has is meant: not Rush
        ("Jeb Bush", ["Jeb Bush"]),  # every word must match
        ("Limbau", []),  # two letters short of a long word is not a typo of it
        ("Eric Trump", []),
        ("", []),
    ],
)
def test_the_directory_finds_the_named_speakers(query: str, expected: list[str]) -> None:
    directory = SpeakerDirectory(NAMES)
    assert [NAMES[code] for code in directory.codes(query)] == expected
