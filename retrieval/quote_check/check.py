"""Whether and how our coverage carried a quotation a user pastes.

1. The quotations that share the most words with it (BM25 over the quote collection) are
   aligned word by word with it (`align`): inside one of them word for word is `exact`; a few
   words added, dropped or changed is `altered`, with the diff.
2. Unless exact, words we published outside any quotation (BM25 over passages, aligned the
   same way) are narrative: reported as such, never as a quotation; narrative word for word
   outweighs a quotation altered.
3. Else a quotation close in meaning (the encoder's cosine over the quote collection) is a
   `paraphrase`; else `not_found`.
The encoder only runs when the words were not found (3), so the common check costs one or two
BM25 passes and a few alignments.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from retrieval.embed.embedding import Embedder
from retrieval.index.archive import Archive
from retrieval.index.collection import Filters
from retrieval.index.lexical import terms
from retrieval.models import Article, Passage, Quote
from retrieval.quote_check.align import Alignment, Words, align
from retrieval.quote_check.answer import (
    ALTERED,
    EXACT,
    NOT_FOUND,
    PARAPHRASE,
    NarrativeMatch,
    QuoteCheckAnswer,
    QuoteCheckMatch,
)
from retrieval.quote_check.speaker import names_speaker, resolved, speaker_id
from retrieval.search.rank import top_positive


@dataclass(frozen=True)
class CheckRules:
    """When an alignment is a quotation altered rather than another text, and when a
    quotation is close enough in meaning to be a paraphrase (bench/quote_check_eval.py)."""

    lexical_candidates: int = 30  # quotations aligned per check
    passage_candidates: int = 10  # passages searched for narrative words
    dense_candidates: int = 10
    # Altered: at most this many words added, dropped or changed, or this share of the words
    # pasted if more; and at least this share of the words pasted found in place.
    max_edits: int = 3
    max_edit_share: float = 0.3
    min_same_share: float = 0.6
    most_in_place: float = 0.85
    # A paraphrase: cosine + paraphrase_overlap x (rarer terms shared, see `_shared_terms`)
    # at least min_paraphrase. Tuned on the tuning half (bench/quote_check_eval.py --grid):
    # the cosine alone at 0.64 finds 62% of paraphrases and answers 6% of absent quotations.
    min_paraphrase: float = 0.9
    paraphrase_overlap: float = 0.7
    paraphrase_floor: float = 30.0  # IDF weight of about four rare terms

    def could_be_close(self, theirs: Words, ours: Words) -> bool:
        """A cheap bound before aligning: enough of the pasted words occur in ours at all."""
        held = set(ours.folded)
        return sum(w in held for w in theirs.folded) >= self.min_same_share * len(theirs)

    def close(self, found: Alignment) -> bool:
        """Whether the alignment is the same words, or the same words with a few changed."""
        allowed = max(self.max_edits, int(self.max_edit_share * found.theirs))
        if found.same >= self.most_in_place * found.theirs:
            # Nearly every pasted word in our order: words dropped from the middle make a
            # shortened quotation ("condemn, clearly and specifically, the"), up to as many
            # edits as words were pasted.
            allowed = max(allowed, found.theirs)
        return found.edits <= allowed and found.same >= self.min_same_share * found.theirs


DEFAULT_RULES = CheckRules()


def check_quote(
    archive: Archive,
    embedder: Embedder,
    text: str,
    speaker: str | None = None,
    k: int = 5,
    rules: CheckRules = DEFAULT_RULES,
) -> QuoteCheckAnswer:
    """The verdict on `text` (already cleaned) and the quotations behind it, best first."""
    speaker = speaker.strip() if speaker and speaker.strip() else None
    theirs = Words.of(text)
    quotes = archive.quotes
    if not len(theirs) or quotes is None or quotes.size == 0:
        return QuoteCheckAnswer(text, speaker, NOT_FOUND)
    live = quotes.allowed(Filters())
    ids = [
        int(i) for i in top_positive(quotes.lexical.scores(text), rules.lexical_candidates, live)
    ]
    found = archive.store.quotes(ids)
    close = _aligned(theirs, found, rules)
    narrative: list[NarrativeMatch] = []
    if not any(a.exact for a in close.values()):
        missed, narrative = _in_passages(archive, theirs, found, rules)
        close |= missed
        if narrative and narrative[0].exact and not any(a.exact for a in close.values()):
            # Words we ran word for word in our own reporting are that reporting, not a
            # quotation with a few words changed.
            close = {}
    if close:
        articles = _articles(archive, [found[i].article_id for i in close])
        matches = [
            _match(archive, articles, found[i], alignment, speaker)
            for i, alignment in close.items()
        ]
    else:
        matches = _paraphrases(archive, embedder, text, ids, speaker, rules)
    matches.sort(key=lambda m: _rank(m, speaker))
    return _answer(text, speaker, matches[:k], narrative[:k])


def _aligned(theirs: Words, found: dict[int, Quote], rules: CheckRules) -> dict[int, Alignment]:
    """The quotations the words are (nearly) inside, by quote id."""
    close = {}
    for i, quote in found.items():
        ours = Words.of(quote.text)
        if not rules.could_be_close(theirs, ours):
            continue
        alignment = align(theirs, ours)
        if alignment is not None and rules.close(alignment):
            close[i] = alignment
    return close


def _in_passages(
    archive: Archive, theirs: Words, found: dict[int, Quote], rules: CheckRules
) -> tuple[dict[int, Alignment], list[NarrativeMatch]]:
    """Where the words stand in our passages: in a quotation that the quote search missed
    (added to `found`), or in narrative (touching no quotation)."""
    passages = archive.passages
    live = passages.allowed(Filters())
    scores = passages.lexical.scores(theirs.text)
    ids = [int(i) for i in top_positive(scores, rules.passage_candidates, live)]
    stored = archive.store.passages(ids)
    spans: dict[int, tuple[Passage, Alignment]] = {}
    for i, passage in stored.items():
        words = Words.of(passage.text)
        alignment = align(theirs, words) if rules.could_be_close(theirs, words) else None
        if alignment is not None and rules.close(alignment):
            spans[i] = (passage, alignment)
    if not spans:
        return {}, []
    inside = archive.store.quotes_in_passages(list(spans))
    quoted = archive.store.quotes([q for qs in inside.values() for q in qs])
    close: dict[int, Alignment] = {}
    narrative: list[tuple[Passage, Alignment, int, int]] = []
    for i, (passage, alignment) in spans.items():
        words = Words.of(passage.text)
        start = passage.start + words.spans[alignment.start][0]
        end = passage.start + words.spans[alignment.end - 1][1]
        touching = [q for q in inside.get(i, []) if quoted[q].start < end and start < quoted[q].end]
        for q in touching:
            again = align(theirs, Words.of(quoted[q].text))
            if again is not None and rules.close(again):
                found[q], close[q] = quoted[q], again
        # Words that run into a quotation (one split by "he said") are not narrative.
        if not touching:
            narrative.append((passage, alignment, start, end))
    articles = _articles(archive, [p.article_id for p, *_ in narrative])
    narrative.sort(key=lambda n: (n[1].edits, -n[1].same))
    return close, [
        NarrativeMatch(
            text=articles[p.article_id].body[start:end],
            start=start,
            end=end,
            similarity=round(a.ratio, 4),
            diff=a.ops,
            **NarrativeMatch.fields_of(articles[p.article_id], p.paragraph),
        )
        for p, a, start, end in narrative
    ]


def _paraphrases(
    archive: Archive,
    embedder: Embedder,
    text: str,
    lexical_ids: list[int],
    speaker: str | None,
    rules: CheckRules,
) -> list[QuoteCheckMatch]:
    """Quotations close in meaning to the words, closest first.

    Closeness is the cosine plus `paraphrase_overlap` times how much of their rarer terms the
    two share (`_shared_terms`): a paraphrase keeps the names and key words of what was said,
    while a quotation only on the same subject (the same campaign, the same match) shares the
    topic but few of those words."""
    quotes = archive.quotes
    vector = embedder.encode([text])[0]
    dense_ids, _ = quotes.dense.search(vector, rules.dense_candidates, quotes.allowed(Filters()))
    ids = np.unique(np.concatenate([dense_ids, lexical_ids[: rules.dense_candidates]]))
    ids = ids.astype(np.int64)
    if not len(ids):
        return []
    cosines = quotes.dense.cosine(vector, ids)
    found = archive.store.quotes([int(i) for i in ids])
    texts = {i: q.text for i, q in found.items()}
    shared = _shared_terms(quotes, text, texts, rules.paraphrase_floor)
    near = {
        i: (cosine, shared[i])
        for i, cosine in zip((int(i) for i in ids), cosines.tolist(), strict=True)
        if cosine + rules.paraphrase_overlap * shared[i] >= rules.min_paraphrase
    }
    articles = _articles(archive, [found[i].article_id for i in near])
    return [
        _match(archive, articles, found[i], None, speaker, cosine, overlap)
        for i, (cosine, overlap) in near.items()
    ]


def _shared_terms(quotes, text: str, candidates: dict[int, str], floor: float) -> dict[int, float]:
    """How much of their rarer terms the words and each candidate share: the harmonic mean of
    the shared IDF weight over the words' weight and over the candidate's, each at least
    `floor` (a few rare terms), so that a fragment of common words shares little however
    many of them it shares."""
    wanted = set(terms([text])[0])
    held = {
        i: set(found) for i, found in zip(candidates, terms(list(candidates.values())), strict=True)
    }
    every = sorted(wanted.union(*held.values()))
    frequencies = quotes.lexical.document_frequencies(every)
    weight = {t: math.log(1 + quotes.size / (1 + frequencies[t])) for t in every}
    ours = max(sum(weight[t] for t in wanted), floor)
    shares = {}
    for i, found in held.items():
        shared = sum(weight[t] for t in wanted & found)
        precision, recall = shared / ours, shared / max(sum(weight[t] for t in found), floor)
        shares[i] = 2 * precision * recall / (precision + recall) if shared else 0.0
    return shares


def _match(
    archive: Archive,
    articles: dict[str, Article],
    quote: Quote,
    alignment: Alignment | None,
    speaker: str | None,
    similarity: float = 0.0,
    overlap: float = 0.0,
) -> QuoteCheckMatch:
    article = articles[quote.article_id]
    named = names_speaker(archive, speaker, quote) if speaker else None
    quote = resolved(archive, quote)
    if alignment is None:
        return QuoteCheckMatch.of(
            article,
            quote,
            speaker_id(quote),
            verdict=PARAPHRASE,
            similarity=round(similarity, 4),
            shared_terms=round(overlap, 4),
            speaker_named=named,
        )
    words = Words.of(quote.text)
    first, last = words.spans[alignment.start][0], words.spans[alignment.end - 1][1]
    return QuoteCheckMatch.of(
        article,
        quote,
        speaker_id(quote),
        verdict=EXACT if alignment.exact else ALTERED,
        similarity=round(alignment.ratio, 4),
        diff=alignment.ops,
        excerpt=quote.text[first:last],
        excerpt_start=quote.start + first,
        excerpt_end=quote.start + last,
        speaker_named=named,
    )


_ORDER = {EXACT: 0, ALTERED: 1, PARAPHRASE: 2}


def _rank(match: QuoteCheckMatch, speaker: str | None) -> tuple:
    """Exact before altered before paraphrase; then the speaker asked about; then the
    closest; then the earliest published (where the words first ran)."""
    return (
        _ORDER[match.verdict],
        speaker is not None and not match.speaker_named,
        -match.similarity,
        match.date or "9999",
        match.article_id,
        match.start,
    )


def _answer(
    text: str, speaker: str | None, matches: list[QuoteCheckMatch], narrative: list[NarrativeMatch]
) -> QuoteCheckAnswer:
    if not matches:
        return QuoteCheckAnswer(text, speaker, NOT_FOUND, narrative=narrative)
    best = matches[0]
    answer = QuoteCheckAnswer(text, speaker, best.verdict, matches, narrative=narrative)
    if speaker is not None:
        answer.speaker_confirmed = bool(best.speaker_named)
        if not best.speaker_named:
            level = [m for m in matches if m.verdict == best.verdict]
            answer.attributed_to = list(
                dict.fromkeys(m.canonical_speaker or m.speaker for m in level if m.speaker)
            )
    return answer


def _articles(archive: Archive, ids: list[str]) -> dict[str, Article]:
    return {article_id: archive.store.article(article_id) for article_id in dict.fromkeys(ids)}
