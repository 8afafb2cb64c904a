"""Speaker noun phrases in the narrative next to a quotation, read as a list of words.

A phrase is a name, a pronoun or a determiner-led noun phrase, maybe with an appositive
("Robby Mook, Clinton's campaign manager,"). These helpers find where such a phrase sits
relative to a cue word; cues.py decides where the cue is, coref.py who the phrase refers to.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from retrieval.quotes.lexicon import (
    AUXILIARIES,
    BACK_STOPS,
    CLAUSE_WORDS,
    NON_NAME_WORDS,
    PRONOUNS,
    TIME_LEADS,
    TIME_WORDS,
    word_set,
)
from retrieval.quotes.names import is_capitalised, is_particle, looks_like_name

Word = tuple[str, int, int]  # (text, start, end) with offsets into the body

# Full stops stay on initials and abbreviations only, so "said." is the word "said" but
# "Sen. Marco Rubio (R-Fla.) said" and "Mitch McConnell, R-Ky., said" read as one clause;
# so do hyphenated initialisms ("the A.F.L.-C.I.O.") and web addresses ("founded vox.com").
_STATES = (
    r"Ala|Ariz|Ark|Calif|Colo|Conn|Del|Fla|Ga|Ill|Ind|Kan|Kans|Ky|La|Md|Mass|Mich|Minn|Miss|Mo"
    r"|Mont|Neb|Nev|Okla|Ore|Pa|Penn|Tenn|Tex|Va|Vt|Wash|Wis|Wyo"
)
_WORD = re.compile(
    rf"(?:[DRI]-)?(?:(?:[A-Z]\.){{2,}}(?:-(?:[A-Z]\.)+)*|(?:{_STATES})\.)"
    r"|[\w-]+(?:\.[\w-]+)*\.(?:com|org|net|gov|edu)\b"
    r"|[A-Z]\.(?=\s*[A-Z])|(?:Mr|Mrs|Ms|Dr|Sen|Rep|Gov|Gen|Col|Lt|Sgt|Capt|Adm|Jr|Sr"
    r"|St|Prof|Rev|Pres|Sec|Atty|Sens|Reps|Messrs|Jan|Feb|Aug|Sept|Oct|Nov|Dec)\.(?=[\s,])"
    r"|[\w'’-]+|[^\w\s]"
)
_DETERMINERS = word_set(
    """a an the his her their its one another some many several two three our my"""
)
_QUANTIFIER_PRONOUNS = word_set("some others many one another several both most few")
BREAKS = frozenset({",", ";", ":", "(", ")", "—", "–", "-", ".", "!", "?", "[", "]"})


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


def split_words(text: str, base: int) -> list[Word]:
    return [(m.group(), base + m.start(), base + m.end()) for m in _WORD.finditer(text)]


def matched_phrase(
    m: re.Match[str], group: str, base: int, cue: tuple[str, int, int], kind: str
) -> Found | None:
    """The speaker phrase a pattern captured in `group` (offsets from `base`), with its cue
    (text, start, end), or None when the capture is no plausible speaker phrase."""
    words = split_words(m.group(group), base + m.start(group))
    if not np_ok(words):
        return None
    return Found(words[0][1], words[-1][2], cue[0], cue[1], cue[2], kind)


def np_ok(words: list[Word]) -> bool:
    """A plausible speaker phrase: a name, pronoun, or determiner-led noun phrase."""
    if not words or len(words) > 12:
        return False
    first = words[0][0]
    low = first.lower()
    if any(w[0] in '"“”‘’()[]' for w in words):
        return False
    if low in PRONOUNS:
        return len(words) == 1
    if clause_at(words) is not None:
        return False
    if low in _DETERMINERS:
        return len(words) >= 2 or low in _QUANTIFIER_PRONOUNS  # "Some chanted", "said one"
    if low in _QUANTIFIER_PRONOUNS:
        return len(words) == 1
    if low in NON_NAME_WORDS:
        return False  # "There", "Back in 1999", "Ever since": openers, not speakers
    if not is_capitalised(first) and len(words) >= 2:
        # "farmer Gwen Ellis", "former Obama adviser David Axelrod": a role, then a name;
        # "warm-and-fuzzy Trump": a hyphenated epithet, then a name.
        if len(words) == 2 and "-" in first and is_capitalised(words[1][0]):
            return True
        if is_particle(first) and all(is_capitalised(w[0]) for w in words[1:]):
            return True  # "de Blasio said": the surname opens with its lower-case particle
        return is_capitalised(words[-1][0]) and is_capitalised(words[-2][0])
    return is_capitalised(first) and low not in BACK_STOPS


def clause_at(words: list[Word]) -> int | None:
    """Index of the first word that makes a phrase a clause ("Bernstein *held* up a sign")."""
    for k, (w, _, _) in enumerate(words[1:], 1):
        lw = w.lower()
        if lw.endswith("ed") and words[k - 1][0].lower() in _DETERMINERS:
            continue  # "A flabbergasted Noah", "the retired general": an adjective
        if w.islower() and (lw in CLAUSE_WORDS or (lw.endswith("ed") and len(lw) > 4)):
            return k
    return None


_SUBJECT_PRONOUNS = word_set("he she they we it i")
# Sentence adverbs left at the front of a subject: "Later Trump said", "Yet another said".
_SENTENCE_ADVERBS = word_set("later then now still also meanwhile yet")


def back_np(words: list[Word], end: int) -> tuple[int, int] | None:
    """Word indices [i, end) of the subject phrase that ends right before word `end`."""
    j = end
    while j > 0 and words[j - 1][0] in AUXILIARIES:
        j -= 1
    i = j
    while i > 0:
        w = words[i - 1][0]
        if w in BREAKS or w.lower() in BACK_STOPS:
            break
        if w in {'"', "“", "”", "'", "‘", "’"}:
            break
        i -= 1
        if j - i > 12:
            return None
    while i < j and words[i][0].lower() in _SENTENCE_ADVERBS:
        i += 1
    if j - i > 1 and words[j - 1][0].lower() in _SUBJECT_PRONOUNS:
        i = j - 1  # "At the bottom it reads", "Later that night he said": an opener, no comma
    if j - i > 2 and [w[0].lower() for w in words[i : i + 2]] == ["no", "wonder"]:
        i += 2  # "No wonder Trump said"
    # "Mr. McConnell deflected questions before saying": the subject ends at the verb.
    clause = clause_at(words[i:j])
    if clause is not None:
        j = i + clause
        while j > i and words[j - 1][0] in AUXILIARIES:
            j -= 1
    j = i + _without_time_phrase(words[i:j])
    if i < j and not np_ok(words[i:j]):
        i = _inner_subject(words, i, j)
    if i >= j or not np_ok(words[i:j]):
        return None
    return _paired(words, i, j), j


def _paired(words: list[Word], i: int, j: int) -> int:
    """`Obama and Clinton call them`: two names joined by "and" are one speaker phrase."""
    if i < 2 or words[i - 1][0] != "and" or not looks_like_name(_text(words[i:j])):
        return i
    k = i - 1
    while k > 0 and is_capitalised(words[k - 1][0]) and i - 1 - k < 4:
        k -= 1
    left = _text(words[k : i - 1])
    if k == i - 1 or not looks_like_name(left) or (k > 0 and words[k - 1][0] not in BREAKS):
        return i  # "met Ann Lee and Bo Park said": the first name is no subject
    return k


_RELATIVE_TIME_NOUNS = word_set("point time moment stage juncture")
_ARTICLES = word_set("the a an")


def _inner_subject(words: list[Word], i: int, j: int) -> int:
    """`at which point the crowd chanted`, `by which time the host said`: the stretch back to
    the relative word opens with the time noun of its own clause, so the subject is the
    determiner phrase after that noun."""
    if i < 1 or j - i < 3 or words[i - 1][0].lower() != "which":
        return i
    if words[i][0].lower() in _RELATIVE_TIME_NOUNS and words[i + 1][0].lower() in _ARTICLES:
        return i + 1
    return i


def _without_time_phrase(words: list[Word]) -> int:
    """Length of the phrase once a trailing time phrase is cut: "Priebus later Thursday"."""
    n = len(words)
    if n < 2 or words[-1][0].lower() not in TIME_WORDS:
        return n
    n -= 1
    while n > 1 and words[n - 1][0].lower() in TIME_LEADS | TIME_WORDS:
        n -= 1
    return n


def _appositive_name(words: list[Word], i: int) -> tuple[int, int] | None:
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
    if text_words[-1][0].lower() in TIME_WORDS:
        return None  # "in Hudson, New Hampshire Monday, the supporter said": place and day
    phrase = " ".join(w[0] for w in text_words)
    if looks_like_name(phrase) and len(text_words) <= 5:
        return words.index(text_words[0]), k
    return None


def is_description(words: list[Word]) -> bool:
    phrase = " ".join(w[0] for w in words)
    return not looks_like_name(phrase) or bool(re.fullmatch(r"[RDI]-[A-Z][\w.]*", phrase))


def subject_for(words: list[Word], idx: int, span: int, kind: str) -> Found | None:
    np = back_np(words, idx)
    if np is None:
        return _apposed_subject(words, idx, span, kind)
    i, j = np
    cue_words = words[idx : idx + span]
    cue = " ".join(w[0] for w in cue_words)
    found = Found(words[i][1], words[j - 1][2], cue, cue_words[0][1], cue_words[-1][2], kind)
    if is_description(words[i:j]):
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


def _apposed_subject(words: list[Word], idx: int, span: int, kind: str) -> Found | None:
    """'Robby Mook, Clinton's campaign manager, said': the name before the appositive."""
    j = idx
    while j > 0 and words[j - 1][0] in AUXILIARIES:
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
    inner = words[k + 1 : j - 1]
    before = k
    if words[k - 1][0] == ")" and k >= 3 and words[k - 3][0] == "(":
        before = k - 3  # "the World Summit (WSIS), which is meeting here, told": an acronym
    np = back_np(words, before)
    if np is not None and inner and inner[0][0].lower() in {"which", "who"}:
        # "A spokesman for the summit, which is meeting in Geneva, told": a relative clause
        # about the phrase before it, whose head speaks.
        i, e = np
        if words[i][0].lower() in {"a", "an", "the", "one"} or looks_like_name(
            " ".join(w[0] for w in words[i:e])
        ):
            return _found(words, i, before + 1, idx, span, kind, None, None)
    if np is None or not looks_like_name(" ".join(w[0] for w in words[np[0] : np[1]])):
        # "The council leader, Ann Webb, said": the name is the appositive itself.
        if inner and len(inner) <= 5 and looks_like_name(" ".join(w[0] for w in inner)):
            start = np[0] if np else k + 1
            return _found(words, start, j, idx, span, kind, inner[0][1], inner[-1][2])
        return None
    i, e = np
    if not looks_like_name(" ".join(w[0] for w in words[i:e])):
        return None
    return _found(words, i, j, idx, span, kind, words[i][1], words[e - 1][2])


