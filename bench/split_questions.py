"""Split bench/ask_questions.jsonl into a tuning half and a held-out half: each row's `half`.

Every question about one article (answerable, or a near miss `about` it) goes to the same half,
so nothing learnt from one half has read the other half's articles. Articles are placed one at
a time, biggest first, each in the half that keeps the counts of every (kind, corpus) stratum
closest; ties go by a hash of the article id. The split is a pure function of the question
file: running it again writes the same halves.

    python bench/split_questions.py
"""

from __future__ import annotations

import hashlib
import json
import sys
from collections import Counter, defaultdict
from pathlib import Path

HERE = Path(__file__).parent
SOURCE = HERE / "ask_questions.jsonl"
HALVES = ("tuning", "heldout")


def stratum(row: dict) -> tuple[str, str]:
    article = row["article_id"] if row["answerable"] else row["about"]
    corpus = "bbc" if article.startswith("bbc-") else "polnear"
    return (row["kind"] if row["answerable"] else "unanswerable", corpus)


def _hash(text: str) -> str:
    return hashlib.sha1(text.encode()).hexdigest()


def split(rows: list[dict]) -> dict[str, str]:
    """The half each article's questions go to."""
    by_article: dict[str, list[dict]] = defaultdict(list)
    for row in rows:
        by_article[row["article_id"] if row["answerable"] else row["about"]].append(row)
    order = sorted(by_article, key=lambda a: (-len(by_article[a]), _hash(a)))
    counts = {half: Counter() for half in HALVES}
    placed: dict[str, str] = {}
    for article in order:
        group = Counter(stratum(row) for row in by_article[article])

        def imbalance(half: str, group: Counter = group) -> int:
            other = next(h for h in HALVES if h != half)
            strata = set(counts[half]) | set(counts[other]) | set(group)
            return sum(abs(counts[half][s] + group[s] - counts[other][s]) for s in strata)

        tie = int(_hash(article), 16) % 2
        half = min(HALVES, key=lambda h: (imbalance(h), HALVES.index(h) != tie))
        counts[half].update(group)
        placed[article] = half
    return placed


def main() -> int:
    rows = [json.loads(line) for line in SOURCE.read_text().splitlines() if line.strip()]
    placed = split([{k: v for k, v in r.items() if k != "half"} for r in rows])
    for row in rows:
        row["half"] = placed[row["article_id"] if row["answerable"] else row["about"]]
    SOURCE.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows))
    for half in HALVES:
        part = [r for r in rows if r["half"] == half]
        strata = Counter(stratum(r) for r in part)
        print(
            f"{half}: {len(part)} questions, "
            + ", ".join(f"{k}/{c} {n}" for (k, c), n in sorted(strata.items()))
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
