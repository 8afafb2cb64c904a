"""Dense recall@10 and latency under a filter at scale: the lists probed grown with the
filter's narrowness (ours) beside the usual nprobe (before), in one process.

Runs on the archive bench/postgres.py and bench/scale.py build (`build_full_archive`), with the
filter bench/postgres.py uses (the largest outlet and the middle fifth of its dates) and that
outlet alone.

    nice -n 10 python bench/filtered_dense.py [--passages 1000000] [--queries 100]
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import numpy as np

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from bench.encoders import real_corpus  # noqa: E402
from bench.postgres import K, busiest_filter, exact_top  # noqa: E402
from bench.scale import _percentiles, query_texts  # noqa: E402
from bench.scale_archive import QUERY_BACKEND, QueryEncoder, build_full_archive  # noqa: E402
from retrieval.index import layout  # noqa: E402
from retrieval.index.archive import Archive  # noqa: E402
from retrieval.index.collection import Filters  # noqa: E402
from retrieval.index.dense import DenseIndex  # noqa: E402


def measure(dense, queries: np.ndarray, allowed: np.ndarray, truth: list[set[int]]) -> str:
    recalls, seconds = [], []
    for _ in range(2):  # the first pass warms the page cache
        recalls, seconds = [], []
        for query, best in zip(queries, truth, strict=True):
            began = time.perf_counter()
            ids, _ = dense.search(query, K, allowed)
            seconds.append(time.perf_counter() - began)
            recalls.append(len(set(ids.tolist()) & best) / K)
    p50, p99 = _percentiles(seconds)
    return f"recall@10 {np.mean(recalls):.3f}, p50 {p50} ms, p99 {p99} ms"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--passages", type=int, default=1_000_000)
    parser.add_argument("--queries", type=int, default=100)
    args = parser.parse_args()
    root = build_full_archive(args.passages)
    manifest = layout.Manifest.read(layout.serving_build(root))
    exact = np.concatenate(
        [np.load(layout.segment_folder(root, s.name) / "vectors.npy") for s in manifest.segments]
    )
    _, titles = real_corpus()
    queries = QueryEncoder(QUERY_BACKEND).encode(query_texts(args.queries, titles))
    archive = Archive.open(root)
    narrow = busiest_filter(archive)
    widened = DenseIndex._filtered_effort
    dense = archive.passages.dense
    for label, filters in (("outlet + dates", narrow), ("outlet", Filters(source=narrow.source))):
        allowed = archive.passages.allowed(filters)
        truth = [exact_top(exact, q, allowed) for q in queries]
        share = allowed.sum() / len(allowed)
        print(f"{label}: {int(allowed.sum()):,} of {len(allowed):,} passages ({share:.1%})")
        DenseIndex._filtered_effort = widened
        print(f"  ours (probes grow as 1/share): {measure(dense, queries, allowed, truth)}")
        DenseIndex._filtered_effort = lambda self, effort, count: effort
        print(f"  before (usual nprobe):         {measure(dense, queries, allowed, truth)}")
    DenseIndex._filtered_effort = widened


if __name__ == "__main__":
    main()
