"""Descriptions that stand for a person or body the article names: "the British actor", "the
74-year-old comedian", "the Warriors chief" at a cue are the person the narrative is about, as a
"he" or "she" would be; "the company", "the report" the body that spoke or acted last.

The speaker is then written "Jeremy Irons, the British actor": the name says who, and the
words the article uses at this quote say who that is to the reader. (PolNeAR's gold takes
every description as written, our BBC gold the name; resolving to the name alone cost PolNeAR
dev speaker accuracy .954 -> .922, keeping the description alone cost the BBC study half.)
Two kinds stay as written: an office alone ("the president", "the senator"), which names its
holder well enough, and people the article may never name ("the man", "the spokesman").

This is extraction: who a description at a cue refers to. What a speaker phrase denotes once
found (its role, whom it mentions or speaks for) is `speaker_descriptions`.
"""

from __future__ import annotations

import re
from functools import lru_cache

from retrieval.quotes.lexicon import is_role_word, is_verb_like, word_set
from retrieval.quotes.names import NAME_RE, is_title, looks_like_name, tokens
from retrieval.quotes.persons import is_person_name

__all__ = [
    "definite_description",
    "described_person",
    "described_someone",
    "is_anonymous",
    "owner_of",
    "description_subject",
    "tied_name",
]

_AGE = re.compile(r"\d{1,3}-year-old\Z")
# Nouns for a person that say which sex the article gives them.
_FEMALE = word_set(
    """actress woman girl mother wife daughter sister queen princess chairwoman spokeswoman
    businesswoman sportswoman comedienne widow grandmother"""
)
_MALE = word_set(
    """actor man boy father husband son brother king prince chairman spokesman businessman
    sportsman widower grandfather"""
)
# Words that tie the description to someone or something else: "the 40-year-old son of".
_LINKS = word_set("of for at from with to in on by who whose which that and or")
_WORDS = 5
# Seats written in capitals: "the Salford MP", "the Labour MEP".
_SEATS = {"MP", "MEP", "MSP", "AM", "MLA"}


def described_person(phrase: str) -> tuple[bool, str | None]:
    """(whether `phrase` is "the" + an age + at most a few words, the sex its noun implies):
    "the 74-year-old comedian", "the 30-year-old", "the 22-year-old Welsh winger"."""
    words = tokens(phrase)
    if not 2 <= len(words) <= _WORDS or words[0].lower() != "the":
        return False, None
    if not any(_AGE.match(w) for w in words[1:]):
        return False, None
    if any(w.lower() in _LINKS or w.endswith(("'s", "’s", "'", "’")) for w in words[1:]):
        return False, None
    head = words[-1].lower()
    sex = "f" if head in _FEMALE else "m" if head in _MALE else None
    return True, sex


# Determiners that open a description of someone: "A Labour spokesman", "One dealer".
_OPENERS = {"the", "a", "an", "one"}
_AUXILIARIES = {"has", "had", "was", "also", "then", "is", "have", "were"}
_STOPS = {",", ".", ";", ":", "!", "?"}
_TOKENS = re.compile(r"[\w'’-]+|[^\w\s]")


def description_subject(head: str) -> tuple[str, str | None] | None:
    """(the description, the sex its noun implies) when `head` opens with a described person
    as its subject, followed by its verb: "A Labour spokesman denied ...", "One dealer, who
    asked not to be named, told ...", "The Tory leader was asked ..."."""
    words = _TOKENS.findall(head[:300])
    if len(words) < 3 or words[0].lower() not in _OPENERS:
        return None
    k = 1
    while k < min(len(words), 7) and words[k] not in _STOPS and not is_verb_like(words[k]):
        k += 1
    if k >= len(words) or words[k] in _STOPS - {","}:
        return None
    end = k  # the description is words[0:end]; an appositive may stand before the verb
    if words[k] == ",":
        close = next((n for n in range(k + 1, min(len(words), k + 25)) if words[n] == ","), None)
        if close is None:
            return None
        k = close + 1
    while k < len(words) and words[k] in _AUXILIARIES:
        k += 1
    if k >= len(words) or not is_verb_like(words[k]) or end < 2:
        return None
    # "A spokesman for the firm": the noun before "for" is who it is.
    cut = next((n for n in range(1, end) if words[n].lower() in _LINKS), end)
    noun = words[cut - 1]
    if cut < 2 or not noun.islower() or not _person_noun(noun):
        return None
    last = words[end - 1]
    description = head[: head.find(last, len(" ".join(words[: end - 1]))) + len(last)]
    return description.strip(), "f" if noun in _FEMALE else "m" if noun in _MALE else None


def _person_noun(word: str) -> bool:
    return is_role_word(word) or word in _FEMALE or word in _MALE or word in _PEOPLE


# Nouns for people that no role list holds.
_PEOPLE = word_set("source sources insider dealer person figure aide fan voter resident")


