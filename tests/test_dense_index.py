"""Dense index: exact below the size threshold, approximate above it, recall, filters, files.

Vectors come from the real packaged model over a few hundred generated news-like sentences, so
the approximate index is measured on the geometry it will meet in production."""

from __future__ import annotations

import itertools
from pathlib import Path

import numpy as np
import pytest

from retrieval.embed.embedding import Embedder
from retrieval.index.dense import DenseIndex, choose_index_type

SUBJECTS = [
    "The council",
    "The health minister",
    "Shares in the bank",
    "The striker",
    "Flood defences",
    "The university",
    "Police in Leeds",
    "The airline",
]
EVENTS = [
    "announced cuts to bus services",
    "rose sharply after the results",
    "were criticised in a new report",
    "scored twice in the cup final",
    "opened an inquiry into the fire",
    "blamed the weather for delays",
    "promised more money for nurses",
    "faced protests over tuition fees",
]
WHEN = ["on Monday", "last week", "after the election", "despite warnings", "in March", "again"]
QUESTIONS = [
    "What did the council decide about buses?",
    "Why did bank shares go up?",
    "Who scored in the cup final?",
    "Was there an inquiry into the fire?",
    "What caused the airline delays?",
    "Did the government promise money for the NHS?",
    "Were there protests about university fees?",
    "What did police say about the report?",
    "flood defence criticism",
    "minister nurses funding",
]


@pytest.fixture(scope="module")
def corpus() -> tuple[np.ndarray, np.ndarray]:
    """(passage vectors for 384 sentences, query vectors for 10 questions)."""
    sentences = [f"{s} {e} {w}." for s, e, w in itertools.product(SUBJECTS, EVENTS, WHEN)]
    embedder = Embedder()
    return embedder.encode(sentences), embedder.encode(QUESTIONS + sentences[::8])


def test_auto_choice_switches_at_the_threshold() -> None:
    assert choose_index_type(1_000, flat_max=1_000) == "flat"
    assert choose_index_type(1_001, flat_max=1_000) == "ivf-sq8"
    assert choose_index_type(10, "hnsw-sq8") == "hnsw-sq8"
    with pytest.raises(ValueError):
        choose_index_type(10, "annoy")


def test_build_follows_the_choice(corpus) -> None:
    vectors, _ = corpus
    dim = vectors.shape[1]
    assert DenseIndex.build(vectors, dim, flat_max=len(vectors)).kind == "flat"
    small_threshold = DenseIndex.build(vectors, dim, flat_max=100)
    assert small_threshold.kind == "ivf-sq8"
    assert small_threshold.index_type == "IndexIVFScalarQuantizer"
    assert not small_threshold.exact
    assert DenseIndex.build(vectors, dim, index_type="hnsw-sq8").kind == "hnsw-sq8"


@pytest.mark.parametrize("kind", ["ivf-sq8", "ivf-pq", "hnsw-sq8"])
def test_approximate_recall_at_10_against_exact(corpus, kind: str) -> None:
    vectors, queries = corpus
    exact = DenseIndex.build(vectors, vectors.shape[1], index_type="flat")
    approx = DenseIndex.build(vectors, vectors.shape[1], index_type=kind)
    # Probe a quarter of the lists: on this tiny corpus the default would probe nearly all.
    approx.set_search_effort(max(2, approx.params.get("nlist", 64) // 4))
    recalls = []
    for query in queries:
        truth, _ = exact.search(query, 10)
        found, scores = approx.search(query, 10)
        recalls.append(len(set(truth) & set(found)) / 10)
        # Approximate candidates come back rescored exactly, best first.
        np.testing.assert_allclose(scores, exact.cosine(query, found), rtol=1e-5)
        assert list(scores) == sorted(scores, reverse=True)
    assert np.mean(recalls) >= 0.95


@pytest.mark.parametrize(
    ("kind", "subset_max"), [("flat", 0), ("ivf-sq8", 0), ("ivf-sq8", 50), ("hnsw-sq8", 0)]
)
def test_filtered_search_returns_only_allowed_and_all_that_exist(
    corpus, kind: str, subset_max: int
) -> None:
    vectors, queries = corpus
    index = DenseIndex.build(vectors, vectors.shape[1], index_type=kind)
    # The narrowest probe, and (subset_max 0) no exact shortcut for small filtered sets: the
    # index itself must widen its search until every allowed passage can come back.
    index.set_search_effort(1)
    index.exact_subset_max = subset_max
    rng = np.random.default_rng(7)
    for allowed_count in [3, 25, 200]:
        allowed = np.zeros(len(vectors), dtype=bool)
        allowed[rng.choice(len(vectors), allowed_count, replace=False)] = True
        for query in queries[:5]:
            ids, scores = index.search(query, 100, allowed)
            assert allowed[ids].all()
            assert len(ids) == min(100, allowed_count)
            assert len(set(ids)) == len(ids)
            exact = vectors[np.flatnonzero(allowed)] @ query
            assert scores[0] == pytest.approx(exact.max(), abs=1e-5)
    nothing = np.zeros(len(vectors), dtype=bool)
    assert len(index.search(queries[0], 10, nothing)[0]) == 0


@pytest.mark.parametrize("kind", ["flat", "ivf-sq8", "hnsw-sq8"])
def test_save_load_round_trip(corpus, kind: str, tmp_path: Path) -> None:
    vectors, queries = corpus
    built = DenseIndex.build(vectors, vectors.shape[1], index_type=kind)
    built.save(tmp_path / "dense.faiss", tmp_path / "vectors.npy")
    loaded = DenseIndex.load(tmp_path / "dense.faiss", tmp_path / "vectors.npy")
    assert (loaded.size, loaded.kind, loaded.params) == (built.size, kind, built.params)
    assert isinstance(loaded.vectors, np.memmap)  # rescoring reads rows from disk, not RAM
    for query in queries[:5]:
        ids, scores = built.search(query, 10)
        loaded_ids, loaded_scores = loaded.search(query, 10)
        np.testing.assert_array_equal(ids, loaded_ids)
        np.testing.assert_allclose(scores, loaded_scores, rtol=1e-6)
    some = np.array([5, 1, 300])
    np.testing.assert_allclose(loaded.cosine(queries[0], some), vectors[some] @ queries[0])


def test_a_narrow_filter_probes_wider_and_keeps_recall(corpus) -> None:
    vectors, queries = corpus
    index = DenseIndex.build(vectors, vectors.shape[1], index_type="ivf-sq8")
    index.set_search_effort(1)  # the usual probe reaches a ninth of this tiny index's lists
    index.exact_subset_max = 0  # no exact shortcut: the index must find them itself
    # One subject's sentences: a filter that keeps one coherent slice, like one outlet.
    allowed = np.array([i // (len(EVENTS) * len(WHEN)) == 2 for i in range(len(vectors))])
    recalls = []
    for query in queries:
        truth = set(np.flatnonzero(allowed)[np.argsort(-(vectors[allowed] @ query))[:10]])
        found, _ = index.search(query, 10, allowed)
        recalls.append(len(truth & set(found)) / 10)
    assert np.mean(recalls) >= 0.95
