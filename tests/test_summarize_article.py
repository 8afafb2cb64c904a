"""Article summaries: verbatim, cited, in article order, prose only."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from retrieval.embed.embedding import Embedder
from retrieval.ingest.loading import load_articles
from retrieval.models import Article
from retrieval.summary import Summary, default_length, summarize_article

REPO = Path(__file__).resolve().parents[1]
SEED = REPO / "seeds" / "000_b3a66aeb771e6232.txt"

# Written for these tests, in the style of local news copy.
PROSE = [
    "The city council voted 7-2 on Tuesday to approve a new tram line to the airport.",
    "Mr. Alvarez, who chairs the transport committee, said the line would open in 2027.",
    '"This is the biggest investment in our streets for a generation," he said.',
    "The project is expected to cost £410m, of which 60% comes from central government.",
    "Opponents say the route will cut through the U.K.'s oldest covered market.",
    "Traders at the market collected 3,400 signatures against the plan.",
    "Sen. Okafor called the vote a betrayal of small businesses.",
    "Construction is due to start next spring and will close Bridge Street for six months.",
    "The council said bus routes would be diverted during the works.",
    "A public inquiry held last year found the scheme would cut journey times by 22 minutes.",
    "Ridership is forecast to reach 9.5 million passengers a year by 2030.",
    "Dr. J. P. Mensah, a transport economist, said the forecasts looked optimistic.",
]
FURNITURE = [
    "The proposed tram route along Bridge Street",
    "Photograph: Council handout",
    "Read more: Airport expansion plans unveiled",
    "PA Images",
    "",
]


def article_from(paragraphs: list[list[str]], id_: str = "tram-1") -> Article:
    body = "\n\n".join(" ".join(p) for p in paragraphs if p)
    return Article(id=id_, title="Council approves airport tram line", body=body, date="2024-03-05")


TRAM = article_from([PROSE[0:3], PROSE[3:6], [FURNITURE[0]], PROSE[6:9], PROSE[9:12]])


def test_summary_is_verbatim_cited_and_in_article_order(embedder: Embedder) -> None:
    summary = summarize_article(TRAM, embedder, n=4)
    assert summary.answered and summary.article_id == TRAM.id
    assert len(summary.sentences) == 4
    starts = [s.start for s in summary.sentences]
    assert starts == sorted(starts)
    paragraphs = TRAM.paragraphs()
    for s in summary.sentences:
        assert TRAM.body[s.start : s.end] == s.text
        assert paragraphs[s.paragraph].start <= s.start < s.end <= paragraphs[s.paragraph].end
        assert (s.article_id, s.title, s.date) == (TRAM.id, TRAM.title, TRAM.date)


def test_the_lead_of_a_news_story_is_in_its_summary(embedder: Embedder) -> None:
    summary = summarize_article(TRAM, embedder, n=3)
    assert summary.sentences[0].text == PROSE[0]


def test_default_length_grows_with_the_article_within_bounds() -> None:
    assert default_length(1) == 1
    assert default_length(2) == 2
    assert default_length(8) == 2
    assert default_length(20) == 5
    assert default_length(200) == 7


def test_default_summary_length_follows_the_article(embedder: Embedder) -> None:
    summary = summarize_article(TRAM, embedder)
    assert len(summary.sentences) == default_length(len(PROSE))


def test_json_has_the_documented_shape(embedder: Embedder) -> None:
    data = summarize_article(TRAM, embedder, n=2).to_json()
    assert set(data) == {"article_id", "answered", "sentences"}
    assert set(data["sentences"][0]) == {
        "text", "article_id", "title", "date", "source", "url", "paragraph", "start", "end",
        "display", "quoted", "speaker",
    }  # fmt: skip


def test_article_without_prose_is_not_answered(embedder: Embedder) -> None:
    captions = Article(id="x", title="Gallery", body="PA Images\n\nPhotograph: Reuters\n\n2024")
    summary = summarize_article(captions, embedder)
    assert summary == Summary(query=None, article_id="x", answered=False, sentences=[])


def test_seed_summary_has_no_caption_credit_or_related_headline(embedder: Embedder) -> None:
    loaded = load_articles([SEED]).articles[0]
    # The same file with nothing cleaned away: the summariser must hold its own line.
    lines = SEED.read_text(encoding="utf-8").splitlines()
    raw = Article(id="raw", title=lines[0], body="\n\n".join(x for x in lines[1:] if x.strip()))
    furniture = {
        "A tank of the Assad regime is seen in the ruins of Aleppo last month",
        "PA Images",
        "Boris Johnson: Russian bombing in Syria 'unquestionably a war crime'",
        "UK admits involvement in deadly attack on Syrian troops",
        "US and Russia agree tentative Syria ceasefire",
        "Posted On:",
        "8th October 2016",
    }
    for article in (loaded, raw):
        summary = summarize_article(article, embedder, n=12)
        assert len(summary.sentences) == 12
        texts = [s.text for s in summary.sentences]
        assert not furniture & set(texts)
        assert not any(f in t for f in furniture for t in texts)
        assert all(article.body[s.start : s.end] == s.text for s in summary.sentences)


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    paragraphs=st.lists(
        st.lists(st.sampled_from(PROSE + FURNITURE), min_size=1, max_size=4),
        min_size=1,
        max_size=5,
    ),
    n=st.one_of(st.none(), st.integers(min_value=0, max_value=8)),
)
def test_every_sentence_is_a_verbatim_slice_of_prose(
    embedder: Embedder, paragraphs: list[list[str]], n: int | None
) -> None:
    article = article_from(paragraphs)
    summary = summarize_article(article, embedder, n)
    for s in summary.sentences:
        assert article.body[s.start : s.end] == s.text
        assert s.text not in FURNITURE
        # Shown with at most the quote marks it was cut from added around it.
        head, found, tail = s.display.partition(s.text)
        assert found and set(head + tail) <= set("\"“”'‘’«»`")
    starts = [s.start for s in summary.sentences]
    assert starts == sorted(set(starts))
    if n is not None:
        assert len(summary.sentences) <= n


SHARED = Path(os.environ.get("NEWSBOT_SHARED", REPO.parent / "shared"))
BBC = SHARED / "corpora" / "bbc_news_summary" / "articles.jsonl"


@pytest.mark.skipif(not BBC.exists(), reason="needs the shared BBC corpus")
def test_verbatim_slices_over_hundreds_of_real_articles(embedder: Embedder) -> None:
    articles = load_articles([BBC]).articles[::10]
    assert len(articles) > 200
    for article in articles:
        for n in (None, 3):
            summary = summarize_article(article, embedder, n)
            assert summary.answered
            starts = [s.start for s in summary.sentences]
            assert starts == sorted(set(starts))
            for s in summary.sentences:
                assert article.body[s.start : s.end] == s.text
                assert article.paragraphs()[s.paragraph].start <= s.start
