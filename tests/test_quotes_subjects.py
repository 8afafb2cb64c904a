"""Long speaker phrases: a role before the name, two people joined by "and", a title with its
state, bare plural roles, relative clauses and appositives of any length before the cue."""

from __future__ import annotations

from retrieval.models import Article
from retrieval.quotes import extract_quotes


def _quotes(*paragraphs: str):
    return extract_quotes(Article(id="t", title="", body="\n\n".join(paragraphs)))


def test_role_before_the_name_then_a_long_appositive() -> None:
    (q,) = _quotes(
        '"Hiring is finally reaching the small towns," the economist Lena Park, a former '
        "adviser at the Treasury, wrote on her blog."
    )
    assert q.speaker == "Lena Park"


def test_two_named_people_write_together() -> None:
    (q,) = _quotes(
        '"The dam was never inspected after the flood," Maria Okafor and Tom Reyes wrote.'
    )
    assert q.speaker == "Maria Okafor and Tom Reyes"


def test_title_with_the_state_after_the_name() -> None:
    (q,) = _quotes(
        '"This levy hurts every farmer in the county," former Gov. Ray Dunmore of Kansas said.'
    )
    assert q.speaker == "Ray Dunmore"


def test_one_person_with_two_roles() -> None:
    (q,) = _quotes(
        '"We will not accept this ruling," the Ohio senator and Republican presidential '
        "hopeful said."
    )
    assert q.speaker == "the Ohio senator and Republican presidential hopeful"


def test_bare_plural_role_and_this_source() -> None:
    a, b = _quotes(
        '"The losses to the pension fund are beyond measure," federal prosecutors wrote.',
        '"Nobody in the office trusts the new director," this source told the Herald.',
    )
    assert a.speaker == "federal prosecutors"
    assert b.speaker == "this source"


def test_relative_clause_between_the_subject_and_the_cue() -> None:
    (q,) = _quotes(
        "Although talks have stalled, a union official who asked not to be named said Monday, "
        '"We are ready to strike by the end of the month."'
    )
    assert q.speaker == "a union official"


def test_name_after_an_opening_phrase_with_a_two_part_appositive() -> None:
    (q,) = _quotes(
        "Last month, Jo Brandt, editor of The Ledger, a weekly paper in rural Maine, wrote, "
        '"No town should lose its only pharmacy to a merger."'
    )
    assert q.speaker == "Jo Brandt"


def test_a_clause_before_a_participle_is_not_a_speaker() -> None:
    quotes = _quotes(
        "The trouble began during a rally at the State Fairgrounds, when protesters rushed "
        'the stage, shouting "no more cuts!"'
    )
    assert all(q.speaker != "State Fairgrounds" for q in quotes)
