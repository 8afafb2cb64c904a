"""Probes for `quote-check`, made from the benchmark archive (see quote_check_corpus.py).

- exact: 8 to 16 consecutive words from inside an indexed quotation, pasted verbatim;
- altered: 10 to 16 words of one, with one to three inner words changed, dropped or added;
- paraphrase: hand-written (bench/quote_check_paraphrases.jsonl, written before the system
  ran on them), the same thing said in other words;
- absent: 8 to 16 words of a quotation from a held-back article (not indexed); excerpts that
  the archive carries anyway (another outlet's copy: half their 5-word runs in an indexed
  article) are set aside and counted;
- wrong_speaker: an exact excerpt given another person of the archive as speaker, and the
  control right_speaker: the same excerpt given the speaker's surname;
- described_speaker: an exact excerpt of a described speaker's quotation ("a spokesman for
  Mr Corbyn") given the person described ("Corbyn"): we did not quote that person;
- narrative: 8 to 16 words of an indexed paragraph with no quotation marks.
Each probe belongs to its article's half (tune / heldout)."""

from __future__ import annotations

import json
import random
import re
from dataclasses import dataclass
from pathlib import Path

from bench.quote_check_corpus import half, held_back_articles
from retrieval.index.archive import Archive
from retrieval.models import Article, Quote
from retrieval.quote_check.align import Words
from retrieval.quotes import extract_quotes, speaker_key

PARAPHRASES = Path(__file__).with_name("quote_check_paraphrases.jsonl")
MIN_QUOTE_WORDS = 12
# A speaker written as a person's name: two to four capitalised words.
PERSON = re.compile(r"^[A-Z][\w'’.-]+(?: [A-Z][\w'’.-]+){1,3}$")
FILLERS = ["really", "very", "just", "absolutely", "certainly", "also", "still", "simply"]
QUOTE_MARKS = re.compile(r"[\"“”]")
# A described speaker who speaks for, or about, a named person: "A spokesman for Mr Corbyn".
DESCRIBED = re.compile(
    r"\b(?:spokes(?:wo)?man|spokesperson|aides?|advis[eo]rs?|representatives?|supporters?|"
    r"allies|campaign)\s+(?:for|of|to)\s+(?:the\s+)?((?:[A-Z][\w'’.-]+\s?){1,3})$"
)


@dataclass
class Probe:
    kind: str
    split: str
    words: str
    speaker: str | None
    article_id: str | None  # the quotation (or narrative) it came from
    start: int | None = None  # the quotation's offsets in its article
    original: str | None = None  # altered: the words before they were changed


def _window(words: Words, rng: random.Random, low: int, high: int) -> tuple[int, int]:
    size = rng.randint(low, min(high, len(words)))
    start = rng.randint(0, len(words) - size)
    return start, start + size


def _alter(excerpt: str, rng: random.Random, vocabulary: list[str]) -> str | None:
    tokens = excerpt.split()
    if len(tokens) < 6:
        return None
    edits = rng.randint(1, 3)
    positions = sorted(rng.sample(range(1, len(tokens) - 1), edits), reverse=True)
    for at in positions:
        how = rng.choice(("change", "drop", "add"))
        if how == "change":
            tokens[at] = rng.choice(vocabulary)
        elif how == "drop":
            del tokens[at]
        else:
            tokens.insert(at, rng.choice(FILLERS))
    altered = " ".join(tokens)
    return altered if Words.of(altered).folded != Words.of(excerpt).folded else None


def _quotes(archive: Archive) -> list[Quote]:
    found = []
    for quotes in archive.store.quotes_by_article().values():
        found += [q for q in quotes if len(Words.of(q.text)) >= MIN_QUOTE_WORDS]
    return found


