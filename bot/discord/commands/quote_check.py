"""/quote-check: did we publish this quotation, word for word, altered, or in other words,
and did we attribute it to the person named?"""

from __future__ import annotations

import discord
from discord import app_commands

from bot.discord import choices
from bot.discord.checks import expensive
from bot.discord.client import NewsBot
from bot.discord.commands import register
from bot.discord.feedback import shown
from bot.discord.quote_check_embeds import render_quote_check
from bot.discord.replies import send_pages
from retrieval.requests import QuoteCheckRequest


@register(
    example="/quote-check words: More bombing in Syria will never solve the problem "
    "speaker: Corbyn",
    needs="quote_check",
    order=25,
)
@app_commands.command(name="quote-check")
@app_commands.guild_only()
@app_commands.describe(
    words="The quotation, as remembered or as another outlet printed it",
    speaker="Who it is attributed to: checked against our archive",
)
@app_commands.autocomplete(speaker=choices.speakers)
@expensive()
async def quote_check(
    interaction: discord.Interaction[NewsBot],
    words: app_commands.Range[str, 1, 1000],
    speaker: str | None = None,
) -> None:
    """Check a quotation against our coverage: exact, altered (what changed), paraphrase, or not."""
    bot = interaction.client
    request = bot.check(QuoteCheckRequest, {"words": words, "speaker": speaker})
    await interaction.response.defer(thinking=True)
    answer = await bot.call(bot.service.answer, request)
    rated = shown(interaction, request, answer)
    await send_pages(interaction, render_quote_check(answer), rated)
