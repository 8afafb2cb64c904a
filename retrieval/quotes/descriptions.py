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

from retrieval.quotes.lexicon import word_set
from retrieval.quotes.names import tokens

__all__ = ["described_person"]

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
