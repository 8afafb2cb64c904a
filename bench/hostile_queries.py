"""Hostile passages at query time: every command over articles built to slow a search down.

The ingest drills (bench/faults.py, the reliability probes) show that a hostile article builds
and loses nothing; this shows that once it is indexed, questions near it still answer quickly.
Articles of up to 1 MB (the ingest cap): one name repeated, runs of digits and separators,
nothing but quote marks, one sentence with a quotation repeated, capitalised filler. Each
command's questions are timed in one process over that index and over the seed index alone
(the baseline), and the script prints the slowest call of each beside the baseline's.

    python bench/hostile_queries.py [--work DIR] [--json]

Exits 1 when any call errs or takes over LIMIT_S (a catastrophic pattern takes minutes).
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from retrieval.embed.embedding import Embedder  # noqa: E402
from retrieval.service import NewsService, ServiceConfig  # noqa: E402

SEEDS = Path(__file__).resolve().parents[1] / "seeds"
LIMIT_S = 5.0
SIZE = 990_000  # under the 1 MB article cap

# name: (opening, unit repeated to the size cap, closing).
BODIES = {
    "one-name": ("", "Corbyn ", ""),
    "digits": ("The figures were ", "1,", " in all."),
    "quote-marks": ("He said ", '"', ""),
    "quoted-sentence": (
        "",
        'Mr Corbyn, the Labour leader, said: "We ask that you condemn Russia." ',
        "",
    ),
    "said-run": ("", 'Corbyn said "' + "war " * 2000 + '" ', ""),
    "capitals": ("", "Aa ", ""),
}

QUESTIONS = [
    "What did Corbyn say about war?",
    "What did Corbyn's spokesman say?",
    "What did the Labour leader say?",
    "How much did Corbyn pay?",
    "What share of voters back Corbyn?",
    "How many people signed the letter?",
    "When did Corbyn speak?",
    "Corbyn",
    "war war war",
]


def _body(opening: str, unit: str, closing: str) -> str:
    """As many units as keep the article's JSON line under the cap (a quote mark is two bytes
    there)."""
    size = len(json.dumps(unit)[1:-1].encode())
    return opening + unit * ((SIZE - 2_000) // size) + closing


def hostile_articles(path: Path) -> Path:
    rows = [
        {
            "id": name,
            "title": f"Hostile {name}",
            "date": "2020-01-01",
            "source": "Probe",
            "url": None,
            "body": _body(*parts),
        }
        for name, parts in BODIES.items()
    ]
    path.write_text("".join(json.dumps(row) + "\n" for row in rows))
    return path


def calls(service: NewsService) -> dict[str, list[Callable[[], object]]]:
    return {
        "ask": [lambda q=q: service.ask(q) for q in QUESTIONS],
        "who-said": [lambda q=q: service.who_said(q) for q in QUESTIONS],
        "quote-check": [
            lambda: service.quote_check("We ask that you condemn Russia"),
            lambda: service.quote_check("war war war war", speaker="Corbyn"),
        ],
        "summary": [lambda: service.summary(topic="Corbyn and Russia")],
        "speaker": [lambda: service.speaker_record("Corbyn")],
    }


def slowest(service: NewsService) -> dict[str, dict]:
    out = {}
    for command, runs in calls(service).items():
        worst, errors = 0.0, 0
        for run in runs:
            began = time.perf_counter()
            try:
                run()
            except Exception as error:  # noqa: BLE001 - counted and printed, not hidden
                errors += 1
                print(f"  {command}: {type(error).__name__}: {error}", file=sys.stderr)
            worst = max(worst, time.perf_counter() - began)
        out[command] = {"calls": len(runs), "slowest_s": round(worst, 3), "errors": errors}
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--work", type=Path, help="scratch folder (default: a temporary one)")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    work = args.work or Path(tempfile.mkdtemp(prefix="newsbot-hostile-"))
    work.mkdir(parents=True, exist_ok=True)
    embedder = Embedder(backend="onnx")
    report: dict = {}
    for name, folder, inputs in (
        ("seed only (baseline)", "seed-index", [SEEDS]),
        ("seed + hostile", "hostile-index", [SEEDS, hostile_articles(work / "hostile.jsonl")]),
    ):
        service = NewsService(ServiceConfig(index_dir=work / folder, inputs=inputs), embedder)
        began = time.perf_counter()
        built = service.build()
        stats = service.stats()
        report[name] = {
            "build_s": round(time.perf_counter() - began, 1),
            "articles": stats.articles,
            "problems": [str(problem) for problem in built.problems],
            "passages": stats.passages,
            "quotes": stats.quotes,
            "commands": slowest(service),
        }
    failed = any(
        c["errors"] or c["slowest_s"] > LIMIT_S
        for run in report.values()
        for c in run["commands"].values()
    )
    if args.json:
        print(json.dumps(report, indent=1))
    else:
        base, hostile = report["seed only (baseline)"], report["seed + hostile"]
        for problem in hostile["problems"]:
            print(f"  left out: {problem}")
        print(
            f"index: {hostile['articles']} articles, {hostile['passages']:,} passages, "
            f"{hostile['quotes']:,} quotes "
            f"(baseline {base['passages']:,} / {base['quotes']:,}); build {hostile['build_s']} s"
        )
        print(f"{'command':<12} {'calls':>5} {'slowest s':>10} {'baseline s':>11} {'errors':>6}")
        for command, found in hostile["commands"].items():
            print(
                f"{command:<12} {found['calls']:>5} {found['slowest_s']:>10.3f} "
                f"{base['commands'][command]['slowest_s']:>11.3f} {found['errors']:>6}"
            )
        print("FAILED" if failed else f"ok: every call under {LIMIT_S:.0f} s, no errors")
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
