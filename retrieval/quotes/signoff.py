"""A quotation signed off with a dash and a name: on the next line (`"We will win."` then
`- Jane Doe, in a tweet.`) or after it on its own line (`"We will win." ― Jane Doe`). Fact-check,
notebook and reader-response copy sets quotations apart and names the speaker this way.
"""

from __future__ import annotations

import re

from retrieval.quotes.names import NAME_RE, looks_like_name
from retrieval.quotes.speakers import Found

_DASH = re.compile(r"[-—–]{1,2}[ \t\xa0]*")


def find_signoff(paragraph: str, base: int) -> Found | None:
    """The name on a dash line (`- Sanders.`, `—President Obama, tweeting`), or None."""
    dash = _DASH.match(paragraph)
    if dash is None:
        return None
    m = NAME_RE.match(paragraph, dash.end())
    if m is None or not looks_like_name(m.group()):
        return None
    rest = paragraph[m.end() :].lstrip()
    if rest and rest[0] not in ",.(;":
        return None  # "- Sanders said ..." is narrative, not a sign-off
    return Found(
        base + m.start(), base + m.end(), "-", base + dash.start(), base + dash.end(), "signoff"
    )


def find_trailing_signoff(line: str, base: int) -> Found | None:
    """The name after a quotation on its line (`” ― Sonya Herridge`), or None.

    `line` runs from the closing mark to the end of its line; only a dash and a name may fill it.
    """
    lead = len(line) - len(line.lstrip(" \t\xa0.,"))
    found = find_signoff(line[lead:], base + lead)
    if found is None or line[found.speaker_end - base :].strip(" \t\xa0.,"):
        return None
    return found
