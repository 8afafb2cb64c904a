"""/stats: what the index holds."""

from __future__ import annotations

import discord
from discord import app_commands

from bot.discord.client import NewsBot
from bot.discord.commands import register
from bot.discord.embeds import render_stats
from bot.discord.pages import NO_MENTIONS


@register(example="/stats", order=40)
@app_commands.command(name="stats")
@app_commands.guild_only()
async def stats(interaction: discord.Interaction[NewsBot]) -> None:
    """How many articles, passages, quotes and outlets the archive holds, and its dates."""
    bot = interaction.client
    await interaction.response.defer(thinking=True)
    result = await bot.call(bot.service.stats)
    embed = render_stats(result, bot.service.last_reload, bot.schedule)
    await interaction.followup.send(embed=embed, allowed_mentions=NO_MENTIONS)
