"""`who-said` ranking and its answer-or-abstain rule.

A reporter finds a quotation in two ways. By its words: a remembered fragment, or a speaker and
a few keywords; then the quotation that holds those words is the answer, however far it sits
from them in meaning. By its subject: a question that shares few words with the quotation that
answers it; then the paragraph around the quotation often answers the question when the
quotation alone does not, so quotes inside the passages that best answer the query are lifted
(`Fusion.quote_context_weight`).
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np

from retrieval.index.archive import Archive
from retrieval.index.collection import Collection, Filters
from retrieval.index.lexical import terms
from retrieval.search.rank import Candidates, Fusion, Ranked, answered, rank_collection

# Passages whose quotes are lifted.
CONTEXT_PASSAGES = 10
# Share of the query's words the best quote (with its speaker and sentence) must hold for the
# query to count as the quotation's own words.
QUOTE_WORDS_HELD = 0.75


@dataclass
class QuoteRanking:
    ranked: Ranked
    answered: bool


def rank_quotes(
    archive: Archive,
    query_vector: np.ndarray,
    query: str,
    k: int,
    filters: Filters,
    fusion: Fusion,
) -> QuoteRanking:
    """The top-k quotes for a query whose vector is computed, and whether they answer it."""
    quotes, by_quote = archive.quotes, fusion.for_quotes()
    candidates = Candidates.find(quotes, query_vector, query, filters)
    ranked = candidates.ranked(k, by_quote)
    if holds_query_words(quotes, ranked, query):
        return QuoteRanking(ranked, not ranked.absent)
    boost = context_boost(archive, query_vector, query, filters, fusion)
    ranked = candidates.ranked(k, by_quote, boost)
    # Answered when close in meaning, or inside a passage close enough to answer for `ask`.
    in_answer = bool(ranked.ids) and boost.get(ranked.ids[0], 0.0) >= (
        fusion.quote_context_weight * fusion.min_dense or float("inf")
    )
    confident = answered(ranked, by_quote) or (in_answer and not ranked.absent)
    return QuoteRanking(ranked, confident or holds_query_words(quotes, ranked, query))


def context_boost(
    archive: Archive, query_vector: np.ndarray, query: str, filters: Filters, fusion: Fusion
) -> dict[int, float]:
    """Quote id -> score boost for the quotes inside the passages that best answer `query`."""
    if fusion.quote_context_weight <= 0:
        return {}
    where = replace(filters, speaker_codes=None)
    ranked = rank_collection(archive.passages, query_vector, query, CONTEXT_PASSAGES, where, fusion)
    closeness = dict(zip(ranked.ids, ranked.dense, strict=True))
    boost: dict[int, float] = {}
    for passage_id, quote_ids in archive.store.quotes_in_passages(ranked.ids).items():
        for quote_id in quote_ids:
            gain = fusion.quote_context_weight * closeness[passage_id]
            boost[quote_id] = max(boost.get(quote_id, 0.0), gain)
    return boost


def holds_query_words(collection: Collection, ranked: Ranked, query: str) -> bool:
    """Whether the best item holds most of the query's words (for a quote: with its speaker
    and sentence): the user typed words of that quotation, and no name the archive lacks."""
    wanted = list(dict.fromkeys(terms([query])[0]))
    if not ranked.ids or not wanted or ranked.absent:
        return False
    held = collection.lexical.contains(wanted, np.asarray(ranked.ids[:1], dtype=np.int64))
    return float(held.mean()) >= QUOTE_WORDS_HELD
