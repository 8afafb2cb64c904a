"""Hybrid search: dense (FAISS) and lexical (BM25) candidates, fused, with an abstain rule."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace

import numpy as np

from retrieval.embed.embedding import Embedder
from retrieval.index.archive import Archive
from retrieval.index.collection import Collection, Filters
from retrieval.models import Passage
from retrieval.search.abstain import AnswerRule, signals
from retrieval.search.rerank import (
    RERANK_DEPTH,
    Evidence,
    article_coverage,
    final_scores,
    gather,
)

CANDIDATES = 100
# A question asking for a kind of answer (money, a share, a number) is refused when none of
# this many best passages holds one. On the tuning halves (bench/fit_ask.py) the answer
# passage of every answerable money, share and number question holds its kind, and it is among
# the best three for all of them.
TYPED_DEPTH = 3


@dataclass(frozen=True)
class Fusion:
    """How dense and lexical evidence combine, and when the best hit is not an answer."""

    dense_weight: float = 1.0
    lexical_weight: float = 0.05
    # The best hit must be at least this close in meaning to count as an answer.
    min_dense: float = 0.575
    # Quotes are short, so a relevant one sits further from a question in meaning; a quote that
    # holds the words typed is an answer whatever its distance (`quote_search`). 0.45 refuses
    # 76% of the unanswerable questions (0.30: 46%) and still answers 93% of the fragment and
    # 89% of the speaker+keywords probes of PolNeAR train (bench/who_said_eval.py).
    min_dense_quote: float = 0.45
    mode: str = "weighted"  # "weighted", "rrf", "dense" or "lexical"
    # Weight of a passage's share of the query words its headline lacks (see focus.py); the
    # best RERANK_DEPTH passages are reordered by it and the weights below (rerank.py).
    focus_weight: float = 0.03
    # Quotes are searched by a remembered fragment as often as by meaning, and their exact words
    # are what tells one from another: the lexical side weighs ten times more. Tuned on PolNeAR
    # train probes (bench/who_said_eval.py --grid): fragment hit@1 .54 at 0.05, .85 at 0.5, .86
    # at 1.0; 0.5 keeps more of the meaning side for questions that share few words.
    quote_lexical_weight: float = 0.5
    # A quote inside one of the passages that best answer the query gains this share of that
    # passage's closeness in meaning: a question rarely shares the words of the quotation that
    # answers it, but the paragraph around the quotation often answers it (bench/who_said_eval).
    # Not when the best quote already holds the words typed: then the words decide.
    quote_context_weight: float = 0.25
    # Reranking of the best RERANK_DEPTH passages (rerank.py): weight of the share of all the
    # query's words a passage holds, and of the asked speaker's own words being in it.
    coverage_weight: float = 0.0
    speaker_weight: float = 0.0
    # ... and of a "how many" or "when" question's passage holding a number or a date.
    kind_weight: float = 0.0
    # Whether the best passage answers `ask` (abstain.py); None: `dense >= min_dense` alone.
    answer_rule: AnswerRule | None = None

    def for_quotes(self) -> Fusion:
        """The weights and abstain threshold that `who-said` ranks quotations with."""
        return replace(
            self, lexical_weight=self.quote_lexical_weight, min_dense=self.min_dense_quote
        )


# Fitted by bench/fit_ask.py on the tuning half of bench/ask_questions.jsonl with the earlier
# tuning set, 5-fold cross-validated by article. Ask tuning half, cross-validated: R@5 .817 ->
# .851, MRR@10 .613 -> .668; earlier tuning set: R@5 .929 -> .917, MRR@10 .749 -> .769. The
# answer rule (closeness, coverage by the passage and by its article) answers 95% of the
# answerable questions and refuses 68% of the never-covered ones and 18% of the near misses,
# cross-validated (the rule over closeness, lead, coverage and speaker before it: 95%, 58%, 12%).
# With money and share told from other numbers and a missing kind refused (TYPED_DEPTH), same
# weights and rule: R@5 .857, MRR@10 .676; answers 97%, refuses 18% of near misses (was 9%).
DEFAULT_FUSION = Fusion(
    focus_weight=0.1,
    coverage_weight=0.0,
    speaker_weight=0.1,
    kind_weight=0.1,
    answer_rule=AnswerRule(
        bias=-5.673,
        dense=7.452,
        coverage=0.653,
        article_coverage=2.673,
    ),
)


@dataclass
class Ranked:
    """Item ids of a collection, best first, with the evidence behind each score."""

    ids: list[int]
    scores: list[float]
    dense: list[float]
    lexical: list[float]
    absent: list[str] = field(default_factory=list)  # names in the query the archive lacks


@dataclass
class Hit:
    passage: Passage
    score: float
    dense: float
    lexical: float


@dataclass
class SearchOutcome:
    hits: list[Hit]
    answered: bool
    absent: list[str] = field(default_factory=list)
    # The kind of answer asked for ("money", "date"...) that none of the best passages holds.
    missing_kind: str | None = None


# A strided sample this many times k bounds the k-th best score from below (see _top_positive).
SAMPLE_PER_K = 64


def _cut(scores: np.ndarray, k: int, allowed: np.ndarray | None) -> float:
    """A score the k-th best allowed item reaches: the k-th best of a strided sample (a subset's
    k-th best is never above the whole set's), or 0 when the sample has too few matches."""
    step = len(scores) // (k * SAMPLE_PER_K)
    if step < 2:
        return 0.0
    sample = scores[::step]
    if allowed is not None:
        sample = sample[allowed[::step]]
    sample = sample[sample > 0]
    if len(sample) < k:
        return 0.0
    return float(np.partition(sample, len(sample) - k)[len(sample) - k])


def _top_positive(scores: np.ndarray, k: int, allowed: np.ndarray | None) -> np.ndarray:
    """Ids of the k best positive allowed scores (fewer if fewer match); a tie at the cut goes to
    the lower id. At a million passages a common word matches most of them: only those at or
    above a sampled cut are ranked, instead of partitioning every match."""
    cut = _cut(scores, k, allowed)
    found = np.flatnonzero(scores >= cut) if cut > 0 else np.flatnonzero(scores > 0)
    if allowed is not None:
        found = found[allowed[found]]  # only the matches are looked up in the mask
    if len(found) > k:
        found = found[np.lexsort((found, -scores[found]))[:k]]
    return found


top_positive = _top_positive  # for callers that rank one score array their own way


def rank_collection(
    collection: Collection,
    query_vector: np.ndarray,
    query: str,
    k: int,
    filters: Filters | None = None,
    fusion: Fusion = DEFAULT_FUSION,
    boost: Mapping[int, float] | None = None,
) -> Ranked:
    """The top-k items of `collection`; `boost` adds to some items' fused scores (and makes
    them candidates, when the filters allow them)."""
    return Candidates.find(collection, query_vector, query, filters).ranked(k, fusion, boost)


@dataclass
class Candidates:
    """What one query's ranking reads from a collection (BM25 over every item, the dense
    search, names the archive lacks), found once however many ways it is then ranked."""

    collection: Collection
    query_vector: np.ndarray
    allowed: np.ndarray | None
    lexical_scores: np.ndarray | None  # None: nothing can match (empty, or all filtered out)
    ids: np.ndarray  # the dense and lexical candidates, sorted
    absent: list[str]

    @classmethod
    def find(
        cls, collection: Collection, query_vector: np.ndarray, query: str, filters: Filters | None
    ) -> Candidates:
        allowed = collection.allowed(filters or Filters())
        none = np.zeros(0, dtype=np.int64)
        if collection.size == 0 or (allowed is not None and not allowed.any()):
            return cls(collection, query_vector, allowed, None, none, [])
        lexical_scores = collection.lexical.scores(query)
        lexical_ids = _top_positive(lexical_scores, CANDIDATES, allowed)
        dense_ids, _ = collection.dense.search(query_vector, CANDIDATES, allowed)
        ids = np.unique(np.concatenate([dense_ids, lexical_ids]).astype(np.int64))
        absent = collection.lexical.absent_names(query)
        return cls(collection, query_vector, allowed, lexical_scores, ids, absent)

    def ranked(
        self, k: int, fusion: Fusion = DEFAULT_FUSION, boost: Mapping[int, float] | None = None
    ) -> Ranked:
        if self.lexical_scores is None:
            return Ranked([], [], [], [])
        boosted = [i for i in (boost or {}) if self.allowed is None or self.allowed[i]]
        ids = np.unique(np.concatenate([self.ids, np.asarray(boosted, np.int64)]))
        if len(ids) == 0:
            return Ranked([], [], [], [])
        dense = self.collection.dense.cosine(self.query_vector, ids)
        lexical = self.lexical_scores[ids]
        fused = fuse(dense, lexical, fusion)
        if boost:
            fused = fused + np.asarray([boost.get(int(i), 0.0) for i in ids])
        order = np.argsort(-fused, kind="stable")[:k]
        return Ranked(
            [int(ids[i]) for i in order],
            [float(fused[i]) for i in order],
            [float(dense[i]) for i in order],
            [float(lexical[i]) for i in order],
            self.absent,
        )


def fuse(dense: np.ndarray, lexical: np.ndarray, fusion: Fusion) -> np.ndarray:
    if fusion.mode == "dense":
        return dense
    if fusion.mode == "lexical":
        return lexical
    if fusion.mode == "rrf":
        dense_rank = np.argsort(np.argsort(-dense))
        lexical_rank = np.argsort(np.argsort(-lexical))
        return 1 / (60 + dense_rank) + np.where(lexical > 0, 1 / (60 + lexical_rank), 0)
    top = lexical.max()
    lexical_norm = lexical / top if top > 0 else lexical
    return fusion.dense_weight * dense + fusion.lexical_weight * lexical_norm


def answered(ranked: Ranked, fusion: Fusion) -> bool:
    """A confident answer: a close enough best hit, and no name the archive never mentions."""
    return bool(ranked.ids) and not ranked.absent and ranked.dense[0] >= fusion.min_dense


def rank(
    archive: Archive,
    query_vector: np.ndarray,
    query: str,
    k: int,
    filters: Filters | None = None,
    fusion: Fusion = DEFAULT_FUSION,
) -> SearchOutcome:
    """The top-k passages for a query whose vector is already computed."""
    reranks = fusion.mode == "weighted" and (
        fusion.focus_weight > 0
        or fusion.coverage_weight > 0
        or fusion.speaker_weight > 0
        or fusion.kind_weight > 0
        or fusion.answer_rule is not None
    )
    depth = max(k, RERANK_DEPTH) if reranks else k
    ranked = rank_collection(archive.passages, query_vector, query, depth, filters, fusion)
    if not reranks or not ranked.ids:
        return _outcome(archive, ranked, answered(ranked, fusion), k)
    evidence = gather(
        archive, query, ranked.ids, ranked.scores, ranked.dense, ranked.lexical, ranked.absent
    )
    scores = final_scores(
        evidence,
        fusion.focus_weight,
        fusion.speaker_weight,
        fusion.coverage_weight,
        fusion.kind_weight,
    )
    order = np.argsort(-scores, kind="stable")
    missing = missing_kind(evidence, order)
    confident = (
        answers(archive, evidence, int(order[0]), fusion) and missing is None
        if fusion.answer_rule
        # Without a rule, whether to answer is the fused ranking's call: reordering passages
        # does not bring the archive any closer to the question.
        else (answered(ranked, fusion))
    )
    reordered = Ranked(
        [ranked.ids[i] for i in order],
        [float(scores[i]) for i in order],
        [ranked.dense[i] for i in order],
        [ranked.lexical[i] for i in order],
        ranked.absent,
    )
    return _outcome(archive, reordered, confident, k, missing if fusion.answer_rule else None)


def missing_kind(evidence: Evidence, order: np.ndarray) -> str | None:
    """The kind of answer the question asks for (a sum of money, a date...) when none of the
    best TYPED_DEPTH passages holds one: the archive then has passages about the subject but
    not the figure asked for (a near miss), however close in meaning they are."""
    # Every passage is cited with its article's date, which may be the date a "when" question
    # asks for ("When was the letter published?") though no paragraph writes one.
    if evidence.wanted in (None, "date") or not len(order):
        return None
    return None if evidence.kind[order[:TYPED_DEPTH]].any() else evidence.wanted


def answers(archive: Archive, evidence: Evidence, best: int, fusion: Fusion) -> bool:
    """The answer rule's call on candidate `best` (the reranked first) and never with a name
    the archive lacks."""
    if evidence.absent or fusion.answer_rule is None:
        return False
    found = answer_signals(archive, evidence, best)
    return fusion.answer_rule.score(found) >= 0


def answer_signals(archive: Archive, evidence: Evidence, best: int) -> dict[str, float]:
    return signals(
        float(evidence.dense[best]),
        float(evidence.coverage[best]),
        article_coverage(archive, evidence.content, evidence.articles[best]),
    )


def _outcome(
    archive: Archive, ranked: Ranked, confident: bool, k: int, missing: str | None = None
) -> SearchOutcome:
    passages = archive.store.passages(ranked.ids[:k])
    hits = [
        Hit(passages[i], score, dense, lexical)
        for i, score, dense, lexical in zip(
            ranked.ids[:k], ranked.scores[:k], ranked.dense[:k], ranked.lexical[:k], strict=True
        )
    ]
    return SearchOutcome(hits, confident, ranked.absent, missing)


def search(
    archive: Archive,
    embedder: Embedder,
    query: str,
    k: int = 5,
    filters: Filters | None = None,
    fusion: Fusion = DEFAULT_FUSION,
) -> SearchOutcome:
    vector = embedder.encode([query])[0]
    return rank(archive, vector, query, k, filters, fusion)
