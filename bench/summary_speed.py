"""Topic summaries on the bench index: time and quality of the sentence shortlist beside encoding
every candidate sentence (the code before the shortlist), in one process on the same queries.

Each query runs the topic handler's steps (encode the query, rank 30 passages, read their
articles and quotes) once, then both summarisers on the same candidates; a latency is the
shared steps plus one summariser. Quality is judged against the full run, which sees every
candidate sentence: whether both answer, how many of its sentences the shortlist also picks,
and the mean query cosine of the sentences each picks.

Query sets: the tuning set (questions of bench/retrieval_questions.jsonl, used as topics: the
shortlist was sized on it with --grid), then the held-out questions and the 24 calibration
topics of summary_eval.py, only scored. Passages of the reserved BBC articles are dropped
from the candidates before either summariser sees them.

    python bench/summary_speed.py [--grid] [--build-cost] [--headlines 0,0.1] [--backend onnx]
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.corpus import OUT  # noqa: E402
from bench.summary_eval import (  # noqa: E402
    CORPUS,
    COVERED_TOPICS,
    TUNING_ARTICLES,
    UNCOVERED_TOPICS,
    reserved_ids,
)
from retrieval.embed.embedding import Embedder  # noqa: E402
from retrieval.index.archive import Filters  # noqa: E402
from retrieval.ingest.loading import load_articles  # noqa: E402
from retrieval.models import Article  # noqa: E402
from retrieval.search.rank import rank  # noqa: E402
from retrieval.service import TOPIC_PASSAGES, NewsService, ServiceConfig  # noqa: E402
from retrieval.summary import summarize_topic  # noqa: E402
from retrieval.summary import topic as topic_module  # noqa: E402
from retrieval.summary.quoted import stored_quotes  # noqa: E402
from retrieval.summary.units import article_units  # noqa: E402

BENCH = Path(__file__).resolve().parent
INDEX = OUT / "eval-index"


@dataclass
class Prepared:
    query: str
    vector: np.ndarray
    candidates: list
    quotes: list
    shared_ms: float
    vectors: dict[str, np.ndarray] = field(default_factory=dict)  # sentence -> vector

    def cosines(self) -> dict[tuple[str, int], float]:
        """Query cosine of every candidate sentence the full run encoded."""
        units, _ = topic_module._candidate_units(self.candidates)
        return {(u.article.id, u.start): float(self.vectors[u.text] @ self.vector) for u in units}


class Recorder:
    """The service's encoder, remembering each sentence vector; `replay` serves them again, so
    variants judged for quality cost no encoding (their timings come from real runs only)."""

    def __init__(self, embedder: Embedder, record: dict[str, np.ndarray], replay: bool = False):
        self.embedder, self.record, self.replay = embedder, record, replay

    def encode(self, texts: list[str]) -> np.ndarray:
        if self.replay:
            return np.stack([self.record[t] for t in texts])
        vectors = self.embedder.encode(texts)
        self.record.update(zip(texts, vectors, strict=True))
        return vectors


def prepare(service: NewsService, query: str, reserved: set[str]) -> Prepared:
    """The topic handler's steps before summarising, timed (as in NewsService.summary)."""
    archive = service.archive
    started = time.perf_counter()
    vector = service.embedder.encode([query])[0]
    outcome = rank(archive, vector, query, TOPIC_PASSAGES, Filters(), service.config.fusion)
    hits = [h for h in outcome.hits if h.passage.article_id not in reserved]
    ids = dict.fromkeys(h.passage.article_id for h in hits)
    articles = {i: archive.store.article(i) for i in ids}
    candidates = [(articles[h.passage.article_id], h.passage, h.score) for h in hits]
    quotes = stored_quotes(archive.store, [h.passage.id for h in hits])
    shared_ms = 1000 * (time.perf_counter() - started)
    return Prepared(query, vector, candidates, quotes, shared_ms)


def summarise(
    service: NewsService,
    p: Prepared,
    size: int | None,
    n: int | None = None,
    lead_bonus: float | None = None,
    replay: bool = False,
):
    """A topic summary of the prepared candidates and its latency; `lead_bonus` None: the
    default, `size` None: every candidate sentence encoded; `replay`: vectors the full run
    recorded (no encoding, so no meaningful latency)."""
    if size is None and lead_bonus is None:
        lead_bonus = 0.0  # the code before the shortlist had no lead bonus either
    extra = {} if lead_bonus is None else {"lead_bonus": lead_bonus}
    encoder = Recorder(service.embedder, p.vectors, replay)
    started = time.perf_counter()
    summary = summarize_topic(
        p.query,
        p.vector,
        p.candidates,
        encoder,  # type: ignore[arg-type]
        n,
        quotes=p.quotes,
        shortlist_size=size,
        **extra,
    )
    return summary, p.shared_ms + 1000 * (time.perf_counter() - started)


