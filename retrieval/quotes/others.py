"""Speakers other than the subject of the cue: the name a relative clause hangs on, the sign
that carries the words, the crowd that chants them, the one by whom the subject was asked,
the named subject of the time clause a participle closes.

`find_before` asks these when a cue's plain subject would be the wrong speaker: in
`support came from Ann Webb, who declared, "` the subject won support and Webb spoke; in
`Lee held up a sign saying "` the sign speaks; in `Lane roused the crowd to chants of "` the
crowd does.
"""

from __future__ import annotations

from retrieval.quotes.lexicon import AUXILIARIES, CLAUSE_WORDS, word_set
from retrieval.quotes.names import is_capitalised, looks_like_name
from retrieval.quotes.speakers import BREAKS, Found, Word, np_ok

__all__ = [
    "crowd_subject",
    "display_object",
    "led_crowd",
    "passive_asker",
    "relative_subject",
    "time_clause_subject",
]


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
    follows the display noun directly or through `which`/`that` (`find_before` asks about
    `that said`, which reads as a noun phrase, only to correct a speaker it found anyway)."""
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


_ASKED = word_set("asked questioned pressed")
_PASSIVE_AUXILIARIES = word_set("was were is are been being")
_CLAUSE_ENDS = {".", ";", ":", "!", "?", '"', "“", "”"}
_APPOSITIVE_WORDS = 20


def passive_asker(words: list[Word]) -> Found | None:
    """`Lee was asked by host Ann Bright, who backs him, "...?"`: the question is the
    agent's, not the subject's. Only when nothing but an appositive follows the agent, so
    the quotation is the question itself and not Lee's answer later in the sentence."""
    for k in range(len(words) - 3, 0, -1):
        if (
            words[k][0] in _ASKED
            and words[k - 1][0].lower() in _PASSIVE_AUXILIARIES
            and words[k + 1][0] == "by"
        ):
            break
    else:
        return None
    start = end = k + 2
    while end < len(words) and words[end][0] not in BREAKS:
        end += 1
    agent = words[start:end]
    if not np_ok(agent):
        return None
    rest = words[end:]
    appositive = (
        len(rest) >= 2
        and rest[0][0] == ","
        and rest[-1][0] == ","
        and len(rest) <= _APPOSITIVE_WORDS
        and not any(w[0] in _CLAUSE_ENDS for w in rest)
    )
    if rest and not appositive and [w[0] for w in rest] not in ([","], [":"]):
        return None
    cue = words[k]
    return Found(agent[0][1], agent[-1][2], cue[0], cue[1], cue[2], "before")


# Participles that report new words; "adding" continues the main subject's own words.
_REMARKS = word_set("remarking saying declaring quipping joking")
_TIME_OPENERS = word_set("when after as while before")
_TIME_CLAUSE_WORDS = 30


def time_clause_subject(
    words: list[Word], idx: int, span: int, kind: str, follows_quote: bool
) -> Found | None:
    """`"Too forced?" Lee tweeted when Ann Ward closed the debate with a movie line,
    remarking, "...`: the participle closes the time clause, so its named subject speaks,
    not the sentence's subject. Only when the main clause is the bare cue of the quotation
    just before it ("Lee tweeted"): its own words are already quoted. Otherwise (`Ames spoke
    after Republicans blocked the bill, saying`) the sentence's subject speaks. A pronoun in
    the clause ("as he defended her, saying") is most often that subject again, so only a
    name counts."""
    if not follows_quote or words[idx][0] not in _REMARKS or words[idx - 1][0] != ",":
        return None
    k = idx - 2
    while k > 0 and idx - k <= _TIME_CLAUSE_WORDS and words[k][0].lower() not in _TIME_OPENERS:
        if words[k][0] in {".", ";", ":", "!", "?"}:
            return None
        k -= 1
    if words[k][0].lower() not in _TIME_OPENERS or not _bare_cue(words[:k]):
        return None
    start = end = k + 1
    while end < idx and is_capitalised(words[end][0]):
        end += 1
    name = words[start:end]
    if not name or end >= idx or not words[end][0].islower():
        return None  # the clause's subject is no name followed by its verb
    if not looks_like_name(" ".join(w[0] for w in name)):
        return None
    cue = words[idx : idx + span]
    return Found(name[0][1], name[-1][2], cue[0][0], cue[0][1], cue[-1][2], kind)


def _bare_cue(main: list[Word]) -> bool:
    """'He tweeted', 'Ann Ward wrote': a subject and its verb, nothing more."""
    if not 2 <= len(main) <= 4 or not main[-1][0].islower():
        return False
    return all(is_capitalised(w[0]) for w in main[:-1])
