"""Score `quote-check`: the verdict on each kind of probe, the speaker check, and the time.

Probes (bench/quote_check_probes.py) come from the benchmark archive: BBC + PolNeAR without
`test`, the 40 reserved BBC articles and one article in 25 left out (their quotations are the
absent probes). Targets: verdict right on >= 0.95 of exact and altered probes, >= 0.80 of
paraphrases, >= 0.95 not_found on absent quotations, wrong speaker flagged >= 0.95; p50 <= 50 ms.
A probe is right when:
- exact: verdict exact; altered: verdict altered and the top quotation holds the words before
  they were changed; paraphrase: verdict paraphrase and the quotation it was written from among
  the matches; absent: not_found; wrong_speaker: flagged; right_speaker: confirmed;
- narrative: not reported as a quotation (verdict neither exact nor altered), and reported as
  narrative.
Beside it, in the same process: plain BM25 top-1 over the quotations with fixed thresholds
(the typed words in order inside it: exact; 80% of them in it: altered; 50%: paraphrase; else
not_found; the speaker flagged when a typed name word is not in its speaker's name).
Held-out half first; the rules were tuned on the other (`--grid`).

    NEWSBOT_SHARED=../shared python bench/quote_check_eval.py [--per-kind 100] [--grid] [--json]
"""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import sys
import time
from dataclasses import dataclass, replace
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.corpus import OUT  # noqa: E402
from bench.quote_check_corpus import INDEX, write_archive_inputs  # noqa: E402
from bench.quote_check_probes import (  # noqa: E402
    Probe,
    absent_probes,
    narrative_probes,
    paraphrase_probes,
    quotation_probes,
)
from retrieval.embed.embedding import Embedder  # noqa: E402
from retrieval.index.archive import Archive  # noqa: E402
from retrieval.index.builder import build_index  # noqa: E402
from retrieval.index.collection import Filters  # noqa: E402
from retrieval.queries import clean_query  # noqa: E402
from retrieval.quote_check.align import Words  # noqa: E402
from retrieval.quote_check.check import DEFAULT_RULES, CheckRules, check_quote  # noqa: E402
from retrieval.quotes import speaker_key  # noqa: E402

KINDS = (
    "exact",
    "altered",
    "paraphrase",
    "absent",
    "wrong_speaker",
    "right_speaker",
    "described_speaker",
    "narrative",
)
TARGETS = {
    "exact": 0.95,
    "altered": 0.95,
    "paraphrase": 0.80,
    "absent": 0.95,
    "wrong_speaker": 0.95,
}


@dataclass
class Outcome:
    verdict: str
    right: bool
    ms: float
    narrative: bool = False


def archive_ready(embedder: Embedder) -> Archive:
    if not (INDEX / "CURRENT").exists():
        cache = OUT / "eval-index" / "cache"
        if cache.exists():  # the retrieval bench's embeddings: nothing is encoded twice
            shutil.copytree(cache, INDEX / "cache", dirs_exist_ok=True)
        build_index([write_archive_inputs()], INDEX, embedder)
    return Archive.open(INDEX, embedder)


def _inside(theirs: str, ours: str) -> bool:
    a, b = Words.of(theirs).folded, Words.of(ours).folded
    return any(b[i : i + len(a)] == a for i in range(len(b) - len(a) + 1))


def judge(probe: Probe, answer) -> bool:
    top = answer.matches[0] if answer.matches else None
    if probe.kind == "exact":
        return answer.verdict == "exact"
    if probe.kind == "altered":
        return (
            answer.verdict == "altered" and top is not None and _inside(probe.original, top.quote)
        )
    if probe.kind == "paraphrase":
        gold = (probe.article_id, probe.start)
        return answer.verdict == "paraphrase" and any(
            (m.article_id, m.start) == gold for m in answer.matches
        )
    if probe.kind == "absent":
        return answer.verdict == "not_found"
    if probe.kind in ("wrong_speaker", "described_speaker"):
        return answer.wrong_speaker
    if probe.kind == "right_speaker":
        return answer.speaker_confirmed is True
    return answer.verdict not in ("exact", "altered") and bool(answer.narrative)


def run_ours(archive, embedder, probes, rules: CheckRules) -> list[Outcome]:
    out = []
    for probe in probes:
        started = time.perf_counter()
        text = clean_query(probe.words)
        answer = check_quote(archive, embedder, text, probe.speaker, 5, rules)
        ms = (time.perf_counter() - started) * 1000
        out.append(Outcome(answer.verdict, judge(probe, answer), ms, bool(answer.narrative)))
    return out


@dataclass
class BaselineAnswer:
    verdict: str
    matches: list
    speaker_confirmed: bool | None
    narrative: list

    @property
    def wrong_speaker(self) -> bool:
        return self.speaker_confirmed is False and bool(self.matches)


@dataclass
class BaselineMatch:
    article_id: str
    start: int
    quote: str


def bm25_top1(archive: Archive, probe: Probe) -> BaselineAnswer:
    quotes = archive.quotes
    scores = quotes.lexical.scores(probe.words)
    live = quotes.allowed(Filters())
    if live is not None:
        scores = np.where(live, scores, 0)
    best = int(np.argmax(scores))
    if scores[best] <= 0:
        return BaselineAnswer("not_found", [], None, [])
    quote = archive.store.quotes([best])[best]
    theirs, ours = Words.of(probe.words).folded, set(Words.of(quote.text).folded)
    share = sum(w in ours for w in theirs) / max(1, len(theirs))
    if _inside(probe.words, quote.text):
        verdict = "exact"
    elif share >= 0.8:
        verdict = "altered"
    elif share >= 0.5:
        verdict = "paraphrase"
    else:
        return BaselineAnswer("not_found", [], None, [])
    confirmed = None
    if probe.speaker:
        named = set(speaker_key(quote.speaker or "").split())
        confirmed = all(w in named for w in speaker_key(probe.speaker).split())
    return BaselineAnswer(
        verdict, [BaselineMatch(quote.article_id, quote.start, quote.text)], confirmed, []
    )


