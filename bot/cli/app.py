"""The `newsbot` command: a thin layer that parses options, calls a handler, renders."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Annotated, Any, NoReturn

import typer
from rich.console import Console

from bot.settings import Settings
from retrieval.embed.embedding import Embedder, ModelNotFoundError
from retrieval.index.builder import BuildError
from retrieval.index.layout import IndexLoadError
from retrieval.queries import QueryError
from retrieval.service import NewsService, ReloadBusyError

app = typer.Typer(
    help="Answer questions about the newsroom's own coverage, quoting it word for word.",
    no_args_is_help=False,
    add_completion=False,
    pretty_exceptions_enable=False,
)
index_app = typer.Typer(help="Build and inspect the search index.", no_args_is_help=True)
app.add_typer(index_app, name="index")

console = Console()
errors = Console(stderr=True, soft_wrap=True)  # one line per error, even in a narrow pipe

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
JsonOption = Annotated[bool, typer.Option("--json", help="Print JSON (a stable contract).")]
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
    errors.print(f"[bold red]error:[/] {message}", highlight=False, markup=True)
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
    sys.stdout.write(json.dumps(payload, ensure_ascii=False) + "\n")
    sys.stdout.flush()


def respond(
    queries: Path | None,
    json: bool,
    call: Callable[..., Any],
    options: dict[str, Any],
    render: Callable[[Any], object],
    line_only: dict[str, tuple[str, ...]] | None = None,
) -> None:
    """Answer one request from the options, or every line of `queries`.

    A line's fields override the options of the same name; the parameters in `line_only`
    (mapped to the line fields that may hold them, first present wins) come from the line
    alone, so a request without a query is an error rather than the command line's query."""
    if queries:
        answer_queries(
            queries, lambda request: call(**_line(request, options, line_only)).to_json()
        )
        return
    result = guarded(lambda: call(**options))
    if json:
        print_json(result.to_json())
    else:
        console.print(render(result))


def _line(
    request: dict, options: dict[str, Any], line_only: dict[str, tuple[str, ...]] | None
) -> dict[str, Any]:
    fields = line_only or {}
    arguments = {}
    for name, default in options.items():
        if name in fields:
            arguments[name] = next((request[f] for f in fields[name] if f in request), None)
        else:
            arguments[name] = request.get(name, default)
    return arguments


def answer_queries(path: Path, handle: Callable[[dict], dict]) -> None:
    """Answer every request of a JSONL file in this one process, one JSON line each."""
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError as exc:
        fail(f"{path}: cannot read ({exc.strerror})")
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            request = json.loads(line)
            if not isinstance(request, dict):
                raise ValueError("not a JSON object")
        except ValueError as exc:
            print_json({"qid": None, "line": number, "error": f"malformed request: {exc}"})
            continue
        qid = request.get("qid")
        try:
            print_json({"qid": qid, **handle(request)})
        except USER_ERRORS as exc:
            print_json({"qid": qid, "error": str(exc)})
        except (TypeError, ValueError) as exc:
            print_json({"qid": qid, "error": f"bad request: {exc}"})
