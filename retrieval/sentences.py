"""Sentence boundaries in news copy, as character spans so callers can slice verbatim text."""

from __future__ import annotations

import re

# Abbreviations after which a full stop does not end a sentence in news copy.
ABBREVIATIONS = frozenset(
    """mr mrs ms dr prof sen rep gov gen lt col capt sgt st jr sr rev hon no nos vs etc
    inc ltd co corp jan feb mar apr jun jul aug sep sept oct nov dec fig approx dept est
    u.s u.k u.n e.g i.e a.m p.m""".split()
)
_BOUNDARY = re.compile(r"[.!?…]+[\"'”’)\]]*(?=\s+)")
_OPENER = re.compile(r"\s+[\"'“‘(\[]*[A-Z0-9]")


def _ends_with_abbreviation(text: str) -> bool:
    word = re.search(r"([A-Za-z][A-Za-z.]*)\.$", text)
    if not word:
        return False
    token = word.group(1).lower()
    if token in ABBREVIATIONS:
        return True
    # Initials such as "J." or "U.S." in "J. K. Rowling" and "U.S. officials".
    return bool(re.fullmatch(r"(?:[a-z]\.)*[a-z]", token))


def split_sentences(text: str) -> list[tuple[int, int]]:
    """Return (start, end) spans of the sentences of `text`, whitespace trimmed."""
    spans: list[tuple[int, int]] = []
    start = 0
    for match in _BOUNDARY.finditer(text):
        end = match.end()
        if not _OPENER.match(text, end):
            continue
        if match.group().startswith(".") and len(match.group()) == 1 and _ends_with_abbreviation(
            text[start:end]
        ):
            continue
        spans.append((start, end))
        start = end
    spans.append((start, len(text)))
    trimmed = []
    for s, e in spans:
        while s < e and text[s].isspace():
            s += 1
        while e > s and text[e - 1].isspace():
            e -= 1
        if e > s:
            trimmed.append((s, e))
    return trimmed
