"""Speech cues next to a quotation: `X said: "`, `," said X`, `according to X`, `"...?" X asked.`

Each finder looks at one stretch of narrative (before or after a quotation, inside the same
sentence) and returns where the cue and its speaker phrase sit, or None. They only read words;
the shape of the speaker phrase is speakers.py's job, who it refers to coref's.
"""

from __future__ import annotations

import re

from retrieval.quotes.colons import colon_object
from retrieval.quotes.headings import dash_byline
from retrieval.quotes.lexicon import (
    AUXILIARIES,
    NON_NAME_WORDS,
    NP_STOPS,
    PHRASE_CUES,
    PRONOUNS,
    REPORT_VERBS,
    SPEECH_VERBS,
    word_set,
)
from retrieval.quotes.names import is_capitalised, looks_like_name
from retrieval.quotes.objects import passive_agent, quoted_object, quoting_at
from retrieval.quotes.others import (
    crowd_subject,
    display_object,
    led_crowd,
    passive_asker,
    relative_subject,
    time_clause_subject,
)
from retrieval.quotes.speakers import (
    Found,
    Word,
    back_np,
    clause_at,
    coordinated,
    is_description,
    np_ok,
    opening_name,
    sentence_subject,
    split_words,
    subject_for,
)
from retrieval.quotes.subjects import (
    ROLE_PLURALS,
    before_subject,
    description_subject,
    long_subject,
    with_subject,
)

__all__ = ["Found", "find_after", "find_after_sentence", "find_before"]

_PHRASES_BY_FIRST: dict[str, list[list[str]]] = {}
for _phrase in PHRASE_CUES:  # longest first, so "went on to say" wins over "went on"
    _PHRASES_BY_FIRST.setdefault(_phrase.split()[0], []).append(_phrase.split())
_PUNCT_OPENERS = " \t\n,.;:!?—–-)"
# A word after these is a noun even when it spells a cue: "the report", "his remarks".
_NOUN_MARKERS = word_set("a an the his her their its our my this that these those any every each")
_OPENING_CUES = frozenset(
    {"Said", "Says", "Added", "Adds", "Asked", "Wrote", "Writes", "Stated", "Explained", "Noted"}
)
# Cues whose next noun phrase is the hearer, not the speaker: ", told CBS News".
_ADDRESSEE_CUES = word_set("tell told tells telling ask asked asks asking assured urged warned")
_PASSIVE = word_set("was were been is are")
# Finite verbs and modals: after one, a noun phrase is a clause's subject, not a speaker.
_FINITE = word_set("is are was were has have had did will would can could should must may might")


def _noun_before(words: list[Word], idx: int) -> bool:
    """The word at idx is a noun, not a verb: "the report", "45 states", "the IG's report"."""
    prev = words[idx - 1][0] if idx > 0 else ""
    return prev.lower() in _NOUN_MARKERS or prev.isdigit() or prev.endswith(("'s", "’s"))


_I_QUOTE = re.compile(r"[,\s]*\b(?:and\s+)?I\s+quote\s*[,:]?\s*\Z")


def _only_apposition(rest: str) -> bool:
    """`Said Dorothy Poynter, who grew up with Ali, "`: after the name, at most an appositive
    or relative clause set off by commas, then the quotation."""
    rest = rest.strip()
    if rest in {",", ":"}:
        return True
    return (
        rest.startswith(",")
        and rest.endswith(",")
        and len(rest.split()) <= 20
        and not re.search(r"[.;:!?\"“”]", rest)
    )


def _after_said(words: list[Word], idx: int) -> bool:
    """A participle cue right after `X said,`: "Spicer said, adding, "...""."""
    return (
        words[idx][0].endswith("ing")
        and idx >= 3
        and words[idx - 1][0] == ","
        and _is_cue(words[idx - 2][0])
        and not _noun_before(words, idx - 2)  # "defended the remark, saying"
        and (is_capitalised(words[idx - 3][0]) or words[idx - 3][0].lower() in PRONOUNS)
    )


# Some copy capitalises the verb of the brand ("Murphy Tweeted on Friday"); no name is spelled so.
_CAPITALISED_CUES = frozenset({"Tweeted", "Tweets"})


def _is_cue(word: str) -> bool:
    # Capitalised mid-sentence, "Post" and "State" are names: "the Washington Post".
    return (word.islower() and word in SPEECH_VERBS) or word in _CAPITALISED_CUES


