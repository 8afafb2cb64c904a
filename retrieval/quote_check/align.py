"""Word-level alignment of the words a user pasted ("theirs") with a text we published ("ours").

Words are compared folded (case, curly apostrophes) and without punctuation: a quotation
remembered as "We will win." is the same words as our "we will win,". The alignment is local
on our side: the pasted words may be any excerpt of a long quotation, so only the stretch of
ours they line up with counts, and what lies before or after it is not "dropped".

Ops follow the user's edits of our text: `insert` = words they have that we did not publish,
`delete` = words of ours they left out (`elided` where they marked it with an ellipsis: not
an edit), `replace` = ours changed into theirs, `equal` = the same words. `ours` and `theirs`
are verbatim slices of the two texts (punctuation inside kept).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from difflib import SequenceMatcher

# A word: letters and digits, with inner apostrophes ("don't", "O’Neill").
_WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)*")
# An ellipsis between words: words left out on purpose ("...", "…", ". . .", "[...]").
_ELLIPSIS = re.compile(r"…|\.\s?\.\s?\.")
ELLIPSIS_ROOM = 40  # words an ellipsis may stand for


@dataclass(frozen=True)
class Words:
    """A text's words, folded for comparison, with their character spans in the text."""

    text: str
    folded: list[str]
    spans: list[tuple[int, int]]
    elided: frozenset[int] = frozenset()  # positions with an ellipsis just before the word

    @classmethod
    def of(cls, text: str) -> Words:
        found = list(_WORD.finditer(text))
        folded = [m.group().casefold().replace("’", "'") for m in found]
        spans = [m.span() for m in found]
        elided = frozenset(
            i for i in range(1, len(spans)) if _ELLIPSIS.search(text, spans[i - 1][1], spans[i][0])
        )
        return cls(text, folded, spans, elided)

    def __len__(self) -> int:
        return len(self.folded)

    def slice(self, start: int, end: int) -> str:
        """The verbatim text of words start..end-1 (empty for none)."""
        if start >= end:
            return ""
        return self.text[self.spans[start][0] : self.spans[end - 1][1]]


@dataclass(frozen=True)
class DiffOp:
    op: str  # "equal", "insert", "delete" or "replace" (see the module docstring)
    ours: str
    theirs: str
    elided: bool = False  # a delete where they put an ellipsis: left out on purpose


@dataclass(frozen=True)
class Alignment:
    """Where the pasted words line up in ours (word positions `start`..`end`) and how."""

    start: int
    end: int
    ops: list[DiffOp]
    same: int  # pasted words found in place
    edits: int  # words added, dropped or changed (a changed pair counts its longer side)
    theirs: int  # pasted words in all

    @property
    def exact(self) -> bool:
        return self.edits == 0 and self.same > 0

    @property
    def ratio(self) -> float:
        """Share of words in common, over both sides (difflib's ratio on the aligned words)."""
        total = self.theirs + (self.end - self.start)
        return 2 * self.same / total if total else 0.0


# difflib's tags turn `a` (theirs) into `b` (ours); ours is the original, so they flip.
_OPS = {"equal": "equal", "delete": "insert", "insert": "delete", "replace": "replace"}


def align(theirs: Words, ours: Words) -> Alignment | None:
    """The best local alignment of all of `theirs` with a stretch of `ours`, or None when
    they share no word."""
    if not len(theirs) or not len(ours):
        return None
    anchor = SequenceMatcher(None, theirs.folded, ours.folded, autojunk=False).find_longest_match(
        0, len(theirs), 0, len(ours)
    )
    if anchor.size == 0:
        return None
    # Only the stretch of ours where the pasted words could sit, given the longest run they
    # share, plus room for words added or dropped: a word repeated far away cannot pull the
    # alignment apart.
    slack = max(3, len(theirs) // 3) + ELLIPSIS_ROOM * len(theirs.elided)
    low = max(0, anchor.b - anchor.a - slack)
    high = min(len(ours), anchor.b + len(theirs) - anchor.a + slack)
    matcher = SequenceMatcher(None, theirs.folded, ours.folded[low:high], autojunk=False)
    codes = [(tag, i1, i2, j1 + low, j2 + low) for tag, i1, i2, j1, j2 in matcher.get_opcodes()]
    # Ours before the first and after the last pasted word is the rest of the quotation.
    while codes and codes[0][0] == "insert":
        codes.pop(0)
    while codes and codes[-1][0] == "insert":
        codes.pop()
    if not codes:
        return None
    # A change at either edge takes no more of ours than the words they typed there: "for it"
    # against "for the wall. Believe me" changed "the", and the rest is the quotation going on.
    tag, i1, i2, j1, j2 = codes[-1]
    if tag == "replace":
        codes[-1] = (tag, i1, i2, j1, min(j2, j1 + i2 - i1))
    tag, i1, i2, j1, j2 = codes[0]
    if tag == "replace":
        codes[0] = (tag, i1, i2, max(j1, j2 - (i2 - i1)), j2)
    ops, same, edits = [], 0, 0
    for tag, i1, i2, j1, j2 in codes:
        # Our words dropped where they wrote an ellipsis were left out on purpose, not changed.
        elided = tag == "insert" and i1 in theirs.elided
        ops.append(DiffOp(_OPS[tag], ours.slice(j1, j2), theirs.slice(i1, i2), elided))
        if tag == "equal":
            same += i2 - i1
        elif not elided:
            edits += max(i2 - i1, j2 - j1)
    start = next((c[3] for c in codes if c[0] != "delete"), codes[0][3])
    end = next((c[4] for c in reversed(codes) if c[0] != "delete"), codes[-1][4])
    return Alignment(start, end, ops, same, edits, len(theirs))
