"""Words the renderers share: counted nouns ("1 article", "2 articles"), refusal reasons."""

from __future__ import annotations

from retrieval.search.answer_kind import KIND_NAMES


def plural(count: int, noun: str, nouns: str | None = None) -> str:
    """`count` (with thousands separators) and `noun`, or `nouns` (default noun + "s")."""
    return f"{count:,} {noun if count == 1 else nouns or noun + 's'}"


def lacking(kind: str) -> str:
    """Why `ask` refused: the closest passages hold no answer of the kind asked for."""
    return f"The closest passages give no {KIND_NAMES.get(kind, kind)}."