def tied_name(text: str, description: str) -> str | None:
    """The name the article writes right after the description's words: "the Tory leader"
    -> "Michael Howard" where it says "Tory leader Michael Howard" (capitalised words may
    stand between them: "Green Party leader Tom Ashby" for "the Green leader")."""
    words = tokens(description)
    if len(words) < 2 or words[0].lower() != "the":
        return None
    wanted = [w.lower() for w in words[1:-1]]
    for m in _noun_before_name(words[-1].lower()).finditer(text):
        clause = _CLAUSE_TAIL.search(text, max(0, m.start() - 60), m.start())
        before = _WORDS_BEFORE.findall(clause.group()) if clause else []
        if _in_order(wanted, before):
            name = NAME_RE.match(text, m.end())
            if name is not None:
                return name.group()
    return None


def _in_order(wanted: list[str], words: list[str]) -> bool:
    """Whether `wanted` ends `words` in order, with only capitalised words left out."""
    k = len(words)
    for w in reversed(wanted):
        while k > 0 and words[k - 1].lower() != w:
            if not words[k - 1][:1].isupper():
                return False
            k -= 1
        if k == 0:
            return False
        k -= 1
    return True


@lru_cache(maxsize=512)
def _noun_before_name(noun: str) -> re.Pattern[str]:
    """The noun, any case, right before a capitalised word (a handful of role nouns in all)."""
    return re.compile(rf"\b(?i:{re.escape(noun)})[ \t]+(?=[A-Z])")


_WORDS_BEFORE = re.compile(r"[\w'’-]+")
# The words since the last stop, right before a position.
_CLAUSE_TAIL = re.compile(r"(?:[\w'’-]+[ \t]+)+\Z")


# Nouns for an organisation or what it publishes: "the company", "the report", "the paper".
_BODY_NOUNS = word_set(
    """company firm group organisation organization corporation report paper newspaper bank
    club union watchdog agency ministry department committee charity council body retailer
    insurer airline broadcaster carmaker maker giant regulator government executive board
    team party federation association institute study survey"""
)
# Nouns for people the article may never name: "the man", "the spokesman", "the official".
_ANONYMOUS = word_set(
    """man woman boy girl person people official officials source sources spokesman
    spokeswoman spokesperson insider heckler protester protestor supporter voter resident
    witness moderator narrator organiser organizer member fan customer passenger worker
    employee staff viewer listener reader caller crowd audience"""
)


def definite_description(phrase: str) -> str | None:
    """ "person" for "the British actor", "the Warriors chief"; "body" for "the company", "the
    report"; None for anything else (a name, "the man", "his lawyer", "the head of X")."""
    words = tokens(phrase)
    if not 2 <= len(words) <= _WORDS or words[0].lower() != "the":
        return None
    head = words[-1]
    if head in _SEATS:
        head = head.lower()  # "the Salford MP"
    if not head.islower() or head in _ANONYMOUS:
        return None
    if any(w.lower() in _LINKS or w.endswith(("'s", "’s", "'", "’")) for w in words[1:]):
        return None
    if all(is_title(w) for w in words[1:]):
        return None  # "the president", "the former senator": an office, written as such
    if head in _BODY_NOUNS:
        return "body"
    if _person_noun(head) or any(_AGE.match(w) for w in words[1:]):
        return "person"
    return None


def described_someone(phrase: str) -> tuple[bool, str | None]:
    """(whether `phrase` describes one person, the sex its noun implies): "one trader", "the
    Ofcom spokesman", "a spokesman for the regulator" (the noun before "for" decides)."""
    words = tokens(phrase)
    if len(words) < 2 or words[0].lower() not in {"the", "a", "an", "one"}:
        return False, None
    cut = next((k for k, w in enumerate(words) if w.lower() in _LINKS), len(words))
    head = words[cut - 1]
    if cut < 2 or not head.islower() or not _person_noun(head):
        return False, None
    return True, "f" if head in _FEMALE else "m" if head in _MALE else None


def is_anonymous(phrase: str) -> bool:
    """ "the prime minister's spokesman", "the official": someone the article may never name."""
    words = tokens(phrase)
    cut = next((k for k, w in enumerate(words) if w.lower() in _LINKS), len(words))
    return cut > 0 and words[cut - 1] in _ANONYMOUS


def owner_of(text: str, description: str) -> str | None:
    """The body the article last names right before the description's noun: "the report" ->
    "World Bank" where `text` says "a World Bank report" or "the ADB report"."""
    owner = None
    for m in _noun_pattern(tokens(description)[-1]).finditer(text):
        run = _NAME_BEFORE.search(text, max(0, m.start() - 80), m.start())
        if run is None:
            continue
        name = run.group(1).removeprefix("The ")
        if name and not is_person_name(name) and looks_like_name(name):
            owner = name
    return owner


# A capitalised run, maybe a modifier, ending right where a noun starts: "World Bank ".
_NAME_BEFORE = re.compile(rf"({NAME_RE.pattern})\s+(?:[a-z][\w-]*\s+)?\Z")


@lru_cache(maxsize=256)
def _noun_pattern(noun: str) -> re.Pattern[str]:
    return re.compile(rf"(?<=\s){re.escape(noun)}\b")
