"""Whether the best passage answers: a linear rule over what the ranking saw.

A near miss (a question about people and events the archive covers, asking for something it
does not say) lands as close in meaning as many answerable questions, so one cosine threshold
either refuses good questions or answers near misses. The rule weighs several signals of the
reranked best passage: its closeness in meaning, its lead over the runner-up, how much of the
query (IDF-weighted) it holds, and, for a "what did X say" question, whether X speaks in it.
It answers when `bias + sum(weight * signal) >= 0`; the weights are a logistic regression
fitted on the tuning half of bench/ask_questions.jsonl (bench/fit_ask.py), and `bias` moves
the trade-off (NEWSBOT_ANSWER_BIAS). A name the archive never mentions always refuses.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

SIGNALS = ("dense", "margin", "coverage", "speaks")


@dataclass(frozen=True)
class AnswerRule:
    bias: float
    dense: float
    margin: float
    coverage: float
    speaks: float

    def score(self, signals: dict[str, float]) -> float:
        return self.bias + sum(getattr(self, name) * signals[name] for name in SIGNALS)


def signals(
    dense: np.ndarray, scores: np.ndarray, coverage: np.ndarray, speaks: np.ndarray, asked: bool
) -> dict[str, float]:
    """The rule's inputs, from candidates already in final order (best first)."""
    if len(scores) == 0:
        return dict.fromkeys(SIGNALS, 0.0)
    runner_up = float(scores[1]) if len(scores) > 1 else float(scores[0]) - 0.1
    return {
        "dense": float(dense[0]),
        "margin": float(scores[0]) - runner_up,
        "coverage": float(coverage[0]),
        # A question that names no speaker is neither helped nor hurt by this signal.
        "speaks": (float(speaks[0]) if asked else 0.5) - 0.5,
    }
