"""/speaker answers: a header with the counts and outlets, then one embed per story (newest
first): headline linked, the speaker's quotations in it, the outlets that carried it."""

from __future__ import annotations

import discord

from bot.discord import text as t
from bot.discord.embeds import COLOUR, Page, paginate, within_total
from bot.wording import plural
from retrieval.speaker_record import SpeakerRecord, Story

QUOTES_PER_STORY = 3
QUOTE_ROOM = 350
MAX_STORIES = 60  # 20 pages; the CLI's --json has them all


def names(record: SpeakerRecord) -> str:
    found = [m.name for m in record.speakers_matched]
    shown = ", ".join(found[:4]) + (f" and {len(found) - 4} more" if len(found) > 4 else "")
    return shown


def header(record: SpeakerRecord) -> str:
    if not record.speakers_matched:
        return f"No speaker in the archive matches “{t.fit(record.speaker, 200)}”."
    who = t.fit(names(record), 400)
    if not record.quotes:
        return t.cut(record.nothing_found(who, lambda name: t.fit(name, 200)), t.CONTENT)
    counts = (
        f"{plural(record.quotes, 'quote')} in {plural(len(record.stories), 'story', 'stories')}"
    )
    lines = [f"**{who}**: {counts}, newest first"]
    outlets = ", ".join(f"{o.source or 'no outlet'} ({o.quotes:,})" for o in record.outlets[:6])
    lines.append(f"Carried by: {t.fit(outlets, 600)}")
    if record.undated:
        lines.append(f"{plural(record.undated, 'quote')} from undated articles (not in the chart).")
    return t.cut("\n".join(lines), t.CONTENT - 40)


def story_embed(story: Story, number: int, total: int) -> discord.Embed:
    first = story.articles[0]
    embed = discord.Embed(title=t.fit(story.title or story.story_id, t.TITLE), colour=COLOUR)
    url = t.safe_url(first.url)
    if url:
        embed.url = url
    parts = []
    for q in story.quotes[:QUOTES_PER_STORY]:
        when = t.human_date(q.date) or "undated"
        parts.append(
            f"> {t.fit(q.quote, QUOTE_ROOM)}\n— {t.fit(when, 40)}, paragraph {q.paragraph}"
        )
    more = len(story.quotes) - QUOTES_PER_STORY
    if more > 0:
        parts.append(f"… and {plural(more, 'more quote', 'more quotes')} in this story")
    embed.description = t.nonblank("\n".join(parts))
    carried = ", ".join(story.outlets) or "no outlet named"
    if len(story.articles) > 1:
        carried += f" · {len(story.articles)} articles"
    embed.add_field(name="Carried by", value=t.nonblank(t.fit(carried, 500)), inline=False)
    dates = " to ".join(
        dict.fromkeys(t.human_date(d) or "" for d in (story.first_date, story.last_date) if d)
    )
    embed.set_footer(text=t.cut(f"Story {number} of {total} · {dates or 'undated'}", t.FOOTER))
    return within_total(embed)


def render_speaker(record: SpeakerRecord) -> list[Page]:
    top = header(record)
    stories = record.stories[:MAX_STORIES]
    if not stories:
        return [Page(top)]
    embeds = [story_embed(s, i, len(record.stories)) for i, s in enumerate(stories, 1)]
    pages = paginate("Stories", None, embeds)
    for page in pages:
        counter = page.content.partition(" · ")[2]
        page.content = top + (f"\n{counter}" if counter else "")
    return pages
