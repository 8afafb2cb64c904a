"""The quote-check benchmark's archive and its two halves.

The archive is the bench corpus (BBC + PolNeAR without `test`) less the 40 reserved BBC
articles and less a held-back set of articles (one in 25, by a hash of the id): quotations
from the held-back articles are the "absent" probes, words we never published. Every other
probe comes from an indexed article; an article's hash also puts it in the tuning half or the
held-out half, so no article gives probes to both.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from pathlib import Path

from bench.corpus import CORPORA, OUT, polnear_without_test

ARTICLES = OUT / "quote-check-articles.jsonl"
INDEX = OUT / "quote-check-index"
HELD_BACK_ONE_IN = 25


def _hash(article_id: str) -> int:
    return int(hashlib.sha1(article_id.encode()).hexdigest()[:8], 16)


def held_back(article_id: str) -> bool:
    return _hash(article_id) % HELD_BACK_ONE_IN == 0


def half(article_id: str) -> str:
    """'tune' or 'heldout': which half of the probes an article's quotations go to."""
    return "tune" if (_hash(article_id) // HELD_BACK_ONE_IN) % 2 == 0 else "heldout"


def reserved_ids() -> set[str]:
    path = CORPORA / "bbc_news_summary" / "reserved_ids.txt"
    return {line.strip() for line in path.read_text().splitlines() if line.strip()}


def corpus() -> Iterator[dict]:
    """Every article the benchmark may read: reserved BBC ids and PolNeAR `test` left out."""
    reserved = reserved_ids()
    for path in (CORPORA / "bbc_news_summary" / "articles.jsonl", polnear_without_test()):
        with path.open() as lines:
            for line in lines:
                article = json.loads(line)
                if article["id"] not in reserved and article.get("split") != "test":
                    yield article


def write_archive_inputs() -> Path:
    """The indexed articles as one JSONL file (held-back ones left out)."""
    if not ARTICLES.exists():
        with ARTICLES.open("w") as out:
            for article in corpus():
                if not held_back(article["id"]):
                    out.write(json.dumps(article) + "\n")
    return ARTICLES


def held_back_articles() -> list[dict]:
    return [a for a in corpus() if held_back(a["id"])]
