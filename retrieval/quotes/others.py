"""Speakers other than the subject of the cue: the name a relative clause hangs on, the sign
that carries the words, the crowd that chants them.

`find_before` asks these when a cue's plain subject would be the wrong speaker: in
`support came from Ann Webb, who declared, "` the subject won support and Webb spoke; in
`Lee held up a sign saying "` the sign speaks; in `Lane roused the crowd to chants of "` the
crowd does.
"""

from __future__ import annotations

from retrieval.quotes.lexicon import AUXILIARIES, CLAUSE_WORDS, word_set
from retrieval.quotes.names import is_capitalised, looks_like_name
from retrieval.quotes.speakers import BREAKS, Found, Word

__all__ = ["crowd_subject", "display_object", "led_crowd", "relative_subject"]


def relative_subject(words: list[Word], idx: int, span: int, kind: str) -> Found | None:
    """`support came from Ann Webb, who declared on Monday, "`: a cue in a relative clause
    set off after a name is that name's; "who" itself names nobody, and the sentence's
    subject (the one who won the support) did not speak."""
    j = idx
    while j > 0 and (words[j - 1][0] in AUXILIARIES or _adverb(words[j - 1][0])):
        j -= 1  # "who has repeatedly said"
    if j < 3 or words[j - 1][0].lower() != "who":
        return None
    # A name takes no restrictive clause, so `a post from Ann Webb who wrote, "` without the
    # comma is the same aside as with it.
    end = j - 2 if words[j - 2][0] == "," else j - 1
    i = end
    while i > 0 and is_capitalised(words[i - 1][0]) and end - i < 5:
        i -= 1  # the name right before the comma, not the clause it closes
    name = words[i:end]
    if not name or not looks_like_name(" ".join(w[0] for w in name)):
        return None
    cue_words = words[idx : idx + span]
    cue = " ".join(w[0] for w in cue_words)
    who = words[j - 1]
    return Found(
        who[1], who[2], cue, cue_words[0][1], cue_words[-1][2], kind, name[0][1], name[-1][2]
    )


def _adverb(word: str) -> bool:
    return word.islower() and word.endswith("ly") and len(word) > 3


# Things that carry printed words: `held up a sign saying "..."`, `a cap which read "..."`.
_DISPLAYS = word_set(
    """sign signs banner banners placard placards poster posters headline headlines cover
    t-shirt t-shirts shirt shirts hat hats cap caps billboard billboards sticker stickers"""
)
_DISPLAY_CUES = word_set("saying read reads said says")
_DISPLAY_DETERMINERS = word_set("a an the his her their its")


def display_object(words: list[Word], idx: int, span: int, kind: str) -> Found | None:
    """`Lee held up a sign saying "..."`: the words are the sign's, not the holder's. The cue
    follows the display noun directly or through `which` (`that said` reads as a noun phrase
    to the cue finder and is left alone)."""
    if words[idx][0] not in _DISPLAY_CUES:
        return None
    n = idx - 1
    if n >= 1 and words[n][0] in {"that", "which"} and words[idx][0] != "saying":
        n -= 1
    if n < 1 or words[n][0].lower() not in _DISPLAYS:
        return None
    start = n  # back to the determiner: "a Donald Trump campaign hat"
    while start > 0 and n - start < 5 and words[start - 1][0] not in BREAKS:
        start -= 1
        if words[start][0].lower() in _DISPLAY_DETERMINERS:
            break
    if words[start][0].lower() not in _DISPLAY_DETERMINERS:
        return None  # "carrying signs saying": the carriers, as the article presents them
    cue = words[idx : idx + span]
    return Found(words[start][1], words[n][2], cue[0][0], cue[0][1], cue[-1][2], kind)


# Cues a crowd performs, and what opens the clause a crowd is the subject of.
_CROWD_CUES = word_set("chanting shouting yelling screaming")
_CROWD_CLAUSE_OPENERS = word_set("where when while as after which")
_CROWD_LEADS = word_set("about some nearly almost more than over dozens hundreds of the a an many")
_CROWD_HEADS = word_set("crowd audience group throng mob")


def crowd_subject(words: list[Word], idx: int, span: int, kind: str) -> Found | None:
    """`Trump spoke nearby, where about 50 protesters had gathered, chanting "...`: a chant
    after a clause about a crowd is the crowd's, not the sentence subject's."""
    if words[idx][0] not in _CROWD_CUES or idx < 3 or words[idx - 1][0] != ",":
        return None
    k = idx - 2
    while k > 0 and words[k][0].lower() not in _CROWD_CLAUSE_OPENERS:
        if words[k][0] in {".", ";", '"', "“", "”"}:
            return None
        k -= 1
    if words[k][0].lower() not in _CROWD_CLAUSE_OPENERS:
        return None
    start = k = k + 1
    while k < idx and (
        is_capitalised(words[k][0]) or words[k][0].isdigit() or words[k][0].lower() in _CROWD_LEADS
    ):
        k += 1
    # Then the head noun, maybe after adjectives: "about 200 striking drivers".
    end = k
    while end < min(idx, k + 3):
        w = words[end][0]
        if not w.islower() or w in CLAUSE_WORDS or w.endswith("ed"):
            return None
        if w.endswith("s") or w in _CROWD_HEADS:
            break
        end += 1
    else:
        return None
    k = end
    cue = words[idx : idx + span]
    return Found(words[start][1], words[k][2], cue[0][0], cue[0][1], cue[-1][2], kind)


# What a crowd is stirred to: `roused the crowd to chants of "`, `got them to cheer for "`.
_LED_CUES = word_set("chant chants chanting cheer cheers cheering shout shouts shouting")
_LED_HEADS = _CROWD_HEADS | word_set("crowds audiences supporters fans delegates protesters")
_LED_PREPOSITIONS = word_set("to in into")


def led_crowd(words: list[Word], idx: int, kind: str) -> Found | None:
    """`Lane roused the crowd to spontaneous chants of "...`, `led the audience in chants of`:
    the crowd the subject stirred does the chanting, not the subject who stirred it."""
    if words[idx][0] not in _LED_CUES:
        return None
    k = idx - 1
    while k > 0 and idx - k <= 4 and words[k][0] not in _LED_PREPOSITIONS:
        if not words[k][0].islower():
            return None  # a clause break or a name: no longer the stirred crowd's act
        k -= 1
    if k < 2 or words[k][0] not in _LED_PREPOSITIONS:
        return None
    head, det = words[k - 1], words[k - 2]
    if head[0].lower() not in _LED_HEADS or det[0].lower() not in _DISPLAY_DETERMINERS:
        return None
    cue = words[idx]
    return Found(det[1], head[2], cue[0], cue[1], cue[2], kind)
