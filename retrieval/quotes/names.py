"""Person-name shapes in news copy, and forgiving speaker matching for `who-said --speaker`."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from retrieval.quotes.lexicon import NON_NAME_WORDS, TITLES

# A capitalised name token: "Corbyn", "O'Malley", "al-Assad", "McCain", "H.", "U.S.", "Jr."
# A full stop belongs to a name only on initials and abbreviated titles, so that
# "Hillary Clinton. Gov. Chris Christie" is two names.
_ABBR = r"(?:Mr|Mrs|Ms|Dr|Sen|Rep|Gov|Gen|Col|Lt|Sgt|Capt|Adm|Jr|Sr|St|Prof|Rev|Pres|Sec|Atty)\."
_CAP = rf"(?:{_ABBR}|(?:[A-Z]\.)+(?![a-z])|[A-Z][\w'’-]*)"
_PARTICLE = r"(?:de|da|del|della|van|von|der|den|la|le|bin|al|el|ibn|di|du|dos)"
NAME_RE = re.compile(rf"{_CAP}(?:[ \t]+(?:{_PARTICLE}[ \t]+)*{_CAP})*")
_TOKEN = re.compile(r"[\w'’.-]+")
_SUFFIXES = {"jr", "jr.", "sr", "sr.", "ii", "iii", "iv"}


def tokens(phrase: str) -> list[str]:
    return _TOKEN.findall(phrase)


@lru_cache(maxsize=65536)
def is_title(word: str) -> bool:
    return word.lower() in TITLES or word.lower().rstrip(".") in TITLES


def is_capitalised(word: str) -> bool:
    return bool(word) and word[0].isupper()


def is_particle(word: str) -> bool:
    """'de' of "de Blasio", 'van' of "van Gogh": a name word that keeps its lower case."""
    return re.fullmatch(_PARTICLE, word) is not None


@lru_cache(maxsize=65536)
def looks_like_name(phrase: str) -> bool:
    """True for 'Jeremy Corbyn', 'Mr. Trump', 'Sen. Ted Cruz'; false for 'The letter', 'He'."""
    toks = tokens(phrase)
    if not toks:
        return False
    core = [t for t in toks if not is_title(t)]
    if not core:
        return False
    if len(toks) == 1 and toks[0].lower() in NON_NAME_WORDS:
        return False
    if core[0].lower() in NON_NAME_WORDS:
        return False
    return all(is_capitalised(t) or re.fullmatch(_PARTICLE, t) for t in core)


def trailing_name(phrase: str) -> str | None:
    """The last run of capitalised words: 'campaign manager Robby Mook' -> 'Robby Mook'."""
    runs = [m.group() for m in NAME_RE.finditer(phrase)]
    for run in reversed(runs):
        if looks_like_name(run):
            return run
    return None


@lru_cache(maxsize=65536)
def strip_titles(name: str) -> str:
    """'Agriculture Secretary Tom Vilsack' -> 'Tom Vilsack': drop everything up to a title."""
    toks = tokens(name)
    last_title = max((k for k, t in enumerate(toks[:-1]) if is_title(t)), default=-1)
    return " ".join(toks[last_title + 1 :])


@lru_cache(maxsize=65536)
def surname(name: str) -> str:
    toks = [t for t in tokens(strip_titles(name)) if t.lower().rstrip(".") not in _SUFFIXES]
    return toks[-1].rstrip(".,") if toks else ""


def _fold(text: str) -> str:
    text = unicodedata.normalize("NFKD", text)
    return "".join(c for c in text if not unicodedata.combining(c)).lower()


def speaker_key(name: str) -> str:
    """A normal form for matching: lower case, no accents, titles and punctuation dropped."""
    words = re.findall(r"[a-z0-9]+", _fold(name).replace("’", "'").replace("'s ", " "))
    kept = [w for w in words if w not in TITLES and w not in {"the", "a", "an"}]
    return " ".join(kept or words)


def _edit_distance(a: str, b: str, limit: int) -> int:
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    prev = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        cur = [i]
        for j, cb in enumerate(b, 1):
            cur.append(min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (ca != cb)))
        prev = cur
    return prev[-1]


def word_matches(query: str, word: str) -> bool:
    if query == word:
        return True
    # Typos: one edit for ordinary words, two for long ones, none for short ones.
    limit = 0 if len(query) < 4 else 1 if len(query) < 8 else 2
    return limit > 0 and _edit_distance(query, word, limit) <= limit


def speaker_matches(query: str, speaker: str | None) -> bool:
    """Whether a user's speaker query names this speaker.

    "Mr Corbyn", "corbyn", "Jeremy Corbyn" and "Jermy Corbyn" all match "Jeremy Corbyn"; every
    query word must match some speaker word, so "Eric Trump" does not match "Donald Trump".
    """
    if not speaker:
        return False
    q_words = speaker_key(query).split()
    s_words = speaker_key(speaker).split()
    if not q_words or not s_words:
        return False
    return all(any(word_matches(q, s) for s in s_words) for q in q_words)
