"""Validate a retrieval evaluation set (default ``bench/retrieval_questions.jsonl``).

Checks every line of the question file against the shared corpora:

* required fields are present and well typed, qids are unique; an answerable row has a
  ``style`` (the older sets) or a ``kind`` (``bench/ask_questions_*.jsonl``: fact, entity, said,
  respond, topic, date, number); an unanswerable near miss may name its ``kind`` and the
  article it is ``about``;
* answerable rows point at an existing article that is *not* a PolNeAR ``test`` article;
* ``evidence`` is a verbatim substring of the article body, 8-25 words long, and lies
  inside a single paragraph (BBC: ``body.split("\\n\\n")``; PolNeAR: one line);
* every other indexed article that contains the evidence (verbatim, or after
  whitespace/quote/case normalisation) is listed in ``also``;
* the query does not copy a whole sentence of its article;
* each ``also_evidence`` entry (a passage judged to state the same answer when the rank-1
  passages of every run were pooled) names a known, non-test article and is a verbatim
  substring of it, inside one paragraph.

PolNeAR ``test`` articles are reserved for final scoring: only their ids and split are
read, never their text, and they are excluded from the duplicate search.

Corpora are read from ``$NEWSBOT_SHARED`` or, by default, ``<repo>/../shared``.
Exits with status 1 on any failure.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

REPO_ROOT = Path(__file__).resolve().parents[1]
DEFAULT_SHARED = Path(__file__).resolve().parents[2] / "shared"
DEFAULT_QUESTIONS = REPO_ROOT / "bench" / "retrieval_questions.jsonl"

BBC_FILE = Path("corpora") / "bbc_news_summary" / "articles.jsonl"
POLNEAR_FILE = Path("corpora") / "polnear" / "articles.jsonl"

STYLES = frozenset({"keyword", "paraphrase", "who", "number"})
# What a newsroom asks (bench/ask_questions_*.jsonl label each question with one, instead of a
# style): plain facts, who/which organisation, what X said about Y, how X responded, a topic
# typed as keywords, when, how many/much.
KINDS = frozenset({"fact", "entity", "said", "respond", "topic", "date", "number"})
MIN_WORDS, MAX_WORDS = 8, 25
# Query copying any article sentence of at least this many words counts as a copy.
MIN_COPIED_SENTENCE_WORDS = 5

ANSWERABLE_KEYS = {"qid", "query", "article_id", "evidence", "answerable"}
ANSWERABLE_OPTIONAL = {"also", "also_evidence", "half"}
UNANSWERABLE_KEYS = {"qid", "query", "answerable"}
# A near miss names the kind of answer it asks for and the article it is about (which covers
# the people and events asked about, but not what is asked).
UNANSWERABLE_OPTIONAL = {"kind", "about", "half"}
HALVES = frozenset({"tuning", "heldout"})  # bench/split_questions.py

_QUOTES = str.maketrans({"‘": "'", "’": "'", "“": '"', "”": '"', "\xa0": " "})
_SENTENCE_END = re.compile(r"(?<=[.!?])[\"'”’)]*\s+")


@dataclass(frozen=True)
class Article:
    id: str
    source: str  # "BBC <category>" or the PolNeAR outlet name
    body: str
    paragraphs: tuple[str, ...]


def shared_dir() -> Path:
    env = os.environ.get("NEWSBOT_SHARED")
    return Path(env) if env else DEFAULT_SHARED


def normalise(text: str) -> str:
    """Lower-case, unify quote characters and collapse whitespace."""
    return " ".join(text.translate(_QUOTES).lower().split())


def bbc_paragraphs(body: str) -> tuple[str, ...]:
    return tuple(body.split("\n\n"))


def polnear_paragraphs(body: str) -> tuple[str, ...]:
    return tuple(p for p in re.split(r"\n\s*\n|\n", body) if p.strip())


def load_corpora(shared: Path) -> tuple[dict[str, Article], set[str]]:
    """Return (indexed articles by id, ids of PolNeAR test articles).

    Test articles contribute only their id: their text is dropped unread.
    """
    articles: dict[str, Article] = {}
    test_ids: set[str] = set()
    with (shared / BBC_FILE).open(encoding="utf-8") as fh:
        for line in fh:
            row = json.loads(line)
            articles[row["id"]] = Article(
                id=row["id"],
                source=f"BBC {row['category']}",
                body=row["body"],
                paragraphs=bbc_paragraphs(row["body"]),
            )
    with (shared / POLNEAR_FILE).open(encoding="utf-8") as fh:
        for line in fh:
            row = json.loads(line)
            if row["split"] == "test":
                test_ids.add(row["id"])
                continue
            articles[row["id"]] = Article(
                id=row["id"],
                source=row["source"],
                body=row["body"],
                paragraphs=polnear_paragraphs(row["body"]),
            )
    return articles, test_ids


def sentences(text: str) -> list[str]:
    out: list[str] = []
    for para in re.split(r"\n+", text):
        out.extend(s.strip() for s in _SENTENCE_END.split(para) if s.strip())
    return out


def copied_sentence(query: str, article: Article) -> str | None:
    """Return an article sentence that the query contains verbatim (normalised), if any."""
    q = normalise(query)
    for sent in sentences(article.body):
        core = normalise(sent).strip(" \"'.,;:!?-—")
        if len(core.split()) >= MIN_COPIED_SENTENCE_WORDS and core in q:
            return sent
    return None


def check_row(
    row: dict[str, Any],
    articles: dict[str, Article],
    test_ids: set[str],
    norm_bodies: dict[str, str],
) -> list[str]:
    """Return the list of problems found in one answerable or unanswerable row."""
    errors: list[str] = []
    answerable = row.get("answerable")
    if not isinstance(answerable, bool):
        return ["'answerable' missing or not a boolean"]
    if "half" in row and row["half"] not in HALVES:
        errors.append(f"half {row['half']!r} not in {sorted(HALVES)}")
    if not isinstance(row.get("query"), str) or not row["query"].strip():
        errors.append("'query' missing or empty")

    if not answerable:
        extra = set(row) - UNANSWERABLE_KEYS - UNANSWERABLE_OPTIONAL
        if extra:
            errors.append(f"unexpected keys for an unanswerable row: {sorted(extra)}")
        if not str(row.get("qid", "")).startswith("u"):
            errors.append("unanswerable qid should start with 'u'")
        if "kind" in row and row["kind"] not in KINDS:
            errors.append(f"kind {row['kind']!r} not in {sorted(KINDS)}")
        about = row.get("about")
        if about is not None and (about in test_ids or about not in articles):
            errors.append(f"'about' names {about}, not a known non-test article")
        return errors

    missing = ANSWERABLE_KEYS - set(row)
    if missing:
        return errors + [f"missing keys: {sorted(missing)}"]
    extra = set(row) - ANSWERABLE_KEYS - ANSWERABLE_OPTIONAL - {"style", "kind"}
    if extra:
        errors.append(f"unexpected keys: {sorted(extra)}")
    if not str(row["qid"]).startswith("a"):
        errors.append("answerable qid should start with 'a'")
    if "style" not in row and "kind" not in row:
        errors.append("an answerable row needs a 'style' or a 'kind'")
    if "style" in row and row["style"] not in STYLES:
        errors.append(f"style {row['style']!r} not in {sorted(STYLES)}")
    if "kind" in row and row["kind"] not in KINDS:
        errors.append(f"kind {row['kind']!r} not in {sorted(KINDS)}")
    also = row.get("also", [])
    if not isinstance(also, list) or not all(isinstance(a, str) for a in also):
        errors.append("'also' must be a list of article ids")
        also = []

    aid = row["article_id"]
    if aid in test_ids:
        return errors + [f"article {aid} is a PolNeAR test article (reserved)"]
    article = articles.get(aid)
    if article is None:
        return errors + [f"article {aid} not found"]
    for other in also:
        if other in test_ids:
            errors.append(f"'also' lists PolNeAR test article {other}")
        elif other not in articles:
            errors.append(f"'also' lists unknown article {other}")
        elif other == aid:
            errors.append("'also' repeats article_id")

    evidence: str = row["evidence"]
    n_words = len(evidence.split())
    if not MIN_WORDS <= n_words <= MAX_WORDS:
        errors.append(f"evidence has {n_words} words (want {MIN_WORDS}-{MAX_WORDS})")
    if evidence not in article.body:
        errors.append("evidence is not a verbatim substring of the article body")
    elif not any(evidence in p for p in article.paragraphs):
        errors.append("evidence spans more than one paragraph")

    norm_ev = normalise(evidence)
    dupes = sorted(
        other_id
        for other_id, other in articles.items()
        if other_id != aid and (evidence in other.body or norm_ev in norm_bodies[other_id])
    )
    unlisted = [d for d in dupes if d not in also]
    if unlisted:
        errors.append(f"evidence also occurs in {unlisted}; add them to 'also' or pick another")

    copied = copied_sentence(row["query"], article)
    if copied:
        errors.append(f"query copies an article sentence: {copied!r}")
    errors.extend(check_pooled_evidence(row.get("also_evidence", []), articles, test_ids))
    return errors


def check_pooled_evidence(
    pooled: Any, articles: dict[str, Article], test_ids: set[str]
) -> list[str]:
    """Problems with the judged alternative answers of one row."""
    if not isinstance(pooled, list):
        return ["'also_evidence' must be a list of {article_id, evidence}"]
    errors: list[str] = []
    for entry in pooled:
        if not isinstance(entry, dict) or set(entry) != {"article_id", "evidence"}:
            errors.append("'also_evidence' entries need exactly article_id and evidence")
            continue
        other = entry["article_id"]
        if other in test_ids:
            errors.append(f"'also_evidence' uses PolNeAR test article {other}")
        elif other not in articles:
            errors.append(f"'also_evidence' uses unknown article {other}")
        elif not any(entry["evidence"] in p for p in articles[other].paragraphs):
            errors.append(f"'also_evidence' is not verbatim in one paragraph of {other}")
    return errors


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("questions", nargs="?", type=Path, default=DEFAULT_QUESTIONS)
    parser.add_argument("--shared", type=Path, default=None, help="override NEWSBOT_SHARED")
    args = parser.parse_args(argv)

    shared = args.shared or shared_dir()
    articles, test_ids = load_corpora(shared)
    norm_bodies = {aid: normalise(a.body) for aid, a in articles.items()}

    failures: list[str] = []
    rows: list[dict[str, Any]] = []
    with args.questions.open(encoding="utf-8") as fh:
        for lineno, line in enumerate(fh, 1):
            if not line.strip():
                continue
            try:
                row = json.loads(line)
            except json.JSONDecodeError as exc:
                failures.append(f"line {lineno}: invalid JSON ({exc})")
                continue
            if not isinstance(row, dict):
                failures.append(f"line {lineno}: not a JSON object")
                continue
            rows.append(row)
            label = f"line {lineno} ({row.get('qid', '?')})"
            failures.extend(
                f"{label}: {e}" for e in check_row(row, articles, test_ids, norm_bodies)
            )

    qid_counts = Counter(str(r.get("qid")) for r in rows)
    failures.extend(f"duplicate qid {q} ({n}x)" for q, n in qid_counts.items() if n > 1)
    queries = Counter(normalise(str(r.get("query", ""))) for r in rows)
    failures.extend(f"duplicate query {q!r}" for q, n in queries.items() if n > 1)

    answerable = [r for r in rows if r.get("answerable") is True]
    unanswerable = [r for r in rows if r.get("answerable") is False]
    by_style = Counter(str(r.get("style")) for r in answerable if "style" in r)
    by_kind = Counter(str(r.get("kind")) for r in answerable if "kind" in r)
    by_source = Counter(
        articles[r["article_id"]].source for r in answerable if r.get("article_id") in articles
    )
    bbc_n = sum(n for s, n in by_source.items() if s.startswith("BBC "))
    with_also = sum(1 for r in answerable if r.get("also"))
    with_pooled = sum(1 for r in answerable if r.get("also_evidence"))

    print(
        f"questions: {len(rows)}  answerable: {len(answerable)}  unanswerable: {len(unanswerable)}"
    )
    if by_style:
        print("by style:  " + ", ".join(f"{k} {v}" for k, v in sorted(by_style.items())))
    if by_kind:
        print("by kind:   " + ", ".join(f"{k} {v}" for k, v in sorted(by_kind.items())))
    print(f"by corpus: BBC {bbc_n}, PolNeAR {sum(by_source.values()) - bbc_n}")
    print("by source: " + ", ".join(f"{k} {v}" for k, v in sorted(by_source.items())))
    print(f"rows with 'also' alternatives: {with_also}")
    print(f"rows with judged 'also_evidence' answers: {with_pooled}")
    if failures:
        print(f"\nFAILED: {len(failures)} problem(s)", file=sys.stderr)
        for f in failures:
            print(f"  - {f}", file=sys.stderr)
        return 1
    print("OK: all checks passed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
