"""The person a sentence opens with, as a later "he" or "she" may refer back to them.

"Mr. Lou said ...", "Ann Lee told ...", "state Sen. Ann Lee said ...", and also a name after a
described office:
"Former House speaker Ned Ginger noted ...", where the capitalised run the sentence opens with
("Former House") is no name and the lower-case title word ("speaker") ends the description.
"""

from __future__ import annotations

import re

from retrieval.quotes.names import NAME_RE, is_title

# Capitalised words, a lower-case title ("county party chairman"), then the name:
# "Former House speaker Ned Ginger".
_DESCRIBED = re.compile(
    r"(?:[A-Z][\w.'’-]*\s+){1,4}(?:[a-z][\w-]*\s+){0,2}?([a-z][\w-]*)\s+(?=[A-Z])"
)

_LOWER_THEN_TITLE = re.compile(r"[a-z][\w-]*\s+(?=[A-Z])")


def opening_name(head: str) -> str:
    """The capitalised run `head` opens with, or the one after a described office; else ""."""
    m = NAME_RE.match(head)
    run = m.group() if m else ""
    lower = _LOWER_THEN_TITLE.match(head)
    if not run and lower:  # "state Rep. Gilda Cobb-Hunter recalled ...", "the Rev. Al Sharp"
        titled = NAME_RE.match(head, lower.end())
        if titled and is_title(titled.group().split()[0]):
            return titled.group()
    described = _DESCRIBED.match(head)
    if described and is_title(described.group(1)):
        after = NAME_RE.match(head, described.end())
        if after:
            return after.group()
    return run
