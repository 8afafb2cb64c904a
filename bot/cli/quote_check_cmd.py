"""`newsbot quote-check`."""

from __future__ import annotations

from typing import Annotated

import typer

from bot.cli.app import IndexOption, JsonOption, QueriesOption, answer_request, app
from bot.render_quote_check import render_quote_check
from retrieval.requests import QuoteCheckRequest


@app.command("quote-check")
def quote_check(
    words: Annotated[
        str | None, typer.Argument(help="The quotation, as remembered or as printed elsewhere.")
    ] = None,
    speaker: Annotated[
        str | None, typer.Option(help="Who it is attributed to: checked against our archive.")
    ] = None,
    k: Annotated[int, typer.Option("-k", help="How many matching quotations (1-25).")] = 5,
    index: IndexOption = None,
    queries: QueriesOption = None,
    json: JsonOption = False,
) -> None:
    """Did we publish this quotation? exact, altered (with what changed), paraphrase or not
    found, with who we attributed it to and where it ran."""
    answer_request(
        QuoteCheckRequest,
        {"words": words, "speaker": speaker, "k": k},
        index=index,
        queries=queries,
        json=json,
        render=render_quote_check,
    )
