"""The local harness: type a question or a slash command, get the same answer the bot gives."""

from __future__ import annotations

import sys
from collections.abc import Callable
from dataclasses import dataclass

from rich.console import Console, RenderableType
from rich.text import Text

from bot.harness_feedback import RATE_USAGE, latest_down, rate, remember
from bot.render_quote_check import render_quote_check
from bot.render_text import (
    render_ask,
    render_speakers,
    render_stats,
    render_summary,
    render_who_said,
)
from retrieval.service import NewsService


@dataclass(frozen=True)
class HarnessCommand:
    name: str
    usage: str
    help: str
    run: Callable[[NewsService, str], RenderableType]


def _ask(service: NewsService, text: str) -> RenderableType:
    return render_ask(remember(service, "ask", text, service.ask(text)))


def _stats(service: NewsService, text: str) -> RenderableType:
    return render_stats(service.stats())


def _who_said(service: NewsService, text: str) -> RenderableType:
    # "/who-said topic words --speaker Name" or "/who-said topic words"
    topic, _, speaker = text.partition("--speaker")
    answer = service.who_said(topic.strip(), speaker.strip() or None)
    return render_who_said(remember(service, "who-said", topic.strip(), answer))


def _quote_check(service: NewsService, text: str) -> RenderableType:
    # "/quote-check the words --speaker Name"
    words, _, speaker = text.partition("--speaker")
    answer = service.quote_check(words.strip(), speaker.strip() or None)
    return render_quote_check(remember(service, "quote-check", words.strip(), answer))


def _summary(service: NewsService, text: str) -> RenderableType:
    # "/summary --article ID" or "/summary topic words"
    if text.startswith("--article"):
        return render_summary(service.summary(article=text.removeprefix("--article").strip()))
    return render_summary(remember(service, "summary", text, service.summary(topic=text)))


def _speakers(service: NewsService, text: str) -> RenderableType:
    return render_speakers(service.speakers(text))


COMMANDS: dict[str, HarnessCommand] = {}


def register(command: HarnessCommand) -> None:
    COMMANDS[command.name] = command


register(
    HarnessCommand(
        "ask",
        "/ask What did Corbyn's spokesman say about Syria?",
        "Passages that answer a question, verbatim, with their source.",
        _ask,
    )
)
register(
    HarnessCommand(
        "who-said",
        "/who-said bombing in Syria --speaker Corbyn",
        "Quotes on a topic, with who said them; --speaker narrows to one person.",
        _who_said,
    )
)
register(
    HarnessCommand(
        "quote-check",
        "/quote-check More bombing in Syria will never solve the problem --speaker Corbyn",
        "Did we publish this quotation: exact, altered (what changed), paraphrase, not found.",
        _quote_check,
    )
)
register(
    HarnessCommand("speakers", "/speakers cor", "Known speakers and their quote counts.", _speakers)
)
register(
    HarnessCommand(
        "summary",
        "/summary Corbyn and Syria   or   /summary --article 000_b3a66aeb771e6232",
        "The gist of a topic or one article, in published sentences, each cited.",
        _summary,
    )
)
register(HarnessCommand("stats", "/stats", "What the index holds.", _stats))
register(HarnessCommand("rate", "/rate down wrong speaker", RATE_USAGE, rate))
register(HarnessCommand("feedback", "/feedback", "The latest answers rated 👎.", latest_down))


def _help() -> RenderableType:
    lines = ["Type a question, or one of:"]
    lines += [f"  /{c.name:<10} {c.help}  e.g. {c.usage}" for c in COMMANDS.values()]
    lines += ["  /help       This list.", "  /quit       Leave (Ctrl-D works too)."]
    return Text("\n".join(lines))


def handle_line(service: NewsService, line: str) -> RenderableType | None:
    """One line of input to one rendering; None means the user wants to leave."""
    from bot.cli.app import USER_ERRORS

    line = line.strip()
    if not line:
        return Text("")
    if not line.startswith("/"):
        line = f"/ask {line}"
    name, _, rest = line[1:].partition(" ")
    name = name.lower()
    if name in {"quit", "exit"}:
        return None
    if name == "help":
        return _help()
    command = COMMANDS.get(name)
    if command is None:
        return Text(f"Unknown command /{name}. Type /help for the list.", style="yellow")
    try:
        return command.run(service, rest.strip())
    except USER_ERRORS as exc:
        return Text(str(exc), style="red")


def run_harness(service: NewsService, console: Console | None = None) -> None:
    console = console or Console()
    interactive = sys.stdin.isatty()
    if interactive:
        console.print("newsbot local harness. Type a question, /help, or Ctrl-D to leave.")
    while True:
        try:
            line = input("newsbot> " if interactive else "")
        except (EOFError, KeyboardInterrupt):
            break
        rendered = handle_line(service, line)
        if rendered is None:
            break
        console.print(rendered)
