"""👍/👎 under every answer, and a short "what was wrong" form after 👎.

Anyone who can see an answer may rate it (a colleague often knows it is wrong); one rating per
person per answer, the latest press wins. The buttons live as long as the answer's pager and
are switched off with it. Nothing is stored but the answer as shown (`ShownAnswer`), the
rating, the optional comment and a salted hash of the user id."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

import discord

from retrieval.feedback import ShownAnswer
from retrieval.feedback.records import DOWN, MAX_COMMENT, UP, request_fields
from retrieval.requests import Request

if TYPE_CHECKING:
    from bot.discord.client import NewsBot

log = logging.getLogger("newsbot.discord.feedback")
NO_MENTIONS = discord.AllowedMentions.none()
PREFIX = "newsbot:rate:"
THANKS = {UP: "Thanks: noted that this answer helped.", DOWN: "Thanks: noted that it did not."}
COMMENT_THANKS = "Thanks: your note is with the rating."


def shown(interaction: discord.Interaction[NewsBot], request: Request, answer: Any) -> ShownAnswer:
    """The answer to `request` as this interaction shows it, for the rating buttons."""
    archive = getattr(interaction.client.service, "_archive", None)
    build = archive.folder.name if archive is not None else None
    query, options = request_fields(request)
    return ShownAnswer.of(request.command, query, answer, interaction.guild_id, build, **options)


def is_rating(interaction: discord.Interaction) -> bool:
    data = interaction.data or {}
    return str(data.get("custom_id", "")).startswith(PREFIX)


class WhatWasWrong(discord.ui.Modal, title="What was wrong?"):
    note: discord.ui.TextInput = discord.ui.TextInput(
        label="What was wrong? (optional)",
        style=discord.TextStyle.paragraph,
        required=False,
        max_length=MAX_COMMENT,
        placeholder="Wrong speaker, an old story, the answer is in another article...",
    )

    def __init__(self, answer: ShownAnswer) -> None:
        super().__init__(custom_id=f"{PREFIX}why:{answer.answer_id}", timeout=600)
        self.answer = answer

    async def on_submit(self, interaction: discord.Interaction[NewsBot]) -> None:
        text = str(self.note.value or "").strip()
        if text:
            store = interaction.client.service.feedback
            await interaction.client.call(
                store.comment, self.answer.answer_id, interaction.user.id, text
            )
        await interaction.response.send_message(
            COMMENT_THANKS if text else THANKS[DOWN], ephemeral=True, allowed_mentions=NO_MENTIONS
        )


class RateButton(discord.ui.Button):
    def __init__(self, answer: ShownAnswer, rating: str) -> None:
        super().__init__(
            emoji="👍" if rating == UP else "👎",
            style=discord.ButtonStyle.secondary,
            custom_id=f"{PREFIX}{rating}:{answer.answer_id}",
        )
        self.answer = answer
        self.rating = rating

    async def callback(self, interaction: discord.Interaction[NewsBot]) -> None:
        store = interaction.client.service.feedback
        await interaction.client.call(store.rate, self.answer, interaction.user.id, self.rating)
        log.info("event=feedback rating=%s command=%s", self.rating, self.answer.command)
        if self.rating == DOWN:
            await interaction.response.send_modal(WhatWasWrong(self.answer))
        else:
            await interaction.response.send_message(
                THANKS[UP], ephemeral=True, allowed_mentions=NO_MENTIONS
            )


def rate_buttons(answer: ShownAnswer) -> list[RateButton]:
    return [RateButton(answer, UP), RateButton(answer, DOWN)]
