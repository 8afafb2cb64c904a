"""What a speaker phrase refers to: a description to the person or body the narrative is about
(named beside the description), "it" and "they" to a named body, a company never to a "he";
an office alone or a description of someone the article never names as written."""

from __future__ import annotations

from retrieval.models import Article
from retrieval.quotes import extract_quotes


def _quotes(*paragraphs: str):
    return extract_quotes(Article(id="t", title="", body="\n\n".join(paragraphs)))


def test_an_age_description_is_the_person_named_before() -> None:
    (q,) = _quotes(
        "Veteran comic Harold Pike was booed off stage in Leeds on Friday. "
        '"I have had worse nights," said the 74-year-old comedian.'
    )
    assert q.speaker == "Harold Pike, the 74-year-old comedian"
    assert q.speaker_as_written == "the 74-year-old comedian"


def test_an_age_description_of_the_other_sex_is_someone_else() -> None:
    (q,) = _quotes(
        "Mr Dale Hunt chairs the trust. Its founder, Ruth Amis, opened the new wing on Monday. "
        '"It took ten years," said the 81-year-old widow.'
    )
    assert q.speaker == "Ruth Amis, the 81-year-old widow"


def test_a_role_description_stays_as_written() -> None:
    (q,) = _quotes(
        "Judge Ann Cole heard the case. A man in the gallery shouted at the jury. "
        '"You are all cowards," the man said.'
    )
    assert q.speaker == "the man"


def test_it_is_the_body_that_spoke_before() -> None:
    first, second = _quotes(
        '"The network was down for ten days," said Openline in a statement. '
        '"Customers will be refunded," it said.'
    )
    assert first.speaker == second.speaker == "Openline"


def test_they_is_the_party_that_a_passive_names() -> None:
    (q,) = _quotes(
        "The Tories are to back the bill. It is expected to be opposed by the Green Democrats. "
        'They have called the scheme "a costly mistake".'
    )
    assert q.speaker == "Green Democrats"


def test_a_company_that_spoke_is_no_he_later() -> None:
    first, second = _quotes(
        'Ferrolux told the BBC that the reports were "pure speculation". '
        "Union leader Tom Brady repeated his view that every merger costs jobs. "
        'He said the plant needed new models. "This is a delicate time for us," he said.'
    )
    assert first.speaker == "Ferrolux"
    assert second.speaker == "Tom Brady"


def test_he_after_an_unnamed_source_is_that_source() -> None:
    first, second, third = _quotes(
        '"The figures are a relief," said Nina Holt, an analyst at Brook Securities. '
        "However, one trader, who asked not to be named, told Reuters the sales were "
        '"not what people hoped for". "It has been a hard winter for shops," he said.'
    )
    assert first.speaker == "Nina Holt"
    assert second.speaker == third.speaker == "one trader"


def test_he_after_a_described_subject_is_that_person_not_the_one_quoted_before() -> None:
    first, second = _quotes(
        '"The poster is offensive," said Ben Shaw, a local councillor. A Labour spokesman '
        'denied the poster was aimed at anyone. "It makes a serious point," he said.'
    )
    assert first.speaker == "Ben Shaw"
    assert second.speaker == "A Labour spokesman"


def test_he_after_a_description_the_article_ties_to_a_name() -> None:
    quotes = _quotes(
        "Green Party leader Tom Ashby has defended the new tax.",
        "Film maker Ruth Kemp followed him for a year. The Green leader was asked whether the "
        'tax would cost votes. He replies: "Only if we fail to explain it."',
    )
    assert quotes[-1].speaker == "Tom Ashby"


def test_a_role_description_is_the_person_the_narrative_is_about() -> None:
    (q,) = _quotes(
        "Wales prop Aled Rees says the pack must win the ball in Paris.",
        'The prop said: "If we lose the scrum, our backs have had it."',
    )
    assert q.speaker == "Aled Rees, the prop"


