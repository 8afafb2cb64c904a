"""Whether the best passage answers: a linear rule over what the ranking saw.

A near miss (a question about people and events the archive covers, asking for something it
does not say) lands as close in meaning as many answerable questions, so one cosine threshold
either refuses good questions or answers near misses. The rule weighs three signals of the
reranked best passage: its closeness in meaning, how much of the query (IDF-weighted) it holds,
and how much of the query its whole article holds (a near miss's specific words are in none of
its paragraphs). It answers when `bias + sum(weight * signal) >= 0`; the weights are a logistic
regression fitted on the tuning half of bench/ask_questions.jsonl and the earlier tuning set
(bench/fit_ask.py), and `bias` moves the trade-off (NEWSBOT_ANSWER_BIAS). The lead over the
runner-up and whether an asked speaker speaks in the passage were tried as signals too and did
not help cross-validated. A name the archive never mentions always refuses.
"""

from __future__ import annotations

from dataclasses import dataclass

SIGNALS = ("dense", "coverage", "article_coverage")


@dataclass(frozen=True)
class AnswerRule:
    bias: float
    dense: float
    coverage: float
    article_coverage: float

    def score(self, signals: dict[str, float]) -> float:
        return self.bias + sum(getattr(self, name) * signals[name] for name in SIGNALS)


def signals(dense: float, coverage: float, article_coverage: float) -> dict[str, float]:
    """The rule's inputs, read from the reranked best passage."""
    return {"dense": dense, "coverage": coverage, "article_coverage": article_coverage}
