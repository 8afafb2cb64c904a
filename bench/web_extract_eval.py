"""How well article pages are reduced to headline, date and body paragraphs: newsbot's extractor
(retrieval/ingest/web/extract.py, trafilatura underneath) beside trafilatura as shipped,
readability-lxml and goose3, on the same pages in one run.

Pages are generated at run time from the shared corpora's articles (bench/web_pages.py puts
realistic site chrome around them); nothing is written to disk. Articles are split in two by a
hash of their id: the dev half, on the dev templates, was used while tuning; the held-out half
is rendered with every template, including HELD_OUT_TEMPLATES, and is only scored. PolNeAR's
test split and the reserved BBC articles are never read.

A paragraph counts when it equals a gold paragraph exactly, whitespace normalised: newsbot
quotes word for word, so a merged, split or altered paragraph is a miss. "as indexed" passes
every system's paragraphs and the gold through the loaders' cleaning
(retrieval/ingest/cleaning.py), which is what reaches the index.

    nice -n 10 .venv/bin/python bench/web_extract_eval.py [--pages 240] [--json out.json]

Peers come from the `bench` extra: pip install -e '.[bench]'."""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import random
import re
import sys
import time
from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from web_pages import HELD_OUT_TEMPLATES, TEMPLATES, Gold, Page, byline_for, date_for, render  # noqa: E402

from retrieval.ingest.cleaning import clean_body  # noqa: E402
from retrieval.ingest.loading import parse_date  # noqa: E402
from retrieval.ingest.web.extract import NotAnArticleError, extract_article  # noqa: E402

# ../shared beside the repository (a git worktree sits one level deeper); NEWSBOT_SHARED wins.
_NEAR = [Path(__file__).resolve().parents[i] / "shared" for i in (2, 3)]
SHARED = Path(os.environ.get("NEWSBOT_SHARED") or next((p for p in _NEAR if p.is_dir()), _NEAR[0]))
CORPORA = SHARED / "corpora"
DEV_TEMPLATES = [t for t in TEMPLATES if t not in HELD_OUT_TEMPLATES]


@dataclass
class Extracted:
    title: str
    date: str | None
    paragraphs: list[str]


def norm(text: str) -> str:
    return " ".join(text.split())


def is_held_out(article_id: str) -> bool:
    return hashlib.blake2b(article_id.encode(), digest_size=2).digest()[0] % 2 == 1


def load_gold() -> list[Gold]:
    reserved = set((CORPORA / "bbc_news_summary" / "reserved_ids.txt").read_text().split())
    out: list[Gold] = []
    with (CORPORA / "bbc_news_summary" / "articles.jsonl").open(encoding="utf-8") as fh:
        for line in fh:
            row = json.loads(line)
            if row["id"] in reserved:
                continue
            paras = [norm(p) for p in row["body"].split("\n\n") if p.strip()]
            out.append(_gold(row, paras))
    with (CORPORA / "polnear" / "articles.jsonl").open(encoding="utf-8") as fh:
        for line in fh:
            row = json.loads(line)
            if row["split"] == "test":
                continue  # reserved: dropped unread
            paras = [norm(p) for p in re.split(r"\n\s*\n|\n", row["body"]) if p.strip()]
            out.append(_gold(row, paras))
    return [g for g in out if len(g.paragraphs) >= 2 and g.title.strip()]


def _gold(row: dict, paragraphs: list[str]) -> Gold:
    return Gold(
        id=row["id"],
        title=norm(row["title"]),
        date=date_for(row["id"], row.get("date")),
        paragraphs=paragraphs,
        outlet=row["source"],
        byline=byline_for(row["id"], row.get("author")),
    )


