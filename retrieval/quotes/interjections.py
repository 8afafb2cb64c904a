"""A second speaker who cuts in: `"Tell her I said hi," Lee said, and her husband cut in.
"Don't forget me."` The quotation after the interjection is the newcomer's, not a
continuation of the first speaker's words.
"""

from __future__ import annotations

import re

from retrieval.quotes.speakers import Found, matched_phrase

__all__ = ["interjector"]

_CUT_IN = re.compile(
    r",\s+and\s+(?P<np>[^,.;:!?\"“”]{2,60}?)\s+(?P<cue>(?:cut|chimed|broke|jumped|butted)\s+in)"
    r"\s*[.:]\s*$"
)


def interjector(gap: str, base: int) -> Found | None:
    """The one who cut in at the end of the narrative `gap` between two quotations."""
    m = _CUT_IN.search(gap)
    if m is None:
        return None
    cue = (m.group("cue"), base + m.start("cue"), base + m.end("cue"))
    return matched_phrase(m, "np", base, cue, "after")