def _phrase_cue_at(words: list[Word], i: int) -> int:
    """Number of words of a multi-word cue starting at word i (0 if none)."""
    for parts in _PHRASES_BY_FIRST.get(words[i][0].lower(), ()):
        if len(words) - i >= len(parts) and all(
            words[i + k][0].lower() == p for k, p in enumerate(parts)
        ):
            return len(parts)
    return 0


def _subject_infinitive(words: list[Word], idx: int) -> bool:
    """`to say` whose subject is the sentence's: `so far as to say`, `had this to say`, `was
    prompted to say`; not `urged him to say`, where the object would speak."""
    if idx < 3 or words[idx - 1][0].lower() != "to":
        return False
    before = words[idx - 2][0].lower()
    if before in {"as", "this"}:
        return True
    return before.endswith("ed") and words[idx - 3][0].lower() in _PASSIVE


# `the lanky, soft-spoken senator`: two adjectives before the head noun, set off by a comma.
_COORDINATE = re.compile(
    r"\b(?:[Tt]he|[Aa]n?|[Hh]is|[Hh]er|[Tt]heir)\s+([a-z][\w-]*)(,)\s+([a-z0-9][\w-]*)\s+[a-z]"
)
_ADJECTIVE_ENDS = ("ed", "y", "ous", "ful", "ive", "al", "ic", "ish", "less", "ent", "ant")


def _adjective_like(word: str) -> bool:
    return "-" in word or word.endswith(_ADJECTIVE_ENDS)


def _join_coordinate_adjectives(text: str) -> str:
    """`text` with the comma between coordinate adjectives blanked (same length), so the
    phrase `the lanky, soft-spoken senator` reads as one noun phrase."""
    for m in _COORDINATE.finditer(text):
        if _adjective_like(m.group(1)) and _adjective_like(m.group(3)):
            text = text[: m.start(2)] + " " + text[m.end(2) :]
    return text


