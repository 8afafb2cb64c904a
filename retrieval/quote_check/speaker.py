"""Whether a name a user typed is the speaker our archive gives a quotation: the one place
quote-check (and the speaker record) compare a typed name with a quotation's speaker.

Speakers are entities (retrieval/quotes/registry.py): "Corbyn", "Mr Corbyn" and "jeremy corbyn"
all denote Jeremy Corbyn however each article wrote him, and none of them denotes "a spokesman
for Mr Corbyn", who speaks for him but is not him."""

from __future__ import annotations

from retrieval.index.archive import Archive
from retrieval.models import Quote
from retrieval.quotes.entities import speaker_id as slug
from retrieval.quotes.names import speaker_matches
from retrieval.quotes.registry import SpeakerEntity, denotes


def entity_of(archive: Archive, quote: Quote) -> SpeakerEntity | None:
    """The archive's entity for the quote's speaker (None for an unnamed one)."""
    return archive.speaker_registry.entity_of(quote.speaker_id or slug(quote.speaker or ""))


def names_speaker(archive: Archive, typed: str, quote: Quote) -> bool:
    """Whether `typed` denotes the quote's speaker."""
    entity = entity_of(archive, quote)
    if entity is None:  # a speaker the registry does not know: compare the names as written
        return any(speaker_matches(typed, n) for n in (quote.speaker, quote.speaker_as_written))
    return denotes(typed, entity)


def resolved(archive: Archive, quote: Quote) -> Quote:
    """The quote with its speaker as the archive's entity (id, kind, canonical name)."""
    return archive.speaker_registry.resolve(quote)


def speaker_id(quote: Quote) -> str | None:
    """The quote's speaker id: the entity's once `resolved`, else a slug of the name."""
    if quote.speaker_id:
        return quote.speaker_id
    return slug(quote.speaker) or None if quote.speaker else None
