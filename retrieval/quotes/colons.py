"""A role and a name before a colon introduce the quotation after it: `The surge doesn't
surprise Republican pollster Dana Shaw: "..."`, `- Manchester City boss Kevin Keegan: "..."`.
The person named last before the colon speaks, but only a full name with a role or title before
it counts ("pollster Dana Shaw", "Sen. Ada Bell"), never a name after a preposition ("a letter
to Ada Bell:"), so a bare mention is not taken for a speaker.
"""

from __future__ import annotations

from retrieval.quotes.lexicon import TITLES, is_role_word, word_set
from retrieval.quotes.names import NAME_RE, looks_like_name, tokens
from retrieval.quotes.speakers import Found

ROLE_NOUNS = word_set(
    """pollster strategist analyst spokesman spokeswoman spokesperson adviser advisor aide
    economist professor historian expert lawyer attorney senator congressman congresswoman
    candidate nominee director chairman chairwoman president governor mayor secretary official
    consultant columnist commentator host anchor reporter author founder executive leader
    chief manager activist organizer delegate lawmaker legislator representative sheriff
    prosecutor judge scholar researcher scientist pastor minister ambassador diplomat
    commissioner superintendent treasurer veteran donor fundraiser operative"""
)
PREPOSITIONS = word_set(
    """to for from with by of at in on about against toward towards than like between among
    and or including"""
)


def colon_object(text: str, base: int) -> Found | None:
    """The role-and-name phrase that ends `text` right before its colon, or None."""
    tail = text.rstrip()
    if not tail.endswith(":"):
        return None
    lead = tail[:-1].rstrip()
    runs = list(NAME_RE.finditer(lead))
    if not runs or runs[-1].end() != len(lead):
        return None
    run = runs[-1]
    name = run.group()
    parts = [t for t in tokens(name) if t.lower() not in TITLES]
    if len(parts) < 2 or not looks_like_name(name):
        return None
    before = lead[: run.start()].split()
    prev = before[-1].lower() if before else ""
    titled = len(parts) < len(tokens(name))
    role = prev in ROLE_NOUNS or (bool(before) and before[-1].islower() and is_role_word(prev))
    if role or (titled and prev and prev not in PREPOSITIONS):
        role_start = run.start() - len(before[-1]) - 1 if role else run.start()
        return Found(
            base + max(0, role_start),
            base + run.end(),
            ":",
            base + len(lead),
            base + len(lead) + 1,
            "colon",
            base + run.start(),
            base + run.end(),
        )
    return None
