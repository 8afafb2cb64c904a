"""The quote evaluation sets: PolNeAR splits and the two halves of our BBC gold.

Every set is scored by the shared scorer (`shared/eval/score_quotes.py`) unchanged: for the BBC
halves it is pointed at our gold (`bench/bbc_quotes_gold.jsonl`), an index of the annotated
articles with their half as the split, and no other attributions (our gold lists partial quotes
itself, so none is neutral).
"""

from __future__ import annotations

import importlib.util
import json
import os
import re
import subprocess
import sys
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from retrieval.models import Article  # noqa: E402

SHARED = Path(os.environ.get("NEWSBOT_SHARED") or REPO.parent / "shared")
POLNEAR = SHARED / "corpora" / "polnear"
BBC = SHARED / "corpora" / "bbc_news_summary"
SCORER = SHARED / "eval" / "score_quotes.py"
BBC_GOLD = REPO / "bench" / "bbc_quotes_gold.jsonl"
OUT = REPO / "bench" / "out"
SET_NAMES = ("bbc-heldout", "bbc-study", "polnear-dev", "polnear-train", "polnear-test")


@dataclass
class QuoteSet:
    """One set's articles, its gold quotes and how the shared scorer reads it."""

    name: str
    articles: list[Article]
    gold: dict[str, list[dict]]
    scorer_args: list[str]
    # Token lists of other attributions' contents: a partial quote inside one is neutral.
    contents: dict[str, list[list[str]]] = field(default_factory=dict)
    # Held-out sets are only scored: no error lines are printed for them.
    held_out: bool = False


def jsonl(path: Path) -> Iterable[dict]:
    with path.open(encoding="utf-8") as handle:
        for line in handle:
            if line.strip():
                yield json.loads(line)


def load_set(name: str) -> QuoteSet:
    if name.startswith("bbc-"):
        return _bbc(name.removeprefix("bbc-"))
    return _polnear(name.removeprefix("polnear-"))


def _articles(path: Path, ids: set[str]) -> list[Article]:
    """The articles through the product loader (what a build sees), in id order."""
    from retrieval.ingest.loading import load_articles

    return sorted((a for a in load_articles([path]).articles if a.id in ids), key=lambda a: a.id)


def _polnear(split: str) -> QuoteSet:
    rows = list(jsonl(POLNEAR / "articles.jsonl"))
    ids = {r["id"] for r in rows if r.get("split") == split}
    primary = {r["id"]: r.get("primary_annotator") for r in rows if r["id"] in ids}
    gold: dict[str, list[dict]] = {}
    for g in jsonl(POLNEAR / "direct_quotes.jsonl"):
        if g["article_id"] in ids:
            gold.setdefault(g["article_id"], []).append(g)
    sc = scorer_module()
    contents: dict[str, list[list[str]]] = {}
    for r in jsonl(POLNEAR / "attributions.jsonl"):
        aid = r["article_id"]
        if (
            aid in ids
            and r.get("annotator") == primary[aid]
            and (r.get("content") or {}).get("text")
        ):
            contents.setdefault(aid, []).append(sc.tokens(r["content"]["text"]))
    return QuoteSet(
        name=f"polnear-{split}",
        articles=_articles(POLNEAR / "articles.jsonl", ids),
        gold=gold,
        scorer_args=["--split", split],
        contents=contents,
        held_out=split == "test",
    )


def _bbc(half: str) -> QuoteSet:
    rows = [r for r in jsonl(BBC_GOLD) if r["half"] == half]
    index = _bbc_index()
    ids = {r["id"] for r in jsonl(index) if r["split"] == half}
    gold: dict[str, list[dict]] = {}
    for r in rows:
        gold.setdefault(r["article_id"], []).append(r)
    empty = OUT / "bbc_no_attributions.jsonl"
    empty.write_text("", encoding="utf-8")
    return QuoteSet(
        name=f"bbc-{half}",
        articles=_articles(BBC / "articles.jsonl", ids),
        gold=gold,
        scorer_args=[
            "--split",
            half,
            "--articles",
            str(index),
            "--gold",
            str(BBC_GOLD),
            "--attributions",
            str(empty),
        ],
        held_out=half == "heldout",
    )


def _bbc_index() -> Path:
    """Every annotated article (quotes or none) with its half, as the scorer's article list."""
    sys.path.insert(0, str(REPO / "bench"))
    from bbc_gold import parse, split_index

    OUT.mkdir(parents=True, exist_ok=True)
    path = OUT / "bbc_quotes_index.jsonl"
    with path.open("w", encoding="utf-8") as handle:
        for row in split_index(parse()):
            handle.write(json.dumps(row) + "\n")
    return path


def score(run: dict[str, list[dict]], system: str, quote_set: QuoteSet) -> dict:
    """The shared scorer's report for one system's run on one set."""
    OUT.mkdir(parents=True, exist_ok=True)
    path = OUT / f"quotes_{system}_{quote_set.name}.jsonl"
    with path.open("w", encoding="utf-8") as handle:
        for aid, quotes in run.items():
            handle.write(json.dumps({"article_id": aid, "quotes": quotes}) + "\n")
    proc = subprocess.run(
        [sys.executable, str(SCORER), str(path), *quote_set.scorer_args, "--json"],
        capture_output=True,
        text=True,
        check=False,
    )
    reports = [line for line in proc.stdout.splitlines() if line.startswith("{")]
    if not reports:
        raise RuntimeError(f"scorer failed: {proc.stdout}{proc.stderr}")
    return json.loads(reports[-1])


def scorer_module():
    """The shared scorer as a module, for its token and match functions."""
    spec = importlib.util.spec_from_file_location("score_quotes", SCORER)
    module = importlib.util.module_from_spec(spec)  # type: ignore[arg-type]
    spec.loader.exec_module(module)  # type: ignore[union-attr]
    return module


def match(golds: list[dict], syss: list[dict]) -> list[tuple[int, int]]:
    """Gold/system pairs as the scorer pairs them: both sides half covered, greedy, 1-to-1."""
    sc = scorer_module()
    pairs = []
    for i, g in enumerate(golds):
        for j, s in enumerate(syss):
            cg, cs = sc.overlap(sc.tokens(g["quote"]), sc.tokens(s["quote"] or ""))
            if cg >= 0.5 and cs >= 0.5:
                pairs.append((cg + cs, i, j))
    used_g: set[int] = set()
    used_s: set[int] = set()
    out = []
    for _, i, j in sorted(pairs, reverse=True):
        if i in used_g or j in used_s:
            continue
        used_g.add(i)
        used_s.add(j)
        out.append((i, j))
    return out


_SPLIT_WORDS = re.compile(r",| who | of ")


def gold_head(speaker: str) -> str:
    """'Weaver, the campaign manager' -> 'Weaver': a gold span's head before an appositive."""
    return _SPLIT_WORDS.split(speaker)[0]
