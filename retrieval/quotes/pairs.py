"""Two people who speak together: `"...," Ann Lee and Bo Park wrote`, `More from Lee and Park:`.

The pair is the speaker, not its second name: "Bo Park" alone would credit one author with
joint words. Each name is resolved on its own ("Lee and Park" -> "Ann Lee and Bo Park").
"""

from __future__ import annotations

import re
from collections.abc import Callable

from retrieval.quotes.names import is_title, looks_like_name, tokens

__all__ = ["is_name_pair", "resolve_pair"]

_AND = re.compile(r"\s+(?:and|&)\s+")


def _halves(phrase: str) -> list[str] | None:
    halves = _AND.split(phrase.strip())
    if len(halves) != 2 or not all(looks_like_name(h) for h in halves):
        return None
    if any(is_title(t) for h in halves for t in tokens(h)):
        return None  # "former Gov. and Chairman Ed Rendell": one person's two roles
    return halves


def is_name_pair(phrase: str) -> bool:
    """'Ann Lee and Bo Park', 'Lee and Park': two names joined by "and"."""
    return _halves(phrase) is not None


def resolve_pair(phrase: str, full_name: Callable[[str], str]) -> str | None:
    """Both names at their fullest, or None when `phrase` is not a pair of names."""
    halves = _halves(phrase)
    if halves is None:
        return None
    return " and ".join(full_name(h) for h in halves)
