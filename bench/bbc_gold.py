"""Builds the BBC direct-quote gold from the hand annotations (see bbc_quotes_guidelines.md).

    python bench/bbc_gold.py            # writes bench/bbc_quotes_gold.jsonl, checks every span

`bench/bbc_quotes_annotations.txt` holds one block per article:

    == bbc-politics-123 study
    "We will|this year." + "It is|done." @ Tony Blair @ Mr Blair @ said

A quote is one or more segments joined by ` + ` (a quotation interrupted by its cue clause);
a segment is its literal text from the article, or `START|END` for the text from START through
END. Segments are looked up in order from the end of the previous one, so annotations follow the
article. Then, split by ` @ `: the speaker resolved to a name, the mention at the cue as written
(`-` when there is none) and the cue (empty when there is none). Lines starting with `#` are
notes. The article text is read from `shared/` and never copied here: the gold holds offsets.
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
SHARED = Path(os.environ.get("NEWSBOT_SHARED") or HERE.parents[1] / "shared")
ARTICLES = SHARED / "corpora" / "bbc_news_summary" / "articles.jsonl"
ANNOTATIONS = HERE / "bbc_quotes_annotations.txt"
GOLD = HERE / "bbc_quotes_gold.jsonl"
PRONOUNS = {"he", "she", "they", "it", "i", "we", "you"}


class AnnotationError(ValueError):
    pass


def parse(path: Path = ANNOTATIONS) -> list[dict]:
    """The article blocks: {article_id, half, quotes: [(segments, speaker, written, cue)]}."""
    blocks: list[dict] = []
    for number, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        if line.startswith("== "):
            article_id, half = line[3:].split()
            if half not in {"study", "heldout"}:
                raise AnnotationError(f"line {number}: half must be study or heldout")
            blocks.append({"article_id": article_id, "half": half, "quotes": []})
            continue
        fields = [f.strip() for f in (line + " ").split(" @ ")]
        if len(fields) != 4 or not blocks:
            raise AnnotationError(f"line {number}: want `quote @ speaker @ as written @ cue`")
        segments = [s.strip() for s in fields[0].split(" + ")]
        blocks[-1]["quotes"].append((segments, fields[1], fields[2], fields[3], number))
    return blocks


def locate(body: str, segment: str, cursor: int, number: int) -> tuple[int, int]:
    """The span of one segment at or after `cursor`."""
    start_text, _, end_text = segment.partition("|")
    start = body.find(start_text, cursor)
    if start < 0:
        raise AnnotationError(f"line {number}: {start_text!r} not found after offset {cursor}")
    if not end_text:
        return start, start + len(start_text)
    end = body.find(end_text, start + len(start_text))
    if end < 0:
        raise AnnotationError(f"line {number}: {end_text!r} not found after {start_text!r}")
    return start, end + len(end_text)


def nearest(body: str, mention: str, at: int) -> list[list[int]]:
    """The span of the mention closest to offset `at` (the quotation's start)."""
    if mention == "-":
        return []
    spots = []
    pos = body.find(mention)
    while pos >= 0:
        spots.append(pos)
        pos = body.find(mention, pos + 1)
    if not spots:
        raise AnnotationError(f"speaker mention {mention!r} not in the article")
    best = min(spots, key=lambda p: abs(p - at))
    return [[best, best + len(mention)]]


def build(blocks: list[dict], articles: dict[str, dict]) -> list[dict]:
    rows: list[dict] = []
    for block in blocks:
        body = articles[block["article_id"]]["body"]
        cursor = 0
        for segments, speaker, written, cue, number in block["quotes"]:
            spans = []
            for segment in segments:
                start, end = locate(body, segment, cursor, number)
                spans.append([start, end])
                cursor = end
            cursor = spans[-1][1]
            paragraph = body[: spans[0][0]].count("\n\n")
            rows.append(
                {
                    "article_id": block["article_id"],
                    "half": block["half"],
                    "quote": " ".join(body[s:e] for s, e in spans),
                    "speaker": speaker,
                    "speaker_is_pronoun": written.lower() in PRONOUNS,
                    "speaker_as_written": None if written == "-" else written,
                    "cue": cue,
                    "paragraph_index": paragraph,
                    "quote_spans": spans,
                    "speaker_spans": nearest(body, written, spans[0][0]),
                }
            )
    return rows


def split_index(blocks: list[dict]) -> list[dict]:
    """Every annotated article with its half (articles with no quotes count as well)."""
    return [{"id": b["article_id"], "split": b["half"]} for b in blocks]


def load_articles(ids: set[str]) -> dict[str, dict]:
    out = {}
    with ARTICLES.open(encoding="utf-8") as handle:
        for line in handle:
            row = json.loads(line)
            if row["id"] in ids:
                out[row["id"]] = row
    return out


def main() -> int:
    blocks = parse()
    ids = [b["article_id"] for b in blocks]
    if len(ids) != len(set(ids)):
        print("an article is annotated twice")
        return 1
    articles = load_articles(set(ids))
    try:
        rows = build(blocks, articles)
    except AnnotationError as exc:
        print(exc)
        return 1
    with GOLD.open("w", encoding="utf-8") as handle:
        for row in rows:
            handle.write(json.dumps(row, ensure_ascii=False) + "\n")
    halves = {h: sum(1 for b in blocks if b["half"] == h) for h in ("study", "heldout")}
    quotes = {h: sum(1 for r in rows if r["half"] == h) for h in ("study", "heldout")}
    print(f"{len(rows)} quotes in {len(blocks)} articles: {halves} articles, {quotes} quotes")
    return 0


if __name__ == "__main__":
    sys.exit(main())