def _found(
    words: list[Word],
    start: int,
    j: int,
    idx: int,
    span: int,
    kind: str,
    name_start: int | None,
    name_end: int | None,
) -> Found:
    """The speaker phrase from word `start` to the word before `j`, cued by `span` words at
    `idx`, naming the characters name_start..name_end."""
    cue_words = words[idx : idx + span]
    cue = " ".join(w[0] for w in cue_words)
    return Found(
        words[start][1],
        words[j - 2][2],
        cue,
        cue_words[0][1],
        cue_words[-1][2],
        kind,
        name_start,
        name_end,
    )


_OPENING_ADVERBS = word_set(
    "but and so still then meanwhile also later yet now likewise similarly however instead maybe"
)
_OPENING_PREPOSITIONS = word_set(
    "in on at after during asked speaking while when before with for as back ever outside inside"
    " among amid alongside across despite following throughout under over since from"
)


def coordinated(words: list[Word], idx: int) -> bool:
    """The cue is a second verb of its subject: "shook her head and said", "but told"."""
    j = idx
    while j > 0 and words[j - 1][0] in AUXILIARIES:
        j -= 1
    return j > 0 and words[j - 1][0].lower() in {"and", "but"}


def sentence_subject(words: list[Word], idx: int, span: int, kind: str = "partial") -> Found | None:
    """The name that opens the sentence: 'Huma Abedin, a campaign aide, emailed ... telling'."""
    k = 0
    while k < idx and words[k][0].lower() in _OPENING_ADVERBS:
        k += 1
    opener = words[k][0] if k < idx else ""
    participle = opener.endswith("ing") and k + 1 < idx and words[k + 1][0].islower()
    # "Hastily rewriting the agenda, Vance ...": an adverb, then the participle.
    adverb_led = (
        opener.endswith("ly") and k + 1 < idx and words[k + 1][0].endswith("ing")
    ) and words[k + 1][0].islower()
    while opener.lower() in _OPENING_PREPOSITIONS or participle or adverb_led:
        # "Outside the arena, ...", "Appearing before supporters, Suu Kyi said", "On Thursday,
        # after staying neutral, Warren ...": skip each opening phrase up to its comma.
        while k < idx and words[k][0] != ",":
            k += 1
        k += 1
        opener = words[k][0] if k < idx else ""
        participle = adverb_led = False
    from retrieval.quotes.antecedents import subject_name  # a module that builds on this one

    if k < idx and words[k][0].lower() not in {"he", "she", "they"}:
        head = _source_text(words[k:idx])
        named = subject_name(head)
        if named is not None and named[0] > 0:
            # "US behemoth General Electric ... declared": the name behind its descriptors.
            found = _named_at(words, k, idx, span, kind, named)
            if found is not None:
                return found
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


