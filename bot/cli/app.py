"""The `newsbot` command: a thin layer that parses options, calls a handler, renders."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Annotated, Any, NoReturn

import typer
from rich.console import Console
from rich.markup import escape
from typer.core import TyperGroup

from bot.settings import Settings
from retrieval.embed.embedding import Embedder, ModelNotFoundError
from retrieval.index.builder import BuildError
from retrieval.index.layout import IndexLoadError
from retrieval.queries import QueryError
from retrieval.requests import Request
from retrieval.service import NewsService, ReloadBusyError

try:  # typer carries its own copy of click, whose exceptions are not click's
    from typer._click.exceptions import UsageError
except ImportError:  # older typer, on click itself
    from click.exceptions import UsageError
try:  # how `--help` ends a command: typer's own Exit, or click's
    from click.exceptions import Exit as _ClickExit

    HELP_SHOWN: tuple[type[BaseException], ...] = (typer.Exit, _ClickExit)
except ImportError:
    HELP_SHOWN = (typer.Exit,)

console = Console()
errors = Console(stderr=True, soft_wrap=True)  # one line per error, even in a narrow pipe


class OneLineErrors(TyperGroup):
    """A usage error (`-k abc`, an unknown option) is one line on stderr and exit code 2,
    like every other error, instead of a usage block and a boxed panel."""

    def invoke(self, ctx: Any) -> Any:
        try:
            return super().invoke(ctx)
        except UsageError as exc:
            if type(exc).__name__ == "NoArgsIsHelpError":  # `newsbot index`: help is wanted
                raise
            where = f" (see `{exc.ctx.command_path} --help`)" if exc.ctx else ""
            fail(f"{exc.format_message()}{where}", exc.exit_code)


app = typer.Typer(
    help="Answer questions about the newsroom's own coverage, quoting it word for word.",
    cls=OneLineErrors,
    no_args_is_help=False,
    add_completion=False,
    pretty_exceptions_enable=False,
)
index_app = typer.Typer(help="Build and inspect the search index.", no_args_is_help=True)
app.add_typer(index_app, name="index")

# Failures a user can act on: shown as one line, never as a traceback.
USER_ERRORS = (
    QueryError,
    IndexLoadError,
    BuildError,
    ModelNotFoundError,
    ReloadBusyError,
    FileNotFoundError,
)

IndexOption = Annotated[
    Path | None, typer.Option("--index", help="Index folder (default: NEWSBOT_INDEX_DIR).")
]
# metavar "": a plain flag, shown without a value in --help.
JsonOption = Annotated[
    bool, typer.Option("--json", help="Print JSON (a stable contract).", metavar="")
]
SourceOption = Annotated[str | None, typer.Option(help="Only this outlet.")]
SinceOption = Annotated[str | None, typer.Option(help="Published on or after YYYY-MM-DD.")]
UntilOption = Annotated[str | None, typer.Option(help="Published on or before YYYY-MM-DD.")]
QueriesOption = Annotated[
    Path | None,
    typer.Option(
        "--queries",
        help="JSONL file, one request per line with a qid; answers each as one JSON line.",
    ),
]


def fail(message: str, code: int = 2) -> NoReturn:
    """`message` (plain text, shown as is) on one line of stderr, then exit with `code`."""
    errors.print(f"[bold red]error:[/] {escape(message)}", highlight=False, markup=True)
    raise typer.Exit(code)


def settings() -> Settings:
    return Settings()


def make_service(index: Path | None = None) -> NewsService:
    current = settings()
    config = current.service_config()
    if index is not None:
        config.index_dir = index
    try:
        embedder = Embedder(
            current.model_path,
            batch_size=current.embed_batch_size,
            backend=current.embed_backend,
            cache_dir=current.encoder_cache_dir,
        )
    except ModelNotFoundError as exc:
        fail(str(exc))
    return NewsService(config, embedder)


def guarded(action: Callable[[], object]) -> object:
    """Run `action`, turning a user error into a one-line message and exit code 2."""
    try:
        return action()
    except USER_ERRORS as exc:
        fail(str(exc))


def print_json(payload: dict) -> None:
    try:
        sys.stdout.write(json.dumps(payload, ensure_ascii=False) + "\n")
    except UnicodeEncodeError:  # a lone surrogate, or a terminal that cannot show the text
        sys.stdout.write(json.dumps(payload) + "\n")
    sys.stdout.flush()


# Options of the command line itself, not of a request: the harness refuses or reads them.
CLI_ONLY = ("index", "queries", "json")


def answer_request(
    model: type[Request],
    fields: dict[str, Any],
    *,
    index: Path | None,
    queries: Path | None,
    json: bool,
    render: Callable[[Any], object],
) -> None:
    """Answer the request the options make, or every line of `queries` (the options other
    than the request's subject are then defaults for each line)."""
    service = make_service(index)
    if queries is not None:
        answer_queries(service, model, queries, fields)
        return
    request = guarded(lambda: service.check(model, fields))
    result = guarded(lambda: service.answer(request))
    if json:
        print_json(result.to_json())
    else:
        console.print(render(result))


def answer_queries(
    service: NewsService, model: type[Request], path: Path, options: dict[str, Any]
) -> None:
    """Answer every request of a JSONL file in this one process, one JSON line each; exit 1
    when any line failed, saying how many."""
    given = [name for name in model.subject if options.get(name) not in (None, "")]
    if given:
        fail(
            f"give the {' and '.join(given)} in the --queries file or on the command line, not both"
        )
    defaults = {k: v for k, v in options.items() if v is not None and k not in model.subject}
    try:
        text = path.read_text(encoding="utf-8-sig")
    except OSError as exc:
        fail(f"{path}: cannot read ({exc.strerror})")
    except UnicodeDecodeError:
        fail(f"{path}: not UTF-8 text")
    guarded(lambda: service.archive)  # a missing index is one error, not one per line
    failed = total = 0
    # Only "\n" ends a line: U+2028, U+2029 and U+0085 may stand raw inside a JSON string.
    for number, line in enumerate(text.split("\n"), start=1):
        if not line.strip():
            continue
        total += 1
        answer = _answer_line(service, model, line, defaults)
        if "error" in answer:
            failed += 1
            answer["line"] = number
        print_json(answer)
    if failed:
        fail(f'{failed} of {total} requests failed; their output lines hold an "error"', code=1)


def _answer_line(
    service: NewsService, model: type[Request], line: str, defaults: dict[str, Any]
) -> dict:
    qid = None
    try:
        record = json.loads(line)
        if not isinstance(record, dict):
            return {"qid": None, "error": "malformed request: not a JSON object"}
        qid = record.pop("qid", None)
        result = service.answer(service.check(model, {**defaults, **record}))
    except ValueError as exc:  # QueryError is one; so is a JSON syntax error
        malformed = isinstance(exc, json.JSONDecodeError)
        return {"qid": qid, "error": f"malformed request: {exc}" if malformed else str(exc)}
    except USER_ERRORS as exc:
        return {"qid": qid, "error": str(exc)}
    except Exception as exc:  # one bad request must not cost the answers to the rest
        return {"qid": qid, "error": f"unexpected error ({type(exc).__name__}: {exc})"}
    answer = {"qid": qid, **result.to_json()}
    ignored = model.unknown(record)
    if ignored:
        answer["ignored_fields"] = ignored
    return answer
