"""Does a delta segment change retrieval quality? The retrieval eval's questions over the bench
corpora indexed as one segment, and as a base segment plus a delta holding a fifth of the
articles (the most a delta grows before compaction), with BM25 statistics per segment.

    python bench/segments_eval.py [--delta-fraction 0.2] [--json]

Uses its own index under bench/out/segments-eval (embedding cache copied from the eval index).
`search_ms_p50` is hybrid ranking without query encoding (timings on a shared 2-core machine).
"""

from __future__ import annotations

import argparse
import json
import random
import shutil
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.corpus import OUT, bench_inputs  # noqa: E402
from bench.retrieval_eval import HELD_OUT, QUESTIONS, Question, evaluate  # noqa: E402
from retrieval.embed.embedding import Embedder  # noqa: E402
from retrieval.index.archive import Archive  # noqa: E402
from retrieval.index.builder import SegmentPolicy, build_index  # noqa: E402
from retrieval.search.rank import DEFAULT_FUSION  # noqa: E402

ROOT = OUT / "segments-eval"
METRICS = ("recall_at_1", "recall_at_5", "mrr_at_10", "abstention_accuracy", "search_ms_p50")


def load_questions(archive: Archive, path: Path) -> list[Question]:
    """As retrieval_eval's, with gold passage ids found through the segmented store."""
    questions = []
    for line in path.read_text().splitlines():
        record = json.loads(line)
        gold: set[int] = set()
        wanted = [record["article_id"], *record.get("also", [])] if record["answerable"] else []
        for article_id in wanted:
            article = archive.store.article(article_id)
            start = article.body.find(record["evidence"]) if article else -1
            if start < 0:
                continue
            end = start + len(record["evidence"])
            gold |= {
                p.id
                for p in archive.store.article_passages(article_id)
                if p.start < end and p.end > start
            }
        if record["answerable"] and not gold:
            continue
        questions.append(Question(record["qid"], record["query"], record["answerable"], gold))
    return questions


def score(embedder: Embedder) -> dict:
    archive = Archive.open(ROOT, embedder)
    out = {"segments": len(archive.manifest.segments), "passages": archive.manifest.passages}
    for name, path in (("tuning", QUESTIONS), ("held_out", HELD_OUT)):
        questions = load_questions(archive, path)
        vectors = embedder.encode([q.query for q in questions])
        result = evaluate(archive, vectors, questions, DEFAULT_FUSION)
        out[name] = {m: round(result[m], 3) for m in METRICS}
        out[name]["questions"] = len(questions)
    archive.close()
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--delta-fraction", type=float, default=0.2)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()

    if not (ROOT / "cache").exists() and (OUT / "eval-index" / "cache").exists():
        shutil.copytree(OUT / "eval-index" / "cache", ROOT / "cache")
    rows = [line for path in bench_inputs() for line in path.open() if line.strip()]
    chosen = set(random.Random(7).sample(range(len(rows)), int(args.delta_fraction * len(rows))))
    base, delta = ROOT / "base.jsonl", ROOT / "delta.jsonl"
    base.write_text("".join(r for i, r in enumerate(rows) if i not in chosen))
    delta.write_text("".join(r for i, r in enumerate(rows) if i in chosen))

    embedder = Embedder()
    build_index([base, delta], ROOT, embedder, compact=True)
    one = score(embedder)
    build_index([base], ROOT, embedder, compact=True)
    build_index([base, delta], ROOT, embedder, policy=SegmentPolicy(compact_fraction=1.0))
    two = score(embedder)
    result = {"delta_fraction": args.delta_fraction, "one_segment": one, "base_plus_delta": two}
    if args.json:
        print(json.dumps(result))
        return 0
    print(
        f"{one['passages']:,} passages; delta = {args.delta_fraction:.0%} of the articles; "
        f"segments {one['segments']} vs {two['segments']}"
    )
    print(f"{'':28}" + "".join(f"{m:>22}" for m in METRICS))
    for split in ("tuning", "held_out"):
        for label, run in (("one segment", one), ("base + delta", two)):
            values = "".join(f"{run[split][m]:>22.3f}" for m in METRICS)
            print(f"{split + ' ' + label:28}{values}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
