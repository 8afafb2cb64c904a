"""Speakers across the archive: the article-level entities of every live quote, merged where
the archive settles what one article could not.

Each article resolves its own speakers (`entities.py`): "Mr Corbyn" becomes "Jeremy Corbyn"
when that article gives the full name. Across articles the registry merges:
- the same full name written with or without a middle name or initial ("Donald J. Trump");
- a person known by one name ("Mr. Obama", "President Obama") into the one person of that
  surname in the archive, skipping those of the other sex (the sex a name's own quotes show:
  "he", "Mrs"); when two remain, into the one whose quotes are written that very way
  ("President Obama"); else it stays a person of its own, never a guess;
- a description's affiliation with the entity it names ("Spokesman for Corbyn" speaks for
  Jeremy Corbyn once the archive has only one Corbyn).
Two people who share only a surname never merge. Ids are stable: a person's id is the slug of
the shortest way the archive writes the full name, so more quotes never change it.

The registry is built once per loaded archive from grouped rows (no quote text), in the order
`Store.speaker_rows` returns them: (speaker_id, kind, canonical name, affiliation, speaker,
as written, quotes).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field, replace

from retrieval.models import Quote
from retrieval.quotes.coref import gender_of, is_pronoun
from retrieval.quotes.entities import (
    DESCRIPTION,
    GENDERED_TITLES,
    ORGANISATION,
    PERSON,
    is_name_phrase,
    name_core,
    speaker_id,
)
from retrieval.quotes.names import is_title, speaker_key, tokens, word_matches

SpeakerRow = tuple[str | None, str | None, str | None, str | None, str | None, str | None, int]


@dataclass
class SpeakerEntity:
    """One speaker of the archive: a person, a body, or a described speaker."""

    id: str
    name: str
    kind: str
    affiliation: str | None = None  # the canonical name of whom a description speaks for
    affiliation_id: str | None = None
    aliases: list[str] = field(default_factory=list)  # other ways the archive writes it
    quotes: int = 0
    affiliated_quotes: int = 0  # quotes by descriptions that speak for this entity
    keys: set[str] = field(default_factory=set)  # the article-level speaker ids merged here

    def to_json(self) -> dict:
        return {
            "speaker_id": self.id,
            "name": self.name,
            "kind": self.kind,
            "aliases": self.aliases,
            "quotes": self.quotes,
            "affiliation": self.affiliation,
            "affiliated_quotes": self.affiliated_quotes,
        }


class _Key:
    """What the rows say about one article-level speaker id: counts of each name, kind,
    affiliation, written form and sex (plain dicts: a big archive has 100,000 of these), and
    once every row is counted (`settle`), its name, kind and, for a person, name words."""

    __slots__ = (
        "key",
        "names",
        "kinds",
        "affiliations",
        "written",
        "sexes",
        "quotes",
        "name",
        "kind",
        "core",
        "words",
    )

    def __init__(self, key: str) -> None:
        self.key = key
        self.names: dict[str, int] = {}
        self.kinds: dict[str, int] = {}
        self.affiliations: dict[str, int] = {}
        self.written: dict[str, int] = {}  # speaker and as-written forms
        self.sexes: dict[str, int] = {}
        self.quotes = 0

    def settle(self) -> _Key:
        self.name = _most(self.names) or self.key
        self.kind = _most(self.kinds) or (PERSON if is_name_phrase(self.name) else DESCRIPTION)
        # A person's canonical name is already its core unless a title opens it ("Mr. Obama").
        first = self.name.split(maxsplit=1)[0] if self.name.strip() else ""
        titled = self.kind == PERSON and (is_title(first) or "-" in first)
        self.core = name_core(self.name) if titled else self.name
        # Folded name words, suffixes ("Jr.") left out: "donald j trump".
        words = self.core.casefold().replace(".", " ").replace(",", " ").split()
        self.words = [w for w in words if w not in _SUFFIXES] or words
        return self

    @property
    def sex(self) -> str | None:
        return gender_of(self.name) or _majority_sex(self.sexes)


_SUFFIXES = frozenset({"jr", "sr", "ii", "iii", "iv"})


def _count(counts: dict[str, int], key: str, n: int) -> None:
    counts[key] = counts.get(key, 0) + n


def _majority_sex(sexes: dict[str, int]) -> str | None:
    """A sex said at least three times as often as the other."""
    for sex, other in (("m", "f"), ("f", "m")):
        if sexes.get(sex, 0) >= 1 and sexes.get(sex, 0) >= 3 * sexes.get(other, 0):
            return sex
    return None


def _most(counts: dict[str, int]) -> str | None:
    return min(counts, key=lambda k: (-counts[k], len(k), k)) if counts else None


_PRONOUN_SEX = {"he": "m", "she": "f", "him": "m", "her": "f"}


def _form(written: str) -> tuple[str | None, str | None]:
    """(the form as an alias, or None for a pronoun; the sex it says, if any)."""
    low = written.strip().lower()
    sex = _PRONOUN_SEX.get(low) or gender_of(written)
    return (None if is_pronoun(written) else written.strip()), sex


class SpeakerRegistry:
    """Archive-level speaker entities and the article-level ids each one merges."""

    def __init__(self, rows: Iterable[SpeakerRow]) -> None:
        keys: dict[str, _Key] = {}
        forms: dict[str, tuple[str | None, str | None]] = {}  # written -> (alias, sex)
        for sid, kind, name, affiliation, speaker, written, n in rows:
            sid = sid or (speaker_id(speaker) if speaker else None)
            if not sid:
                continue
            k = keys.get(sid)
            if k is None:
                k = keys[sid] = _Key(sid)
            k.quotes += n
            _count(k.names, name or speaker or sid, n)
            if kind:
                _count(k.kinds, kind, n)
            if affiliation:
                _count(k.affiliations, affiliation, n)
            for form in (speaker, written) if speaker != written else (speaker,):
                if not form:
                    continue
                if form not in forms:
                    forms[form] = _form(form)
                alias, sex = forms[form]
                if alias:
                    _count(k.written, alias, n)
                if sex and form == written:
                    _count(k.sexes, sex, n)
        for k in keys.values():
            k.settle()
        # Whom descriptions speak for are entities too, though they may never be quoted.
        for k in list(keys.values()):
            affiliation = _most(k.affiliations)
            if affiliation and speaker_id(affiliation) not in keys:
                sid = speaker_id(affiliation)
                keys[sid] = _Key(sid)
                keys[sid].names[affiliation] = 1
                keys[sid].kinds[_kind_by_shape(affiliation)] = 1
                keys[sid].settle()
        self._keys = keys
        self.of_key: dict[str, str] = {}  # article-level id -> archive id
        self.entities: dict[str, SpeakerEntity] = {}
        self._merge_people([k for k in keys.values() if k.kind == PERSON])
        for k in keys.values():
            if k.kind == ORGANISATION:
                self._add(speaker_id(k.name), k.name, ORGANISATION, [k])
        self._merge_descriptions([k for k in keys.values() if k.kind == DESCRIPTION])
        for entity in self.entities.values():
            if entity.affiliation_id in self.entities:
                self.entities[entity.affiliation_id].affiliated_quotes += entity.quotes
            written = self._written(entity.id)
            entity.aliases = [w for w, _ in written.most_common() if w != entity.name]

    # -- building ------------------------------------------------------------------------
    def _add(self, sid: str, name: str, kind: str, members: list[_Key]) -> SpeakerEntity:
        entity = self.entities.get(sid)
        if entity is None:
            entity = self.entities[sid] = SpeakerEntity(sid, name, kind)
        for k in members:
            self.of_key[k.key] = sid
            entity.keys.add(k.key)
            entity.quotes += k.quotes
        return entity

    def _written(self, sid: str) -> Counter[str]:
        """Every way the archive writes an entity, with how many quotes write it so."""
        written: Counter[str] = Counter()
        for k in self._members(sid):
            for counts in (k.written, k.names):
                for form, n in counts.items():
                    written[form] += n
        return written

    def _merge_people(self, people: list[_Key]) -> None:
        full: dict[str, list[_Key]] = defaultdict(list)
        lone: list[_Key] = []
        for k in people:
            if len(k.words) >= 2:
                full[k.words[-1]].append(k)
            else:
                lone.append(k)
        clusters: dict[str, list[list[_Key]]] = {}
        for family, names in full.items():
            clusters[family] = _same_people(names)
            for members in clusters[family]:
                # The id of the shortest full name (each key is the slug of its own name).
                shortest = min(members, key=lambda k: (len(k.core), k.core))
                best = max(members, key=lambda k: (k.quotes, -len(k.name)))
                self._add(shortest.key, best.core, PERSON, members)
        for k in lone:
            target = self._one_person(k, clusters.get(k.words[-1] if k.words else "", []))
            if target is not None:
                self._add(target, self.entities[target].name, PERSON, [k])
            else:
                self._add(k.key, k.name, PERSON, [k])

    def _one_person(self, k: _Key, candidates: list[list[_Key]]) -> str | None:
        """The archive id of the one person a lone name can denote, else None."""
        ids = [self.of_key[members[0].key] for members in candidates]
        sex = k.sex
        if sex is not None:
            ids = [i for i in ids if _sex_of(self._members(i)) in {sex, None}]
        if len(ids) == 1:
            return ids[0]
        # "President Obama" is how the archive writes only one of the Obamas; an office says
        # which one in a way "Mr" does not.
        written = {w for w in [*k.written, k.name] if _office_titled(w)}
        same = [i for i in ids if written & set(self._written(i))]
        return same[0] if len(same) == 1 else None

    def _members(self, sid: str) -> list[_Key]:
        return [self._keys[key] for key in self.entities[sid].keys]

    def _merge_descriptions(self, descriptions: list[_Key]) -> None:
        for k in descriptions:
            name = k.name
            affiliation = _most(k.affiliations)
            affiliation_id = None
            if affiliation:
                affiliation_id = self.of_key.get(speaker_id(affiliation))
                if affiliation_id is not None:
                    merged = self.entities[affiliation_id].name
                    name = name.replace(affiliation, merged, 1)
                    affiliation = merged
            entity = self._add(speaker_id(name), name, DESCRIPTION, [k])
            entity.affiliation, entity.affiliation_id = affiliation, affiliation_id

    # -- reading -------------------------------------------------------------------------
    def entity_of(self, key: str | None) -> SpeakerEntity | None:
        """The archive entity of an article-level speaker id."""
        sid = self.of_key.get(key or "")
        return self.entities.get(sid) if sid else None

    def resolve(self, quote: Quote) -> Quote:
        """`quote` with its entity fields as the archive settles them."""
        entity = self.entity_of(quote.speaker_id or speaker_id(quote.speaker or ""))
        if entity is None:
            return quote
        return replace(
            quote,
            speaker_id=entity.id,
            speaker_kind=entity.kind,
            canonical_speaker=entity.name,
            affiliation=entity.affiliation,
        )

    def listing(self) -> list[SpeakerEntity]:
        """Every entity, most quoted first (own quotes, then those of its spokespeople)."""
        return sorted(
            self.entities.values(), key=lambda e: (-e.quotes, -e.affiliated_quotes, e.name)
        )


def _kind_by_shape(name: str) -> str:
    """The kind of a name seen only as an affiliation: a titled or full person-shaped name is
    a person, anything else a body."""
    from retrieval.quotes.persons import is_person_name

    if gender_of(name) is not None or (is_person_name(name) and len(tokens(name_core(name))) >= 2):
        return PERSON
    return ORGANISATION


def _office_titled(name: str) -> bool:
    """'President Obama', 'Sen. Cruz': a name after an office, not only after "Mr"."""
    words = tokens(name)
    return len(words) >= 2 and is_title(words[0]) and words[0].lower() not in GENDERED_TITLES


def _sex_of(members: list[_Key]) -> str | None:
    seen: dict[str, int] = {}
    for k in members:
        for sex, n in k.sexes.items():
            _count(seen, sex, n)
    return _majority_sex(seen)


def _same_people(names: list[_Key]) -> list[list[_Key]]:
    """Full names of one surname grouped by person: the same first name, and the middle names
    of one contained in the other's ("Donald Trump", "Donald J. Trump")."""
    by_first: dict[str, list[_Key]] = defaultdict(list)
    for k in names:
        by_first[k.words[0]].append(k)
    groups: list[list[_Key]] = []
    for same_first in by_first.values():
        if len(same_first) == 1:
            groups.append(same_first)
            continue
        found: list[list[_Key]] = []
        for k in sorted(same_first, key=lambda k: (len(k.words), k.name)):
            for group in found:
                if _compatible(group[0].words, k.words):
                    group.append(k)
                    break
            else:
                found.append([k])
        groups += found
    return groups


