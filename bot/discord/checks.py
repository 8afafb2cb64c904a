"""Who may run what: the moderator check behind /reload, and the per-user cooldown."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, TypeVar

import discord
from discord import app_commands

if TYPE_CHECKING:
    from bot.discord.client import NewsBot

T = TypeVar("T")


class NotModerator(app_commands.CheckFailure):
    """Raised for a member without Manage Server or a moderator role."""


def is_moderator(interaction: discord.Interaction[NewsBot]) -> bool:
    # Discord resolves the member's permissions in this channel and sends them with the
    # interaction, so this holds even when the guild's roles are not cached.
    perms = interaction.permissions
    if perms.manage_guild or perms.administrator:
        return True
    allowed = set(interaction.client.settings.moderator_role_ids)
    user = interaction.user
    return isinstance(user, discord.Member) and any(role.id in allowed for role in user.roles)


def moderators_only() -> Callable[[T], T]:
    """Default permissions hide the command; this check enforces it even if a server admin
    overrides them in Integrations settings."""

    def predicate(interaction: discord.Interaction[NewsBot]) -> bool:
        if not is_moderator(interaction):
            raise NotModerator(
                "Only moderators can do that: you need Manage Server or a moderator role."
            )
        return True

    return app_commands.check(predicate)


def _cooldown(interaction: discord.Interaction[NewsBot]) -> app_commands.Cooldown | None:
    seconds = interaction.client.settings.cooldown_seconds
    return app_commands.Cooldown(1, seconds) if seconds > 0 else None


def expensive() -> Callable[[T], T]:
    """One use per user per `cooldown_seconds` (settings), read each time so it can change."""
    return app_commands.checks.dynamic_cooldown(_cooldown, key=lambda i: i.user.id)
