"""`newsbot who-said` and `newsbot speakers`."""

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
    console,
    guarded,
    make_service,
    print_json,
)
from bot.render_text import render_speakers, render_who_said
from retrieval.requests import WhoSaidRequest


@app.command("who-said")
def who_said(
    query: Annotated[
        str | None, typer.Argument(help="A topic, a paraphrase or a fragment.")
    ] = None,
    speaker: Annotated[str | None, typer.Option(help="Only quotes by this person or body.")] = None,
    k: Annotated[int, typer.Option("-k", help="How many quotes (1-25).")] = 5,
    since: SinceOption = None,
    until: UntilOption = None,
    source: SourceOption = None,
    index: IndexOption = None,
    queries: QueriesOption = None,
    json: JsonOption = False,
) -> None:
    """Who said it: the exact quoted words, their speaker and where they were published."""
    answer_request(
        WhoSaidRequest,
        {
            "query": query,
            "speaker": speaker,
            "k": k,
            "since": since,
            "until": until,
            "source": source,
        },
        index=index,
        queries=queries,
        json=json,
        render=render_who_said,
    )


@app.command()
def speakers(
    prefix: Annotated[str, typer.Argument(help="Start of a name (forgiving).")] = "",
    limit: Annotated[int, typer.Option(help="How many at most (1-100,000).")] = 25,
    index: IndexOption = None,
    json: JsonOption = False,
) -> None:
    """Known speakers with how many quotes each has in the archive."""
    service = make_service(index)
    found = guarded(lambda: service.speakers(prefix, limit))
    if json:
        print_json(speakers_json(prefix, found))
    else:
        console.print(render_speakers(found))


def speakers_json(prefix: str, found: list[tuple[str, int]]) -> dict:
    """The `speakers --json` contract."""
    return {"prefix": prefix, "speakers": [{"name": n, "quotes": c} for n, c in found]}
