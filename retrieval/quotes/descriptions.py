"""Age descriptions that stand for a person the article names: "the 74-year-old comedian",
"the 30-year-old" at a cue are the person the narrative is about, as a "he" or "she" would be.

Only ages: other definite descriptions ("the Florida senator", "the British actor", "the
report") stay as written. Many of them are people the article never names ("the man", "the
official", "the heckler"), and the PolNeAR gold takes every description as its speaker, so
resolving them all cost more there (dev speaker accuracy .954 -> .922) than it gained on BBC
copy; linking them to a person is left to the speaker directory's aliases.
"""

from __future__ import annotations

import re

from retrieval.quotes.lexicon import is_role_word, is_verb_like, word_set
from retrieval.quotes.names import NAME_RE, tokens

__all__ = ["described_person", "description_subject", "tied_name"]

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


# A described person opening a sentence as its subject: "A Labour spokesman denied ...",
# "One dealer, who asked not to be named, told ...", "The Tory leader was asked ...".
_DESCRIPTION_SUBJECT = re.compile(
    r"(?P<desc>(?:[Tt]he|[Aa]n?|[Oo]ne)\s+(?:[\w'’-]+\s+){0,4}?(?P<head>[a-z][\w-]*))"
    r"(?:,[^,.;:!?\"“”]{1,80},)?\s+(?:has\s+|had\s+|was\s+|also\s+|then\s+)?(?P<verb>[a-z]+)\b"
)


def description_subject(head: str) -> tuple[str, str | None] | None:
    """(the description, the sex its noun implies) when `head` opens with a described person
    as its subject, followed by its verb."""
    m = _DESCRIPTION_SUBJECT.match(head)
    if m is None or not is_verb_like(m.group("verb")) or not _person_noun(m.group("head")):
        return None
    words = tokens(m.group("desc"))
    if any(w.lower() in _LINKS for w in words[1:]):
        return None
    noun = m.group("head")
    return m.group("desc"), "f" if noun in _FEMALE else "m" if noun in _MALE else None


def _person_noun(word: str) -> bool:
    return is_role_word(word) or word in _FEMALE or word in _MALE or word in _PEOPLE


# Nouns for people that no role list holds.
_PEOPLE = word_set("source sources insider dealer person figure aide fan voter resident")


def tied_name(text: str, description: str) -> str | None:
    """The name the article writes right after the description's words: "the Tory leader"
    -> "Michael Howard" where it says "Tory leader Michael Howard"."""
    words = tokens(description)
    if len(words) < 2 or words[0].lower() != "the":
        return None
    # Capitalised words may stand between them: "the Green leader", "Green Party leader X".
    phrase = r"\s+(?:[A-Z][\w'’-]*\s+)*".join(re.escape(w) for w in words[1:])
    m = re.search(rf"\b(?i:{phrase})\s+({NAME_RE.pattern})", text)
    return m.group(1) if m else None
