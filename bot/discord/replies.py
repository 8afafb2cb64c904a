"""Sending answers: pages with a pager, and short ephemeral notes. No message ever pings."""

from __future__ import annotations

import contextlib
import logging
from typing import TYPE_CHECKING

import discord

from bot.discord import text as t
from bot.discord.embeds import Page
from bot.discord.pages import NO_MENTIONS, Pager

if TYPE_CHECKING:
    from bot.discord.client import NewsBot

log = logging.getLogger("newsbot.discord.replies")


async def send_pages(interaction: discord.Interaction[NewsBot], pages: list[Page]) -> None:
    """Answer a deferred interaction with the first page, and buttons when there are more."""
    first = pages[0]
    if len(pages) == 1:
        await interaction.followup.send(
            content=first.content, embeds=first.embeds, allowed_mentions=NO_MENTIONS
        )
        return
    pager = Pager(pages, interaction.user.id, interaction.client.page_timeout)
    pager.message = await interaction.followup.send(
        content=first.content,
        embeds=first.embeds,
        view=pager,
        allowed_mentions=NO_MENTIONS,
        wait=True,
    )


async def send_note(interaction: discord.Interaction, message: str) -> None:
    """A short private note, whatever state the interaction is in. Escaped: a note may
    quote what a user typed or an outlet's name."""
    message = t.fit(message, t.CONTENT)
    if not interaction.response.is_done():
        await interaction.response.send_message(
            message, ephemeral=True, allowed_mentions=NO_MENTIONS
        )
        return
    # After a public "thinking…" defer the first follow-up would replace that message and be
    # public whatever it asks; removing it first keeps the note private.
    if interaction.response.type is discord.InteractionResponseType.deferred_channel_message:
        with contextlib.suppress(discord.HTTPException):
            await interaction.delete_original_response()
    await interaction.followup.send(message, ephemeral=True, allowed_mentions=NO_MENTIONS)
