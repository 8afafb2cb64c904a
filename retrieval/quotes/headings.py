"""Headings that name a quotation's source before a colon, with no cue verb.

- The owner of a writing: `From Gov. Ada Bell's Facebook post: "..."`.
- A newsletter's source line: `- More from the report: "..."`, `From the court filing: "..."`.
- A digest item's byline after a dash: `POLLS CLOSE IN OHIO - Ann Lee: "..."`, `Turnout
  matters - Ann Lee and Bo Park: "..."`, `-More from Lee and Park: "..."`. The headline before
  the dash may hold a cue word of its own ("Pollsters agree"), so the byline wins over it.
"""

from __future__ import annotations

import re

from retrieval.quotes.lexicon import word_set
from retrieval.quotes.names import looks_like_name
from retrieval.quotes.pairs import is_name_pair
from retrieval.quotes.speakers import Found, matched_phrase

__all__ = ["dash_byline", "source_heading", "source_line"]

# What a source heading names: `From Bell's Facebook post:`, `In Lee's op-ed:`.
_WRITINGS = word_set(
    """statement post tweet letter email e-mail speech remarks op-ed column memo message
    blog essay release announcement testimony"""
)
_SOURCE_HEADING = re.compile(
    r"^\s*(?:From|In|Per)\s+(?P<name>[A-Z][^,;:.!?\"“”]{0,60}?)['’]s\s+"
    r"(?:[A-Za-z-]+\s+){0,3}(?P<writing>[a-z-]+)\s*:\s*$"
)
# A dash set off by a space before it: "Sen. Lee (R-Texas):" is a name with its state.
_DASH_BYLINE = re.compile(
    r"\S\s+[-—–]+\s*(?:More from\s+)?(?P<name>[A-Z][^-—–:;,.!?()\"“”]{1,60}?)\s*:\s*$"
)


def source_heading(text: str, base: int) -> Found | None:
    """`From Ada Bell's Facebook post:` heading the quotation: the owner of the writing."""
    m = _SOURCE_HEADING.match(text)
    if m is None or m.group("writing") not in _WRITINGS or not looks_like_name(m.group("name")):
        return None
    return _colon_found(text, base, m)


# The source named after "from" at the head of the sentence (or after a dash), then a colon.
_FROM_SOURCE = re.compile(
    r"(?:^|[-—–]\s*)(?P<cue>More\s+from|From)\s+"
    r"(?P<source>(?:[A-Za-z][\w'’.&-]*\s+){0,6}[A-Za-z][\w'’.&-]*)\s*:\s*$"
)


def source_line(text: str, base: int) -> Found | None:
    """`From Ada Bell's Facebook post:` (the owner) or `- More from the report:` (the source)
    ending the text before a quotation."""
    found = source_heading(text, base)
    if found is not None:
        return found
    m = _FROM_SOURCE.search(text)
    if m is None:
        return None
    cue = (m.group("cue"), base + m.start("cue"), base + m.end("cue"))
    return matched_phrase(m, "source", base, cue, "colon")


def dash_byline(text: str, base: int) -> Found | None:
    """`HEADLINE - Ann Lee:` ending the text before the quotation: the byline's name(s)."""
    m = _DASH_BYLINE.search(text)
    if m is None:
        return None
    name = m.group("name")
    if not (looks_like_name(name) or is_name_pair(name)):
        return None
    return _colon_found(text, base, m)


def _colon_found(text: str, base: int, m: re.Match[str]) -> Found:
    colon = base + text.rstrip().rfind(":")
    start, end = base + m.start("name"), base + m.end("name")
    return Found(start, end, ":", colon, colon + 1, "colon", start, end)
