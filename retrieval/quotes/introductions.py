"""Speakers introduced without a cue in the quotation's own sentence.

- Object position before a colon: `The surge doesn't surprise Republican pollster Dana Shaw:
  "..."`. The person named last before the colon speaks, but only a full name with a role or
  title before it counts ("pollster Dana Shaw", "Sen. Ada Bell"), never a name after a
  preposition ("a letter to Ada Bell:"), so a bare mention is not taken for a speaker.
- A cue sentence of its own: `Sam Lau, the party's spokesman, said in a statement.` and then
  the quotation as the next sentence or paragraph: the cue's subject speaks.
- A newsletter's source line: `- More from the report: "..."`: the source named after "from".
- Whose words: `because, in Forbes' words, "..."`, `in the words of one adviser, "..."`.
"""

from __future__ import annotations

import re
from dataclasses import replace

from retrieval.quotes.cues import find_before
from retrieval.quotes.lexicon import TITLES, word_set
from retrieval.quotes.names import NAME_RE, looks_like_name, tokens
from retrieval.quotes.speakers import Found, matched_phrase

ROLE_NOUNS = word_set(
    """pollster strategist analyst spokesman spokeswoman spokesperson adviser advisor aide
    economist professor historian expert lawyer attorney senator congressman congresswoman
    candidate nominee director chairman chairwoman president governor mayor secretary official
    consultant columnist commentator host anchor reporter author founder executive leader
    chief manager activist organizer delegate lawmaker legislator representative sheriff
    prosecutor judge scholar researcher scientist pastor minister ambassador diplomat
    commissioner superintendent treasurer veteran donor fundraiser operative"""
)
_PREPOSITIONS = word_set(
    """to for from with by of at in on about against toward towards than like between among
    and or including"""
)
# After the cue only a short tail: "said in a statement.", "told reporters on Tuesday."
_TAIL_WORDS = 7


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
    if prev in ROLE_NOUNS or (titled and prev and prev not in _PREPOSITIONS):
        role_start = run.start() - len(before[-1]) - 1 if prev in ROLE_NOUNS else run.start()
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


def cue_sentence(sentence: str, base: int) -> Found | None:
    """`Sam Lau, the party's spokesman, said in a statement.`: a sentence that is only a
    speaker and a cue, introducing the quotation that follows it."""
    text = sentence.rstrip()
    if not text.endswith(".") or re.search(r"[\"“”‘’]|''", text):
        return None
    found = find_before(text[:-1], base, partial=False)
    if found is None or found.kind not in {"before"}:
        return None
    rest = text[found.cue_end - base : -1]
    words = re.findall(r"[A-Za-z']+", rest)
    if len(words) > _TAIL_WORDS or "that" in words or rest.strip()[:1] == ",":
        return None
    if words and words[0].lower() not in _PREPOSITIONS | word_set(
        "reporters yesterday today tonight monday tuesday wednesday thursday friday saturday sunday"
    ):
        return None  # "said the plan would fail": reported speech, not an introduction
    return replace(found, kind="adjacent")


# `because, in Forbes' words, "`, `in the words of one adviser, "`: whose words follow.
_WORDS_OF = re.compile(
    r"\bin\s+(?:the\s+words\s+of\s+(?P<of>[^,;:.\"“”]{2,60}?)"
    r"|(?P<own>[A-Z][\w.&-]*(?:\s+[A-Z][\w.&-]*){0,4})['’]s?\s+(?:own\s+)?words)\s*,?\s*$"
)


def words_of(text: str, base: int) -> Found | None:
    """The owner that `text` names in an `in X's words,` phrase right before a quotation."""
    m = _WORDS_OF.search(text)
    if m is None:
        return None
    group = "of" if m.group("of") else "own"
    cue = ("in the words of", base + m.start(), base + m.end())
    return matched_phrase(m, group, base, cue, "before")