def keys(summary) -> set[tuple[str, int]]:
    return {(s.article_id, s.start) for s in summary.sentences}


def quality(prepared: list[Prepared], full: list, other: list) -> dict:
    both = agree = kept = picked = 0
    mean_full, mean_other = [], []
    for p, a, b in zip(prepared, full, other, strict=True):
        agree += a.answered == b.answered
        if not (a.answered and b.answered):
            continue
        both += 1
        ka, kb = keys(a), keys(b)
        kept += len(ka & kb)
        picked += len(ka)
        cos = p.cosines()
        mean_full.append(np.mean([cos[k] for k in ka]))
        mean_other.append(np.mean([cos[k] for k in kb]))
    return {
        "queries": len(prepared),
        "answered_full": sum(s.answered for s in full),
        "answered": sum(s.answered for s in other),
        "same_decision": agree / max(1, len(prepared)),
        "sentences_kept": kept / max(1, picked),
        "cosine_full": float(np.mean(mean_full)) if mean_full else 0.0,
        "cosine": float(np.mean(mean_other)) if mean_other else 0.0,
    }


def headline_topics() -> dict[str, list[Article]]:
    """BBC articles whose headline serves as a topic: every 14th of the tuning part, every 16th of
    the held-out part (summary_eval.py's split), reserved articles left out."""
    reserved = reserved_ids()
    articles = [a for a in load_articles([CORPUS / "articles.jsonl"]).articles]
    tuning = [a for a in articles[:TUNING_ARTICLES:14] if a.id not in reserved]
    held_out = [a for a in articles[TUNING_ARTICLES::16] if a.id not in reserved]
    return {"held-out": held_out, "tuning": tuning}


def gold_sentences() -> dict[str, set[str]]:
    with (CORPUS / "summaries.jsonl").open() as handle:
        return {
            g["id"]: {_norm(s) for s in g["summary_sentences"]} for g in map(json.loads, handle)
        }


def _norm(text: str) -> str:
    return " ".join(re.findall(r"[a-z0-9]+", text.lower()))


def headlines(service: NewsService, bonuses: list[float]) -> None:
    """Short topic summaries (2 and 3 sentences) of BBC headlines: how many picked BBC sentences
    are in their own article's gold summary, how many summaries hold a lead sentence, and the
    mean query cosine of the picks, for each lead bonus (shortlist on) and the code before."""
    gold = gold_sentences()
    reserved = reserved_ids()
    for label, articles in headline_topics().items():
        prepared = [prepare(service, a.title, reserved) for a in articles]
        for p in prepared:
            summarise(service, p, None)  # records every candidate sentence's vector
        cosines = [p.cosines() for p in prepared]
        variants: list[tuple[str, int | None, float]] = [("before (all encoded)", None, 0.0)]
        variants += [(f"shortlist, lead +{b}", topic_module.SHORTLIST, b) for b in bonuses]
        for n in (2, 3):
            for name, size, bonus in variants:
                in_gold = bbc = with_lead = answered = 0
                cos = []
                for p, cosine in zip(prepared, cosines, strict=True):
                    summary, _ = summarise(service, p, size, n, bonus, replay=True)
                    if not summary.answered:
                        continue
                    answered += 1
                    leads = 0
                    for s in summary.sentences:
                        cos.append(cosine[(s.article_id, s.start)])
                        article = next(a for a, _, _ in p.candidates if a.id == s.article_id)
                        leads += article_units(article)[0].start == s.start
                        if s.article_id in gold:
                            bbc += 1
                            in_gold += _norm(s.text) in gold[s.article_id]
                    with_lead += leads > 0
                print(
                    f"{label:8s} N={n} {name:22s} answered {answered:3d}/{len(prepared)} "
                    f"in gold {in_gold / max(1, bbc):.3f} ({bbc} BBC sentences) "
                    f"with a lead {with_lead / max(1, answered):.3f} "
                    f"cosine {np.mean(cos):.3f}"
                )


def percentiles(values: list[float]) -> str:
    return f"p50 {np.percentile(values, 50):6.1f} ms  p99 {np.percentile(values, 99):6.1f} ms"


def question_topics(path: Path) -> list[str]:
    return [json.loads(line)["query"] for line in path.read_text().splitlines() if line.strip()]


