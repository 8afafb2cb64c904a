"""Counted nouns the way a reader says them: "1 article", "2 articles"."""

from __future__ import annotations


def plural(count: int, noun: str, nouns: str | None = None) -> str:
    """`count` (with thousands separators) and `noun`, or `nouns` (default noun + "s")."""
    return f"{count:,} {noun if count == 1 else nouns or noun + 's'}"
