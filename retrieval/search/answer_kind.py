"""What kind of answer a question wants, and whether a passage holds one.

"How many people signed the letter?" is answered by a paragraph with a number in it, "When did
Nintendo launch the GameBoy?" by one with a date; the lead that restates the headline often has
neither. A cheap look at the words of the question and of each candidate tells them apart.
"How much was X paid?" wants a sum of money and "what share ...?" a percentage or a fraction:
"5,000 fans" answers neither, and when none of the closest passages holds the kind of answer
asked for (dates aside: every passage is cited with its article's date), `ask` says so instead
of answering (rank.py).
"""

from __future__ import annotations

import re

_NUMBER_QUESTION = re.compile(
    r"\b(?:how\s+(?:many|much|far|big|large|long|old|fast|high|often)|what\s+(?:share|"
    r"proportion|percentage|price|score|rate|level|number|sum|amount)|by\s+how\s+much|"
    r"what\s+(?:was|is|were|are)\s+the\s+(?:score|margin|cost|price|figure|total))\b",
    re.IGNORECASE,
)
# "When ..." asks for a date where it opens the question; "What did X say when ..." does not.
_DATE_QUESTION = re.compile(
    r"^\W*(?:and\s+|so\s+)?when\b|\b(?:what|which)\s+(?:date|day|year|month|time)\b|"
    r"\bsince\s+when\b|\bhow\s+long\s+ago\b|\bin\s+what\s+year\b|\bby\s+when\b",
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
    r"\d+\s+(?:days?|weeks?|months?|years?)\s+ago|since\s+\d|in\s+(?:1[89]|20)\d\d|"
    rf"(?:in|on|by|from|until|since|during|early|late|mid-?)\s+(?:{_MONTHS}))\b",
    re.IGNORECASE,
)


# "How much did X pay / cost / raise": a sum of money answers it, not any number ("5,000 fans").
_MONEY_QUESTION = re.compile(
    r"\b(?:how\s+much\b.*\b(?:pa(?:y|id|ying|ys)|cost(?:s|ing)?|price[ds]?|money|cash|rais(?:e|ed|"
    r"es|ing)|fetch(?:ed)?|spen[dt]|spending|sav(?:e|ed|ing)|fined?|gave|give[ns]?|giving|"
    r"donat(?:e|ed)|hand(?:ed)?\s+over|worth|earn(?:ed|s)?|charg(?:e|ed|es)|fund(?:s|ing)?|"
    r"budget|salary|fees?|sell\s+for|sold\s+for|receiv(?:e|ed)|invest(?:ed|ing)?)\b|"
    r"what\s+(?:is|was|will|would)\s+(?:\S+\s+){0,6}?(?:cost|price|fee|salary)\b|"
    r"what\s+(?:will|would|does|did)\s+(?:\S+\s+){1,6}?cost\b)",
    re.IGNORECASE,
)
# A currency sign or word, or pence and cents after a figure. Only existence matters, so no
# part scans a run of digits: passages are hostile input too ("1,1,1,..." for 200 KB).
_MONEY = re.compile(
    r"[$£€¥]\s?\d|\bUS\$|\b(?:dollars?|pounds?|euros?|yen|yuan|rupees?|francs?)\b|"
    r"\d\s?(?:pence|cents?|p)\b",
    re.IGNORECASE,
)
# "What share / proportion ...", "how much did sales rise": a percentage or a fraction answers it.
_SHARE_QUESTION = re.compile(
    r"\b(?:what\s+(?:share|proportion|percentage|fraction|percent)|how\s+much\s+of\b|how\s+much\b.*\b(?:ris(?:e|en)|"
    r"rose|f[ae]ll|fallen|gr[oe]w|grown|increas(?:e|ed)|drop(?:ped)?|declin(?:e|ed)|jump(?:ed)?)\b)",
    re.IGNORECASE,
)
_SHARE = re.compile(
    r"%|\bper\s?cent\b|\bpercentage\s+points?\b|\b(?:one|two|three|four|five|\d+)\s+(?:in|out\s+of)\s+"
    r"\w|\b(?:half|third|thirds|quarter|quarters|fifth|fifths|tenth|majority|minority)\b|"
    r"\b(?:doubled|tripled|trebled|halved)\b",
    re.IGNORECASE,
)
# The kinds a passage can be checked for, the narrowest first: money and share are numbers too.
_KINDS = (
    ("date", _DATE_QUESTION, _DATE),
    ("money", _MONEY_QUESTION, _MONEY),
    ("share", _SHARE_QUESTION, _SHARE),
    ("number", _NUMBER_QUESTION, _NUMBER),
)
_ANSWERS = {kind: answer for kind, _, answer in _KINDS}
# How a refusal names what the closest passages lack.
KIND_NAMES = {
    "date": "date",
    "money": "sum of money",
    "share": "share or percentage",
    "number": "number",
}


def wanted_kind(query: str) -> str | None:
    """'date', 'money', 'share', 'number' or None (no particular kind of answer)."""
    for kind, question, _ in _KINDS:
        if question.search(query):
            return kind
    return None


def holds_kind(text: str, kind: str | None) -> bool:
    """Whether `text` holds an answer of `kind` (a date, a sum of money, a share, a number)."""
    answer = _ANSWERS.get(kind or "")
    return answer is not None and answer.search(text) is not None