def find_before(text: str, base: int, partial: bool, follows_quote: bool = False) -> Found | None:
    """Speaker and cue in narrative that ends where the quotation opens.

    `X said: "`, `X told reporters on Monday, "`, `according to X, "`; with `partial` the cue
    may sit earlier in the sentence: `X called on the leader to "`. `follows_quote`: the text
    starts right after an earlier quotation of the sentence, not at the sentence's start.
    """
    text = _join_coordinate_adjectives(text)
    aside = _I_QUOTE.search(text)
    if aside:
        text = text[: aside.start()] + ","  # `Trump said, and I quote, "`: the aside is no cue
    words = _after_dateline(split_words(text, base))
    if not words:
        return None
    tail = text.rstrip()
    m = re.search(r"according to\s+([^,;:.]{2,80}?)\s*[,:]?\s*$", tail, re.IGNORECASE)
    if m:
        sw = split_words(m.group(1), base + m.start(1))
        if np_ok(sw):
            return Found(
                sw[0][1],
                sw[-1][2],
                "according to",
                base + m.start(),
                base + m.start(1),
                "according",
            )
    byline = passive_asker(words) or dash_byline(text, base)
    if byline is not None:
        return byline
    if words[0][0] in _OPENING_CUES:
        # `Said Comey, "...`: the cue opens the sentence and the speaker follows it.
        found = _inverted(words, 1)
        if found is not None and _only_apposition(text[found.speaker_end - base :]):
            return found
    quoted = quoting_at(words, "before" if not partial else "partial")
    if quoted is not None:
        return quoted  # `the paper quoted Mr Chernin as saying: "`
    verbs = SPEECH_VERBS if not partial else SPEECH_VERBS | REPORT_VERBS
    shown: Found | None = None
    limit = 12 if not partial else 40
    for idx in range(len(words) - 1, max(-1, len(words) - 1 - limit), -1):
        w = words[idx][0]
        span = _phrase_cue_at(words, idx)
        led = led_crowd(words, idx, "before" if not partial else "partial")
        if led is not None:
            return led
        if not span and (not w.islower() or w not in verbs):
            continue
        kind = "before" if not partial else "partial"
        if not partial and shown is None and idx > 0 and words[idx - 1][0] in {"that", "which"}:
            # `Lee posted it under a headline that said, "`: "that said" reads as a noun
            # phrase, so the quotation goes to Lee's cue; the words are the headline's.
            # Only a correction: a display alone does not make a quotation.
            shown = display_object(words, idx, span or 1, kind)
        if _noun_before(words, idx):
            continue  # "in a written statement", "the most of any state"
        if _after_said(words, idx):
            continue  # "Ortega said, adding,": the subject of "said" speaks
        if _subject_infinitive(words, idx):
            # "Trump was prompted to say,", "Lee went so far as to say:": the subject speaks,
            # named right before the verb group that ends in the infinitive.
            start = idx - 1
            while start > 0 and words[start - 1][0].islower() and idx - start < 6:
                start -= 1
            kind = "before" if not partial else "partial"
            found = subject_for(words, start, idx - start + (span or 1), kind)
            if found is not None:
                return found
            continue
        if idx > 0 and words[idx - 1][0].lower() in {"to", "not", "never", "n't", "being"}:
            continue  # "came after being asked", "urged him to say": not the subject's words
        if w in _ADDRESSEE_CUES and idx > 0 and words[idx - 1][0].lower() in _PASSIVE:
            continue  # "Trump was asked": someone else asked
        kind = "before" if not partial else "partial"
        agent = passive_agent(words, idx, span or 1, kind)
        if agent is not None:
            return agent  # `were echoed by the playwright Sir Ralph Mead, who called`
        # `held up a sign saying "..."`: the sign's words, not the holder's.
        found = display_object(words, idx, span or 1, kind) or subject_for(
            words, idx, span or 1, kind
        )
        if found is None:
            found = relative_subject(words, idx, span or 1, kind)
        if found is None and w.lower().endswith("ing"):
            # "..., with Trump reportedly yelling:" - the participle's own subject.
            found = with_subject(words, idx, span or 1, kind)
        if found is None:
            found = crowd_subject(words, idx, span or 1, kind)
        if found is None:
            found = time_clause_subject(words, idx, span or 1, kind, follows_quote)
        if found is None and (w.lower().endswith("ing") or coordinated(words, idx)):
            # "Abedin emailed supporters, telling them, "...", "He laughed and said, "...":
            # the sentence's subject speaks.
            found = sentence_subject(words, idx, span or 1, kind)
        if found is None and w.lower().endswith("ing"):
            found = description_subject(words, idx, span or 1, kind)
        if found is None and not partial and w in SPEECH_VERBS:
            found = before_subject(words, idx, span or 1, kind)
        if found:
            return shown or found
    if not partial and tail.endswith(":"):
        introduced = colon_object(text, base)
        if introduced is not None:
            return introduced  # "Manchester City boss Kevin Keegan:" - a role, then the name
        # "Trump on Twitter:" - a name, then a colon.
        np = back_np(words, len(words) - 1)
        if np and looks_like_name(" ".join(w[0] for w in words[np[0] : np[1]])):
            i, j = np
            return Found(words[i][1], words[j - 1][2], ":", words[-1][1], words[-1][2], "colon")
        copular = _copular_subject(words)
        if copular is not None:
            return copular
        # "Trump leaned in and boomed: "...": the sentence's named subject introduces it.
        return sentence_subject(words, len(words) - 1, 1, "colon")
    return None


_COPULAS = word_set("is was are were")


def _copular_subject(words: list[Word]) -> Found | None:
    """`But Fiorina was far less bubbly: "`, `the board was blunt in its findings: "`: a
    named or determined subject, a copula and a short description of how it spoke; the
    subject introduces the quotation (`The reason was simple:` has no determiner-less name
    and is left alone unless its phrase is a name)."""
    cop = next((k for k in range(len(words) - 2, 0, -1) if words[k][0] in _COPULAS), None)
    if cop is None or len(words) - 1 - cop > 6:
        return None
    rest = [w[0] for w in words[cop + 1 : -1]]
    if not rest or not all(w.isalpha() and w.islower() for w in rest) or rest[0] in _NOUN_MARKERS:
        return None
    np = back_np(words, cop)
    if np is None:
        return None
    i, j = np
    phrase = " ".join(w[0] for w in words[i:j])
    if not looks_like_name(phrase) and words[i][0].lower() != "the":
        return None
    if not looks_like_name(phrase) and not any(is_capitalised(w[0]) for w in words[i + 1 : j]):
        return None  # "the answer was simple:" - a described thing, not a named body
    colon = words[-1]
    return Found(words[i][1], words[j - 1][2], ":", colon[1], colon[2], "colon")


