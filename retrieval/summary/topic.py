"""Topic summaries: non-repeating sentences about a query across articles, as a timeline."""

from __future__ import annotations

import bisect
import itertools
import re
from collections.abc import Sequence

import numpy as np

from retrieval.embed.embedding import Embedder
from retrieval.models import Article, Passage, Quote
from retrieval.summary.model import Summary
from retrieval.summary.select import mmr
from retrieval.summary.units import Unit, article_units, cite_units
from retrieval.summary.words import content_words

# A topic is answered only when some sentence is at least this close in meaning to the query
# (dense cosine). `bench/summary_eval.py --calibrate`: 12 BBC topics scored 0.62-0.81, 12 topics
# the 2004-05 archive cannot cover 0.28-0.54.
MIN_RELEVANCE = 0.58
# A sentence that names (nearly) every content word of the query counts from a lower cosine:
# short, name-heavy queries ("open letter to the Labour leader": 0.47 on the seed) embed far from
# long sentences. None of the 12 uncovered topics has a sentence naming over half its words.
MIN_RELEVANCE_WITH_WORDS = 0.4
QUERY_WORDS_COVERED = 0.75
# Sentences further than this below the best one are off the topic even if their passage matched.
RELEVANCE_MARGIN = 0.2
DIVERSITY = 0.6
# Two sentences this close in meaning (or sharing nearly all their words) say the same thing.
DUPLICATE_COSINE = 0.9
DUPLICATE_WORDS = 0.8
DEFAULT_TOPIC_LENGTH = 6
# Encoding the sentences is nearly all of a topic summary's time (about 1 s for the ~150
# sentences of 30 passages): only a shortlist is encoded, the sentences whose passage scored
# best plus this weight times the share of the query's content words they name. On 60 tuning
# topics (bench/summary_speed.py --grid) 16 keep 92% of the sentences encoding all picks (24:
# 95%, 12: 88%) and the picks are as close to the query (mean cosine 0.658 against 0.656); word
# weight 1.0 keeps more than 0.3 (87%) or passage scores alone (78%).
SHORTLIST = 16
SHORTLIST_WORD_WEIGHT = 1.0
# When no shortlisted sentence is about the topic, one more shortlist is encoded before giving
# up: a paraphrase in a low-scored passage ("Larry King and Ed Schultz are on a Russian
# state-financed television outlet") names none of the query's words.
SHORTLIST_ROUNDS = 2
# Added to an article's first sentence when ranking relevant sentences: the reporter wrote it to
# say what the story is. BBC headlines as topics (bench/summary_speed.py --headlines, 70 tuning
# articles): the share of picked sentences in their article's gold summary goes from 0.674 to
# 0.713 at +0.1 and 0.727 at +0.2 (+0.3 no further) for 2 sentences, 0.679 to 0.701 for 3; the
# picks' query cosine 0.681 to 0.678.
LEAD_BONUS = 0.2
_UNDATED = "9999-99-99"


def _candidate_units(
    candidates: list[tuple[Article, Passage, float]],
) -> tuple[list[Unit], np.ndarray]:
    """The prose sentences of the candidate passages, once each, with their passage's score."""
    index: dict[tuple[str, int], int] = {}
    units: list[Unit] = []
    scores: list[float] = []
    # Split each article once, however many of its passages are candidates: re-splitting per
    # passage read a 1 MB article 30 times (3 s for one summary).
    by_article: dict[str, tuple[list[Unit], list[int]]] = {}
    for article, passage, score in candidates:
        if article.id not in by_article:
            found = article_units(article)
            by_article[article.id] = (found, [u.end for u in found])
        article_sentences, ends = by_article[article.id]
        first = bisect.bisect_right(ends, passage.start)  # sentences in order: ends ascend
        rest = itertools.islice(article_sentences, first, None)
        for unit in itertools.takewhile(lambda u, end=passage.end: u.start < end, rest):
            key = (article.id, unit.start)
            if key not in index:
                index[key] = len(units)
                units.append(unit)
                scores.append(score)
            else:
                scores[index[key]] = max(scores[index[key]], score)
    return units, np.array(scores, dtype=np.float32)


def _leads(units: list[Unit]) -> np.ndarray:
    return np.array([u.position == 0 for u in units], dtype=np.float32)


def shortlist(
    query: str, units: list[Unit], passage_scores: np.ndarray, lead_bonus: float = 0.0
) -> list[int]:
    """The sentences in the order they are worth encoding: by their passage's search score plus
    the share of the query's content words they name (plus `lead_bonus` for an article's first
    sentence). A sentence re-run word for word appears once, as its earliest publication (the
    only one a summary may cite)."""
    wanted = set(content_words(query))
    named = np.array(
        [len(wanted & set(content_words(u.text))) / len(wanted) if wanted else 0.0 for u in units]
    )
    proxy = passage_scores + SHORTLIST_WORD_WEIGHT * named + lead_bonus * _leads(units)
    earliest: dict[str, int] = {}
    best: dict[str, float] = {}
    for i in sorted(range(len(units)), key=lambda i: _chronology(units[i])):
        text = " ".join(sorted(_words(units[i].text)))
        earliest.setdefault(text, i)
        best[text] = max(best.get(text, -np.inf), float(proxy[i]))
    return [earliest[text] for text in sorted(earliest, key=lambda text: -best[text])]


