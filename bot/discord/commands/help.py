"""/help: what each command does, with an example."""

from __future__ import annotations

import discord
from discord import app_commands

from bot.discord.client import NewsBot
from bot.discord.commands import register
from bot.discord.embeds import render_help
from bot.discord.pages import NO_MENTIONS


@register(example="/help", order=90)
@app_commands.command(name="help")
@app_commands.guild_only()
async def help_(interaction: discord.Interaction[NewsBot]) -> None:
    """What each command does, with an example."""
    specs = sorted(interaction.client.specs, key=lambda spec: (spec.order, spec.command.name))
    entries = [(s.command.name, s.command.description, s.example) for s in specs]
    await interaction.response.send_message(
        embed=render_help(entries), ephemeral=True, allowed_mentions=NO_MENTIONS
    )
