"""Cue and speaker-phrase patterns in the narrative next to a quotation.

Each finder looks at one stretch of narrative (before or after a quotation, inside the same
sentence) and returns where the speaker phrase and the cue sit, or None. They only read words;
deciding who the phrase refers to is coref's job.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from retrieval.quotes.lexicon import (
    AUXILIARIES,
    BACK_STOPS,
    CLAUSE_WORDS,
    NP_STOPS,
    PHRASE_CUES,
    PRONOUNS,
    REPORT_VERBS,
    SPEECH_VERBS,
    word_set,
)
from retrieval.quotes.names import is_capitalised, looks_like_name

# Full stops stay on initials and title abbreviations only, so "said." is the word "said".
_WORD = re.compile(
    r"(?:[A-Z]\.){2,}|[A-Z]\.(?=\s*[A-Z])|(?:Mr|Mrs|Ms|Dr|Sen|Rep|Gov|Gen|Col|Lt|Sgt|Capt|Adm|Jr|Sr"
    r"|St|Prof|Rev|Pres|Sec|Atty|Sens|Reps|Messrs)\.|[\w'’-]+|[^\w\s]"
)
_DETERMINERS = word_set(
    """a an the his her their its one another some many several two three our my"""
)
_QUANTIFIER_PRONOUNS = word_set("some others many one another several both most few")
_PHRASES_BY_FIRST: dict[str, list[list[str]]] = {}
for _phrase in PHRASE_CUES:  # longest first, so "went on to say" wins over "went on"
    _PHRASES_BY_FIRST.setdefault(_phrase.split()[0], []).append(_phrase.split())
_BREAKS = frozenset({",", ";", ":", "(", ")", "—", "–", "-", ".", "!", "?", "[", "]"})
_PUNCT_OPENERS = " \t\n,.;:!?—–-)"


@dataclass(frozen=True)
class Found:
    """A speaker phrase and cue found in the narrative; offsets index into the body."""

    speaker_start: int
    speaker_end: int
    cue: str
    cue_start: int
    cue_end: int
    kind: str  # "after-inverted", "after", "before", "according", "partial", "colon"
    name_start: int | None = None  # a name inside an appositive: "Mook, her manager, said"
    name_end: int | None = None


def _words(text: str, base: int) -> list[tuple[str, int, int]]:
    return [(m.group(), base + m.start(), base + m.end()) for m in _WORD.finditer(text)]


def _is_cue(word: str) -> bool:
    return word.lower() in SPEECH_VERBS


def _phrase_cue_at(words: list[tuple[str, int, int]], i: int) -> int:
    """Number of words of a multi-word cue starting at word i (0 if none)."""
    for parts in _PHRASES_BY_FIRST.get(words[i][0].lower(), ()):
        if len(words) - i >= len(parts) and all(
            words[i + k][0].lower() == p for k, p in enumerate(parts)
        ):
            return len(parts)
    return 0


def _np_ok(words: list[tuple[str, int, int]]) -> bool:
    """A plausible speaker phrase: a name, pronoun, or determiner-led noun phrase."""
    if not words or len(words) > 12:
        return False
    first = words[0][0]
    low = first.lower()
    if any(w[0] in '"“”‘’()[]' for w in words):
        return False
    if low in PRONOUNS:
        return len(words) == 1
    if _clause_at(words) is not None:
        return False
    if low in _DETERMINERS:
        return len(words) >= 2 or low in _QUANTIFIER_PRONOUNS  # "Some chanted", "said one"
    if low in _QUANTIFIER_PRONOUNS:
        return len(words) == 1
    if not is_capitalised(first) and len(words) >= 2:
        # "farmer Gwen Ellis", "former Obama adviser David Axelrod": a role, then a name.
        return is_capitalised(words[-1][0]) and is_capitalised(words[-2][0])
    return is_capitalised(first) and low not in BACK_STOPS


def _clause_at(words: list[tuple[str, int, int]]) -> int | None:
    """Index of the first word that makes a phrase a clause ("Bernstein *held* up a sign")."""
    for k, (w, _, _) in enumerate(words[1:], 1):
        lw = w.lower()
        if w.islower() and (lw in CLAUSE_WORDS or (lw.endswith("ed") and len(lw) > 4)):
            return k
    return None


def _back_np(words: list[tuple[str, int, int]], end: int) -> tuple[int, int] | None:
    """Word indices [i, end) of the subject phrase that ends right before word `end`."""
    j = end
    while j > 0 and words[j - 1][0].lower() in AUXILIARIES:
        j -= 1
    i = j
    while i > 0:
        w = words[i - 1][0]
        if w in _BREAKS or w.lower() in BACK_STOPS:
            break
        if w in {'"', "“", "”", "'", "‘", "’"}:
            break
        i -= 1
        if j - i > 12:
            return None
    # Drop sentence adverbs and prepositional openers left at the front: "Later Trump said".
    while i < j and words[i][0].lower() in {"later", "then", "now", "still", "also", "meanwhile"}:
        i += 1
    # "Mr. McConnell deflected questions before saying": the subject ends at the verb.
    clause = _clause_at(words[i:j])
    if clause is not None:
        j = i + clause
        while j > i and words[j - 1][0].lower() in AUXILIARIES:
            j -= 1
    if i >= j or not _np_ok(words[i:j]):
        return None
    return i, j


def _appositive_name(words: list[tuple[str, int, int]], i: int) -> tuple[int, int] | None:
    """'Robby Mook, Clinton's campaign manager, said': the name before a comma-set appositive."""
    if i < 2 or words[i - 1][0] != ",":
        return None
    k = i - 1
    start = k
    while start > 0 and words[start - 1][0] not in {",", ";", ":", "(", ")", "—"}:
        start -= 1
        if k - start > 6:
            return None
    text_words = words[start:k]
    while text_words and text_words[0][0].lower() in BACK_STOPS | {"in", "on", "at"}:
        text_words = text_words[1:]
    if not text_words:
        return None
    phrase = " ".join(w[0] for w in text_words)
    if looks_like_name(phrase) and len(text_words) <= 5:
        return words.index(text_words[0]), k
    return None


