"""`newsbot index build`."""

from __future__ import annotations

from typing import Annotated

import typer
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

from bot.cli.app import (
    IndexOption,
    JsonOption,
    console,
    guarded,
    index_app,
    make_service,
    print_json,
)
from bot.render_text import render_build


class _RateColumn(TextColumn):
    def __init__(self) -> None:
        super().__init__("")

    def render(self, task):  # passages/s, the figure that says how long a big build takes
        speed = task.finished_speed or task.speed
        return f"{speed:,.0f} passages/s" if speed else ""


@index_app.command("build")
def build(
    input: Annotated[
        list[str] | None,
        typer.Option(
            "--input",
            "-i",
            help="Folder of .txt/.html articles, a .jsonl file, or a feed, sitemap or article "
            "URL; repeatable.",
        ),
    ] = None,
    index: IndexOption = None,
    source: Annotated[
        str | None, typer.Option(help="Outlet name for articles without one.")
    ] = None,
    compact: Annotated[
        bool,
        typer.Option(
            "--compact",
            help="Merge every segment into one (reloads otherwise add a delta).",
            metavar="",
        ),
    ] = False,
    json: JsonOption = False,
) -> None:
    """Build the index from the inputs (default: seeds/) and make it the serving one."""
    service = make_service(index)
    if source:
        service.config.source = source
    with Progress(
        TextColumn("embedding"),
        BarColumn(),
        MofNCompleteColumn(),
        _RateColumn(),
        TimeRemainingColumn(),
        console=console,
        transient=True,
        disable=json,
    ) as bar:
        task = bar.add_task("embed", total=None)

        def progress(done: int, total: int) -> None:
            bar.update(task, completed=done, total=total)

        report = guarded(lambda: service.build(input or None, progress=progress, compact=compact))
    if json:
        print_json(report.to_json())
    else:
        console.print(render_build(report))
