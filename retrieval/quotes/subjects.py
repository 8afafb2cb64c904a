"""Long speaker phrases between a closing mark and the cue: `"...," the economist Jared
Bernstein, a former adviser in the Obama White House, wrote`.

After a quotation the words up to the cue are nothing but the speaker's phrase, so that phrase
may be longer than anywhere else: two people joined by "and", a role before the name, a title
with its state ("former Gov. Jeb Bush of Florida"), a relative clause ("a White House official
who spoke anonymously said") or an appositive of any length closed by the comma before the cue.
"""

from __future__ import annotations

from retrieval.quotes.coref import name_in_description
from retrieval.quotes.lexicon import AUXILIARIES, CLAUSE_WORDS, NP_STOPS, SPEECH_VERBS, word_set
from retrieval.quotes.names import is_capitalised, looks_like_name
from retrieval.quotes.speakers import Found, Word, np_ok

# Bare plural role nouns that speak without a determiner: `"...," federal prosecutors wrote`.
ROLE_PLURALS = word_set(
    """officials prosecutors aides advisers advisors lawyers attorneys analysts experts critics
    economists strategists investigators researchers organizers organisers protesters
    protestors activists officers leaders sources spokesmen spokeswomen lawmakers legislators
    senators diplomats doctors scientists historians authorities police residents witnesses
    observers pollsters democrats republicans"""
)
_RELATIVES = word_set("who whose")
# Words that open a sentence's lead-in phrase before its subject: "Just last week, ...",
# "Although there is no overlap with his team, ...".
_OPENERS = word_set(
    """just last earlier later on in at after before during while when although though as
    since despite with without because if asked speaking but and so still then meanwhile also
    yet now instead however for from by over under amid among following alongside"""
)
_STOPS = {".", "!", "?", ";", ":", '"', "“", "”", "(", ")"}


def _text(words: list[Word]) -> str:
    return " ".join(w[0] for w in words)


def _head(words: list[Word]) -> list[Word]:
    """The phrase without a trailing "of Florida" / "of Washington's Institute ...": the
    place or body a person belongs to is not part of the head noun phrase."""
    for k in range(1, len(words)):
        if words[k][0] == "of" and is_capitalised(words[k - 1][0]):
            return words[:k]
    return words


def _name_in(words: list[Word]) -> tuple[int, int] | None:
    """Offsets of the name inside a speaker phrase, when there is one."""
    if not words:
        return None
    text = _text(words)
    if looks_like_name(text):
        return words[0][1], words[-1][2]
    inner = name_in_description(text)
    if inner and len(inner.split()) >= 2:
        last = words[-1][2]
        return last - len(inner), last
    return None


def _phrase(words: list[Word]) -> tuple[int, int, tuple[int, int] | None] | None:
    """(start, end, name) of a speaker phrase made of these words, or None."""
    head = _head(words)
    if not head or len(head) > 12:
        return None
    if any(w[0].lower() in NP_STOPS for w in head):
        return None  # "The first incident came during a speech": a clause, not a phrase
    if "and" in (w[0] for w in head):
        # "Edward-Isaac Dovere and Gabriel Debenedetti": two named people speak together.
        k = next(n for n, w in enumerate(head) if w[0] == "and")
        left, right = head[:k], head[k + 1 :]
        names = [_name_in(part) for part in (left, right)]
        if all(names) and looks_like_name(_text(right)):
            first, second = names
            return head[0][1], head[-1][2], (first[0], second[1])  # type: ignore[index]
        if all(w[0].islower() for w in head) and head[-1][0].endswith("s") and len(head) <= 6:
            return head[0][1], head[-1][2], None  # "many marchers and spectators"
        if np_ok(left) and np_ok(right) and _name_in(right) is None and _name_in(left) is None:
            # "the Florida senator and Republican presidential candidate": one person, two roles.
            return head[0][1], head[-1][2], None
        return None
    low = [w[0].lower() for w in head]
    if all(w[0].islower() for w in head) and low[-1] in ROLE_PLURALS and len(head) <= 3:
        return head[0][1], head[-1][2], None  # "federal prosecutors", "police"
    if low[0] in {"this", "these"} and len(head) >= 2:
        return head[0][1], head[-1][2], None  # "this source", "these officials"
    if not np_ok(head):
        return None
    return head[0][1], head[-1][2], _name_in(head)


