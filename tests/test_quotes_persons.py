"""Only people are antecedents and full names: no "Team Brandt", no "Senate Minority Leader"."""

from __future__ import annotations

import pytest

from retrieval.models import Article
from retrieval.quotes import extract_quotes


def _quotes(*paragraphs: str):
    return extract_quotes(Article(id="t", title="", body="\n\n".join(paragraphs)))


def test_a_team_named_after_a_candidate_is_not_the_he_who_speaks() -> None:
    *_, q = _quotes(
        "Mayor Tom Brandt opened the session early on Monday.",
        "Team Brandt sees the vote as a turning point for the county.",
        '"We will build the bridge this year," he said.',
    )
    assert q.speaker == "Tom Brandt"


def test_a_surname_resolves_to_the_person_not_the_team_named_first() -> None:
    *_, q = _quotes(
        "Team Brandt sees the vote as a turning point for the county.",
        "Mayor Tom Brandt opened the session early on Monday.",
        '"We will build the bridge this year," Brandt said.',
    )
    assert q.speaker == "Tom Brandt"


def test_a_heading_in_capitals_is_not_the_he_who_speaks() -> None:
    *_, q = _quotes(
        "Senator Paul Odom spoke for an hour at the county hall on Friday.",
        "FULL TEXT",
        '"The plan is dead and everyone in this room knows it," he said.',
    )
    assert q.speaker == "Paul Odom"


@pytest.mark.parametrize(
    ("speaker", "expected"),
    [
        ("Senate Minority Leader Ellen Marsh", "Ellen Marsh"),
        ("Fox News' Dale Ormond", "Dale Ormond"),
        ("CNN Gloria Pratt", "Gloria Pratt"),
        ("Comedian Rita Vance", "Rita Vance"),
        ("Senate Majority Whip Ron Tate", "Ron Tate"),
        ("Hewlett-Packard CEO Carla Fenton", "Carla Fenton"),
        ("C. Dalton Gray", "C. Dalton Gray"),
    ],
)
def test_the_job_or_outlet_before_a_name_is_not_part_of_it(speaker: str, expected: str) -> None:
    (q,) = _quotes(f'"The budget is broken beyond repair," said {speaker}.')
    assert q.speaker == expected


def test_a_newspaper_by_its_short_name_is_still_the_newspaper() -> None:
    *_, q = _quotes(
        "The Lakeside Post first reported the closure on Tuesday.",
        'The mill "will not reopen," the Post reported.',
    )
    assert q.speaker in {"Lakeside Post", "The Lakeside Post", "the Post"}


@pytest.mark.parametrize(
    ("speaker", "expected"),
    [
        ("White House Chief of Staff Dale Pruitt", "Dale Pruitt"),
        ("Secretary of State Jon Kerrigan", "Jon Kerrigan"),
    ],
)
def test_the_name_after_an_office_of_something_is_the_speaker(speaker: str, expected: str) -> None:
    (q,) = _quotes(f'"The budget is broken beyond repair," {speaker} said.')
    assert q.speaker == expected


def test_a_titled_subject_with_no_full_name_is_the_he_who_speaks() -> None:
    *_, q = _quotes(
        "Governor Dale Pruitt has pushed the port plan for a year.",
        "Mr. Quan said there was nothing wrong with the plan itself. But he suggested that the "
        'governor had his eyes on the election. "They are under pressure at home," he said.',
    )
    assert q.speaker == "Mr. Quan"


def test_the_name_after_a_described_office_opening_the_sentence_is_the_he() -> None:
    *_, q = _quotes(
        "Mayor Tom Brandt said the port plan would pass this spring.",
        "Former Lake County party chairman Ned Ginger noted that the plan had failed twice before.",
        'Of the new vote, he said, "It is a little much."',
    )
    assert q.speaker == "Ned Ginger"


def test_a_titled_name_after_a_lower_case_word_opening_the_sentence_is_the_she() -> None:
    *_, q = _quotes(
        '"We will win the county," Ed Marlow told supporters on Friday.',
        "But state Rep. Gina Hollis, a member of the party committee, recalled what happened "
        "in 2008.",
        '"Nobody owns this vote," she said.',
    )
    assert q.speaker == "Gina Hollis"