def _compatible(a: list[str], b: list[str]) -> bool:
    """Whether the folded name `b` is `a` with more middle names or initials spelt out."""
    if not a or not b or a[0] != b[0] or a[-1] != b[-1]:
        return False
    middle = b[1:-1]
    return all(any(m == w or (len(m) == 1 and w.startswith(m)) for w in middle) for m in a[1:-1])


def denotes(typed: str, entity: SpeakerEntity) -> bool:
    """Whether a name a user typed denotes this entity: every typed word matches a word of its
    name or of a way the archive writes it (typos allowed, as in `speaker_matches`), and for a
    description at least one of its own words ("spokesman"), so "Corbyn" does not denote
    "Spokesman for Jeremy Corbyn"."""
    words = speaker_key(typed).split()
    if not words:
        return False
    own, context = entity_words(entity)
    every = own | context
    if not all(any(word_matches(w, s) for s in every) for w in words):
        return False
    return any(any(word_matches(w, s) for s in own) for w in words)


def entity_words(entity: SpeakerEntity) -> tuple[set[str], set[str]]:
    """(own words, context words) of an entity: a person's or body's words are all its own; a
    description's own words are its role, and the names it mentions are context."""
    from retrieval.quotes.descriptions import parse_description

    forms = [entity.name, *entity.aliases]
    if entity.kind != DESCRIPTION:
        return {w for form in forms for w in speaker_key(form).split()}, set()
    context = set(speaker_key(entity.affiliation or "").split())
    for form in forms:
        mention = parse_description(form).mention
        context.update(speaker_key(mention).split() if mention else ())
    own = {w for form in forms for w in speaker_key(form).split()} - context
    return own, context
