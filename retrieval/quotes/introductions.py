"""Speakers introduced without a cue in the quotation's own sentence.

- Object position before a colon (`colons.py`).
- A cue sentence of its own: `Sam Lau, the party's spokesman, said in a statement.` and then
  the quotation as the next sentence or paragraph: the cue's subject speaks.
- A newsletter's source line: `- More from the report: "..."`: the source named after "from".
- Whose words: `because, in Forbes' words, "..."`, `in the words of one adviser, "..."`.
"""

from __future__ import annotations

import re
from dataclasses import replace

from retrieval.quotes.colons import PREPOSITIONS
from retrieval.quotes.cues import find_before
from retrieval.quotes.lexicon import word_set
from retrieval.quotes.speakers import Found, matched_phrase

# After the cue only a short tail: "said in a statement.", "told reporters on Tuesday."
_TAIL_WORDS = 7


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
    if words and words[0].lower() not in PREPOSITIONS | word_set(
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
