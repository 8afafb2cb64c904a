"""From a speaker phrase at a cue to who it is: a name at its fullest, "he" or "she" to the
person the narrative is about, "it" and "they" to a named body or a group, an age description
to a person; other descriptions as written. Remembers who spoke and who was mentioned as it
goes, so later pronouns can refer back.
"""

from __future__ import annotations

import re

from retrieval.quotes.antecedents import (
    is_body,
    is_work_title,
    sentence_bodies,
    sentence_people,
)
from retrieval.quotes.coref import (
    Entities,
    gender_of,
    is_group_phrase,
    is_pronoun,
    name_in_description,
)
from retrieval.quotes.frames import Sentences
from retrieval.quotes.names import looks_like_name, strip_titles, tokens
from retrieval.quotes.pairs import resolve_pair
from retrieval.quotes.persons import is_person_name
from retrieval.quotes.referring_descriptions import (
    definite_description,
    described_person,
    described_someone,
    owner_of,
    tied_name,
)
from retrieval.quotes.speakers import Found

# A description ("the 74-year-old comedian") refers back at most this many characters.
_DESCRIBED_WINDOW = 1200
# "it" and "they" refer to a named body at most this many characters back.
_BODY_WINDOW = 800
# "the company", "the report" refer to a body named at most this many characters back.
_BODY_DESCRIBED_WINDOW = 2000
# "they" and "the letter" refer to a group that spoke at most this many characters back.
_GROUP_WINDOW = 2000
# A "he" or a description looks back over the subjects of this many characters at most.
_SUBJECTS_BACK = 4000


class Resolver:
    """Turns speaker phrases into names, remembering who spoke and who was mentioned."""

    def __init__(self, body: str, masked: str, sents: Sentences, until: int) -> None:
        """`until`: the last offset a speaker phrase may sit at; no antecedent after it is
        ever needed, so sentences that start after it are not read."""
        self.body = body
        self.masked = masked
        self.entities = Entities.scan(masked)
        self.spans = [span for span in sents.spans if span[0] <= until]
        # (offset, name, gender) of speakers as they are resolved; the sentences' subjects
        # are read only when a pronoun or a description first needs them (most quotations
        # name their speaker).
        self.spoke: list[tuple[int, str, str | None]] = []
        self._subjects: list[tuple[int, str, str | None]] | None = None
        self._read_from = 0
        self.groups: list[tuple[int, str]] = []
        # (offset, name): named bodies that spoke, and (read when needed) that were subjects.
        self.spoke_bodies: list[tuple[int, str]] = []
        self._subject_bodies: list[tuple[int, str]] | None = None

    @property
    def people(self) -> list[tuple[int, str, str | None]]:
        """Sentence subjects and speakers, the people a "he" or "she" may be."""
        return self.people_from(0)

    def people_from(self, at: int) -> list[tuple[int, str, str | None]]:
        """As `people`, when what is needed lies after `at`: sentences that end more than
        `_SUBJECTS_BACK` characters before it are not read (resolution runs in article order,
        so a later need never lies before an earlier one)."""
        start = max(0, at - _SUBJECTS_BACK)
        if self._subjects is None or start < self._read_from:
            spans = [span for span in self.spans if span[1] >= start]
            self._subjects = sentence_people(self.masked, spans, self.entities)
            self._read_from = start
        return self._subjects + self.spoke

    @property
    def bodies(self) -> list[tuple[int, str]]:
        """Named bodies that were subjects or spoke, for a later "it", "they", "the company"."""
        if self._subject_bodies is None:
            self._subject_bodies = sentence_bodies(self.masked, self.spans, self.entities)
        return self._subject_bodies + self.spoke_bodies

    def resolve(self, found: Found) -> tuple[str | None, str, float]:
        """(speaker, as written, confidence factor) for a found speaker phrase."""
        as_written = self.body[found.speaker_start : found.speaker_end]
        at = found.speaker_start
        named = self.body[found.name_start : found.name_end] if found.name_start else as_written
        pair = resolve_pair(named, self.entities.full_name)
        if pair is not None:
            return pair, as_written, 1.0  # joint words: neither one is "he" or "she" later
        if found.name_start is not None and found.name_end is not None:
            name = self.body[found.name_start : found.name_end]
            return self._person(self.entities.full_name(name), name, at), as_written, 1.0
        low = as_written.lower()
        if is_pronoun(as_written):
            if low in {"he", "she"}:
                return self._latest_person(at, "m" if low == "he" else "f"), as_written, 0.85
            if low in {"they", "we"}:
                group = self._latest_group(at) or self._latest_body(at, plural=True)
                if group is not None:
                    self.groups.append((at, group))  # the group is the topic again
                return group, as_written, 0.8
            if low == "it":
                return self._latest_body(at, plural=False), as_written, 0.7
            return None, as_written, 0.5
        described = self._described_as(as_written, at)
        if described is not None:
            return described, as_written, 0.8
        if is_group_phrase(as_written):
            # "the group said in a statement" after "many marchers chanting": a singular body
            # is no plural crowd that spoke before, so it stays as written.
            group = None if _singular_body(as_written) else self._latest_group(at)
            if group is not None:
                self.groups.append((at, group))
            return (group or as_written), as_written, 0.85 if group else 1.0
        if is_work_title(self.body, found.speaker_start):
            return None, as_written, 0.3  # "The star of Night Train and Blue Harbour said"
        if looks_like_name(as_written):
            full = self.entities.full_name(as_written)
            return self._person(full, as_written, at), as_written, 1.0
        inner = _name_before_of(as_written) or name_in_description(
            as_written, self.entities.is_known_person
        )
        if inner:
            return self._person(self.entities.full_name(inner), inner, at), as_written, 0.95
        if _plural_head(as_written):
            self.groups.append((at, as_written))
        else:
            someone, sex = described_someone(as_written)
            if someone:
                # "one dealer, who asked not to be named, told Reuters", "the Ofcom spokesman
                # said": a later "he" is him.
                self.spoke.append((at, as_written, sex))
        return as_written, as_written, 0.9

    def _described_as(self, as_written: str, at: int) -> str | None:
        """ "Jeremy Irons, the British actor" for "the British actor", "Next, the company" for
        "the company": the person or body the narrative is about, with the words the article
        uses at this quote (they say who the speaker is to the reader; the name says who)."""
        kind = definite_description(as_written)
        if kind == "person":
            _, sex = described_person(as_written)
            # "the Tory leader" is whom the article calls "Tory leader Michael Howard";
            # otherwise the person the narrative is about.
            tied = tied_name(self.body, as_written)
            if tied is not None and is_person_name(tied):
                name = self.entities.full_name(tied)
            else:
                name = self._described(at, sex)
        elif kind == "body":
            # "the report" is the World Bank's where the article says "the World Bank report";
            # otherwise the body the narrative is about.
            name = owner_of(self.body[:at], as_written) or self._latest_body(
                at, plural=False, window=_BODY_DESCRIBED_WINDOW
            )
            name = self.entities.body_name(name) if name else None
        else:
            return None
        if name is None:
            return None
        return f"{name}, {as_written[:1].lower()}{as_written[1:]}"

    def _described(self, at: int, sex: str | None) -> str | None:
        """The latest person before `at`, near enough, not of the other sex than `sex`."""
        for offset, name, titled in self._people_before(at):
            if at - offset > _DESCRIBED_WINDOW:
                return None
            known = titled or self.entities.person_sex(name)
            if sex is None or known is None or known == sex:
                return name
        return None

    def _person(self, name: str, as_written: str, at: int) -> str:
        if is_body(name, self.entities):  # "Rover told the BBC": an "it" later, not a "he"
            self.spoke_bodies.append((at, name))
        elif is_person_name(name):  # "Another", "Iowa": never the antecedent of a "he" later
            self.spoke.append((at, name, gender_of(as_written)))
        return name

    def _latest_body(self, at: int, plural: bool, window: int = _BODY_WINDOW) -> str | None:
        """The latest named body before `at`, near enough; for "they", one named in the plural
        ("the Liberal Democrats")."""
        for offset, name in sorted((b for b in self.bodies if b[0] < at), reverse=True):
            if at - offset > window:
                return None
            if not plural or _plural_name(name):
                return name
        return None

    def _latest_person(self, at: int, gender: str) -> str | None:
        """The latest person before `at` who can be a "he" (gender "m") or "she" ("f").

        Sex comes from a title ("Mrs.") or else the pronouns the article uses after the name.
        Past someone of the other sex the pronoun is someone else, so only a person known to
        be of its sex will do ("she" after Mr. Sanders is Mrs. Clinton, not a John Doe whose
        sex the article never says); when there is none, the pronoun stays unresolved.
        """
        skipped = False
        for _, name, titled in self._people_before(at):
            sex = titled or self.entities.person_sex(name)
            if sex == gender or (sex is None and not skipped):
                return name
            skipped = skipped or sex is not None
        return None

    def _people_before(self, at: int) -> list[tuple[int, str, str | None]]:
        """The people mentioned before `at`, latest first (by offset alone: two mentions at one
        offset, one with a sex and one without, must not be compared by it)."""
        people = self.people_from(at)
        return sorted((p for p in people if p[0] < at), key=lambda p: p[0], reverse=True)

    def _latest_group(self, at: int) -> str | None:
        """The latest plural group that spoke before `at`, near enough to be "they" or the
        authors of "the letter"."""
        before = [g for g in self.groups if at - _GROUP_WINDOW < g[0] < at]
        return max(before)[1] if before else None


