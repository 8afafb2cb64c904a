"""Score `ask`: passage ranking and the answer-or-abstain rule, held-out questions first.

Question sets, all over one index of the benchmark corpora (BBC + PolNeAR without its test
split):
- bench/ask_questions.jsonl: 353 answerable questions of seven kinds (fact, entity, said,
  respond, topic, date, number) and 64 near misses (about people and events the archive covers,
  asking what it does not say), written by reading 123 articles no earlier set uses, frozen
  before any system ran on them, and split by article into a tuning half and a held-out half
  (bench/split_questions.py). Ranking and the abstain rule are fitted on the tuning half only
  (bench/fit_ask.py); the held-out half is only scored.
- bench/retrieval_questions.jsonl (the earlier tuning set) and
  bench/retrieval_questions_heldout.jsonl (the earlier held-out set).

BM25 alone, dense alone, reciprocal-rank fusion (the baseline), the ranking before this work
("before": weighted hybrid, focus 0.03, one cosine threshold) and ours run in one process.

Relevance is pooled: each question names the evidence its author had in mind, and the rank-1
passages of the runs were then judged by hand; a passage that states the same answer on its own
(for a keyword query: the passage about exactly those things) was added as `also_evidence`. The
tables print both: the main columns count any judged answer, "first label" only the author's
evidence.

    python bench/retrieval_eval.py [--json] [--grid] [--misses]
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections import defaultdict
from dataclasses import dataclass, field, replace
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.corpus import OUT, bench_inputs  # noqa: E402
from retrieval.embed.embedding import Embedder  # noqa: E402
from retrieval.index.archive import Archive  # noqa: E402
from retrieval.index.builder import build_index  # noqa: E402
from retrieval.search.rank import DEFAULT_FUSION, Fusion, rank  # noqa: E402

ASK = Path(__file__).with_name("ask_questions.jsonl")
QUESTIONS = Path(__file__).with_name("retrieval_questions.jsonl")
HELD_OUT = Path(__file__).with_name("retrieval_questions_heldout.jsonl")
INDEX = OUT / "eval-index"
# (name, file, half): held-out first, as every report reads.
SETS = [
    ("ask held-out", ASK, "heldout"),
    ("ask tuning", ASK, "tuning"),
    ("earlier held-out", HELD_OUT, None),
    ("earlier tuning", QUESTIONS, None),
]
BEFORE = Fusion()  # focus 0.03 and `dense >= min_dense`: the ranking before issue 14


@dataclass
class Question:
    qid: str
    query: str
    answerable: bool
    gold: set[int]  # passage ids that answer: the labelled evidence and the pooled judgements
    # passage ids of the evidence labelled when the question was written
    first_gold: set[int] = field(default_factory=set)
    kind: str = ""  # fact, entity, said, ... (the ask set); the earlier sets' style
    corpus: str = ""  # bbc or polnear (of the answer, or of the article a near miss is about)


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
        start = article.body.find(evidence) if article else -1
        if start < 0:
            continue
        end = start + len(evidence)
        gold |= {
            p.id
            for p in archive.store.article_passages(article_id)
            if p.start < end and p.end > start
        }
    return gold


def load_questions(
    archive: Archive, path: Path = QUESTIONS, half: str | None = None
) -> list[Question]:
    questions = []
    for line in path.read_text().splitlines():
        record = json.loads(line)
        if half is not None and record.get("half") != half:
            continue
        answerable = record["answerable"]
        gold = gold_passages(archive, record) if answerable else set()
        first_gold = gold_passages(archive, record, pooled=False) if answerable else set()
        if answerable and not first_gold:
            print(f"warning: {record['qid']}: evidence not found in the index", file=sys.stderr)
            continue
        about = record.get("article_id") or record.get("about") or ""
        corpus = "bbc" if about.startswith("bbc-") else "polnear" if about else ""
        kind = record.get("kind") or record.get("style") or ""
        questions.append(
            Question(record["qid"], record["query"], answerable, gold, first_gold, kind, corpus)
        )
    return questions


def _ranking_figures(ranks: list[int | None]) -> dict:
    n = max(1, len(ranks))
    return {
        "n": len(ranks),
        "recall_at_1": sum(r is not None and r < 1 for r in ranks) / n,
        "recall_at_5": sum(r is not None and r < 5 for r in ranks) / n,
        "mrr_at_10": sum(1 / (r + 1) for r in ranks if r is not None) / n,
    }


def evaluate(archive, vectors, questions, fusion: Fusion) -> dict:
    ranks, first_ranks, answered_ok, refused_ok, latencies = [], [], [], [], []
    by_kind: dict[str, list] = defaultdict(list)
    by_corpus: dict[str, list] = defaultdict(list)
    misses: dict[str, int | None] = {}
    for question, vector in zip(questions, vectors, strict=True):
        started = time.perf_counter()
        outcome = rank(archive, vector, question.query, 10, fusion=fusion)
        latencies.append(time.perf_counter() - started)
        ids = [hit.passage.id for hit in outcome.hits]
        if question.answerable:
            found = _first_rank(ids, question.gold)
            ranks.append(found)
            by_kind[question.kind].append(found)
            by_corpus[question.corpus].append(found)
            first_ranks.append(_first_rank(ids, question.first_gold))
            answered_ok.append(outcome.answered)
            if found is None or found > 0 or not outcome.answered:
                misses[question.qid] = found
        else:
            refused_ok.append(not outcome.answered)
            if outcome.answered:
                misses[question.qid] = -1
    first = _ranking_figures(first_ranks)
    return {
        **_ranking_figures(ranks),
        "first_label_recall_at_5": first["recall_at_5"],
        "first_label_mrr_at_10": first["mrr_at_10"],
        "answered_when_answerable": sum(answered_ok) / max(1, len(answered_ok)),
        "refused_when_unanswerable": sum(refused_ok) / max(1, len(refused_ok)),
        "abstention_accuracy": (sum(answered_ok) + sum(refused_ok))
        / max(1, len(answered_ok) + len(refused_ok)),
        "search_ms_p50": 1000 * float(np.median(latencies)),
        "by_kind": {k: _ranking_figures(v) for k, v in sorted(by_kind.items())},
        "by_corpus": {k: _ranking_figures(v) for k, v in sorted(by_corpus.items())},
        "misses": misses,  # qid -> rank of the first answer (None: not in the top 10; -1: answered)
    }


def _first_rank(ids: list[int], gold: set[int]) -> int | None:
    return next((i for i, pid in enumerate(ids) if pid in gold), None)


def runs(grid: bool = False) -> dict[str, Fusion]:
    chosen = {
        "bm25": replace(DEFAULT_FUSION, mode="lexical"),
        "dense": replace(DEFAULT_FUSION, mode="dense"),
        "rrf (baseline)": replace(DEFAULT_FUSION, mode="rrf"),
        "before": BEFORE,
        "ours": DEFAULT_FUSION,
    }
    if grid:
        for weight in (0.0, 0.05, 0.1, 0.2, 0.3):
            chosen[f"weighted lex={weight}"] = replace(DEFAULT_FUSION, lexical_weight=weight)
        for weight in (0.0, 0.03, 0.05, 0.1, 0.2):
            chosen[f"ours, focus={weight}"] = replace(DEFAULT_FUSION, focus_weight=weight)
    return chosen


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--grid", action="store_true", help="also sweep fusion weights")
    parser.add_argument("--misses", action="store_true", help="list ours' misses per set")
    parser.add_argument("--rebuild", action="store_true", help="rebuild the bench index first")
    args = parser.parse_args()

    embedder = Embedder()
    if args.rebuild or not (INDEX / "CURRENT").exists():
        build_index(bench_inputs(), INDEX, embedder)  # the embedding cache makes re-runs quick
    archive = Archive.open(INDEX, embedder)
    chosen = runs(args.grid)
    summary: dict = {"passages": archive.manifest.passages, "sets": {}}
    for name, path, half in SETS:
        questions = load_questions(archive, path, half)
        vectors = embedder.encode([q.query for q in questions])
        summary["sets"][name] = {
            "questions": sum(q.answerable for q in questions),
            "unanswerable": sum(not q.answerable for q in questions),
            "runs": {
                run: evaluate(archive, vectors, questions, fusion) for run, fusion in chosen.items()
            },
        }
    if args.json:
        print(json.dumps(summary, indent=2))
        return 0
    print(f"{summary['passages']:,} passages")
    for name, result in summary["sets"].items():
        _print_set(name, result, args.misses)
    return 0


def _print_set(name: str, result: dict, misses: bool) -> None:
    runs_ = result["runs"]
    print(f"\n{name}: {result['questions']} answerable + {result['unanswerable']} unanswerable")
    print(
        f"{'run':24} {'R@1':>6} {'R@5':>6} {'MRR@10':>7} {'ans':>6} {'refuse':>7} {'ms':>6}"
        f" {'first label: R@5':>17} {'MRR@10':>7}"
    )
    for run, r in runs_.items():
        print(
            f"{run:24} {r['recall_at_1']:6.3f} {r['recall_at_5']:6.3f} {r['mrr_at_10']:7.3f} "
            f"{r['answered_when_answerable']:6.2f} {r['refused_when_unanswerable']:7.2f} "
            f"{r['search_ms_p50']:6.1f} {r['first_label_recall_at_5']:17.3f} "
            f"{r['first_label_mrr_at_10']:7.3f}"
        )
    for group in ("by_kind", "by_corpus"):
        keys = list(runs_["ours"][group])
        if len(keys) < 2:
            continue
        print(f"  R@5 / MRR@10 {group.replace('_', ' ')}:")
        print(
            "  "
            + f"{'run':22}"
            + "".join(f"{k + ' (' + str(runs_['ours'][group][k]['n']) + ')':>16}" for k in keys)
        )
        for run in ("rrf (baseline)", "before", "ours"):
            cells = runs_[run][group]
            print(
                "  "
                + f"{run:22}"
                + "".join(
                    f"{cells[k]['recall_at_5']:8.2f}/{cells[k]['mrr_at_10']:.2f}" for k in keys
                )
            )
    if misses:
        print("  ours' misses (qid: rank of first answer, None = not in top 10, -1 = answered):")
        print("  " + json.dumps(runs_["ours"]["misses"]))


if __name__ == "__main__":
    raise SystemExit(main())