def _named_at(
    words: list[Word], k: int, idx: int, span: int, kind: str, named: tuple[int, int]
) -> Found | None:
    """The Found for the name at character offsets `named` of the text from word k; None when
    it is no name or belongs to a role before it ("a spokeswoman for the State Board")."""
    base = words[k][1]
    inside = [n for n in range(k, idx) if named[0] <= words[n][1] - base < named[1]]
    if not inside or not looks_like_name(_text(words[inside[0] : inside[-1] + 1])):
        return None
    before = words[inside[0] - 1][0].lower() if inside[0] > 0 else ""
    if before in {"for", "of", "at", "from", "with", "by", "the"}:
        return None
    cue_words = words[idx : idx + span]
    return Found(
        words[inside[0]][1],
        words[inside[-1]][2],
        _text(cue_words),
        cue_words[0][1],
        cue_words[-1][2],
        kind,
    )


def opening_name(words: list[Word], idx: int, span: int, kind: str) -> Found | None:
    """'"...," Mr. Daniloff, now 81 and retired in Cambridge, Mass., said': the name that opens
    the narrative, then an appositive of any length closed by a comma, then the cue."""
    n = 0
    while n < len(words) and n < 6 and (is_capitalised(words[n][0]) or words[n][0] == "-"):
        n += 1
    if n == 0 or n >= idx or words[n][0] != "," or not looks_like_name(_text(words[:n])):
        return None
    j = idx
    while j > n and words[j - 1][0] in AUXILIARIES:
        j -= 1
    if j - 1 <= n:
        return None
    if words[j - 1][0] == ",":
        end = j - 2
    elif _unclosed_appositive(words, n, j):
        end = j - 1
    else:
        return None
    if any(w[0] in {".", "!", "?", ";", '"', "“", "”"} for w in words[n:j]):
        return None
    cue_words = words[idx : idx + span]
    return Found(
        words[0][1],
        words[end][2],
        _text(cue_words),
        cue_words[0][1],
        cue_words[-1][2],
        kind,
        words[0][1],
        words[n - 1][2],
    )


_APPOSITIVE_OPENERS = word_set("the a an who whose")


def _unclosed_appositive(words: list[Word], n: int, j: int) -> bool:
    """'"...," Nate Silver, the polling guru who founded the site tweeted': an appositive whose
    closing comma the copy dropped; it opens like one and holds no other comma."""
    inner = words[n + 1 : j]
    return (
        bool(inner)
        and inner[0][0].lower() in _APPOSITIVE_OPENERS
        and len(inner) <= 15
        and all(w[0] != "," for w in inner)
    )


def _source_text(words: list[Word]) -> str:
    """The words as they stand in the body, with their spacing, from offset words[0]."""
    out = ""
    base = words[0][1]
    for w, start, _ in words:
        out += " " * (start - base - len(out)) + w
    return out


def _text(words: list[Word]) -> str:
    return " ".join(w[0] for w in words)
