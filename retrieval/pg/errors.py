"""Errors a user can act on, raised by the PostgreSQL storage."""

from __future__ import annotations

from retrieval.index.layout import IndexLoadError


class DatabaseError(IndexLoadError):
    """The database cannot be used as it is; the message says what is missing and what to do.

    An IndexLoadError, so every adapter already shows it as one short line."""
