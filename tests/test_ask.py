import json

import pytest

from retrieval.queries import QueryError
from retrieval.service import NewsService, ServiceConfig
from tests.conftest import SEED_ID, SEEDS


@pytest.fixture(scope="module")
def two_outlets(tmp_path_factory, embedder) -> NewsService:
    """The seed plus two small articles from other outlets and dates."""
    folder = tmp_path_factory.mktemp("corpus")
    rows = [
        {
            "id": "gazette-bridge",
            "title": "Harbour bridge to close for repairs",
            "date": "2021-03-04",
            "source": "Harbour Gazette",
            "url": "https://gazette.example/b",
            "body": "The harbour bridge will close for six weeks from Monday while engineers "
            "replace corroded cables, the council said.\n\nDrivers face a 20-mile detour "
            "through the valley, and ferries will run every half hour.",
        },
        {
            "id": "courier-syria",
            "title": "Aid convoy reaches Aleppo",
            "date": "2016-11-20",
            "source": "Evening Courier",
            "url": None,
            "body": "A United Nations aid convoy reached eastern Aleppo on Sunday after weeks of "
            "bombing, carrying food and medicine for thousands of civilians.",
        },
    ]
    path = folder / "more.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in rows))
    service = NewsService(ServiceConfig(index_dir=folder / "index", inputs=[SEEDS, path]), embedder)
    service.build()
    return service


def test_spokesman_question_finds_the_spokesmans_paragraph(seed_service):
    answer = seed_service.ask("What did Corbyn's spokesman say about Syria?")
    assert answer.answered
    top = answer.results[0]
    assert top.text.startswith("A spokesman for Mr Corbyn said:")
    assert top.article_id == SEED_ID
    assert top.title.startswith("Jeremy Corbyn urged")
    assert top.date == "2016-10-08"
    assert top.paragraph == 14  # counted from 1, as a reader counts


def test_results_are_verbatim_and_never_captions(seed_service):
    answer = seed_service.ask("tank in the ruins of Aleppo photo", k=14)
    body = seed_service.archive.store.article(SEED_ID).body
    for result in answer.results:
        assert body[result.start : result.end] == result.text
        assert "PA Images" not in result.text
        assert "A tank of the Assad regime" not in result.text
        assert "ceasefire" not in result.text


def test_unrelated_question_is_not_answered(seed_service):
    answer = seed_service.ask("Who won the Premier League football title?")
    assert not answer.answered


def test_source_filter_applies_before_the_top_k_cut(two_outlets):
    answer = two_outlets.ask("bombing of civilians in Aleppo", k=3, source="evening courier")
    assert [r.article_id for r in answer.results] == ["courier-syria"]


def test_date_filters_combine_with_search(two_outlets):
    since = two_outlets.ask("bombing in Syria", k=5, since="2016-11-01")
    assert {r.article_id for r in since.results} == {"courier-syria", "gazette-bridge"}
    assert since.results[0].article_id == "courier-syria"
    until = two_outlets.ask("bombing in Syria", k=5, until="2016-10-31")
    assert {r.article_id for r in until.results} == {SEED_ID}
    nothing = two_outlets.ask("bombing in Syria", since="2030-01-01")
    assert nothing.results == [] and not nothing.answered


@pytest.mark.parametrize("query", ["", "   ", "\x00\x07", "x" * 20_000, "?!"])
def test_bad_queries_get_a_short_error(seed_service, query):
    with pytest.raises(QueryError) as error:
        seed_service.ask(query)
    assert len(str(error.value)) < 120


def test_control_characters_are_stripped_and_other_scripts_answer(seed_service):
    assert seed_service.ask("Syria\x00\x1b[31m spokesman").query == "Syria [31m spokesman"
    for query in ["Что сказал представитель Корбина о Сирии?", "科尔宾的发言人说了什么", "سوريا"]:
        answer = seed_service.ask(query)
        assert isinstance(answer.answered, bool)


def test_bad_dates_and_k(seed_service):
    with pytest.raises(QueryError, match="date like"):
        seed_service.ask("Syria", since="last week")
    with pytest.raises(QueryError, match="k must be"):
        seed_service.ask("Syria", k=0)


def test_stats(two_outlets):
    stats = two_outlets.stats()
    assert stats.articles == 3
    assert stats.sources == {"(no outlet)": 1, "Evening Courier": 1, "Harbour Gazette": 1}
    assert (stats.first_date, stats.last_date) == ("2016-10-08", "2021-03-04")
    assert stats.model == "all-MiniLM-L6-v2"
