"""Quote marks to quotation spans: pairing straight, curly and doubled-apostrophe marks.

The scan is per paragraph with one carried state, because news copy continues a quotation into
the next paragraph by opening that paragraph with a fresh quote mark and leaving the previous
one unclosed. Nothing here raises on odd marks: an unpaired mark is dropped or closed at the
paragraph end.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from retrieval.models import Paragraph

# `''` and ``` `` ``` are doubled apostrophes/backticks that some wire feeds use as double quotes.
# A closing triple mark is a single closer then a double one (`'We will win,''' said`),
# so its first apostrophe is matched alone.
_MARK = re.compile(r"(?<=[^\s'])'(?='')|''|``|[\"“”„‟«»‘’‚‛‹›'`]")
_DOUBLE_OPEN = {"“", "„", "‟", "«", "``"}
_DOUBLE_CLOSE = {"”", "»"}
_DOUBLE_EITHER = {'"', "''"}
_SINGLE_OPEN = {"‘", "‚", "‛", "‹", "`"}
_SINGLE_CLOSE = {"’", "›"}
_SINGLE_EITHER = {"'"}
# Every character that can be part of a quote mark.
_ALL_MARKS = _DOUBLE_OPEN | _DOUBLE_CLOSE | _DOUBLE_EITHER | _SINGLE_OPEN | _SINGLE_CLOSE
QUOTE_CHARS = frozenset("".join(_ALL_MARKS | _SINGLE_EITHER))
_OPEN_CONTEXT = set(" \t\n([{—–-/") | _DOUBLE_OPEN | _SINGLE_OPEN | set("\"'")
_CLOSE_CONTEXT = set(" \t\n)]}.,;:!?—–-/…") | _DOUBLE_CLOSE | _SINGLE_CLOSE | set("\"'")


_INVISIBLE = frozenset("\u200b\u200c\u200d\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2060\ufeff")


@dataclass(frozen=True)
class QuoteSpan:
    """One top-level quotation: `inner_start:inner_end` are the words inside the marks."""

    open_pos: int
    inner_start: int
    inner_end: int
    close_end: int  # offset just past the closing mark (== inner_end when unclosed)
    paragraph: int
    last_paragraph: int
    double: bool
    closed: bool


# A height in feet and inches, up to the inch mark: 6'2", 5’11”.
_FEET = re.compile(r"\b\d['’]\d{1,2}\Z")


@dataclass
class _Open:
    pos: int
    end: int
    double: bool
    paragraph: int


def _role(text: str, pos: int, end: int, token: str) -> str:
    """Classify a mark as 'open', 'close', 'either' or 'skip' (an apostrophe) from its context."""
    prev = text[pos - 1] if pos > 0 else " "
    nxt = text[end] if end < len(text) else " "
    # Invisible formatting characters pasted from social media (a bidi embedding, a zero-width
    # space) are no word: the mark's context is the space they stand in.
    prev = " " if prev in _INVISIBLE else prev
    nxt = " " if nxt in _INVISIBLE else nxt
    if token in {"”", '"'} and _FEET.search(text, max(0, pos - 6), pos):
        return "skip"  # `he's like 6'2",`: an inch mark after feet, no quote mark
    if token in _DOUBLE_OPEN or token in _SINGLE_OPEN:
        if token in _SINGLE_OPEN and (nxt.isdigit() or prev.isalnum()):
            return "skip"  # ‘90s, rock ‘n’ roll
        if token == "“" and (prev in ",.!?" or prev.isalnum()) and nxt in " \t\n\xa0":
            return "either"  # `fascist?“ he asked`, `“rapists“ while`: a closer typed wrong
        return "open"
    if token in _DOUBLE_CLOSE:
        if pos == 0 or (prev in " \t\n" and nxt not in " \t\n"):
            return "either"  # `” … they are not like him,”`: an opener facing the wrong way
        return "close"
    if token in _SINGLE_CLOSE or token in _SINGLE_EITHER:
        if prev.isalnum() and nxt.isalnum():
            return "skip"  # don’t, O’Malley
        if nxt.isdigit():
            return "skip"  # the '90s
        if token in _SINGLE_EITHER and prev in _OPEN_CONTEXT and nxt not in " \t\n":
            return "open"
        if prev.isalnum() and nxt in " \t\n" and prev in "sS":
            return "possessive"  # the Joneses’ house: a closer only if a single quote is open
        if prev not in " \t\n" and nxt in _CLOSE_CONTEXT:
            return "close"
        if token in _SINGLE_CLOSE and prev in " \t\n" and nxt.isdigit():
            return "skip"  # ’90s
        return "either" if token in _SINGLE_EITHER else "close"
    # Straight double marks.
    opens = prev in _OPEN_CONTEXT and nxt not in " \t\n"
    closes = prev not in " \t\n" and nxt in _CLOSE_CONTEXT
    if opens and not closes:
        return "open"
    if closes and not opens:
        return "close"
    return "either"


def _marks(text: str) -> list[tuple[int, int, bool, str]]:
    out = []
    for m in _MARK.finditer(text):
        token = m.group()
        role = _role(text, m.start(), m.end(), token)
        if role == "skip":
            continue
        double = token in _DOUBLE_OPEN or token in _DOUBLE_CLOSE or token in _DOUBLE_EITHER
        out.append((m.start(), m.end(), double, role))
    return out


def _opens_paragraph(text: str, double: bool) -> int:
    """Length of the opening mark that starts `text`, if it is one of the given family."""
    m = _MARK.match(text)
    if not m:
        return 0
    token = m.group()
    is_double = token in _DOUBLE_OPEN or token in _DOUBLE_EITHER
    is_single = token in _SINGLE_OPEN or token in _SINGLE_EITHER
    if (double and is_double) or (not double and is_single):
        return m.end()
    return 0


# A sentence ended inside the open quotation, maybe closing a single-quoted title with it.
_SENTENCE_END = re.compile(r"[.!?…][’'’]?[ \t\xa0]+\Z")


def _reopens(text: str, pos: int) -> bool:
    """`... whatever. "So for us ...` inside an open quotation: copy that merges paragraphs
    keeps the mark that opened the next paragraph of the same quotation, with no closing mark
    before it. Read as the quotation going on, not as a quotation nested in it (a nested one
    would close the outer quotation's real end and leave it open to the end of the block)."""
    return _SENTENCE_END.search(text, max(0, pos - 4), pos) is not None


def _trim(body: str, start: int, end: int) -> tuple[int, int]:
    while start < end and body[start].isspace():
        start += 1
    while end > start and (body[end - 1].isspace() or body[end - 1] == ","):
        end -= 1
    return start, end


def find_quote_spans(body: str, paragraphs: list[Paragraph]) -> list[QuoteSpan]:
    """All top-level quotations in `body`, in order, with multi-paragraph ones joined."""
    spans: list[QuoteSpan] = []
    carried: _Open | None = None
    for i, para in enumerate(paragraphs):
        text = para.text
        skip_to = 0
        stack: list[_Open] = []
        if carried is not None:
            lead = _opens_paragraph(text, carried.double)
            if lead:
                stack.append(carried)
                skip_to = lead
            else:
                spans.append(_close_at(body, carried, paragraphs[i - 1]))
            carried = None
        for pos, end, double, role in _marks(text):
            if pos < skip_to:
                continue
            apos, aend = para.start + pos, para.start + end
            family_open = [k for k, o in enumerate(stack) if o.double == double]
            if role == "either":
                role = "close" if family_open else "open"
            elif role == "possessive":
                if not family_open:
                    continue
                role = "close"
            if role == "open":
                if not double and stack and not stack[-1].double and family_open:
                    continue  # a lone apostrophe inside a single-quoted span
                if (
                    double
                    and len(stack) == 1
                    and family_open
                    and body[stack[0].pos : stack[0].end] == text[pos:end]  # the same mark
                    and _reopens(text, pos)
                ):
                    continue  # the quotation goes on into a merged paragraph: one quotation
                if double and len(stack) == 1 and family_open:
                    cue = _CUE_BEFORE.search(body, stack[0].end, apos)
                    if cue is not None:
                        # `... promoted. He added: "The whole...`: the copy never closed the
                        # quotation before; it ended with its sentence, and a new one opens.
                        spans.append(_close_at(body, stack[0], para, cue.start() + 1))
                        stack.clear()
                stack.append(_Open(apos, aend, double, i))
                continue
            if not family_open:
                continue  # stray closer
            k = family_open[-1]
            opened = stack[k]
            del stack[k:]
            if k == 0:
                start, stop = _trim(body, opened.end, apos)
                if stop > start:
                    spans.append(
                        QuoteSpan(opened.pos, start, stop, aend, opened.paragraph, i, double, True)
                    )
        if stack:
            outer = stack[0]
            nxt = paragraphs[i + 1].text if i + 1 < len(paragraphs) else ""
            if outer.double and _opens_paragraph(nxt, outer.double):
                carried = outer
            elif outer.double:
                spans.append(_close_at(body, outer, para))
    if carried is not None and paragraphs:
        spans.append(_close_at(body, carried, paragraphs[-1]))
    return [s for s in spans if s.inner_end > s.inner_start]


def _close_at(body: str, opened: _Open, para: Paragraph, end: int | None = None) -> QuoteSpan:
    """An unclosed quotation runs to the end of the paragraph it was last seen in (or `end`)."""
    start, stop = _trim(body, opened.end, para.end if end is None else end)
    return QuoteSpan(
        opened.pos, start, stop, stop, opened.paragraph, para.index, opened.double, False
    )


# Inside an open quotation, a sentence end, then a short cue sentence ending in a colon right
# before the next opening mark: `promoted. He added: "`, `again. Mr Lee said: "`.
_CUE_BEFORE = re.compile(
    r"[.!?][ \t]+(?:[A-Z][\w'’.-]*[ \t]+){1,4}(?:[a-z]+[ \t]+){0,2}"
    r"(?:said|says|added|adds|continued|went on|told [^\"“”:]{1,40}|explained|insisted):[ \t]*\Z"
)
