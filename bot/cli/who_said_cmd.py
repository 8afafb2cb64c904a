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
    app,
    console,
    guarded,
    make_service,
    print_json,
    respond,
)
from bot.render_text import render_speakers, render_who_said


@app.command("who-said")
def who_said(
    query: Annotated[
        str | None, typer.Argument(help="A topic, a paraphrase or a fragment.")
    ] = None,
    speaker: Annotated[str | None, typer.Option(help="Only quotes by this person or body.")] = None,
    include_affiliated: Annotated[
        bool,
        typer.Option(
            "--include-affiliated",
            help="With --speaker: also quotes of those who speak for them (spokespeople, aides).",
        ),
    ] = False,
    k: Annotated[int, typer.Option("-k", help="How many quotes (1-25).")] = 5,
    since: SinceOption = None,
    until: UntilOption = None,
    source: SourceOption = None,
    index: IndexOption = None,
    queries: QueriesOption = None,
    json: JsonOption = False,
) -> None:
    """Who said it: the exact quoted words, their speaker and where they were published."""
    service = make_service(index)
    respond(
        queries,
        json,
        service.who_said,
        {
            "query": query,
            "speaker": speaker,
            "k": k,
            "since": since,
            "until": until,
            "source": source,
            "include_affiliated": include_affiliated,
        },
        render_who_said,
        line_only={"query": ("query",)},
    )


@app.command()
def speakers(
    prefix: Annotated[str, typer.Argument(help="Start of a name (forgiving).")] = "",
    limit: Annotated[int, typer.Option(help="How many at most.")] = 25,
    index: IndexOption = None,
    json: JsonOption = False,
) -> None:
    """Known speakers (people, bodies, described speakers) with how many quotes each has."""
    service = make_service(index)
    found = guarded(lambda: service.speaker_entities(prefix, limit))
    if json:
        print_json({"prefix": prefix, "speakers": [e.to_json() for e in found]})
    else:
        console.print(render_speakers(found))
