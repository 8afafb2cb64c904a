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
    answer_request,
    app,
)
from bot.render_text import render_summary
from retrieval.requests import SummaryRequest


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
    answer_request(
        SummaryRequest,
        {
            "topic": topic,
            "article": article,
            "sentences": sentences,
            "since": since,
            "until": until,
            "source": source,
        },
        index=index,
        queries=queries,
        json=json,
        render=render_summary,
    )
