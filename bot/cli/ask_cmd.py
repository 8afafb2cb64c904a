"""`newsbot ask`."""

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
from bot.render_text import render_ask
from retrieval.requests import AskRequest


@app.command()
def ask(
    query: Annotated[
        str | None, typer.Argument(metavar="QUESTION", help="What you want to find.")
    ] = None,
    k: Annotated[int, typer.Option("-k", help="How many passages (1-25).")] = 5,
    source: SourceOption = None,
    since: SinceOption = None,
    until: UntilOption = None,
    index: IndexOption = None,
    queries: QueriesOption = None,
    json: JsonOption = False,
) -> None:
    """Find the passages that answer a question, quoted verbatim with their source."""
    answer_request(
        AskRequest,
        {"query": query, "k": k, "source": source, "since": since, "until": until},
        index=index,
        queries=queries,
        json=json,
        render=render_ask,
    )
