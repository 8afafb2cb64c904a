"""The /feedback list: one embed per 👎, newest first, every user string escaped."""

from __future__ import annotations

from datetime import datetime

import discord

from bot.discord import text as t
from bot.discord.embeds import WARN, Page, paginate
from retrieval.feedback import Feedback, FeedbackCounts

PER_PAGE_QUERY = 600


def _when(created_at: str) -> str:
    try:
        return f"<t:{int(datetime.fromisoformat(created_at).timestamp())}:f>"
    except ValueError:
        return t.fit(created_at, 40)


def feedback_embed(item: Feedback) -> discord.Embed:
    embed = discord.Embed(
        title=t.cut(f"/{item.command}", t.TITLE),
        description=t.nonblank(f"“{t.fit(item.query, PER_PAGE_QUERY)}”"),
        colour=WARN,
    )
    embed.add_field(
        name="What was wrong", value=t.nonblank(t.fit(item.comment or "", 900), "(no note)")
    )
    options = ", ".join(f"{k}: {v}" for k, v in item.options.items())
    if options:
        embed.add_field(name="Options", value=t.nonblank(t.fit(options, 300)), inline=False)
    shown = ", ".join(item.result_ids[:5]) + (" …" if len(item.result_ids) > 5 else "")
    embed.add_field(
        name=f"Results shown ({len(item.result_ids)})",
        value=t.nonblank(t.fit(shown, 600), "none"),
        inline=False,
    )
    embed.add_field(name="When", value=_when(item.created_at), inline=False)
    embed.set_footer(text=t.cut(f"rater {item.user_hash[:8]} · build {item.build or '?'}", 200))
    return embed


def render_feedback(down: list[Feedback], counts: FeedbackCounts) -> list[Page]:
    summary = f"Feedback so far: {counts.line()}"
    if not down:
        return [Page(t.cut(f"{summary}\nNo 👎 yet.", t.CONTENT))]
    pages = paginate("Latest 👎", None, [feedback_embed(item) for item in down])
    for page in pages:
        page.content = t.cut(f"{summary}\n{page.content}", t.CONTENT)
    return pages
