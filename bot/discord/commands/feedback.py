"""/feedback: the latest 👎 on answers, with the query and what was wrong (moderators only)."""

from __future__ import annotations

import discord
from discord import app_commands

from bot.discord.checks import moderators_only
from bot.discord.client import NewsBot
from bot.discord.commands import register
from bot.discord.feedback_embeds import render_feedback
from bot.discord.replies import send_pages


@register(example="/feedback", order=55)
@app_commands.command(name="feedback")
@app_commands.guild_only()
@app_commands.default_permissions(manage_guild=True)
@moderators_only()
@app_commands.describe(count="How many of the latest 👎 to list (1-50, default 20)")
async def feedback(
    interaction: discord.Interaction[NewsBot], count: app_commands.Range[int, 1, 50] = 20
) -> None:
    """The latest 👎 on answers, with what was asked and what was wrong (moderators only)."""
    await interaction.response.defer(thinking=True, ephemeral=True)
    store = interaction.client.service.feedback
    down = await interaction.client.call(store.recent, "down", count)
    counts = await interaction.client.call(store.counts)
    await send_pages(interaction, render_feedback(down, counts))
