"""A quotation paragraph signed off by the next one: `"We will win."` then `- Jane Doe, in a
tweet.` Fact-check and notebook copy sets quotations apart and names the speaker on a line of
its own that opens with a dash.
"""

from __future__ import annotations

import re

from retrieval.quotes.names import NAME_RE, looks_like_name
from retrieval.quotes.speakers import Found

_DASH = re.compile(r"[-—–]{1,2}[ \t]*")


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
