"""Which speakers a user's `--speaker` words name, fast on a big archive.

`speaker_matches` compares one query with one name; a filter that ran it over every speaker of a
million-passage archive would spend seconds per query. The directory folds every name once and
indexes its words, so a query word is looked up in a dict, and only a word that no speaker has
is tried for typos, against the distinct words of a near length. A word some speaker has is taken
as meant: `--speaker Bush` is not also Rush Limbaugh, though "bush" is one typo from "rush".

Over a `SpeakerRegistry` the directory matches entities, not phrases: "Corbyn", "Mr Corbyn" and
"jeremy corbyn" all find Jeremy Corbyn, whichever way each article wrote him. A description is
found by its own words ("spokesman"), never by the name it only mentions: "Corbyn" is not "a
spokesman for Mr Corbyn" nor "left-wing supporters of Jeremy Corbyn". Those who speak for a
matched entity are listed apart (`SpeakerMatch.affiliated`), for `--include-affiliated`.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field

from retrieval.quotes.entities import speaker_id
from retrieval.quotes.names import speaker_key, word_matches
from retrieval.quotes.registry import SpeakerEntity, SpeakerRegistry, entity_words


@dataclass
class SpeakerMatch:
    """The entities a `--speaker` query names, those who speak for them, and the collection
    codes to filter on (the affiliated ones' only when asked for)."""

    entities: list[SpeakerEntity] = field(default_factory=list)
    affiliated: list[SpeakerEntity] = field(default_factory=list)
    codes: list[int] = field(default_factory=list)


class SpeakerDirectory:
    """`names` are the quote collection's speaker names (codes = positions); with a `registry`
    they are article-level speaker ids and matching is by entity."""

    def __init__(self, names: Sequence[str], registry: SpeakerRegistry | None = None) -> None:
        self._entities: list[SpeakerEntity] = []
        self._codes: list[list[int]] = []
        if registry is None:  # every name is its own speaker
            for code, name in enumerate(names):
                self._entities.append(SpeakerEntity(str(code), str(name), "person"))
                self._codes.append([code])
        else:
            self._entities = registry.listing()  # most quoted first: matches come in this order
            index = {e.id: i for i, e in enumerate(self._entities)}
            self._codes = [[] for _ in self._entities]
            for code, key in enumerate(names):
                # An index from before speaker ids names its speakers: their slugs are the keys.
                entity = registry.of_key.get(str(key)) or registry.of_key.get(speaker_id(str(key)))
                if entity is not None:
                    self._codes[index[entity]].append(code)
        position = {e.id: i for i, e in enumerate(self._entities)}
        self._speaking_for: dict[int, list[int]] = defaultdict(list)
        # word -> {entity: whether the word is the entity's own (not only a name it mentions)}
        self._entities_by_word: dict[str, dict[int, bool]] = defaultdict(dict)
        for i, entity in enumerate(self._entities):
            if entity.affiliation_id in position:
                self._speaking_for[position[entity.affiliation_id]].append(i)
            own, context = (
                entity_words(entity) if registry else (set(speaker_key(entity.name).split()), ())
            )
            for word in context:
                self._entities_by_word[word].setdefault(i, False)
            for word in own:
                self._entities_by_word[word][i] = True
        self._words_by_length: dict[int, list[str]] = defaultdict(list)
        for word in self._entities_by_word:
            self._words_by_length[len(word)].append(word)

    def codes(self, query: str, include_affiliated: bool = False) -> list[int]:
        """Codes of the speakers in which every query word matches some word (typos allowed)."""
        return self.match(query, include_affiliated).codes

    def match(self, query: str, include_affiliated: bool = False) -> SpeakerMatch:
        found: dict[int, bool] | None = None
        for word in speaker_key(query).split():
            hits = self._entities_of(word)
            if found is None:
                found = hits
            else:
                found = {i: found[i] or hits[i] for i in found.keys() & hits.keys()}
            if not found:
                return SpeakerMatch()
        # A description needs one of its own words: "Corbyn" only mentions in "supporters of".
        matched = sorted(i for i, own in (found or {}).items() if own)
        speaking = sorted({j for i in matched for j in self._speaking_for[i]} - set(matched))
        codes = [c for i in matched for c in self._codes[i]]
        if include_affiliated:
            codes += [c for j in speaking for c in self._codes[j]]
        return SpeakerMatch(
            [self._entities[i] for i in matched],
            [self._entities[j] for j in speaking],
            sorted(codes),
        )

    def starting(self, prefix: str) -> list[SpeakerEntity]:
        """Entities named by `prefix` as typed so far: every word but the last matches (typos
        allowed) and some word starts with the last. Those whose own words match come first
        ("corb": Jeremy Corbyn before the spokesman for him), then in the registry's order."""
        words = speaker_key(prefix).split()
        if not words:
            return []
        last = words[-1]
        found: dict[int, bool] = {}
        for word, entities in self._entities_by_word.items():
            if word.startswith(last):
                for i, own in entities.items():
                    found[i] = found.get(i, False) or own
        for word in words[:-1]:
            hits = self._entities_of(word)
            found = {i: found[i] or hits[i] for i in found.keys() & hits.keys()}
        return [self._entities[i] for i in sorted(found, key=lambda i: (not found[i], i))]

    def _entities_of(self, query_word: str) -> dict[int, bool]:
        exact = self._entities_by_word.get(query_word)
        if exact:
            return dict(exact)
        hits: dict[int, bool] = {}
        for length in range(len(query_word) - 2, len(query_word) + 3):
            for word in self._words_by_length.get(length, ()):
                if word_matches(query_word, word):
                    for i, own in self._entities_by_word[word].items():
                        hits[i] = hits.get(i, False) or own
        return hits
