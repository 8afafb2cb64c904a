"""/who-said: quotes on a topic, with who said them, verbatim and attributed.

Registered only once `NewsService.who_said` exists."""

from __future__ import annotations

import discord
from discord import app_commands

from bot.discord import choices
from bot.discord.checks import expensive
from bot.discord.client import NewsBot
from bot.discord.commands import register
from bot.discord.embeds import render_quotes
from bot.discord.replies import send_pages
from retrieval.requests import WhoSaidRequest


@register(
    example="/who-said query: bombing of Aleppo speaker: Boris Johnson", needs="who_said", order=20
)
@app_commands.command(name="who-said")
@app_commands.guild_only()
@app_commands.describe(
    query="The topic of the quote, in plain words",
    speaker="Only quotes from this person",
    source="Only this outlet",
    include_affiliated="With a speaker: also quotes of those who speak for them (spokespeople)",
    since="Only articles published on or after this day (YYYY-MM-DD)",
    until="Only articles published on or before this day (YYYY-MM-DD)",
)
@app_commands.autocomplete(speaker=choices.speakers, source=choices.sources)
@expensive()
async def who_said(
    interaction: discord.Interaction[NewsBot],
    query: app_commands.Range[str, 1, 1000],
    speaker: str | None = None,
    source: str | None = None,
    since: str | None = None,
    until: str | None = None,
    include_affiliated: bool = False,
) -> None:
    """Find who said what on a topic: quotes from our coverage, with the speaker and source."""
    bot = interaction.client
    fields = {"query": query, "speaker": speaker, "source": source, "since": since, "until": until}
    request = bot.check(WhoSaidRequest, {**fields, "include_affiliated": include_affiliated})
    await interaction.response.defer(thinking=True)
    answer = await bot.call(bot.service.answer, request)
    note = answer.affiliated_note("set include_affiliated")
    await send_pages(
        interaction, render_quotes(request.query, answer.answered, answer.results, note)
    )
