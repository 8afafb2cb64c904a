"""`newsbot speaker`: everything one person said in our coverage."""

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
from bot.render_speaker import render_speaker
from retrieval.requests import SpeakerRecordRequest


@app.command("speaker")
def speaker(
    name: Annotated[
        str | None, typer.Argument(help="The person: Corbyn, Mr Corbyn, Jeremy Corbyn...")
    ] = None,
    since: SinceOption = None,
    until: UntilOption = None,
    source: SourceOption = None,
    index: IndexOption = None,
    queries: QueriesOption = None,
    json: JsonOption = False,
) -> None:
    """A speaker's record: every quotation, newest first, by story, with counts per month
    and the outlets that carried them."""
    answer_request(
        SpeakerRecordRequest,
        {"name": name, "since": since, "until": until, "source": source},
        index=index,
        queries=queries,
        json=json,
        render=render_speaker,
    )
