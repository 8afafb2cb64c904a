"""Dense index at scale: the auto-chosen index against exact flat search, in one run.

    python bench/scale.py --passages N [--index-type auto] [--json]

Encoding a million passages takes hours on two cores, so the N vectors are the real embeddings
of the benchmark corpora's ~29k passages, replicated with small Gaussian noise (each copy keeps
cosine ~0.9 with its original) up to N. Queries are real: the retrieval benchmark's questions and
article titles, encoded by the same model. Every figure is printed beside its baseline from this
run (exact flat search). Latency, load time and memory are measured in a fresh process that
memory-maps the saved index, as the bot would. The full `ask` path (query encode + hybrid dense
and BM25 search + fetching passages from SQLite) is measured on the real ~29k-passage index, and
with `--full-ask` on a real N-passage archive too: the real articles replicated under new ids
(copy c's headline gets " (c)", so every passage text is new), built by the project's builder
over an embedding cache prefilled with the real passage embeddings plus noise (nothing is
encoded), so it has the store, BM25 over all N texts and the auto-chosen FAISS index.
Timings are on a shared 2-core machine.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import random
import subprocess
import sys
import time
from dataclasses import replace
from pathlib import Path

import numpy as np

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from bench.encoders import ENCODER_CACHE, NOTE, real_corpus  # noqa: E402
from bench.scale_archive import (  # noqa: E402
    NOISE,
    OUT,
    QUERY_BACKEND,
    QueryEncoder,
    build_ask_index,
    build_full_archive,
)

QUESTIONS = REPO / "bench" / "retrieval_questions.jsonl"
ASK_QUESTIONS = REPO / "bench" / "ask_questions.jsonl"
# The fastest backend (bench/encoders.py) makes the 29k real vectors; its small drift from fp32
# does not matter to index speed or recall against exact search over the same vectors.
BACKEND = "onnx-int8"
K = 100  # the hybrid search asks the dense index for this many candidates


def _percentiles(seconds: list[float]) -> tuple[float, float]:
    ms = 1000 * np.asarray(seconds)
    return round(float(np.percentile(ms, 50)), 3), round(float(np.percentile(ms, 99)), 3)


def _rss_mb() -> dict[str, float]:
    # VmHWM, not getrusage's ru_maxrss: Linux carries ru_maxrss across exec, so a child would
    # report its parent's peak.
    status = Path("/proc/self/status").read_text().splitlines()
    fields = {line.split(":")[0]: line.split()[1] for line in status if line[:2] == "Vm"}
    return {
        "rss_mb": round(int(fields["VmRSS"]) / 1024, 1),
        "hwm_mb": round(int(fields["VmHWM"]) / 1024, 1),
    }


def query_texts(limit: int, titles: list[str]) -> list[str]:
    """The retrieval benchmark's questions, then a sample of the /ask set's (every kind, "what
    did X say" included, whose speaker check reads the store), then article titles, `limit`
    in all."""
    questions = [json.loads(line)["query"] for line in QUESTIONS.read_text().splitlines()]
    asked = [json.loads(line)["query"] for line in ASK_QUESTIONS.read_text().splitlines()]
    more = random.Random(5).sample(asked, min(len(asked), max(0, limit - len(questions))))
    extra = random.Random(5).sample(titles, max(0, limit - len(questions) - len(more)))
    return (questions + more + extra)[:limit]


def real_embeddings(backend: str, queries: int) -> tuple[np.ndarray, np.ndarray, list[str]]:
    """(passage vectors, query vectors, query texts), encoded once and cached under bench/out."""
    from retrieval.embed.embedding import default_model_path
    from retrieval.embed.encoders import load_encoder

    texts, titles = real_corpus()
    questions = query_texts(queries, titles)
    digest = hashlib.blake2b("\x00".join(texts + questions).encode(), digest_size=8).hexdigest()
    cached = OUT / f"real-{backend}-{digest}.npz"
    if cached.exists():
        data = np.load(cached)
        return data["passages"], data["queries"], questions
    encoder = load_encoder(default_model_path(), backend, ENCODER_CACHE)
    passages = encoder.encode(texts, batch_size=64)
    query_vectors = encoder.encode(questions)
    OUT.mkdir(parents=True, exist_ok=True)
    np.savez(cached, passages=passages, queries=query_vectors, texts=np.array(texts))
    return passages, query_vectors, questions


def replicate(base: np.ndarray, n: int, path: Path, seed: int = 42) -> np.ndarray:
    """`n` rows: `base`, then noisy normalised copies of it, written to `path` as .npy."""
    out = np.lib.format.open_memmap(path, mode="w+", dtype=np.float32, shape=(n, base.shape[1]))
    rng = np.random.default_rng(seed)
    for start in range(0, n, len(base)):
        rows = min(len(base), n - start)
        block = base[:rows].copy()
        if start:
            block += rng.normal(0, NOISE, block.shape).astype(np.float32)
            block /= np.linalg.norm(block, axis=1, keepdims=True)
        out[start : start + rows] = block
    out.flush()
    return out


def _timed_searches(index, queries: np.ndarray, k: int) -> tuple[list[float], list[np.ndarray]]:
    seconds, ids = [], []
    for query in queries:
        started = time.perf_counter()
        found, _ = index.search(query, k)
        seconds.append(time.perf_counter() - started)
        ids.append(found)
    return seconds, ids


def flat_sweep(vectors: np.ndarray, queries: np.ndarray, n: int) -> dict[int, float]:
    """Exact-search p50 (ms, k=100) on growing prefixes: where it leaves the latency budget
    is where `FLAT_MAX` belongs."""
    from retrieval.index.dense import DenseIndex

    sweep = {}
    for size in [10_000, 30_000, 50_000, 100_000, 200_000]:
        if size > n:
            break
        flat = DenseIndex.build(vectors[:size], vectors.shape[1], index_type="flat")
        sweep[size] = _percentiles(_timed_searches(flat, queries[:100], K)[0])[0]
    return sweep


def probe_dense(folder: Path) -> dict:
    """In a fresh process: load the saved index (mmap), answer every query, report memory."""
    from retrieval.index.dense import DenseIndex

    queries = np.load(folder / "queries.npy")
    started = time.perf_counter()
    index = DenseIndex.load(folder / "dense.faiss", folder / "vectors.npy")
    load_s = time.perf_counter() - started
    _timed_searches(index, queries[:20], K)  # warm-up: first touches of the mapped pages
    seconds, _ = _timed_searches(index, queries, K)
    _, top10 = _timed_searches(index, queries, 10)
    p50, p99 = _percentiles(seconds)
    return {
        "load_s": round(load_s, 3),
        "p50_ms": p50,
        "p99_ms": p99,
        "ids_at_10": [i.tolist() for i in top10],
        **_rss_mb(),
    }


def probe_ask(root: Path, backend: str, queries: list[str], spawned_at: float) -> dict:
    """In a fresh process: cold start to the first answer, then `ask` latency per question."""
    from retrieval.index.archive import Archive
    from retrieval.search.rank import DEFAULT_FUSION, search

    encoder = QueryEncoder(backend)
    started = time.perf_counter()
    archive = Archive.open(root)
    load_s = time.perf_counter() - started
    search(archive, encoder, queries[0])
    # Wall clock from the parent's spawn: interpreter start and imports count too.
    cold_start_s = time.time() - spawned_at
    # Two passes: the first pages the memory-mapped index in (a cold cache: just after a
    # build or a reboot), the second is the steady state of a bot that keeps serving.
    passes = []
    unranked = replace(
        DEFAULT_FUSION,
        focus_weight=0.0,
        coverage_weight=0.0,
        speaker_weight=0.0,
        kind_weight=0.0,
        answer_rule=None,
    )
    plain: list[float] = []
    for n in range(2):
        seconds = []
        for query in queries:
            began = time.perf_counter()
            search(archive, encoder, query, k=5)
            seconds.append(time.perf_counter() - began)
            if n:  # steady state: the same query without the rerank step, for its cost
                began = time.perf_counter()
                search(archive, encoder, query, k=5, fusion=unranked)
                plain.append(time.perf_counter() - began)
        passes.append(_percentiles(seconds))
    (cold_p50, cold_p99), (p50, p99) = passes
    plain_p50, plain_p99 = _percentiles(plain)
    return {
        "passages": archive.manifest.passages,
        "index_type": archive.manifest.index_type,
        "cold_start_s": round(cold_start_s, 2),
        "load_s": round(load_s, 3),
        "ask_p50_ms": p50,
        "ask_p99_ms": p99,
        "without_rerank_p50_ms": plain_p50,
        "without_rerank_p99_ms": plain_p99,
        "first_pass_p50_ms": cold_p50,
        "first_pass_p99_ms": cold_p99,
        **_rss_mb(),
    }


def _subprocess(*args: str) -> dict:
    result = subprocess.run(
        [sys.executable, __file__, *args], capture_output=True, text=True, check=False
    )
    if result.returncode != 0:
        return {"error": result.stderr.strip().splitlines()[-1:]}
    return json.loads(result.stdout.strip().splitlines()[-1])


def run(
    n: int, index_type: str, backend: str, queries: int, with_ask: bool, full_ask: bool = False
) -> dict:
    import faiss

    from retrieval.index.dense import FLAT_MAX, DenseIndex, choose_index_type

    base, query_vectors, questions = real_embeddings(backend, queries)
    folder = OUT / f"n{n}"
    folder.mkdir(parents=True, exist_ok=True)
    vectors = replicate(base, n, folder / "vectors.npy")
    np.save(folder / "queries.npy", query_vectors)

    sweep = flat_sweep(vectors, query_vectors, n)
    started = time.perf_counter()
    flat = DenseIndex.build(vectors, vectors.shape[1], index_type="flat")
    flat_build_s = time.perf_counter() - started
    _, truth = flat.index.search(query_vectors, 10)
    flat_seconds, _ = _timed_searches(flat, query_vectors, K)
    flat_p50, flat_p99 = _percentiles(flat_seconds)
    del flat

    chosen = choose_index_type(n, index_type)
    started = time.perf_counter()
    dense = DenseIndex.build(vectors, vectors.shape[1], index_type=chosen)
    build_s = time.perf_counter() - started
    faiss.write_index(dense.index, str(folder / "dense.faiss"))  # vectors.npy is already there
    params = dense.params
    del dense, vectors

    probe = _subprocess("--probe-dense", str(folder))
    recall = None
    if "ids_at_10" in probe:
        found = probe.pop("ids_at_10")
        pairs = zip(found, truth.tolist(), strict=True)
        recall = float(np.mean([len(set(f) & set(t)) / 10 for f, t in pairs]))
    report = {
        "passages": n,
        "real_passages": len(base),
        "index_type": chosen,
        "index_params": params,
        "flat_max": FLAT_MAX,
        "build_s": round(build_s, 2),
        "load_s": probe.get("load_s"),
        "p50_ms": probe.get("p50_ms"),
        "p99_ms": probe.get("p99_ms"),
        "flat_build_s": round(flat_build_s, 2),
        "flat_p50_ms": flat_p50,
        "flat_p99_ms": flat_p99,
        "flat_p50_ms_by_size": sweep,
        "recall_at_10": None if recall is None else round(recall, 4),
        "rss_mb": probe.get("rss_mb"),
        "hwm_mb": probe.get("hwm_mb"),
        "index_mb": round((folder / "dense.faiss").stat().st_size / 2**20, 1),
        "vectors_mb": round((folder / "vectors.npy").stat().st_size / 2**20, 1),
        "queries": len(query_vectors),
        "k": K,
        "encoder_backend": backend,
        "dense_error": probe.get("error"),
        "note": (
            f"{n} vectors = the {len(base)} real passage embeddings of the benchmark corpora "
            f"replicated with Gaussian noise (std {NOISE}/dim); queries are real questions and "
            "titles. p50/p99/load_s/rss_mb: dense search (k=100) in a fresh process over the "
            "memory-mapped index; flat_*: exact IndexFlatIP over the same vectors in this run; "
            "recall_at_10: approximate top-10 vs exact top-10. " + NOTE
        ),
    }
    if with_ask:
        root = build_ask_index(backend)
        (OUT / "ask-queries.json").write_text(json.dumps(questions))
        ask = _subprocess(
            "--probe-ask", str(root), "--backend", QUERY_BACKEND, "--spawned-at", repr(time.time())
        )
        report["ask_real_index"] = {
            **ask,
            "what": "full ask (query encode + hybrid dense+BM25 + SQLite fetch) on the real "
            "corpus index, fresh process; cold_start_s = process start to first answer",
        }
    if full_ask:
        started = time.perf_counter()
        root = build_full_archive(n)
        archive_s = time.perf_counter() - started
        (OUT / "ask-queries.json").write_text(json.dumps(questions))
        ask = _subprocess(
            "--probe-ask", str(root), "--backend", QUERY_BACKEND, "--spawned-at", repr(time.time())
        )
        report["ask_full"] = {
            **ask,
            "archive_build_s": round(archive_s, 1),  # 0-ish when an earlier run built it
            "what": f"full ask at {n} passages: real articles replicated under new ids, real "
            "vectors + noise in a prefilled embedding cache, built by build_index; fresh "
            "process memory-mapping it; p50/p99 beside the dense-only p50_ms/p99_ms above",
        }
    return report


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--passages", type=int, default=100_000)
    parser.add_argument("--index-type", default="auto")
    parser.add_argument("--backend", default=BACKEND)
    parser.add_argument("--queries", type=int, default=200)
    parser.add_argument("--no-ask", action="store_true", help="skip the real-index ask probe")
    parser.add_argument(
        "--full-ask", action="store_true", help="also build an N-passage archive and time `ask`"
    )
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--probe-dense", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--probe-ask", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--spawned-at", type=float, default=0.0, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    if args.probe_dense:
        print(json.dumps(probe_dense(args.probe_dense)))
        return
    if args.probe_ask:
        questions = json.loads((OUT / "ask-queries.json").read_text())
        print(json.dumps(probe_ask(args.probe_ask, args.backend, questions, args.spawned_at)))
        return
    report = run(
        args.passages, args.index_type, args.backend, args.queries, not args.no_ask, args.full_ask
    )
    if args.json:
        print(json.dumps(report))
        return
    print(report.pop("note"))
    for key, value in report.items():
        print(f"{key:>16}: {value}")


if __name__ == "__main__":
    main()
