"""Which of the close candidates answers: evidence about each passage, and its final score.

The fused score (closeness in meaning plus BM25) says which article a question is about; the
paragraph that answers is told apart by cheaper, sharper evidence read once for the best
`RERANK_DEPTH` candidates:
- focus: the share of the query's words its headline lacks that the passage holds (focus.py);
- coverage: the IDF-weighted share of all the query's words the passage (with its headline)
  holds, which also tells an answer from a near miss;
- speaks: for "what did X say" questions, whether X's own words are in the passage: a quotation
  the store attributes to X, or text reporting X speaking (speech.py);
- kind: for "how many" and "when" questions, whether the passage holds a number or a date
  (answer_kind.py).
No passage is encoded at query time: every signal is a lookup in the lexical index or a few
rows of the store.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from retrieval.index.archive import Archive
from retrieval.search.answer_kind import holds_kind, wanted_kind
from retrieval.search.focus import content_terms, focus_scores
from retrieval.search.speech import (
    Speaker,
    asked_speaker,
    is_group,
    reports_speech,
    representative,
    speaks_as,
    speaks_for,
    without_asking,
)

# What a passage in which someone speaks on the asked person's behalf (their spokesman) counts
# for, against 1 for the person's own words.
ON_BEHALF = 0.5

# Candidates whose evidence is read and that the final score can reorder.
RERANK_DEPTH = 30


@dataclass
class Evidence:
    """Per-candidate signals, aligned with `ids` (the fused ranking's order)."""

    ids: list[int]
    fused: np.ndarray
    dense: np.ndarray
    lexical: np.ndarray
    focus: np.ndarray
    coverage: np.ndarray
    speaks: np.ndarray
    kind: np.ndarray  # 1 where the passage holds the kind of answer asked for (number, date)
    speaker: Speaker | None
    wanted: str | None
    absent: list[str]


def gather(
    archive: Archive,
    query: str,
    ids: list[int],
    fused: list[float],
    dense: list[float],
    lexical: list[float],
    absent: list[str],
) -> Evidence:
    """The evidence about candidates `ids` of the fused ranking for `query`."""
    n = len(ids)
    headlines = archive.store.headlines(ids) if ids else {}
    owners = [headlines[i][0] if i in headlines else "" for i in ids]
    titles = {article_id: title for article_id, title in headlines.values()}
    index = archive.passages.lexical
    speaker = asked_speaker(query)
    content = without_asking(query) if speaker else query
    focus = focus_scores(content, ids, owners, titles, index)
    coverage = coverage_scores(content, ids, index)
    wanted = wanted_kind(query)
    texts = _texts(archive, ids) if speaker or wanted else {}
    speaks = speaks_scores(archive, speaker, ids, texts) if speaker else np.zeros(n, np.float32)
    kind = np.asarray([holds_kind(texts.get(i, ""), wanted) for i in ids], np.float32)
    return Evidence(
        ids,
        np.asarray(fused, np.float32),
        np.asarray(dense, np.float32),
        np.asarray(lexical, np.float32),
        focus,
        coverage,
        speaks,
        kind,
        speaker,
        wanted,
        absent,
    )


def _texts(archive: Archive, ids: list[int]) -> dict[int, str]:
    return {i: passage.text for i, passage in archive.store.passages(ids).items()}


def coverage_scores(query: str, ids: list[int], index) -> np.ndarray:
    """For each item, 0..1: the IDF-weighted share of the query's terms its indexed text (the
    passage with its headline) holds."""
    out = np.zeros(len(ids), dtype=np.float32)
    frequencies = index.document_frequencies(sorted(content_terms(query)))
    wanted = [t for t, n in frequencies.items() if n > 0]  # as in focus_scores
    if not wanted or not ids:
        return out
    # BM25's IDF, positive however common the word: in a small archive "Syria" may be in every
    # passage and still be all the query asks about.
    size = index.size
    weight = np.array(
        [math.log(1 + (size - frequencies[t] + 0.5) / (frequencies[t] + 0.5)) for t in wanted]
    )
    total = weight.sum()
    if total <= 0:
        return out
    present = index.contains(wanted, np.asarray(ids, dtype=np.int64))
    return (weight @ present / total).astype(np.float32)


def speaks_scores(
    archive: Archive, speaker: Speaker, ids: list[int], texts: dict[int, str]
) -> np.ndarray:
    """1 for each passage holding the speaker's words (a quotation attributed to them, or text
    reporting them speaking), ON_BEHALF for words said on their behalf, else 0."""
    out = np.zeros(len(ids), dtype=np.float32)
    quoted = archive.store.quotes_in_passages(ids) if archive.quotes is not None else {}
    quote_ids = sorted({q for found in quoted.values() for q in found})
    quotes = archive.store.quotes(quote_ids) if quote_ids else {}
    if is_group(speaker):
        return _group_scores(speaker, ids, quoted, quotes)
    proxy = representative(speaker)
    for row, passage_id in enumerate(ids):
        speakers = [quotes[q].speaker for q in quoted.get(passage_id, ()) if q in quotes]
        text = texts.get(passage_id, "")
        if any(speaks_as(speaker, s) for s in speakers) or reports_speech(speaker, text):
            out[row] = 1.0
        elif any(speaks_for(speaker, s) for s in speakers) or (
            proxy is not None and reports_speech(proxy, text)
        ):
            out[row] = ON_BEHALF
    return out


def _group_scores(
    speaker: Speaker, ids: list[int], quoted: dict[int, list[int]], quotes: dict
) -> np.ndarray:
    """For "what did the letter say": the store resolves "the letter" (as written) to who
    wrote it; every passage quoting them holds the letter's words."""
    noun = speaker.head.lower().split()[-1]
    voices = {
        q.speaker
        for q in quotes.values()
        if q.speaker and noun in (q.speaker_as_written or "").lower().split()
    }
    return np.asarray(
        [
            float(any(quotes[q].speaker in voices for q in quoted.get(i, ()) if q in quotes))
            for i in ids
        ],
        np.float32,
    )


def final_scores(
    evidence: Evidence,
    focus_weight: float,
    speaker_weight: float,
    coverage_weight: float,
    kind_weight: float = 0.0,
) -> np.ndarray:
    """The reranked score of each candidate."""
    return (
        evidence.fused
        + focus_weight * evidence.focus
        + coverage_weight * evidence.coverage
        + speaker_weight * evidence.speaks
        + kind_weight * evidence.kind
    )
