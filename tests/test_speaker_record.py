"""A speaker's record on a real index: every quotation of one person, stories (a wire copy in
another outlet is the same story), newest first, months with the gaps, outlets, filters."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from retrieval.queries import QueryError
from retrieval.service import NewsService, ServiceConfig

FIXTURE = Path(__file__).parent / "fixtures" / "speaker_record.jsonl"
CONTRACT = {
    "speaker", "speakers_matched", "since", "until", "source", "quotes", "undated", "stories",
    "months", "outlets",
}  # fmt: skip
QUOTE_CONTRACT = {
    "quote", "speaker", "speaker_id", "article_id", "title", "date", "source", "url",
    "paragraph", "start", "end", "context",
}  # fmt: skip


@pytest.fixture(scope="module")
def service(tmp_path_factory, embedder) -> NewsService:
    root = tmp_path_factory.mktemp("speaker-record-index")
    built = NewsService(ServiceConfig(index_dir=root, inputs=[FIXTURE]), embedder)
    built.build()
    return built


def test_stories_newest_first_with_the_wire_copy_as_one_story(service):
    record = service.speaker_record("Whitfield")
    assert [m.name for m in record.speakers_matched] == ["Daniel Whitfield"]
    assert record.quotes == 4 and record.undated == 1
    stories = [[a.article_id for a in s.articles] for s in record.stories]
    assert stories == [["courier-library"], ["courier-cuts", "wire-cuts"], ["herald-streets"]]
    wire = record.stories[1]
    assert sorted(wire.outlets) == ["Evening Courier", "Valley Herald"]
    assert (wire.first_date, wire.last_date) == ("2023-01-15", "2023-01-16")
    assert [q.date for q in wire.quotes] == ["2023-01-16", "2023-01-15"]  # newest first
    for story in record.stories:
        for q in story.quotes:
            body = service.archive.store.article(q.article_id).body
            assert body[q.start : q.end] == q.quote and q.speaker == "Daniel Whitfield"
            assert "Alison Grant" not in q.context


def test_months_count_quotes_with_the_empty_months_between(service):
    record = service.speaker_record("Whitfield")
    assert [(m.month, m.quotes) for m in record.months] == [
        ("2023-01", 2),
        ("2023-02", 0),
        ("2023-03", 1),
    ]
    assert [(o.source, o.quotes, o.articles) for o in record.outlets] == [
        ("Evening Courier", 2, 2),
        ("Valley Herald", 2, 2),
    ]


@pytest.mark.parametrize("typed", ["Mr Whitfield", "daniel whitfield", "Daniel Whitfeld"])
def test_every_way_of_writing_the_name_gives_the_same_record(service, typed):
    assert (
        service.speaker_record(typed).to_json()["stories"]
        == (service.speaker_record("Whitfield").to_json()["stories"])
    )


def test_since_and_until_keep_to_the_dated_quotes_between(service):
    record = service.speaker_record("Whitfield", since="2023-02-01", until="2023-12-31")
    assert [s.story_id for s in record.stories] == ["courier-library"]
    assert record.undated == 0 and record.since == "2023-02-01"
    only = service.speaker_record("Whitfield", source="Valley Herald")
    assert {a.source for s in only.stories for a in s.articles} == {"Valley Herald"}


def test_json_contract_and_unknown_speaker(service):
    payload = service.speaker_record("Whitfield").to_json()
    assert set(payload) >= CONTRACT
    assert set(payload["stories"][0]["quotes"][0]) >= QUOTE_CONTRACT
    json.dumps(payload)
    nobody = service.speaker_record("Zebediah Quuxworth")
    assert nobody.speakers_matched == [] and nobody.stories == [] and nobody.quotes == 0


@pytest.mark.parametrize("bad", ["", "   ", None])
def test_a_name_is_required(service, bad):
    with pytest.raises(QueryError, match="name of a speaker"):
        service.speaker_record(bad)


def test_the_record_is_the_person_not_those_who_speak_for_them(tmp_path, embedder):
    from tests.conftest import SEEDS

    seeds = NewsService(ServiceConfig(index_dir=tmp_path / "seeds", inputs=[SEEDS]), embedder)
    seeds.build()
    corbyn = seeds.speaker_record("Corbyn")
    assert corbyn.quotes == 0  # Mr Corbyn is never quoted himself
    assert corbyn.affiliated_speakers == ["Spokesman for Jeremy Corbyn"]
    said = corbyn.nothing_found("Jeremy Corbyn")
    assert "in person" in said and "Spokesman for Jeremy Corbyn speaks for them" in said
    assert "period" in seeds.speaker_record("Corbyn", since="2016-01-01").nothing_found("x")
    spokesman = seeds.speaker_record("spokesman")
    assert [m.name for m in spokesman.speakers_matched] == ["Spokesman for Jeremy Corbyn"]
    (quote,) = spokesman.stories[0].quotes
    assert quote.speaker_id == "spokesman-for-jeremy-corbyn"
    assert quote.canonical_speaker == "Spokesman for Jeremy Corbyn"


def test_articles_without_a_headline_are_not_one_story_for_lacking_one(service):
    record = service.speaker_record("Tomasz Brennan")
    assert record.quotes == 2
    assert [[a.article_id for a in s.articles] for s in record.stories] == [
        ["gazette-ferry"],
        ["gazette-harbour"],
    ]
