"""Speakers as entities within one article: a kind, a canonical name, an id, an affiliation.

The extractor's `speaker` is a phrase: the fullest name the article gives ("Jeremy Corbyn"), or
a description ("A spokesman for Mr Corbyn", "Left-wing supporters of Jeremy Corbyn"). This layer
says what the phrase denotes:

- `speaker_kind`: "person", "organisation", or "description" (a group or a described speaker);
- `canonical_speaker`: one name for every way the article writes the entity: titles dropped
  ("Sen. Ted Cruz" -> "Ted Cruz"), a surname taken to the full name the article gives, a role
  taken to the person the article says holds it ("the Labour leader" -> "Jeremy Corbyn" after
  "Labour leader Jeremy Corbyn"); a description keeps its words with its mention resolved
  ("A spokesman for Mr Corbyn" -> "Spokesman for Jeremy Corbyn");
- `affiliation`: for a description that speaks or works for someone, that someone's canonical
  name ("Jeremy Corbyn"); supporters or critics of someone have none;
- `speaker_id`: a slug of the canonical name, the same in every article that writes it so.

Across articles `registry.SpeakerRegistry` merges what one article cannot settle ("Mr. Obama"
in an article that never gives his first name).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import replace
from functools import lru_cache

from retrieval.models import Quote
from retrieval.quotes.coref import Entities, is_pronoun, name_in_description
from retrieval.quotes.descriptions import names_holding, parse_description, whole_words
from retrieval.quotes.lexicon import NON_NAME_WORDS, word_set
from retrieval.quotes.names import NAME_RE, is_title, looks_like_name, tokens
from retrieval.quotes.persons import is_person_name, person_core

PERSON, ORGANISATION, DESCRIPTION = "person", "organisation", "description"
KINDS = (PERSON, ORGANISATION, DESCRIPTION)
# Titles that say the sex, and so tell "Mr. Obama" from "Mrs. Obama" when no first name does.
GENDERED_TITLES = word_set("mr mr. mrs mrs. ms ms. miss sir lord lady dame")
# Capitalised office words before a name that `strip_titles` does not know.
_OFFICES = word_set("treasurer chancellor premier secretary-general")
_POSSESSIVE_END = re.compile(r"['’]s?$")


def speaker_id(name: str) -> str:
    """A stable id for a canonical name: 'Jeremy Corbyn' -> 'jeremy-corbyn'."""
    folded = unicodedata.normalize("NFKD", name)
    folded = "".join(c for c in folded if not unicodedata.combining(c)).lower()
    folded = re.sub(r"^the\s+", "", folded.replace("’", "'").replace("'s ", " "))
    return "-".join(re.findall(r"[a-z0-9]+", folded))


def _is_office(word: str) -> bool:
    """'Sen.', 'Vice-President', 'Under-Secretary', 'Treasurer': a title before a name."""
    low = word.lower()
    return is_title(word) or low in _OFFICES or any(is_title(p) for p in low.split("-") if p)


@lru_cache(maxsize=65536)
def name_core(name: str) -> str:
    """A person's name without the titles and job words before it, possessive or comma after:
    'Treasury Under-Secretary John Taylor' -> 'John Taylor', 'Mr Corbyn' -> 'Corbyn'."""
    words = [_POSSESSIVE_END.sub("", w) if w.endswith(("'s", "’s")) else w for w in tokens(name)]
    words = [w.rstrip(",") for w in words if w.rstrip(",")]
    last_office = max((k for k, w in enumerate(words[:-1]) if _is_office(w)), default=-1)
    words = words[last_office + 1 :]
    return person_core(" ".join(words)) if words else name


def _gendered_title(name: str) -> str | None:
    first = tokens(name)[:1]
    return first[0] if first and first[0].lower() in GENDERED_TITLES else None


def lone_name(name: str) -> str:
    """The canonical form of a person known by one name: 'Mr. Obama' keeps the title that
    says the sex; 'President Obama' is 'Obama'."""
    core = name_core(name)
    title = _gendered_title(name)
    return f"{title} {core}" if title else core


# Nouns that name a body, not a person: "the club" is the club the article names.
BODY_NOUNS = word_set(
    """company firm club agency airline bank group ministry department union network newspaper
    paper channel broadcaster carrier maker manufacturer retailer exchange regulator watchdog
    charity organisation organization council commission government body board party team
    side insurer lender supermarket chain operator"""
)
_TRAILING_ADVERBS = re.compile(
    r"(?:\s+(?!(?:family|ally|rally|supply|assembly|monopoly|daily|weekly|monthly|quarterly)\b)"
    r"(?:[a-z]+ly|earlier|later|again|also|too))+$"
)
_ABBREVIATIONS = word_set("jr sr inc ltd co corp bros st dr mr mrs ms")
_PARENTHESES = re.compile(r"\s*\([^()]*\)")


def _trimmed(speaker: str) -> str:
    """The phrase without stray punctuation, a parenthesis ("Rep. Gwen Moore (D-Wis.)"), an
    apposition after a name ("Flynn, a top Trump surrogate,", "Quina Jones, 25,"), a
    sentence's full stop ("Norbert Ore.", not "Biden Jr."), or an adverb it ran on to after a
    name ("Gingrich cynically")."""
    speaker = _PARENTHESES.sub("", speaker).strip(" ,;:-—")
    head, comma, _ = speaker.partition(",")
    if comma and is_name_phrase(head.strip()):
        speaker = head.strip()
    last = speaker.split()[-1] if speaker.split() else ""
    if last.endswith(".") and len(last) > 3 and last[:-1].lower() not in _ABBREVIATIONS:
        speaker = speaker[:-1]
    without = _TRAILING_ADVERBS.sub("", speaker)
    return without if without != speaker and is_name_phrase(without) else speaker


# Lower-case words that may join the words of a body's name: "Department for Transport".
_CONNECTORS = word_set("of for and the on de du da del la le van von & in")
# Those that only a body's name has ("Bank of England"; "Bill de Blasio" is a person).
_BODY_CONNECTORS = word_set("of for and the on & in")


def _bare(phrase: str) -> str:
    """The phrase without a leading "the", a trailing possessive or stray punctuation."""
    phrase = re.sub(r"^(?:the|The)\s+", "", phrase.strip(" ,;:-—"))
    return _POSSESSIVE_END.sub("", phrase) if phrase.endswith(("'s", "’s", "s'")) else phrase


def _capitalised(word: str) -> bool:
    """'Corbyn', 'G7', '3M'; not '17-year-old'."""
    return word[:1].isupper() or (word[:1].isdigit() and not re.search(r"[a-z]", word))


def is_name_phrase(phrase: str) -> bool:
    """Whether a speaker phrase is a name (of a person or a body), not a description: every
    word capitalised but for connectors inside ("Bank of England"), and no office last unless
    a title says whose ("UK Chancellor" is a role; "Mr. King" a man)."""
    words = _bare(phrase).split()
    if not words or is_pronoun(phrase) or not all(_capitalised(w) for w in (words[0], words[-1])):
        return False
    if any(not _capitalised(w) and w.lower() not in _CONNECTORS for w in words):
        return False
    if words[0].lower().strip(",") in NON_NAME_WORDS and len(words) == 1:
        return False
    # "UK Chancellor", "Argentina's President": a body's office (but "Mervyn King" is a man).
    before = words[-2] if len(words) > 1 else ""
    return not (_is_office(words[-1]) and (_acronym(before) or before.endswith(("'s", "’s"))))


class ArticleSpeakers:
    """Resolves the speakers of one article to entities, with what the article says of names."""

    def __init__(
        self, body: str, entities: Entities, pronoun_speakers: frozenset[str] = frozenset()
    ) -> None:
        self.body = body
        self.entities = entities
        # Speakers the article also calls "he" or "she": people, whatever their name looks like.
        self.pronoun_speakers = pronoun_speakers
        self._roles: dict[str, tuple[str, str] | None] = {}
        self._fields: dict[str, dict[str, str | None]] = {}
        self._lowered: str | None = None

    def fields(self, speaker: str | None) -> dict[str, str | None]:
        """The entity fields of a Quote whose speaker phrase is `speaker` (once per phrase)."""
        key = speaker or ""
        if key not in self._fields:
            self._fields[key] = self._resolve(speaker)
        return self._fields[key]

    def _resolve(self, speaker: str | None) -> dict[str, str | None]:
        keys = ("speaker_id", "speaker_kind", "canonical_speaker", "affiliation")
        if not speaker or not speaker.strip():
            return dict.fromkeys(keys)
        speaker = _trimmed(speaker)
        if is_name_phrase(speaker):
            kind, name = self.name(_bare(speaker), speaker in self.pronoun_speakers)
            affiliation = None
        else:
            kind, name, affiliation = self.description(speaker.strip())
        return dict(zip(keys, (speaker_id(name), kind, name, affiliation), strict=True))

    def name(self, name: str, said_he_or_she: bool = False) -> tuple[str, str]:
        """(kind, canonical name) of a name."""
        words = name.split()
        lowered = {w.lower() for w in words}
        # "Mr. Morgan of the Sierra Club": a person, then the body they belong to.
        body_part = re.match(r"^(.+?)\s+(?:of|from|at)\s+(?:the\s+)?[A-Z]", name)
        if body_part and _person_shaped(body_part.group(1)):
            return self.name(body_part.group(1), said_he_or_she)
        # "Breitbart's Joel Pollak": a person of a body's.
        possessed = re.match(r"^.+?['’]s?\s+(.+)$", name)
        if possessed and _person_shaped(possessed.group(1)):
            return self.name(possessed.group(1), said_he_or_she)
        if lowered & _BODY_CONNECTORS or any(_acronym(w) for w in words):
            return ORGANISATION, name
        if not is_person_name(name):
            return ORGANISATION, self._fullest_body(name)
        core = name_core(name)
        if len(tokens(core)) >= 2:
            return PERSON, core
        full = self.entities.full_name(name)
        if len(tokens(name_core(full))) >= 2 and is_person_name(full):
            return PERSON, name_core(full)
        given = self._given_name(core)
        if given is not None:
            # "Melanie" said she ...; "Cairn" after "Cairn Energy" is the company.
            return (PERSON if said_he_or_she else ORGANISATION), given
        if said_he_or_she or self._is_person(name, core):
            return PERSON, lone_name(name)
        if self._common_noun(core):
            return DESCRIPTION, name  # "Analysts said": a common noun opening a sentence
        return ORGANISATION, self._fullest_body(name)

    def _fullest_body(self, name: str) -> str:
        """'Times' -> 'New York Times' when the article names one body ending so."""
        if len(name.split()) != 1:
            return name
        fuller = self.entities.other_names.get(name.lower())
        if fuller and len(fuller) == 1:
            return next(iter(fuller))
        return name

    def _is_person(self, name: str, core: str) -> bool:
        """A single name is a person when the article says so: a title, a pronoun after it or
        a full name ending in it; else it is a body ("Oxfam said", "Police said")."""
        key = core.lower()
        titled_elsewhere = any(
            len(words) > 1 and words[-1] == core and _is_office(words[0])
            for words in (tokens(mention) for _, mention in self.entities.mentions)
        )
        return (
            titled_elsewhere
            or len(tokens(name)) > len(tokens(core))
            or self.entities.is_known_person(core)
            or key in self.entities.surname_genders
            or key in self.entities.title_genders
        )

    def _given_name(self, word: str) -> str | None:
        """The one full name in the article whose first word is `word` ("Melanie")."""
        found = {
            full
            for names in self.entities.full_names.values()
            for full in names
            if tokens(full)[0] == word
        }
        return name_core(found.pop()) if len(found) == 1 else None

    def description(self, phrase: str) -> tuple[str, str, str | None]:
        """(kind, canonical name, affiliation) of a speaker description."""
        person = self._person_in(phrase)
        if person is not None:
            return PERSON, person, None
        first = phrase.split()[:1]
        described = parse_description(phrase, bool(first) and self._capitalised_inside(first[0]))
        held = self._role_holder(described.text) if described.form != "of" else None
        if held is not None:
            return held[0], held[1], None
        if described.mention is None:
            return DESCRIPTION, described.with_mention(""), None
        kind, mention = self.name(_bare(described.mention))
        if described.document:
            return kind, mention, None  # "a statement from Qwest": Qwest's words
        name = described.with_mention(mention)
        return DESCRIPTION, name, mention if described.speaks_for else None

    def _person_in(self, phrase: str) -> str | None:
        """The person a described phrase names as its head: 'aviation analyst Nick Van den
        Brul of BNP Paribas', 'Dr Mike Watts head of exploration'; not 'Trump's tweets'."""
        # The name that ends the description ("Judicial Watch president Tom Fitton") first.
        own = re.split(r"\s+(?:of|at|from|for)\s+", phrase, maxsplit=1)[0]
        named = name_in_description(own, self.entities.is_known_person)
        if named is not None and _person_shaped(named):
            kind, name = self.name(named)
            if kind == PERSON:
                return name
        first = NAME_RE.match(phrase)
        tail = phrase[first.end() :].split() if first else []
        # A name then more than a role noun ("James Hardie chairwoman" is the firm's chairwoman).
        if (
            first
            and len(tail) > 1
            and not first.group().endswith(("'s", "’s"))
            and first.group().split()[0].lower() not in NON_NAME_WORDS
            and _person_shaped(first.group())
        ):
            kind, name = self.name(first.group())
            if kind == PERSON:
                return name
        return None

    def _role_holder(self, text: str) -> tuple[str, str] | None:
        """(kind, name) of the one person or body the article names as holding the role `text`
        describes: "Labour leader" after "Labour leader Jeremy Corbyn"."""
        if text in self._roles:
            return self._roles[text]
        words = text.split()
        head = words[-1].lower() if words else ""
        holders: set[tuple[str, str]] = set()
        # A role of one ("the club", "the Labour leader"), not a group ("the activists").
        if head.isalpha() and head.islower() and not head.endswith("s"):
            for name in names_holding(text, self.body, self.lowered):
                if not looks_like_name(name):
                    continue
                kind, canonical = self.name(name)
                if head in BODY_NOUNS:
                    holders.add((ORGANISATION, _bare(name)))
                elif kind == PERSON:
                    holders.add((kind, canonical))
        found = holders.pop() if len(holders) == 1 else None
        self._roles[text] = found
        return found

    def _common_noun(self, word: str) -> bool:
        """A capitalised word the article never capitalises inside a sentence that is a plural
        ("Demonstrators") or that it also writes in lower case ("Overall")."""
        if self._capitalised_inside(word):
            return False
        return word.endswith("s") or bool(whole_words(word.lower(), self.body))

    def _capitalised_inside(self, word: str) -> bool:
        """Whether `word` is capitalised somewhere other than at a sentence's start."""
        for at, _ in whole_words(word, self.body):
            before = self.body[max(0, at - 3) : at].rstrip()
            if before[-1:].islower() or before[-1:] in {",", ";", ":"}:
                return True
        return False

    @property
    def lowered(self) -> str:
        if self._lowered is None:
            self._lowered = self.body.lower()
        return self._lowered


def _acronym(word: str) -> bool:
    """'IMF', 'M&S', 'BBC': a body ('J.M.' is initials, 'II' an ordinal)."""
    letters = word.replace("&", "")
    if letters in {"II", "III", "IV", "VI", "VII", "VIII", "JR", "SR"}:
        return False
    return ("&" in word or len(letters) >= 2) and letters.isalpha() and letters.isupper()


def _person_shaped(name: str) -> bool:
    """A titled name or two capitalised words at least that may be a person's."""
    name = name.strip(" ,")
    if not is_name_phrase(name) or not is_person_name(name):
        return False
    return _gendered_title(name) is not None or len(tokens(name_core(name))) >= 2


def attach_entities(body: str, quotes: list[Quote], entities: Entities) -> list[Quote]:
    """`quotes` with their speakers' entity fields filled from what the article says."""
    pronouns = frozenset(
        q.speaker
        for q in quotes
        if q.speaker and (q.speaker_as_written or "").strip().lower() in {"he", "she"}
    )
    speakers = ArticleSpeakers(body, entities, pronouns)
    return [replace(q, **speakers.fields(q.speaker)) for q in quotes]
