"""Model objects to and from database rows.

A quote's fields other than its text go to one jsonb column, read back by name: a field added to
`Quote` (with a default) is written and read with no schema change, and a row written before it
existed reads with the default."""

from __future__ import annotations

import json
from dataclasses import asdict, fields

from retrieval.models import Article, Quote

_QUOTE_FIELDS = frozenset(f.name for f in fields(Quote)) - {"text"}


def quote_fields(quote: Quote) -> dict:
    return {k: v for k, v in asdict(quote).items() if k != "text"}


def quote_of(stored: dict, body: str) -> Quote:
    """The quote of a row's `fields`, its text sliced from its article's `body`."""
    known = {k: v for k, v in stored.items() if k in _QUOTE_FIELDS}
    return Quote(text=body[known["start"] : known["end"]], **known)


def article_of(row: tuple) -> Article:
    id_, title, day, source, url, body, metadata = row
    return Article(
        id=id_,
        title=title,
        body=body,
        date=day,
        source=source,
        url=url,
        metadata=metadata if isinstance(metadata, dict) else json.loads(metadata),
    )
