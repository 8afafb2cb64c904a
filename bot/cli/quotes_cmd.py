"""`newsbot quotes`: extraction without an index, to check copy before publication."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape
from rich.table import Table

from bot.cli.app import JsonOption, app, console, errors, fail, print_json
from retrieval.ingest.loading import load_articles
from retrieval.quotes import extract_quotes


@app.command()
def quotes(
    input: Annotated[
        list[Path], typer.Option("--input", "-i", help="Folder of .txt articles or a .jsonl file.")
    ],
    json: JsonOption = False,
) -> None:
    """Every direct quotation in the articles, with its speaker and cue."""
    loaded = load_articles(input)
    if not loaded.articles and len(loaded.problems) == 1:
        fail(f"no articles to read: {loaded.problems[0]}")  # one problem, one line
    for problem in loaded.problems:
        errors.print(f"skipped {escape(str(problem))}", highlight=False)
    if not loaded.articles:
        fail("no articles to read")
    for article in loaded.articles:
        found = extract_quotes(article)
        if json:
            print_json(
                {
                    "article_id": article.id,
                    "quotes": [
                        {
                            "quote": q.text,
                            "speaker": q.speaker,
                            "speaker_as_written": q.speaker_as_written,
                            "cue": q.cue,
                            "paragraph": q.paragraph + 1,
                            "start": q.start,
                            "end": q.end,
                            "confidence": round(q.confidence, 3),
                            "speaker_id": q.speaker_id,
                            "speaker_kind": q.speaker_kind,
                            "canonical_speaker": q.canonical_speaker,
                            "affiliation": q.affiliation,
                        }
                        for q in found
                    ],
                }
            )
            continue
        table = Table(
            "¶",
            "speaker",
            "cue",
            "quote",
            title=escape(article.title or article.id),
            title_justify="left",
        )
        for q in found:
            table.add_row(
                str(q.paragraph + 1), escape(q.speaker or "?"), escape(q.cue or ""), escape(q.text)
            )
        console.print(table)
