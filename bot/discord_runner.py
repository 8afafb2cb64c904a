"""Run the Discord bot until SIGINT or SIGTERM, then close the connection cleanly.

Failing to reach Discord, or Discord refusing the token, is one `DiscordUnavailable` line that
says what to check, never a traceback. The bot never joins voice: discord.py's warnings that
the voice libraries (PyNaCl, davey) are missing are switched off."""

from __future__ import annotations

import asyncio
import logging
import signal
from collections.abc import Awaitable
from typing import TypeVar

import aiohttp
import discord

from bot.discord.client import NewsBot
from bot.discord.logs import setup_logging
from bot.settings import Settings
from retrieval.service import NewsService

log = logging.getLogger("newsbot.discord.runner")
T = TypeVar("T")

discord.VoiceClient.warn_nacl = False  # no voice: the missing voice libraries do not matter
discord.VoiceClient.warn_dave = False


class DiscordUnavailable(RuntimeError):
    """Discord could not be reached, or refused the token; the message says what to check."""


def talking_to_discord(work: Awaitable[T]) -> T:
    """Run `work` (a coroutine that logs in); connection failures become DiscordUnavailable."""
    try:
        return asyncio.run(work)
    except discord.LoginFailure:
        raise DiscordUnavailable(
            "Discord refused the token (401 Unauthorized): check DISCORD_TOKEN in .env or the "
            "environment (Developer Portal > your application > Bot > Reset Token)"
        ) from None
    except (TimeoutError, aiohttp.ClientError, OSError) as exc:
        raise DiscordUnavailable(
            f"could not reach Discord ({_why(exc)}): check the network connection, DNS, proxy "
            "and firewall; the token was not tried"
        ) from None


def _why(exc: BaseException) -> str:
    if isinstance(exc, aiohttp.ClientConnectorDNSError):
        return f"DNS lookup of {exc.host} failed"
    if isinstance(exc, aiohttp.ClientConnectorError):
        reason = exc.os_error.strerror or str(exc.os_error)
        return f"cannot connect to {exc.host}:{exc.port}: {reason}"
    if isinstance(exc, TimeoutError):
        return "timed out"
    return f"{type(exc).__name__}: {str(exc)[:120]}"


def run_bot(service: NewsService, settings: Settings) -> None:
    token = settings.discord_token.get_secret_value().strip() if settings.discord_token else ""
    if not token:
        raise SystemExit("DISCORD_TOKEN is not set.")
    setup_logging(settings.log_level, secrets=[token])
    try:
        bot = NewsBot(service, settings, **settings.shard_options())
    except ValueError as exc:
        raise SystemExit(f"error: {exc}") from None
    talking_to_discord(serve(bot, token))


async def serve(bot: NewsBot, token: str) -> None:
    """Start `bot`; on SIGINT/SIGTERM close it (gateway, HTTP session) and return."""
    loop = asyncio.get_running_loop()
    stop = asyncio.Event()
    for sig in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(sig, stop.set)
    try:
        async with bot:
            runner = asyncio.create_task(bot.start(token, reconnect=True))
            stopper = asyncio.create_task(stop.wait())
            done, _ = await asyncio.wait({runner, stopper}, return_when=asyncio.FIRST_COMPLETED)
            if stopper in done:
                log.info("event=shutdown reason=signal")
                await bot.close()
            else:
                stopper.cancel()
            await runner  # re-raises a login or connection failure
    finally:
        for sig in (signal.SIGINT, signal.SIGTERM):
            loop.remove_signal_handler(sig)
        log.info("event=stopped")
