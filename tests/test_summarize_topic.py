"""Topic summaries: relevant, non-repeating, cited sentences read as a timeline, or abstention."""

from __future__ import annotations

import numpy as np

from retrieval.embed.embedding import Embedder
from retrieval.models import Article, Passage
from retrieval.summary import summarize_topic
from retrieval.summary import topic as topic_module
from retrieval.summary.units import article_units

# Written for these tests. The wire story of 12 March is re-run nearly word for word on 14 March.
FLOOD_1 = Article(
    id="flood-1",
    title="River Wyre bursts its banks",
    date="2024-03-12",
    source="Gazette",
    url="https://example.org/flood-1",
    body=(
        "The River Wyre burst its banks on Monday night, flooding more than 200 homes in "
        "Garstang.\n\n"
        "Firefighters used boats to rescue 40 residents from the flooded streets.\n\n"
        "The Environment Agency said river levels were the highest since records began in 1968."
    ),
)
FLOOD_2 = Article(
    id="flood-2",
    title="Flood clean-up begins in Garstang",
    date="2024-03-14",
    source="Gazette",
    url="https://example.org/flood-2",
    body=(
        "Residents began clearing mud and ruined furniture from their homes on Wednesday.\n\n"
        "The River Wyre burst its banks on Monday night, flooding more than 200 homes in "
        "Garstang, Lancashire.\n\n"
        "The council has opened a hardship fund of £250,000 for families whose homes flooded."
    ),
)
FLOOD_3 = Article(
    id="flood-3",
    title="Flood defence scheme approved",
    date="2024-02-01",
    source="Gazette",
    url=None,
    body=(
        "Plans for new flood defences on the River Wyre were approved by the council on "
        "Thursday.\n\n"
        "The £12m scheme will protect 600 homes in Garstang from flooding."
    ),
)
CRICKET = Article(
    id="cricket-1",
    title="County clinch title",
    date="2024-03-13",
    body="Lancashire won the county cricket title with a six-wicket victory at Old Trafford.",
)
ARTICLES = [FLOOD_1, FLOOD_2, FLOOD_3, CRICKET]


def candidates(articles: list[Article]) -> list[tuple[Article, Passage, float]]:
    """Every paragraph as a passage, as a search over a tiny archive would return them."""
    out = []
    for article in articles:
        for p in article.paragraphs():
            out.append(
                (article, Passage(len(out), article.id, p.index, p.start, p.end, p.text), 0.5)
            )
    return out


def topic(query: str, embedder: Embedder, n: int | None = None):
    vector = embedder.encode([query])[0]
    return summarize_topic(query, vector, candidates(ARTICLES), embedder, n=n)


def test_topic_summary_is_relevant_cited_and_a_timeline(embedder: Embedder) -> None:
    summary = topic("flooding of the River Wyre in Garstang", embedder, n=5)
    assert summary.answered and summary.query == "flooding of the River Wyre in Garstang"
    assert summary.sentences
    by_id = {a.id: a for a in ARTICLES}
    for s in summary.sentences:
        article = by_id[s.article_id]
        assert article.body[s.start : s.end] == s.text
        assert (s.title, s.date, s.source, s.url) == (
            article.title,
            article.date,
            article.source,
            article.url,
        )
    assert "cricket-1" not in {s.article_id for s in summary.sentences}
    timeline = [(s.date, s.article_id, s.start) for s in summary.sentences]
    assert timeline == sorted(timeline)


def test_near_duplicate_sentences_appear_once_citing_the_earliest(embedder: Embedder) -> None:
    summary = topic("River Wyre burst its banks flooding homes", embedder, n=6)
    texts = [s.text for s in summary.sentences]
    assert len(texts) == len(set(texts))
    burst = [s for s in summary.sentences if s.text.startswith("The River Wyre burst its banks")]
    assert len(burst) == 1
    assert burst[0].article_id == "flood-1"


def test_no_sentence_is_repeated_even_when_passages_overlap(embedder: Embedder) -> None:
    vector = embedder.encode(["Garstang flood"])[0]
    doubled = candidates(ARTICLES) + candidates(ARTICLES)
    summary = summarize_topic("Garstang flood", vector, doubled, embedder, n=10)
    keys = [(s.article_id, s.start) for s in summary.sentences]
    assert len(keys) == len(set(keys))


def test_unrelated_topic_is_not_answered(embedder: Embedder) -> None:
    summary = topic("interest rate decision by the central bank", embedder)
    assert not summary.answered
    assert summary.sentences == []
    assert summary.to_json() == {
        "query": "interest rate decision by the central bank",
        "answered": False,
        "sentences": [],
    }


def test_no_candidates_is_not_answered(embedder: Embedder) -> None:
    summary = summarize_topic("anything", np.zeros(384, dtype=np.float32), [], embedder)
    assert not summary.answered


def test_topic_json_has_the_documented_shape(embedder: Embedder) -> None:
    data = topic("Garstang flood defences", embedder, n=2).to_json()
    assert set(data) == {"query", "answered", "sentences"}
    assert data["answered"] is True
    assert set(data["sentences"][0]) == {
        "text", "article_id", "title", "date", "source", "url", "paragraph", "start", "end",
        "display", "quoted", "speaker",
    }  # fmt: skip


# Filler stories a wide search returns beside the flood coverage, written for this test.
FILLER = [
    Article(
        id=f"council-{i}",
        title=f"Council notes {i}",
        date="2024-03-01",
        body=" ".join(
            f"Councillors in ward {i} discussed item {j} of the parking review on Tuesday."
            for j in range(4)
        ),
    )
    for i in range(12)
]


def test_only_a_shortlist_of_sentences_is_encoded_and_it_keeps_the_topic(
    embedder: Embedder,
) -> None:
    pool = candidates(ARTICLES + FILLER)
    # Filler passages scored like the flood ones: the shortlist must find the flood sentences
    # by the query words they name.
    sentences = sum(len(article_units(a, (p.start, p.end))) for a, p, _ in pool)
    assert sentences > topic_module.SHORTLIST
    vector = embedder.encode(["River Wyre flooding in Garstang"])[0]
    before = embedder.encoded_count
    summary = summarize_topic("River Wyre flooding in Garstang", vector, pool, embedder, n=3)
    assert embedder.encoded_count - before <= topic_module.SHORTLIST
    assert summary.answered and {s.article_id for s in summary.sentences} <= {
        "flood-1",
        "flood-2",
        "flood-3",
    }


def test_a_short_topic_summary_prefers_a_relevant_article_lead(embedder: Embedder) -> None:
    # "The £12m scheme will protect 600 homes in Garstang from flooding." is a little closer to
    # the query, but the story of the flood is the first sentence its reporter wrote.
    summary = topic("flood in Garstang", embedder, n=1)
    assert [s.text for s in summary.sentences] == [FLOOD_1.body.split("\n\n")[0]]
    assert summary.sentences[0].article_id == "flood-1"
