"""Who said it: speakers before and after quotes, cues, titles, appositives and coreference."""

from __future__ import annotations

import pytest

from retrieval.models import Article
from retrieval.quotes import extract_quotes


def _quotes(*paragraphs: str):
    return extract_quotes(Article(id="t", title="", body="\n\n".join(paragraphs)))


@pytest.mark.parametrize(
    ("text", "speaker", "cue"),
    [
        ('Maria Lopez said: "The bridge will close on Friday."', "Maria Lopez", "said:"),
        ('"The bridge will close on Friday," said Maria Lopez.', "Maria Lopez", "said"),
        ('"The bridge will close on Friday," Maria Lopez said.', "Maria Lopez", "said"),
        ('"The bridge will close on Friday," Maria Lopez told reporters.', "Maria Lopez", "told"),
        (
            'According to Maria Lopez, "the bridge will close on Friday and stay shut."',
            "Maria Lopez",
            "according to",
        ),
        ('Maria Lopez added: "The bridge will close on Friday."', "Maria Lopez", "added:"),
    ],
)
def test_speaker_before_and_after_the_quote(text: str, speaker: str, cue: str) -> None:
    (q,) = _quotes(text)
    assert q.speaker == speaker
    assert q.cue == cue


def test_quote_that_ends_its_sentence_takes_the_short_cue_sentence_after_it() -> None:
    (q,) = _quotes('"Can anyone honestly say the tram works?" Dana Kerr asked. The crowd laughed.')
    assert q.speaker == "Dana Kerr"


def test_full_noun_phrase_speaker_is_kept_whole() -> None:
    (q,) = _quotes('A spokesman for Ms Harrow said: "The minister has nothing to add."')
    assert q.speaker == "A spokesman for Ms Harrow"
    assert q.speaker_as_written == "A spokesman for Ms Harrow"


def test_appositive_gives_the_name_not_the_job() -> None:
    (q,) = _quotes('"We expect a recount," Paul Greer, the county clerk, said on Tuesday.')
    assert q.speaker == "Paul Greer"
    (q,) = _quotes('"We expect a recount," said the county clerk, Paul Greer.')
    assert q.speaker == "Paul Greer"


def test_titles_are_dropped_and_surnames_resolve_to_the_full_name() -> None:
    quotes = _quotes(
        "Sen. Rachel Okafor opened the hearing on Monday.",
        '"This agency has lost the public\'s trust," Okafor said.',
        'Ms. Okafor later added: "We will subpoena the records."',
    )
    assert [q.speaker for q in quotes] == ["Rachel Okafor", "Rachel Okafor"]
    assert [q.speaker_as_written for q in quotes] == ["Okafor", "Ms. Okafor"]


def test_pronoun_resolves_to_the_most_recent_named_speaker() -> None:
    quotes = _quotes(
        'Governor Alan Brisk said the plan was sound. "The numbers are solid," Brisk said.',
        '"We have nothing to hide," he added.',
    )
    assert [q.speaker for q in quotes] == ["Alan Brisk", "Alan Brisk"]
    assert quotes[1].speaker_as_written == "he"


def test_group_nouns_and_they_resolve_to_the_named_group() -> None:
    quotes = _quotes(
        "Striking nurses at three hospitals wrote to the health board on Monday.",
        'The nurses\' representatives said: "Wards are dangerously understaffed every night."',
        'They add: "We cannot keep patients safe on these rotas."',
        'The letter goes on: "Management has ignored every warning we gave."',
    )
    speakers = {q.speaker for q in quotes}
    assert len(quotes) == 3
    assert speakers == {"The nurses' representatives"}
    assert quotes[1].cue == "add:"
    assert quotes[2].cue == "goes on:"


def test_a_newspaper_named_like_a_group_noun_is_not_the_last_group() -> None:
    quotes = _quotes(
        'Farm lobbyists say the subsidy rules are "a recipe for empty fields across the county".',
        '"The scheme has been a costly mistake from the very start," The Evening Post said '
        "in an editorial on Friday.",
    )
    assert [q.speaker for q in quotes] == ["Farm lobbyists", "The Evening Post"]


def test_partial_quote_in_reported_speech_belongs_to_the_subject() -> None:
    (q,) = _quotes(
        'Opposition councillors have urged the mayor to "come clean about the parking contract".'
    )
    assert q.speaker == "Opposition councillors"


