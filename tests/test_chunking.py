from retrieval.ingest.chunking import chunk_article
from retrieval.ingest.loading import load_articles
from retrieval.models import Article
from tests.conftest import SEEDS


def test_passages_are_exact_slices_with_paragraph_numbers():
    (article,) = load_articles([SEEDS]).articles
    passages = chunk_article(article)
    assert passages, "the seed must give passages"
    for passage in passages:
        assert article.body[passage.start : passage.end] == passage.text
    spokesman = [p for p in passages if p.text.startswith("A spokesman for Mr Corbyn")]
    assert len(spokesman) == 1 and spokesman[0].paragraph == 13


def test_long_paragraph_splits_on_sentence_boundaries():
    sentence = "The committee heard evidence from twelve witnesses over three long days. "
    body = (sentence * 40).strip()
    article = Article(id="x", title="T", body=body)
    passages = chunk_article(article, max_words=60)
    assert len(passages) > 1
    assert all(p.text.endswith(".") for p in passages)
    assert all(len(p.text.split()) <= 60 for p in passages)
    assert " ".join(p.text for p in passages) == body


def test_short_paragraph_joins_its_neighbour():
    body = (
        'He said:\n\n"We will appeal against the ruling and we expect to win in the higher court."'
    )
    passages = chunk_article(Article(id="x", title="T", body=body))
    assert len(passages) == 1
    assert passages[0].text == body
    assert passages[0].paragraph == 0