def _after_dateline(words: list[Word]) -> list[Word]:
    """`WASHINGTON, Dec. 8 (UPI) — In response...`: the dateline is not the sentence's start."""
    first = words[0][0] if words else ""
    if len(first) < 3 or not first.isupper() or not first.isalpha():
        return words
    for k, w in enumerate(words[:12]):
        if w[0] in {"—", "–"} or (w[0] == "-" and k + 1 < len(words) and words[k + 1][0] == "-"):
            return words[k + 1 :] if w[0] != "-" else words[k + 2 :]
    return words


def find_after_sentence(text: str, base: int, asked: bool = False) -> Found | None:
    """`"...?" Sanders asked.`: a short next sentence that is only a cue and its speaker.

    After a question or exclamation (`asked`) the quotation could not end in a comma, so the
    cue sentence may go on: `"Who do they think they are?" Trump said of Apple in February.`
    """
    found = find_after(text, base)
    if found is None:
        return None
    rest = text[max(found.cue_end, found.speaker_end) - base :]
    clause = re.split(r"[.;!?]", rest, maxsplit=1)[0]
    words = re.findall(r"[A-Za-z']+", clause)
    if "that" in words[:1] or re.search(r"[\"“”]", clause):
        return None
    # `"...?" Trump asked, repeating a charge that he made`: a participle tail, not a new clause.
    participial = asked and re.match(r"\s*,\s*[a-z]+ing\b", rest) is not None
    if len(words) > 8 and (not asked or ("that" in words and not participial)):
        return None
    return found


def find_after(text: str, base: int) -> Found | None:
    """Speaker and cue right after a closing mark: `," said X` or `," X said`."""
    text = _join_coordinate_adjectives(text)
    m = re.match(r"[\s,.!?—–-]*", text)
    lead = m.end() if m else 0
    if lead == 0 and text[:1] not in _PUNCT_OPENERS and not text[:1].isupper():
        return None  # `paranoia,”Clinton said`: a missing space is still a new word
    words = split_words(text[lead:], base + lead)
    if not words:
        return None
    if words[0][0] == "came":
        found = _came_from(text, lead, base)
        if found is not None:
            return found
    if words[0][0] == "according":
        found = _according_after(text, lead, base)
        if found is not None:
            return found
    first = words[0][0]
    span = _phrase_cue_at(words, 0)
    if span or _is_cue(first):
        if not span and first.endswith("ing"):
            return None  # `," saying the city embodied`: a participle has no inverted subject
        return _inverted(words, span or 1)
    for idx in range(1, min(len(words), 45)):
        w = words[idx][0]
        quoted = quoted_object(words, idx, "after")
        if quoted is not None:
            return quoted  # `," the paper quoted Mr Chernin as saying.`
        span = _phrase_cue_at(words, idx)
        if not span and not _is_cue(w):
            if w in {".", "!", "?", ";", '"', "“", "”"}:
                return None
            continue
        if _noun_before(words, idx):
            continue  # "the report", "his remarks": the noun, not the verb
        found = _after_clause(words, idx, span or 1)
        if found is not None:
            return found
        if idx + 1 < len(words) and words[idx + 1][0] == ",":
            return None  # `that would respond, and` - a cue with no speaker ends the search
    return None


# `"...," came shouts from the crowd`, `came the reply from the mayor`: the cue is the noun.
_CAME_FROM = re.compile(
    r"came\s+((?:the\s+|a\s+)?(?:[a-z]+\s+)?(?:shouts?|cries|cry|chants?|calls?|"
    r"reply|replies|response|answer|retort|voice|voices|yells?|screams?))\s+from\s+"
    r"([^,;:.!?\"“”]{2,80}?)\s*(?:[.,;!?]|$)"
)


_PLACE_PARTS = word_set("back front rear side middle corner floor end top bottom")


def _came_from(text: str, lead: int, base: int) -> Found | None:
    """The source of `"...," came the reply from X`; None unless X is a noun phrase."""
    m = _CAME_FROM.match(text[lead:])
    if m is None:
        return None
    sw = split_words(m.group(2), base + lead + m.start(2))
    if not sw or not np_ok(sw) or any(w[0].lower() in _PLACE_PARTS for w in sw[:3]):
        return None  # "from the back of the room": where, not who
    cue = base + lead + m.start(1)
    return Found(sw[0][1], sw[-1][2], m.group(1), cue, base + lead + m.end(1), "after")


