"""Speakers as entities: kinds, affiliations, canonical names across articles, and `--speaker`
matching the person rather than every phrase that mentions them."""

from __future__ import annotations

import json
import shutil
import sqlite3
from pathlib import Path

import pytest

from retrieval.index import layout
from retrieval.models import Article
from retrieval.quotes import extract_quotes
from retrieval.quotes.registry import SpeakerRegistry, denotes
from retrieval.service import NewsService, ServiceConfig

NEWS = [
    (
        "labour-a",
        "Corbyn rules out bombing",
        "Jeremy Corbyn said the party would oppose the bombing of Syria.\n\n"
        '"We will not support more bombing in Syria," Mr Corbyn said.\n\n'
        'A spokesman for Mr Corbyn said: "The Labour leader has always been clear on this."\n\n'
        "Left-wing supporters of Jeremy Corbyn wrote in an open letter: "
        '"We ask that you condemn the atrocities."',
    ),
    (
        "labour-b",
        "Corbyn speaks to conference",
        "Mr Corbyn told the party conference in Liverpool on Wednesday: "
        '"Our party stands for peace and for the many, not the few."\n\nDelegates cheered.',
    ),
    (
        "labour-c",
        "Corbyn visits Leeds",
        "Labour leader Jeremy Corbyn visited Leeds on Friday to talk about transport.\n\n"
        '"This city deserves better trains," the Labour leader said.',
    ),
    (
        "johnson-boris",
        "Johnson on trade",
        'Boris Johnson said on Monday: "Trade deals will come quickly once we leave."',
    ),
    (
        "johnson-jo",
        "Johnson on universities",
        'Jo Johnson, the universities minister, said: "Tuition fees will not rise this year."',
    ),
    (
        "johnson-lone",
        "Johnson speaks",
        'Mr Johnson said: "I have nothing more to add on that subject."',
    ),
    (
        "downing",
        "Minister keeps job",
        'A Downing Street spokesman said: "The Prime Minister has full confidence in the '
        'minister."',
    ),
    (
        "oxfam",
        "Aid warning",
        'Oxfam said in a statement: "Millions of people face hunger this winter."',
    ),
]
PIERS = (
    "piers",
    "Weather forecaster speaks",
    'Piers Corbyn said: "The winter will be long and very cold this year."',
)


def _article(row: tuple[str, str, str]) -> Article:
    return Article(id=row[0], title=row[1], body=row[2], date="2017-05-01", source="Test News")


def _write(path: Path, rows) -> Path:
    path.write_text("".join(json.dumps(_article(r).__dict__) + "\n" for r in rows))
    return path


def _quote(article_id: str, speaker_starts: str):
    row = next(r for r in [*NEWS, PIERS] if r[0] == article_id)
    return next(q for q in extract_quotes(_article(row)) if q.speaker.startswith(speaker_starts))


@pytest.mark.parametrize(
    ("article_id", "speaker", "kind", "canonical", "affiliation"),
    [
        ("labour-a", "Jeremy Corbyn", "person", "Jeremy Corbyn", None),
        ("labour-a", "A spokesman", "description", "Spokesman for Jeremy Corbyn", "Jeremy Corbyn"),
        # His supporters speak for themselves: they mention him but are not his.
        ("labour-a", "Left-wing", "description", "Left-wing supporters of Jeremy Corbyn", None),
        # The article names who holds the role: "Labour leader Jeremy Corbyn".
        ("labour-c", "the Labour leader", "person", "Jeremy Corbyn", None),
        # Nothing in its article gives his first name: the title keeps the sex.
        ("labour-b", "Mr Corbyn", "person", "Mr Corbyn", None),
        ("downing", "A Downing", "description", "Downing Street spokesman", "Downing Street"),
        ("oxfam", "Oxfam", "organisation", "Oxfam", None),
    ],
)
def test_each_speaker_has_a_kind_a_canonical_name_and_whom_it_speaks_for(
    article_id, speaker, kind, canonical, affiliation
):
    quote = _quote(article_id, speaker)
    assert (quote.speaker_kind, quote.canonical_speaker) == (kind, canonical)
    assert quote.affiliation == affiliation
    assert quote.speaker_id == canonical.lower().replace(" ", "-")