_NAME_OF = re.compile(r"^(.+?)\s+(?:of|from)\s+(?:the\s+)?[A-Z]")


def _name_before_of(phrase: str) -> str | None:
    """'Archbishop Aris Shirvanian of the Armenian Patriarchate' -> 'Archbishop Aris
    Shirvanian': a name, then the body it belongs to."""
    m = _NAME_OF.match(phrase)
    if m is None or not looks_like_name(m.group(1)) or len(tokens(strip_titles(m.group(1)))) < 2:
        return None
    if not is_person_name(m.group(1)):
        return None  # "White House Chief of Staff Dale Pruitt": an office, then the name
    return m.group(1)


_SINGULAR_BODIES = frozenset({"group", "campaign"})


def _singular_body(phrase: str) -> bool:
    """'the group', 'the rights group', 'the Clinton campaign': one body, not a crowd."""
    words = tokens(phrase)
    return bool(words) and words[-1].lower() in _SINGULAR_BODIES


def _plural_name(name: str) -> bool:
    """'Liberal Democrats', 'the Tories': a body named in the plural."""
    last = tokens(name)[-1:] or [""]
    return last[0].endswith(("s", "S")) and not last[0].endswith(("ss", "us", "'s", "’s"))


def _plural_head(phrase: str) -> bool:
    """'Left-wing supporters of Jeremy Corbyn', 'the activists': a plural group noun heads it."""
    words = tokens(phrase)
    for k, w in enumerate(words):
        if w.lower() in {"of", "for", "from", "in", "at", "with"}:
            words = words[:k]
            break
    return bool(words) and words[-1].islower() and words[-1].endswith("s") and len(words[-1]) > 3