def test_continuation_quote_without_a_cue_keeps_the_previous_speaker() -> None:
    quotes = _quotes(
        '"The harvest was the worst in memory," said farmer Gwen Ellis.',
        '"Half the orchard is gone."',
    )
    assert [q.speaker for q in quotes] == ["Gwen Ellis", "Gwen Ellis"]


@pytest.mark.parametrize(
    "text",
    [
        'The so-called "efficiency savings" have closed four libraries.',
        'She starred in "The Long Night Home" before moving into politics.',
        'The boxer Ray "The Hammer" Doyle retired last year after a long career.',
        "According to ''The Carters: Four Generations That Ran a Port,'' by Ann Lee, he left.",
        'The board balked, she wrote in her memoir, "Hard Bargains." She kept the upper hand.',
    ],
)
def test_scare_quotes_titles_and_nicknames_are_not_quotations(text: str) -> None:
    assert _quotes(text) == []


@pytest.mark.parametrize(
    "text",
    [
        '"The mill will not reopen," said Dana Pike, the author of "Salt and Iron."',
        '"We rehearsed for a month," said Lou Marsh, who starred in "Harbor Lights."',
        '"I never signed it," Ed Vale said on a podcast called "Town Square Talk."',
        '"It was a joke," said Kim Ross, who wrote under the pseudonym "Captain Lark."',
        '"It sold out in a week," said Ana Ruiz, whose troupe staged a play called "Los Hijos '
        'del Rey."',
    ],
)
def test_a_work_named_in_the_cue_clause_is_not_a_second_quotation(text: str) -> None:
    assert [q.text for q in _quotes(text)] == [text.split('"')[1].rstrip(",")]


def test_a_book_title_in_the_speaker_appositive_is_not_a_second_quotation() -> None:
    quotes = _quotes(
        "''Be careful how you speak in public,'' said Tom Reyes, a co-author of ''Loud Voices: "
        "Inside the World of Sports Radio.''"
    )
    assert [(q.text, q.speaker) for q in quotes] == [
        ("Be careful how you speak in public", "Tom Reyes")
    ]


@pytest.mark.parametrize(
    ("text", "speaker"),
    [
        (
            'The hearing was so calm that Rep. Nell Ortiz was moved to say, "I have never seen '
            'this committee agree on anything."',
            "Nell Ortiz",
        ),
        (
            'The county auditor Ben Cole went so far as to say: "The budget as written is '
            'fiction from start to finish."',
            "Ben Cole",
        ),
    ],
)
def test_the_subject_of_to_say_after_a_verb_group_speaks(text: str, speaker: str) -> None:
    assert [q.speaker for q in _quotes(text)] == [speaker]


def test_a_participle_cue_after_a_scare_quote_takes_the_sentence_subject() -> None:
    quotes = _quotes(
        'Councillor Sam Rowe needled the so-called "expert," saying, "A scholar who writes '
        'whatever he is asked to write!"'
    )
    assert [(q.text, q.speaker) for q in quotes] == [
        ("A scholar who writes whatever he is asked to write!", "Sam Rowe")
    ]


def test_a_continuation_that_names_the_speaker_by_surname_is_not_theirs() -> None:
    quotes = _quotes(
        'As the analyst Nina Varga wrote in May, "The rule can change before the vote."',
        '"One weakness of Varga\'s otherwise careful piece is that it ignores the courts."',
    )
    assert [(q.text, q.speaker) for q in quotes] == [
        ("The rule can change before the vote.", "Nina Varga")
    ]


def test_a_continuation_naming_a_relative_of_the_speaker_is_still_theirs() -> None:
    quotes = _quotes(
        '"I was raised to keep quiet about my wins," said Tom Hale.',
        '"I still hear the voice of Ruth Hale, my mother, when I boast."',
    )
    assert [q.speaker for q in quotes] == ["Tom Hale", "Tom Hale"]


def test_a_speaker_may_name_himself_right_after_his_cue() -> None:
    quotes = _quotes(
        '"The mayor is lost," said Tom Hale. "He plays a Tom Hale-type when it suits him."'
    )
    assert [q.speaker for q in quotes] == ["Tom Hale", "Tom Hale"]


def test_quote_with_no_speaker_anywhere_is_dropped() -> None:
    assert _quotes('"Everything must go by Sunday, no exceptions at all, ever again."') == []


