"""The local harness: type a question or a slash command, get the same answer the bot gives.

A command takes the same options as on the command line (`/ask -k 3 --since 2020-01-01
Syria`): the words are parsed by the `newsbot` command of that name and checked by the same
request model (`retrieval.requests`); the words left over are the question or topic. With
piped input each question is echoed before its answer, errors go to stderr, and the caller
learns how many lines failed."""

from __future__ import annotations

import shlex
import sys
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from typing import Any

import typer
from rich.console import Console, RenderableType
from rich.text import Text

from bot.render_text import (
    render_ask,
    render_speakers,
    render_stats,
    render_summary,
    render_who_said,
)
from retrieval.quotes.registry import SpeakerEntity
from retrieval.requests import REQUESTS, Request, SpeakersRequest
from retrieval.service import NewsService

PROMPT = "newsbot> "


@dataclass(frozen=True)
class HarnessCommand:
    name: str  # a `newsbot` command: its options are the harness command's options
    usage: str
    help: str
    render: Callable[[Any], RenderableType]
    to_json: Callable[[Request, Any], dict] = lambda request, result: result.to_json()


@dataclass(frozen=True)
class Reply:
    """What one line of input gets: a rendering, a JSON object, or an error (for stderr)."""

    output: RenderableType | None = None
    json: dict | None = None
    error: str | None = None


COMMANDS: dict[str, HarnessCommand] = {}


def register(command: HarnessCommand) -> None:
    COMMANDS[command.name] = command


def _speakers_json(request: Request, found: list[SpeakerEntity]) -> dict:
    from bot.cli.who_said_cmd import speakers_json

    assert isinstance(request, SpeakersRequest)
    return speakers_json(request.prefix, found)


register(
    HarnessCommand(
        "ask",
        "/ask -k 3 --since 2016-01-01 What did Corbyn's spokesman say about Syria?",
        "Passages that answer a question, verbatim, with their source.",
        render_ask,
    )
)
register(
    HarnessCommand(
        "who-said",
        '/who-said bombing in Syria --speaker "Jeremy Corbyn" --include-affiliated',
        "Quotes on a topic, with who said them; --speaker narrows to one person "
        "(--include-affiliated adds their spokespeople).",
        render_who_said,
    )
)
register(
    HarnessCommand(
        "speakers",
        "/speakers cor --limit 5",
        "Known speakers and their quote counts.",
        render_speakers,
        _speakers_json,
    )
)
register(
    HarnessCommand(
        "summary",
        "/summary Corbyn and Syria   or   /summary --article 000_b3a66aeb771e6232",
        "The gist of a topic or one article, in published sentences, each cited.",
        render_summary,
    )
)
register(HarnessCommand("stats", "/stats", "What the index holds.", render_stats))


def _help() -> RenderableType:
    lines = ["Type a question, or one of:"]
    lines += [f"  /{c.name:<10} {c.help}  e.g. {c.usage}" for c in COMMANDS.values()]
    lines += [
        "  /help       This list.",
        "  /quit       Leave (Ctrl-D works too).",
        "Each command takes the options of `newsbot <command>`; /ask --help lists them.",
    ]
    return Text("\n".join(lines))


def words(text: str) -> list[str]:
    """Split like a shell, except that only double quotes group words: an apostrophe
    (Corbyn's) is part of a word. An unbalanced quote splits on spaces alone."""
    lexer = shlex.shlex(text, posix=True)
    lexer.whitespace_split = True
    lexer.quotes = '"'
    lexer.escape = ""
    lexer.commenters = ""
    try:
        return list(lexer)
    except ValueError:
        return text.split()


class HarnessError(ValueError):
    """A line the harness cannot run: a usage error, an unknown command."""


@cache
def _cli_command(name: str) -> Any:
    from bot.cli import app  # bot.cli imports this module (`newsbot run`): import when used

    return typer.main.get_command(app).commands[name]


def parse(name: str, text: str) -> tuple[dict[str, Any], bool]:
    """`text` read as the command line of `newsbot <name>` reads it: the request's fields,
    and whether --json was given. Words left over join the question or topic."""
    from bot.cli.app import CLI_ONLY, UsageError

    command = _cli_command(name)
    try:
        context = command.make_context(f"/{name}", words(text), allow_extra_args=True)
    except UsageError as exc:
        raise HarnessError(exc.format_message()) from None
    fields = dict(context.params)
    subject = next((p.name for p in command.params if p.param_type_name == "argument"), None)
    if context.args:
        if subject is None:
            raise HarnessError(f"/{name} takes no words, only options: {' '.join(context.args)}")
        fields[subject] = " ".join(filter(None, [fields.get(subject), *context.args]))
    for option in ("index", "queries"):
        if fields.get(option) is not None:
            raise HarnessError(f"--{option} works on the command line only, not here")
    as_json = bool(fields.get("json"))
    return {k: v for k, v in fields.items() if k not in CLI_ONLY}, as_json


def handle_line(service: NewsService, line: str) -> Reply | None:
    """One line of input to one reply; None means the user wants to leave."""
    from bot.cli.app import HELP_SHOWN, USER_ERRORS

    line = line.strip()
    if not line:
        return Reply()
    if not line.startswith("/"):
        line = f"/ask {line}"
    name, _, rest = line[1:].partition(" ")
    name = name.lower()
    if name in {"quit", "exit"}:
        return None
    if name == "help":
        return Reply(_help())
    command = COMMANDS.get(name)
    if command is None:
        return Reply(error=f"Unknown command /{name}. Type /help for the list.")
    try:
        fields, as_json = parse(name, rest)
        request = service.check(REQUESTS[name], fields)
        result = service.answer(request)
    except HELP_SHOWN:  # --help: the command's help was printed
        return Reply()
    except (HarnessError, *USER_ERRORS) as exc:
        return Reply(error=str(exc))
    if as_json:
        return Reply(json=command.to_json(request, result))
    return Reply(command.render(result))


def run_harness(
    service: NewsService, console: Console | None = None, errors: Console | None = None
) -> int:
    """Answer lines from stdin until EOF or /quit. Returns how many lines of piped input
    failed (0 at a terminal, where the user saw each error as it came)."""
    from bot.cli.app import print_json

    console = console or Console()
    errors = errors or Console(stderr=True, soft_wrap=True)
    interactive = sys.stdin.isatty()
    if interactive:
        console.print("newsbot local harness. Type a question, /help, or Ctrl-D to leave.")
    failed = 0
    number = 0
    while True:
        try:
            line = input(PROMPT if interactive else "")
        except (EOFError, KeyboardInterrupt):
            break
        number += 1
        if not interactive and line.strip():
            # Echoed, so each answer in a transcript follows the question it answers.
            console.print(Text(PROMPT + line.strip(), style="bold"))
        reply = handle_line(service, line)
        if reply is None:
            break
        if reply.error is not None:
            failed += not interactive
            where = "" if interactive else f"line {number}: "
            errors.print(Text.assemble(("error: ", "bold red"), where, reply.error))
        elif reply.json is not None:
            print_json(reply.json)
        elif reply.output is not None:
            console.print(reply.output)
    return failed
