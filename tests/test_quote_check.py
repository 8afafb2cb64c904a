"""quote-check on a real index (seeds + a small newsroom corpus): verdicts, the word diff,
narrative words, the speaker check, and the JSON contract."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from retrieval.queries import QueryError
from retrieval.quote_check.align import Words, align
from retrieval.service import NewsService, ServiceConfig
from tests.conftest import SEEDS

FIXTURE = Path(__file__).parent / "fixtures" / "quotes_corpus.jsonl"
# Words run in narrative that a quotation elsewhere says with three words different.
NARRATIVE = Path(__file__).parent / "fixtures" / "quote_check_narrative.jsonl"
CONTRACT = {"query", "speaker", "verdict", "matches"}
MATCH_CONTRACT = {
    "quote", "speaker", "speaker_id", "article_id", "title", "date", "source", "url",
    "paragraph", "start", "end", "similarity", "diff",
}  # fmt: skip


@pytest.fixture(scope="module")
def built(tmp_path_factory, embedder) -> Path:
    root = tmp_path_factory.mktemp("quote-check-index")
    NewsService(ServiceConfig(index_dir=root, inputs=[SEEDS, FIXTURE, NARRATIVE]), embedder).build()
    return root


@pytest.fixture(scope="module")
def service(built: Path, embedder) -> NewsService:
    return NewsService(ServiceConfig(index_dir=built, inputs=[SEEDS, FIXTURE, NARRATIVE]), embedder)


def body(service: NewsService, article_id: str) -> str:
    return service.archive.store.article(article_id).body


def changes(match) -> list[tuple[str, str, str]]:
    return [(d.op, d.ours, d.theirs) for d in match.diff if d.op != "equal"]


def test_words_inside_a_quotation_are_exact_with_the_source(service):
    answer = service.quote_check("“secure clean water for the next fifty years.”")
    assert answer.verdict == "exact"
    top = answer.matches[0]
    assert top.speaker == "Margaret Okafor" and top.article_id == "herald-water"
    assert top.source == "Valley Herald" and top.date == "2022-05-10" and top.paragraph == 2
    text = body(service, "herald-water")
    assert text[top.start : top.end] == top.quote  # the whole quotation, verbatim
    assert (
        text[top.excerpt_start : top.excerpt_end] == "secure clean water for the next fifty years"
    )
    assert changes(top) == [] and top.similarity == 1.0


@pytest.mark.parametrize(
    ("pasted", "expected"),
    [
        (
            "This reservoir will secure safe water for the next fifty years",
            [("replace", "clean", "safe")],
        ),
        ("We cannot spend money that we do not have", [("insert", "", "that")]),
        ("We listened to objection before we voted", [("delete", "every", "")]),
    ],
)
def test_a_few_words_changed_added_or_dropped_is_altered_with_the_diff(service, pasted, expected):
    answer = service.quote_check(pasted)
    assert answer.verdict == "altered"
    assert changes(answer.matches[0]) == expected


def test_words_of_our_own_reporting_are_narrative_never_a_quotation(service):
    sentence = "The county council approved a new reservoir on Tuesday"
    answer = service.quote_check(sentence)
    assert answer.verdict == "not_found" and answer.matches == []
    (where,) = answer.narrative[:1]
    assert where.article_id == "herald-water" and where.text == sentence
    assert body(service, "herald-water")[where.start : where.end] == sentence
    assert "never quoted these words" in answer.note


def test_words_run_word_for_word_in_narrative_are_not_a_quotation_altered(service):
    # "This is part of our plan to revive the town centre," a councillor said elsewhere: two
    # words apart from these, but these ran word for word in our own reporting.
    sentence = "as part of a plan to revive the town centre"
    answer = service.quote_check(sentence)
    assert answer.verdict not in ("exact", "altered")
    assert answer.narrative[0].article_id == "gazette-stadium"
    assert answer.narrative[0].text == sentence
    # Said differently from both, it is the quotation altered, with the narrative beside it.
    altered = service.quote_check("is part of our plan to revive the city centre")
    assert altered.verdict == "altered" and altered.matches[0].article_id == "gazette-market"


def test_a_quotation_shortened_in_the_middle_is_altered_however_many_words_went(service):
    answer = service.quote_check("We ask you to condemn the actions of Assad and Russia")
    assert answer.verdict == "altered"
    assert changes(answer.matches[0]) == [
        ("delete", "that", ""),
        ("insert", "", "to"),
        ("delete", "clearly and specifically", ""),
    ]


def test_words_we_never_published_are_not_found(service):
    answer = service.quote_check("The harbour bridge will close for repairs all summer")
    assert answer.verdict == "not_found"
    assert answer.matches == [] and answer.narrative == []


def test_wrong_speaker_is_said_plainly(service):
    answer = service.quote_check("We cannot spend money we do not have", speaker="Alison Grant")
    assert answer.verdict == "exact" and answer.wrong_speaker
    assert answer.attributed_to == ["Daniel Whitfield"]
    assert answer.note == "We attributed these words to Daniel Whitfield, not Alison Grant."


def test_right_speaker_as_a_reporter_types_it_is_confirmed(service):
    answer = service.quote_check("We cannot spend money we do not have", speaker="Mr Whitfield")
    assert answer.speaker_confirmed is True and not answer.wrong_speaker
    assert answer.note is None


def test_json_contract(service):
    payload = service.quote_check(
        "Every department is making the same sacrifices", speaker="whitfield"
    ).to_json()
    assert set(payload) >= CONTRACT and payload["verdict"] == "altered"
    match = payload["matches"][0]
    assert set(match) >= MATCH_CONTRACT
    assert {d["op"] for d in match["diff"]} <= {"equal", "insert", "delete", "replace"}
    assert all(set(d) >= {"op", "ours", "theirs"} for d in match["diff"])
    json.dumps(payload)  # plain data all the way down


@pytest.mark.parametrize("bad", ["", "   ", "!!!", "x" * 20_000])
def test_bad_input_is_a_short_error(service, bad):
    with pytest.raises(QueryError):
        service.quote_check(bad)


def test_alignment_keeps_to_the_excerpt_in_a_long_quotation():
    ours = Words.of("And so, I said, we will build a great wall, and Mexico will pay for the wall.")
    found = align(Words.of("Mexico will really pay for the wall"), ours)
    assert found.edits == 1 and ours.slice(found.start, found.end) == "Mexico will pay for the wall"
    assert [(d.op, d.theirs) for d in found.ops if d.op != "equal"] == [("insert", "really")]
    assert align(Words.of("nothing shared here"), ours) is None


def test_quote_check_survives_a_reload_of_the_index(built, embedder, tmp_path):
    root = tmp_path / "index"
    shutil.copytree(built, root)
    service = NewsService(ServiceConfig(index_dir=root, inputs=[SEEDS]), embedder)
    assert service.quote_check("We cannot spend money we do not have").verdict == "exact"
    service.reload()  # the newsroom corpus is gone from the inputs
    assert service.quote_check("We cannot spend money we do not have").verdict == "not_found"


def test_words_left_out_at_an_ellipsis_are_elided_not_altered(service):
    answer = service.quote_check(
        "This reservoir will secure clean water … We listened to every objection"
    )
    assert answer.verdict == "exact"
    (left_out,) = [d for d in answer.matches[0].diff if d.op != "equal"]
    assert (left_out.op, left_out.ours, left_out.elided) == (
        "delete",
        "for the next fifty years. We",
        True,
    ) or (left_out.op, left_out.ours, left_out.elided) == (
        "delete",
        "for the next fifty years",
        True,
    )
    without = service.quote_check(
        "This reservoir will secure clean water We listened to every objection"
    )
    assert without.verdict not in ("exact", "altered")  # five words dropped unannounced


def test_a_quotation_split_by_its_attribution_is_never_called_narrative(service):
    answer = service.quote_check(
        "Engineers have worked day and night to make the cutting safe. Passengers should "
        "expect short delays while the new drainage settles"
    )
    assert answer.verdict != "not_found" and answer.narrative == []


def test_a_spokesman_is_not_the_person_he_speaks_for(service, embedder, tmp_path):
    seeds = NewsService(ServiceConfig(index_dir=tmp_path / "seeds", inputs=[SEEDS]), embedder)
    seeds.build()
    words = "More bombing in Syria will not solve the problem"
    answer = seeds.quote_check(words, speaker="Corbyn")
    assert answer.verdict == "exact" and answer.wrong_speaker
    assert answer.note == "We attributed these words to Spokesman for Jeremy Corbyn, not Corbyn."
    top = answer.matches[0]
    assert (top.speaker, top.speaker_kind) == ("A spokesman for Mr Corbyn", "description")
    assert seeds.quote_check(words, speaker="a spokesman for Corbyn").speaker_confirmed is True
