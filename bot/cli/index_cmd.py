"""`newsbot index build`, `index check` and `index rollback`."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

from bot.cli.app import (
    IndexOption,
    JsonOption,
    console,
    errors,
    guarded,
    index_app,
    make_service,
    print_json,
)
from bot.render_text import render_build
from retrieval.index.check import check_index, rollback


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
    follow_links: Annotated[
        bool,
        typer.Option(
            "--follow-links", help="Read links that lead out of an input folder (else refused)."
        ),
    ] = False,
    json: JsonOption = False,
) -> None:
    """Build the index from the inputs (default: seeds/) and make it the serving one."""
    service = make_service(index)
    if source:
        service.config.source = source
    if follow_links:
        service.config.follow_links = True
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


@index_app.command("check")
def check(index: IndexOption = None, json: JsonOption = False) -> None:
    """Verify every file of the serving build against its checksums, then open it."""
    service = make_service(index)
    report = guarded(lambda: check_index(Path(service.config.index_dir), service.embedder))
    if json:
        print_json(report.to_json())
    elif report.ok and report.unchecked:
        console.print(
            f"ok: build {report.build} opens; it has no checksums yet (built by an older "
            "newsbot): the next `newsbot index build` records them"
        )
    elif report.ok:
        console.print(f"ok: build {report.build}, {report.files} files match their checksums")
    for line in report.damaged if not json else []:
        errors.print(f"damaged: {line}", highlight=False, markup=False)
    if not report.ok:
        raise typer.Exit(2)


@index_app.command("rollback")
def rollback_cmd(index: IndexOption = None) -> None:
    """Serve the newest older build that opens (when the serving one is damaged)."""
    service = make_service(index)
    good = guarded(lambda: rollback(Path(service.config.index_dir), service.embedder))
    console.print(
        f"now serving build {good.folder.name} (built {good.manifest.built_at}, "
        f"{good.manifest.articles:,} articles); `newsbot index build` brings it up to date",
        highlight=False,
    )
