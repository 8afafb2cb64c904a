"""/summary: a short summary of our coverage of a topic or of one article, every sentence
verbatim and attributed. Registered only once `NewsService.summary` exists."""

from __future__ import annotations

import discord
from discord import app_commands

from bot.discord.checks import expensive
from bot.discord.client import NewsBot
from bot.discord.commands import register
from bot.discord.embeds import render_summary
from bot.discord.feedback import shown
from bot.discord.pages import NO_MENTIONS
from bot.discord.replies import send_pages

NEED_ONE = "Give a topic, or an article id (from the footer of an /ask result), to summarise."


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
    if not topic and not article:
        await interaction.response.send_message(
            NEED_ONE, ephemeral=True, allowed_mentions=NO_MENTIONS
        )
        return
    await interaction.response.defer(thinking=True)
    bot = interaction.client
    result = await bot.call(
        bot.service.summary,  # type: ignore[attr-defined]
        topic=topic or None,
        article=article or None,
    )
    label = topic or f"article {article}"
    rated = shown(interaction, "summary", topic or "", result, article=article)
    await send_pages(interaction, render_summary(label, result.answered, result.sentences), rated)
