"""Speakers in object position: whoever a cue is about speaks, not the cue's subject.

- Quoting: `the paper quoted Mr Chernin as saying`, `the FT quotes a source close to the firm`:
  the one quoted speaks, not the one quoting (`Lee was quoted as saying` is Lee's own words).
- A passive cue with its agent: `were echoed by the playwright Sir Ralph Mead, who called`,
  `was described as "..." by scouts`: the agent speaks, not the subject the words are about.
"""

from __future__ import annotations

import re
from dataclasses import replace

from retrieval.quotes.coref import name_in_description
from retrieval.quotes.lexicon import NP_STOPS, word_set
from retrieval.quotes.speakers import BREAKS, Found, Word, is_description, np_ok, split_words

__all__ = ["agent_after", "passive_agent", "quoted_object", "quoting_at"]

_QUOTING = word_set("quoted quotes quote quoting")
_PASSIVE = word_set("was were is are been being be")
_AS_CUES = word_set("saying telling adding writing")
# Words that end an object or agent phrase besides the usual stops: `by X, who ...`.
_END = NP_STOPS | word_set("as who whose whom and")
_PHRASE_WORDS = 12
_DETERMINERS = word_set("a an the his her their its our my these those this that")


def _phrase(words: list[Word], k: int) -> int:
    """Index just past the noun phrase that starts at word k."""
    end = k
    while end < len(words) and end - k < _PHRASE_WORDS:
        w = words[end][0]
        close_to = w == "to" and words[end - 1][0] == "close"  # "a source close to the firm"
        if w in BREAKS or w in {'"', "“", "”"} or (w.lower() in _END and end > k and not close_to):
            break
        end += 1
    return end


def _found(words: list[Word], start: int, end: int, cue: list[Word], kind: str) -> Found | None:
    np = words[start:end]
    if not np_ok(np) and not _bare_plural(np):
        return None
    text = " ".join(w[0] for w in cue)
    found = Found(np[0][1], np[-1][2], text, cue[-1][1], cue[-1][2], kind)
    if is_description(np):
        phrase = " ".join(w[0] for w in np)
        name = name_in_description(phrase)
        if name and phrase.endswith(name):
            # "the playwright Sir Ralph Mead": the name heads the phrase.
            return replace(found, name_start=np[-1][2] - len(name), name_end=np[-1][2])
    return found


def _bare_plural(np: list[Word]) -> bool:
    """`by scouts`, `by local residents`: people named by a plural noun, no determiner."""
    return 0 < len(np) <= 3 and all(w[0].islower() for w in np) and np[-1][0].endswith("s")


def _passive_before(words: list[Word], idx: int) -> bool:
    j = idx
    while j > 0 and words[j - 1][0].islower() and words[j - 1][0].endswith("ly"):
        j -= 1
    return j > 0 and words[j - 1][0].lower() in _PASSIVE


def quoted_object(words: list[Word], idx: int, kind: str) -> Found | None:
    """The one quoted by an active `quote` at word idx: `quoted Mr Chernin as saying`."""
    if words[idx][0].lower() not in _QUOTING or _passive_before(words, idx):
        return None
    if idx > 0 and words[idx - 1][0].lower() in _DETERMINERS:
        return None  # "his quotes": the noun
    end = _phrase(words, idx + 1)
    cue = words[idx : idx + 1]
    if end + 1 < len(words) and words[end][0] == "as" and words[end + 1][0] in _AS_CUES:
        cue = [words[idx], words[end], words[end + 1]]
    return _found(words, idx + 1, end, cue, kind)


def quoting_at(words: list[Word], kind: str, last: int = 20) -> Found | None:
    """An active `quote` among the last words before a quotation, with the one it quotes."""
    for idx in range(len(words) - 1, max(-1, len(words) - 1 - last), -1):
        found = quoted_object(words, idx, kind)
        if found is not None:
            return found
    return None


def passive_agent(words: list[Word], idx: int, span: int, kind: str) -> Found | None:
    """`were echoed by the playwright Sir Ralph Mead, who ...`: the agent of a passive cue."""
    if not _passive_before(words, idx):
        return None
    k = idx + span
    if k >= len(words) or words[k][0] != "by":
        return None
    return _found(words, k + 1, _phrase(words, k + 1), words[idx : idx + span], kind)


_BY = re.compile(r"\s*,?\s*by\s+")


def agent_after(body: str, found: Found, post: str, base: int) -> Found | None:
    """`was described as "..." by scouts`: the agent after a quotation that a passive cue
    before it introduced (`post` is the narrative after the closing mark, from `base`)."""
    lead = body[max(0, found.cue_start - 30) : found.cue_start]
    if re.search(r"\b(?:was|were|is|are|been|being)\s+(?:[a-z]+ly\s+)?\Z", lead) is None:
        return None
    m = _BY.match(post)
    if m is None:
        return None
    words = split_words(post[m.end() :], base + m.end())
    cue = [(found.cue, found.cue_start, found.cue_end)]
    return _found(words, 0, _phrase(words, 0), cue, found.kind)