def make_pages(golds: list[Gold], n: int, templates: list[str], seed: int) -> list[Page]:
    rng = random.Random(seed)
    bbc = [g for g in golds if g.id.startswith("bbc-")]
    polnear = [g for g in golds if not g.id.startswith("bbc-")]
    chosen = rng.sample(bbc, n // 2) + rng.sample(polnear, n - n // 2)
    titles = [g.title for g in golds]
    pages = []
    for i, gold in enumerate(chosen):
        related = [t for t in rng.sample(titles, 4) if t != gold.title][:3]
        pages.append(render(gold, templates[i % len(templates)], related, seed * 100_003 + i))
    return pages


# -- systems ---------------------------------------------------------------------------------
def newsbot(page: Page) -> Extracted:
    try:
        found = extract_article(page.html, page.url)
    except NotAnArticleError:
        return Extracted("", None, [])
    lines = [line for p in found.paragraphs for line in p.split("\n")]
    return Extracted(found.headline, found.date, lines)


def trafilatura_plain(page: Page) -> Extracted:
    import trafilatura

    doc = trafilatura.bare_extraction(page.html, url=page.url, with_metadata=True)
    if doc is None:
        return Extracted("", None, [])
    return Extracted(doc.title or "", doc.date, (doc.text or "").split("\n"))


def readability(page: Page) -> Extracted:
    from lxml import html as lhtml
    from readability import Document

    doc = Document(page.html)
    tree = lhtml.fromstring(doc.summary(html_partial=True))
    blocks = [
        el.text_content() for el in tree.iter("p", "li", "blockquote", "h1", "h2", "h3", "td")
    ]
    if not blocks:
        blocks = tree.text_content().split("\n")
    return Extracted(doc.short_title(), None, blocks)


def goose(page: Page) -> Extracted:
    from goose3 import Goose

    with Goose({"enable_image_fetching": False}) as g:
        article = g.extract(raw_html=page.html)
    day = None
    if article.publish_date:
        day = parse_date(str(article.publish_date)[:10]) or parse_date(str(article.publish_date))
    return Extracted(article.title or "", day, (article.cleaned_text or "").split("\n\n"))


SYSTEMS: dict[str, Callable[[Page], Extracted]] = {
    "newsbot (trafilatura + ours)": newsbot,
    "trafilatura (as shipped)": trafilatura_plain,
    "readability-lxml": readability,
    "goose3": goose,
}


# -- scoring ---------------------------------------------------------------------------------
@dataclass
class Tally:
    pages: int = 0
    gold: int = 0
    found: int = 0
    right: int = 0
    gold_clean: int = 0
    found_clean: int = 0
    right_clean: int = 0
    titles: int = 0
    dates: int = 0
    perfect: int = 0
    seconds: float = 0.0

    def add(self, gold: Gold, out: Extracted, seconds: float) -> None:
        self.pages += 1
        self.seconds += seconds
        found = [norm(p) for p in out.paragraphs if norm(p)]
        right = _overlap(found, gold.paragraphs)
        self.gold, self.found, self.right = (
            self.gold + len(gold.paragraphs),
            self.found + len(found),
            self.right + right,
        )
        self.perfect += right == len(found) == len(gold.paragraphs)
        ours = clean_body("\n\n".join(found)).paragraphs
        truth = clean_body("\n\n".join(gold.paragraphs)).paragraphs
        self.gold_clean += len(truth)
        self.found_clean += len(ours)
        self.right_clean += _overlap(ours, truth)
        self.titles += norm(out.title) == gold.title
        self.dates += out.date == gold.date

    def row(self) -> dict:
        p = self.right / self.found if self.found else 0.0
        r = self.right / self.gold if self.gold else 0.0
        pc = self.right_clean / self.found_clean if self.found_clean else 0.0
        rc = self.right_clean / self.gold_clean if self.gold_clean else 0.0
        return {
            "pages": self.pages,
            "precision": round(p, 4),
            "recall": round(r, 4),
            "f1": round(_f1(p, r), 4),
            "f1_as_indexed": round(_f1(pc, rc), 4),
            "precision_as_indexed": round(pc, 4),
            "recall_as_indexed": round(rc, 4),
            "perfect_pages": round(self.perfect / self.pages, 4) if self.pages else 0.0,
            "headline": round(self.titles / self.pages, 4) if self.pages else 0.0,
            "date": round(self.dates / self.pages, 4) if self.pages else 0.0,
            "ms_per_page": round(1000 * self.seconds / self.pages, 1) if self.pages else 0.0,
        }


def _overlap(found: list[str], gold: list[str]) -> int:
    return sum((Counter(found) & Counter(gold)).values())


def _f1(p: float, r: float) -> float:
    return 2 * p * r / (p + r) if p + r else 0.0


def score(pages: list[Page], systems: dict[str, Callable[[Page], Extracted]]):
    tallies: dict[tuple[str, str], Tally] = defaultdict(Tally)
    misses: dict[str, list[dict]] = defaultdict(list)
    for page in pages:
        for name, system in systems.items():
            started = time.perf_counter()
            try:
                out = system(page)
            except Exception as exc:  # a peer that crashes on a page scores nothing on it
                out = Extracted("", None, [])
                misses[name].append({"id": page.gold.id, "error": repr(exc)[:200]})
            seconds = time.perf_counter() - started
            for group in ("all", page.template):
                tallies[(name, group)].add(page.gold, out, seconds)
    return tallies, misses


def print_table(label: str, tallies: dict, groups: list[str], systems: list[str]) -> dict:
    print(f"\n## {label}")
    header = f"{'system':38} {'group':10} {'pages':>5} {'P':>6} {'R':>6} {'F1':>6} "
    header += f"{'F1 idx':>6} {'perfect':>7} {'title':>6} {'date':>6} {'ms':>6}"
    print(header)
    table = {}
    for group in groups:
        for name in systems:
            tally = tallies.get((name, group))
            if tally is None:
                continue
            row = tally.row()
            table.setdefault(group, {})[name] = row
            print(
                f"{name:38} {group:10} {row['pages']:5d} {row['precision']:6.3f} "
                f"{row['recall']:6.3f} {row['f1']:6.3f} {row['f1_as_indexed']:6.3f} "
                f"{row['perfect_pages']:7.3f} {row['headline']:6.3f} {row['date']:6.3f} "
                f"{row['ms_per_page']:6.1f}"
            )
    return table


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--pages", type=int, default=240, help="held-out pages (dev: half)")
    parser.add_argument("--systems", default=",".join(SYSTEMS), help="comma-separated")
    parser.add_argument("--dev", action="store_true", help="also score the dev half")
    parser.add_argument("--tune", action="store_true", help="score only the dev half")
    parser.add_argument("--json", type=Path, help="write the tables here")
    parser.add_argument("--misses", type=int, default=0, help="print this many dev misses")
    args = parser.parse_args()
    chosen = {name: SYSTEMS[name] for name in args.systems.split(",") if name in SYSTEMS}
    golds = load_gold()
    held = [g for g in golds if is_held_out(g.id)]
    dev = [g for g in golds if not is_held_out(g.id)]
    names = list(chosen)
    results = {}

    if args.tune:
        dev_pages = make_pages(dev, args.pages // 2, DEV_TEMPLATES, seed=1)
        dev_tallies, _ = score(dev_pages, chosen)
        print_table("dev articles, dev templates", dev_tallies, ["all", *DEV_TEMPLATES], names)
        show_misses(dev_pages, args.misses)
        return
    pages = make_pages(held, args.pages, list(TEMPLATES), seed=2)
    tallies, crashes = score(pages, chosen)
    unseen = {(n, "unseen"): _sum(tallies, n, list(HELD_OUT_TEMPLATES)) for n in names}
    seen = {(n, "seen"): _sum(tallies, n, DEV_TEMPLATES) for n in names}
    print(f"held-out articles: {len(pages)} pages, templates {', '.join(TEMPLATES)}")
    results["held_out"] = print_table(
        "held-out articles (unseen = templates never used while tuning)",
        {**tallies, **unseen, **seen},
        ["all", "unseen", "seen", *TEMPLATES],
        names,
    )
    results["crashes"] = {name: len(c) for name, c in crashes.items()}
    if crashes:
        print("\ncrashed pages:", {name: len(c) for name, c in crashes.items()})

    if args.dev:
        dev_pages = make_pages(dev, args.pages // 2, DEV_TEMPLATES, seed=1)
        dev_tallies, _ = score(dev_pages, chosen)
        results["dev"] = print_table("dev articles, dev templates", dev_tallies, ["all"], names)
        if args.misses:
            show_misses(dev_pages, args.misses)
    if args.json:
        args.json.write_text(json.dumps(results, indent=2))


def _sum(tallies: dict, name: str, templates: list[str]) -> Tally:
    total = Tally()
    for template in templates:
        t = tallies.get((name, template))
        if t is None:
            continue
        for field in total.__dataclass_fields__:
            setattr(total, field, getattr(total, field) + getattr(t, field))
    return total


def show_misses(pages: list[Page], limit: int) -> None:
    """Dev pages only: what newsbot's extractor got wrong, to read while tuning."""
    shown = 0
    for page in pages:
        out = newsbot(page)
        found = [norm(p) for p in out.paragraphs if norm(p)]
        extra = [p for p in found if p not in page.gold.paragraphs]
        missing = [p for p in page.gold.paragraphs if p not in found]
        bad_meta = norm(out.title) != page.gold.title or out.date != page.gold.date
        if not (extra or missing or bad_meta):
            continue
        print(f"\n--- {page.gold.id} [{page.template}]")
        if bad_meta:
            print(
                f"  title {out.title!r} vs {page.gold.title!r}; date {out.date} vs {page.gold.date}"
            )
        for p in extra[:4]:
            print(f"  + {p[:150]!r}")
        for p in missing[:4]:
            print(f"  - {p[:150]!r}")
        shown += 1
        if shown >= limit:
            return


if __name__ == "__main__":
    main()
