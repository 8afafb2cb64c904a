"""Questions about what someone said, and the passages that hold that person's words.

"What did Corbyn's spokesman say?", "How did Peter Kenyon respond to ...?", "What was Sanders's
reaction?" name a speaker. The passage that answers holds words that speaker said, so among
close candidates a passage where the speaker is quoted (a quotation the store attributes to
them), or where the text reports them speaking ("Mr Jeffrey said he believed", "said Lockyer"),
outranks one that only mentions them: the open letter's words *to* Corbyn are not Corbyn's.

A speaker is matched forgivingly ("Corbyn", "Mr Corbyn", "Jeremy Corbyn") but by the head of the
phrase: "a spokesman for Mr Corbyn" and "supporters of Jeremy Corbyn" are not Corbyn, while
"Corbyn's spokesman" is the spokesman for Mr Corbyn.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from retrieval.quotes.lexicon import (
    AUXILIARIES,
    GROUP_NOUNS,
    NP_STOPS,
    SPEECH_VERBS,
    TITLES,
    word_set,
)
from retrieval.quotes.names import speaker_key, word_matches

# Verbs a question uses to ask what someone said or how they answered, in the base form that
# follows "did", "does", "will" ("what did X say", "how did X react", "what does X think").
_ASKING_VERBS = (
    "say|ask|tell|claim|argue|respond|react|reply|answer|think|believe|warn|write|predict|insist|"
    "deny|admit|describe|call|make of|promise|suggest|accuse|testify|tweet|announce|explain|"
    "concede|complain|vow|urge|mean|want|propose|recommend|hit back|defend|criticise|criticize|"
    "blame|praise|dismiss|counter|recall|conclude|pledge|fire back|push back|tell"
)
_ASKED = re.compile(
    r"\b(?:what|how|why|when|where)\s+(?:did|does|do|has|have|had|would|will|is|was|were)\s+"
    rf"(?P<who>.+?)\s+(?:(?:first|really|actually|later|then|just|publicly)\s+)?"
    rf"(?P<verb>{_ASKING_VERBS})(?:s|ed|d)?\b",
    re.IGNORECASE,
)
# "Sanders's reaction to", "Clinton's response", "the IAAF's line on".
_POSSESSED = re.compile(
    r"(?P<who>(?:[A-Z][\w.&-]*\s+){0,3}[A-Z][\w.&-]*)['’]s?\s+"
    r"(?:response|reaction|reply|answer|verdict|view|views|line|comments?|remarks?|words|"
    r"statement|warning|message|advice|criticism|explanation|defen[cs]e|position|stance)\b"
)
# A speaker phrase whose head is a role or group attached to a name: "A spokesman for Mr
# Corbyn", "supporters of Jeremy Corbyn", "Corbyn's spokesman".
_OWNED_BY = re.compile(r"^(?P<head>.+?)\s+(?:for|of|from|at|to|with|in)\s+(?P<owner>.+)$")
_OWNER_FIRST = re.compile(r"^(?P<owner>.+?)['’]s?\s+(?P<head>[a-z][\w\s-]*)$")
_DETERMINERS = frozenset({"the", "a", "an", "his", "her", "their", "its"})
# Words just before a name that make it the object of the sentence, not who speaks.
_OBJECT_MARKERS = word_set(
    "of for to with by against on about at from toward towards like than into over"
)
_WORD = re.compile(r"[\w'’.-]+")
# Words and punctuation marks: "said Mr. Fox, who" -> said, Mr, ., Fox, ",", who
_TOKENS = re.compile(r"[\w'’-]+|[^\w\s]")
# Reported speech: the speaker a few words before the verb ("Mr Fox said", "Blackwell also
# wrote") or right after it ("said Mr Fox", "told Ross").
_BEFORE_VERB = 4
# The most tokens a name with its titles takes: "the Rt Hon Sir Iain Duncan Smith MP".
_NAME_TOKENS = 8
_AFTER_VERB = 3


@dataclass(frozen=True)
class Speaker:
    """Who a question asks about: the phrase's head ("Corbyn", "spokesman") and, for a role,
    whose role it is ("Corbyn")."""

    head: str
    owner: str = ""

    @property
    def is_role(self) -> bool:
        """A head in lower case ("spokesman", "campaign") stands for someone else's voice."""
        return not any(w[:1].isupper() for w in self.head.split())


def asked_speaker(query: str) -> Speaker | None:
    """The speaker whose words a question asks for, or None when it asks for no one's."""
    found = _ASKED.search(query)
    who = found.group("who") if found else None
    if who is None and (possessed := _POSSESSED.search(query)):
        who = possessed.group("who")
    if not who:
        return None
    speaker = parse_speaker(who)
    if speaker is None or not speaker_key(speaker.head):
        return None
    # "How did the market react" names no one; "what did the letter ask" names a document or
    # group whose words the store holds as quotations.
    if speaker.is_role and not speaker.owner and not is_group(speaker):
        return None
    return speaker


