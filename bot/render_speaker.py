"""A speaker's record in the terminal: counts, quotes per month as bars, then each story
(newest first) with its quotations."""

from __future__ import annotations

from rich.console import Group, RenderableType
from rich.markup import escape
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from bot.wording import plural
from retrieval.speaker_record import SpeakerRecord

BAR_WIDTH = 40


def render_speaker(record: SpeakerRecord) -> RenderableType:
    if not record.speakers_matched:
        return Text(f"No speaker in the archive matches {record.speaker!r}.", style="yellow")
    who = ", ".join(m.name for m in record.speakers_matched)
    if not record.quotes:
        return Text(record.nothing_found(who), style="yellow")
    parts: list[RenderableType] = [
        Text.from_markup(
            f"[bold]{escape(who)}[/]: {plural(record.quotes, 'quote')} in "
            f"{plural(len(record.stories), 'story', 'stories')}, newest first"
        ),
        Text(
            "Carried by: "
            + ", ".join(f"{o.source or '(no outlet)'} ({o.quotes})" for o in record.outlets)
        ),
    ]
    if record.months:
        most = max(m.quotes for m in record.months) or 1
        table = Table(show_header=False, box=None, padding=(0, 1))
        for m in record.months:
            table.add_row(m.month, str(m.quotes), "█" * round(BAR_WIDTH * m.quotes / most))
        parts.append(table)
    if record.undated:
        parts.append(Text(f"{plural(record.undated, 'quote')} from undated articles.", style="dim"))
    for story in record.stories:
        dates = " to ".join(dict.fromkeys(d for d in (story.first_date, story.last_date) if d))
        lines: list[RenderableType] = [
            Text(f"“{q.quote}” ({q.date or 'undated'}, ¶{q.paragraph})") for q in story.quotes
        ]
        lines.append(Text(f"{', '.join(story.outlets) or '(no outlet)'} · {dates or 'undated'}"))
        parts.append(Panel(Group(*lines), title=escape(story.title), title_align="left"))
    return Group(*parts)