def _according_after(text: str, lead: int, base: int) -> Found | None:
    """`"...," according to Judicial Watch.` and `according to a filing by Dave Aronberg`."""
    m = re.match(r"according to\s+([^,;:.!?\"“”]{2,100}?)\s*[.,;]", text[lead:])
    if not m:
        return None
    start = lead + m.start(1)
    phrase = m.group(1)
    by = phrase.rfind(" by ")
    if by >= 0:
        start += by + 4  # the author of the document: "a court filing by Dave Aronberg"
    sw = split_words(text[start : lead + m.end(1)], base + start)
    if not np_ok(sw) or sw[0][0].lower() in {"their", "his", "her", "its", "our", "my"}:
        return None
    return Found(sw[0][1], sw[-1][2], "according to", base + lead, base + lead + 12, "according")


def _after_clause(words: list[Word], idx: int, span: int) -> Found | None:
    """The speaker of a cue found later in the narrative after a quotation."""
    found = opening_name(words, idx, span, "after") or subject_for(words, idx, span, "after")
    if found is not None:
        # The speaker follows the quotation directly or opens a clause of its own
        # ("..." at the convention, he said), never sits inside another clause.
        first = next(k for k, w in enumerate(words) if w[1] == found.speaker_start)
        if first == 0 or words[first - 1][0] == ",":
            return found
        return long_subject(words, idx, span, "after")
    found = long_subject(words, idx, span, "after")
    if found is not None:
        return found
    if words[idx - 1][0] == "," and words[idx][0].lower() not in _ADDRESSEE_CUES:
        # `"...," in sharp contrast to past races, says Dante Scala`: inverted after a comma.
        found = _inverted(words[idx:], span)
        if found is not None and words[idx + span][0].lower() not in NON_NAME_WORDS:
            return found
    return None


_DANGLING = word_set("the a an of for from with at in on to and his her their its")


def _without_dangling(np: list[Word]) -> list[Word]:
    """`wrote the authors of the "Growth Project,"`: a quoted title cut the phrase; keep its
    head, "the authors", rather than a phrase ending in "of the"."""
    k = len(np)
    while k > 1 and np[k - 1][0].lower() in _DANGLING:
        k -= 1
    return np[:k]


def _plural_with_body(words: list[Word], k: int, np: list[Word]) -> list[Word]:
    """`analysts from Citigroup Smith Barney`: a bare plural role and the body it is from."""
    if k + 1 < len(words) and words[k][0] in {"from", "at", "of"}:
        end = k + 1
        while end < len(words) and is_capitalised(words[end][0]):
            end += 1
        if end > k + 1:
            return words[words.index(np[0]) : end]
    return np


def _inverted(words: list[Word], span: int) -> Found | None:
    cue_words = words[:span]
    k = span
    while k < len(words) and words[k][0] in AUXILIARIES:
        k += 1
    start = k
    while k < len(words):
        w = words[k][0]
        if w in {",", ".", ";", ":", "!", "?", "(", "—", "–", '"', "“", "”"}:
            break
        if w.lower() in NP_STOPS and k > start:
            break
        if w.lower() in {"of", "for"} and k > start and is_capitalised(words[k - 1][0]):
            break
        k += 1
    np = _without_dangling(words[start:k])
    clause = clause_at(np)
    if clause is not None and np[clause][0] in _FINITE:
        # `," said the candidate could win Ohio`: a reported clause, not an inverted speaker.
        return None
    if clause is not None and not np_ok(np):
        # "says a source involved in the talks": a participle starts a reduced relative clause.
        np = np[:clause]
    if len(np) == 1 and np[0][0] in ROLE_PLURALS:
        np = _plural_with_body(words, k, np)  # `wrote analysts from Citigroup in a note`
    elif not np_ok(np):
        return None
    cue = " ".join(w[0] for w in cue_words)
    found = Found(np[0][1], np[-1][2], cue, cue_words[0][1], cue_words[-1][2], "after-inverted")
    # "said the campaign's spokesman, Jason Miller": prefer the name in apposition.
    if is_description(np) and k + 1 < len(words) and words[k][0] == ",":
        j = k + 1
        while j < len(words) and is_capitalised(words[j][0]) and j - k <= 4:
            j += 1
        name = words[k + 1 : j]
        ends = j == len(words) or words[j][0] in {",", ".", ";"}
        if name and ends and looks_like_name(" ".join(w[0] for w in name)):
            return Found(
                found.speaker_start,
                name[-1][2],
                cue,
                found.cue_start,
                found.cue_end,
                found.kind,
                name[0][1],
                name[-1][2],
            )
    return found
