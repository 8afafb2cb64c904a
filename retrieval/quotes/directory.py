"""Which known speakers a user's `--speaker` words name, fast on a big archive.

`speaker_matches` compares one query with one name; a filter that ran it over every speaker of a
million-passage archive would spend seconds per query. The directory folds every name once and
indexes its words, so a query word is looked up in a dict, and only a word that no speaker has
is tried for typos, against the distinct words of a near length. A word some speaker has is taken
as meant: `--speaker Bush` is not also Rush Limbaugh, though "bush" is one typo from "rush".
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence

from retrieval.quotes.names import speaker_key, word_matches


class SpeakerDirectory:
    def __init__(self, names: Sequence[str]) -> None:
        self._codes_by_word: dict[str, set[int]] = defaultdict(set)
        for code, name in enumerate(names):
            for word in speaker_key(str(name)).split() if name else ():
                self._codes_by_word[word].add(code)
        self._words_by_length: dict[int, list[str]] = defaultdict(list)
        for word in self._codes_by_word:
            self._words_by_length[len(word)].append(word)

    def codes(self, query: str) -> list[int]:
        """Codes of the names in which every query word matches some word (typos allowed)."""
        found: set[int] | None = None
        for word in speaker_key(query).split():
            codes = self._codes_of(word)
            found = codes if found is None else found & codes
            if not found:
                return []
        return sorted(found or ())

    def _codes_of(self, query_word: str) -> set[int]:
        exact = self._codes_by_word.get(query_word)
        if exact:
            return set(exact)
        codes: set[int] = set()
        for length in range(len(query_word) - 2, len(query_word) + 3):
            for word in self._words_by_length.get(length, ()):
                if word_matches(query_word, word):
                    codes |= self._codes_by_word[word]
        return codes
