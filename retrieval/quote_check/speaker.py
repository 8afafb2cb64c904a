"""Whether a name a user typed is the speaker our archive gives a quotation: the one place
quote-check compares speakers, so the rule can follow the archive's speaker matching."""

from __future__ import annotations

import re

from retrieval.index.archive import Archive
from retrieval.models import Quote
from retrieval.quotes.names import speaker_matches


def names_speaker(archive: Archive, typed: str, quote: Quote) -> bool:
    """Whether `typed` ("Corbyn", "Mr Corbyn", "jeremy corbyn") names the quote's speaker,
    as the article gives it or as it wrote it at the quote."""
    return any(speaker_matches(typed, name) for name in (quote.speaker, quote.speaker_as_written))


def speaker_id(quote: Quote) -> str | None:
    """A stable id for the quote's speaker: 'Jeremy Corbyn' -> 'jeremy-corbyn'."""
    return speaker_slug(quote.speaker) if quote.speaker else None


def speaker_slug(name: str) -> str | None:
    return "-".join(re.findall(r"[a-z0-9]+", name.casefold())) or None