def run_baseline(archive, probes) -> list[Outcome]:
    out = []
    for probe in probes:
        started = time.perf_counter()
        answer = bm25_top1(archive, probe)
        ms = (time.perf_counter() - started) * 1000
        out.append(Outcome(answer.verdict, judge(probe, answer), ms))
    return out


def score(probes, outcomes, split: str) -> dict[str, tuple[float, int]]:
    table = {}
    for kind in KINDS:
        rows = [
            o for p, o in zip(probes, outcomes, strict=True) if p.kind == kind and p.split == split
        ]
        if rows:
            table[kind] = (sum(o.right for o in rows) / len(rows), len(rows))
    return table


def latency(outcomes: list[Outcome]) -> dict[str, float]:
    ms = [o.ms for o in outcomes]
    return {
        "p50": statistics.median(ms),
        "p95": float(np.percentile(ms, 95)),
        "max": max(ms),
    }


def grid(archive, embedder, probes) -> None:
    """The paraphrase rule swept on the tuning half only (the altered rule: see README)."""
    tune = [p for p in probes if p.split == "tune" and p.kind in ("paraphrase", "absent")]
    settings = [(0.0, t, 30.0) for t in (0.6, 0.64, 0.7)]
    settings += [(w, t, f) for f in (20.0, 30.0) for w in (0.5, 0.7, 1.0) for t in (0.8, 0.9, 1.0)]
    for weight, threshold, floor in settings:
        rules = replace(
            DEFAULT_RULES,
            paraphrase_overlap=weight,
            min_paraphrase=threshold,
            paraphrase_floor=floor,
        )
        table = score(tune, run_ours(archive, embedder, tune, rules), "tune")
        cells = " ".join(f"{k} {v[0]:.3f}" for k, v in table.items())
        print(f"overlap weight {weight} threshold {threshold} floor {floor}: {cells}", flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawTextHelpFormatter
    )
    parser.add_argument("--per-kind", type=int, default=100, help="probes per kind per half")
    parser.add_argument("--grid", action="store_true", help="sweep the rules on the tuning half")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    embedder = Embedder(backend="onnx")  # as served (NEWSBOT_EMBED_BACKEND's default)
    archive = archive_ready(embedder)
    absent, carried = absent_probes(archive, args.per_kind)
    probes = (
        quotation_probes(archive, args.per_kind)
        + paraphrase_probes()
        + absent
        + narrative_probes(archive, args.per_kind)
    )
    print(
        f"archive: {archive.manifest.articles:,} articles, {archive.manifest.passages:,} passages, "
        f"{archive.manifest.quotes:,} quotations; {len(probes)} probes "
        f"({carried} absent excerpts set aside: another indexed article carries them)",
        flush=True,
    )
    if args.grid:
        grid(archive, embedder, probes)
        return
    run_ours(archive, embedder, probes[:20], DEFAULT_RULES)  # warm caches and the encoder
    ours = run_ours(archive, embedder, probes, DEFAULT_RULES)
    base = run_baseline(archive, probes)
    report = {}
    for split in ("heldout", "tune"):
        mine, theirs = score(probes, ours, split), score(probes, base, split)
        report[split] = {"ours": mine, "bm25_top1": theirs}
        print(f"\n{split}: kind (n) | ours | BM25 top-1 + thresholds | target")
        for kind, (value, n) in mine.items():
            target = TARGETS.get(kind)
            mark = "" if target is None else (" ok" if value >= target else " BELOW")
            print(
                f"  {kind:<14} ({n:>3}) | {value:.3f} | {theirs[kind][0]:.3f} | "
                f"{target if target else '-'}{mark}"
            )
        narrative = [
            o
            for p, o in zip(probes, ours, strict=True)
            if p.kind == "narrative" and p.split == split
        ]
        as_quote = sum(o.verdict in ("exact", "altered") for o in narrative) / max(
            1, len(narrative)
        )
        print(f"  narrative reported as a quotation: {as_quote:.3f}")
    speed, base_speed = latency(ours), latency(base)
    slow = latency(
        [o for p, o in zip(probes, ours, strict=True) if p.kind in ("paraphrase", "absent")]
    )
    print(
        f"\ntime per check, all {len(probes)} probes: ours p50 {speed['p50']:.1f} ms, p95 "
        f"{speed['p95']:.1f}, max {speed['max']:.1f} (paraphrase + absent, which run the encoder: "
        f"p50 {slow['p50']:.1f}); BM25 top-1 p50 {base_speed['p50']:.1f} ms"
    )
    by_kind = {
        kind: statistics.median(o.ms for p, o in zip(probes, ours, strict=True) if p.kind == kind)
        for kind in KINDS
    }
    print("p50 by kind: " + ", ".join(f"{k} {v:.1f} ms" for k, v in by_kind.items()))
    if args.json:
        report["latency_by_kind"] = by_kind
        report["latency"] = {"ours": speed, "bm25_top1": base_speed, "encoder_path": slow}
        print(json.dumps(report))


if __name__ == "__main__":
    main()