def test_the_seed_gives_corbyn_own_words_only_and_his_spokesman_when_asked(seed_service):
    """The seed quotes Jeremy Corbyn only through a spokesman, beside his critics' letter."""
    own = seed_service.who_said("bombing in Syria", speaker="Jeremy Corbyn", k=25)
    assert own.results == [] and own.speakers_matched == ["Jeremy Corbyn"]
    assert own.affiliated_speakers == ["Spokesman for Jeremy Corbyn"]
    wider = seed_service.who_said(
        "bombing in Syria", speaker="Jeremy Corbyn", k=25, include_affiliated=True
    )
    assert [(r.speaker, r.affiliated, r.affiliation) for r in wider.results] == [
        ("A spokesman for Mr Corbyn", True, "Jeremy Corbyn")
    ]
    supporters = seed_service.who_said("bombing in Syria", speaker="left-wing supporters", k=25)
    assert {r.canonical_speaker for r in supporters.results} == {
        "Left-wing supporters of Jeremy Corbyn"
    }
    assert {r.affiliation for r in supporters.results} == {None}


ROUND_UP = (
    "Jeremy Corbyn met union leaders on Monday. Critics of Mr Corbyn in the party stayed away, "
    "and sources in Downing Street said the Prime Minister would not comment. Oxfam, the "
    "charity, issued a statement."
)


@pytest.mark.parametrize(
    ("phrase", "kind", "canonical", "affiliation"),
    [
        ("Jeremy Corbyn's spokesman", "description", "Jeremy Corbyn's spokesman", "Jeremy Corbyn"),
        ("Mr Corbyn's aides", "description", "Jeremy Corbyn's aides", "Jeremy Corbyn"),
        ("a Labour spokeswoman", "description", "Labour spokeswoman", "Labour"),
        ("Downing Street sources", "description", "Downing Street sources", "Downing Street"),
        ("critics of Mr Corbyn", "description", "Critics of Jeremy Corbyn", None),
        ("a statement from Oxfam", "organisation", "Oxfam", None),  # Oxfam's own words
        ("Senate Majority Leader Mitch McConnell, R-Ky.,", "person", "Mitch McConnell", None),
        ("Rep. Gwen Moore (D-Wis.)", "person", "Gwen Moore", None),
        ("Judicial Watch president Tom Fitton", "person", "Tom Fitton", None),
    ],
)
def test_a_description_speaks_for_whom_its_role_serves(phrase, kind, canonical, affiliation):
    from retrieval.quotes.coref import Entities
    from retrieval.quotes.entities import ArticleSpeakers

    fields = ArticleSpeakers(ROUND_UP, Entities.scan(ROUND_UP)).fields(phrase)
    assert (fields["speaker_kind"], fields["canonical_speaker"]) == (kind, canonical)
    assert fields["affiliation"] == affiliation


@pytest.fixture(scope="module")
def news_index(tmp_path_factory, embedder) -> Path:
    root = tmp_path_factory.mktemp("entities")
    news = _write(root / "news.jsonl", NEWS)
    NewsService(ServiceConfig(index_dir=root / "index", inputs=[news]), embedder).build()
    return root


@pytest.fixture()
def news(news_index: Path, embedder, tmp_path: Path) -> NewsService:
    shutil.copytree(news_index, tmp_path / "copy")
    inputs = [tmp_path / "copy" / "news.jsonl"]
    return NewsService(
        ServiceConfig(index_dir=tmp_path / "copy" / "index", inputs=inputs), embedder
    )


def _said(service: NewsService, speaker: str, **options) -> set[tuple[str, str]]:
    answer = service.who_said("what was said", speaker=speaker, k=25, **options)
    return {(r.article_id, r.speaker) for r in answer.results}


