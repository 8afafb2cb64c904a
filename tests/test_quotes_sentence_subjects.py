"""A "he" or "she" at a cue is the person the narrative last made its subject, found behind
the roles and affiliations written before the name, not whoever spoke last."""

from __future__ import annotations

from retrieval.models import Article
from retrieval.quotes import extract_quotes


def _quotes(*paragraphs: str):
    return extract_quotes(Article(id="t", title="", body="\n\n".join(paragraphs)))


def test_he_is_the_subject_of_the_sentence_between_two_quotations() -> None:
    first, second = _quotes(
        '"The league owes us an apology," said the club chairman, Victor Hale. '
        "Transport & Works Union branch secretary Dan Pike repeated his warning about the "
        'strike. "This is a crucial week for everyone at the yard," he said.'
    )
    assert first.speaker == "Victor Hale"
    assert second.speaker == "Dan Pike"


def test_she_is_the_subject_behind_a_job_title() -> None:
    first, second = _quotes(
        '"Most samples are tested within a week," said the lab director, Omar Haddad.',
        "Forensic pathologist Dr Lena Cruz said she had seen families lose patience. "
        '"They expect results overnight," she said.',
    )
    assert first.speaker == "Omar Haddad"
    assert second.speaker == "Lena Cruz"


def test_appositive_subject_keeps_the_name_before_the_relative_clause() -> None:
    (q,) = _quotes(
        "British number two Sam Ojo, who lost in the final last year, believes he can beat "
        'the top seed, Roger Vale, this time. "I feel stronger than ever," he said.'
    )
    assert q.speaker == "Sam Ojo"


def test_the_agent_of_a_passive_sentence_is_the_she() -> None:
    first, second = _quotes(
        '"Ticket sales are down by a third," said the festival director, Tom Price.',
        "Mr Price's worries were shared by Nadia Bell, who runs the film market next door. "
        '"We have been careful not to look away," she said.',
    )
    assert first.speaker == "Tom Price"
    assert second.speaker == "Nadia Bell"


def test_a_clause_opening_the_sentence_is_not_its_subject() -> None:
    (q,) = _quotes(
        "Ann Lee chairs the housing committee. After Bob Marsh resigned in May, she took over "
        'his budget too. "It is a lot of work," she said.'
    )
    assert q.speaker == "Ann Lee"


def test_a_subject_after_a_fronted_clause_is_the_he() -> None:
    first, second = _quotes(
        '"Our budget is half of theirs," said the rival organiser, Piet Loos.',
        "Although the event has yet to match the older festivals, Mr Hale predicts it will "
        'catch up. "We have grown very fast," he concedes.',
    )
    assert first.speaker == "Piet Loos"
    assert second.speaker == "Mr Hale"


def test_the_person_a_relative_clause_makes_the_subject_is_the_she() -> None:
    first, second = _quotes(
        '"It was the hardest part to cast," said the director, Ben Ames.',
        "It is also a first award for Mara Voss, 31, who told reporters she had not expected "
        'to win. "I am still shaking," she said.',
    )
    assert first.speaker == "Ben Ames"
    assert second.speaker == "Mara Voss"


def test_a_relative_clause_about_someone_else_leaves_the_main_subject_the_he() -> None:
    (q,) = _quotes(
        "Coach Gary Doyle also praised Luis Pardo, who was behind most of the attacks. "
        '"In the first half he was everywhere," he said.'
    )
    assert q.speaker == "Gary Doyle"


def test_the_title_of_a_work_is_no_person() -> None:
    first, second = _quotes(
        '"I nearly stayed at home," said the actor, Tom Reed.',
        "Reed, whose film Silent Harbour is in competition, said he changed his mind. "
        '"Then the organisers called," he continued.',
    )
    assert first.speaker == second.speaker == "Tom Reed"


def test_a_later_sentence_that_quotes_again_is_not_the_cue_of_the_quotation_before() -> None:
    first, second, third = _quotes(
        '"It was a long day," she said. "I am proud of the whole cast." Mara Voss, who was '
        'nominated twice before, told the BBC the news was "wonderful".'
    )
    assert first.speaker_as_written == second.speaker_as_written == "she"
    assert third.text == "wonderful"
    assert third.speaker == "Mara Voss"


def test_the_subject_of_a_reported_clause_is_not_the_he() -> None:
    (q,) = _quotes(
        "Realising his mistake, Mr Doyle then wrote to the editor, suggesting presenter "
        'Sam Kerr would see the joke. He said: "It was never meant for you."'
    )
    assert q.speaker == "Mr Doyle"


def test_a_work_someone_starred_in_is_no_person() -> None:
    (q,) = _quotes(
        "Hollywood veteran Dan Hollis was in London on Tuesday. The star of Night Train and "
        'Blue Harbour said modern films were "made for the first weekend".'
    )
    assert q.speaker not in {"Night Train", "Blue Harbour"}


def test_an_age_description_after_the_star_of_a_film_is_the_actor() -> None:
    first, second = _quotes(
        "Hollywood veteran Dan Hollis was in London on Tuesday. The star of Night Train and "
        'Blue Harbour said modern films were "made for the first weekend". The 67-year-old '
        'also said he had lost his "appetite for acting".'
    )
    assert second.speaker == "Dan Hollis, the 67-year-old"


def test_a_source_given_by_according_to_is_the_he() -> None:
    (q,) = _quotes(
        "Cable firms are also bound to raise speeds and, according to a Linkwave spokesman, "
        'are better placed in the long term. "Will 8Mbps be enough?" he asked.'
    )
    assert q.speaker == "a Linkwave spokesman"


def test_the_host_named_by_a_participle_is_the_he_when_no_person_is_the_subject() -> None:
    (q,) = _quotes(
        "The press conference hosted by campaign chief Alan Mott had all the hallmarks of an "
        'election event. "Welcome to the new media centre," he said.'
    )
    assert q.speaker == "Alan Mott"


def test_an_unnamed_spokesman_opening_a_sentence_is_the_he() -> None:
    quotes = _quotes(
        '"Stop and search is aimed at no one," said the home secretary, Ruth Dale. Later, the '
        "prime minister's official spokesman urged people to read her comments in context. "
        '"It is not police policy to target anyone," he added.'
    )
    assert quotes[-1].speaker == "the prime minister's official spokesman"


def test_a_name_that_modifies_a_noun_is_not_the_subject() -> None:
    first, second = _quotes(
        '"We were never in danger," said the manager, Graeme Lowe. An early own goal and a '
        'Mark Hart strike earned the win. "We got our goals early," he said.'
    )
    assert second.speaker == "Graeme Lowe"


def test_a_titled_subject_who_speaks_is_one_antecedent_not_a_crash() -> None:
    # The subject is remembered with the sex its title gives and the speaker without one, at
    # the same offset: the two must never be compared by sex.
    quotes = _quotes(
        'Labour London mayor Mr Ken Dale said: "We will build it." '
        '"It will be fine," he added later.'
    )
    assert [q.speaker for q in quotes] == ["Ken Dale", "Ken Dale"]
