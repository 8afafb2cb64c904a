"""Which paragraph of an article answers: the query's words that its headline does not hold.

Every passage is embedded with its headline, so the dense score says which article a question
is about and favours the lead, which restates the headline. The words of the question that the
headline lacks ("how old", "which player", "stake") are the ones the answering paragraph must
carry. A passage's focus is the share of those words, weighted by rarity, that it contains.
"""

from __future__ import annotations

import math
from typing import Protocol

import numpy as np

from retrieval.index.lexical import terms
from retrieval.quotes.lexicon import word_set

# Function words a question is built from (the index keeps them: bm25s drops only 33 words).
# They carry no content to look for, and in a small archive they can look rare.
FUNCTION_WORDS = word_set(
    """what which who whom whose when where why how did does do doing done is are was were be
    been being has have had having about after before from into onto over under with without
    within this that these those there here than then also just more most much many any some
    all each other such only own same so too very can could will would should may might must
    shall not no nor its his her their our your my we you he she they them him it me us one
    get got make made upon via per out off again further once both either neither whether
    while during since until against among between through across around"""
)


def content_terms(query: str) -> list[str]:
    """The query's index terms without function words, in order, each once."""
    kept = " ".join(w for w in query.split() if w.lower().strip("?,.!:;\"'") not in FUNCTION_WORDS)
    return list(dict.fromkeys(terms([kept])[0]))


class TermIndex(Protocol):
    """The lexical index's view of its texts (`LexicalIndex`, `SegmentedLexical`)."""

    size: int

    def document_frequencies(self, terms: list[str]) -> dict[str, int]: ...

    def contains(self, terms: list[str], ids: np.ndarray) -> np.ndarray: ...


def focus_scores(
    query: str, ids: list[int], owners: list[str], titles: dict[str, str], lexical: TermIndex
) -> np.ndarray:
    """For each item `ids[i]` of article `owners[i]`, 0..1: the IDF-weighted share of the
    query's non-headline words in it.

    The lexical index reads each passage with its headline, so for words the headline lacks,
    "in the indexed text" is "in the passage": no passage is read or tokenised at query time."""
    out = np.zeros(len(ids), dtype=np.float32)
    frequencies = lexical.document_frequencies(sorted(content_terms(query)))
    # A word no indexed text holds tells no passage from another.
    wanted = [t for t, n in frequencies.items() if n > 0]
    if not wanted or not ids:
        return out
    weight = np.array([max(0.0, math.log(lexical.size / (1 + frequencies[t]))) for t in wanted])
    present = lexical.contains(wanted, np.asarray(ids, dtype=np.int64))
    article_ids = sorted(set(owners))
    headlines = [set(words) for words in terms([titles.get(a, "") for a in article_ids])]
    novel = {
        a: np.array([t not in words for t in wanted])
        for a, words in zip(article_ids, headlines, strict=True)
    }
    for i, owner in enumerate(owners):
        mask = novel[owner]
        total = weight[mask].sum()
        if total > 0:
            out[i] = weight[mask & present[:, i]].sum() / total
    return out
