"""Speakers as entities: does our speaker denote the gold speaker's entity, what kinds we find,
and what the entity layer costs a build and an archive load.

    python bench/speaker_entities.py [--articles N] [--build-articles N] [--no-build] [--json]

Entity agreement, on PolNeAR gold quotations whose speaker is a name or description (not a
pronoun) and that we find (matched as the shared scorer matches them): our quote's speaker and
the gold speaker, as the article writes it ("Cruz", "the president"), are both resolved in the
article (`entities.py`) and merged across the split (`registry.py`); they agree when they land
on one entity. Beside it, in the same run: the shared scorer's speaker rule (word subsets:
"Ted Cruz" is right for gold "Cruz") and exact speaker strings. `train` is held out (the entity
rules were written looking at `dev` and BBC output only), so it is printed first; `test` is
never read.

Build cost: the same articles built into fresh indexes over one warm embedding cache, with and
without the entity layer, alternating; CPU seconds of the whole `build_index` (what contention
from other jobs disturbs least) and wall seconds. Load cost: the registry and `--speaker`
directory an archive builds once, against the old phrase directory over the same names.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import random
import shutil
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.corpus import CORPORA, OUT, SHARED  # noqa: E402
from retrieval.embed.embedding import Embedder  # noqa: E402
from retrieval.index.builder import build_index  # noqa: E402
from retrieval.ingest.loading import LoadResult, load_articles  # noqa: E402
from retrieval.models import Article, Quote  # noqa: E402
from retrieval.quotes import extract as extract_module  # noqa: E402
from retrieval.quotes import extract_quotes  # noqa: E402
from retrieval.quotes.coref import Entities  # noqa: E402
from retrieval.quotes.directory import SpeakerDirectory  # noqa: E402
from retrieval.quotes.entities import ArticleSpeakers, speaker_id  # noqa: E402
from retrieval.quotes.frames import masked_body  # noqa: E402
from retrieval.quotes.marks import find_quote_spans  # noqa: E402
from retrieval.quotes.names import speaker_key  # noqa: E402
from retrieval.quotes.registry import SpeakerRegistry  # noqa: E402


def _scorer():
    spec = importlib.util.spec_from_file_location(
        "score_quotes", SHARED / "eval" / "score_quotes.py"
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


SCORER = _scorer()
POLNEAR = CORPORA / "polnear"
BBC = CORPORA / "bbc_news_summary"


def _jsonl(path: Path) -> list[dict]:
    with path.open(encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


def polnear(split: str, limit: int | None) -> list[Article]:
    assert split != "test", "PolNeAR test is reserved for final scoring"
    ids = {r["id"] for r in _jsonl(POLNEAR / "articles.jsonl") if r.get("split") == split}
    articles = [a for a in load_articles([POLNEAR / "articles.jsonl"]).articles if a.id in ids]
    return articles[:limit] if limit else articles


def bbc(limit: int) -> list[Article]:
    reserved = set((BBC / "reserved_ids.txt").read_text().split())
    articles = load_articles([BBC / "articles.jsonl"]).articles
    return [a for a in articles if a.id not in reserved][:limit]


def _article_speakers(article: Article) -> ArticleSpeakers:
    """The article's names as the extractor sees them (quotations masked)."""
    spans = find_quote_spans(article.body, article.paragraphs())
    return ArticleSpeakers(article.body, Entities.scan(masked_body(article.body, spans)))


def _row(q: Quote) -> tuple:
    return (
        q.speaker_id,
        q.speaker_kind,
        q.canonical_speaker,
        q.affiliation,
        q.speaker,
        q.speaker_as_written,
        1,
    )


