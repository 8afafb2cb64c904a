"""/summary: a short summary of our coverage of a topic or of one article, every sentence
verbatim and attributed. Registered only once `NewsService.summary` exists."""

from __future__ import annotations

import discord
from discord import app_commands

from bot.discord.checks import expensive
from bot.discord.client import NewsBot
from bot.discord.commands import register
from bot.discord.embeds import render_summary
from bot.discord.replies import send_pages
from retrieval.requests import SummaryRequest


@register(example="/summary topic: Corbyn and Syria", needs="summary", order=30)
@app_commands.command(name="summary")
@app_commands.guild_only()
@app_commands.describe(
    topic="Summarise our coverage of this topic",
    article="Or summarise one article: its id, as shown under a result",
)
@expensive()
async def summary(
    interaction: discord.Interaction[NewsBot],
    topic: app_commands.Range[str, 1, 1000] | None = None,
    article: app_commands.Range[str, 1, 200] | None = None,
) -> None:
    """Summarise our coverage of a topic, or one article, in sentences quoted word for word."""
    bot = interaction.client
    request = bot.check(SummaryRequest, {"topic": topic, "article": article})
    await interaction.response.defer(thinking=True)
    result = await bot.call(bot.service.answer, request)
    label = request.topic or f"article {request.article}"
    await send_pages(interaction, render_summary(label, result.answered, result.sentences))
