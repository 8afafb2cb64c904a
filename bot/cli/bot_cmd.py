"""`newsbot bot …`: explicit command sync, and the command tree as JSON.

Sync is a separate step, not done at every start, because Discord rate-limits it."""

from __future__ import annotations

from typing import Annotated

import discord
import typer

from bot.cli.app import JsonOption, app, console, fail, print_json, settings
from bot.discord.client import NewsBot
from bot.discord_runner import DiscordUnavailable, talking_to_discord
from bot.settings import Settings

bot_app = typer.Typer(help="Discord bot tasks: sync and list slash commands.", no_args_is_help=True)
app.add_typer(bot_app, name="bot")

GuildOption = Annotated[
    int | None,
    typer.Option(
        "--guild",
        help="Sync to this server only (instant); default: NEWSBOT_GUILD_IDS "
        "if set, else globally (may take up to an hour to show).",
    ),
]


@bot_app.command("commands")
def list_commands(as_json: JsonOption = False) -> None:
    """Print the slash commands that `sync` would send, without connecting."""
    payload = NewsBot(None, settings()).command_payload()
    if as_json:
        print_json({"commands": payload})
        return
    for command in payload:
        options = " ".join(
            f"{o['name']}:" if o.get("required") else f"[{o['name']}]"
            for o in command.get("options", [])
        )
        console.print(
            f"/{command['name']} {options}\n    {command['description']}",
            highlight=False,
            markup=False,
        )


@bot_app.command("sync")
def sync(guild: GuildOption = None) -> None:
    """Register the slash commands with Discord (needs DISCORD_TOKEN)."""
    current = settings()
    token = current.discord_token.get_secret_value().strip() if current.discord_token else ""
    if not token:
        fail("DISCORD_TOKEN is not set (environment or .env).")
    try:
        done = talking_to_discord(sync_commands(current, token, guild))
    except DiscordUnavailable as exc:
        fail(str(exc), code=1)
    except discord.HTTPException as exc:
        fail(f"Discord refused the sync ({exc.status}): {exc.text[:200]}")
    for where, names in done.items():
        console.print(
            f"Synced {len(names)} commands to {where}: {', '.join(names)}",
            highlight=False,
            markup=False,
        )


async def sync_commands(current: Settings, token: str, guild: int | None) -> dict[str, list[str]]:
    """Log in over HTTP only (no gateway), sync, log out. Returns names synced per target."""
    targets = [guild] if guild else list(current.guild_ids)
    done: dict[str, list[str]] = {}
    async with NewsBot(None, current) as bot:
        await bot.login(token)
        if not targets:
            done["all servers"] = [c.name for c in await bot.tree.sync()]
        for guild_id in targets:
            target = discord.Object(id=guild_id)
            bot.tree.copy_global_to(guild=target)  # guild commands show at once
            done[f"server {guild_id}"] = [c.name for c in await bot.tree.sync(guild=target)]
    return done
