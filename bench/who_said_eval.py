"""Score `who-said` end to end: does the right quotation, with the right speaker, come first?

Probes, in the three ways a reporter asks:
- fragment: eight words from the middle of a PolNeAR gold quotation, as remembered or pasted;
- speaker+keywords: `--speaker SURNAME` with the quotation's four longest content words, as in
  "what did Cruz say about the mandate";
- paraphrase: the hand-written paraphrase questions of both retrieval question sets whose
  evidence lies inside a quotation the index holds (few: 17).
PolNeAR probes come from `train` (tuning) and `dev` (checking); `test` and the 40 reserved BBC
articles are never read (the index is built without them). A probe is
answered right at rank r when the r-th result comes from the gold article and at least half its
words are the gold quotation's (for a paraphrase: it overlaps the evidence); the speaker is
right as the shared scorer judges it (`shared/eval/score_quotes.py`). The unanswerable
questions of both retrieval question sets (topics the archive never covered) check the abstain
rule, swept over `min_dense_quote`. BM25 alone, dense alone and RRF run in the same process
over the same quote index as peers; speaker+keywords probes also run with `--speaker` matching
speaker phrases instead of entities ("ours, phrases", as before speakers were entities).
Last, the `--speaker` lookup is timed against a scan of every name, on the index's speakers
and on 100,000 names.

    python bench/who_said_eval.py [--rebuild] [--per-split N] [--grid] [--json]
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import random
import re
import sys
import time
from dataclasses import dataclass, replace
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.corpus import CORPORA, OUT, SHARED, bench_inputs  # noqa: E402
from retrieval.embed.embedding import Embedder  # noqa: E402
from retrieval.index.builder import build_index  # noqa: E402
from retrieval.quotes import extract_quotes, speaker_matches  # noqa: E402
from retrieval.quotes.directory import SpeakerDirectory  # noqa: E402
from retrieval.search.rank import DEFAULT_FUSION  # noqa: E402
from retrieval.service import NewsService, ServiceConfig  # noqa: E402

# BBC + PolNeAR without anything reserved for final scoring (PolNeAR `test`, the 40 BBC ids).
INDEX = OUT / "who-said-index"
QUESTION_SETS = [
    Path(__file__).with_name(n)
    for n in ("retrieval_questions.jsonl", "retrieval_questions_heldout.jsonl")
]
FRAGMENT_WORDS = 8
MIN_QUOTE_WORDS = 14
KEYWORDS = 4
THRESHOLDS = (0.3, 0.4, 0.45, 0.5)
GRID = (0.05, 0.2, 0.5, 1.0, 2.0)
CONTEXT_GRID = (0.1, 0.25, 0.5)
_STOP = frozenset(
    re.findall(
        r"\w+",
        """about after again against also always because been before being between both could
        does doing during each every from have having here into just know like make many more
        most much must never only other over people really should some such than that their them
        then there these they thing think this those through very want were what when where
        which while will with would your going""",
    )
)


def _scorer():
    """The shared scorer's token and speaker rules, so 'right' means what it means there."""
    path = SHARED / "eval" / "score_quotes.py"
    spec = importlib.util.spec_from_file_location("score_quotes", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


SCORER = _scorer()


@dataclass
class Probe:
    kind: str  # "fragment" or "speaker+keywords"
    query: str
    speaker: str | None
    article_id: str
    gold_quote: str
    gold_speaker: str
    span: tuple[int, int] | None = None  # a paraphrase's evidence offsets in its article


def probes(split: str, per_split: int) -> list[Probe]:
    """Queries from the split's gold quotations with a named (non-pronoun) speaker."""
    polnear = CORPORA / "polnear"
    ids = {r["id"] for r in _jsonl(polnear / "articles.jsonl") if r.get("split") == split}
    gold = [
        g
        for g in _jsonl(polnear / "direct_quotes.jsonl")
        if g["article_id"] in ids
        and not SCORER.is_pronoun(g["speaker"])
        and len(g["quote"].split()) >= MIN_QUOTE_WORDS
    ]
    random.Random(split).shuffle(gold)
    out: list[Probe] = []
    for g in gold[:per_split]:
        words = g["quote"].strip("\"“”'‘’ ").split()
        middle = len(words) // 2
        fragment = " ".join(words[middle - FRAGMENT_WORDS // 2 : middle + FRAGMENT_WORDS // 2])
        out.append(
            Probe(
                "fragment",
                fragment.strip("\"“”'‘’,.;: "),
                None,
                g["article_id"],
                g["quote"],
                g["speaker"],
            )
        )
        surname = _surname(g["speaker"])
        keywords = _keywords(g["quote"])
        if surname and len(keywords) == KEYWORDS:
            out.append(
                Probe(
                    "speaker+keywords",
                    " ".join(keywords),
                    surname,
                    g["article_id"],
                    g["quote"],
                    g["speaker"],
                )
            )
    return out


def paraphrases(service: NewsService) -> list[Probe]:
    """The hand-written paraphrase questions of both retrieval sets whose evidence is inside
    a quotation the index holds: `Probe.gold_quote` is then the evidence itself."""
    out: list[Probe] = []
    for path in QUESTION_SETS:
        for record in _jsonl(path):
            if not record["answerable"] or record["style"] != "paraphrase":
                continue
            article = service.archive.store.article(record["article_id"])
            start = article.body.find(record["evidence"]) if article else -1
            if start < 0:
                continue
            end = start + len(record["evidence"])
            if any(q.start < end and q.end > start for q in extract_quotes(article)):
                out.append(
                    Probe(
                        "paraphrase",
                        record["query"],
                        None,
                        article.id,
                        record["evidence"],
                        "",
                        (start, end),
                    )
                )
    return out


def _surname(speaker: str) -> str | None:
    """The last capitalised word of a gold speaker span, as a user would type it."""
    names = [w for w in re.findall(r"[A-Z][\w'’-]+", speaker.split(",")[0])]
    return names[-1] if names else None


def _keywords(quote: str) -> list[str]:
    """The quotation's longest content words, in the order they appear."""
    words = [w for w in re.findall(r"[A-Za-z][a-z]{4,}", quote) if w.lower() not in _STOP]
    unique = list(dict.fromkeys(w.lower() for w in words))
    longest = set(sorted(unique, key=lambda w: (-len(w), w))[:KEYWORDS])
    return [w for w in unique if w in longest]


def unanswerable() -> list[str]:
    return [
        record["query"]
        for path in QUESTION_SETS
        for record in _jsonl(path)
        if not record["answerable"]
    ]


def _jsonl(path: Path):
    with path.open(encoding="utf-8") as handle:
        for line in handle:
            if line.strip():
                yield json.loads(line)


def evaluate(service: NewsService, items: list[Probe], refusals: list[str] | None) -> dict:
    """Rank-1/5 hits, MRR@10, speaker right at rank 1; with `refusals`, also the answer and
    refusal rates the abstain rule would give at each threshold."""
    ranks, speaker_right, answered, latencies = [], [], [], []
    for probe in items:
        started = time.perf_counter()
        answer = service.who_said(probe.query, speaker=probe.speaker, k=10)
        latencies.append(time.perf_counter() - started)
        rank = next((i for i, r in enumerate(answer.results) if _is_gold(r, probe)), None)
        ranks.append(rank)
        top = answer.results[0] if rank == 0 else None
        speaker_right.append(
            top is not None
            and (not probe.gold_speaker or SCORER.speaker_ok(probe.gold_speaker, top.speaker))
        )
        answered.append(answer.answered)
    n = max(1, len(ranks))
    report = {
        "queries": len(ranks),
        "hit_at_1": sum(r == 0 for r in ranks) / n,
        "hit_at_5": sum(r is not None and r < 5 for r in ranks) / n,
        "mrr_at_10": sum(1 / (r + 1) for r in ranks if r is not None) / n,
        "speaker_at_1": sum(speaker_right) / n,
        "answered": sum(answered) / n,
        "ms_p50": 1000 * float(np.median(latencies)) if latencies else 0.0,
    }
    if refusals is not None:
        # The abstain rule as the product runs it, at each candidate threshold.
        fusion = service.config.fusion
        report["answered_at"], report["refused_at"] = {}, {}
        for t in THRESHOLDS:
            service.config = replace(service.config, fusion=replace(fusion, min_dense_quote=t))
            ok = [service.who_said(p.query, speaker=p.speaker, k=1).answered for p in items]
            no = [not service.who_said(query, k=1).answered for query in refusals]
            report["answered_at"][t] = sum(ok) / n
            report["refused_at"][t] = sum(no) / max(1, len(no))
        service.config = replace(service.config, fusion=fusion)
    return report


def with_phrase_speakers(service: NewsService, items: list[Probe]) -> dict:
    """Ours, with `--speaker` matching every speaker phrase that holds the words typed, as
    before speakers were entities ("Corbyn" then also found "a spokesman for Mr Corbyn")."""
    archive = service.archive
    entities = archive.speakers
    names = [str(n).replace("-", " ") for n in archive.quotes.meta["speaker_names"]]
    archive.__dict__["speakers"] = SpeakerDirectory(names)
    try:
        return evaluate(service, items, None)
    finally:
        archive.__dict__["speakers"] = entities


def speaker_lookup_ms(names: list[str], queries: list[str]) -> dict[str, float]:
    """Median ms to find the speakers a `--speaker` query names: directory against a scan."""
    started = time.perf_counter()
    directory = SpeakerDirectory(names)
    built = time.perf_counter() - started
    timings: dict[str, list[float]] = {"directory": [], "scan": []}
    for query in queries:
        started = time.perf_counter()
        found = directory.codes(query)
        timings["directory"].append(time.perf_counter() - started)
        started = time.perf_counter()
        scanned = [i for i, name in enumerate(names) if name and speaker_matches(query, name)]
        timings["scan"].append(time.perf_counter() - started)
        if set(found) - set(scanned):
            raise AssertionError(f"directory found speakers the scan does not for {query!r}")
    return {
        "names": len(names),
        "build_ms": 1000 * built,
        **{k: 1000 * float(np.median(v)) for k, v in timings.items()},
    }


def many_names(names: list[str], target: int) -> list[str]:
    """A speaker list `target` long made of the index's given names and surnames, recombined
    as a bigger archive's would be."""
    parts = [n.split() for n in names if len(n.split()) == 2]
    given = sorted({p[0] for p in parts})
    family = sorted({p[1] for p in parts})
    rng = random.Random(0)
    made = {f"{rng.choice(given)} {rng.choice(family)}" for _ in range(target * 2)}
    return sorted(made)[:target]


def _is_gold(result, probe: Probe) -> bool:
    if result.article_id != probe.article_id:
        return False
    if probe.span is not None:  # a paraphrase: the quotation that holds its evidence
        return result.start < probe.span[1] and result.end > probe.span[0]
    share_in_gold, _ = SCORER.overlap(SCORER.tokens(result.quote), SCORER.tokens(probe.gold_quote))
    return share_in_gold >= 0.5


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rebuild", action="store_true", help="rebuild the bench index first")
    parser.add_argument("--per-split", type=int, default=150, help="gold quotations per split")
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--grid", action="store_true", help="also sweep the quote lexical weight")
    args = parser.parse_args()

    embedder = Embedder()
    if args.rebuild or not (INDEX / "CURRENT").exists():
        build_index(bench_inputs(), INDEX, embedder)
    service = NewsService(ServiceConfig(index_dir=INDEX), embedder)
    refusals = unanswerable()
    alone = replace(DEFAULT_FUSION, quote_context_weight=0.0)  # the peers rank quotes alone
    runs = {
        "bm25": replace(alone, mode="lexical"),
        "dense": replace(alone, mode="dense"),
        "rrf (baseline)": replace(alone, mode="rrf"),
        "ours, quotes alone": alone,
        "hybrid (ours)": DEFAULT_FUSION,
    }
    if args.grid:
        for weight in GRID:
            runs[f"quote lex={weight}"] = replace(DEFAULT_FUSION, quote_lexical_weight=weight)
        for weight in CONTEXT_GRID:
            runs[f"context={weight}"] = replace(DEFAULT_FUSION, quote_context_weight=weight)
    report: dict = {"quotes_indexed": service.archive.quotes.size, "splits": {}}
    for split in ("train", "dev", "questions"):
        items = paraphrases(service) if split == "questions" else probes(split, args.per_split)
        by_kind: dict = {}
        for kind in sorted({p.kind for p in items}):
            subset = [p for p in items if p.kind == kind]
            by_kind[kind] = {}
            for name, fusion in runs.items():
                service.config = replace(service.config, fusion=fusion)
                ours = fusion == DEFAULT_FUSION
                by_kind[kind][name] = evaluate(service, subset, refusals if ours else None)
            if kind == "speaker+keywords":
                by_kind[kind]["ours, phrases"] = with_phrase_speakers(service, subset)
        report["splits"][split] = by_kind
    service.config = replace(service.config, fusion=DEFAULT_FUSION)
    # The collection's codes name article-level speaker ids; time the lookup on the names a
    # user types against: the archive's canonical speaker names.
    names = [e.name for e in service.archive.speaker_registry.listing() if e.name]
    typed = [p.speaker for p in probes("dev", args.per_split) if p.speaker][:50]
    report["speaker_lookup"] = [
        speaker_lookup_ms(names, typed),
        speaker_lookup_ms(many_names(names, 100_000), typed),
    ]
    if args.json:
        print(json.dumps(report, indent=2))
        return 0
    _print(report, len(refusals))
    return 0


def _print(report: dict, refusals: int) -> None:
    print(f"{report['quotes_indexed']:,} quotes indexed; {refusals} unanswerable questions")
    limit = DEFAULT_FUSION.min_dense_quote
    for split, by_kind in report["splits"].items():
        for kind, runs in by_kind.items():
            n = next(iter(runs.values()))["queries"]
            where = "retrieval question sets" if split == "questions" else f"PolNeAR {split}"
            print(f"\n{where}, {kind} ({n} queries)")
            print(f"{'run':16} {'hit@1':>6} {'hit@5':>6} {'MRR@10':>7} {'speaker@1':>10} {'ms':>6}")
            for name, r in runs.items():
                print(
                    f"{name:16} {r['hit_at_1']:6.3f} {r['hit_at_5']:6.3f} {r['mrr_at_10']:7.3f} "
                    f"{r['speaker_at_1']:10.3f} {r['ms_p50']:6.1f}"
                )
            ours = runs["hybrid (ours)"]
            print(f"answered by the abstain rule: {ours['answered']:.2f}")
            cells = "  ".join(
                f"{t}: {ours['answered_at'][t]:.2f}/{ours['refused_at'][t]:.2f}" for t in THRESHOLDS
            )
            print(f"min_dense_quote (now {limit}) -> answered/refused: {cells}")
    print("\n--speaker lookup, median ms per query (directory / scan of every name):")
    for r in report["speaker_lookup"]:
        print(
            f"  {r['names']:>7,} names: {r['directory']:.2f} / {r['scan']:.1f} ms"
            f" ({r['scan'] / max(r['directory'], 1e-6):.0f}x); directory built in"
            f" {r['build_ms']:.0f} ms"
        )


if __name__ == "__main__":
    raise SystemExit(main())
