"""/ask: passages from our coverage that answer a question, verbatim and attributed."""

from __future__ import annotations

import discord
from discord import app_commands

from bot.discord import choices
from bot.discord.checks import expensive
from bot.discord.client import NewsBot
from bot.discord.commands import register
from bot.discord.embeds import render_ask
from bot.discord.replies import send_pages
from retrieval.requests import AskRequest


@register(example="/ask question: What did Corbyn's spokesman say about Syria?", order=10)
@app_commands.command(name="ask")
@app_commands.guild_only()
@app_commands.describe(
    question="What you want to know, in plain words",
    k="How many passages to show (1-25, default 5)",
    source="Only this outlet",
    since="Only articles published on or after this day (YYYY-MM-DD)",
    until="Only articles published on or before this day (YYYY-MM-DD)",
)
@app_commands.autocomplete(source=choices.sources)
@expensive()
async def ask(
    interaction: discord.Interaction[NewsBot],
    question: app_commands.Range[str, 1, 1000],
    k: app_commands.Range[int, 1, 25] = 5,
    source: str | None = None,
    since: str | None = None,
    until: str | None = None,
) -> None:
    """Find passages in our published coverage that answer a question, quoted word for word."""
    bot = interaction.client
    fields = {"query": question, "k": k, "source": source, "since": since, "until": until}
    request = bot.check(AskRequest, fields)
    await interaction.response.defer(thinking=True)
    answer = await bot.call(bot.service.answer, request)
    await send_pages(interaction, render_ask(answer))
