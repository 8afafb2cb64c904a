"""Content words of a sentence: lowercased, stemmed, without function words."""

from __future__ import annotations

import re
from functools import lru_cache

import Stemmer

# Function words carry no topic; a short list is enough because frequent content words are
# what the lexical scores look for.
_FUNCTION_WORDS = """a about above after again against all also am an and any are as at be
    because been before
    being below between both but by can could did do does doing down during each few for from
    further had has have having he her here hers herself him himself his how i if in into is it
    its itself just me more most my myself no nor not now of off on once only or other our ours
    ourselves out over own same she should so some such than that the their theirs them
    themselves then there these they this those through to too under until up very was we were
    what when where which while who whom why will with would you your yours yourself
    yourselves said says say told according mr mrs ms one two new last year years"""
STOPWORDS = frozenset(_FUNCTION_WORDS.split())
_WORD = re.compile(r"[a-z0-9]+(?:'[a-z]+)?")


@lru_cache(maxsize=1)
def _stemmer() -> Stemmer.Stemmer:
    return Stemmer.Stemmer("english")


def content_words(text: str) -> list[str]:
    """Stems of the words of `text` that are not function words or bare numbers."""
    words = [w.split("'")[0] for w in _WORD.findall(text.lower())]
    kept = [w for w in words if w not in STOPWORDS and not w.isdigit() and len(w) > 1]
    return _stemmer().stemWords(kept)


def word_count(text: str) -> int:
    return len(_WORD.findall(text.lower()))