def test_every_way_of_writing_a_person_is_one_entity_across_articles(news):
    """ "Jeremy Corbyn", "Mr Corbyn" (an article that never gives his first name) and "the
    Labour leader" (where the article says who that is) are one person, with one id."""
    answer = news.who_said("what was said", speaker="Jeremy Corbyn", k=25)
    assert {(r.article_id, r.speaker) for r in answer.results} == {
        ("labour-a", "Jeremy Corbyn"),
        ("labour-b", "Mr Corbyn"),
        ("labour-c", "the Labour leader"),
    }
    assert {(r.speaker_id, r.canonical_speaker, r.speaker_kind) for r in answer.results} == {
        ("jeremy-corbyn", "Jeremy Corbyn", "person")
    }
    (corbyn,) = [e for e in news.speaker_entities("", 100) if e.name == "Jeremy Corbyn"]
    assert corbyn.quotes == 3 and corbyn.affiliated_quotes == 1
    assert {"Mr Corbyn", "the Labour leader"} <= set(corbyn.aliases)


@pytest.mark.parametrize("typed", ["Corbyn", "Mr Corbyn", "jeremy corbyn", "Jeremy Corbin"])
def test_any_way_of_typing_him_finds_his_words_only(news, typed):
    said = _said(news, typed)
    assert said and {article for article, _ in said} == {"labour-a", "labour-b", "labour-c"}
    assert not any("spokesman" in s or "supporters" in s for _, s in said)


def test_include_affiliated_adds_his_spokespeople_labelled_but_never_his_critics(news):
    answer = news.who_said("what was said", speaker="Corbyn", k=25, include_affiliated=True)
    by_speaker = {r.speaker: r for r in answer.results}
    spokesman = by_speaker["A spokesman for Mr Corbyn"]
    assert spokesman.affiliated and spokesman.affiliation == "Jeremy Corbyn"
    assert spokesman.speaker_kind == "description"
    assert not by_speaker["Mr Corbyn"].affiliated
    assert "Left-wing supporters of Jeremy Corbyn" not in by_speaker


def test_people_who_share_a_surname_stay_apart(news):
    """Boris and Jo Johnson are two people; a "Mr Johnson" whose article gives no first name
    could be either, so he joins neither."""
    assert _said(news, "Boris Johnson") == {("johnson-boris", "Boris Johnson")}
    assert _said(news, "Jo Johnson") == {("johnson-jo", "Jo Johnson")}
    matched = news.who_said("what was said", speaker="Johnson").speakers_matched
    assert sorted(matched) == ["Boris Johnson", "Jo Johnson", "Mr Johnson"]


def test_a_body_speaks_through_its_spokesman(news):
    own = news.who_said("confidence in the minister", speaker="Downing Street")
    assert own.speakers_matched == ["Downing Street"] and own.results == []
    assert own.affiliated_speakers == ["Downing Street spokesman"]
    wider = news.who_said(
        "confidence in the minister", speaker="Downing Street", include_affiliated=True
    )
    assert [r.speaker for r in wider.results] == ["A Downing Street spokesman"]
    oxfam = [e for e in news.speaker_entities("oxf") if e.name == "Oxfam"]
    assert oxfam and oxfam[0].kind == "organisation"


def test_a_lone_surname_joins_the_full_name_only_while_the_archive_has_one(news, tmp_path):
    """A delta segment that brings a second Corbyn makes "Mr Corbyn" of an article without a
    first name ambiguous again: the merge is the archive's, recomputed for each build served."""
    assert ("labour-b", "Mr Corbyn") in _said(news, "Jeremy Corbyn")
    inputs = news.config.inputs[0]
    _write(inputs, [*NEWS, PIERS])
    report = news.build()
    assert report.added == ["piers"] and not report.compacted  # a delta segment
    assert _said(news, "Jeremy Corbyn") == {
        ("labour-a", "Jeremy Corbyn"),
        ("labour-c", "the Labour leader"),
    }
    assert _said(news, "Piers Corbyn") == {("piers", "Piers Corbyn")}
    assert "Mr Corbyn" in news.who_said("what was said", speaker="Corbyn").speakers_matched
    # Compaction rewrites every quote from the store: the entity fields survive it.
    news.build(compact=True)
    assert ("labour-a", "Jeremy Corbyn") in _said(news, "Jeremy Corbyn")
    assert ("labour-b", "Mr Corbyn") in _said(news, "Mr Corbyn")


