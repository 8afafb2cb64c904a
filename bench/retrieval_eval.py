"""Score passage retrieval and the answer-or-abstain rule on bench/retrieval_questions.jsonl.

BM25 alone, dense alone, reciprocal-rank fusion (the baseline) and our weighted hybrid run in
one process over one index of the benchmark corpora (BBC + PolNeAR without its test split).
Fusion weights and the abstain threshold were tuned on bench/retrieval_questions.jsonl; the
held-out set bench/retrieval_questions_heldout.jsonl was written afterwards, over articles no
tuning question uses, and is scored with the same settings to show how far the tuning carries.

Relevance is pooled: each question names the evidence its author had in mind, and the rank-1
passages of bm25, dense, rrf and ours were then judged by hand; a passage that states the same
answer on its own (for a keyword query: the passage about exactly those things) was added as
`also_evidence`. 20 such passages on 19 tuning questions, none on the held-out set. The tables
print both: the main columns count any judged answer, "first label" only the author's evidence.

    python bench/retrieval_eval.py [--json] [--grid]
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from dataclasses import dataclass, replace
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.corpus import OUT, bench_inputs  # noqa: E402
from retrieval.embed.embedding import Embedder  # noqa: E402
from retrieval.index.archive import Archive  # noqa: E402
from retrieval.index.builder import build_index  # noqa: E402
from retrieval.search.rank import DEFAULT_FUSION, Fusion, rank  # noqa: E402

QUESTIONS = Path(__file__).with_name("retrieval_questions.jsonl")
HELD_OUT = Path(__file__).with_name("retrieval_questions_heldout.jsonl")
INDEX = OUT / "eval-index"


@dataclass
class Question:
    qid: str
    query: str
    answerable: bool
    gold: set[int]  # passage ids that answer: the labelled evidence and the pooled judgements
    first_gold: set[int]  # passage ids of the evidence labelled when the question was written


def gold_passages(archive: Archive, record: dict, pooled: bool = True) -> set[int]:
    """Passages that overlap an evidence span of the record.

    `evidence` was labelled when the question was written; `also_evidence` holds the passages
    found to state the same answer when the rank-1 passages of every run were judged (pooling,
    as TREC does), so a run is not marked wrong for returning another paragraph that answers.
    """
    labelled = [record["article_id"], *record.get("also", [])]
    spans = [(article_id, record["evidence"]) for article_id in labelled]
    if pooled:
        spans += [
            (also["article_id"], also["evidence"]) for also in record.get("also_evidence", [])
        ]
    gold: set[int] = set()
    for article_id, evidence in spans:
        article = archive.store.article(article_id)
        if article is None:
            continue
        start = article.body.find(evidence)
        if start < 0:
            continue
        end = start + len(evidence)
        rows = archive.store.db.execute(
            "SELECT id FROM passages WHERE article_id = ? AND start < ? AND end > ?",
            (article_id, end, start),
        )
        gold |= {row[0] for row in rows}
    return gold


def load_questions(archive: Archive, path: Path = QUESTIONS) -> list[Question]:
    questions = []
    for line in path.read_text().splitlines():
        record = json.loads(line)
        answerable = record["answerable"]
        gold = gold_passages(archive, record) if answerable else set()
        first_gold = gold_passages(archive, record, pooled=False) if answerable else set()
        if answerable and not first_gold:
            print(f"warning: {record['qid']}: evidence not found in the index", file=sys.stderr)
            continue
        questions.append(Question(record["qid"], record["query"], answerable, gold, first_gold))
    return questions


def evaluate(archive, vectors, questions, fusion: Fusion) -> dict:
    ranks, first_ranks, answered_ok, refused_ok, latencies = [], [], [], [], []
    for question, vector in zip(questions, vectors, strict=True):
        started = time.perf_counter()
        outcome = rank(archive, vector, question.query, 10, fusion=fusion)
        latencies.append(time.perf_counter() - started)
        ids = [hit.passage.id for hit in outcome.hits]
        if question.answerable:
            ranks.append(_first_rank(ids, question.gold))
            first_ranks.append(_first_rank(ids, question.first_gold))
            answered_ok.append(outcome.answered)
        else:
            refused_ok.append(not outcome.answered)
    n = len(ranks)
    return {
        "recall_at_1": sum(r is not None and r < 1 for r in ranks) / n,
        "recall_at_5": sum(r is not None and r < 5 for r in ranks) / n,
        "mrr_at_10": sum(1 / (r + 1) for r in ranks if r is not None) / n,
        "first_label_recall_at_5": sum(r is not None and r < 5 for r in first_ranks) / n,
        "first_label_mrr_at_10": sum(1 / (r + 1) for r in first_ranks if r is not None) / n,
        "answered_when_answerable": sum(answered_ok) / max(1, len(answered_ok)),
        "refused_when_unanswerable": sum(refused_ok) / max(1, len(refused_ok)),
        "abstention_accuracy": (sum(answered_ok) + sum(refused_ok))
        / max(1, len(answered_ok) + len(refused_ok)),
        "search_ms_p50": 1000 * float(np.median(latencies)),
    }


def _first_rank(ids: list[int], gold: set[int]) -> int | None:
    return next((i for i, pid in enumerate(ids) if pid in gold), None)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--grid", action="store_true", help="also sweep fusion weights")
    parser.add_argument("--rebuild", action="store_true", help="rebuild the bench index first")
    args = parser.parse_args()

    embedder = Embedder()
    if args.rebuild or not (INDEX / "CURRENT").exists():
        build_index(bench_inputs(), INDEX, embedder)  # the embedding cache makes re-runs quick
    archive = Archive.open(INDEX, embedder)
    questions = load_questions(archive)
    vectors = embedder.encode([q.query for q in questions])
    runs = {
        "bm25": replace(DEFAULT_FUSION, mode="lexical"),
        "dense": replace(DEFAULT_FUSION, mode="dense"),
        "rrf (baseline)": replace(DEFAULT_FUSION, mode="rrf"),
        "ours without focus": replace(DEFAULT_FUSION, focus_weight=0.0),
        "hybrid (ours)": DEFAULT_FUSION,
    }
    if args.grid:
        for weight in (0.0, 0.05, 0.1, 0.2, 0.3):
            runs[f"weighted lex={weight}"] = replace(DEFAULT_FUSION, lexical_weight=weight)
        for weight in (0.03, 0.05, 0.1, 0.2):
            runs[f"ours, focus={weight}"] = replace(DEFAULT_FUSION, focus_weight=weight)
        for threshold in (0.5, 0.525, 0.55, 0.575, 0.6, 0.625):
            runs[f"ours, min_dense={threshold}"] = replace(DEFAULT_FUSION, min_dense=threshold)
    results = {name: evaluate(archive, vectors, questions, f) for name, f in runs.items()}
    held_out = load_questions(archive, HELD_OUT)
    held_vectors = embedder.encode([q.query for q in held_out])
    held_results = {
        name: evaluate(archive, held_vectors, held_out, runs[name])
        for name in ("bm25", "dense", "rrf (baseline)", "ours without focus", "hybrid (ours)")
    }
    summary = {
        "questions": sum(q.answerable for q in questions),
        "unanswerable": sum(not q.answerable for q in questions),
        "passages": archive.manifest.passages,
        "runs": results,
        "held_out": {
            "questions": sum(q.answerable for q in held_out),
            "unanswerable": sum(not q.answerable for q in held_out),
            "runs": held_results,
        },
    }
    if args.json:
        print(json.dumps(summary, indent=2))
        return 0
    print(f"{summary['passages']:,} passages")
    _print_runs(
        f"tuning set: {summary['questions']} answerable + {summary['unanswerable']}", results
    )
    held = summary["held_out"]
    _print_runs(
        f"held-out set: {held['questions']} answerable + {held['unanswerable']}", held_results
    )
    return 0


def _print_runs(title: str, results: dict[str, dict]) -> None:
    print(f"\n{title} unanswerable questions")
    print("(first label: scored against the evidence labelled when each question was written)")
    print(
        f"{'run':24} {'R@1':>6} {'R@5':>6} {'MRR@10':>7} {'ans':>6} {'refuse':>7} {'ms':>6}"
        f" {'first label: R@5':>17} {'MRR@10':>7}"
    )
    for name, r in results.items():
        print(
            f"{name:24} {r['recall_at_1']:6.3f} {r['recall_at_5']:6.3f} {r['mrr_at_10']:7.3f} "
            f"{r['answered_when_answerable']:6.2f} {r['refused_when_unanswerable']:7.2f} "
            f"{r['search_ms_p50']:6.1f} {r['first_label_recall_at_5']:17.3f} "
            f"{r['first_label_mrr_at_10']:7.3f}"
        )


if __name__ == "__main__":
    raise SystemExit(main())
