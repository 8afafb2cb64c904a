"""BM25 over passages (bm25s, English stopwords, Snowball stemming)."""

from __future__ import annotations

import logging
import re
from functools import cache
from pathlib import Path

import bm25s
import numpy as np
import Stemmer
from bm25s.stopwords import STOPWORDS_EN

logging.getLogger("bm25s").setLevel(logging.WARNING)


@cache
def _stemmer() -> Stemmer.Stemmer:
    return Stemmer.Stemmer("english")


def _tokenize(texts: list[str]) -> bm25s.tokenization.Tokenized | list[list[str]]:
    return bm25s.tokenize(texts, stopwords="en", stemmer=_stemmer(), show_progress=False)


# bm25s's own token pattern and English stopwords: `terms` must split text as the index does.
_TOKEN = re.compile(r"(?u)\b\w\w+\b")
_STOPWORDS = frozenset(STOPWORDS_EN)


def terms(texts: list[str]) -> list[list[str]]:
    """Each text's BM25 terms (stopwords dropped, stemmed), as the index reads them.

    The same steps as `bm25s.tokenize`, without its per-call vocabulary and progress set-up,
    which cost more than the work for a few dozen passages at query time."""
    stem = _stemmer().stemWords
    return [
        stem([w for w in _TOKEN.findall(text.lower()) if w not in _STOPWORDS]) for text in texts
    ]


class LexicalIndex:
    def __init__(self, bm25: bm25s.BM25, size: int) -> None:
        self.bm25 = bm25
        self.size = size

    @classmethod
    def build(cls, texts: list[str]) -> LexicalIndex:
        bm25 = bm25s.BM25()
        # bm25s cannot index an empty corpus; a placeholder document keeps the shape valid.
        bm25.index(_tokenize(texts or [""]), show_progress=False)
        return cls(bm25, len(texts))

    def save(self, folder: Path) -> None:
        self.bm25.save(str(folder), show_progress=False)

    @classmethod
    def load(cls, folder: Path, size: int, mmap: bool = True) -> LexicalIndex:
        bm25 = bm25s.BM25.load(str(folder), mmap=mmap, show_progress=False)
        return cls(bm25, size)

    @staticmethod
    def name_candidates(query: str) -> list[str]:
        """Capitalised words after the first, and words with digits: names and codes."""
        words = re.findall(r"[\w][\w'’-]*", query)
        return [
            w
            for i, w in enumerate(words)
            if (i > 0 and w[:1].isupper()) or (any(c.isdigit() for c in w) and not w.isdigit())
        ]

    def absent_names(self, query: str) -> list[str]:
        """Names and codes in `query` ("Macron", "67P") that no indexed text ever mentions.

        Only capitalised words after the first and words with digits count: a common word can
        be missing from a small archive and still be answered by a synonym, a name cannot.
        """
        absent = []
        for word in self.name_candidates(query):
            tokens = bm25s.tokenize(
                [word], stopwords="en", stemmer=_stemmer(), show_progress=False, return_ids=False
            )[0]
            if tokens and not any(t in self.bm25.vocab_dict for t in tokens):
                absent.append(word)
        return absent

    def document_frequencies(self, terms: list[str]) -> dict[str, int]:
        """How many indexed texts contain each (already tokenised) term."""
        indptr = self.bm25.scores["indptr"]
        vocab = self.bm25.vocab_dict
        return {t: int(indptr[vocab[t] + 1] - indptr[vocab[t]]) if t in vocab else 0 for t in terms}

    def contains(self, terms: list[str], ids: np.ndarray) -> np.ndarray:
        """`out[t, i]`: whether indexed text `ids[i]` contains term `terms[t]`."""
        out = np.zeros((len(terms), len(ids)), dtype=bool)
        indptr, indices = self.bm25.scores["indptr"], self.bm25.scores["indices"]
        vocab = self.bm25.vocab_dict
        for row, term in enumerate(terms):
            if term not in vocab:
                continue
            docs = indices[indptr[vocab[term]] : indptr[vocab[term] + 1]]  # sorted by bm25s
            if len(docs):
                at = np.minimum(np.searchsorted(docs, ids), len(docs) - 1)
                out[row] = docs[at] == ids
        return out

    def scores(self, query: str) -> np.ndarray:
        """BM25 score of every passage for `query` (zeros where no query term occurs)."""
        tokens = bm25s.tokenize(
            [query], stopwords="en", stemmer=_stemmer(), show_progress=False, return_ids=False
        )[0]
        vocab = self.bm25.vocab_dict
        known = [t for t in tokens if t in vocab]
        if not known or self.size == 0:
            return np.zeros(self.size, dtype=np.float32)
        return np.asarray(self.bm25.get_scores(known)[: self.size], dtype=np.float32)
