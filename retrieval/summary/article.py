"""Article summaries: the sentences that best cover one article, in article order."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from retrieval.embed.embedding import Embedder
from retrieval.models import Article, Quote
from retrieval.summary.features import (
    FEATURE_NAMES,
    lexical_similarity,
    sentence_features,
    standardise,
)
from retrieval.summary.model import Summary
from retrieval.summary.select import mmr
from retrieval.summary.units import Unit, article_units, cite_units

# Weights of the standardised features (order of features.FEATURE_NAMES), fitted by coordinate
# ascent on sentence hits for the first 1,000 BBC News Summary articles (bench/summary_eval.py
# reports all 2,225 and the 1,225 held out). Word-overlap centrality (LexRank's mean similarity
# and PageRank) carries it: adding embedding centrality or headline similarity moved held-out hits
# from 0.784 to 0.762-0.782, the lead weight fitted slightly negative and length had no effect,
# so those get no weight and the encoder is not run for article summaries.
WEIGHTS = np.array([1.0, 1.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0])
# Redundancy penalty and the word-count cosine at which two sentences of one article say the
# same thing (a story that repeats its lead near the end). On the BBC gold they are neutral
# (sentence hits 0.786 with, 0.787 without: its stories rarely repeat themselves).
DIVERSITY = 0.3
# Added to the lead sentence's score (in within-article standard deviations). The BBC gold does
# not reward it at any length: at 2 sentences, held-out precision 0.899 without (the lead in 41%
# of summaries), 0.888 at +1 (58%), 0.869 at +2 (75%); lead-2 alone 0.591, TextRank 0.839
# (bench/summary_eval.py --lead-grid 1,2; 3 sentences and the gold length likewise). The
# centrality ranking already takes the lead when it is central, which on this gold is when the
# lead is a summary sentence: it is in the gold for 97% of articles where it ranks first.
LEAD_BONUS = 0.0
DUPLICATE = 0.8


def default_length(sentence_count: int) -> int:
    """About a quarter of the article, at least two sentences and at most seven."""
    if sentence_count <= 2:
        return sentence_count
    return int(min(7, max(2, round(sentence_count * 0.25))))


def _uses_embeddings() -> bool:
    semantic = [FEATURE_NAMES.index("semantic_centrality"), FEATURE_NAMES.index("semantic_title")]
    return bool(np.any(WEIGHTS[semantic]))


def score_units(article: Article, units: list[Unit], embedder: Embedder) -> np.ndarray:
    """Centrality score of each unit: the weighted, within-article standardised features."""
    texts = [u.text for u in units]
    vectors = title_vector = None
    # The sentence encoder costs ~95% of the time per article; skip it while the fitted weights
    # give its features no say.
    if _uses_embeddings():
        encoded = embedder.encode([*texts, article.title or ""])
        vectors, title_vector = encoded[:-1], (encoded[-1] if article.title else None)
    features = sentence_features(article.title or "", texts, vectors, title_vector)
    return standardise(features) @ WEIGHTS


def summarize_article(
    article: Article,
    embedder: Embedder,
    n: int | None = None,
    quotes: Sequence[Quote] = (),
    lead_bonus: float = LEAD_BONUS,
) -> Summary:
    """The `n` sentences (default from the article's length) that best cover `article`.

    `quotes` (the index's quotes of the article) say whose words a quoted sentence is."""
    units = article_units(article)
    if not units:
        return Summary(query=None, article_id=article.id, answered=False)
    k = default_length(len(units)) if n is None else max(0, min(n, len(units)))
    scores = score_units(article, units, embedder)
    scores[0] += lead_bonus  # units[0] is the article's first prose sentence
    similarity = lexical_similarity([u.text for u in units])
    chosen = mmr(scores, similarity, k, DIVERSITY, DUPLICATE)
    picked = sorted(chosen, key=lambda i: units[i].start)
    return Summary(
        query=None,
        article_id=article.id,
        answered=bool(picked),
        sentences=cite_units([units[i] for i in picked], quotes),
    )