def test_an_index_written_before_speaker_entities_still_answers(news):
    """A store without the entity columns (an older newsbot's) serves until it is rebuilt."""
    build = layout.serving_build(news.config.index_dir)
    manifest = layout.Manifest.read(build)
    for entry in manifest.segments:
        path = layout.segment_folder(layout.index_root(build), entry.name) / "store.sqlite"
        with sqlite3.connect(path) as db:
            for column in ("speaker_id", "speaker_kind", "canonical_speaker", "affiliation"):
                db.execute(f"ALTER TABLE quotes DROP COLUMN {column}")
    manifest.checksums = {}  # an older newsbot recorded none
    manifest.write(build)
    answer = news.who_said("better trains", speaker="Jeremy Corbyn", k=25)
    assert answer.speakers_matched and all(r.quote for r in answer.results)


def _rows(*quotes: tuple[str, str, str, int]):
    """Registry rows for quotes given as (canonical name, kind, as written, count)."""
    from retrieval.quotes.entities import speaker_id

    return [
        (speaker_id(name), kind, name, None, name, written, n) for name, kind, written, n in quotes
    ]


def test_a_titled_surname_goes_to_the_one_person_of_that_sex():
    registry = SpeakerRegistry(
        _rows(
            ("Hillary Clinton", "person", "she", 3),
            ("Bill Clinton", "person", "he", 2),
            ("Mrs Clinton", "person", "Mrs Clinton", 1),
            ("Clinton", "person", "Clinton", 1),
        )
    )
    assert registry.entity_of("mrs-clinton").name == "Hillary Clinton"
    assert registry.entity_of("clinton").name == "Clinton"  # either of them: left alone


def test_an_office_says_which_of_two_people_a_surname_is():
    registry = SpeakerRegistry(
        [
            *_rows(("Barack Obama", "person", "President Obama", 4)),
            *_rows(("Michelle Obama", "person", "Michelle Obama", 1)),
            ("obama", "person", "Obama", None, "President Obama", "President Obama", 2),
        ]
    )
    assert registry.entity_of("obama").name == "Barack Obama"
    assert registry.entity_of("obama").quotes == 6


def test_a_typed_name_denotes_the_person_not_a_description_that_mentions_them():
    registry = SpeakerRegistry(
        [
            ("jeremy-corbyn", "person", "Jeremy Corbyn", None, "Jeremy Corbyn", "Mr Corbyn", 2),
            (
                "spokesman-for-jeremy-corbyn",
                "description",
                "Spokesman for Jeremy Corbyn",
                "Jeremy Corbyn",
                "A spokesman for Mr Corbyn",
                "A spokesman for Mr Corbyn",
                1,
            ),
        ]
    )
    corbyn = registry.entity_of("jeremy-corbyn")
    spokesman = registry.entity_of("spokesman-for-jeremy-corbyn")
    assert spokesman.affiliation_id == corbyn.id and corbyn.affiliated_quotes == 1
    for typed in ("Corbyn", "Mr Corbyn", "jeremy corbyn", "Jermy Corbyn"):
        assert denotes(typed, corbyn) and not denotes(typed, spokesman)
    assert denotes("spokesman", spokesman) and denotes("spokesman for Corbyn", spokesman)
    assert not denotes("Jeremy Hunt", corbyn)


def test_the_harness_takes_include_affiliated_too(news):
    from rich.console import Console

    from bot.harness import handle_line

    console = Console(record=True, width=120)
    for line in (
        '/who-said confidence --speaker "Downing Street"',
        '/who-said confidence --speaker "Downing Street" --include-affiliated',
    ):
        reply = handle_line(news, line)
        assert reply is not None and reply.error is None
        console.print(reply.output)
    text = console.export_text()
    assert "No quotes from Downing Street in person" in text
    assert "A Downing Street spokesman · speaking for Downing Street" in text