def long_subject(words: list[Word], idx: int, span: int, kind: str) -> Found | None:
    """The speaker phrase that fills the narrative from the closing mark to the cue at `idx`."""
    j = idx
    while j > 0 and words[j - 1][0] in AUXILIARIES:
        j -= 1
    stretch = words[:j]
    if not stretch or any(w[0] in _STOPS for w in stretch):
        return None
    commas = [k for k, w in enumerate(stretch) if w[0] == ","]
    if commas:
        # The subject, then an appositive closed by the comma right before the cue.
        if commas[-1] != j - 1 or commas[0] == 0:
            return None
        subject = stretch[: commas[0]]
    else:
        subject = stretch
        rel = next((k for k, w in enumerate(stretch) if w[0].lower() in _RELATIVES), None)
        if rel is not None:
            subject = stretch[:rel]  # "a White House official who spoke anonymously said"
    found = _phrase(subject)
    if found is None:
        return None
    start, end, name = found
    if commas and name is None and not _description_appositive(stretch, commas[0]):
        return None
    cue_words = words[idx : idx + span]
    cue = _text(cue_words)
    return Found(
        start,
        end,
        cue,
        cue_words[0][1],
        cue_words[-1][2],
        kind,
        name[0] if name else None,
        name[1] if name else None,
    )


def _description_appositive(stretch: list[Word], comma: int) -> bool:
    """'A Warren adviser, who spoke on condition of anonymity,': a speaker phrase with no
    name takes only a relative clause or a role as its appositive, not any clause."""
    first = stretch[comma + 1][0].lower() if comma + 1 < len(stretch) else ""
    return first in _RELATIVES or first in {"a", "an", "the"}


def before_subject(words: list[Word], idx: int, span: int, kind: str) -> Found | None:
    """`Just last week, J.J. Goldberg, editor at large of The Forward, wrote, "`: the long
    subject of a cue before the quotation, after the sentence's opening phrases."""
    if words[idx][0].endswith("ing"):
        return None  # a participle's subject is the sentence's, not an appositive's head
    k = _skip_openers(words, idx)
    if k is None or k >= idx:
        return None
    found = long_subject(words[k:], idx - k, span, kind)
    if found is None or (found.name_start is None and not _determined(words[k:idx])):
        return None
    return found


def description_subject(words: list[Word], idx: int, span: int, kind: str) -> Found | None:
    """`The mayor's top aide rallied supporters, saying: "`: a described (unnamed) subject
    opening the sentence of a participle cue, ended by its past-tense verb."""
    k = _skip_openers(words, idx)
    if k is not None and k < idx and words[k][0].lower() in {"even", "also"}:
        k += 1  # "even a top GOP strategist said"
    if k is None or k >= idx or words[k][0].lower() not in {"the", "a", "an"}:
        return None
    m = k + 1
    while m < min(idx, k + 10):
        w = words[m][0]
        if w in _STOPS or w == ",":
            return None
        if w.islower() and (w in SPEECH_VERBS or w in CLAUSE_WORDS or w.endswith("ed")):
            break
        m += 1
    else:
        return None
    np = words[k:m]
    if len(np) < 2 or not np_ok(np):
        return None
    cue_words = words[idx : idx + span]
    return Found(np[0][1], np[-1][2], _text(cue_words), cue_words[0][1], cue_words[-1][2], kind)


def _skip_openers(words: list[Word], idx: int) -> int | None:
    """Index of the first word after the sentence's opening phrases ("On Monday, ...")."""
    k = 0
    while k < idx and words[k][0].lower() in _OPENERS:
        comma = next((n for n in range(k, idx) if words[n][0] == ","), None)
        if comma is None or comma - k > 16:
            return None
        k = comma + 1
    return k


def _determined(words: list[Word]) -> bool:
    """A nameless subject before a quotation needs a determiner: "a White House official"."""
    return bool(words) and words[0][0].lower() in {"a", "an", "the", "this", "one"}


def with_subject(words: list[Word], idx: int, span: int, kind: str) -> Found | None:
    """`..., with many marchers chanting "..."`, `with Trump reportedly yelling:`: the noun
    phrase after "with" is the subject of the participle cue, not the sentence's subject."""
    j = idx
    while j > 0 and (words[j - 1][0] in AUXILIARIES or words[j - 1][0].endswith("ly")):
        j -= 1
    k = j - 1
    while k >= 0 and words[k][0].lower() != "with":
        if words[k][0] in _STOPS or words[k][0] == "," or j - k > 7:
            return None
        k -= 1
    if k < 0 or k + 1 >= j:
        return None
    found = _phrase(words[k + 1 : j])
    if found is None:
        return None
    start, end, name = found
    cue_words = words[idx : idx + span]
    return Found(
        start,
        end,
        _text(cue_words),
        cue_words[0][1],
        cue_words[-1][2],
        kind,
        name[0] if name else None,
        name[1] if name else None,
    )
