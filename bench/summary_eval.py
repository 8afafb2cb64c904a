"""Extractive summaries against the BBC News Summary gold: ours, sumy TextRank/LexRank, lead-N.

Every method gets N sentences: the gold sentence count of each article ("gold"), and fixed short
lengths (2 and 3 by default). Runs are written to bench/out/ and scored by
../shared/eval/score_summary.py, on the first 1,000 articles (the set our weights were tuned on)
and on the rest (held out, printed first). The 40 reserved articles
(bbc_news_summary/reserved_ids.txt) are left out of everything, the topic calibration included.
"lead" is the share of summaries that include the article's first sentence.

    python bench/summary_eval.py [--limit N] [--lengths gold,2,3] [--splitters] [--calibrate]

Needs the bench extras (`pip install -e .[bench]`: sumy, rouge-score).
"""

from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from retrieval.embed.embedding import Embedder  # noqa: E402
from retrieval.ingest.loading import load_articles  # noqa: E402
from retrieval.ingest.sentences import split_sentences  # noqa: E402
from retrieval.models import Article  # noqa: E402
from retrieval.summary import summarize_article  # noqa: E402
from retrieval.summary.article import LEAD_BONUS  # noqa: E402
from retrieval.summary.units import article_units  # noqa: E402

SHARED = Path(os.environ.get("NEWSBOT_SHARED", Path(__file__).resolve().parents[2] / "shared"))
CORPUS = SHARED / "corpora" / "bbc_news_summary"
SCORER = SHARED / "eval" / "score_summary.py"
OUT = REPO / "bench" / "out"
TUNING_ARTICLES = 1000  # the first 1,000 articles of articles.jsonl


def reserved_ids() -> set[str]:
    """BBC articles kept for final scoring: never read, tuned on or scored here."""
    return set((CORPUS / "reserved_ids.txt").read_text().split())


Summariser = Callable[[Article, int], list[str]]


class NewsTokenizer:
    """sumy tokenizer on our splitter (sumy's default needs NLTK data we cannot download)."""

    language = "english"

    def to_sentences(self, paragraph: str) -> list[str]:
        return [paragraph[s:e] for s, e in split_sentences(paragraph)]

    def to_words(self, sentence: str) -> list[str]:
        return re.findall(r"[A-Za-z0-9]+(?:'[A-Za-z]+)?", sentence)


def sumy_summariser(kind: str) -> Summariser:
    from sumy.nlp.stemmers import Stemmer
    from sumy.parsers.plaintext import PlaintextParser
    from sumy.summarizers.lex_rank import LexRankSummarizer
    from sumy.summarizers.text_rank import TextRankSummarizer
    from sumy.utils import get_stop_words

    tokenizer = NewsTokenizer()
    summarizer = (TextRankSummarizer if kind == "textrank" else LexRankSummarizer)(
        Stemmer("english")
    )
    summarizer.stop_words = get_stop_words("english")

    def run(article: Article, n: int) -> list[str]:
        document = PlaintextParser.from_string(article.body, tokenizer).document
        return [str(s) for s in summarizer(document, n)]

    return run


def lead(article: Article, n: int) -> list[str]:
    sentences = [p.text[s:e] for p in article.paragraphs() for s, e in split_sentences(p.text)]
    return sentences[:n]


def ours(embedder: Embedder, lead_bonus: float = LEAD_BONUS) -> Summariser:
    def run(article: Article, n: int) -> list[str]:
        summary = summarize_article(article, embedder, n, lead_bonus=lead_bonus)
        for s in summary.sentences:
            assert article.body[s.start : s.end] == s.text
        return [s.text for s in summary.sentences]

    return run