def agreement(split: str, limit: int | None) -> dict:
    """Entity agreement between our speaker and the gold speaker, beside the scorer's rule."""
    articles = polnear(split, limit)
    by_id = {a.id: a for a in articles}
    gold: dict[str, list[dict]] = {}
    for g in _jsonl(POLNEAR / "direct_quotes.jsonl"):
        if g["article_id"] in by_id and not SCORER.is_pronoun(g["speaker"]):
            gold.setdefault(g["article_id"], []).append(g)
    ours = {a.id: [q for q in extract_quotes(a) if q.speaker] for a in articles}
    pairs: list[tuple[Quote, dict, dict]] = []  # our quote, gold quote, gold entity fields
    for article_id, golds in gold.items():
        speakers = _article_speakers(by_id[article_id])
        found = ours[article_id]
        scored = []
        for i, g in enumerate(golds):
            g_tokens = SCORER.tokens(g["quote"])
            for j, q in enumerate(found):
                cg, cs = SCORER.overlap(g_tokens, SCORER.tokens(q.text))
                if cg >= 0.5 and cs >= 0.5:
                    scored.append((cg + cs, i, j))
        used_g, used_s = set(), set()
        for _, i, j in sorted(scored, reverse=True):
            if i in used_g or j in used_s:
                continue
            used_g.add(i)
            used_s.add(j)
            pairs.append((found[j], golds[i], speakers.fields(golds[i]["speaker"])))
    rows = [_row(q) for quotes in ours.values() for q in quotes]
    # The gold speakers join the archive too: both sides are merged by the same rules.
    rows += [
        (
            f["speaker_id"],
            f["speaker_kind"],
            f["canonical_speaker"],
            f["affiliation"],
            g["speaker"],
            g["speaker"],
            1,
        )
        for _, g, f in pairs
    ]
    registry = SpeakerRegistry(rows)
    entity_right = article_right = scorer_right = exact_right = 0
    misses: Counter[str] = Counter()
    for q, g, f in pairs:
        mine, theirs = registry.entity_of(q.speaker_id), registry.entity_of(f["speaker_id"])
        same = mine is not None and theirs is not None and mine.id == theirs.id
        entity_right += same
        article_right += q.speaker_id == f["speaker_id"]
        scorer_right += SCORER.speaker_ok(g["speaker"], q.speaker)
        exact_right += speaker_key(g["speaker"]) == speaker_key(q.speaker or "")
        if not same:
            misses[
                f"{g['speaker']!r} -> {theirs.name if theirs else None!r} | ours "
                f"{q.speaker!r} -> {mine.name if mine else None!r}"
            ] += 1
    n = max(len(pairs), 1)
    kinds = Counter(q.speaker_kind for quotes in ours.values() for q in quotes)
    described = [q for quotes in ours.values() for q in quotes if q.speaker_kind == "description"]
    strings = {q.speaker for quotes in ours.values() for q in quotes}
    return {
        "split": split,
        "articles": len(articles),
        "gold_named_found": len(pairs),
        "entity_agreement": entity_right / n,
        "entity_agreement_article_only": article_right / n,
        "scorer_speaker_rule": scorer_right / n,
        "exact_string": exact_right / n,
        "quotes": sum(kinds.values()),
        "kinds": {k: v / max(sum(kinds.values()), 1) for k, v in kinds.most_common()},
        "descriptions_with_affiliation": sum(1 for q in described if q.affiliation)
        / max(len(described), 1),
        "speaker_strings": len(strings),
        "entities": len({registry.entity_of(q.speaker_id).id for qs in ours.values() for q in qs}),
        "misses": misses.most_common(40),
    }


def kinds_of(articles: list[Article], label: str) -> dict:
    quotes = [q for a in articles for q in extract_quotes(a) if q.speaker]
    kinds = Counter(q.speaker_kind for q in quotes)
    described = [q for q in quotes if q.speaker_kind == "description"]
    return {
        "corpus": label,
        "quotes": len(quotes),
        "kinds": {k: v / max(len(quotes), 1) for k, v in kinds.most_common()},
        "descriptions_with_affiliation": sum(1 for q in described if q.affiliation)
        / max(len(described), 1),
    }


def _no_entities(body, quotes, entities):
    return quotes


def build_cost(articles: list[Article], rounds: int, embedder: Embedder) -> dict:
    """CPU and wall seconds of `build_index` with and without the entity layer."""
    OUT.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix="entities-bench-", dir=OUT))
    loaded = LoadResult(articles=articles)
    real = extract_module.attach_entities
    try:
        warm = work / "warm"
        build_index([], warm, embedder, loaded=loaded)  # fills the embedding cache once
        times: dict[str, list[tuple[float, float]]] = {"with entities": [], "without": []}
        for n in range(rounds):
            for label in ("without", "with entities") if n % 2 else ("with entities", "without"):
                extract_module.attach_entities = real if label == "with entities" else _no_entities
                root = work / f"{label.split()[0]}-{n}"
                (root / "cache").mkdir(parents=True)
                for f in (warm / "cache").glob(f"{embedder.name}.sqlite*"):
                    shutil.copy(f, root / "cache" / f.name)
                cpu, wall = time.process_time(), time.perf_counter()
                report = build_index([], root, embedder, loaded=loaded)
                times[label].append((time.process_time() - cpu, time.perf_counter() - wall))
                assert report.encoded == 0, "the embedding cache should hold every text"
                shutil.rmtree(root)
    finally:
        extract_module.attach_entities = real
        shutil.rmtree(work, ignore_errors=True)
    best = {k: (min(c for c, _ in v), min(w for _, w in v)) for k, v in times.items()}
    return {
        "articles": len(articles),
        "rounds": rounds,
        "cpu_s": {k: v[0] for k, v in best.items()},
        "wall_s": {k: v[1] for k, v in best.items()},
        "cpu_ratio": best["with entities"][0] / best["without"][0],
    }