def is_group(speaker: Speaker) -> bool:
    """A voice named by a document or group noun: "the letter", "the activists"."""
    words = speaker.head.lower().split()
    return speaker.is_role and not speaker.owner and bool(words) and words[-1] in GROUP_NOUNS


# Words that ask for someone's words without saying what about: not content to look for. A
# particular speech act ("ask", "promise", "warn") is content: the passage often repeats it.
_ASKING_WORDS = word_set(
    """say said says saying tell told tells think thinks thought believe believes react reacts
    reacted reaction response respond responds responded reply replied view views line comment
    comments remark remarks make made mean means feel feels"""
)


def without_asking(query: str) -> str:
    """A speaker question's content words: "What did Corbyn say about Syria?" looks for
    Corbyn and Syria, not for "say" (the speaker's own words rarely repeat the verb)."""
    return " ".join(w for w in query.split() if w.lower().strip("?,.!") not in _ASKING_WORDS)


def parse_speaker(phrase: str) -> Speaker | None:
    """The head and owner of a speaker phrase (a question's, or a quotation's speaker)."""
    # "Jeremy Irons, the British actor": what follows a comma says who the head is, not whose.
    words = _WORD.findall(phrase.split(",", 1)[0].strip())
    while words and words[0].lower() in _DETERMINERS:
        words = words[1:]
    if not words:
        return None
    text = " ".join(words)
    if owned := _OWNED_BY.match(text):
        head, owner = owned.group("head"), owned.group("owner")
        if _has_name(owner) and not _has_name(_strip_titles(head)):
            return Speaker(_strip_determiners(head), _strip_determiners(owner))
        if _has_name(head):  # "David Frost of the British Chambers of Commerce"
            return Speaker(_trailing_name(head))
    if owner_first := _OWNER_FIRST.match(text):  # "Corbyn's spokesman"
        return Speaker(owner_first.group("head"), owner_first.group("owner"))
    if "'s " in text or "’s " in text:  # "Sophos's Graham Cluley"
        owner, _, head = re.split(r"(['’]s) ", text, maxsplit=1)
        if _has_name(head):
            return Speaker(_trailing_name(head), owner)
    if not _has_name(text):
        return Speaker(text)
    lowered = [w for w in words if not w[:1].isupper() and w.lower() not in TITLES]
    if lowered:  # "the IAAF spokesman": a role whose owner is the capitalised words
        capitals = " ".join(w for w in words if w[:1].isupper() and w.lower() not in TITLES)
        return Speaker(" ".join(lowered), capitals)
    return Speaker(_trailing_name(text))


def _has_name(text: str) -> bool:
    return any(w[:1].isupper() and w.lower() not in TITLES for w in _WORD.findall(text))


def _strip_titles(text: str) -> str:
    return " ".join(w for w in text.split() if w.lower() not in TITLES)


def _strip_determiners(text: str) -> str:
    words = text.split()
    while words and words[0].lower() in _DETERMINERS:
        words = words[1:]
    return " ".join(words)


def _trailing_name(text: str) -> str:
    """The last run of capitalised words: 'marketing manager Ann Simpson' -> 'Ann Simpson'."""
    words = text.split()
    end = max((i for i, w in enumerate(words) if w[:1].isupper()), default=len(words) - 1)
    start = end
    while start > 0 and words[start - 1][:1].isupper():
        start -= 1
    return " ".join(words[start : end + 1])


@lru_cache(maxsize=4096)
def _parsed_speaker(speaker: str) -> Speaker | None:
    return parse_speaker(speaker)


def speaks_as(asked: Speaker, speaker: str | None) -> bool:
    """Whether a quotation's `speaker` is the one asked about, head to head."""
    if not speaker:
        return False
    said = _parsed_speaker(speaker)
    if said is None or asked.is_role != said.is_role or not same_name(asked.head, said.head):
        return False
    if not asked.owner or not asked.is_role:
        return True
    return same_name(asked.owner, said.owner or speaker)


def speaks_for(asked: Speaker, speaker: str | None) -> bool:
    """Whether a quotation's `speaker` speaks on behalf of the person asked about: "a
    spokesman for Mr Corbyn" or "Corbyn's campaign" for "what did Corbyn say"."""
    if not speaker or asked.is_role:
        return False
    said = _parsed_speaker(speaker)
    return (
        said is not None and said.is_role and bool(said.owner) and same_name(asked.head, said.owner)
    )


def representative(asked: Speaker) -> Speaker | None:
    """The spokesman of the person asked about, whose words stand for theirs in text."""
    return None if asked.is_role else Speaker("spokesman", asked.head)


# One voice, several words: "a spokeswoman for" answers "Corbyn's spokesman".
_ROLE_WORDS = {
    "spokeswoman": "spokesman",
    "spokesperson": "spokesman",
    "spokesmen": "spokesman",
    "spokeswomen": "spokesman",
    "spokespeople": "spokesman",
    "aides": "aide",
    "advisers": "adviser",
    "advisor": "adviser",
    "officials": "official",
}


