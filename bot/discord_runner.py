"""Run the Discord bot until SIGINT or SIGTERM, then close the connection cleanly."""

from __future__ import annotations

import asyncio
import logging
import signal

import discord

from bot.discord.client import NewsBot
from bot.discord.logs import setup_logging
from bot.settings import Settings
from retrieval.service import NewsService

log = logging.getLogger("newsbot.discord.runner")


def run_bot(service: NewsService, settings: Settings) -> None:
    token = settings.discord_token.get_secret_value().strip() if settings.discord_token else ""
    if not token:
        raise SystemExit("DISCORD_TOKEN is not set.")
    setup_logging(settings.log_level, secrets=[token])
    try:
        bot = NewsBot(service, settings, **settings.shard_options())
    except ValueError as exc:
        raise SystemExit(f"error: {exc}") from None
    try:
        asyncio.run(serve(bot, token))
    except discord.LoginFailure:
        log.error("event=login_failed reason=%s", "Discord refused the token")
        raise SystemExit(1) from None


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