def _is_description(words: list[tuple[str, int, int]]) -> bool:
    phrase = " ".join(w[0] for w in words)
    return not looks_like_name(phrase) or bool(re.fullmatch(r"[RDI]-[A-Z][\w.]*", phrase))


def find_before(text: str, base: int, partial: bool) -> Found | None:
    """Speaker and cue in narrative that ends where the quotation opens.

    `X said: "`, `X told reporters on Monday, "`, `according to X, "`; with `partial` the cue
    may sit earlier in the sentence: `X called on the leader to "`.
    """
    words = _words(text, base)
    if not words:
        return None
    tail = text.rstrip()
    m = re.search(r"according to\s+([^,;:.]{2,80}?)\s*[,:]?\s*$", tail, re.IGNORECASE)
    if m:
        sw = _words(m.group(1), base + m.start(1))
        if _np_ok(sw):
            return Found(
                sw[0][1],
                sw[-1][2],
                "according to",
                base + m.start(),
                base + m.start(1),
                "according",
            )
    verbs = SPEECH_VERBS if not partial else SPEECH_VERBS | REPORT_VERBS
    limit = 12 if not partial else 40
    for idx in range(len(words) - 1, max(-1, len(words) - 1 - limit), -1):
        w = words[idx][0]
        span = _phrase_cue_at(words, idx)
        if not span and w.lower() not in verbs:
            continue
        if idx > 0 and words[idx - 1][0].lower() in {"to", "not", "never", "n't"}:
            continue
        kind = "before" if not partial else "partial"
        found = _subject_for(words, idx, span or 1, kind)
        if found is None and (w.lower().endswith("ing") or _coordinated(words, idx)):
            # "Abedin emailed supporters, telling them, "...", "He laughed and said, "...":
            # the sentence's subject speaks.
            found = _sentence_subject(words, idx, span or 1, kind)
        if found:
            return found
    if not partial and tail.endswith(":"):
        # "Trump on Twitter:" - a name, then a colon.
        np = _back_np(words, len(words) - 1)
        if np and looks_like_name(" ".join(w[0] for w in words[np[0] : np[1]])):
            i, j = np
            return Found(words[i][1], words[j - 1][2], ":", words[-1][1], words[-1][2], "colon")
        # "Trump leaned in and boomed: "...": the sentence's named subject introduces it.
        return _sentence_subject(words, len(words) - 1, 1, "colon")
    return None


def _subject_for(words: list[tuple[str, int, int]], idx: int, span: int, kind: str) -> Found | None:
    np = _back_np(words, idx)
    if np is None:
        return _apposed_subject(words, idx, span, kind)
    i, j = np
    cue_words = words[idx : idx + span]
    cue = " ".join(w[0] for w in cue_words)
    found = Found(words[i][1], words[j - 1][2], cue, cue_words[0][1], cue_words[-1][2], kind)
    if _is_description(words[i:j]):
        app = _appositive_name(words, i)
        if app:
            a, b = app
            return Found(
                words[a][1],
                words[j - 1][2],
                cue,
                found.cue_start,
                found.cue_end,
                kind,
                words[a][1],
                words[b - 1][2],
            )
    return found


