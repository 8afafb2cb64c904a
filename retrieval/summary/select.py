"""Choosing sentences: best first, skipping any that repeat one already chosen (MMR)."""

from __future__ import annotations

import numpy as np


def mmr(
    relevance: np.ndarray,
    similarity: np.ndarray,
    k: int,
    diversity: float,
    duplicate: float = 1.01,
    eligible: np.ndarray | None = None,
) -> list[int]:
    """Indices of up to `k` items by maximal marginal relevance, in the order chosen.

    Each step takes the item maximising `relevance - diversity * max similarity to the chosen`;
    an item at least `duplicate` similar to a chosen one is never taken.
    """
    n = len(relevance)
    allowed = np.ones(n, dtype=bool) if eligible is None else eligible.copy()
    chosen: list[int] = []
    closest = np.zeros(n)
    while len(chosen) < k and allowed.any():
        gain = np.where(allowed, relevance - diversity * closest, -np.inf)
        best = int(np.argmax(gain))
        chosen.append(best)
        allowed[best] = False
        closest = np.maximum(closest, similarity[best])
        allowed &= closest < duplicate
    return chosen