def score(run_file: Path) -> dict:
    done = subprocess.run(
        [sys.executable, str(SCORER), str(run_file), "--json"],
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(done.stdout.strip().splitlines()[0])


def splitter_agreement(articles: list[Article], gold: dict[str, list[str]]) -> None:
    """Share of gold summary sentences that a splitter reproduces exactly."""
    splitters: dict[str, Callable[[str], list[str]]] = {
        "newsbot regex": lambda t: [t[s:e] for s, e in split_sentences(t)]
    }
    try:
        import blingfire

        splitters["blingfire"] = lambda t: [
            t[s:e].strip() for s, e in blingfire.text_to_sentences_and_offsets(t)[1]
        ]
    except ImportError:
        pass
    try:
        import pysbd

        segmenter = pysbd.Segmenter(language="en", clean=False)
        splitters["pysbd"] = lambda t: [s.strip() for s in segmenter.segment(t)]
    except ImportError:
        pass
    for name, split in splitters.items():
        started = time.perf_counter()
        hits = total = 0
        for article in articles:
            found = {s for p in article.paragraphs() for s in split(p.text)}
            for sentence in gold[article.id]:
                total += 1
                hits += sentence.strip() in found
        seconds = time.perf_counter() - started
        print(
            f"{name:14s} gold sentences reproduced {hits}/{total} = {hits / total:.4f}  "
            f"({seconds:.1f}s)"
        )


# Topics the BBC set covers, and topics it cannot (2004-05 UK news has no answer to them).
COVERED_TOPICS = [
    "Time Warner quarterly profits",
    "dollar falls against the euro",
    "Labour maternity pay plans",
    "Yukos oil company auction",
    "Oscar nominations for best film",
    "broadband speeds in the UK",
    "England rugby team injuries",
    "Chelsea in the Champions League",
    "tsunami aid for Asia",
    "ID cards bill in parliament",
    "mobile phone games",
    "Kelly Holmes Olympic gold",
]
UNCOVERED_TOPICS = [
    "volcanic eruption in Iceland grounds flights",
    "Brexit referendum result",
    "sourdough bread recipe",
    "Covid vaccine rollout",
    "Mars rover finds water",
    "wildfires in California",
    "bitcoin price crash",
    "electric scooters banned from pavements",
    "Taylor Swift concert tickets",
    "ChatGPT artificial intelligence chatbot",
    "Ukraine war ceasefire talks",
    "heatwave record temperatures in Europe",
]


def calibrate(articles: list[Article], embedder: Embedder, k: int = 8) -> None:
    """Best sentence cosine of topic summaries for covered and uncovered topics.

    Candidates come from BM25 over paragraphs, standing in for the product's hybrid search.
    """
    import bm25s
    import numpy as np

    from retrieval.models import Passage
    from retrieval.summary import summarize_topic
    from retrieval.summary.units import article_units
    from retrieval.summary.words import content_words

    paragraphs = [(a, p) for a in articles for p in a.paragraphs()]
    retriever = bm25s.BM25()
    retriever.index(
        bm25s.tokenize([p.text for _, p in paragraphs], stopwords="en", show_progress=False),
        show_progress=False,
    )
    for label, topics in (("covered", COVERED_TOPICS), ("uncovered", UNCOVERED_TOPICS)):
        for topic in topics:
            tokens = bm25s.tokenize([topic], stopwords="en", show_progress=False)
            ids, scores = retriever.retrieve(tokens, k=k, show_progress=False)
            candidates = []
            for i, score in zip(ids[0], scores[0], strict=True):
                article, p = paragraphs[int(i)]
                passage = Passage(int(i), article.id, p.index, p.start, p.end, p.text)
                candidates.append((article, passage, float(score)))
            query_vector = embedder.encode([topic])[0]
            texts = [u.text for a, p, _ in candidates for u in article_units(a, (p.start, p.end))]
            cosine = embedder.encode(texts) @ query_vector if texts else np.zeros(1)
            best = float(np.max(cosine))
            wanted = set(content_words(topic))
            named = max(
                (len(wanted & set(content_words(t))) / max(1, len(wanted)) for t in texts),
                default=0.0,
            )
            summary = summarize_topic(topic, query_vector, candidates, embedder)
            print(
                f"{label:9s} best cosine {best:.3f} query words named {named:.2f} "
                f"answered={summary.answered!s:5s} "
                f"sentences={len(summary.sentences)}  {topic}"
            )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--limit", type=int, help="only the first N articles")
    parser.add_argument("--splitters", action="store_true", help="also compare splitters")
    parser.add_argument("--methods", default="ours,textrank,lexrank,lead")
    parser.add_argument("--lengths", default="gold,2,3", help="'gold' and/or sentence counts")
    parser.add_argument(
        "--calibrate", action="store_true", help="only the topic abstention calibration"
    )
    parser.add_argument(
        "--lead-grid", help="also ours with these lead bonuses, e.g. 0.5,1,2 (to tune LEAD_BONUS)"
    )
    args = parser.parse_args()

    reserved = reserved_ids()
    loaded = load_articles([CORPUS / "articles.jsonl"]).articles
    loaded = loaded[: args.limit] if args.limit else loaded
    tuning = [a for a in loaded[:TUNING_ARTICLES] if a.id not in reserved]
    held_out = [a for a in loaded[TUNING_ARTICLES:] if a.id not in reserved]
    articles = tuning + held_out
    with (CORPUS / "summaries.jsonl").open() as handle:
        gold = {g["id"]: g["summary_sentences"] for g in map(json.loads, handle)}
    if args.splitters:
        splitter_agreement(articles, gold)
    if args.calibrate:
        calibrate(articles, Embedder())
        return 0

    methods: dict[str, Summariser] = {}
    names = args.methods.split(",")
    if "ours" in names or args.lead_grid:
        embedder = Embedder()
        embedder.encode(["warm up"])
        if "ours" in names:
            methods["ours"] = ours(embedder)
        for bonus in (args.lead_grid or "").split(","):
            if bonus:
                methods[f"ours, lead +{bonus}"] = ours(embedder, lead_bonus=float(bonus))
    if "textrank" in names:
        methods["sumy TextRank"] = sumy_summariser("textrank")
    if "lexrank" in names:
        methods["sumy LexRank"] = sumy_summariser("lexrank")
    if "lead" in names:
        methods["lead-N"] = lead

    OUT.mkdir(parents=True, exist_ok=True)
    subsets = {"held-out": held_out, "tuning": tuning}
    leads = {a.id: next(iter(article_units(a)), None) for a in articles}
    rows: list[tuple[str, str, str, dict, float, float]] = []
    for length in args.lengths.split(","):
        for label, summarise in methods.items():
            slug = re.sub(r"\W+", "-", label.lower())
            outputs: dict[str, list[str]] = {}
            started = time.perf_counter()
            for article in articles:
                n = len(gold[article.id]) if length == "gold" else int(length)
                outputs[article.id] = summarise(article, n)
            ms = 1000 * (time.perf_counter() - started) / max(1, len(articles))
            for subset, members in subsets.items():
                if not members:
                    continue
                run_file = OUT / f"summary-{slug}-{length}-{subset}.jsonl"
                with run_file.open("w") as handle:
                    for article in members:
                        record = {"article_id": article.id, "sentences": outputs[article.id]}
                        handle.write(json.dumps(record) + "\n")
                with_lead = sum(
                    leads[a.id] is not None and leads[a.id].text.strip() in outputs[a.id]
                    for a in members
                ) / len(members)
                rows.append((length, subset, label, score(run_file), with_lead, ms))

    header = f"{'N':4s} {'subset':9s} {'method':14s} {'n':>5s} {'R-1':>6s} {'R-2':>6s} "
    header += f"{'R-L':>6s} {'sentP':>6s} {'sentR':>6s} {'sentF1':>6s} {'lead':>5s} {'ms/art':>7s}"
    print(header)
    order = list(subsets)
    for length, subset, label, rep, with_lead, ms in sorted(
        rows, key=lambda r: (order.index(r[1]), args.lengths.split(",").index(r[0]))
    ):
        print(
            f"{length:4s} {subset:9s} {label:14s} {rep['articles']:5d} {rep['rouge1']:6.4f} "
            f"{rep['rouge2']:6.4f} {rep['rougeL']:6.4f} {rep['sent_precision']:6.4f} "
            f"{rep['sent_recall']:6.4f} {rep['sent_f1']:6.4f} {with_lead:5.3f} {ms:7.1f}"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