def _apposed_subject(
    words: list[tuple[str, int, int]], idx: int, span: int, kind: str
) -> Found | None:
    """'Robby Mook, Clinton's campaign manager, said': the name before the appositive."""
    j = idx
    while j > 0 and words[j - 1][0].lower() in AUXILIARIES:
        j -= 1
    if j < 3 or words[j - 1][0] not in {",", ")"}:
        return None
    openers = {",", "(", "—", "–"} if words[j - 1][0] == "," else {"("}
    k = j - 2
    while k >= 0 and words[k][0] not in openers:
        if words[k][0] in {";", ":", '"', "“", "”"} or j - k > 40:
            return None
        k -= 1
    if k < 1:
        return None
    np = _back_np(words, k)
    inner = words[k + 1 : j - 1]
    if np is None or not looks_like_name(" ".join(w[0] for w in words[np[0] : np[1]])):
        # "The council leader, Ann Webb, said": the name is the appositive itself.
        if inner and len(inner) <= 5 and looks_like_name(" ".join(w[0] for w in inner)):
            start = np[0] if np else k + 1
            cue_words = words[idx : idx + span]
            cue = " ".join(w[0] for w in cue_words)
            return Found(
                words[start][1],
                words[j - 2][2],
                cue,
                cue_words[0][1],
                cue_words[-1][2],
                kind,
                inner[0][1],
                inner[-1][2],
            )
        return None
    i, e = np
    if not looks_like_name(" ".join(w[0] for w in words[i:e])):
        return None
    cue_words = words[idx : idx + span]
    cue = " ".join(w[0] for w in cue_words)
    return Found(
        words[i][1],
        words[j - 2][2],
        cue,
        cue_words[0][1],
        cue_words[-1][2],
        kind,
        words[i][1],
        words[e - 1][2],
    )


_OPENING_ADVERBS = word_set("but and so still then meanwhile also later yet now")
_OPENING_PREPOSITIONS = word_set(
    "in on at after during asked speaking while when before with for as"
)


def _coordinated(words: list[tuple[str, int, int]], idx: int) -> bool:
    """The cue is a second verb of its subject: "shook her head and said", "but told"."""
    j = idx
    while j > 0 and words[j - 1][0].lower() in AUXILIARIES:
        j -= 1
    return j > 0 and words[j - 1][0].lower() in {"and", "but"}


def _sentence_subject(
    words: list[tuple[str, int, int]], idx: int, span: int, kind: str = "partial"
) -> Found | None:
    """The name that opens the sentence: 'Huma Abedin, a campaign aide, emailed ... telling'."""
    k = 0
    while k < idx and words[k][0].lower() in _OPENING_ADVERBS:
        k += 1
    if k < idx and words[k][0].lower() in _OPENING_PREPOSITIONS:
        while k < idx and words[k][0] != ",":
            k += 1
        k += 1
    e = k
    while e < idx and (is_capitalised(words[e][0]) or words[e][0] in {"-"}):
        e += 1
    if k < idx and words[k][0].lower() in {"he", "she", "they"}:
        e = k + 1
    elif e == k or not looks_like_name(" ".join(w[0] for w in words[k:e])):
        return None
    cue_words = words[idx : idx + span]
    cue = " ".join(w[0] for w in cue_words)
    return Found(words[k][1], words[e - 1][2], cue, cue_words[0][1], cue_words[-1][2], kind)


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
    if len(words) > 8 and (not asked or "that" in words):
        return None
    return found


def find_after(text: str, base: int) -> Found | None:
    """Speaker and cue right after a closing mark: `," said X` or `," X said`."""
    m = re.match(r"[\s,.!?—–-]*", text)
    lead = m.end() if m else 0
    if lead == 0 and text[:1] not in _PUNCT_OPENERS:
        return None
    words = _words(text[lead:], base + lead)
    if not words:
        return None
    first = words[0][0]
    span = _phrase_cue_at(words, 0)
    if span or _is_cue(first):
        return _inverted(words, span or 1)
    for idx in range(1, min(len(words), 45)):
        w = words[idx][0]
        span = _phrase_cue_at(words, idx)
        if not span and not _is_cue(w):
            if w in {".", "!", "?", ";", '"', "“", "”"}:
                return None
            continue
        found = _subject_for(words, idx, span or 1, "after")
        # The speaker follows the quotation directly or opens a clause of its own
        # ("..." at the convention, he said), never sits inside another clause.
        if found is None:
            return None
        first = next(k for k, w in enumerate(words) if w[1] == found.speaker_start)
        if first > 0 and words[first - 1][0] != ",":
            return None
        return found
    return None


def _inverted(words: list[tuple[str, int, int]], span: int) -> Found | None:
    cue_words = words[:span]
    k = span
    while k < len(words) and words[k][0].lower() in AUXILIARIES:
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
    np = words[start:k]
    clause = _clause_at(np)
    if clause is not None and not _np_ok(np):
        # "says a source involved in the talks": a participle starts a reduced relative clause.
        np = np[:clause]
    if not _np_ok(np):
        return None
    cue = " ".join(w[0] for w in cue_words)
    found = Found(np[0][1], np[-1][2], cue, cue_words[0][1], cue_words[-1][2], "after-inverted")
    # "said the campaign's spokesman, Jason Miller": prefer the name in apposition.
    if _is_description(np) and k + 1 < len(words) and words[k][0] == ",":
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
