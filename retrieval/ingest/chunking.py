"""Cut cleaned articles into passages: paragraphs, long ones split at sentence boundaries and
very short ones joined to the next paragraph, always as exact slices of the body."""

from __future__ import annotations

from retrieval.ingest.sentences import split_sentences
from retrieval.models import Article, Paragraph, Passage

# MiniLM reads 256 word pieces; with the headline in front, ~150 words fill that safely.
MAX_WORDS = 150
# A lone short paragraph ("He said:", a one-line fragment) means little without its neighbour.
MIN_WORDS = 12


def _words(text: str) -> int:
    return len(text.split())


def _split_long(paragraph: Paragraph, max_words: int) -> list[tuple[int, int]]:
    """Greedy runs of whole sentences of at most `max_words` words, as body offsets."""
    spans: list[tuple[int, int]] = []
    run_start = run_end = None
    run_words = 0
    for s, e in split_sentences(paragraph.text):
        words = _words(paragraph.text[s:e])
        if run_start is not None and run_words + words > max_words:
            spans.append((run_start, run_end))
            run_start, run_words = None, 0
        if run_start is None:
            run_start = paragraph.start + s
        run_end = paragraph.start + e
        run_words += words
    if run_start is not None:
        spans.append((run_start, run_end))
    return spans


def chunk_article(
    article: Article, first_id: int = 0, max_words: int = MAX_WORDS, min_words: int = MIN_WORDS
) -> list[Passage]:
    """Passages of `article`, numbered from `first_id`."""
    pieces: list[tuple[int, int, int]] = []  # (paragraph index, start, end)
    pending: Paragraph | None = None
    for paragraph in article.paragraphs():
        if pending is not None:
            joined = _words(pending.text) + _words(paragraph.text)
            if joined <= max_words:
                pieces.append((pending.index, pending.start, paragraph.end))
                pending = None
                continue
            pieces.append((pending.index, pending.start, pending.end))
            pending = None
        if _words(paragraph.text) < min_words:
            pending = paragraph
        elif _words(paragraph.text) > max_words:
            pieces.extend((paragraph.index, s, e) for s, e in _split_long(paragraph, max_words))
        else:
            pieces.append((paragraph.index, paragraph.start, paragraph.end))
    if pending is not None:
        if (
            pieces
            and pieces[-1][0] == pending.index - 1
            and _words(article.body[pieces[-1][1] : pending.end]) <= max_words
        ):
            last = pieces.pop()
            pieces.append((last[0], last[1], pending.end))
        else:
            pieces.append((pending.index, pending.start, pending.end))
    return [
        Passage(first_id + i, article.id, index, start, end, article.body[start:end])
        for i, (index, start, end) in enumerate(pieces)
    ]
