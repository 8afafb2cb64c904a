"""Article summaries: the sentences that best cover one article, in article order."""

from __future__ import annotations

import numpy as np

from retrieval.embedding import Embedder
from retrieval.models import Article
from retrieval.summary.features import sentence_features, standardise
from retrieval.summary.model import Summary
from retrieval.summary.select import mmr
from retrieval.summary.units import Unit, article_units

# Weights of the standardised features (order of features.FEATURE_NAMES), fitted by coordinate
# ascent on sentence hits for the first 1,000 BBC News Summary articles; bench/summary_eval.py
# reports them on all 2,225 and on the 1,225 held out.
WEIGHTS = np.array([1.0, 1.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0])
# Redundancy penalty and the cosine at which two sentences of one article count as the same.
DIVERSITY = 0.0
DUPLICATE = 0.95


def default_length(sentence_count: int) -> int:
    """About a quarter of the article, at least two sentences and at most seven."""
    if sentence_count <= 2:
        return sentence_count
    return int(min(7, max(2, round(sentence_count * 0.25))))


def score_units(
    article: Article, units: list[Unit], embedder: Embedder
) -> tuple[np.ndarray, np.ndarray]:
    """Centrality score of each unit and the units' embedding similarity matrix."""
    vectors = embedder.encode([u.text for u in units] + [article.title or ""])
    sentence_vectors, title_vector = vectors[:-1], vectors[-1] if article.title else None
    texts = [u.text for u in units]
    features = sentence_features(article.title or "", texts, sentence_vectors, title_vector)
    return standardise(features) @ WEIGHTS, sentence_vectors @ sentence_vectors.T


def summarize_article(article: Article, embedder: Embedder, n: int | None = None) -> Summary:
    """The `n` sentences (default from the article's length) that best cover `article`."""
    units = article_units(article)
    if not units:
        return Summary(query=None, article_id=article.id, answered=False)
    k = default_length(len(units)) if n is None else max(0, min(n, len(units)))
    scores, similarity = score_units(article, units, embedder)
    chosen = mmr(scores, similarity, k, DIVERSITY, DUPLICATE)
    picked = sorted(chosen, key=lambda i: units[i].start)
    return Summary(
        query=None,
        article_id=article.id,
        answered=bool(picked),
        sentences=[units[i].cite() for i in picked],
    )