def test_wrong_gender_pronoun_is_not_given_the_other_speaker() -> None:
    quotes = _quotes(
        'Mr. Hal Voss spoke first. "It is a fair deal," Mr. Voss said.',
        '"It is nothing of the kind," she replied.',
    )
    assert quotes[0].speaker == "Hal Voss"
    assert quotes[1].speaker != "Hal Voss"
    assert quotes[1].confidence <= 0.3


def test_a_three_word_partial_quote_with_its_cue_is_the_subjects() -> None:
    quotes = _quotes('Governor Ruth Alder called the tax plan "a quiet robbery" during the debate.')
    assert [(q.text, q.speaker) for q in quotes] == [("a quiet robbery", "Ruth Alder")]


def test_a_quotation_ending_its_sentence_keeps_the_cue_before_it() -> None:
    quotes = _quotes(
        "Critics were often right, Mr. Okoro said. But, as Mr. Okoro said, ''At some point you "
        "wake up and see the damage done.'' Any fact check by the mayor, he said, is now hopeless."
    )
    assert [q.speaker for q in quotes] == ["Mr. Okoro"]


def test_and_i_quote_between_the_cue_and_the_quotation() -> None:
    quotes = _quotes('No wonder Mr. Hale said, and I quote, "We love a quiet council."')
    assert [(q.text, q.speaker) for q in quotes] == [("We love a quiet council.", "Mr. Hale")]


def test_a_web_address_in_quote_marks_is_not_a_quotation() -> None:
    quotes = _quotes(
        '"We have nothing to add," the ministry said. Watch the briefing at '
        '<a href="http://video.example.com">video.example.com</a>.'
    )
    assert [q.text for q in quotes] == ["We have nothing to add"]


def test_the_subject_after_at_which_point_speaks() -> None:
    quotes = _quotes(
        'Mayor Lena Ortiz told the rally, "We will fix the pier" - at which point the crowd '
        'chanted "Fix it now!" - "and we will do it this year."'
    )
    speakers = {q.text: q.speaker_as_written for q in quotes}
    assert speakers["Fix it now!"] == "the crowd"


@pytest.mark.parametrize(
    ("text", "speaker"),
    [
        ('Outside the hall, Ada Brandt held up a sign saying "Save our library."', "a sign"),
        ('Nurses hung a long banner which read "No more cuts to the clinic."', "a long banner"),
        (
            'Councillor Rhea Dunmore posted her photo under a headline that said, "Town Hall '
            'Roof Collapses After Storm."',
            "a headline",
        ),
    ],
)
def test_words_on_a_sign_are_the_signs(text: str, speaker: str) -> None:
    (q,) = _quotes(text)
    assert q.speaker_as_written == speaker


def test_yet_another_said_is_a_new_speaker() -> None:
    quotes = _quotes(
        '"Fares must come down," said one commuter on the platform. '
        'Yet another said, "The trains are fine as they are."'
    )
    assert [q.speaker_as_written for q in quotes] == ["one commuter", "another"]


def test_a_chant_after_a_clause_about_a_crowd_is_the_crowds() -> None:
    quotes = _quotes(
        "Mayor Dana Welk spoke outside the depot, where about 200 striking drivers had gathered "
        'since dawn, chanting "fair pay, safe buses" as she arrived.'
    )
    assert [q.speaker_as_written for q in quotes] == ["about 200 striking drivers"]


@pytest.mark.parametrize(
    "sentence",
    [
        'Mayor Tilda Brandt roused the crowd to loud chants of "Build the bridge!"',
        'Mayor Tilda Brandt led the audience in chants of "Build the bridge!"',
        'A brass band got the crowd to dance and cheer for "Build the bridge!"',
    ],
)
def test_a_crowd_stirred_to_chant_is_the_speaker_not_who_stirred_it(sentence: str) -> None:
    (q,) = _quotes(sentence)
    assert q.speaker in {"the crowd", "the audience"}


def test_a_question_put_to_the_subject_is_the_askers() -> None:
    (q,) = _quotes(
        "Governor Carl Vance was asked by host Nadia Ferris, who has long backed his "
        'reelection, "Will you sign the transit bill before the session ends?"'
    )
    assert q.speaker == "Nadia Ferris"


