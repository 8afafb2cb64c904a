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
    app,
    make_service,
    respond,
)
from bot.render_text import render_ask


@app.command()
def ask(
    question: Annotated[str | None, typer.Argument(help="What you want to find.")] = None,
    k: Annotated[int, typer.Option("-k", help="How many passages (1-25).")] = 5,
    source: SourceOption = None,
    since: SinceOption = None,
    until: UntilOption = None,
    index: IndexOption = None,
    queries: QueriesOption = None,
    json: JsonOption = False,
) -> None:
    """Find the passages that answer a question, quoted verbatim with their source."""
    service = make_service(index)
    respond(
        queries,
        json,
        service.ask,
        {"query": question, "k": k, "source": source, "since": since, "until": until},
        render_ask,
        line_only={"query": ("query",)},
    )
