"""Several segments' SQLite stores read as one, with the interface of `Store`.

Passage and quote ids are global (segment offset + local id, as in `SegmentedCollection`); an
article tombstoned in a segment is invisible there, so each article id has one live version."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import replace
from typing import TypeVar

import numpy as np

from retrieval.index.segment_collection import offsets_of, split_ids
from retrieval.index.store import Store
from retrieval.models import Article, Passage, Quote

T = TypeVar("T")


class SegmentedStore:
    def __init__(
        self,
        parts: list[Store],
        passage_sizes: Sequence[int],
        quote_sizes: Sequence[int],
        dead: list[frozenset[str]] | None = None,
    ) -> None:
        self.parts = parts
        self.passage_offsets = offsets_of(passage_sizes)
        self.quote_offsets = offsets_of(quote_sizes)
        self.dead = dead or [frozenset() for _ in parts]

    @property
    def db(self):
        """The single segment's connection (for benchmarks that query SQLite directly)."""
        if len(self.parts) != 1:
            raise AttributeError("db: this archive has several segments; use the Store methods")
        return self.parts[0].db

    def close(self) -> None:
        for part in self.parts:
            part.close()

    def passages(self, ids: list[int]) -> dict[int, Passage]:
        """Passages by global id, with their text sliced from the stored body."""
        found = _by_global_id(
            self.passage_offsets, ids, lambda k, local: self.parts[k].passages(local)
        )
        return {i: replace(passage, id=i) for i, passage in found.items()}

    def quotes(self, ids: list[int]) -> dict[int, Quote]:
        return _by_global_id(self.quote_offsets, ids, lambda k, local: self.parts[k].quotes(local))

    def quotes_in_passages(self, ids: list[int]) -> dict[int, list[int]]:
        """Global ids of the quotes overlapping each passage (a passage and its article's quotes
        live in one segment), by global passage id."""
        found = _by_global_id(
            self.passage_offsets, ids, lambda k, local: self.parts[k].quotes_in_passages(local)
        )
        segment = {
            i: int(np.searchsorted(self.passage_offsets, i, side="right")) - 1 for i in found
        }
        return {
            i: [int(self.quote_offsets[segment[i]]) + q for q in quotes]
            for i, quotes in found.items()
        }

    def article(self, article_id: str) -> Article | None:
        # Newest first: an article lives in at most one segment where it is not tombstoned.
        for part, dead in zip(reversed(self.parts), reversed(self.dead), strict=True):
            if article_id not in dead and (found := part.article(article_id)) is not None:
                return found
        return None

    def headlines(self, ids: list[int]) -> dict[int, tuple[str, str]]:
        """(article id, headline) of each passage, by global id."""
        return _by_global_id(
            self.passage_offsets, ids, lambda k, local: self.parts[k].headlines(local)
        )

    def article_passages(self, article_id: str) -> list[Passage]:
        """The live version's passages of one article, in order, with global ids."""
        for i in reversed(range(len(self.parts))):
            if article_id in self.dead[i]:
                continue
            found = self.parts[i].article_passages(article_id)
            if found:
                start = int(self.passage_offsets[i])
                return [replace(p, id=start + p.id) for p in found]
        return []

    def articles(self) -> Iterable[Article]:
        for part, dead in zip(self.parts, self.dead, strict=True):
            yield from part.articles(dead)

    def quotes_by_article(self) -> dict[str, list[Quote]]:
        grouped: dict[str, list[Quote]] = {}
        for part, dead in zip(self.parts, self.dead, strict=True):
            grouped.update(part.quotes_by_article(dead))
        return grouped

    def fingerprints(self) -> dict[str, str]:
        found: dict[str, str] = {}
        for part, dead in zip(self.parts, self.dead, strict=True):
            found.update(part.fingerprints(dead))
        return found

    def speaker_rows(self) -> list[tuple]:
        """Every live segment's `Store.speaker_rows`, one list (rows may repeat a group)."""
        rows: list[tuple] = []
        for part, dead in zip(self.parts, self.dead, strict=True):
            rows += part.speaker_rows(dead)
        return rows

    def count(self, table: str) -> int:
        return sum(p.count(table, d) for p, d in zip(self.parts, self.dead, strict=True))

    def sources(self) -> dict[str, int]:
        counts: Counter[str] = Counter()
        for part, dead in zip(self.parts, self.dead, strict=True):
            counts.update(part.sources(dead))
        return dict(sorted(counts.items(), key=lambda item: -item[1]))

    def date_range(self) -> tuple[str | None, str | None]:
        firsts, lasts = [], []
        for part, dead in zip(self.parts, self.dead, strict=True):
            first, last = part.date_range(dead)
            firsts += [first] if first else []
            lasts += [last] if last else []
        return (min(firsts) if firsts else None, max(lasts) if lasts else None)


def _by_global_id(
    offsets: np.ndarray, ids: list[int], fetch: Callable[[int, list[int]], dict[int, T]]
) -> dict[int, T]:
    """`fetch(segment, local ids)` for each segment the global `ids` fall in, keyed globally."""
    out: dict[int, T] = {}
    if not ids:
        return out
    for part, _, local in split_ids(offsets, np.asarray(ids)):
        start = int(offsets[part])
        for i, item in fetch(part, [int(x) for x in local]).items():
            out[start + i] = item
    return out