def test_a_remark_closing_a_time_clause_is_that_clauses_named_subject() -> None:
    quotes = _quotes(
        'Then there is Quell. "Too slick?" Marta Quell tweeted when Dan Ostrow closed the '
        'county forum with a nod to the "Top Gun" sequel, remarking, "Feel the need for '
        'speed, Ohio."'
    )
    speakers = {q.text: q.speaker for q in quotes}
    assert speakers == {"Too slick?": "Marta Quell", "Feel the need for speed, Ohio.": "Dan Ostrow"}


def test_the_group_is_no_plural_crowd_that_spoke_before() -> None:
    quotes = _quotes(
        'Thousands lined the route, with many riders and onlookers chanting "Safe streets now."',
        "The Pedal Union pulled out of the ride on Friday.",
        '"We could not march beside the officers who ticketed our members," the group said '
        "in a statement.",
    )
    (statement,) = [q for q in quotes if q.text.startswith("We could not")]
    # The body the narrative is about, with the words the article uses at the quote.
    assert statement.speaker == "Pedal Union, the group"


def test_a_husband_who_cuts_in_speaks_the_next_quotation() -> None:
    quotes = _quotes(
        '"Say hello to the senator for me," Greta Lindqvist said, and her husband cut in. '
        '"Tell him the dock still needs fixing."'
    )
    assert [q.speaker for q in quotes] == ["Greta Lindqvist", "her husband"]


def test_saying_after_a_time_clause_stays_the_sentence_subjects() -> None:
    (q,) = _quotes(
        "Governor Tom Ames spoke after Senate Republicans blocked the bill, saying, "
        '"This is a sad day for the state."'
    )
    assert q.speaker == "Tom Ames"


def test_a_titled_surname_goes_to_the_relative_the_pronouns_make_that_sex() -> None:
    quotes = _quotes(
        "Tom Harlow has campaigned for his wife all spring. Tom Harlow spoke for his union "
        "in March, and Tom Harlow led his town's parade in May.",
        "Ann Harlow is shaping the role her husband would play. Ann Harlow told her staff "
        "on Monday to plan for it.",
        'Asked whether Mr. Harlow would join the cabinet, Mrs. Harlow said, "No."',
    )
    assert [q.speaker for q in quotes] == ["Ann Harlow"]


def test_a_titled_surname_no_pronoun_settles_stays_as_written() -> None:
    # Two Harlows, neither known by sex: the most named one would be a guess.
    quotes = _quotes(
        "Tom Harlow and Ann Harlow run the bakery. Tom Harlow opened it in 1990, and Tom "
        "Harlow still bakes the bread.",
        '"We will stay open," Mr. Harlow said.',
    )
    assert [q.speaker for q in quotes] == ["Mr. Harlow"]


@pytest.mark.parametrize(
    "text",
    [
        'Asked about the strike, van Houten said, "We will not back down this winter."',
        '"We will not back down this winter," van Houten said on Monday.',
    ],
)
def test_a_surname_opening_with_its_lower_case_particle_is_a_speaker(text: str) -> None:
    (q,) = _quotes(text)
    assert q.speaker_as_written == "van Houten"


@pytest.mark.parametrize(
    "text",
    [
        '"We ask hard questions," said Jorge Ruiz, whose book profiles mayors and "rebellious" '
        "people.",
        '"The bill was a mess," said Rep. Ann Cole, one of the original "core three" negotiators.',
    ],
)
def test_a_bare_quoted_word_before_the_noun_it_modifies_is_not_a_quotation(text: str) -> None:
    assert len(_quotes(text)) == 1


def test_a_name_after_a_for_now_opener_is_the_next_he() -> None:
    quotes = _quotes(
        "Yang Li, a professor at the institute, calls the new port a mistake.",
        "For now, Tom Pantera, at the Royal Institute, said the two sides have a working deal. "
        '"We expected a fight over the port," he said.',
    )
    assert [q.speaker for q in quotes] == ["Tom Pantera"]


@pytest.mark.parametrize(
    ("text", "word"),
    [
        ('Mayor Ruiz said he would "absolutely" require every landlord to register.', "absolutely"),
        (
            'Mayor Ruiz said the council was "pausing" and "assigning" them to a new office.',
            "assigning",
        ),
    ],
)
def test_a_bare_quoted_word_after_a_verb_or_before_its_object_is_still_speech(
    text: str, word: str
) -> None:
    assert word in [q.text for q in _quotes(text)]
