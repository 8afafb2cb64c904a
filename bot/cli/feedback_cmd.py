"""`newsbot feedback export|list|stats`: the 👍/👎 given on answers, for evaluation."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from bot.cli.app import IndexOption, JsonOption, app, console, print_json, settings
from retrieval.feedback import FeedbackStore, open_feedback

feedback_app = typer.Typer(help="Feedback (👍/👎) given on answers.", no_args_is_help=True)
app.add_typer(feedback_app, name="feedback")


def _store(index: Path | None) -> FeedbackStore:
    current = settings()
    salt = current.feedback_salt.get_secret_value() if current.feedback_salt else None
    return open_feedback(index or current.index_dir, salt)


@feedback_app.command("export")
def export(index: IndexOption = None, json: JsonOption = False) -> None:
    """Every rating, oldest first, one JSON object per line (always JSON; --json accepted)."""
    for item in _store(index).export():
        print_json(item.to_json())


@feedback_app.command("list")
def list_(
    rating: Annotated[str | None, typer.Option(help="Only 'up' or 'down'.")] = "down",
    limit: Annotated[int, typer.Option(help="How many, newest first.")] = 20,
    index: IndexOption = None,
    json: JsonOption = False,
) -> None:
    """The latest ratings (by default the 👎), with the query and what was wrong."""
    found = _store(index).recent(rating or None, limit)
    if json:
        print_json({"rating": rating, "feedback": [item.to_json() for item in found]})
        return
    table = Table("when", "rating", "command", "query", "what was wrong", box=None)
    for item in found:
        table.add_row(item.created_at, item.rating, item.command, item.query, item.comment or "")
    console.print(table if found else "No feedback yet.")


@feedback_app.command("stats")
def stats(index: IndexOption = None, json: JsonOption = False) -> None:
    """How many 👍 and 👎, in all, lately and per command."""
    counts = _store(index).counts()
    if json:
        print_json(counts.to_json())
        return
    console.print(counts.line())
    for command, n in sorted(counts.by_command.items()):
        console.print(f"  /{command}: 👍 {n['up']} · 👎 {n['down']}")