def test_the_company_is_the_body_that_spoke_before() -> None:
    (q,) = _quotes(
        "Brightways has said its profit will be lower than expected. "
        '"Sales in the new year were below our hopes," the company said.'
    )
    assert q.speaker == "Brightways, the company"


def test_an_office_alone_stays_as_written() -> None:
    (q,) = _quotes(
        "President Ana Ruiz met the mayor, Ben Cole, on Monday. "
        '"We talked about the port," the president said.'
    )
    assert q.speaker == "the president"


def test_an_acronym_is_the_body_it_stands_for() -> None:
    first, second = _quotes(
        "The Asian Trade Bank (ATB) has cut its forecast. "
        '"Growth will slow," the ATB said. Northwind Motors warned of job cuts. '
        '"We are in good shape," said NM.'
    )
    assert first.speaker == "Asian Trade Bank (ATB)"
    assert second.speaker == "Northwind Motors (NM)"


def test_a_firm_before_an_analyst_is_not_part_of_the_name() -> None:
    quotes = _quotes(
        '"Rates will stay on hold," said Gary Thorpe, an economist at AB Morris. '
        '"The Fed can wait," AB Morris\' Thorpe added.'
    )
    assert [q.speaker for q in quotes] == ["Gary Thorpe", "Gary Thorpe"]


def test_an_event_and_a_based_company_are_no_he() -> None:
    quotes = _quotes(
        '"We want strict power limits," said a spokesman for the regulator. At the recent '
        "Home Tech Show in Leeds, Oxford-based Wavely showed its first chips. "
        '"The demand is huge," he said.'
    )
    assert quotes[-1].speaker == "a spokesman for the regulator"


def test_a_place_after_in_is_not_the_speaker() -> None:
    (q,) = _quotes('In a statement, detainee "B" in Fordham Prison said: "I want a fair trial."')
    assert q.speaker != "Fordham Prison"


def test_the_report_is_the_body_that_spoke_last() -> None:
    quotes = _quotes(
        "In its first review, the Pacific Lending Bank (PLB) said growth would hold up. "
        '"Poverty is the real risk," the report said.'
    )
    assert quotes[-1].speaker == "Pacific Lending Bank (PLB), the report"


def test_he_after_a_speaker_named_after_the_cue_in_narrative() -> None:
    quotes = _quotes(
        '"We need rules," said a spokesman for the regulator. Wavely has 40 customers, said '
        "Dan Ferris, the firm's head of standards. He said the chips were selling well. "
        '"It is like having a 3D mouse," he said.'
    )
    assert quotes[-1].speaker == "Dan Ferris"


def test_a_relative_clause_after_a_described_speaker_is_skipped() -> None:
    (q,) = _quotes(
        "A spokesman for the Digital Summit (DSI), which is meeting this week in Geneva, told "
        'the BBC: "The divide is very much real."'
    )
    assert q.speaker.startswith("A spokesman for the Digital Summit")


def test_a_description_the_article_ties_to_a_name_is_that_person() -> None:
    quotes = _quotes(
        "Green leader Tom Ashby has defended the tax. Film maker Ruth Kemp followed him for a "
        'year. The Green leader calls such criticism "absolute nonsense".'
    )
    assert quotes[-1].speaker == "Tom Ashby, the Green leader"


def test_the_name_behind_a_descriptor_noun_is_the_speaker() -> None:
    (q,) = _quotes(
        'US giant Northwind Electric posted record profits and declared itself "in great shape".'
    )
    assert q.speaker == "Northwind Electric"


def test_the_corporation_is_the_body_whose_show_the_sentence_was_about() -> None:
    quotes = _quotes(
        "The BBC's flagship chart show is moving to Sundays. "
        'The corporation said the new show "aims to please every age".'
    )
    assert quotes[-1].speaker == "BBC, the corporation"


def test_the_report_is_the_body_the_article_names_before_report() -> None:
    quotes = _quotes(
        "The digital divide is narrowing, according to a Global Bank report. The UN hopes "
        'that cheaper phones will cut poverty. "Access is growing fast," the report said.'
    )
    assert quotes[-1].speaker == "Global Bank, the report"