def quotation_probes(archive: Archive, per_kind: int, seed: str = "quote-check") -> list[Probe]:
    rng = random.Random(seed)
    quotes = _quotes(archive)
    rng.shuffle(quotes)
    vocabulary = sorted({w for q in quotes[:500] for w in Words.of(q.text).folded if len(w) > 3})
    people = [q for q in quotes if q.speaker and PERSON.match(q.speaker)]
    out: list[Probe] = []
    counts: dict[tuple[str, str], int] = {}

    def room(kind: str, split: str) -> bool:
        return counts.get((kind, split), 0) < per_kind

    def add(probe: Probe) -> None:
        counts[(probe.kind, probe.split)] = counts.get((probe.kind, probe.split), 0) + 1
        out.append(probe)

    for q in quotes:
        split = half(q.article_id)
        words = Words.of(q.text)
        if room("exact", split):
            a, b = _window(words, rng, 8, 16)
            add(Probe("exact", split, words.slice(a, b), None, q.article_id, q.start))
        elif room("altered", split):
            a, b = _window(words, rng, 10, 16)
            original = words.slice(a, b)
            altered = _alter(original, rng, vocabulary)
            if altered:
                add(Probe("altered", split, altered, None, q.article_id, q.start, original))
    for q in people:
        split = half(q.article_id)
        if not room("wrong_speaker", split):
            continue
        own = set(speaker_key(q.speaker).split()) | set(
            speaker_key(q.speaker_as_written or "").split()
        )
        other = next(
            (
                p.speaker
                for p in rng.sample(people, 20)
                if p.article_id != q.article_id and not own & set(speaker_key(p.speaker).split())
            ),
            None,
        )
        if other is None:
            continue
        words = Words.of(q.text)
        a, b = _window(words, rng, 8, 16)
        excerpt = words.slice(a, b)
        add(Probe("wrong_speaker", split, excerpt, other, q.article_id, q.start))
        surname = q.speaker.split()[-1]
        add(Probe("right_speaker", split, excerpt, surname, q.article_id, q.start))
    for q in quotes:
        named = DESCRIBED.search(q.speaker or "")
        split = half(q.article_id)
        if named and room("described_speaker", split):
            words = Words.of(q.text)
            a, b = _window(words, rng, 8, 16)
            # Attributed to the person the speaker speaks for: we did not quote that person.
            person = named.group(1).strip()
            add(Probe("described_speaker", split, words.slice(a, b), person, q.article_id, q.start))
    return out


def narrative_probes(archive: Archive, per_kind: int, seed: str = "narrative") -> list[Probe]:
    rng = random.Random(seed)
    articles = list(archive.store.articles())
    rng.shuffle(articles)
    out: list[Probe] = []
    taken = {"tune": 0, "heldout": 0}
    for article in articles:
        split = half(article.id)
        if taken[split] >= per_kind:
            continue
        plain = [p for p in article.paragraphs() if not QUOTE_MARKS.search(p.text)]
        plain = [p for p in plain if len(Words.of(p.text)) >= 12]
        if not plain:
            continue
        words = Words.of(rng.choice(plain).text)
        a, b = _window(words, rng, 8, 16)
        out.append(Probe("narrative", split, words.slice(a, b), None, article.id))
        taken[split] += 1
    return out


def _grams(folded: list[str], n: int = 5) -> set[int]:
    return {hash(" ".join(folded[i : i + n])) for i in range(len(folded) - n + 1)}


def absent_probes(archive: Archive, per_kind: int, seed: str = "absent") -> tuple[list[Probe], int]:
    """Excerpts of held-back quotations, and how many were set aside as carried anyway."""
    rng = random.Random(seed)
    indexed: set[int] = set()
    for article in archive.store.articles():
        indexed |= _grams(Words.of(article.body).folded)
    out: list[Probe] = []
    carried = 0
    taken = {"tune": 0, "heldout": 0}
    candidates: list[tuple[str, str]] = []
    for row in held_back_articles():
        article = Article(id=row["id"], title=row["title"], body=row["body"])
        for q in extract_quotes(article):
            words = Words.of(q.text)
            if len(words) >= MIN_QUOTE_WORDS:
                a, b = _window(words, rng, 8, 16)
                candidates.append((row["id"], words.slice(a, b)))
    rng.shuffle(candidates)
    for article_id, excerpt in candidates:
        split = half(article_id)
        if taken[split] >= per_kind:
            continue
        grams = _grams(Words.of(excerpt).folded)
        if grams and len(grams & indexed) >= len(grams) / 2:
            carried += 1
            continue
        out.append(Probe("absent", split, excerpt, None, article_id))
        taken[split] += 1
    return out, carried


def paraphrase_probes() -> list[Probe]:
    out = []
    for line in PARAPHRASES.read_text(encoding="utf-8").splitlines():
        row = json.loads(line)
        out.append(
            Probe(
                "paraphrase", row["split"], row["paraphrase"], None, row["article_id"], row["start"]
            )
        )
    return out
