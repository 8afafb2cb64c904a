"""The bot: an AutoShardedBot whose commands are thin adapters over `NewsService`.

Handlers are synchronous and CPU-bound, so every call goes through `NewsBot.call`, which runs
it on a worker thread: the event loop keeps answering heartbeats and other commands."""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Callable
from typing import Any, TypeVar

import discord
from discord import app_commands
from discord.ext import commands as ext

from bot.discord import commands
from bot.discord.reload_schedule import ReloadSchedule
from bot.discord.replies import send_note
from bot.settings import Settings
from retrieval.index.builder import BuildError
from retrieval.index.layout import IndexLoadError
from retrieval.queries import QueryError
from retrieval.requests import Request
from retrieval.service import NewsService, ReloadBusyError

T = TypeVar("T")
R = TypeVar("R", bound=Request)
log = logging.getLogger("newsbot.discord")

# Their messages are short and written for users: shown as they are.
USER_ERRORS = (QueryError, IndexLoadError, BuildError, ReloadBusyError)
DEFAULT_PAGE_TIMEOUT = 600.0  # interaction tokens expire after 15 minutes; stay well below


def user_message(name: str, error: Exception, original: BaseException) -> str | None:
    """What to tell the user about an expected failure; None for a bug."""
    if isinstance(error, app_commands.CommandOnCooldown):
        return f"One moment: you can use /{name} again in {error.retry_after:.0f} seconds."
    if isinstance(error, app_commands.CheckFailure):
        return str(error) or "You can't use that command here."
    if isinstance(error, app_commands.TransformerError):
        return f"I couldn't read {str(error.value)[:50]!r} as {error.type.name.lower()}."
    if isinstance(original, USER_ERRORS):
        return str(original)
    return None


class NewsTree(app_commands.CommandTree["NewsBot"]):
    async def interaction_check(self, interaction: discord.Interaction[NewsBot]) -> bool:
        if interaction.client.serves(interaction.guild_id):
            return True
        log.info("event=refused reason=guild guild=%s", interaction.guild_id)
        if interaction.type is discord.InteractionType.autocomplete:
            # Unanswered, the user sees "loading options failed"; no options is the answer.
            await interaction.response.autocomplete([])
        else:
            await send_note(interaction, "I'm not enabled in this server.")
        return False

    async def on_error(
        self, interaction: discord.Interaction[NewsBot], error: app_commands.AppCommandError
    ) -> None:
        name = interaction.command.name if interaction.command else "?"
        original = getattr(error, "original", error)
        message = user_message(name, error, original)
        if message is None:
            log.error(
                "event=command_error command=%s user=%s guild=%s",
                name,
                interaction.user.id,
                interaction.guild_id,
                exc_info=original,
            )
            message = "Something went wrong answering that. It has been logged; please try again."
        else:
            log.info(
                "event=command_refused command=%s user=%s reason=%s",
                name,
                interaction.user.id,
                type(original).__name__,
            )
        try:
            await send_note(interaction, message)
        except discord.HTTPException as exc:  # the token may have expired: nothing to answer
            log.warning("event=error_reply_failed command=%s status=%s", name, exc.status)


class NewsBot(ext.AutoShardedBot):
    def __init__(self, service: NewsService | None, settings: Settings, **options: Any) -> None:
        super().__init__(
            command_prefix=ext.when_mentioned,  # unused: app commands only
            help_command=None,
            intents=discord.Intents(guilds=True),  # no message content, no members
            allowed_mentions=discord.AllowedMentions.none(),
            tree_cls=NewsTree,
            **options,
        )
        self._service = service
        self.settings = settings
        self.page_timeout = float(getattr(settings, "page_timeout_seconds", DEFAULT_PAGE_TIMEOUT))
        self.specs: list[commands.Spec] = []
        self.install_commands()
        every = getattr(settings, "reload_every", None)
        self.schedule = ReloadSchedule(self, every) if every and service is not None else None

    async def setup_hook(self) -> None:
        if self.schedule is not None:
            self.schedule.start()

    async def close(self) -> None:
        if self.schedule is not None:
            await self.schedule.stop()
        await super().close()

    @property
    def service(self) -> NewsService:
        if self._service is None:
            raise RuntimeError("This bot was built to list commands, not to answer them.")
        return self._service

    def install_commands(self) -> None:
        self.specs = commands.load()
        for spec in self.specs:
            self.tree.add_command(spec.command)

    def serves(self, guild_id: int | None) -> bool:
        """Commands are server-only; with `guild_ids` set, only in those servers."""
        allowed = self.settings.guild_ids
        return guild_id is not None and (not allowed or guild_id in allowed)

    def command_payload(self) -> list[dict]:
        """The tree exactly as `sync` would send it."""
        return [command.to_dict(self.tree) for command in self.tree.get_commands()]

    def check(self, model: type[R], fields: dict[str, Any]) -> R:
        """`fields` checked as a `model` request before anything is deferred, so a refusal is
        one private note rather than a public "thinking…" that turns into one. Outlets are
        checked only against an archive already open: opening one here would block."""
        return self.service.check(model, fields, load=False)

    async def call(self, handler: Callable[..., T], *args: Any, **kwargs: Any) -> T:
        """Run a service handler on a worker thread and log how long it took."""
        started = time.perf_counter()
        try:
            return await asyncio.to_thread(handler, *args, **kwargs)
        finally:
            log.debug(
                "event=handler name=%s ms=%.0f",
                getattr(handler, "__name__", "?"),
                (time.perf_counter() - started) * 1000,
            )

    async def on_ready(self) -> None:
        log.info(
            "event=ready user=%s shards=%s guilds=%d",
            self.user.id if self.user else None,
            self.shard_count,
            len(self.guilds),
        )

    async def on_app_command_completion(
        self, interaction: discord.Interaction, command: app_commands.Command
    ) -> None:
        took = discord.utils.utcnow() - interaction.created_at
        log.info(
            "event=command name=%s user=%s guild=%s ms=%.0f",
            command.name,
            interaction.user.id,
            interaction.guild_id,
            took.total_seconds() * 1000,
        )
