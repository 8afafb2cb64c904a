"""/speaker: everything one person said in our coverage, newest first, grouped by story,
with a chart of quotes per month above the list."""

from __future__ import annotations

import io

import discord
from discord import app_commands

from bot.discord import choices
from bot.discord.checks import expensive
from bot.discord.client import NewsBot
from bot.discord.commands import register
from bot.discord.replies import send_pages
from bot.discord.speaker_embeds import names, render_speaker
from bot.speaker_chart import quotes_per_month_png
from retrieval.requests import SpeakerRecordRequest

CHART = "quotes-per-month.png"


@register(example="/speaker name: Corbyn since: 2016-01-01", needs="speaker_record", order=27)
@app_commands.command(name="speaker")
@app_commands.guild_only()
@app_commands.describe(
    name="The person (any way the archive writes them: Corbyn, Mr Corbyn, Jeremy Corbyn)",
    source="Only this outlet",
    since="Only articles published on or after this day (YYYY-MM-DD)",
    until="Only articles published on or before this day (YYYY-MM-DD)",
)
@app_commands.autocomplete(name=choices.speakers, source=choices.sources)
@expensive()
async def speaker(
    interaction: discord.Interaction[NewsBot],
    name: app_commands.Range[str, 1, 200],
    source: str | None = None,
    since: str | None = None,
    until: str | None = None,
) -> None:
    """Everything one person said in our coverage: by story, newest first, with a chart."""
    bot = interaction.client
    fields = {"name": name, "source": source, "since": since, "until": until}
    request = bot.check(SpeakerRecordRequest, fields)
    await interaction.response.defer(thinking=True)
    record = await bot.call(bot.service.answer, request)
    title = f"Quotes per month: {names(record)}"
    chart = await bot.call(quotes_per_month_png, record.months, title[:120])
    files = [discord.File(io.BytesIO(chart), filename=CHART)] if chart else []
    await send_pages(interaction, render_speaker(record), files=files)
