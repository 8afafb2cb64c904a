"""The benchmark corpora, read from ../shared (never copied into the repo).

What is reserved for final scoring (PolNeAR's `test` split, the 40 BBC articles in
`reserved_ids.txt`) is left out of every bench index."""

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


def bbc_without_reserved() -> Path:
    """BBC articles but those in `reserved_ids.txt`, as a JSONL file under bench/out/."""
    OUT.mkdir(parents=True, exist_ok=True)
    target = OUT / "bbc-unreserved.jsonl"
    folder = CORPORA / "bbc_news_summary"
    source, listed = folder / "articles.jsonl", folder / "reserved_ids.txt"
    newest = max(source.stat().st_mtime, listed.stat().st_mtime)
    if not target.exists() or target.stat().st_mtime < newest:
        reserved = set(listed.read_text().split())
        with source.open() as src, target.open("w") as dst:
            for line in src:
                if line.strip() and json.loads(line)["id"] not in reserved:
                    dst.write(line)
    return target


def bench_inputs() -> list[Path]:
    """The bench corpora with nothing reserved for final scoring in them, not even as
    distractors in an index."""
    return [bbc_without_reserved(), polnear_without_test()]
