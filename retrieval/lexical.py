"""BM25 over passages (bm25s, English stopwords, Snowball stemming)."""

from __future__ import annotations

import logging
import re
from functools import cache
from pathlib import Path

import bm25s
import numpy as np
import Stemmer

logging.getLogger("bm25s").setLevel(logging.WARNING)


@cache
def _stemmer() -> Stemmer.Stemmer:
    return Stemmer.Stemmer("english")


def _tokenize(texts: list[str]) -> bm25s.tokenization.Tokenized | list[list[str]]:
    return bm25s.tokenize(texts, stopwords="en", stemmer=_stemmer(), show_progress=False)


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