def _words(text: str) -> set[str]:
    return set(re.findall(r"[a-z0-9]+", text.lower()))


def _same_words(a: set[str], b: set[str]) -> bool:
    if not a or not b:
        return False
    shared = len(a & b)
    return shared / len(a) >= DUPLICATE_WORDS and shared / len(b) >= DUPLICATE_WORDS


def relevant(
    query: str, texts: list[str], cosine: np.ndarray, min_relevance: float = MIN_RELEVANCE
) -> np.ndarray:
    """Which sentences are about the query: close in meaning, or close and naming its words."""
    wanted = set(content_words(query))
    covered = np.array(
        [len(wanted & set(content_words(t))) / len(wanted) if wanted else 0.0 for t in texts]
    )
    lowered = min(min_relevance, MIN_RELEVANCE_WITH_WORDS)
    return (cosine >= min_relevance) | ((cosine >= lowered) & (covered >= QUERY_WORDS_COVERED))


def _chronology(unit: Unit) -> tuple[str, str, int]:
    return (unit.article.date or _UNDATED, unit.article.id, unit.start)


def _earliest_of_duplicates(units: list[Unit], similarity: np.ndarray) -> np.ndarray:
    """Keep-mask: of each group of near-duplicates, only the earliest published sentence."""
    words = [_words(u.text) for u in units]
    order = sorted(range(len(units)), key=lambda i: _chronology(units[i]))
    keep = np.zeros(len(units), dtype=bool)
    kept: list[int] = []
    for i in order:
        duplicate = any(
            similarity[i, j] >= DUPLICATE_COSINE or _same_words(words[i], words[j]) for j in kept
        )
        if not duplicate:
            keep[i] = True
            kept.append(i)
    return keep


def summarize_topic(
    query: str,
    query_vector: np.ndarray,
    candidates: list[tuple[Article, Passage, float]],
    embedder: Embedder,
    n: int | None = None,
    min_relevance: float = MIN_RELEVANCE,
    quotes: Sequence[Quote] = (),
    shortlist_size: int | None = SHORTLIST,
    lead_bonus: float = LEAD_BONUS,
) -> Summary:
    """Sentences from the `candidates` passages that cover `query`, ordered by date then position.

    `candidates` are (article, passage, search score) as a search returned them. The summary is
    not answered when no sentence reaches `min_relevance` cosine with `query_vector` (or a lower
    cosine while naming the query's words, see `relevant`). `quotes` (the index's quotes in
    the candidate passages) say whose words a quoted sentence is. Only `shortlist_size`
    sentences are encoded, a second round of as many when none of those is about the query
    (None: every one in one batch, as before the shortlist).
    """
    units, passage_scores = _candidate_units(candidates)
    if not units:
        return Summary(query=query, article_id=None, answered=False)
    # A long summary asked for gets a longer shortlist: twice its length at least.
    k = DEFAULT_TOPIC_LENGTH if n is None else n
    if shortlist_size is None:
        order, step, rounds = list(range(len(units))), max(1, len(units)), 1
    else:
        order = shortlist(query, units, passage_scores, lead_bonus)
        step, rounds = max(shortlist_size, 2 * k), SHORTLIST_ROUNDS
    kept: list[int] = []
    encoded: list[np.ndarray] = []
    for round_ in range(rounds):
        batch = order[round_ * step : (round_ + 1) * step]
        if not batch:
            break
        kept += batch
        encoded.append(embedder.encode([units[i].text for i in batch]))
        vectors = np.vstack(encoded)
        relevance = vectors @ np.asarray(query_vector, dtype=np.float32)
        about = relevant(query, [units[i].text for i in kept], relevance, min_relevance)
        if about.any():
            break
    if not kept or not about.any():
        return Summary(query=query, article_id=None, answered=False)
    units = [units[i] for i in kept]
    similarity = vectors @ vectors.T
    eligible = _earliest_of_duplicates(units, similarity) & about
    eligible &= relevance >= float(relevance[about].max()) - RELEVANCE_MARGIN
    ranking = relevance + lead_bonus * _leads(units)
    chosen = mmr(ranking, similarity, k, DIVERSITY, eligible=eligible)
    picked = sorted(chosen, key=lambda i: _chronology(units[i]))
    return Summary(
        query=query,
        article_id=None,
        answered=bool(picked),
        sentences=cite_units([units[i] for i in picked], quotes),
    )