def load_cost(articles: list[Article], target: int) -> dict:
    """Registry + directory build time (what an archive pays once) on real speakers and on
    `target` synthetic ones, beside the phrase directory over the same names."""
    quotes = [q for a in articles for q in extract_quotes(a) if q.speaker]
    rows = [_row(q) for q in quotes]
    names = sorted({q.speaker_id for q in quotes})
    people = [q.canonical_speaker for q in quotes if q.speaker_kind == "person"]
    parts = [n.split() for n in people if len(n.split()) == 2]
    given, family = sorted({p[0] for p in parts}), sorted({p[1] for p in parts})
    rng = random.Random(0)
    made = sorted({f"{rng.choice(given)} {rng.choice(family)}" for _ in range(target * 2)})[:target]
    many = [(speaker_id(m), "person", m, None, m, m, 1) for m in made]
    out = {}
    for label, data in (("real", rows), (f"{target:,} names", many)):
        keys = sorted({r[0] for r in data})
        started = time.process_time()  # CPU time: other jobs on the machine disturb it least
        registry = SpeakerRegistry(data)
        SpeakerDirectory(keys, registry)
        ours = time.process_time() - started
        started = time.process_time()
        SpeakerDirectory([r[2] for r in data])
        old = time.process_time() - started
        out[label] = {
            "rows": len(data),
            "entities": len(registry.entities),
            "ms": 1000 * ours,
            "phrase_directory_ms": 1000 * old,
        }
    out["real"]["speaker_ids"] = len(names)
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=None, help="PolNeAR articles per split")
    parser.add_argument("--build-articles", type=int, default=300, help="per corpus, for costs")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--no-build", action="store_true", help="skip the build-cost runs")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()

    report: dict = {"agreement": [agreement(s, args.articles) for s in ("train", "dev")]}
    sample = polnear("train", args.build_articles) + bbc(args.build_articles)
    report["kinds"] = [kinds_of(bbc(400), "BBC (400 not reserved)")]
    report["load"] = load_cost(sample, 100_000)
    if not args.no_build:
        report["build"] = build_cost(sample, args.rounds, Embedder())
    if args.json:
        print(json.dumps(report, indent=1))
        return 0
    print("Entity agreement with the gold speaker (named gold speakers we found):")
    print(f"{'split':18} {'n':>5} {'entity':>7} {'(article)':>9} {'scorer':>7} {'exact':>6}")
    for r in report["agreement"]:
        label = r["split"] + (" (held out)" if r["split"] == "train" else " (studied)")
        print(
            f"{label:18} {r['gold_named_found']:5} {r['entity_agreement']:7.3f} "
            f"{r['entity_agreement_article_only']:9.3f} {r['scorer_speaker_rule']:7.3f} "
            f"{r['exact_string']:6.3f}"
        )
    for r in report["agreement"]:
        kinds = ", ".join(f"{k} {v:.1%}" for k, v in r["kinds"].items())
        print(
            f"{r['split']}: {r['quotes']} quotes; {kinds}; descriptions speaking for someone "
            f"{r['descriptions_with_affiliation']:.1%}; {r['speaker_strings']} speaker strings "
            f"-> {r['entities']} entities"
        )
    for r in report["kinds"]:
        kinds = ", ".join(f"{k} {v:.1%}" for k, v in r["kinds"].items())
        print(
            f"{r['corpus']}: {r['quotes']} quotes; {kinds}; descriptions speaking for "
            f"someone {r['descriptions_with_affiliation']:.1%}"
        )
    print("\nDisagreements (gold -> entity | ours -> entity), studied split (dev):")
    for miss, n in report["agreement"][1]["misses"]:
        print(f"  {n:3} {miss}")
    print("\nLoad: registry + directory, built once per archive (CPU ms):")
    for label, r in report["load"].items():
        print(
            f"  {label}: {r['rows']} rows -> {r['entities']} entities in {r['ms']:.0f} ms "
            f"(phrase directory alone: {r['phrase_directory_ms']:.0f} ms)"
        )
    if "build" in report:
        b = report["build"]
        print(f"\nBuild, {b['articles']} articles, warm embedding cache, best of {b['rounds']}:")
        for label in ("without", "with entities"):
            print(f"  {label:14} cpu {b['cpu_s'][label]:.2f} s, wall {b['wall_s'][label]:.2f} s")
        print(f"  ratio (cpu): {b['cpu_ratio']:.3f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
