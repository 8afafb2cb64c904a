"""`newsbot run`: the main job. With a Discord token it runs the bot; without, the harness."""

from __future__ import annotations

import typer

from bot.cli.app import IndexOption, app, console, fail, guarded, make_service, settings
from bot.harness import run_harness
from bot.render_text import render_build


@app.command()
def run(index: IndexOption = None) -> None:
    """Start the bot (DISCORD_TOKEN set) or the local harness, building the index if missing."""
    service = make_service(index)
    if not guarded(service.index_exists):  # a database URL may be unreachable
        console.print("No index yet: building it from the configured inputs...", style="dim")
        console.print(render_build(guarded(service.build)))
    guarded(lambda: service.archive)
    if service.quotes_outdated():
        console.print(
            "The index's quotes were found by an older newsbot: `newsbot index build` (or "
            "/reload) finds them again with this version's rules.",
            style="yellow",
        )
    token = settings().discord_token
    if token is not None and token.get_secret_value().strip():
        from bot.discord_runner import DiscordUnavailable, run_bot  # only when a bot is wanted

        try:
            run_bot(service, settings())
        except DiscordUnavailable as exc:
            fail(str(exc), code=1)
        return
    if run_harness(service, console):  # piped input with lines that failed: say so
        raise typer.Exit(1)
