"""Pure renderers: handler results in, pages of `discord.Embed` out, every limit respected.

Each result is one embed with the same shape, so a reporter always finds things in the same
place: the verbatim text as the body (a quote opens with the speaker in bold), the attribution
in a "Source" field (headline linked to the article, outlet, date, paragraph), and the
position and match score in the footer."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

import discord

from bot.discord import text as t
from bot.discord.reload_schedule import ReloadSchedule, ScheduledRun
from bot.durations import describe
from bot.quote_context import framing
from bot.wording import lacking, plural
from retrieval.answers import AskAnswer, Citation, QuoteResult, Stats
from retrieval.feedback import FeedbackCounts
from retrieval.index.builder import BuildReport

COLOUR = discord.Colour.from_rgb(40, 110, 170)
WARN = discord.Colour.from_rgb(200, 140, 30)
FAIL = discord.Colour.from_rgb(190, 50, 50)

# Room for one body: long enough for any real paragraph, short enough that two or three
# results share a page under the 6,000-character message total.
BODY = 1800
RESULTS_PER_PAGE = 3
NO_ANSWER = "The archive has no confident answer to"


@dataclass
class Page:
    content: str
    embeds: list[discord.Embed] = field(default_factory=list)


def attribution(item: Citation) -> str:
    """Headline (linked), outlet, date, paragraph: one line, escaped, within a field value."""
    tail = [t.fit(item.source, 200), t.fit(t.human_date(item.date), 60)]
    tail.append(f"paragraph {item.paragraph}")
    suffix = " · ".join(part for part in tail if part)
    room = t.FIELD_VALUE - len(suffix) - 1
    return f"{t.link(item.title or item.article_id, item.url, room)}\n{suffix}"


def result_embed(body: str, item: Citation, footer: str) -> discord.Embed:
    embed = discord.Embed(description=t.nonblank(body), colour=COLOUR)
    embed.add_field(name="Source", value=t.nonblank(attribution(item)), inline=False)
    embed.set_footer(text=t.cut(footer, t.FOOTER))
    return embed


def passage_body(text: str) -> str:
    # ">>> " quotes the whole rest of the description: the passage reads as quoted material.
    return ">>> " + t.fit(text, BODY)


def quote_body(speaker: str | None, quote: str, speaking_for: str | None = None) -> str:
    """The speaker in bold, labelled when found as speaking for the speaker asked for."""
    who = t.fit(speaker or "Unattributed", 100)
    label = f" (speaking for {t.fit(speaking_for, 100)})" if speaking_for else ""
    return f"**{who}**{label}\n>>> {t.fit(quote, BODY)}"


def header(kind: str, query: str | None, page: int, pages: int) -> str:
    label = f"{kind} for “{t.fit(query, 300)}”" if query else kind
    counter = f" · page {page} of {pages}" if pages > 1 else ""
    return t.cut(label, t.CONTENT - len(counter)) + counter


def paginate(kind: str, query: str | None, embeds: Sequence[discord.Embed]) -> list[Page]:
    """Pack embeds into pages: at most RESULTS_PER_PAGE each and under every message limit."""
    groups: list[list[discord.Embed]] = []
    size = 0
    for embed in embeds:
        if (
            not groups
            or len(groups[-1]) >= min(RESULTS_PER_PAGE, t.EMBEDS_PER_MESSAGE)
            or size + len(embed) > t.EMBED_TOTAL
        ):
            groups.append([])
            size = 0
        groups[-1].append(embed)
        size += len(embed)
    total = len(groups)
    return [Page(header(kind, query, i, total), group) for i, group in enumerate(groups, 1)]


def no_answer(query: str, reason: str | None = None) -> list[Page]:
    advice = reason or "Try other words, another outlet, or a wider date range."
    message = f"{NO_ANSWER} “{t.fit(query, 500)}”. {advice}"
    return [Page(t.cut(message, t.CONTENT))]


def render_ask(answer: AskAnswer) -> list[Page]:
    if not answer.answered or not answer.results:
        reason = lacking(answer.missing_kind) if answer.missing_kind else None
        return no_answer(answer.query, reason)
    count = len(answer.results)
    embeds = [
        result_embed(passage_body(r.text), r, f"Passage {i} of {count} · match {r.score:.2f}")
        for i, r in enumerate(answer.results, 1)
    ]
    return paginate("Passages", answer.query, embeds)


def render_quotes(
    query: str, answered: bool, results: Iterable[QuoteResult], note: str | None = None
) -> list[Page]:
    """Quotes from `who_said`, each with its speaker, its source and what its context adds;
    `note` is said instead of "no answer" when there is none (see `affiliated_note`)."""
    items = list(results)
    if note and not items:
        return [Page(t.fit(note, t.CONTENT))]
    if not answered or not items:
        return no_answer(query)
    embeds = []
    for i, r in enumerate(items, 1):
        speaking_for = r.affiliation if getattr(r, "affiliated", False) else None
        body = quote_body(r.speaker, r.quote, speaking_for)
        embed = result_embed(body, r, f"Quote {i} of {len(items)}")
        # Under Source, laid out like it: the sentence that introduced the quote, when it
        # says more than who spoke.
        context = framing(r)
        if context:
            embed.add_field(name="Context", value=t.nonblank(t.fit(context, 600)), inline=False)
        embeds.append(embed)
    return paginate("Quotes", query, embeds)


def render_summary(label: str, answered: bool, sentences: Iterable[Any]) -> list[Page]:
    """A summary: one embed per sentence, each cited like a passage."""
    items = list(sentences)
    if not answered or not items:
        return no_answer(label)
    embeds = [
        result_embed(summary_body(s), s, f"Sentence {i} of {len(items)}")
        for i, s in enumerate(items, 1)
    ]
    return paginate("Summary", label, embeds)


def summary_body(sentence: Any) -> str:
    """A summary sentence with the quote marks it was cut from; quoted words name the speaker."""
    text = getattr(sentence, "display", None) or sentence.text
    if not getattr(sentence, "quoted", False):
        return passage_body(text)
    who = t.fit(getattr(sentence, "speaker", None) or "an unnamed speaker", 100)
    return f"*Quoting {who}*\n>>> {t.fit(text, BODY)}"


def render_stats(
    stats: Stats,
    last_reload: BuildReport | None,
    schedule: ReloadSchedule | None = None,
    feedback: FeedbackCounts | None = None,
) -> discord.Embed:
    embed = discord.Embed(title="What the archive holds", colour=COLOUR)
    embed.add_field(name="Articles", value=f"{stats.articles:,}")
    embed.add_field(name="Passages", value=f"{stats.passages:,}")
    embed.add_field(name="Quotes", value=f"{stats.quotes:,}")
    outlets = ", ".join(f"{name or '(no outlet)'} ({n:,})" for name, n in stats.sources.items())
    embed.add_field(name="Sources", value=t.nonblank(t.fit(outlets, t.FIELD_VALUE)), inline=False)
    first, last = (t.fit(t.human_date(d), 100) for d in (stats.first_date, stats.last_date))
    embed.add_field(name="Dates", value=f"{first or '?'} to {last or '?'}", inline=False)
    if last_reload is None:
        reload_line = f"none since the bot started; index built {t.fit(stats.built_at, 100)}"
    else:
        reload_line = f"{changes(last_reload)}, in {last_reload.seconds:.1f}s"
    embed.add_field(name="Last reload", value=t.nonblank(reload_line), inline=False)
    if schedule is not None:
        embed.add_field(name="Scheduled reloads", value=scheduled(schedule), inline=False)
    if feedback is not None:
        embed.add_field(name="Feedback on answers", value=feedback.line(), inline=False)
    return within_total(embed)


def scheduled(schedule: ReloadSchedule) -> str:
    """How often, when next (a Discord timestamp: each reader sees it in their own time zone),
    and what the latest runs did, newest first."""
    when = f"<t:{int(schedule.next_at)}:R>" if schedule.next_at else "now"
    lines = [f"every {describe(schedule.every)} · next {when}"]
    for run in reversed(schedule.runs):
        lines.append(f"<t:{int(run.started)}:f> · {scheduled_run(run)}")
    return t.cut("\n".join(lines), t.FIELD_VALUE)


def scheduled_run(run: ScheduledRun) -> str:
    if run.outcome == "busy":
        return "skipped: a reload was already running"
    if run.outcome == "failed":
        return "failed, the previous index kept serving: " + t.fit(run.reason, 200)
    if run.outcome == "unchanged":
        text = "nothing new"
    else:
        added = f"{len(run.added):,} added"
        if run.added:
            added += " (" + t.fit(", ".join(run.added), 160) + ")"
        text = f"{added}, {run.updated:,} updated, {run.removed:,} removed"
    if run.problems:
        text += f" · {run.problems:,} inputs skipped"
    return text


def changes(report: BuildReport) -> str:
    return (
        f"{len(report.added):,} added, {len(report.updated):,} updated, "
        f"{len(report.removed):,} removed"
    )


def render_reload(report: BuildReport) -> discord.Embed:
    embed = discord.Embed(title="Index reloaded", colour=COLOUR)
    embed.description = (
        f"{changes(report)} in {report.seconds:.1f}s. Now serving "
        f"{plural(report.articles, 'article')}, {plural(report.passages, 'passage')}."
    )
    for name, ids in (("Added", report.added), ("Updated", report.updated)):
        if ids:
            value = t.nonblank(t.fit(", ".join(ids), t.FIELD_VALUE))
            embed.add_field(name=name, value=value, inline=False)
    if report.problems:
        lines = "\n".join(str(p) for p in report.problems[:10])
        embed.add_field(
            name=f"Skipped {plural(len(report.problems), 'input')}",
            value=t.nonblank(t.fit(lines, t.FIELD_VALUE)),
            inline=False,
        )
    return within_total(embed)


def render_reload_failed(reason: str) -> discord.Embed:
    return discord.Embed(
        title="Reload failed: the previous index is still serving",
        description=t.nonblank(t.fit(reason, 1000)),
        colour=FAIL,
    )


def render_help(entries: Iterable[tuple[str, str, str]]) -> discord.Embed:
    """`entries`: (name, description, example) for each command."""
    embed = discord.Embed(
        title="What I can do",
        description="I answer from our own published coverage and quote it word for word.",
        colour=COLOUR,
    )
    for name, description, example in list(entries)[:25]:
        value = t.cut(f"{description}\ne.g. `{example}`", 200)
        embed.add_field(name=t.cut(f"/{name}", 40), value=value, inline=False)
    return within_total(embed)


def within_total(embed: discord.Embed) -> discord.Embed:
    """Drop trailing fields until the embed fits Discord's 6,000-character total."""
    while len(embed) > t.EMBED_TOTAL and embed.fields:
        embed.remove_field(len(embed.fields) - 1)
    return embed
