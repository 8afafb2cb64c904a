"""Sentences of the narrative around quotations.

Sentence boundaries are found with the quotations' words masked out, so a full stop inside a
quotation does not cut the sentence that carries its cue, and a quotation over several
paragraphs stays inside one sentence.
"""

from __future__ import annotations

import re
from bisect import bisect_right

from retrieval.ingest.sentences import split_sentences
from retrieval.quotes.marks import QuoteSpan

_INITIAL_END = re.compile(r"\b[A-Z][a-z]+ [A-Z]\.\s*$")


def masked_body(body: str, spans: list[QuoteSpan]) -> str:
    """`body` with each quotation's words replaced by 'x', keeping its final punctuation."""
    chars = list(body)
    for span in spans:
        stop = span.inner_end
        if stop > span.inner_start and body[stop - 1] in ".!?":
            stop -= 1
        for k in range(span.inner_start, stop):
            chars[k] = "x"
        # Keep a capital where the quotation starts one, so a sentence can start at it.
        if stop > span.inner_start and body[span.inner_start].isupper():
            chars[span.inner_start] = "X"
    return "".join(chars)


def sentence_spans(body: str, spans: list[QuoteSpan]) -> list[tuple[int, int]]:
    """Sentence (start, end) offsets of `body`; never split inside a quotation."""
    masked = masked_body(body, spans)
    out: list[tuple[int, int]] = []
    pos = 0
    for block in masked.split("\n\n"):
        for s, e in split_sentences(block):
            prev = masked[out[-1][0] : out[-1][1]] if out and out[-1][0] >= pos else ""
            if prev and _continues(prev, block[s:e]):
                # "Arthur P. Lind Jr., the prosecutor, said": a split after an initial or an
                # abbreviation that the next words show was not a sentence end.
                out[-1] = (out[-1][0], pos + e)
            else:
                out.append((pos + s, pos + e))
        pos += len(block) + 2
    return out


def _continues(prev: str, sentence: str) -> bool:
    """Whether `sentence` continues `prev`: it opens with a comma or a lower-case word, or
    `prev` ends on a middle initial ("Arthur P.")."""
    head = sentence.lstrip()[:1]
    return head in {",", ";"} or head.islower() or bool(_INITIAL_END.search(prev))


class Sentences:
    """Sentence lookup by offset."""

    def __init__(self, spans: list[tuple[int, int]]) -> None:
        self.spans = spans
        self._starts = [s for s, _ in spans]

    def index_at(self, offset: int) -> int:
        return max(0, bisect_right(self._starts, offset) - 1)

    def __getitem__(self, index: int) -> tuple[int, int]:
        return self.spans[index]

    def __len__(self) -> int:
        return len(self.spans)
