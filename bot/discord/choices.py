"""Autocomplete for `source` and `speaker`: fuzzy matches from the index, at most 25."""

from __future__ import annotations

import logging
from collections.abc import Iterable
from difflib import SequenceMatcher
from typing import TYPE_CHECKING

import discord
from discord import app_commands

from bot.discord import text as t

if TYPE_CHECKING:
    from bot.discord.client import NewsBot

log = logging.getLogger("newsbot.discord.choices")


def _score(typed: str, name: str) -> float:
    """Prefix beats word-prefix beats substring beats in-order letters beats similarity."""
    typed, name = typed.casefold().strip(), name.casefold()
    if not typed:
        return 1.0
    if name.startswith(typed):
        return 5.0
    if any(word.startswith(typed) for word in name.split()):
        return 4.0
    if typed in name:
        return 3.0
    letters = iter(name)
    if all(ch in letters for ch in typed):
        return 2.0
    ratio = SequenceMatcher(None, typed, name).ratio()
    return ratio if ratio >= 0.5 else 0.0


def rank(typed: str, names: Iterable[tuple[str, int]]) -> list[str]:
    """Best matches first; ties go to the name seen more often, then alphabetical."""
    scored = [(_score(typed, name), count, name) for name, count in names]
    scored = [row for row in scored if row[0] > 0]
    scored.sort(key=lambda row: (-row[0], -row[1], row[2]))
    return [name for _, _, name in scored]


def to_choices(names: Iterable[str]) -> list[app_commands.Choice[str]]:
    choices = []
    for name in names:
        # The value must come back exactly to filter on it; one longer than Discord allows
        # cannot, so it is left out rather than silently changed.
        if not name.strip() or len(name) > t.CHOICE_VALUE:
            continue
        choices.append(app_commands.Choice(name=t.cut(name, t.CHOICE_NAME), value=name))
        if len(choices) == t.CHOICES:
            break
    return choices


async def sources(
    interaction: discord.Interaction[NewsBot], current: str
) -> list[app_commands.Choice[str]]:
    names = await interaction.client.call(interaction.client.service.sources)
    return to_choices(rank(current, [(name, 0) for name in names]))


async def speakers(
    interaction: discord.Interaction[NewsBot], current: str
) -> list[app_commands.Choice[str]]:
    service = interaction.client.service
    current = current[: t.CHOICE_VALUE]  # a longer name could not be a choice anyway

    def gather() -> list[tuple[str, int]]:
        # The handler matches by prefix; topping up from the full list lets a misspelt or
        # partial name still find its speaker.
        found = dict(service.speakers(current))  # type: ignore[attr-defined]
        if len(found) < t.CHOICES:
            found.update(dict(service.speakers("")))  # type: ignore[attr-defined]
        return list(found.items())

    return to_choices(rank(current, await interaction.client.call(gather)))
