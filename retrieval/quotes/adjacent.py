"""A quotation standing alone after a sentence about a named person: `Smith was blunt. "We
will not pay."` News copy leaves the cue out when the sentence before has just made its
subject the topic; that subject is the speaker.
"""

from __future__ import annotations

import re

from retrieval.quotes.antecedents import subject_name
from retrieval.quotes.names import looks_like_name
from retrieval.quotes.speakers import Found

# Openers skipped before the subject: "But Smith was blunt", "On Monday, Smith was blunt".
_OPENERS = re.compile(
    r"(?:(?:But|And|Yet|So|Still|Then|Now|Later|Also|Instead|Meanwhile)\s+)?"
    r"(?:(?:On|In|At|After|During|Earlier|Later)\b[^,.;:]{0,40},\s+)?"
)
_PRONOUN = re.compile(r"(?:He|She)\b")
# The subject's verb must follow it: "Smith was", "Smith, a farmer, was" - not "Smith's".
_VERB_AFTER = re.compile(r"\s+(?:[a-z][\w'’-]*|,[^,.;:]{1,60},\s+[a-z][\w'’-]*)")
# Verbs that make the sentence about the person's words or manner, not about events.
_SUBJECT_VERBS = re.compile(
    r"\b(?:was|is|were|had|has|did|does|made|kept|took|went|got|stood|sounded|seemed|appeared|"
    r"struck|offered|gave|spoke|speaks|turned|pushed|pressed|doubled|defended|dismissed|"
    r"rejected|reiterated|insisted|addressed|continued|remained|stayed|expressed|sounded|"
    r"emphasized|stressed|described|explained|wants|wanted|thinks|thought|believes|believed|"
    r"agreed|disagreed|went on|laughed|smiled|paused|shrugged|noted|argued|warned|urged|"
    r"said|says|told|tells|insists|insisted|added|adds|claims|claimed|admitted|admits|"
    r"believes|feels|felt|explained|explains|put)\b"
)


def find_adjacent(sentence: str, base: int) -> Found | None:
    """The named (or he/she) subject of `sentence`, as the speaker of the quotation after it."""
    if not sentence or sentence.rstrip()[-1:] not in {".", "!"}:
        return None
    if any(mark in sentence for mark in '"“”'):
        return None  # the sentence quotes someone itself; the next quotation is not its subject's
    lead = _OPENERS.match(sentence)
    start = lead.end() if lead else 0
    rest = sentence[start:]
    m = _PRONOUN.match(rest)
    if m is not None:
        a, b = m.span()
    else:
        # The name at the head of the subject, behind its roles: "Treasury Secretary John
        # Snow put a brave face on it", "Verroken, a former director, insists".
        found = subject_name(rest)
        if found is None or not looks_like_name(rest[found[0] : found[1]]):
            return None
        a, b = found
    after = rest[b:]
    verb = _VERB_AFTER.match(after)
    if verb is None or not _SUBJECT_VERBS.search(after[: verb.end() + 1]):
        return None
    s, e = base + start + a, base + start + b
    return Found(s, e, "", e, e, "adjacent")
