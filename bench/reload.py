"""Reload speed and safety: a full build, then reloads after an unchanged archive, one added,
one edited and one deleted article, a compaction of every segment into one, and a reload while
queries keep arriving, over the benchmark corpora.

    python bench/reload.py [--articles N] [--replicate N] [--json]

`--replicate N` repeats the corpus N times under new article ids (same texts, so the embedding
cache makes encoding free) to reach ~100k passages at N=4. The embedding cache is shared with
bench/retrieval_eval.py's index, so encoding (measured in bench/build_speed.py) does not
dominate: these figures are the rest of the pipeline. Each reload is timed as the service runs
it (`*_s`: in a child build process once an archive is serving, as a bot reloads) and inside
`build_index` (`*_build_s`). `full_build_s` and `compaction_s` are the baselines: what every
reload cost before delta segments (a full rebuild with every embedding cached). Query latency
while a reload runs is printed beside the same two query threads running as long again with no
reload (`*_without_reload`). `swap_open_*` is the swap itself: opening the new build while
sharing the segments already serving, and the longest a ticking thread waited for the GIL
meanwhile, beside the same open with nothing shared (`open_unshared_*`).
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.corpus import OUT, bench_inputs  # noqa: E402
from retrieval.embed.embedding import Embedder  # noqa: E402
from retrieval.index.archive import Archive  # noqa: E402
from retrieval.index.builder import build_index  # noqa: E402
from retrieval.ingest.loading import load_articles  # noqa: E402
from retrieval.service import NewsService, ServiceConfig  # noqa: E402

ROOT = OUT / "reload-index"
NEW_ARTICLE = {
    "id": "bench-new-1",
    "title": "Harbour ferry fares to rise in April",
    "date": "2016-11-01",
    "source": "Bench Gazette",
    "url": None,
    "body": '"Fares must rise to pay for the new boat," said Ann Lowe, the ferry company\'s chief '
    "executive, as the operator confirmed a ten percent increase from April.",
}
# Appended to one archive article for the edit (the same words every run, so after the first
# run its passage comes from the embedding cache too).
EDIT = " The council said on Friday that it would publish its full response next month."


def _timed_build(service: NewsService, inputs: list[Path]) -> tuple[float, dict]:
    started = time.perf_counter()
    report = service.build(inputs)
    return time.perf_counter() - started, report.to_json()


def _asking_while(
    service: NewsService,
    questions: list[str],
    work: Callable[[], tuple[float, dict]],
    threads: int,
) -> tuple[float, dict, list[float], list[str]]:
    """Run `work` while `threads` threads ask back to back; its result, latencies (ms), failures."""
    latencies: list[float] = []
    failures: list[str] = []
    done = threading.Event()

    def ask_loop(offset: int) -> None:
        i = offset
        while not done.is_set():
            started = time.perf_counter()
            try:
                service.ask(questions[i % len(questions)])
            except Exception as exc:  # every failure is counted, none may happen
                failures.append(repr(exc))
            latencies.append(1000 * (time.perf_counter() - started))
            i += threads

    workers = [threading.Thread(target=ask_loop, args=(n,)) for n in range(threads)]
    for worker in workers:
        worker.start()
    try:
        seconds, report = work()
    finally:
        done.set()
        for worker in workers:
            worker.join()
    return seconds, report, latencies, failures


def _open_pause(service: NewsService, share: bool) -> tuple[float, float]:
    """(ms to open the serving build, longest ms a 0.5 ms ticker thread waited meanwhile): the
    GIL the swap holds, with or without sharing the segments the serving archive has open."""
    gaps: list[float] = []
    stop = threading.Event()

    def tick() -> None:
        last = time.perf_counter()
        while not stop.is_set():
            time.sleep(0.0005)
            now = time.perf_counter()
            gaps.append(now - last)
            last = now

    ticker = threading.Thread(target=tick)
    ticker.start()
    time.sleep(0.1)
    gaps.clear()
    started = time.perf_counter()
    Archive.open(ROOT, service.embedder, serving=service.archive if share else None)
    seconds = time.perf_counter() - started
    time.sleep(0.05)
    stop.set()
    ticker.join()
    return round(1000 * seconds, 1), round(1000 * max(gaps), 1)


def _corpus_rows(articles: int, replicate: int) -> list[dict]:
    rows = [json.loads(line) for path in bench_inputs() for line in path.open()]
    rows = rows[:articles] if articles else rows
    copies = [dict(r, id=f"{r['id']}~{k}") for k in range(1, replicate) for r in rows]
    return rows + copies


def _write_rows(path: Path, rows: list[dict]) -> None:
    path.write_text("".join(json.dumps(r) + "\n" for r in rows))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=0, help="limit (0 = all)")
    parser.add_argument("--replicate", type=int, default=1, help="corpus copies (new ids)")
    parser.add_argument(
        "--query-threads",
        type=int,
        default=2,
        help="threads asking back to back during the reload (2 saturates a 2-core machine; "
        "1 leaves the core the child build does not use)",
    )
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()

    for stale in ("builds", "segments"):
        shutil.rmtree(ROOT / stale, ignore_errors=True)
    (ROOT / "CURRENT").unlink(missing_ok=True)
    if not (ROOT / "cache").exists() and (OUT / "eval-index" / "cache").exists():
        shutil.copytree(OUT / "eval-index" / "cache", ROOT / "cache")
    corpus = ROOT / "corpus.jsonl"
    rows = _corpus_rows(args.articles, args.replicate)
    _write_rows(corpus, rows)
    extra = ROOT / "extra.jsonl"
    extra.write_text(json.dumps(NEW_ARTICLE) + "\n")

    service = NewsService(ServiceConfig(index_dir=ROOT, inputs=[corpus]), Embedder())
    service.embedder.encode(["warm up"])  # model load is not a reload cost
    full_s, full = _timed_build(service, [corpus])
    unchanged_s, unchanged = _timed_build(service, [corpus])
    one_s, one = _timed_build(service, [corpus, extra])
    _write_rows(corpus, [dict(rows[0], body=rows[0]["body"] + EDIT), *rows[1:]])
    edit_s, edit = _timed_build(service, [corpus, extra])
    _write_rows(corpus, rows[1:])
    delete_s, delete = _timed_build(service, [corpus, extra])
    # The old way of every reload: all live articles into one segment, embeddings cached.
    started = time.perf_counter()
    compacted = build_index([corpus, extra], ROOT, service.embedder, compact=True).to_json()
    compaction_s = time.perf_counter() - started

    # Reload (the new article edited) while query threads keep asking.
    NEW_ARTICLE["body"] += " Season tickets will rise by less."
    extra.write_text(json.dumps(NEW_ARTICLE) + "\n")
    questions = [json.loads(x)["query"] for x in (OUT.parent / "retrieval_questions.jsonl").open()]
    reload_s, reloaded, latencies, failures = _asking_while(
        service, questions, lambda: _timed_build(service, [corpus, extra]), args.query_threads
    )
    # The baseline: the same threads for as long again, with no reload running.
    _, _, quiet, quiet_failures = _asking_while(
        service, questions, lambda: (time.sleep(reload_s), {}), args.query_threads
    )

    open_fresh_ms, wait_fresh_ms = _open_pause(service, share=False)
    open_shared_ms, wait_shared_ms = _open_pause(service, share=True)

    result = {
        "machine": "shared 2-core VM, timings under load from other work",
        "articles": full["articles"],
        "passages": full["passages"],
        "quotes": full["quotes"],
        "replicate": args.replicate,
        "full_build_s": round(full_s, 2),
        "full_build_encoded": full["encoded"],
        "unchanged_rebuild_s": round(unchanged_s, 3),
        "unchanged_build_s": unchanged["seconds"],
        "unchanged_parsed": unchanged["parsed"],
        "one_article_rebuild_s": round(one_s, 2),
        "one_article_build_s": one["seconds"],
        "one_article_encoded": one["encoded"],
        "edit_one_rebuild_s": round(edit_s, 2),
        "edit_one_build_s": edit["seconds"],
        "edit_one_encoded": edit["encoded"],
        "delete_one_rebuild_s": round(delete_s, 2),
        "delete_one_build_s": delete["seconds"],
        "segments_after_deltas": delete["segments"],
        "compaction_s": round(compaction_s, 2),
        "compaction_encoded": compacted["encoded"],
        "reload_during_queries_s": round(reload_s, 2),
        "query_threads": args.query_threads,
        "queries_during_reload": len(latencies),
        "failed_queries": len(failures),
        "query_p50_ms_during_reload": round(float(np.percentile(latencies, 50)), 1),
        "query_p99_ms_during_reload": round(float(np.percentile(latencies, 99)), 1),
        "query_max_ms_during_reload": round(float(max(latencies)), 1),
        "queries_without_reload": len(quiet),
        "failed_queries_without_reload": len(quiet_failures),
        "query_p50_ms_without_reload": round(float(np.percentile(quiet, 50)), 1),
        "query_p99_ms_without_reload": round(float(np.percentile(quiet, 99)), 1),
        "query_max_ms_without_reload": round(float(max(quiet)), 1),
        "updated_in_reload": reloaded["updated"],
        "swap_open_ms": open_shared_ms,
        "swap_open_max_gil_wait_ms": wait_shared_ms,
        "open_unshared_ms": open_fresh_ms,
        "open_unshared_max_gil_wait_ms": wait_fresh_ms,
        "loaded_articles": len(load_articles([corpus]).articles),
    }
    print(json.dumps(result) if args.json else "\n".join(f"{k:28} {v}" for k, v in result.items()))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
