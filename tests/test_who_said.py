import json
import shutil
from pathlib import Path

import pytest

from retrieval.index.collection import Filters
from retrieval.queries import QueryError
from retrieval.search.quotes import context_boost
from retrieval.search.rank import DEFAULT_FUSION
from retrieval.service import NewsService, ServiceConfig
from tests.conftest import SEEDS

FIXTURE = Path(__file__).parent / "fixtures" / "quotes_corpus.jsonl"


@pytest.fixture(scope="module")
def built(tmp_path_factory, embedder) -> Path:
    root = tmp_path_factory.mktemp("quotes-index")
    NewsService(ServiceConfig(index_dir=root, inputs=[SEEDS, FIXTURE]), embedder).build()
    return root


@pytest.fixture()
def service(built: Path, embedder, tmp_path: Path) -> NewsService:
    root = tmp_path / "index"
    shutil.copytree(built, root)
    return NewsService(ServiceConfig(index_dir=root, inputs=[SEEDS, FIXTURE]), embedder)


def test_who_said_finds_the_quote_with_its_speaker_and_source(service):
    answer = service.who_said("safe water supply for decades")
    assert answer.answered
    top = answer.results[0]
    assert top.speaker == "Margaret Okafor"
    assert top.quote.startswith("This reservoir will secure clean water")
    assert top.article_id == "herald-water" and top.source == "Valley Herald"
    assert top.date == "2022-05-10" and top.paragraph == 2
    assert "Margaret Okafor said" in top.context


def test_quote_text_is_verbatim(service):
    answer = service.who_said("budget cuts to schools", k=5)
    for result in answer.results:
        body = service.archive.store.article(result.article_id).body
        assert body[result.start : result.end] == result.quote


@pytest.mark.parametrize(
    "spelling", ["Whitfield", "mayor whitfield", "Daniel Whitfield", "Mr Whitfield", "Whitfeld"]
)
def test_speaker_filter_is_forgiving(service, spelling):
    answer = service.who_said("money", speaker=spelling)
    assert answer.results
    assert {r.speaker for r in answer.results} == {"Daniel Whitfield"}


def test_speaker_filter_excludes_others(service):
    answer = service.who_said("clean water for fifty years", speaker="Tom Reddy")
    assert {r.speaker for r in answer.results} == {"Tom Reddy"}
    assert not any("reservoir will secure" in r.quote for r in answer.results)


def test_unknown_speaker_and_unrelated_topic(service):
    assert service.who_said("water", speaker="Zebediah Quux").results == []
    assert not service.who_said("Premier League transfer window gossip").answered


def test_speakers_lists_counts_and_prefixes(service):
    everyone = dict(service.speakers())
    assert everyone["Daniel Whitfield"] == 2
    assert everyone["Priya Natarajan"] == 2
    names = [name for name, _ in service.speakers("whit")]
    assert names[0] == "Daniel Whitfield"


def test_date_filter_applies_to_quotes(service):
    answer = service.who_said("water", since="2023-01-01", k=10)
    assert answer.results and all(r.date >= "2023-01-01" for r in answer.results)


def test_empty_query_is_refused(service):
    with pytest.raises(QueryError):
        service.who_said("  ")


def test_stats_count_quotes(service):
    assert service.stats().quotes >= 8


def test_a_remembered_fragment_is_an_answer_however_far_in_meaning(service):
    answer = service.who_said("nobody asked us", speaker="Reddy")
    assert answer.answered
    assert answer.results[0].quote.startswith("Nobody asked us")


def test_words_the_quotes_do_not_hold_are_no_answer(service):
    assert not service.who_said("penalty shootout in the cup final").answered


HARBOUR = [
    {
        "id": "ferry",
        "title": "Island sailings to be cut",
        "date": "2021-01-05",
        "source": "Harbour Gazette",
        "body": "The ferry operator will cut winter sailings to the islands from January, blaming "
        'the cost of fuel and half-empty boats. "We cannot keep burning money on boats nobody '
        'is on," said Ann Lowe, its chief executive.\n\nIslanders said they would fight it.',
    },
    {
        "id": "fair",
        "title": "Seafront fair draws crowds",
        "date": "2021-02-11",
        "source": "Harbour Gazette",
        "body": "The seafront fair drew record crowds on Saturday. The fireworks were cancelled "
        'by rain and the brass band played twice. "Ferry crossings in winter are always the '
        'first thing they cut," said one stallholder, Tom Reyes.\n\nThe fair returns in August.',
    },
]


def test_quotes_in_the_paragraph_that_answers_gain_most(tmp_path, embedder):
    news = tmp_path / "harbour.jsonl"
    news.write_text("".join(json.dumps(a) + "\n" for a in HARBOUR))
    service = NewsService(ServiceConfig(index_dir=tmp_path / "index", inputs=[news]), embedder)
    service.build()
    archive, question = service.archive, "Why is the ferry operator cutting winter sailings?"
    vector = embedder.encode([question])[0]
    boost = context_boost(archive, vector, question, Filters(), DEFAULT_FUSION)
    speakers = {q.speaker: boost.get(i, 0.0) for i, q in archive.store.quotes(list(boost)).items()}
    assert speakers["Ann Lowe"] > speakers["Tom Reyes"] > 0
    assert max(boost.values()) <= DEFAULT_FUSION.quote_context_weight
