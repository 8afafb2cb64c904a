"""The benchmark corpora, read from ../shared (never copied into the repo).

PolNeAR's `test` split is reserved for final scoring, so it is left out of every bench index."""

from __future__ import annotations

import json
import os
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("NEWSBOT_SHARED", REPO.parent / "shared"))
CORPORA = SHARED / "corpora"
OUT = REPO / "bench" / "out"


def polnear_without_test() -> Path:
    """PolNeAR articles of every split but `test`, as a JSONL file under bench/out/."""
    OUT.mkdir(parents=True, exist_ok=True)
    target = OUT / "polnear-nontest.jsonl"
    source = CORPORA / "polnear" / "articles.jsonl"
    if not target.exists() or target.stat().st_mtime < source.stat().st_mtime:
        with source.open() as src, target.open("w") as dst:
            for line in src:
                if json.loads(line).get("split") != "test":
                    dst.write(line)
    return target


def bench_inputs() -> list[Path]:
    return [CORPORA / "bbc_news_summary" / "articles.jsonl", polnear_without_test()]
