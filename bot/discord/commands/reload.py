"""/reload: rebuild from the configured inputs and swap the new index in (moderators only).

The build runs on a worker thread beside the serving index, so other commands keep being
answered; a failure leaves the old index serving."""

from __future__ import annotations

import logging

import discord
from discord import app_commands

from bot.discord.checks import moderators_only
from bot.discord.client import USER_ERRORS, NewsBot
from bot.discord.commands import register
from bot.discord.embeds import render_reload, render_reload_failed
from bot.discord.pages import NO_MENTIONS
from bot.discord.replies import send_note
from retrieval.service import ReloadBusyError

log = logging.getLogger("newsbot.discord.reload")
BUSY = "A reload is already running; try again when it has finished."


@register(example="/reload", order=50)
@app_commands.command(name="reload")
@app_commands.guild_only()
@app_commands.default_permissions(manage_guild=True)
@moderators_only()
async def reload(interaction: discord.Interaction[NewsBot]) -> None:
    """Re-read the configured article folders and swap the new index in (moderators only)."""
    service = interaction.client.service
    if service.reloading:  # answer at once rather than defer just to refuse
        await send_note(interaction, BUSY)
        return
    await interaction.response.defer(thinking=True)
    log.info("event=reload_started user=%s", interaction.user.id)
    try:
        report = await interaction.client.call(service.reload)
    except ReloadBusyError:
        await send_note(interaction, BUSY)
        return
    except USER_ERRORS as exc:
        log.info("event=reload_failed reason=%s", exc)
        embed = render_reload_failed(str(exc))
    except Exception:
        # The message of an unexpected error may hold paths or worse: log it, say less.
        log.exception("event=reload_failed reason=unexpected")
        embed = render_reload_failed("An unexpected error; the details are in the bot's log.")
    else:
        log.info("event=reload_done seconds=%.1f", report.seconds)
        embed = render_reload(report)
    await interaction.followup.send(embed=embed, allowed_mentions=NO_MENTIONS)
