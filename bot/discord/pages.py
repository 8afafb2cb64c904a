"""Previous/Next buttons over pages of results, for the person who asked only."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

import discord

from bot.discord.embeds import Page
from bot.discord.feedback import is_rating, rate_buttons

if TYPE_CHECKING:
    from retrieval.feedback import ShownAnswer

NO_MENTIONS = discord.AllowedMentions.none()
log = logging.getLogger("newsbot.discord.pages")


class Pager(discord.ui.View):
    """Turns pages in place. After `timeout` the buttons are disabled (the message stays); an
    interaction token lasts 15 minutes, so the timeout must stay below that to edit it.

    With `rated` the answer also carries 👍/👎 (bot/discord/feedback.py), which anyone may
    press; a one-page answer then has those alone."""

    def __init__(
        self, pages: list[Page], owner_id: int, timeout: float, rated: ShownAnswer | None = None
    ) -> None:
        super().__init__(timeout=timeout)
        self.pages = pages
        self.owner_id = owner_id
        self.index = 0
        self.message: discord.InteractionMessage | discord.WebhookMessage | None = None
        self._sync_buttons()
        if len(pages) == 1:
            self.remove_item(self.previous)
            self.remove_item(self.next)
        if rated is not None:
            for button in rate_buttons(rated):
                self.add_item(button)

    def _sync_buttons(self) -> None:
        self.previous.disabled = self.index == 0
        self.next.disabled = self.index >= len(self.pages) - 1

    async def interaction_check(self, interaction: discord.Interaction) -> bool:
        if interaction.user.id == self.owner_id or is_rating(interaction):
            return True
        await interaction.response.send_message(
            "Only the person who asked can turn these pages. Ask the same question yourself "
            "to get your own copy.",
            ephemeral=True,
            allowed_mentions=NO_MENTIONS,
        )
        return False

    async def _show(self, interaction: discord.Interaction, step: int) -> None:
        self.index = max(0, min(len(self.pages) - 1, self.index + step))
        self._sync_buttons()
        page = self.pages[self.index]
        await interaction.response.edit_message(
            content=page.content, embeds=page.embeds, view=self, allowed_mentions=NO_MENTIONS
        )

    @discord.ui.button(label="Previous", style=discord.ButtonStyle.secondary)
    async def previous(self, interaction: discord.Interaction, _: discord.ui.Button) -> None:
        await self._show(interaction, -1)

    @discord.ui.button(label="Next", style=discord.ButtonStyle.primary)
    async def next(self, interaction: discord.Interaction, _: discord.ui.Button) -> None:
        await self._show(interaction, +1)

    async def on_timeout(self) -> None:
        for item in self.children:
            if isinstance(item, discord.ui.Button):
                item.disabled = True
        if self.message is None:
            return
        try:
            await self.message.edit(view=self, allowed_mentions=NO_MENTIONS)
        except discord.HTTPException as exc:  # deleted message or expired token: nothing to do
            log.info("event=pager_timeout_edit_failed status=%s", exc.status)

    async def on_error(
        self, interaction: discord.Interaction, error: Exception, item: discord.ui.Item
    ) -> None:
        log.exception("event=pager_error user=%s", interaction.user.id, exc_info=error)
