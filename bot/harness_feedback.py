"""Feedback in the local harness: `/rate up` or `/rate down what was wrong` rates the answer
just shown, as a 👍/👎 button does in Discord; `/feedback` lists the latest 👎. The harness's
user is the one running it (their login name, hashed like a Discord id); there is no guild."""

from __future__ import annotations

import getpass
from typing import Any

from rich.console import RenderableType
from rich.table import Table
from rich.text import Text

from retrieval.feedback import ShownAnswer
from retrieval.feedback.records import RATINGS, request_fields
from retrieval.requests import Request
from retrieval.service import NewsService

RATED = ("ask", "who-said", "summary", "quote-check")  # the answers that take 👍/👎

_last: dict[int, ShownAnswer] = {}  # the answer each service last showed, by id(service)
RATE_USAGE = "Rate the answer above: /rate up, or /rate down what was wrong."


def remember(service: NewsService, request: Request, answer: Any) -> Any:
    """Note `answer` (to `request`) as the one `/rate` rates; returns it."""
    if request.command in RATED:
        query, options = request_fields(request)
        _last[id(service)] = ShownAnswer.of(request.command, query, answer, **options)
    return answer


def _user() -> str:
    try:
        return f"local:{getpass.getuser()}"
    except (KeyError, OSError):
        return "local"


def rate(service: NewsService, text: str) -> RenderableType:
    rating, _, comment = text.strip().partition(" ")
    if rating.lower() not in RATINGS:
        return Text(RATE_USAGE, style="yellow")
    shown = _last.get(id(service))
    if shown is None:
        return Text("Nothing to rate yet: ask something first.", style="yellow")
    stored = service.feedback.rate(shown, _user(), rating.lower(), comment.strip() or None)
    return Text(f"Thanks: noted {stored.rating} for /{stored.command} “{stored.query}”.")


def feedback_counts(service: NewsService) -> RenderableType:
    """The 👍/👎 counts, as Discord's /stats shows them."""
    return Text(f"feedback on answers: {service.feedback.counts().line()}")


def latest_down(service: NewsService, text: str) -> RenderableType:
    found = service.feedback.recent("down", 20)
    if not found:
        return Text("No 👎 yet.")
    table = Table("when", "command", "query", "what was wrong", box=None)
    for item in found:
        table.add_row(item.created_at, item.command, item.query, item.comment or "")
    return table


# Harness commands of their own (no `newsbot` command of the name): help, handler.
LOCAL_COMMANDS = {
    "rate": ("Rate the answer above: /rate up, or /rate down what was wrong.", rate),
    "feedback": ("The latest answers rated 👎, with what was wrong.", latest_down),
}
