"""`newsbot summary`."""

from __future__ import annotations

from typing import Annotated

import typer

from bot.cli.app import (
    IndexOption,
    JsonOption,
    QueriesOption,
    SinceOption,
    SourceOption,
    UntilOption,
    app,
    fail,
    make_service,
    respond,
)
from bot.render_text import render_summary


@app.command()
def summary(
    topic: Annotated[
        str | None, typer.Argument(help="A topic to summarise across articles.")
    ] = None,
    article: Annotated[
        str | None, typer.Option(help="Summarise this one article (its id).")
    ] = None,
    sentences: Annotated[int | None, typer.Option(help="How many sentences (1-20).")] = None,
    since: SinceOption = None,
    until: UntilOption = None,
    source: SourceOption = None,
    index: IndexOption = None,
    queries: QueriesOption = None,
    json: JsonOption = False,
) -> None:
    """The gist of a topic or an article, in sentences we published, each cited."""
    service = make_service(index)
    if not queries and not topic and not article:
        fail("give a TOPIC or --article ID")
    respond(
        queries,
        json,
        service.summary,
        {
            "topic": topic,
            "article": article,
            "sentences": sentences,
            "since": since,
            "until": until,
            "source": source,
        },
        render_summary,
        line_only={"topic": ("query", "topic"), "article": ("article",)},
    )
