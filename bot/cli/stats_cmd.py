"""`newsbot stats`."""

from __future__ import annotations

from bot.cli.app import IndexOption, JsonOption, app, console, guarded, make_service, print_json
from bot.render_text import render_stats


@app.command()
def stats(index: IndexOption = None, json: JsonOption = False) -> None:
    """What the index holds: articles, passages, sources, dates, model, size."""
    service = make_service(index)
    result = guarded(service.stats)
    if json:
        print_json(result.to_json())
    else:
        console.print(render_stats(result))
