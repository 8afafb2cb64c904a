"""What kind of answer a question wants, and whether a passage holds one.

"How many people signed the letter?" is answered by a paragraph with a number in it, "When did
Nintendo launch the GameBoy?" by one with a date; the lead that restates the headline often has
neither. A cheap look at the words of the question and of each candidate tells them apart.
"""

from __future__ import annotations

import re

_NUMBER_QUESTION = re.compile(
    r"\b(?:how\s+(?:many|much|far|big|large|long|old|fast|high|often)|what\s+(?:share|"
    r"proportion|percentage|price|score|rate|level|number|sum|amount)|by\s+how\s+much|"
    r"what\s+(?:was|is|were|are)\s+the\s+(?:score|margin|cost|price|figure|total))\b",
    re.IGNORECASE,
)
_DATE_QUESTION = re.compile(
    r"\b(?:when|what\s+(?:date|day|year|month|time)|since\s+when|how\s+long\s+ago)\b",
    re.IGNORECASE,
)
_NUMBER_WORDS = (
    r"one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|twenty|thirty|forty|"
    r"fifty|hundred|hundreds|thousand|thousands|million|millions|billion|billions|dozen|"
    r"dozens|half|third|quarter|double|twice|treble|triple"
)
_NUMBER = re.compile(rf"\d|\b(?:{_NUMBER_WORDS})\b", re.IGNORECASE)
_MONTHS = (
    r"january|february|march|april|may|june|july|august|september|october|november|december|"
    r"jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec"
)
_DATE = re.compile(
    rf"\b(?:(?:1[89]|20)\d\d|(?:{_MONTHS})\.?\s+\d|\d+(?:st|nd|rd|th)?\s+(?:{_MONTHS})|"
    r"monday|tuesday|wednesday|thursday|friday|saturday|sunday|yesterday|today|tonight|"
    r"tomorrow|(?:last|next|this)\s+(?:week|month|year|spring|summer|autumn|fall|winter)|"
    r"\d+\s+(?:days?|weeks?|months?|years?)\s+ago|since\s+\d|in\s+(?:1[89]|20)\d\d)\b",
    re.IGNORECASE,
)


def wanted_kind(query: str) -> str | None:
    """'date', 'number' or None (no particular kind of answer)."""
    if _DATE_QUESTION.search(query):
        return "date"
    if _NUMBER_QUESTION.search(query):
        return "number"
    return None


def holds_kind(text: str, kind: str | None) -> bool:
    """Whether `text` holds an answer of `kind` (a date, a number)."""
    if kind == "date":
        return _DATE.search(text) is not None
    if kind == "number":
        return _NUMBER.search(text) is not None
    return False
