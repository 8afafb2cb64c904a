"""Per-sentence evidence of how central a sentence is to its article.

Every feature is computed from the article alone (no corpus statistics), so an article can be
summarised the moment it is loaded.
"""

from __future__ import annotations

import math

import numpy as np

from retrieval.summary.words import content_words, word_count

FEATURE_NAMES = (
    "lexical_centrality",  # mean cosine of the sentence's word counts with every other sentence
    "lexical_pagerank",  # LexRank over the same word-overlap graph
    "document_cosine",  # cosine with the word counts of the rest of the article
    "term_frequency",  # mean in-article frequency of the sentence's content words
    "title_overlap",  # share of the headline's content words the sentence repeats
    "semantic_centrality",  # mean embedding cosine with every other sentence
    "semantic_title",  # embedding cosine with the headline
    "lead",  # 1 for the first sentence: news puts the point first
    "position",  # 0 at the top of the article, 1 at the bottom
    "log_length",  # log word count
)


def _count_matrix(words: list[list[str]]) -> np.ndarray:
    vocabulary: dict[str, int] = {}
    for sentence in words:
        for word in sentence:
            vocabulary.setdefault(word, len(vocabulary))
    counts = np.zeros((len(words), max(1, len(vocabulary))), dtype=np.float64)
    for row, sentence in enumerate(words):
        for word in sentence:
            counts[row, vocabulary[word]] += 1
    return counts


def _unit_rows(matrix: np.ndarray) -> np.ndarray:
    norms = np.linalg.norm(matrix, axis=1, keepdims=True)
    return matrix / np.where(norms == 0, 1, norms)


def _mean_offdiagonal(similarity: np.ndarray) -> np.ndarray:
    n = len(similarity)
    if n < 2:
        return np.ones(n)
    return (similarity.sum(axis=1) - np.diag(similarity)) / (n - 1)


def pagerank(similarity: np.ndarray, damping: float = 0.85, iterations: int = 40) -> np.ndarray:
    """LexRank-style stationary scores of a similarity graph (self-loops removed), mean 1."""
    n = len(similarity)
    if n == 0:
        return np.zeros(0)
    weights = similarity.copy()
    np.fill_diagonal(weights, 0)
    weights = np.clip(weights, 0, None)
    totals = weights.sum(axis=1, keepdims=True)
    transition = np.divide(weights, totals, out=np.full_like(weights, 1 / n), where=totals > 0)
    rank = np.full(n, 1 / n)
    for _ in range(iterations):
        rank = (1 - damping) / n + damping * transition.T @ rank
    return rank * n


def lexical_similarity(texts: list[str]) -> np.ndarray:
    """Cosine of the sentences' content-word counts, pairwise."""
    unit = _unit_rows(_count_matrix([content_words(t) for t in texts]))
    return unit @ unit.T


def sentence_features(
    title: str,
    texts: list[str],
    vectors: np.ndarray | None = None,
    title_vector: np.ndarray | None = None,
) -> np.ndarray:
    """An (n, len(FEATURE_NAMES)) matrix for the sentences `texts` of one article, in order.

    Without `vectors` the semantic columns are zero (they carry no weight then).
    """
    n = len(texts)
    if n == 0:
        return np.zeros((0, len(FEATURE_NAMES)))
    words = [content_words(t) for t in texts]
    counts = _count_matrix(words)
    unit = _unit_rows(counts)
    lexical = unit @ unit.T
    document = counts.sum(axis=0)
    rest = document[None, :] - counts
    document_cosine = np.einsum("ij,ij->i", unit, _unit_rows(rest))
    frequency = document / max(1.0, document.max())
    term_frequency = np.array(
        [counts[i] @ frequency / max(1, len(words[i])) for i in range(n)], dtype=np.float64
    )
    title_words = set(content_words(title))
    title_overlap = np.array(
        [len(title_words & set(w)) / max(1, len(title_words)) for w in words], dtype=np.float64
    )
    if vectors is None:
        semantic_centrality, semantic_title = np.zeros(n), np.zeros(n)
    else:
        semantic_centrality = _mean_offdiagonal(vectors @ vectors.T)
        semantic_title = vectors @ title_vector if title_vector is not None else np.zeros(n)
    columns = [
        _mean_offdiagonal(lexical),
        pagerank(lexical),
        document_cosine,
        term_frequency,
        title_overlap,
        semantic_centrality,
        semantic_title,
        (np.arange(n) == 0).astype(np.float64),
        np.arange(n) / max(1, n - 1),
        np.array([math.log1p(word_count(t)) for t in texts]),
    ]
    return np.column_stack(columns)


def standardise(features: np.ndarray) -> np.ndarray:
    """Z-scores within the article, so weights compare sentences of one article to each other."""
    spread = features.std(axis=0)
    return (features - features.mean(axis=0)) / np.where(spread == 0, 1, spread)
