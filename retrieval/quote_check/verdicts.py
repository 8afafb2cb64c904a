"""The verdict of a quote check in a reporter's words, the same for every adapter."""

from __future__ import annotations

from retrieval.quote_check.answer import ALTERED, EXACT, PARAPHRASE, QuoteCheckAnswer

_HEADLINES = {
    EXACT: "Exact: these words are inside a quotation we published.",
    ALTERED: "Altered: a quotation we published says this with some words different.",
    PARAPHRASE: "Paraphrase: a quotation we published says this in other words.",
}


def headline(answer: QuoteCheckAnswer) -> str:
    if answer.verdict in _HEADLINES:
        return _HEADLINES[answer.verdict]
    if answer.narrative:
        return "Not found as a quotation: these words ran in our reporting, outside quote marks."
    return "Not found: no quotation we published says this."
