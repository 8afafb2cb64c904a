"""What a quotation's context adds: the sentence that names the speaker, without the quoted
words, shown only when it says more than the speaker's name and the verb that cued the quote
("A spokesman said" adds nothing under a quote already credited to the spokesman; "In an open
letter published last night, the activists say" does)."""

from __future__ import annotations

import re

from retrieval.answers import QuoteResult

ELISION = "…"
_WORD = re.compile(r"\w[\w'’-]*")
# Words that say nothing about where or how something was said.
_FILLER_WORDS = """a an the of to and or in on at by for with from as that this these those it its
    he she they we i you him her them us his their our your who which
    is was were are be been being has have had do does did will would can could
    said says say saying told tells tell added adds add asked asks
    mr mrs ms miss dr sir lord lady"""
_FILLER = frozenset(_FILLER_WORDS.split())


def _words(text: str | None) -> set[str]:
    return {w.casefold() for w in _WORD.findall(text or "")}


def framing(result: QuoteResult) -> str | None:
    """The context sentence with the quotation elided, or None when it adds nothing."""
    context = (result.context or "").strip()
    quote = result.quote.strip()
    if not context:
        return None
    at = context.find(quote) if quote else -1
    if at >= 0:
        # What follows the quotation, to the end of its paragraph: later paragraphs of a long
        # context are more of the quotation.
        after = context[at + len(quote) :].split("\n", 1)[0]
        context = context[:at] + ELISION + after
    else:
        context = context.split("\n\n", 1)[0]
    known = _words(result.speaker) | _words(result.speaker_as_written) | _words(result.cue)
    if not (_words(context) - known - _FILLER):
        return None
    return context.strip()