def build_cost(service: NewsService, sample: int = 200) -> None:
    """What caching every sentence's vector at build time would add: the index's sentences per
    passage, and the encoder time of a sample of passages (as the build embeds them) against
    the time of their sentences."""
    from retrieval.index.segments import embedding_text

    store = service.archive.store
    passages = sentences = 0
    texts, sentence_texts = [], []
    for i, article in enumerate(store.articles()):
        units = article_units(article)
        chunks = store.article_passages(article.id)
        passages += len(chunks)
        sentences += len(units)
        if i % 10 == 0 and len(texts) < sample:
            texts += [embedding_text(article, c) for c in chunks]
            sentence_texts += [u.text for u in units]
    embedder = service.embedder
    started = time.perf_counter()
    embedder.encode(texts)
    passage_s = time.perf_counter() - started
    started = time.perf_counter()
    embedder.encode(sentence_texts)
    sentence_s = time.perf_counter() - started
    per_passage = passage_s / len(texts)
    per_sentence = sentence_s / len(sentence_texts)
    extra = sentences * per_sentence / (passages * per_passage)
    print(
        f"build cost: {passages:,} passages, {sentences:,} prose sentences; encoder "
        f"{1000 * per_passage:.1f} ms/passage, {1000 * per_sentence:.1f} ms/sentence: caching "
        f"sentence vectors adds {extra:.2f}x the passage encoding time"
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--index", type=Path, default=INDEX)
    parser.add_argument("--backend", default="onnx", help="encoder backend (the product: onnx)")
    parser.add_argument("--grid", action="store_true", help="shortlist sizes on the tuning set")
    parser.add_argument("--build-cost", action="store_true")
    parser.add_argument(
        "--headlines", help="lead bonuses to score on BBC headline topics, e.g. 0,0.05,0.1"
    )
    parser.add_argument("--limit", type=int, help="only the first N queries of each set")
    parser.add_argument("--sets", default="held-out,calibration,tuning", help="query sets to time")
    args = parser.parse_args()

    service = NewsService(ServiceConfig(index_dir=args.index), Embedder(backend=args.backend))
    service.summary(topic="warm up the encoder and the index")
    reserved = reserved_ids()
    if args.build_cost:
        build_cost(service)
        return 0
    if args.headlines:
        headlines(service, [float(b) for b in args.headlines.split(",")])
        return 0
    sets = {
        "tuning": question_topics(BENCH / "retrieval_questions.jsonl"),
        "held-out": question_topics(BENCH / "retrieval_questions_heldout.jsonl"),
        "calibration": COVERED_TOPICS + UNCOVERED_TOPICS,
    }
    if args.grid:
        prepared = [prepare(service, q, reserved) for q in sets["tuning"][: args.limit]]
        full = [summarise(service, p, None)[0] for p in prepared]
        for size in (12, 16, 20, 24, 32):  # at least 2 x the 6 sentences asked for
            for weight in (0.0, 0.3, 1.0):
                topic_module.SHORTLIST_WORD_WEIGHT = weight
                runs = [summarise(service, p, size, replay=True) for p in prepared]
                q = quality(prepared, full, [s for s, _ in runs])
                print(
                    f"shortlist {size:3d} word weight {weight:.1f}: same decision "
                    f"{q['same_decision']:.3f} sentences kept {q['sentences_kept']:.3f} "
                    f"cosine {q['cosine']:.3f} (full {q['cosine_full']:.3f})"
                )
        return 0

    for label in args.sets.split(","):
        prepared = [prepare(service, q, reserved) for q in sets[label][: args.limit]]
        full, ours, full_ms, ours_ms = [], [], [], []
        for p in prepared:  # interleaved, so both see the same load on a shared machine
            summary, ms = summarise(service, p, None)
            full.append(summary)
            full_ms.append(ms)
            summary, ms = summarise(service, p, topic_module.SHORTLIST)
            ours.append(summary)
            ours_ms.append(ms)
        q = quality(prepared, full, ours)
        print(f"== {label}: {q['queries']} topics")
        print(f"  every sentence encoded (before): {percentiles(full_ms)}")
        print(f"  shortlist of {topic_module.SHORTLIST} (ours):          {percentiles(ours_ms)}")
        print(
            f"  answered {q['answered']} (before {q['answered_full']}), same decision "
            f"{q['same_decision']:.3f}; of the sentences the full run picks, the shortlist "
            f"picks {q['sentences_kept']:.3f}; mean query cosine of the picks {q['cosine']:.3f} "
            f"(before {q['cosine_full']:.3f})"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
