"""Long speaker phrases: a role before the name, two people joined by "and", a title with its
state, bare plural roles, relative clauses and appositives of any length before the cue."""

from __future__ import annotations

import pytest

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


def test_with_phrase_gives_the_participle_its_subject() -> None:
    (q,) = _quotes(
        "At a fair in Dayton, Ohio, on Sunday, a heckler was led away, with Senator Ray Cole "
        'reportedly shouting: "Take him out of here right now!"'
    )
    assert q.speaker == "Ray Cole"


def test_with_plural_group_before_a_participle() -> None:
    (q,) = _quotes(
        "Denver was on everyone's mind, with hundreds of marchers and neighbours chanting "
        '"We are Denver, we stand together."'
    )
    assert q.speaker == "hundreds of marchers and neighbours"


def test_being_asked_and_was_asked_are_not_the_speakers_cue() -> None:
    quotes = _quotes(
        'Her remarks came after being asked about "the future of the mill and its workers."',
        'Lee was asked, "What will you tell the families who lost their jobs this year?"',
    )
    assert quotes == []


def test_cue_words_after_numbers_and_possessives_are_nouns() -> None:
    quotes = _quotes(
        'The governor said, "Fewer cars downtown means safer streets." Ohio is one of 45 '
        "states that allow it.",
        'He said the board\'s report "was not good at all for the school district."',
    )
    assert [q.speaker for q in quotes][:1] == ["The governor"]
    assert all(q.speaker not in {"Ohio", "board's"} for q in quotes)


def test_participle_after_a_quotation_has_no_inverted_subject() -> None:
    quotes = _quotes(
        'Marta Diaz gave a defence of "small-town values and pride," saying the town embodied '
        "its history."
    )
    assert all(q.speaker != "the town" for q in quotes)


def test_dateline_is_not_the_subject_and_a_described_subject_speaks() -> None:
    (q,) = _quotes(
        "BOSTON, May 3 (UPI) — After the vote, the union's chief negotiator thanked members, "
        'saying: "We got every raise we asked for."'
    )
    assert q.speaker == "the union's chief negotiator"


def test_dateline_before_a_named_speaker() -> None:
    (q,) = _quotes('DENVER (AP) — Mayor Lia Ortiz told reporters, "The shelters are full."')
    assert q.speaker == "Lia Ortiz"


def test_a_participle_cue_after_said_belongs_to_the_one_who_said() -> None:
    (q,) = _quotes(
        "Moreno and Blake will meet sometime next week, Ortega said, adding, "
        '"They need to settle this face to face."'
    )
    assert q.speaker == "Ortega"


def test_a_time_phrase_between_the_speaker_and_the_cue_is_not_part_of_the_name() -> None:
    (q,) = _quotes('Lina Marsh later Tuesday told Channel 4: "The vote was never in doubt."')
    assert q.speaker == "Lina Marsh"
    assert q.speaker_as_written == "Lina Marsh"


def test_a_place_and_day_before_a_description_are_not_the_speaker() -> None:
    (q,) = _quotes(
        "At a meeting in Dover, Kent Friday, the union organiser replied: "
        '"Nobody here is going back to work."'
    )
    assert q.speaker == "the union organiser"


def test_a_participle_cue_after_a_noun_still_belongs_to_the_subject() -> None:
    quotes = _quotes(
        "Nadia Coles, the council leader, was asked about the budget on Tuesday.",
        'She then defended the remark, saying, "The cuts were the only honest choice left."',
    )
    assert [q.speaker for q in quotes] == ["Nadia Coles"]


def test_a_past_participle_after_the_article_is_an_adjective_not_a_verb() -> None:
    (q,) = _quotes(
        "The comedian Luis Ortiz opened the show with the match.",
        'A flabbergasted Ortiz quipped, "It is like a referee who forgot the rules."',
    )
    assert q.speaker == "Luis Ortiz"


def test_an_opening_said_with_a_relative_clause_after_the_name() -> None:
    quotes = _quotes(
        "The old bakery on Mill Lane was turned into a museum. Said Rosa Tamm, who grew up "
        'two doors away, "We all queued here for bread on Saturdays."'
    )
    assert [q.speaker for q in quotes] == ["Rosa Tamm"]


def test_the_subject_after_a_subordinating_after_speaks() -> None:
    quotes = _quotes(
        "The row began on Friday after Mr. Vance, asked about the closures, had said, "
        '"Every town has to carry its share of the pain."'
    )
    assert [q.speaker for q in quotes] == ["Mr. Vance"]


def test_a_speaker_phrase_cut_by_a_quoted_title_keeps_its_head() -> None:
    quotes = _quotes(
        '"We have to earn their trust," wrote the authors of the "Renewal Plan," citing the '
        "last election."
    )
    assert [(q.text, q.speaker) for q in quotes] == [("We have to earn their trust", "the authors")]