def _name_words(name: str) -> list[str]:
    return [_ROLE_WORDS.get(w, w) for w in speaker_key(name).split()]


def same_name(asked: str, said: str) -> bool:
    """'Corbyn', 'Mr Corbyn' and 'Jeremy Corbyn' are one name; 'Eric Trump' is not 'Donald
    Trump'. The last words must match (typos allowed), and the first words when both give one."""
    a, s = _name_words(asked), _name_words(said)
    if not a or not s or not word_matches(a[-1], s[-1]):
        return False
    if len(a) > 1 and len(s) > 1:
        return word_matches(a[0], s[0]) or a[0][:1] == s[0][:1] and min(len(a[0]), len(s[0])) == 1
    return True


def reports_speech(asked: Speaker, text: str) -> bool:
    """Whether `text` reports the asked speaker speaking: their name (or, for a role, the role
    with its owner in the sentence) just before a speech verb ("Mr Fox said", "Blackwell also
    wrote") or closing a clause just after one ("said Mr Fox."), and not the object of the
    sentence ("supporters of Corbyn said" is not Corbyn speaking)."""
    target = _target_words(asked)
    if not target or not any(word in text.lower() for word in target):
        return False  # most candidates never name the speaker: no tokenising
    for sentence in _sentences(text):
        if not any(word in sentence.lower() for word in target):
            continue
        tokens = _TOKENS.findall(sentence)
        folded = [_ROLE_WORDS.get(w, w) for w in (_fold_token(t) for t in tokens)]
        if asked.is_role and asked.owner and not _mentions(folded, asked.owner):
            continue
        for i, word in enumerate(folded):
            if word in target and _speaks_at(tokens, i, asked.is_role):
                return True
    return False


def _fold_token(token: str) -> str:
    """A token as `speaker_key` folds a one-word name ("Corbyn's" -> "corbyn"), cheaply."""
    lowered = token.lower()
    for possessive in ("'s", "’s"):
        if lowered.endswith(possessive):
            lowered = lowered[: -len(possessive)]
    return lowered if lowered.isascii() else speaker_key(lowered)


_ABBREVIATION = re.compile(r"\b(?:Mr|Mrs|Ms|Dr|Sen|Rep|Gov|Gen|Lt|Col|St|Prof|Rev|Jr|Sr|[A-Z])\.$")


def _sentences(text: str) -> list[str]:
    """Sentences, not cut after "Mr." or an initial."""
    out: list[str] = []
    for piece in re.split(r"(?<=[.!?:])\s+", text):
        if out and _ABBREVIATION.search(out[-1]):
            out[-1] += " " + piece
        else:
            out.append(piece)
    return out


def _speaks_at(tokens: list[str], i: int, role: bool) -> bool:
    """Whether the name (or role word) at `tokens[i]` is the subject of a speech verb."""
    start = i
    # Back to the start of the name ("Mr Jeremy Corbyn"), never further than a name runs: a
    # passage repeating a name for pages would otherwise walk back from every mention.
    first = max(0, i - _NAME_TOKENS)
    while start > first and (
        tokens[start - 1][:1].isupper() or tokens[start - 1].lower() in TITLES
    ):
        start -= 1
    if start > 0 and tokens[start - 1].lower() in _OBJECT_MARKERS:
        return False
    end = i + 1
    if role and end < len(tokens) and tokens[end].lower() in ("for", "of", "to"):
        end += 1  # "A spokesman for Mr Corbyn said": past the owner to the verb
        last = min(len(tokens), end + _NAME_TOKENS)
        while end < last and (tokens[end][:1].isupper() or tokens[end].lower() in TITLES):
            end += 1
    after = [t.lower() for t in tokens[end : end + _BEFORE_VERB]]
    after = [t for t in after if t not in AUXILIARIES]
    if after and after[0] in SPEECH_VERBS:
        return True
    # Inverted: "..., said Mr Jeffrey." The name must close the clause, or it is the object:
    # "Analysts said Mr Jeffrey was wrong."
    closes = end >= len(tokens) or not tokens[end][:1].isalnum() or tokens[end].lower() in NP_STOPS
    before = [t.lower() for t in tokens[max(0, start - _AFTER_VERB) : start]]
    return closes and any(t in SPEECH_VERBS for t in before)


def _target_words(asked: Speaker) -> set[str]:
    """The folded words that stand for the speaker in text: a surname, or a role word and the
    words that share its voice ("spokeswoman" for "spokesman")."""
    words = _name_words(asked.head)
    if not words:
        return set()
    return {words[-1]} | {k for k, v in _ROLE_WORDS.items() if v == words[-1]}


def _mentions(folded: list[str], owner: str) -> bool:
    wanted = speaker_key(owner).split()
    return bool(wanted) and wanted[-1] in folded
