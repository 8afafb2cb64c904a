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
from retrieval.quotes.registry import SpeakerEntity
from retrieval.requests import WhoSaidRequest


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
    answer_request(
        WhoSaidRequest,
        {
            "query": query,
            "speaker": speaker,
            "k": k,
            "since": since,
            "until": until,
            "source": source,
            "include_affiliated": include_affiliated,
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
    """Known speakers (people, bodies, described speakers) with how many quotes each has."""
    service = make_service(index)
    found = guarded(lambda: service.speaker_entities(prefix, limit))
    if json:
        print_json(speakers_json(prefix, found))
    else:
        console.print(render_speakers(found))


def speakers_json(prefix: str, found: list[SpeakerEntity]) -> dict:
    """The `speakers --json` contract: `name` (canonical) and `quotes`, then the entity's id,
    kind, aliases, affiliation and the quotes of those who speak for it."""
    return {"prefix": prefix, "speakers": [e.to_json() for e in found]}