def test_a_title_inside_the_speaker_phrase_before_the_quotation_is_read_over() -> None:
    quotes = _quotes(
        'As Ann Lee, a historian at Kent and the author of "Salt Roads," put it, "Senators '
        'should remember that a deal today beats a worse one later."'
    )
    assert [(q.text, q.speaker) for q in quotes] == [
        ("Senators should remember that a deal today beats a worse one later.", "Ann Lee")
    ]


def test_an_appositive_missing_its_closing_comma_still_leaves_the_name() -> None:
    quotes = _quotes(
        '"The river has never been this low in June," Rita Osei, the hydrologist who runs the '
        "gauge station said on Friday."
    )
    assert [(q.speaker, q.speaker_as_written) for q in quotes] == [
        ("Rita Osei", "Rita Osei, the hydrologist who runs the gauge station")
    ]


@pytest.mark.parametrize(
    "text",
    [
        '"We will not back down," the lanky, soft-spoken senator said on Friday.',
        '"We will not back down," said the lanky, soft-spoken senator.',
    ],
)
def test_coordinate_adjectives_stay_in_the_speaker_phrase(text: str) -> None:
    assert [q.speaker for q in _quotes(text)] == ["the lanky, soft-spoken senator"]


def test_an_adverb_opening_a_sentence_is_not_a_person() -> None:
    quotes = _quotes(
        "Hastily rewriting the agenda, Omar Vance blamed the council and called the plan "
        '"a shameful waste of public money and time."'
    )
    assert [q.speaker for q in quotes] == ["Omar Vance"]


def test_a_named_subject_after_two_opening_phrases_speaks_the_participle_quote() -> None:
    quotes = _quotes(
        "On Thursday, after staying neutral all spring, Dana Whitfield appeared on local radio "
        'and endorsed the mayor, saying, "She is exactly what this city needs now."'
    )
    assert [q.speaker for q in quotes] == ["Dana Whitfield"]


def test_a_long_description_subject_speaks_the_participle_quote() -> None:
    quotes = _quotes(
        "A spokeswoman for the State Transport Safety Board emailed reporters the rule, "
        'arguing, "As you can see, the text says nothing of the kind."'
    )
    assert [q.speaker for q in quotes] == ["A spokeswoman for the State Transport Safety Board"]


def test_even_before_a_described_subject_is_skipped() -> None:
    quotes = _quotes(
        "Amid the protests, even a senior party strategist said the mayor must choose, saying, "
        '"At some point she will have to say where she stands."'
    )
    assert [q.speaker for q in quotes] == ["a senior party strategist"]


def test_an_alongside_phrase_opens_the_sentence_before_a_described_subject() -> None:
    quotes = _quotes(
        "Alongside the union's demands, even a veteran party adviser said the mayor must "
        'choose, saying, "Sooner or later she has to say where she stands."'
    )
    assert [q.speaker for q in quotes] == ["a veteran party adviser"]


def test_he_is_the_named_subject_after_an_opening_phrase() -> None:
    quotes = _quotes(
        "Soon after the vote, Omar Vance said the town had lost its way.",
        '"The town is no longer the town," he said.',
    )
    assert [q.speaker for q in quotes] == ["Omar Vance"]


def test_a_name_then_the_body_it_belongs_to_resolves_to_the_name() -> None:
    quotes = _quotes(
        "However, as Bishop Tomas Varga of the Diocese of Esztergom told reporters, "
        '"We have suffered the same fate." He added, "So the city should act first."'
    )
    assert [q.speaker for q in quotes] == ["Tomas Varga", "Tomas Varga"]


@pytest.mark.parametrize(
    "appositive",
    ["a former organizer for the A.F.L.-C.I.O. in Ohio,", "the analyst who founded pollwatch.com"],
)
def test_dotted_initialisms_and_web_addresses_stay_inside_the_speaker_phrase(
    appositive: str,
) -> None:
    (q,) = _quotes(f'"Nobody wins a strike like this one," Rita Moss, {appositive} said on Monday.')
    assert q.speaker == "Rita Moss"


@pytest.mark.parametrize(
    ("text", "written"),
    [
        (
            'Ann Cole ran the meeting. Later that night she told reporters, "We will be back '
            'next week with a new plan."',
            "she",
        ),
        (
            'The flyer shows the mayor. At the bottom it reads, "Vote early, vote often, and '
            'bring a neighbor along."',
            "it",
        ),
    ],
)
def test_a_pronoun_after_an_opener_without_a_comma_is_the_subject(text: str, written: str) -> None:
    (q,) = _quotes(text)
    assert q.speaker_as_written == written
